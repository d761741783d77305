//! The `zhkg` command: `build` a graph from reports and write its exports, `query` a graph.

mod alloc;
mod build;
mod progress;
mod query;
mod replace;
mod stream;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use zhkg::{KnowledgeGraph, Pipeline};

#[derive(Parser)]
#[command(
    name = "zhkg",
    version,
    about = "Chinese official news → knowledge graph of who presided over, spoke at or attended which event"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a graph from report texts and write its exports (any combination, one pass).
    Build(BuildArgs),
    /// Ask a graph (a JSON export): events of a person, participants of an event, who appeared with whom.
    Query(query::QueryArgs),
    /// Read JSON Lines documents on stdin, write one partial graph (JSON) per line on stdout, in constant memory.
    Extract(ExtractArgs),
    /// Combine partial graphs (from `extract`) and full graphs (JSON exports) into one.
    Merge(MergeArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum ClusterArg {
    None,
    Event,
    District,
}

#[derive(Clone, Copy, ValueEnum)]
enum LayoutArg {
    Dot,
    Neato,
    Sfdp,
}

#[derive(clap::Args)]
struct BuildArgs {
    /// Inputs: text files, directories of .txt files, .jsonl files of {"id","text","date"?,"title"?}, or - for stdin.
    #[arg(default_value = "-")]
    inputs: Vec<String>,
    /// Add the words of a TOML lexicon (keys: titles, institutions, districts, names); repeatable.
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Make any unreadable input fatal: report it and write nothing (by default the other inputs are
    /// still processed and written, and the exit status is 1).
    #[arg(long)]
    strict: bool,
    /// Worker threads (default: all cores). The output is the same whatever the number.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Print the wall-clock time of each phase (read, extract, export) on stderr.
    #[arg(long)]
    timings: bool,
    #[command(flatten)]
    out: OutputArgs,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Add the words of a TOML lexicon; repeatable.
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct MergeArgs {
    /// Graphs to merge: JSON exports, or JSON Lines of partial graphs from `zhkg extract`; - or none for stdin.
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    out: OutputArgs,
}

#[derive(clap::Args)]
struct OutputArgs {
    /// Write node-link JSON (schema zhkg/1) here.
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// Write GraphML (Gephi, yEd, Cytoscape, networkx, igraph) here.
    #[arg(long, value_name = "PATH")]
    graphml: Option<PathBuf>,
    /// Write Neo4j import files (nodes_<kind>.csv, relationships.csv, import.cypher) into this directory.
    #[arg(long, value_name = "DIR")]
    neo4j: Option<PathBuf>,
    /// Write one JSON object per edge (pandas read_json(lines=True), Spark) here.
    #[arg(long, value_name = "PATH")]
    edges_jsonl: Option<PathBuf>,
    /// Write Graphviz DOT here.
    #[arg(long, value_name = "PATH")]
    dot: Option<PathBuf>,
    /// Render SVG here through Graphviz `dot`.
    #[arg(long, value_name = "PATH")]
    svg: Option<PathBuf>,
    /// Render PNG here through Graphviz `dot`.
    #[arg(long, value_name = "PATH")]
    png: Option<PathBuf>,
    /// Clusters in DOT/SVG/PNG.
    #[arg(long, value_enum, default_value = "none")]
    cluster: ClusterArg,
    /// Graphviz layout engine for SVG/PNG.
    #[arg(long, value_enum, default_value = "dot")]
    layout: LayoutArg,
    /// Draw only the neighbourhood of this person, event or other node (by name or id) in DOT/SVG/PNG.
    #[arg(long, value_name = "NAME")]
    focus: Option<String>,
    /// Steps from --focus to draw.
    #[arg(long, default_value_t = 2)]
    depth: usize,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
    /// Flush each output to disk (fsync) before it replaces the old file, and its directory after:
    /// the new file survives a crash of the machine right after the run, at the cost of waiting
    /// for the disk. Without it an interrupted run still never leaves half a file.
    #[arg(long)]
    sync: bool,
}

/// Writes `bytes` to a temporary file beside `path`, then puts it in place (see `replace`): an
/// interrupted run leaves the previous file, never half a file. With `sync` the file is flushed to
/// disk before the swap (as `gzip --synchronous` does; off by default, as in gzip, cp and sort).
///
/// A path that names something other than a file or a directory (`/dev/null`, `/dev/stdout`, a
/// named pipe) is written into as it is: replacing it would put a file in place of the device or
/// pipe. A symbolic link is followed, and the file it names is replaced, so the link stays.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8], sync: bool) -> Result<(), String> {
    write_atomic_with(path, sync, |f| f.write_all(bytes))
}

/// [`write_atomic`], with what `write` writes into the temporary file.
fn write_atomic_with(
    path: &Path,
    sync: bool,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    // `metadata` follows links: what the path names in the end.
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => {
            let mut f = std::fs::OpenOptions::new().write(true).open(path).map_err(failed)?;
            return write(&mut f).map_err(failed);
        }
        Ok(m) if m.is_file() && std::fs::symlink_metadata(path).is_ok_and(|l| l.file_type().is_symlink()) => {
            let target = std::fs::canonicalize(path).map_err(failed)?;
            return write_atomic_with(&target, sync, write);
        }
        _ => {}
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let tmp = dir.join(format!(".{name}.zhkg-tmp-{}", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| write(&mut f).and_then(|_| if sync { f.sync_all() } else { Ok(()) }))
        .and_then(|_| replace::replace(&tmp, path))
        .map(|warning| warning.into_iter().for_each(|w| eprintln!("zhkg: warning: {w}")))
        // The swap or rename itself is on disk once the directory is (where a directory can be opened).
        .and_then(|_| match sync.then(|| std::fs::File::open(dir).ok()).flatten() {
            Some(d) => d.sync_all(),
            None => Ok(()),
        });
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}: {e}", path.display())
    })
}

fn pipeline(lexicons: &[PathBuf]) -> Result<Pipeline, String> {
    if lexicons.is_empty() {
        return Ok(Pipeline::new());
    }
    let mut b = zhkg::Lexicon::builder();
    for p in lexicons {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        b.toml(&text).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    b.build().map(Pipeline::with_lexicon).map_err(|e| e.to_string())
}

/// One output: its bytes, or `None` for the JSON export, the largest, which is printed straight
/// into its file when written (no copy of it is made in memory); or why it could not be made.
type Output = Result<Option<Vec<u8>>, String>;

/// Every output asked for; a failure is reported and the others still written.
fn outputs(args: &OutputArgs, graph: &KnowledgeGraph) -> Vec<(PathBuf, Output)> {
    let mut out: Vec<(PathBuf, Result<Vec<u8>, String>)> = Vec::new();
    let e = |e: zhkg::Error| e.to_string();
    if let Some(p) = &args.graphml {
        out.push((p.clone(), Ok(zhkg::export::graphml::to_graphml(graph).into_bytes())));
    }
    if let Some(p) = &args.edges_jsonl {
        let mut buf = Vec::new();
        out.push((
            p.clone(),
            zhkg::export::edges::write_edges_jsonl(graph, &mut buf).map(|_| buf).map_err(e),
        ));
    }
    if let Some(dir) = &args.neo4j {
        match zhkg::export::neo4j::neo4j_files(graph) {
            Ok(files) => out.extend(files.into_iter().map(|(name, bytes)| (dir.join(name), Ok(bytes)))),
            Err(err) => out.push((dir.clone(), Err(err.to_string()))),
        }
    }
    out.extend(pictures(args, graph));
    let json = args.json.iter().map(|p| (p.clone(), Ok(None)));
    json.chain(out.into_iter().map(|(p, bytes)| (p, bytes.map(Some)))).collect()
}

/// The DOT, SVG and PNG outputs asked for.
#[cfg(feature = "render")]
fn pictures(args: &OutputArgs, graph: &KnowledgeGraph) -> Vec<(PathBuf, Result<Vec<u8>, String>)> {
    use zhkg::export::dot::{Cluster, DotOptions, ImageFormat, LayoutEngine};
    let mut out = Vec::new();
    if args.dot.is_none() && args.svg.is_none() && args.png.is_none() {
        return out;
    }
    let focused;
    let drawn = match &args.focus {
        Some(name) => {
            focused = graph.neighbourhood(name, args.depth);
            &focused
        }
        None => graph,
    };
    let opts = DotOptions {
        cluster: match args.cluster {
            ClusterArg::None => Cluster::None,
            ClusterArg::Event => Cluster::Event,
            ClusterArg::District => Cluster::District,
        },
        layout: match args.layout {
            LayoutArg::Dot => LayoutEngine::Dot,
            LayoutArg::Neato => LayoutEngine::Neato,
            LayoutArg::Sfdp => LayoutEngine::Sfdp,
        },
    };
    if let Some(p) = &args.dot {
        out.push((p.clone(), Ok(zhkg::export::dot::to_dot_with(drawn, &opts).into_bytes())));
    }
    for (p, fmt) in [(&args.svg, ImageFormat::Svg), (&args.png, ImageFormat::Png)] {
        if let Some(p) = p {
            out.push((
                p.clone(),
                zhkg::export::dot::render_with(drawn, fmt, &opts).map_err(|e| e.to_string()),
            ));
        }
    }
    out
}

/// The DOT, SVG and PNG outputs asked for, in a build without the `render` feature: each one
/// fails with a message saying so, and the other outputs are still written.
#[cfg(not(feature = "render"))]
fn pictures(args: &OutputArgs, _graph: &KnowledgeGraph) -> Vec<(PathBuf, Result<Vec<u8>, String>)> {
    // Read only by the `render` build's drawing.
    let _ = (&args.focus, args.depth, &args.cluster, &args.layout);
    [&args.dot, &args.svg, &args.png]
        .into_iter()
        .flatten()
        .map(|p| {
            (p.clone(), Err("this zhkg was built without the `render` feature (DOT, SVG, PNG)".to_string()))
        })
        .collect()
}

/// Writes the outputs and the summary; the exit status says whether anything failed.
fn finish(out: &OutputArgs, graph: &KnowledgeGraph, docs: usize, mut failures: usize) -> ExitCode {
    for (p, bytes) in outputs(out, graph) {
        let written = bytes.and_then(|b| match b {
            Some(b) => write_atomic(&p, &b, out.sync),
            None => write_atomic_with(&p, out.sync, |f| {
                zhkg::export::write_json(graph, f).map_err(|e| std::io::Error::other(e.to_string()))
            }),
        });
        if let Err(e) = written {
            eprintln!("zhkg: error: {e}");
            failures += 1;
        }
    }
    if !out.quiet {
        let persons = graph.count_of(zhkg::NodeKind::Person);
        let events = graph.count_of(zhkg::NodeKind::Event);
        eprintln!(
            "zhkg: {docs} documents, {persons} persons, {events} events, {} role edges, {} nodes, {} edges{}",
            graph.role_count(),
            graph.node_count(),
            graph.edge_count(),
            if failures > 0 { format!("; {failures} failures") } else { String::new() }
        );
    }
    if failures > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[global_allocator]
static ALLOC: alloc::MiMalloc = alloc::MiMalloc;

fn main() -> ExitCode {
    alloc::no_huge_pages();
    // A bug met on one document is reported with that document (see `Pipeline::try_extract`);
    // the default hook's backtrace would only bury that line.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = Cli::parse();
    match &cli.command {
        Command::Build(args) => build::build(args),
        Command::Query(args) => query::run(args),
        Command::Extract(args) => match pipeline(&args.lexicon) {
            Ok(p) => stream::extract(&p),
            Err(e) => {
                eprintln!("zhkg: error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Merge(args) => {
            let (graph, docs, failures) = stream::merge(&args.inputs);
            finish(&args.out, &graph, docs, failures)
        }
    }
}
