//! `zhkg extract` and `zhkg merge`: how zhkg runs where one machine is not enough. `extract` turns a
//! stream of JSON Lines documents into a stream of partial graphs, one line each, in constant
//! memory; `merge` combines partial and full graphs. Merging is associative and order-independent,
//! so `cat shards | zhkg merge` gives the same bytes as a one-shot `zhkg build`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use zhkg::{KnowledgeGraph, Pipeline};

pub(crate) fn extract(pipeline: &Pipeline) -> ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failures = 0;
    for (i, line) in stdin.lock().lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("zhkg: error: stdin line {}: {e}", i + 1);
                failures += 1;
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let graph = zhkg::document::parse_jsonl_line(&line, &format!("stdin:{}", i + 1))
            .and_then(|d| pipeline.try_extract(&d));
        match graph {
            Ok(g) => {
                let written = serde_json::to_writer(&mut out, &zhkg::export::to_json_value(&g))
                    .map_err(std::io::Error::other)
                    .and_then(|_| out.write_all(b"\n"));
                if let Err(e) = written {
                    eprintln!("zhkg: error: writing stdout: {e}");
                    return ExitCode::FAILURE;
                }
            }
            Err(e) => {
                eprintln!("zhkg: error: stdin line {}: {e}", i + 1);
                failures += 1;
            }
        }
    }
    if out.flush().is_err() || failures > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Merges every graph named (or on stdin): `(graph, graphs read, failures)`.
pub(crate) fn merge(inputs: &[PathBuf]) -> (KnowledgeGraph, usize, usize) {
    let mut graph = KnowledgeGraph::new();
    let (mut read, mut failures) = (0, 0);
    let stdin_only = inputs.is_empty() || inputs.iter().all(|p| p.as_os_str() == "-");
    let sources: Vec<(String, Result<String, String>)> = if stdin_only {
        let mut text = String::new();
        let r = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map(|_| text)
            .map_err(|e| e.to_string());
        vec![("stdin".into(), r)]
    } else {
        inputs
            .iter()
            .map(|p| (p.display().to_string(), std::fs::read_to_string(p).map_err(|e| e.to_string())))
            .collect()
    };
    for (name, text) in sources {
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                eprintln!("zhkg: error: {name}: {e}");
                failures += 1;
                continue;
            }
        };
        // A whole JSON export, or JSON Lines of partial graphs.
        if let Ok(g) = zhkg::import::from_json_str(&text) {
            graph.merge_owned(g);
            read += 1;
            continue;
        }
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match zhkg::import::from_json_str(line) {
                Ok(g) => {
                    graph.merge_owned(g);
                    read += 1;
                }
                Err(e) => {
                    eprintln!("zhkg: error: {name}: line {}: {e}", i + 1);
                    failures += 1;
                }
            }
        }
    }
    (graph, read, failures)
}
