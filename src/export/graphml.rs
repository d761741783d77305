//! GraphML for Gephi, yEd, Cytoscape, networkx and igraph: one directed graph, typed `<key>`s with
//! ids distinct between nodes and edges (`n_kind`, `e_relation`), a person's titles joined by `；`.

use std::io::Write;

use quick_xml::escape::escape;

use crate::error::{Error, ErrorKind, Result};
use crate::graph::KnowledgeGraph;

const NODE_KEYS: [(&str, &str, &str); 5] = [
    ("n_kind", "kind", "string"),
    ("n_name", "name", "string"),
    ("n_titles", "titles", "string"),
    ("n_date", "date", "string"),
    ("n_district", "district", "string"),
];
const EDGE_KEYS: [(&str, &str, &str); 4] = [
    ("e_relation", "relation", "string"),
    ("e_evidence_count", "evidence_count", "int"),
    ("e_doc", "doc", "string"),
    ("e_text", "text", "string"),
];

/// The graph as GraphML text.
///
/// ```
/// use zhkg::{Document, Pipeline};
/// let g = Pipeline::new().build_graph([&Document::new("a.txt", "区长赵五出席会议。")]);
/// let xml = zhkg::export::graphml::to_graphml(&g);
/// assert!(xml.contains("<graph id=\"zhkg\" edgedefault=\"directed\">"));
/// assert!(xml.contains("赵五"));
/// ```
pub fn to_graphml(g: &KnowledgeGraph) -> String {
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    for (id, name, ty) in NODE_KEYS {
        s.push_str(&format!("  <key id=\"{id}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{ty}\"/>\n"));
    }
    for (id, name, ty) in EDGE_KEYS {
        s.push_str(&format!("  <key id=\"{id}\" for=\"edge\" attr.name=\"{name}\" attr.type=\"{ty}\"/>\n"));
    }
    s.push_str("  <graph id=\"zhkg\" edgedefault=\"directed\">\n");
    let data = |s: &mut String, key: &str, value: &str| {
        s.push_str(&format!("      <data key=\"{key}\">{}</data>\n", escape(value)));
    };
    for n in g.nodes() {
        s.push_str(&format!("    <node id=\"{}\">\n", escape(n.id.as_str())));
        data(&mut s, "n_kind", n.kind.as_str());
        data(&mut s, "n_name", &n.name);
        if !n.titles.is_empty() {
            data(&mut s, "n_titles", &n.titles.join("；"));
        }
        if let Some(d) = n.date {
            data(&mut s, "n_date", &d.to_string());
        }
        if let Some(d) = &n.district {
            data(&mut s, "n_district", d);
        }
        s.push_str("    </node>\n");
    }
    for (i, (a, b, e)) in g.edges().into_iter().enumerate() {
        s.push_str(&format!(
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">\n",
            escape(a.id.as_str()),
            escape(b.id.as_str())
        ));
        data(&mut s, "e_relation", e.relation.as_str());
        data(&mut s, "e_evidence_count", &e.evidence.len().to_string());
        if let Some(ev) = e.evidence.first() {
            data(&mut s, "e_doc", &ev.doc);
            data(&mut s, "e_text", &ev.text);
        }
        s.push_str("    </edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

/// Writes GraphML.
///
/// # Errors
/// [`ErrorKind::Export`] when writing fails.
pub fn write_graphml<W: Write>(g: &KnowledgeGraph, mut w: W) -> Result<()> {
    w.write_all(to_graphml(g).as_bytes())
        .map_err(|e| Error::new(ErrorKind::Export, format!("writing GraphML: {e}")))
}
