//! Node-link JSON, schema `zhkg/1`: `{"schema", "documents", "nodes", "edges"}`, read by networkx's
//! `node_link_graph(data, edges="edges")`. Nodes and edges are sorted by id, so output is
//! byte-identical for the same graph.

use std::io::Write;

use serde_json::{json, Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::graph::KnowledgeGraph;

/// The schema name written in every export.
pub const SCHEMA: &str = "zhkg/1";

/// The graph as a JSON value.
pub fn to_json_value(g: &KnowledgeGraph) -> Value {
    let documents: Vec<Value> =
        g.documents().map(|d| serde_json::to_value(d).unwrap_or(Value::Null)).collect();
    let nodes: Vec<Value> = g
        .nodes()
        .into_iter()
        .map(|n| {
            let mut m = Map::new();
            m.insert("id".into(), json!(n.id));
            m.insert("kind".into(), json!(n.kind.as_str()));
            m.insert("name".into(), json!(n.name));
            if n.kind == crate::NodeKind::Person {
                m.insert("titles".into(), json!(n.titles));
            }
            if let Some(d) = n.date {
                m.insert("date".into(), json!(d.to_string()));
            }
            if let Some(d) = &n.district {
                m.insert("district".into(), json!(d));
            }
            Value::Object(m)
        })
        .collect();
    let edges: Vec<Value> = g
        .edges()
        .into_iter()
        .map(|(s, t, e)| {
            json!({
                "key": e.relation.as_str(),
                "source": s.id,
                "target": t.id,
                "relation": e.relation.as_str(),
                "evidence": e.evidence.iter().map(|v| json!({"doc": v.doc, "start": v.start, "end": v.end, "text": v.text})).collect::<Vec<_>>(),
            })
        })
        .collect();
    // A multigraph: a person may both preside over and speak at one event; `key` is the relation.
    json!({"schema": SCHEMA, "directed": true, "multigraph": true, "graph": {}, "documents": documents, "nodes": nodes, "edges": edges})
}

/// Writes the graph as pretty-printed JSON with a final newline.
///
/// # Errors
/// [`ErrorKind::Export`] when writing fails.
pub fn write_json<W: Write>(g: &KnowledgeGraph, mut w: W) -> Result<()> {
    let v = to_json_value(g);
    serde_json::to_writer_pretty(&mut w, &v)
        .map_err(|e| Error::new(ErrorKind::Export, format!("writing JSON: {e}")))?;
    w.write_all(b"\n").map_err(|e| Error::new(ErrorKind::Export, format!("writing JSON: {e}")))?;
    Ok(())
}
