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

/// `value` printed by serde_json's pretty printer, every line indented by `indent` spaces.
fn pretty<T: serde::Serialize>(value: &T, indent: usize) -> Result<String> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::new(ErrorKind::Export, format!("writing JSON: {e}")))?;
    let pad = " ".repeat(indent);
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&pad);
        out.push_str(line);
    }
    Ok(out)
}

/// Writes the graph as pretty-printed JSON with a final newline.
///
/// # Errors
/// [`ErrorKind::Export`] when writing fails.
pub fn write_json<W: Write>(g: &KnowledgeGraph, mut w: W) -> Result<()> {
    let printed = Printed::of(g)?;
    printed.write(&mut w).map_err(|e| Error::new(ErrorKind::Export, format!("writing JSON: {e}")))
}

/// The graph as pretty-printed JSON bytes (what [`write_json`] writes), in one allocation of the
/// exact size.
///
/// # Errors
/// [`ErrorKind::Export`] when printing fails.
pub fn to_json_vec(g: &KnowledgeGraph) -> Result<Vec<u8>> {
    let printed = Printed::of(g)?;
    let mut out = Vec::with_capacity(printed.len());
    printed.write(&mut out).map_err(|e| Error::new(ErrorKind::Export, format!("writing JSON: {e}")))?;
    Ok(out)
}

/// Documents, edges and nodes printed (in parallel), ready to be stitched.
struct Printed {
    docs: Vec<String>,
    edges: Vec<String>,
    nodes: Vec<String>,
    schema: String,
}

impl Printed {
    fn of(g: &KnowledgeGraph) -> Result<Printed> {
        use rayon::prelude::*;
        // Elements are printed in parallel, then stitched: the same bytes as printing the whole
        // `GraphView` with serde_json's pretty printer, which is what `tests/golden` pins.
        let documents: Vec<_> = g.documents().collect();
        let doc_text: Vec<String> = documents
            .par_iter()
            .map(|d| {
                let view = DocView {
                    date: d.date.map(|x| x.to_string()),
                    id: &d.id,
                    path: d.path.as_deref(),
                    title: d.title.as_deref(),
                };
                pretty(&view, 4)
            })
            .collect::<Result<_>>()?;
        let edges = g.edges();
        let edge_text: Vec<String> = edges
            .par_iter()
            .map(|(s, t, e)| {
                let view = EdgeView {
                    evidence: e
                        .evidence
                        .iter()
                        .map(|v| EvidenceView { doc: &v.doc, end: v.end, start: v.start, text: &v.text })
                        .collect(),
                    key: e.relation.as_str(),
                    relation: e.relation.as_str(),
                    source: &s.id,
                    target: &t.id,
                };
                pretty(&view, 4)
            })
            .collect::<Result<_>>()?;
        let nodes = g.nodes();
        let node_text: Vec<String> = nodes
            .par_iter()
            .map(|n| {
                let view = NodeView {
                    date: n.date.map(|x| x.to_string()),
                    district: n.district.as_deref(),
                    id: &n.id,
                    kind: n.kind.as_str(),
                    name: &n.name,
                    titles: (n.kind == crate::NodeKind::Person).then_some(n.titles.as_slice()),
                };
                pretty(&view, 4)
            })
            .collect::<Result<_>>()?;
        let schema =
            serde_json::to_string(SCHEMA).map_err(|e| Error::new(ErrorKind::Export, e.to_string()))?;
        Ok(Printed { docs: doc_text, edges: edge_text, nodes: node_text, schema })
    }

    const HEAD: &'static str = "{\n  \"directed\": true,\n  \"documents\": ";
    const EDGES: &'static str = ",\n  \"edges\": ";
    const NODES: &'static str = ",\n  \"graph\": {},\n  \"multigraph\": true,\n  \"nodes\": ";
    const SCHEMA: &'static str = ",\n  \"schema\": ";
    const TAIL: &'static str = "\n}\n";

    /// The number of bytes [`Printed::write`] writes.
    fn len(&self) -> usize {
        let array = |items: &[String]| -> usize {
            if items.is_empty() {
                2
            } else {
                items.iter().map(String::len).sum::<usize>() + 2 * (items.len() - 1) + 2 + 4
            }
        };
        [Self::HEAD, Self::EDGES, Self::NODES, Self::SCHEMA, Self::TAIL]
            .iter()
            .map(|s| s.len())
            .sum::<usize>()
            + array(&self.docs)
            + array(&self.edges)
            + array(&self.nodes)
            + self.schema.len()
    }

    /// Written piece by piece: the text is never copied into one string first.
    fn write<W: Write>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(Self::HEAD.as_bytes())?;
        write_array(w, &self.docs)?;
        w.write_all(Self::EDGES.as_bytes())?;
        write_array(w, &self.edges)?;
        w.write_all(Self::NODES.as_bytes())?;
        write_array(w, &self.nodes)?;
        w.write_all(Self::SCHEMA.as_bytes())?;
        w.write_all(self.schema.as_bytes())?;
        w.write_all(Self::TAIL.as_bytes())
    }
}

/// A JSON array of printed items, as serde_json's pretty printer writes it at depth one.
fn write_array<W: Write>(w: &mut W, items: &[String]) -> std::io::Result<()> {
    if items.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[\n")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            w.write_all(b",\n")?;
        }
        w.write_all(item.as_bytes())?;
    }
    w.write_all(b"\n  ]")
}

#[cfg(test)]
mod tests {
    use crate::{Document, Pipeline};

    #[test]
    fn stitched_output_equals_the_pretty_printed_value() {
        let text =
            "本报讯 3月2日，某某县干部培训班开班。县委书记王小明出席开班式并讲话。区领导甲乙、丙丁等出席。";
        for g in [Pipeline::new().build_graph([&Document::new("a.txt", text)]), crate::KnowledgeGraph::new()]
        {
            let mut stitched = Vec::new();
            super::write_json(&g, &mut stitched).unwrap();
            let exact = super::to_json_vec(&g).unwrap();
            assert_eq!((exact.len(), exact.capacity()), (stitched.len(), stitched.len()));
            assert_eq!(exact, stitched);
            let mut whole = serde_json::to_vec_pretty(&super::to_json_value(&g)).unwrap();
            whole.push(b'\n');
            assert_eq!(String::from_utf8(stitched).unwrap(), String::from_utf8(whole).unwrap());
        }
    }
}
