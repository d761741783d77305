//! Reading graphs back: a `zhkg/1` JSON export (full or partial) into a [`KnowledgeGraph`], so
//! that graphs can be queried and merged (`zhkg query`, `zhkg merge`).

use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};
use crate::graph::{DocumentInfo, Evidence, KnowledgeGraph, Node, NodeKind, Relation};
use crate::recognize::Date;

#[derive(Deserialize)]
struct JsonNode {
    id: String,
    kind: NodeKind,
    name: String,
    #[serde(default)]
    titles: Vec<String>,
    date: Option<String>,
    district: Option<String>,
}

#[derive(Deserialize)]
struct JsonEdge {
    source: String,
    target: String,
    relation: Relation,
    #[serde(default)]
    evidence: Vec<Evidence>,
}

#[derive(Deserialize)]
struct JsonGraph {
    schema: String,
    #[serde(default)]
    documents: Vec<DocumentInfo>,
    nodes: Vec<JsonNode>,
    edges: Vec<JsonEdge>,
}

/// Reads a `zhkg/1` JSON graph.
///
/// # Errors
/// [`ErrorKind::Json`] when the text is not a `zhkg/1` graph, an edge names a node that is not
/// there, or a date is malformed.
///
/// ```
/// use zhkg::{Document, Pipeline};
/// let g = Pipeline::new().build_graph([&Document::new("a.txt", "区长赵五出席会议。")]);
/// let text = zhkg::export::to_json_value(&g).to_string();
/// let back = zhkg::import::from_json_str(&text).unwrap();
/// assert_eq!(zhkg::export::to_json_value(&back).to_string(), text);
/// ```
pub fn from_json_str(text: &str) -> Result<KnowledgeGraph> {
    let json: JsonGraph = serde_json::from_str(text)
        .map_err(|e| Error::new(ErrorKind::Json, format!("not a zhkg/1 graph: {e}")))?;
    if json.schema != crate::export::json::SCHEMA {
        return Err(Error::new(
            ErrorKind::Json,
            format!("unsupported schema {:?} (expected zhkg/1)", json.schema),
        ));
    }
    let mut g = KnowledgeGraph::new();
    for d in json.documents {
        g.add_document(d);
    }
    let mut index = std::collections::HashMap::new();
    for n in json.nodes {
        let date = match n.date.as_deref() {
            Some(d) => Some(
                d.parse::<Date>().map_err(|e| Error::new(ErrorKind::Json, format!("node {}: {e}", n.id)))?,
            ),
            None => None,
        };
        let node = Node {
            id: n.id.clone(),
            kind: n.kind,
            name: n.name,
            titles: n.titles,
            date,
            district: n.district,
        };
        index.insert(n.id, g.add_node(node));
    }
    for e in json.edges {
        let (Some(&a), Some(&b)) = (index.get(&e.source), index.get(&e.target)) else {
            return Err(Error::new(
                ErrorKind::Json,
                format!("edge {} -> {} names a node that is not in the graph", e.source, e.target),
            ));
        };
        g.add_edge(a, b, e.relation, e.evidence);
    }
    Ok(g)
}
