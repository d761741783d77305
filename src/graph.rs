//! The knowledge graph: a petgraph `StableDiGraph` of typed nodes and edges with stable string ids,
//! built from many documents and merged deterministically.

use std::collections::{BTreeSet, HashMap};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use petgraph::Direction;
use serde::{Deserialize, Serialize};

use crate::recognize::Date;

mod documents;
use documents::Documents;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NodeKind {
    /// A person.
    Person,
    /// A title (职务).
    Title,
    /// A division: district, county, city or province.
    District,
    /// An institution.
    Institution,
    /// An event: a meeting, a programme or one of its ceremonies.
    Event,
}

impl NodeKind {
    /// The snake_case name used in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Person => "person",
            NodeKind::Title => "title",
            NodeKind::District => "district",
            NodeKind::Institution => "institution",
            NodeKind::Event => "event",
        }
    }
}

/// What an edge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Relation {
    /// Person presided over event.
    Presided,
    /// Person spoke at event.
    SpokeAt,
    /// Person attended event.
    Attended,
    /// Person holds title.
    Holds,
    /// Event or institution is located in district.
    LocatedIn,
    /// Event was organised by institution.
    OrganizedBy,
    /// Ceremony is part of programme.
    PartOf,
}

impl Relation {
    /// The snake_case name used in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Presided => "presided",
            Relation::SpokeAt => "spoke_at",
            Relation::Attended => "attended",
            Relation::Holds => "holds",
            Relation::LocatedIn => "located_in",
            Relation::OrganizedBy => "organized_by",
            Relation::PartOf => "part_of",
        }
    }

    /// Is this a person → event role?
    pub fn is_role(self) -> bool {
        matches!(self, Relation::Presided | Relation::SpokeAt | Relation::Attended)
    }
}

/// A node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id: `person:曹立强@徐汇区`, `event:…`.
    pub id: String,
    /// Its kind.
    pub kind: NodeKind,
    /// Its name.
    pub name: String,
    /// A person's titles, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    /// An event's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The district a person, event or institution belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
}

impl Node {
    /// A node of `kind` named `name`, with `key` disambiguating nodes of the same name (a
    /// person's district, an event's district and date).
    pub fn new(kind: NodeKind, name: &str, key: Option<&str>) -> Node {
        // `kind:name` or `kind:name@key`, without the formatting machinery (a node is made for
        // every mention).
        let key = key.filter(|k| !k.is_empty());
        let kind_name = kind.as_str();
        let mut id = String::with_capacity(kind_name.len() + name.len() + key.map_or(0, |k| k.len() + 1) + 1);
        id.push_str(kind_name);
        id.push(':');
        id.push_str(name);
        if let Some(k) = key {
            id.push('@');
            id.push_str(k);
        }
        Node { id, kind, name: name.to_string(), titles: Vec::new(), date: None, district: None }
    }

    /// Merges what `other` says of the same node. Order-independent: titles are a set, and of two
    /// dates or districts the smaller wins, so `merge` gives the same graph whatever the order.
    fn absorb(&mut self, other: Node) {
        union_sorted(&mut self.titles, other.titles);
        self.date = match (self.date, other.date) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.district = match (self.district.take(), other.district) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

/// Adds the items of `src` to `dst`, sorted and without duplicates before and after. Cheap when
/// `src` is short or sorts after `dst`: a hub's thousandth piece of evidence costs a search, not a
/// rebuild of the thousand.
fn union_sorted<T: Ord>(dst: &mut Vec<T>, mut src: Vec<T>) {
    src.sort_unstable();
    src.dedup();
    if dst.is_empty() {
        *dst = src;
    } else if dst.last() < src.first() {
        dst.extend(src);
    } else if src.len() <= 16 {
        for x in src {
            if let Err(i) = dst.binary_search(&x) {
                dst.insert(i, x);
            }
        }
    } else {
        let old = std::mem::take(dst);
        dst.reserve(old.len() + src.len());
        let (mut a, mut b) = (old.into_iter().peekable(), src.into_iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => match x.cmp(y) {
                    std::cmp::Ordering::Less => a.next(),
                    std::cmp::Ordering::Greater => b.next(),
                    std::cmp::Ordering::Equal => {
                        b.next();
                        a.next()
                    }
                },
                (Some(_), None) => a.next(),
                (None, _) => b.next(),
            };
            match next {
                Some(x) => dst.push(x),
                None => break,
            }
        }
    }
}

/// `items` sorted by the ids `id` gives (unstable: for unique ids). Each id's first sixteen bytes
/// are read once as two numbers, and two ids are compared as strings only when those are equal:
/// ids share long beginnings (`person:`, `xwlb-2023…`), and comparing them as strings each time
/// cost a `memcmp` call and two look-ups a compare (1.6% of the corpus job).
fn sorted_by_id<'a, T: Copy + Send>(items: Vec<T>, id: impl Fn(&T) -> &'a str + Sync) -> Vec<T> {
    let mut keyed: Vec<((u64, u64), T)> = items.into_iter().map(|x| (prefix_key(id(&x)), x)).collect();
    rayon::slice::ParallelSliceMut::par_sort_unstable_by(keyed.as_mut_slice(), |a, b| {
        a.0.cmp(&b.0).then_with(|| id(&a.1).cmp(id(&b.1)))
    });
    keyed.into_iter().map(|(_, x)| x).collect()
}

/// The first sixteen bytes of `s` as two big-endian numbers, zeros past its end: when the keys of
/// two strings differ, they order the strings as the strings themselves do (a string that is a
/// prefix of another is the smaller either way), and when they are equal the strings must be
/// compared.
fn prefix_key(s: &str) -> (u64, u64) {
    let b = s.as_bytes();
    let word = |i: usize| match b.get(i..).and_then(|r| r.first_chunk::<8>()) {
        Some(w) => u64::from_be_bytes(*w),
        None => {
            let tail = b.get(i..).unwrap_or_default();
            tail.iter().enumerate().fold(0, |w, (k, &x)| w | u64::from(x) << (56 - 8 * k))
        }
    };
    (word(0), word(8))
}

/// Where an edge is said: a document and a character span of its text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// The document id (its path as given).
    pub doc: String,
    /// First character (Unicode scalar values from the start of the document).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The text of the span.
    pub text: String,
}

/// An edge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    /// What it says.
    pub relation: Relation,
    /// Where it is said, sorted.
    pub evidence: Vec<Evidence>,
}

/// A document the graph was built from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// Its id.
    pub id: String,
    /// The path it was read from, when it was a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Its title, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

/// The knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: StableDiGraph<Node, Edge>,
    ids: rustc_hash::FxHashMap<String, NodeIndex>,
    edges: rustc_hash::FxHashMap<(NodeIndex, NodeIndex, Relation), EdgeIndex>,
    /// By id; sorted when read (indexed: a story is added to every graph it passes through).
    documents: Documents,
}

impl KnowledgeGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty graph with room for `nodes` nodes and `edges` edges before it grows.
    pub(crate) fn with_capacity(nodes: usize, edges: usize) -> Self {
        KnowledgeGraph {
            graph: StableDiGraph::with_capacity(nodes, edges),
            ids: rustc_hash::FxHashMap::with_capacity_and_hasher(nodes, Default::default()),
            edges: rustc_hash::FxHashMap::with_capacity_and_hasher(edges, Default::default()),
            documents: Documents::default(),
        }
    }

    /// The petgraph graph underneath.
    pub fn graph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }

    /// Adds a node or merges it into the node with the same id; returns its index.
    pub fn add_node(&mut self, node: Node) -> NodeIndex {
        if let Some(&ix) = self.ids.get(&node.id) {
            if let Some(n) = self.graph.node_weight_mut(ix) {
                n.absorb(node);
            }
            return ix;
        }
        let id = node.id.clone();
        // Titles are a set, kept sorted, whatever order they came in (an imported graph's).
        let mut node = node;
        node.titles.sort();
        node.titles.dedup();
        let ix = self.graph.add_node(node);
        self.ids.insert(id, ix);
        ix
    }

    /// Adds an edge or adds its evidence to the same edge.
    pub fn add_edge(&mut self, from: NodeIndex, to: NodeIndex, relation: Relation, evidence: Vec<Evidence>) {
        if let Some(&e) = self.edges.get(&(from, to, relation)) {
            if let Some(w) = self.graph.edge_weight_mut(e) {
                union_sorted(&mut w.evidence, evidence);
            }
            return;
        }
        let mut evidence = evidence;
        evidence.sort();
        evidence.dedup();
        let e = self.graph.add_edge(from, to, Edge { relation, evidence });
        self.edges.insert((from, to, relation), e);
    }

    /// Records a document.
    pub fn add_document(&mut self, doc: DocumentInfo) {
        self.documents.insert(doc);
    }

    /// Documents, sorted by id.
    pub fn documents(&self) -> impl Iterator<Item = &DocumentInfo> {
        // Ids are unique: an unstable sort is exact.
        sorted_by_id(self.documents.iter().collect(), |d| d.id.as_str()).into_iter()
    }

    /// Merges `other` into `self`. Merging is associative and order-independent once exported
    /// (exports sort by id).
    pub fn merge(&mut self, other: &KnowledgeGraph) {
        // Only the nodes, edges and documents are merged: the index maps are not worth copying.
        self.merge_owned(KnowledgeGraph {
            graph: other.graph.clone(),
            documents: other.documents.clone(),
            ..KnowledgeGraph::default()
        });
    }

    /// Like [`KnowledgeGraph::merge`], taking `other` by value: nothing is copied. Merging the
    /// smaller graph into the larger is cheaper; the result is the same either way.
    pub fn merge_owned(&mut self, other: KnowledgeGraph) {
        let KnowledgeGraph { graph, documents, .. } = other;
        // The documents and the nodes and edges are apart: a large graph's are merged side by
        // side on a worker thread's pool (one after the other with one worker). Outside a pool,
        // or for a small graph (`zhkg merge` adds one partial graph a line), handing the work to
        // another thread would cost more than it saves. Each document moves over with its id.
        let mut mine = std::mem::take(&mut self.documents);
        let add_documents = |mine: &mut Documents| mine.extend(documents);
        if rayon::current_thread_index().is_some() && graph.node_count() >= 4096 {
            rayon::join(|| add_documents(&mut mine), || self.merge_graph(graph));
        } else {
            add_documents(&mut mine);
            self.merge_graph(graph);
        }
        self.documents = mine;
    }

    /// The nodes and edges of `graph` merged into this graph's (see [`KnowledgeGraph::merge_owned`]).
    fn merge_graph(&mut self, graph: StableDiGraph<Node, Edge>) {
        // Room for all of `graph` at once: grown step by step, the tables are rehashed and the
        // lists copied several times over (on the corpus, a third of the merge's time).
        self.ids.reserve(graph.node_count());
        self.edges.reserve(graph.edge_count());
        self.graph.reserve_nodes(graph.node_count());
        self.graph.reserve_edges(graph.edge_count());
        use petgraph::visit::{EdgeIndexable, NodeIndexable};
        let mut graph = graph;
        // The weights are moved out where they lie (the graph is dropped after), and `map` takes
        // each node's index in `other` to its index here.
        let mut map: Vec<Option<NodeIndex>> = vec![None; graph.node_bound()];
        for (i, slot) in map.iter_mut().enumerate() {
            if let Some(w) = graph.node_weight_mut(NodeIndex::new(i)) {
                let empty = Node {
                    id: String::new(),
                    name: String::new(),
                    titles: Vec::new(),
                    date: None,
                    district: None,
                    kind: w.kind,
                };
                *slot = Some(self.add_node(std::mem::replace(w, empty)));
            }
        }
        for i in 0..graph.edge_bound() {
            let e = EdgeIndex::new(i);
            let Some((a, b)) = graph.edge_endpoints(e) else { continue };
            let (Some(&Some(a)), Some(&Some(b))) = (map.get(a.index()), map.get(b.index())) else { continue };
            if let Some(w) = graph.edge_weight_mut(e) {
                self.add_edge(a, b, w.relation, std::mem::take(&mut w.evidence));
            }
        }
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.ids.get(id).and_then(|&ix| self.graph.node_weight(ix))
    }

    /// Nodes sorted by id.
    pub fn nodes(&self) -> Vec<&Node> {
        self.id_order().into_iter().map(|ix| &self.graph[ix]).collect()
    }

    /// Edges as `(source, target, edge)`, sorted by source id, target id and relation.
    pub fn edges(&self) -> Vec<(&Node, &Node, &Edge)> {
        self.edges_in(&self.id_order())
    }

    /// [`KnowledgeGraph::nodes`] and [`KnowledgeGraph::edges`], the nodes sorted once for both.
    pub(crate) fn nodes_and_edges(&self) -> (Vec<&Node>, Vec<(&Node, &Node, &Edge)>) {
        let order = self.id_order();
        let edges = self.edges_in(&order);
        (order.into_iter().map(|ix| &self.graph[ix]).collect(), edges)
    }

    /// The nodes' indices in id order.
    fn id_order(&self) -> Vec<NodeIndex> {
        // Ids are unique: an unstable sort is exact.
        sorted_by_id(self.graph.node_indices().collect(), |&ix| &self.graph[ix].id)
    }

    /// The edges sorted by source, target (in node `order`, which is id order) and relation.
    fn edges_in(&self, order: &[NodeIndex]) -> Vec<(&Node, &Node, &Edge)> {
        use petgraph::visit::NodeIndexable;
        // Each node's place in id order: edges are sorted by two numbers, not two strings.
        let mut rank = vec![0usize; self.graph.node_bound()];
        for (r, ix) in order.iter().enumerate() {
            rank[ix.index()] = r;
        }
        let mut v: Vec<_> = self
            .graph
            .edge_references()
            .map(|e| ((rank[e.source().index()], rank[e.target().index()], e.weight().relation), e))
            .collect();
        // (source, target, relation) names one edge: an unstable sort is exact.
        rayon::slice::ParallelSliceMut::par_sort_unstable_by_key(v.as_mut_slice(), |(key, _)| *key);
        v.into_iter().map(|(_, e)| (&self.graph[e.source()], &self.graph[e.target()], e.weight())).collect()
    }

    /// Nodes of one kind, sorted by id (only they are sorted).
    pub fn nodes_of(&self, kind: NodeKind) -> Vec<&Node> {
        let of_kind = self.graph.node_indices().filter(|&ix| self.graph[ix].kind == kind).collect();
        sorted_by_id(of_kind, |&ix| &self.graph[ix].id).into_iter().map(|ix| &self.graph[ix]).collect()
    }

    /// How many nodes are of one kind.
    pub fn count_of(&self, kind: NodeKind) -> usize {
        self.graph.node_weights().filter(|n| n.kind == kind).count()
    }

    /// The persons with `relation` to the event with id `event`, sorted by id.
    pub fn participants(&self, event: &str, relation: Relation) -> Vec<&Node> {
        let Some(&ix) = self.ids.get(event) else {
            return Vec::new();
        };
        let mut v: Vec<&Node> = self
            .graph
            .edges_directed(ix, Direction::Incoming)
            .filter(|e| e.weight().relation == relation)
            .map(|e| &self.graph[e.source()])
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    /// The `(relation, event)` pairs of the person with id `person`, sorted.
    pub fn roles_of(&self, person: &str) -> Vec<(Relation, &Node)> {
        let Some(&ix) = self.ids.get(person) else {
            return Vec::new();
        };
        let mut v: Vec<(Relation, &Node)> = self
            .graph
            .edges_directed(ix, Direction::Outgoing)
            .filter(|e| e.weight().relation.is_role())
            .map(|e| (e.weight().relation, &self.graph[e.target()]))
            .collect();
        v.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        v
    }

    /// The part of the graph within `depth` steps (either direction) of the nodes named `name`
    /// (or with that id): what a picture of one person or event should show.
    ///
    /// ```
    /// use zhkg::{Document, Pipeline};
    /// let g = Pipeline::new().build_graph([&Document::new("a.txt", "区长赵五出席会议。县长钱六出席大会。")]);
    /// let n = g.neighbourhood("赵五", 1);
    /// assert!(n.nodes().iter().any(|x| x.name == "赵五"));
    /// assert!(!n.nodes().iter().any(|x| x.name == "钱六"));
    /// ```
    pub fn neighbourhood(&self, name: &str, depth: usize) -> KnowledgeGraph {
        let mut keep: BTreeSet<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&i| self.graph[i].name == name || self.graph[i].id == name)
            .collect();
        let mut frontier: Vec<NodeIndex> = keep.iter().copied().collect();
        for _ in 0..depth {
            let mut next = Vec::new();
            for &ix in &frontier {
                for nb in self.graph.neighbors_undirected(ix) {
                    if keep.insert(nb) {
                        next.push(nb);
                    }
                }
            }
            frontier = next;
        }
        let mut out = KnowledgeGraph::new();
        let mut map = HashMap::new();
        for &ix in &keep {
            map.insert(ix, out.add_node(self.graph[ix].clone()));
        }
        for e in self.graph.edge_references() {
            if let (Some(&a), Some(&b)) = (map.get(&e.source()), map.get(&e.target())) {
                out.add_edge(a, b, e.weight().relation, e.weight().evidence.clone());
            }
        }
        let docs: BTreeSet<&str> =
            out.graph.edge_weights().flat_map(|e| e.evidence.iter().map(|v| v.doc.as_str())).collect();
        for d in self.documents.iter().filter(|d| docs.contains(d.id.as_str())) {
            out.documents.insert(d.clone());
        }
        out
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Number of person → event role edges.
    pub fn role_count(&self) -> usize {
        self.graph.edge_weights().filter(|e| e.relation.is_role()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(doc: &str, s: usize) -> Vec<Evidence> {
        vec![Evidence { doc: doc.into(), start: s, end: s + 2, text: "甲乙".into() }]
    }

    proptest::proptest! {
        /// Sorting by the prefix keys, strings compared on a tie, is sorting by the strings.
        #[test]
        fn sorted_by_id_is_string_order(ids in proptest::collection::hash_set("[a\\x00\\x7f乙:é-]{0,20}", 0..40)) {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let mut want = ids.clone();
            want.sort_unstable();
            proptest::prop_assert_eq!(sorted_by_id(ids, |s| *s), want);
        }
    }

    #[test]
    fn nodes_merge_by_id_and_edges_gather_evidence() {
        let mut g = KnowledgeGraph::new();
        let mut p = Node::new(NodeKind::Person, "甲乙", Some("某区"));
        p.titles.push("区长".into());
        let a = g.add_node(p.clone());
        p.titles = vec!["区委副书记".into()];
        let b = g.add_node(p);
        assert_eq!(a, b);
        let e = g.add_node(Node::new(NodeKind::Event, "会议", None));
        g.add_edge(a, e, Relation::Attended, ev("d1", 5));
        g.add_edge(a, e, Relation::Attended, ev("d1", 1));
        assert_eq!(g.edge_count(), 1);
        assert_eq!(g.edges()[0].2.evidence[0].start, 1);
        assert_eq!(g.node("person:甲乙@某区").map(|n| n.titles.len()), Some(2));
        assert_eq!(g.participants("event:会议", Relation::Attended).len(), 1);
        for kind in
            [NodeKind::Person, NodeKind::Title, NodeKind::District, NodeKind::Institution, NodeKind::Event]
        {
            let all: Vec<&Node> = g.nodes().into_iter().filter(|n| n.kind == kind).collect();
            assert_eq!(g.nodes_of(kind), all);
            assert_eq!(g.count_of(kind), all.len());
        }
    }

    #[test]
    fn merge_is_order_independent() {
        let mut g1 = KnowledgeGraph::new();
        let x = g1.add_node(Node::new(NodeKind::Person, "甲", None));
        let y = g1.add_node(Node::new(NodeKind::Event, "会", None));
        g1.add_edge(x, y, Relation::Presided, ev("a", 0));
        let mut g2 = KnowledgeGraph::new();
        let y2 = g2.add_node(Node::new(NodeKind::Event, "会", None));
        let z = g2.add_node(Node::new(NodeKind::Person, "乙", None));
        g2.add_edge(z, y2, Relation::Attended, ev("b", 0));
        let mut ab = g1.clone();
        ab.merge(&g2);
        let mut ba = g2.clone();
        ba.merge(&g1);
        let ids = |g: &KnowledgeGraph| g.nodes().iter().map(|n| n.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&ab), ids(&ba));
        assert_eq!(ab.edges().len(), ba.edges().len());
    }

    proptest::proptest! {
        // In-place union keeps what a set union gives, whatever the sizes and order.
        #[test]
        fn union_sorted_is_a_set_union(
            a in proptest::collection::vec(0u8..60, 0..40),
            b in proptest::collection::vec(0u8..60, 0..40),
        ) {
            let mut dst: Vec<u8> = a.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
            union_sorted(&mut dst, b.clone());
            let want: Vec<u8> = a.into_iter().chain(b).collect::<BTreeSet<_>>().into_iter().collect();
            proptest::prop_assert_eq!(dst, want);
        }
    }
}
