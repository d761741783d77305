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

/// serde_json's pretty printer (two-space indent) for values that stand at `depth` in the
/// document: the same bytes it writes there, without printing at depth zero and re-indenting.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn newline<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        w.write_all(if comma { b",\n" } else { b"\n" })?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.newline(w, !first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.newline(w, !first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Items of a top-level array, pretty-printed in parallel in chunks: each chunk holds its items
/// (each indented as an element at depth two) joined by `,\n`.
fn print_items<T: Sync, V: serde::Serialize>(
    items: &[T],
    view: impl Fn(&T) -> V + Sync,
) -> Result<Vec<Vec<u8>>> {
    use rayon::prelude::*;
    items
        .par_chunks(512)
        .map(|chunk| {
            let mut buf = Vec::with_capacity(chunk.len() * 256);
            for (i, item) in chunk.iter().enumerate() {
                buf.extend_from_slice(if i == 0 { b"    " } else { b",\n    " });
                let mut ser =
                    serde_json::Serializer::with_formatter(&mut buf, Nested { depth: 2, has_value: false });
                serde::Serialize::serialize(&view(item), &mut ser)
                    .map_err(|e| Error::new(ErrorKind::Export, format!("writing JSON: {e}")))?;
            }
            Ok(buf)
        })
        .collect()
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
    docs: Vec<Vec<u8>>,
    edges: Vec<Vec<u8>>,
    nodes: Vec<Vec<u8>>,
    schema: String,
}

impl Printed {
    fn of(g: &KnowledgeGraph) -> Result<Printed> {
        // Elements are printed in parallel, then stitched: the same bytes as printing the whole
        // `GraphView` with serde_json's pretty printer, which is what `tests/golden` pins.
        let documents: Vec<_> = g.documents().collect();
        let docs = print_items(&documents, |d| DocView {
            date: d.date.map(|x| x.to_string()),
            id: &d.id,
            path: d.path.as_deref(),
            title: d.title.as_deref(),
        })?;
        let edges = print_items(&g.edges(), |(s, t, e)| EdgeView {
            evidence: e
                .evidence
                .iter()
                .map(|v| EvidenceView { doc: &v.doc, end: v.end, start: v.start, text: &v.text })
                .collect(),
            key: e.relation.as_str(),
            relation: e.relation.as_str(),
            source: &s.id,
            target: &t.id,
        })?;
        let nodes = print_items(&g.nodes(), |n| NodeView {
            date: n.date.map(|x| x.to_string()),
            district: n.district.as_deref(),
            id: &n.id,
            kind: n.kind.as_str(),
            name: &n.name,
            titles: (n.kind == crate::NodeKind::Person).then_some(n.titles.as_slice()),
        })?;
        let schema =
            serde_json::to_string(SCHEMA).map_err(|e| Error::new(ErrorKind::Export, e.to_string()))?;
        Ok(Printed { docs, edges, nodes, schema })
    }

    const HEAD: &'static str = "{\n  \"directed\": true,\n  \"documents\": ";
    const EDGES: &'static str = ",\n  \"edges\": ";
    const NODES: &'static str = ",\n  \"graph\": {},\n  \"multigraph\": true,\n  \"nodes\": ";
    const SCHEMA: &'static str = ",\n  \"schema\": ";
    const TAIL: &'static str = "\n}\n";

    /// The number of bytes [`Printed::write`] writes.
    fn len(&self) -> usize {
        let array = |chunks: &[Vec<u8>]| -> usize {
            if chunks.is_empty() {
                2
            } else {
                chunks.iter().map(Vec::len).sum::<usize>() + 2 * (chunks.len() - 1) + 2 + 4
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

/// A JSON array of printed chunks of items, as serde_json's pretty printer writes it at depth one.
fn write_array<W: Write>(w: &mut W, chunks: &[Vec<u8>]) -> std::io::Result<()> {
    if chunks.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[\n")?;
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            w.write_all(b",\n")?;
        }
        w.write_all(chunk)?;
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
