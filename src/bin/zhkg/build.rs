//! `zhkg build`: read the inputs, extract every document on the worker threads, merge, export.
//!
//! JSON Lines files are read a block of lines at a time into reused buffers (see
//! [`JsonlBlocks`]), the next block while this one is extracted in parallel: a corpus of any size
//! is never all in memory, and its bytes land in memory already in use instead of in fresh pages
//! the kernel must clear first. Every worker keeps one graph across all blocks and adds each
//! document's facts straight into it (no graph of the document's own is made and merged); the
//! workers' graphs are merged once at the end. Adding and merging are associative and
//! order-independent and every export sorts by id, so the output never depends on the number of
//! threads or the size of the blocks.

use std::process::ExitCode;
use std::sync::{Mutex, PoisonError};

use zhkg::document::{read_source, Document, JsonlBlock, JsonlBlocks, JsonlRecord, Source};
use zhkg::KnowledgeGraph;

use crate::{finish, pipeline, progress, BuildArgs};

/// An input opened: documents read, or a JSON Lines file to be read in blocks.
enum Input {
    Docs(Vec<Document>),
    Jsonl(JsonlBlocks),
}

/// One document to process.
enum Work<'a> {
    Doc(&'a Document),
    Record(&'a JsonlBlock, JsonlRecord),
}

/// What a worker has done: its graph, the documents it read, and the failures with the index of
/// their input (to report them in input order).
#[derive(Default)]
struct Part {
    graph: KnowledgeGraph,
    docs: usize,
    errors: Vec<(usize, zhkg::Error)>,
}

impl Part {
    /// The two parts as one: the smaller graph goes into the larger (the same result, less to move).
    fn join(mut self, mut other: Part) -> Part {
        if self.graph.node_count() < other.graph.node_count() {
            std::mem::swap(&mut self.graph, &mut other.graph);
        }
        self.graph.merge_owned(other.graph);
        self.docs += other.docs;
        self.errors.extend(other.errors);
        self
    }
}

/// A worker's part behind its lock, on cache lines of its own: each document writes its
/// worker's lock and counters, and side by side in one vector the end of one slot shared a line
/// with the start of the next.
#[derive(Default)]
#[repr(align(128))]
struct Slot(Mutex<Part>);

/// Opens every input: text files and directories are read, JSON Lines files opened.
fn open(args: &BuildArgs) -> (Vec<Input>, usize) {
    let mut failures = 0usize;
    let mut inputs = Vec::new();
    for input in &args.inputs {
        let (opened, errors) = match Source::from_arg(input) {
            Source::Jsonl(p) => match JsonlBlocks::open(&p) {
                Ok(b) => (Input::Jsonl(b), Vec::new()),
                Err(e) => (Input::Docs(Vec::new()), vec![e]),
            },
            source => {
                let (docs, errors): (Vec<_>, Vec<_>) =
                    read_source(&source).into_iter().partition(Result::is_ok);
                (
                    Input::Docs(docs.into_iter().flatten().collect()),
                    errors.into_iter().filter_map(Result::err).collect(),
                )
            }
        };
        for e in errors {
            eprintln!("zhkg: error: {e}");
            failures += 1;
        }
        inputs.push(opened);
    }
    (inputs, failures)
}

pub(crate) fn build(args: &BuildArgs) -> ExitCode {
    let mut timer = Timer::new(args.timings);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build();
    let pool = match pool {
        Ok(p) => p,
        Err(e) => {
            eprintln!("zhkg: error: cannot start worker threads: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The lexicons compile while the inputs are opened and the first block of the first JSON
    // Lines file is read (see `beside`), as every next block is read while one is extracted.
    let compile = || std::panic::catch_unwind(|| pipeline(&args.lexicon));
    let open_and_read = || {
        let (mut inputs, failures) = open(args);
        let first = match inputs.first_mut() {
            Some(Input::Jsonl(blocks)) => Some(blocks.next_block()),
            _ => None,
        };
        (inputs, failures, first)
    };
    let (built, (mut inputs, mut failures, mut first)) = beside(&pool, compile, open_and_read);
    timer.mark("open inputs and compile lexicons");
    let pipeline = match built {
        Some(Ok(Ok(p))) => p,
        Some(Ok(Err(e))) => {
            eprintln!("zhkg: error: {e}");
            return ExitCode::FAILURE;
        }
        Some(Err(_)) | None => {
            eprintln!("zhkg: error: internal error while compiling the lexicons");
            return ExitCode::FAILURE;
        }
    };
    let total: u64 = inputs
        .iter()
        .map(|i| match i {
            Input::Docs(docs) => docs.iter().map(|d| d.text.len() as u64).sum(),
            Input::Jsonl(b) => b.size(),
        })
        .sum();
    let progress = progress::Progress::new(total, args.out.quiet);
    let slots: Vec<Slot> = (0..pool.current_num_threads()).map(|_| Slot::default()).collect();
    // Runs on the pool. A block's stories are handed out at most 32 at a time: left to itself,
    // rayon cuts a block into a few long runs when the other worker is busy, and the worker that
    // ends its share first waits for the other's run to finish, some 5-10 ms a block with two
    // workers (the time each worker spent on stories, against the block's). 32 stories take
    // about 0.8 ms.
    let run = |work: &[Work], base: usize| {
        use rayon::prelude::*;
        work.par_iter().with_max_len(32).enumerate().for_each(|(i, w)| {
            // Each worker has a slot of its own (the pool has at least one), so its lock is never
            // waited for. A document is read outside the lock and added under it.
            let slot = &slots[rayon::current_thread_index().unwrap_or(0).min(slots.len() - 1)];
            let lock = || slot.0.lock().unwrap_or_else(PoisonError::into_inner);
            let (doc, bytes) = match w {
                Work::Doc(d) => (Ok(std::borrow::Cow::Borrowed(*d)), d.text.len() as u64),
                Work::Record(block, r) => (block.parse(*r).map(std::borrow::Cow::Owned), r.len() as u64 + 1),
            };
            let done = doc.and_then(|doc| {
                let facts = pipeline.try_read(&doc)?;
                let mut part = lock();
                facts.try_add_to(&mut part.graph)?;
                part.docs += 1;
                Ok(())
            });
            if let Err(e) = done {
                lock().errors.push((base + i, e));
            }
            progress.inc(bytes);
        })
    };
    // Inputs in order, each JSON Lines file a block at a time, the next block read while this one
    // is processed; `base` numbers the work items so that failures are reported in input order.
    let mut base = 0;
    let mut unread = Vec::new();
    for input in &mut inputs {
        match input {
            Input::Docs(docs) => {
                let work: Vec<Work> = docs.iter().map(Work::Doc).collect();
                pool.install(|| run(&work, base));
                base += work.len();
            }
            Input::Jsonl(blocks) => {
                // The first input's first block was read beside the lexicons' start-up.
                let mut next = first.take().unwrap_or_else(|| blocks.next_block());
                while let Some(read) = next {
                    // A block that cannot be read or decoded (a whole file's, UTF-16) is one
                    // failure, numbered in order; a line that cannot be decoded is its record's.
                    let block = match read {
                        Ok(block) => block,
                        Err(e) => {
                            unread.push((base, e));
                            base += 1;
                            next = blocks.next_block();
                            continue;
                        }
                    };
                    next = match block.records() {
                        Ok(records) => {
                            let work: Vec<Work> = records.iter().map(|&r| Work::Record(&block, r)).collect();
                            let start = base;
                            base += work.len();
                            beside(&pool, || run(&work, start), || blocks.next_block()).1
                        }
                        Err(e) => {
                            unread.push((base, e));
                            base += 1;
                            blocks.next_block()
                        }
                    };
                    blocks.recycle(block);
                }
            }
        }
    }
    timer.mark("read and extract");
    let parts = slots.into_iter().map(|s| s.0.into_inner().unwrap_or_else(PoisonError::into_inner));
    let Part { graph, docs, mut errors } = pool.install(|| {
        use rayon::prelude::*;
        parts.collect::<Vec<_>>().into_par_iter().reduce(Part::default, Part::join)
    });
    progress.finish();
    timer.mark("merge the threads' graphs");
    errors.extend(unread);
    errors.sort_by_key(|(i, _)| *i);
    for (_, e) in &errors {
        eprintln!("zhkg: error: {e}");
    }
    failures += errors.len();
    if args.strict && failures > 0 {
        eprintln!("zhkg: error: {failures} inputs failed and --strict is set: nothing written");
        return ExitCode::FAILURE;
    }
    // Exports run on the same workers: `--threads 1` means one thread throughout.
    let status = pool.install(|| finish(&args.out, &graph, docs, failures));
    timer.mark("export and write");
    timer.report();
    // The process ends here: the graph and the inputs (hundreds of thousands of allocations) are
    // left to the operating system rather than freed one by one, which took 5 to 14 ms.
    std::mem::forget(inputs);
    std::mem::forget(graph);
    status
}

/// Runs `work` on the pool and `read` beside it; `work`'s result is `None` only if it never ran.
///
/// With one worker, `read` runs on this thread while the worker does `work`: before, both ran on
/// the one worker, one after the other, and reading the corpus's blocks (copying them in, finding
/// their lines) waited for extraction and extraction for it (one thread: 0.981 of the wall time,
/// 16 alternating pairs). With two workers or more both run on the pool (`rayon::join`, the
/// reader's worker helping with `work` when done): a third thread reading beside two busy
/// workers made the job slower (1.018–1.036, 32 pairs).
fn beside<RA: Send, RB: Send>(
    pool: &rayon::ThreadPool,
    work: impl FnOnce() -> RA + Send,
    read: impl FnOnce() -> RB + Send,
) -> (Option<RA>, RB) {
    if pool.current_num_threads() > 1 {
        let (a, b) = pool.install(|| rayon::join(work, read));
        return (Some(a), b);
    }
    let mut done = None;
    let b = pool.in_place_scope(|s| {
        s.spawn(|_| done = Some(work()));
        read()
    });
    (done, b)
}

/// Phase timings for `--timings`.
struct Timer {
    on: bool,
    last: std::time::Instant,
    phases: Vec<(&'static str, std::time::Duration)>,
}

impl Timer {
    fn new(on: bool) -> Self {
        Timer { on, last: std::time::Instant::now(), phases: Vec::new() }
    }

    fn mark(&mut self, phase: &'static str) {
        let now = std::time::Instant::now();
        self.phases.push((phase, now - self.last));
        self.last = now;
    }

    fn report(&self) {
        if !self.on {
            return;
        }
        let total: std::time::Duration = self.phases.iter().map(|p| p.1).sum();
        for (phase, d) in &self.phases {
            eprintln!("zhkg: timing: {:>7.3} s  {phase}", d.as_secs_f64());
        }
        eprintln!("zhkg: timing: {:>7.3} s  total", total.as_secs_f64());
    }
}
