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

/// The pretty printer of the exports: the bytes serde_json's pretty printer (two-space indent)
/// writes for `to_json_value`, fields in alphabetical order, written straight into a buffer.
/// (Through serde's formatter it took three times the instructions.)
mod pretty {
    use super::{Touch, AHEAD};
    use crate::graph::{DocumentInfo, Edge, Node};

    /// `"s"`, escaped as serde_json escapes: `"`, `\\` and control characters; all else as is.
    pub(super) fn string(buf: &mut Vec<u8>, s: &str) {
        buf.push(b'"');
        let b = s.as_bytes();
        if clean(b) {
            buf.extend_from_slice(b);
        } else {
            escaped(buf, b);
        }
        buf.push(b'"');
    }

    /// Does `b` need no escape? Told by looks at blocks of 32 bytes, which the compiler turns
    /// into vector compares; a string shorter than a block (most are: ids, names, dates) is looked
    /// at as one block, padded with a byte that needs none, rather than byte by byte.
    #[inline]
    fn clean(b: &[u8]) -> bool {
        fn block(c: &[u8; 32]) -> bool {
            !c.iter().fold(false, |m, &x| m | (x < 0x20) | (x == b'"') | (x == b'\\'))
        }
        let (blocks, rest) = b.as_chunks::<32>();
        let mut last = [b' '; 32];
        last[..rest.len()].copy_from_slice(rest);
        blocks.iter().all(block) && block(&last)
    }

    fn escaped(buf: &mut Vec<u8>, b: &[u8]) {
        let mut copied = 0;
        for (i, &c) in b.iter().enumerate() {
            let short = match c {
                b'"' => b'"',
                b'\\' => b'\\',
                0x08 => b'b',
                0x09 => b't',
                0x0A => b'n',
                0x0C => b'f',
                0x0D => b'r',
                0x00..=0x1F => b'u',
                _ => continue,
            };
            buf.extend_from_slice(&b[copied..i]);
            buf.extend_from_slice(&[b'\\', short]);
            if short == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.extend_from_slice(&[b'0', b'0', HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]);
            }
            copied = i + 1;
        }
        buf.extend_from_slice(&b[copied..]);
    }

    /// What goes before the value of field `$key` of an object at depth three (a top-level
    /// array's item) or five (an item of an array in one): `,`, the line break, the indent, the
    /// key and `: `. The first field drops the comma.
    macro_rules! at3 {
        ($key:literal) => {
            concat!(",\n      \"", $key, "\": ").as_bytes()
        };
    }
    macro_rules! at5 {
        ($key:literal) => {
            concat!(",\n          \"", $key, "\": ").as_bytes()
        };
    }

    /// An object being written: its `{` is out, its fields follow.
    struct Object<'b> {
        buf: &'b mut Vec<u8>,
        first: bool,
        /// What closes it after a field: the line break, the indent of its `{`, `}`.
        close: &'static [u8],
    }

    impl<'b> Object<'b> {
        fn open(buf: &'b mut Vec<u8>, close: &'static [u8]) -> Self {
            buf.push(b'{');
            Object { buf, first: true, close }
        }

        /// Writes what goes before a field's value (see [`at3`]).
        fn field(&mut self, before: &'static [u8]) -> &mut Vec<u8> {
            self.buf.extend_from_slice(if self.first { &before[1..] } else { before });
            self.first = false;
            self.buf
        }

        fn str(&mut self, before: &'static [u8], value: &str) {
            string(self.field(before), value);
        }

        fn num(&mut self, before: &'static [u8], value: usize) {
            self.field(before).extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
        }

        fn close(self) {
            self.buf.extend_from_slice(if self.first { b"}" } else { self.close });
        }
    }

    /// An array of items at depth four, after the field's key (depth three).
    fn array<T: Touch>(buf: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
        if items.is_empty() {
            buf.extend_from_slice(b"[]");
            return;
        }
        buf.push(b'[');
        for (i, x) in items.iter().enumerate() {
            if let Some(next) = items.get(i + AHEAD) {
                next.touch();
            }
            buf.extend_from_slice(if i == 0 { b"\n        " } else { b",\n        " });
            item(buf, x);
        }
        buf.extend_from_slice(b"\n      ]");
    }

    /// The end of a top-level array's item.
    const CLOSE3: &[u8] = b"\n    }";

    /// The `date` field: a date's text (as its `Display` writes it) without the formatting
    /// machinery, which cost a thousand instructions a date.
    fn date_field(o: &mut Object<'_>, date: crate::recognize::Date) {
        let two = |n: u8| [b'0' + n / 10, b'0' + n % 10];
        match (date.year, date.month, date.day) {
            (y, m, d) if y.is_none_or(|y| y <= 9999) && m <= 99 && d <= 99 => {
                let buf = o.field(at3!("date"));
                buf.push(b'"');
                match y {
                    Some(y) => buf.extend_from_slice(&[
                        b'0' + (y / 1000) as u8,
                        b'0' + (y / 100 % 10) as u8,
                        b'0' + (y / 10 % 10) as u8,
                        b'0' + (y % 10) as u8,
                    ]),
                    None => buf.push(b'-'),
                }
                buf.push(b'-');
                buf.extend_from_slice(&two(m));
                buf.push(b'-');
                buf.extend_from_slice(&two(d));
                buf.push(b'"');
            }
            _ => o.str(at3!("date"), &date.to_string()),
        }
    }

    pub(super) fn document(buf: &mut Vec<u8>, d: &DocumentInfo) {
        let mut o = Object::open(buf, CLOSE3);
        if let Some(date) = d.date {
            date_field(&mut o, date);
        }
        o.str(at3!("id"), &d.id);
        if let Some(p) = &d.path {
            o.str(at3!("path"), p);
        }
        if let Some(t) = &d.title {
            o.str(at3!("title"), t);
        }
        o.close();
    }

    pub(super) fn node(buf: &mut Vec<u8>, n: &Node) {
        let mut o = Object::open(buf, CLOSE3);
        if let Some(date) = n.date {
            date_field(&mut o, date);
        }
        if let Some(d) = &n.district {
            o.str(at3!("district"), d);
        }
        o.str(at3!("id"), &n.id);
        o.str(at3!("kind"), n.kind.as_str());
        o.str(at3!("name"), &n.name);
        if n.kind == crate::NodeKind::Person {
            array(o.field(at3!("titles")), &n.titles, |buf, t| string(buf, t));
        }
        o.close();
    }

    pub(super) fn edge(buf: &mut Vec<u8>, (s, t, e): &(&Node, &Node, &Edge)) {
        let mut o = Object::open(buf, CLOSE3);
        array(o.field(at3!("evidence")), &e.evidence, |buf, v| {
            let mut ev = Object::open(buf, b"\n        }");
            ev.str(at5!("doc"), &v.doc);
            ev.num(at5!("end"), v.end);
            ev.num(at5!("start"), v.start);
            ev.str(at5!("text"), &v.text);
            ev.close();
        });
        o.str(at3!("key"), e.relation.as_str());
        o.str(at3!("relation"), e.relation.as_str());
        o.str(at3!("source"), &s.id);
        o.str(at3!("target"), &t.id);
        o.close();
    }
}

/// How many items ahead of the one being printed the printer touches strings (see [`Touch`]).
const AHEAD: usize = 8;

/// What printing an item reads, read ahead of time. The strings of a large graph lie all over
/// the heap and are printed in id order, not in the order they were made: nearly every one is a
/// cache miss, and the printer, reading one string after the other, waited for each in turn.
/// Reading the first byte of each string of the item [`AHEAD`] items on lets those misses overlap
/// with the printing of the items before: the corpus's graph is printed in a sixth to a quarter
/// less time on one thread.
trait Touch {
    fn touch(&self);
}

/// Reads the first byte of `s` (see [`Touch`]).
fn touch(s: &str) {
    std::hint::black_box(s.as_bytes().first().copied());
}

impl Touch for String {
    fn touch(&self) {
        touch(self);
    }
}

impl Touch for crate::graph::Evidence {
    fn touch(&self) {
        touch(&self.doc);
        touch(&self.text);
    }
}

impl Touch for &crate::graph::DocumentInfo {
    fn touch(&self) {
        touch(&self.id);
        self.path.iter().chain(&self.title).for_each(|s| touch(s));
    }
}

impl Touch for &crate::graph::Node {
    fn touch(&self) {
        touch(&self.id);
        touch(&self.name);
        self.titles.iter().chain(&self.district).for_each(|s| touch(s));
    }
}

impl Touch for (&crate::graph::Node, &crate::graph::Node, &crate::graph::Edge) {
    fn touch(&self) {
        touch(&self.0.id);
        touch(&self.1.id);
        // The evidence after these is touched as the list is printed.
        self.2.evidence.iter().take(AHEAD).for_each(Touch::touch);
    }
}

/// A chunk of a top-level array's items, printed into `buf` (cleared first): each indented as an
/// element at depth two, joined by `,\n`.
fn print_chunk<T: Touch>(buf: &mut Vec<u8>, items: &[T], print: impl Fn(&mut Vec<u8>, &T)) {
    buf.clear();
    buf.reserve(items.len() * 256);
    items.iter().take(AHEAD).for_each(Touch::touch);
    for (i, item) in items.iter().enumerate() {
        if let Some(next) = items.get(i + AHEAD) {
            next.touch();
        }
        buf.extend_from_slice(if i == 0 { b"    " } else { b",\n    " });
        print(buf, item);
    }
}

/// The graph's three arrays, sorted as they are written.
struct Arrays<'g> {
    documents: Vec<&'g crate::graph::DocumentInfo>,
    edges: Vec<(&'g crate::graph::Node, &'g crate::graph::Node, &'g crate::graph::Edge)>,
    nodes: Vec<&'g crate::graph::Node>,
}

/// Which of the three arrays.
#[derive(Clone, Copy)]
enum Array {
    Documents,
    Edges,
    Nodes,
}

/// What the export writes, in order: fixed text, or a chunk of an array's items (a task of its
/// own, by `start..end`).
#[derive(Clone, Copy)]
enum Piece {
    Text(&'static str),
    Items(Array, usize, usize),
}

impl Arrays<'_> {
    fn len(&self, a: Array) -> usize {
        match a {
            Array::Documents => self.documents.len(),
            Array::Edges => self.edges.len(),
            Array::Nodes => self.nodes.len(),
        }
    }

    fn print(&self, buf: &mut Vec<u8>, a: Array, start: usize, end: usize) {
        let items = |n: usize| start.min(n)..end.min(n);
        match a {
            Array::Documents => {
                print_chunk(buf, &self.documents[items(self.documents.len())], |b, d| pretty::document(b, d))
            }
            Array::Edges => print_chunk(buf, &self.edges[items(self.edges.len())], pretty::edge),
            Array::Nodes => print_chunk(buf, &self.nodes[items(self.nodes.len())], |b, n| pretty::node(b, n)),
        }
    }

    /// The pieces of the whole export up to the nodes' closing bracket, arrays in chunks of
    /// `chunk` items.
    fn pieces(&self, chunk: usize) -> Vec<Piece> {
        let mut out = vec![Piece::Text(HEAD)];
        for (a, after) in [(Array::Documents, EDGES), (Array::Edges, NODES), (Array::Nodes, "")] {
            let n = self.len(a);
            if n == 0 {
                out.push(Piece::Text("[]"));
            } else {
                out.push(Piece::Text("[\n"));
                for start in (0..n).step_by(chunk) {
                    if start > 0 {
                        out.push(Piece::Text(",\n"));
                    }
                    out.push(Piece::Items(a, start, (start + chunk).min(n)));
                }
                out.push(Piece::Text("\n  ]"));
            }
            out.push(Piece::Text(after));
        }
        out
    }
}

/// Writes the graph as pretty-printed JSON with a final newline.
///
/// # Errors
/// [`ErrorKind::Export`] when writing fails.
pub fn write_json<W: Write>(g: &KnowledgeGraph, w: W) -> Result<()> {
    write_json_in(g, w, CHUNK, CHUNKS_PER_WORKER * rayon::current_num_threads())
}

/// [`write_json`], printing `chunk` items a task and `batch` tasks at a time.
fn write_json_in<W: Write>(g: &KnowledgeGraph, mut w: W, chunk: usize, batch: usize) -> Result<()> {
    // The bytes are those of printing the whole `to_json_value` with serde_json's pretty
    // printer, which is what `tests/golden` pins. The documents are sorted beside the nodes and
    // edges.
    let (documents, (nodes, edges)) = rayon::join(|| g.documents().collect(), || g.nodes_and_edges());
    let arrays = Arrays { documents, edges, nodes };
    let pieces = arrays.pieces(chunk.max(1));
    let mut write = || -> std::io::Result<()> {
        stream(&mut w, &arrays, &pieces, batch.max(1))?;
        w.write_all(SCHEMA_KEY.as_bytes())?;
        let mut schema = Vec::new();
        pretty::string(&mut schema, SCHEMA);
        w.write_all(&schema)?;
        w.write_all(TAIL.as_bytes())
    };
    write().map_err(|e| Error::new(ErrorKind::Export, format!("writing JSON: {e}")))
}

/// Items a task prints.
const CHUNK: usize = 512;

/// Tasks in one batch (printed in parallel before the batch is written) for each worker of the
/// pool: enough for the others to print the next batch while one writes this one (with eight
/// workers sixteen chunks, some 3 MB of text), and no more. The batches' text is memory the run
/// touches for the first time: on one thread, where nothing is printed while a batch is written,
/// batches of sixteen chunks made the export 15–20% slower than batches of one or two (medians
/// of sixteen pairs, 6 MB more resident); with two threads, no difference.
const CHUNKS_PER_WORKER: usize = 2;

/// Writes `pieces`, their chunks printed `batch` at a time, the next batch on the other workers
/// while this one is written: the text is never all in memory, two batches at most. The three
/// arrays are one stream of batches, so the workers print the next array's first items while the
/// last of this one are written (with two workers, 4–6 ms of the corpus's export went to
/// waiting at the arrays' ends when each array was streamed on its own).
fn stream<W: Write>(w: &mut W, arrays: &Arrays<'_>, pieces: &[Piece], batch: usize) -> std::io::Result<()> {
    use rayon::prelude::*;
    // The batches: each ends with its `batch`-th chunk (the last with whatever is left).
    let mut batches = Vec::new();
    let (mut from, mut chunks) = (0, 0);
    for (i, p) in pieces.iter().enumerate() {
        if matches!(p, Piece::Items(..)) {
            chunks += 1;
            if chunks == batch {
                batches.push(&pieces[from..=i]);
                (from, chunks) = (i + 1, 0);
            }
        }
    }
    batches.push(&pieces[from..]);
    // Prints a batch's chunks into the buffers of the batch written before it (`spare`), which
    // keeps the export in memory it has touched before: a new buffer for every chunk was fresh
    // memory, and with two workers, where one frees the buffers the other allocated, the
    // allocator could not hand them back to it.
    let print = |batch: &[Piece], mut spare: Vec<Vec<u8>>| -> Vec<Vec<u8>> {
        let items: Vec<(Array, usize, usize)> = batch
            .iter()
            .filter_map(|p| match *p {
                Piece::Items(a, s, e) => Some((a, s, e)),
                Piece::Text(_) => None,
            })
            .collect();
        spare.resize_with(items.len(), Vec::new);
        items
            .into_par_iter()
            .zip(spare)
            .map(|((a, s, e), mut buf)| {
                arrays.print(&mut buf, a, s, e);
                buf
            })
            .collect()
    };
    let mut batches = batches.into_iter();
    let mut printed = batches.next().map(|b| (b, print(b, Vec::new())));
    let mut spare = Vec::new();
    while let Some((this, chunks)) = printed.take() {
        let next = batches.next();
        let reuse = std::mem::take(&mut spare);
        let mut written = Ok(());
        // The writer stays on this thread (it need not be `Send`); with one worker the next
        // batch is printed when this one is written.
        rayon::in_place_scope(|s| {
            if let Some(b) = next {
                let slot = &mut printed;
                let print = &print;
                s.spawn(move |_| *slot = Some((b, print(b, reuse))));
            }
            let mut bufs = chunks.iter();
            written = this.iter().try_for_each(|p| match p {
                Piece::Text(t) => w.write_all(t.as_bytes()),
                Piece::Items(..) => w.write_all(bufs.next().map_or(&[][..], Vec::as_slice)),
            });
        });
        written?;
        spare = chunks;
    }
    Ok(())
}

/// The graph as pretty-printed JSON bytes (what [`write_json`] writes), trimmed to their exact
/// size.
///
/// # Errors
/// [`ErrorKind::Export`] when printing fails.
pub fn to_json_vec(g: &KnowledgeGraph) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    write_json(g, &mut out)?;
    out.shrink_to_fit();
    Ok(out)
}

// The text between the arrays, as serde_json's pretty printer writes it (keys sorted).
const HEAD: &str = "{\n  \"directed\": true,\n  \"documents\": ";
const EDGES: &str = ",\n  \"edges\": ";
const NODES: &str = ",\n  \"graph\": {},\n  \"multigraph\": true,\n  \"nodes\": ";
const SCHEMA_KEY: &str = ",\n  \"schema\": ";
const TAIL: &str = "\n}\n";

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
            // Written in batches of any size, the same bytes; and on a pool of one worker, where
            // the next batch is printed only after this one is written.
            let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
            // Chunks that split an array or hold it whole, batches that end inside an array or
            // span all three.
            for (chunk, batch) in [(1, 1), (1, 2), (2, 3), (3, 1), (1, 1000), (1000, 1)] {
                let mut batched = Vec::new();
                super::write_json_in(&g, &mut batched, chunk, batch).unwrap();
                assert_eq!(batched, exact, "chunk {chunk}, batch {batch}");
                let mut alone = Vec::new();
                one.install(|| super::write_json_in(&g, &mut alone, chunk, batch)).unwrap();
                assert_eq!(alone, exact, "chunk {chunk}, batch {batch}, one worker");
            }
            // A writer that fails partway: an export error, whatever the batch.
            for (chunk, batch) in [(1, 1), (1000, 1000)] {
                let mut short = Failing(exact.len() / 2);
                let err = super::write_json_in(&g, &mut short, chunk, batch).unwrap_err();
                assert_eq!(err.kind(), crate::ErrorKind::Export);
            }
            let mut whole = serde_json::to_vec_pretty(&super::to_json_value(&g)).unwrap();
            whole.push(b'\n');
            assert_eq!(String::from_utf8(stitched).unwrap(), String::from_utf8(whole).unwrap());
        }
    }

    use crate::graph::{DocumentInfo, Evidence, Node, NodeKind, Relation};
    use crate::recognize::Date;
    use proptest::prelude::*;

    /// A graph whose every string is `s` (in a name, a title, a district, an evidence text, a
    /// document's path and title), with numbers and a date.
    fn graph_of(s: &str, n: usize) -> crate::KnowledgeGraph {
        let mut g = crate::KnowledgeGraph::new();
        let mut person = Node::new(NodeKind::Person, s, Some(s));
        person.titles = vec![s.to_string(), format!("{s}长")];
        person.district = Some(s.to_string());
        let mut event = Node::new(NodeKind::Event, s, None);
        event.date = Some(Date { year: Some(n as u16), month: (n % 13) as u8, day: (n % 120) as u8 });
        let untitled = g.add_node(Node::new(NodeKind::Person, "某", None));
        let (a, b) = (g.add_node(person), g.add_node(event));
        let ev = |doc: &str| Evidence { doc: doc.to_string(), start: n, end: n + 7, text: s.to_string() };
        g.add_edge(a, b, Relation::Presided, vec![ev(s), ev("b")]);
        g.add_edge(untitled, b, Relation::Attended, Vec::new());
        g.add_document(DocumentInfo {
            id: s.into(),
            path: Some(s.into()),
            title: Some(s.into()),
            date: None,
        });
        g.add_document(DocumentInfo {
            id: "d".into(),
            path: None,
            title: None,
            date: Some(Date { year: None, month: 1, day: 2 }),
        });
        g
    }

    #[test]
    fn escapes_like_serde_json() {
        for s in ["\"引号\"与\\反斜杠", "控制\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f}\u{7f}", "", "𠀀·é"]
        {
            let g = graph_of(s, 12);
            let mut whole = serde_json::to_vec_pretty(&super::to_json_value(&g)).unwrap();
            whole.push(b'\n');
            assert_eq!(
                String::from_utf8(super::to_json_vec(&g).unwrap()).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }

    proptest! {
        #[test]
        fn prints_like_serde_json(s in "\\PC{0,12}|[\"\\\\\u{0}-\u{1f}a甲]{0,12}|a{0,70}[\"\\\\\n]a{0,3}", n in 0usize..100_000) {
            let g = graph_of(&s, n);
            let mut whole = serde_json::to_vec_pretty(&super::to_json_value(&g)).unwrap();
            whole.push(b'\n');
            prop_assert_eq!(super::to_json_vec(&g).unwrap(), whole);
        }
    }

    /// A writer that takes this many bytes, then fails.
    struct Failing(usize);

    impl std::io::Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.0 {
                return Err(std::io::Error::other("disk full"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
}
