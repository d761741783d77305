//! DOT through graphviz-rust, and rendering through the Graphviz `dot` binary. Nodes are shaped and
//! coloured by kind, edges labelled by relation, and every label carries a CJK font name so
//! Graphviz picks an installed CJK font.

use std::io::Write;

use graphviz_rust::cmd::{CommandArg, Format, Layout};
use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt, Subgraph,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::error::{Error, ErrorKind, Result};
use crate::graph::{KnowledgeGraph, NodeKind, Relation};

/// The font asked for; Pango falls back per glyph to any installed CJK font.
pub const FONT: &str = "Noto Sans CJK SC";

fn quoted(s: &str) -> Id {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(Id::Plain(k.to_string()), quoted(v))
}

/// Shape and fill colour of a kind.
pub fn style(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Person => ("ellipse", "#cfe2ff"),
        NodeKind::Event => ("box", "#ffe8a3"),
        NodeKind::Title => ("note", "#e2e3e5"),
        NodeKind::District => ("hexagon", "#d1e7dd"),
        NodeKind::Institution => ("component", "#f8d7da"),
    }
}

fn edge_color(r: Relation) -> &'static str {
    match r {
        Relation::Presided => "#b02a37",
        Relation::SpokeAt => "#0a58ca",
        Relation::Attended => "#198754",
        _ => "#6c757d",
    }
}

/// How nodes are grouped into clusters in a picture.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cluster {
    /// No clusters.
    #[default]
    None,
    /// One cluster per programme with its ceremonies (`part_of`).
    Event,
    /// One cluster per district with the persons, events and institutions that belong to it.
    District,
}

/// The Graphviz layout engine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum LayoutEngine {
    /// Hierarchical (`dot`).
    #[default]
    Dot,
    /// Spring model (`neato`).
    Neato,
    /// Scalable force-directed (`sfdp`), for large graphs.
    Sfdp,
}

/// Options for DOT and pictures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DotOptions {
    /// Clusters.
    pub cluster: Cluster,
    /// Layout engine used when rendering.
    pub layout: LayoutEngine,
}

/// The graph as a graphviz-rust AST, with default options.
pub fn to_dot_graph(g: &KnowledgeGraph) -> Graph {
    to_dot_graph_with(g, &DotOptions::default())
}

fn node_stmt(n: &crate::graph::Node) -> Stmt {
    let (shape, fill) = style(n.kind);
    let label = match (n.kind, n.date) {
        (NodeKind::Event, Some(d)) => format!("{}\n{}", n.name, d),
        _ => n.name.clone(),
    };
    Stmt::Node(DotNode::new(
        NodeId(quoted(&n.id), None),
        vec![attr("label", &label), attr("shape", shape), attr("fillcolor", fill)],
    ))
}

/// The graph as a graphviz-rust AST.
pub fn to_dot_graph_with(g: &KnowledgeGraph, opts: &DotOptions) -> Graph {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", "LR"),
            attr("fontname", FONT),
            attr("charset", "UTF-8"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![attr("fontname", FONT), attr("style", "filled")])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![attr("fontname", FONT), attr("fontsize", "10")])),
    ];
    // Legend.
    let mut legend = vec![Stmt::Attribute(attr("label", "legend")), Stmt::Attribute(attr("fontname", FONT))];
    for kind in
        [NodeKind::Person, NodeKind::Event, NodeKind::Title, NodeKind::District, NodeKind::Institution]
    {
        let (shape, fill) = style(kind);
        legend.push(Stmt::Node(DotNode::new(
            NodeId(quoted(&format!("legend:{}", kind.as_str())), None),
            vec![attr("label", kind.as_str()), attr("shape", shape), attr("fillcolor", fill)],
        )));
    }
    stmts.push(Stmt::Subgraph(Subgraph { id: Id::Plain("cluster_legend".into()), stmts: legend }));
    // Which cluster each node goes in.
    let edges = g.edges();
    let mut group: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    match opts.cluster {
        Cluster::None => {}
        Cluster::Event => {
            for n in g.nodes_of(NodeKind::Event) {
                let parent = edges
                    .iter()
                    .find(|(a, _, e)| a.id == n.id && e.relation == Relation::PartOf)
                    .map_or(n.id.clone(), |(_, b, _)| b.id.clone());
                group.insert(n.id.clone(), parent);
            }
        }
        Cluster::District => {
            for n in g.nodes() {
                match (&n.district, n.kind) {
                    (_, NodeKind::District) => {
                        group.insert(n.id.clone(), n.name.clone());
                    }
                    (Some(d), NodeKind::Person | NodeKind::Event | NodeKind::Institution) => {
                        group.insert(n.id.clone(), d.clone());
                    }
                    _ => {}
                }
            }
        }
    }
    let mut clusters: std::collections::BTreeMap<&str, Vec<Stmt>> = std::collections::BTreeMap::new();
    for n in g.nodes() {
        match group.get(&n.id) {
            Some(c) => clusters.entry(c.as_str()).or_default().push(node_stmt(n)),
            None => stmts.push(node_stmt(n)),
        }
    }
    for (i, (name, members)) in clusters.into_iter().enumerate() {
        let label = g.node(name).map_or(name, |n| n.name.as_str());
        let mut inner =
            vec![Stmt::Attribute(attr("label", label)), Stmt::Attribute(attr("style", "rounded"))];
        inner.extend(members);
        stmts.push(Stmt::Subgraph(Subgraph { id: Id::Plain(format!("cluster_{i}")), stmts: inner }));
    }
    for (s, t, e) in edges {
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(Vertex::N(NodeId(quoted(&s.id), None)), Vertex::N(NodeId(quoted(&t.id), None))),
            attributes: vec![attr("label", e.relation.as_str()), attr("color", edge_color(e.relation))],
        }));
    }
    Graph::DiGraph { id: Id::Plain("zhkg".into()), strict: false, stmts }
}

/// The graph as DOT text.
pub fn to_dot(g: &KnowledgeGraph) -> String {
    to_dot_with(g, &DotOptions::default())
}

/// The graph as DOT text, with options.
pub fn to_dot_with(g: &KnowledgeGraph, opts: &DotOptions) -> String {
    let mut ctx = PrinterContext::default();
    let mut s = to_dot_graph_with(g, opts).print(&mut ctx);
    s.push('\n');
    s
}

/// Writes DOT text.
///
/// # Errors
/// [`ErrorKind::Export`] when writing fails.
pub fn write_dot<W: Write>(g: &KnowledgeGraph, mut w: W) -> Result<()> {
    w.write_all(to_dot(g).as_bytes()).map_err(|e| Error::new(ErrorKind::Export, format!("writing DOT: {e}")))
}

/// An image format Graphviz renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageFormat {
    /// SVG.
    Svg,
    /// PNG.
    Png,
}

/// Renders the graph through the Graphviz `dot` binary.
///
/// # Errors
/// [`ErrorKind::Export`] with a one-line message saying how to install Graphviz when `dot` is
/// missing, or what Graphviz said when it fails.
pub fn render(g: &KnowledgeGraph, format: ImageFormat) -> Result<Vec<u8>> {
    render_with(g, format, &DotOptions::default())
}

/// Renders the graph through Graphviz with options (clusters, layout engine).
///
/// # Errors
/// As [`render`].
pub fn render_with(g: &KnowledgeGraph, format: ImageFormat, opts: &DotOptions) -> Result<Vec<u8>> {
    let layout = match opts.layout {
        LayoutEngine::Dot => Layout::Dot,
        LayoutEngine::Neato => Layout::Neato,
        LayoutEngine::Sfdp => Layout::Sfdp,
    };
    let f = match format {
        ImageFormat::Svg => Format::Svg,
        ImageFormat::Png => Format::Png,
    };
    graphviz_rust::exec_dot(to_dot_with(g, opts), vec![CommandArg::Layout(layout), CommandArg::Format(f)]).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::new(
                ErrorKind::Export,
                "Graphviz `dot` was not found on PATH: install Graphviz (apt-get install graphviz, brew install graphviz)",
            )
        } else {
            Error::new(ErrorKind::Export, format!("Graphviz failed: {}", e.to_string().lines().next().unwrap_or("")))
        }
    })
}
