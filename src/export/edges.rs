//! Edges as JSON Lines: one object a line with both endpoints' ids, names and kinds, the relation,
//! and the first evidence's document, character span and text (all evidence in `evidence`) — what
//! pandas `read_json(lines=True)` and Spark read.

use std::io::Write;

use serde_json::json;

use crate::error::{Error, ErrorKind, Result};
use crate::graph::KnowledgeGraph;

/// Writes one line per edge.
///
/// # Errors
/// [`ErrorKind::Export`] when writing fails.
///
/// ```
/// use zhkg::{Document, Pipeline};
/// let g = Pipeline::new().build_graph([&Document::new("a.txt", "区长赵五出席会议。")]);
/// let mut out = Vec::new();
/// zhkg::export::edges::write_edges_jsonl(&g, &mut out).unwrap();
/// let first: serde_json::Value = serde_json::from_slice(out.split(|b| *b == b'\n').next().unwrap()).unwrap();
/// assert_eq!(first["source_name"], "赵五");
/// ```
pub fn write_edges_jsonl<W: Write>(g: &KnowledgeGraph, mut w: W) -> Result<()> {
    let err = |e: std::io::Error| Error::new(ErrorKind::Export, format!("writing edges JSONL: {e}"));
    for (a, b, e) in g.edges() {
        let first = e.evidence.first();
        let line = json!({
            "source": a.id, "source_name": a.name, "source_kind": a.kind.as_str(),
            "target": b.id, "target_name": b.name, "target_kind": b.kind.as_str(),
            "relation": e.relation.as_str(),
            "doc": first.map(|v| v.doc.as_str()),
            "start": first.map(|v| v.start),
            "end": first.map(|v| v.end),
            "text": first.map(|v| v.text.as_str()),
            "evidence": e.evidence,
        });
        serde_json::to_writer(&mut w, &line).map_err(|e| Error::new(ErrorKind::Export, e.to_string()))?;
        w.write_all(b"\n").map_err(err)?;
    }
    Ok(())
}
