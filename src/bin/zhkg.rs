//! The `zhkg` command: `zhkg build [INPUT]... --json PATH --dot PATH --svg PATH`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use zhkg::document::{read_source, Source};
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
    /// Build a graph from report texts and write its exports.
    Build(BuildArgs),
}

#[derive(clap::Args)]
struct BuildArgs {
    /// Inputs: text files, directories of .txt files, .jsonl files of {"id","text","date"?,"title"?}, or - for stdin.
    #[arg(default_value = "-")]
    inputs: Vec<String>,
    /// Write node-link JSON (schema zhkg/1) here.
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// Write Graphviz DOT here.
    #[arg(long, value_name = "PATH")]
    dot: Option<PathBuf>,
    /// Render SVG here through Graphviz `dot`.
    #[arg(long, value_name = "PATH")]
    svg: Option<PathBuf>,
    /// Render PNG here through Graphviz `dot`.
    #[arg(long, value_name = "PATH")]
    png: Option<PathBuf>,
    /// Add the words of a TOML lexicon (keys: titles, institutions, districts, names); repeatable.
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let tmp = dir.join(format!(".{name}.zhkg-tmp-{}", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&tmp, path));
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

fn build(args: &BuildArgs) -> ExitCode {
    let pipeline = match pipeline(&args.lexicon) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("zhkg: error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut graph = KnowledgeGraph::new();
    let mut failures = 0usize;
    let mut docs = 0usize;
    for input in &args.inputs {
        for doc in read_source(&Source::from_arg(input)) {
            match doc {
                Ok(d) => match pipeline.try_extract(&d) {
                    Ok(g) => {
                        graph.merge(&g);
                        docs += 1;
                    }
                    Err(e) => {
                        eprintln!("zhkg: error: {e}");
                        failures += 1;
                    }
                },
                Err(e) => {
                    eprintln!("zhkg: error: {e}");
                    failures += 1;
                }
            }
        }
    }
    let mut outputs: Vec<(&Path, Result<Vec<u8>, String>)> = Vec::new();
    if let Some(p) = &args.json {
        let mut buf = Vec::new();
        outputs.push((p, zhkg::export::write_json(&graph, &mut buf).map(|_| buf).map_err(|e| e.to_string())));
    }
    if let Some(p) = &args.dot {
        outputs.push((p, Ok(zhkg::export::dot::to_dot(&graph).into_bytes())));
    }
    for (p, fmt) in
        [(&args.svg, zhkg::export::dot::ImageFormat::Svg), (&args.png, zhkg::export::dot::ImageFormat::Png)]
    {
        if let Some(p) = p {
            outputs.push((p, zhkg::export::dot::render(&graph, fmt).map_err(|e| e.to_string())));
        }
    }
    for (p, bytes) in outputs {
        match bytes.and_then(|b| write_atomic(p, &b)) {
            Ok(()) => {}
            Err(e) => {
                eprintln!("zhkg: error: {e}");
                failures += 1;
            }
        }
    }
    if !args.quiet {
        let persons = graph.nodes_of(zhkg::NodeKind::Person).len();
        let events = graph.nodes_of(zhkg::NodeKind::Event).len();
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

fn main() -> ExitCode {
    // A bug met on one document is reported with that document (see `Pipeline::try_extract`);
    // the default hook's backtrace would only bury that line.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = Cli::parse();
    match &cli.command {
        Command::Build(args) => build(args),
    }
}
