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

// Borrowed views, fields in alphabetical order: the same bytes as `to_json_value` printed, without
// building the value tree first.
#[derive(serde::Serialize)]
struct GraphView<'g> {
    directed: bool,
    documents: Vec<DocView<'g>>,
    edges: Vec<EdgeView<'g>>,
    graph: serde_json::Map<String, Value>,
    multigraph: bool,
    nodes: Vec<NodeView<'g>>,
    schema: &'static str,
}

#[derive(serde::Serialize)]
struct DocView<'g> {
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    id: &'g str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'g str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'g str>,
}

#[derive(serde::Serialize)]
struct NodeView<'g> {
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    district: Option<&'g str>,
    id: &'g str,
    kind: &'static str,
    name: &'g str,
    #[serde(skip_serializing_if = "Option::is_none")]
    titles: Option<&'g [String]>,
}

#[derive(serde::Serialize)]
struct EvidenceView<'g> {
    doc: &'g str,
    end: usize,
    start: usize,
    text: &'g str,
}

#[derive(serde::Serialize)]
struct EdgeView<'g> {
    evidence: Vec<EvidenceView<'g>>,
    key: &'static str,
    relation: &'static str,
    source: &'g str,
    target: &'g str,
}

/// Writes the graph as pretty-printed JSON with a final newline.
///
/// # Errors
/// [`ErrorKind::Export`] when writing fails.
pub fn write_json<W: Write>(g: &KnowledgeGraph, mut w: W) -> Result<()> {
    let view = GraphView {
        directed: true,
        documents: g
            .documents()
            .map(|d| DocView {
                date: d.date.map(|x| x.to_string()),
                id: &d.id,
                path: d.path.as_deref(),
                title: d.title.as_deref(),
            })
            .collect(),
        edges: g
            .edges()
            .into_iter()
            .map(|(s, t, e)| EdgeView {
                evidence: e
                    .evidence
                    .iter()
                    .map(|v| EvidenceView { doc: &v.doc, end: v.end, start: v.start, text: &v.text })
                    .collect(),
                key: e.relation.as_str(),
                relation: e.relation.as_str(),
                source: &s.id,
                target: &t.id,
            })
            .collect(),
        graph: serde_json::Map::new(),
        multigraph: true,
        nodes: g
            .nodes()
            .into_iter()
            .map(|n| NodeView {
                date: n.date.map(|x| x.to_string()),
                district: n.district.as_deref(),
                id: &n.id,
                kind: n.kind.as_str(),
                name: &n.name,
                titles: (n.kind == crate::NodeKind::Person).then_some(n.titles.as_slice()),
            })
            .collect(),
        schema: SCHEMA,
    };
    let mut buf = std::io::BufWriter::new(&mut w);
    serde_json::to_writer_pretty(&mut buf, &view)
        .map_err(|e| Error::new(ErrorKind::Export, format!("writing JSON: {e}")))?;
    buf.write_all(b"\n")
        .and_then(|_| buf.flush())
        .map_err(|e| Error::new(ErrorKind::Export, format!("writing JSON: {e}")))?;
    Ok(())
}
