//! The one place where the stages are wired: normalise → segment → relate → resolve → graph.

use std::sync::{Arc, LazyLock};

use crate::cues::{Cues, Hit};
use crate::document::Document;
use crate::graph::{DocumentInfo, KnowledgeGraph};
use crate::lexicon::Lexicon;
use crate::normalize::{normalize_cued, OffsetMap};
use crate::relate::{ArticleFacts, Relater};
use crate::resolve::{add_article, EvidenceMaker};
use crate::segment::{segment_cued, BlockKind};

// Compiled once per process; pipelines share it.
static BUILTIN: LazyLock<Arc<Lexicon>> = LazyLock::new(|| Arc::new(Lexicon::builtin()));

/// Turns documents into a knowledge graph. Build once, use from many threads.
///
/// ```
/// use zhkg::{Document, NodeKind, Pipeline, Relation};
/// let doc = Document::new("a.txt", "本报讯 3月2日，某某县干部培训班开班。县委书记王小明出席开班式并讲话。");
/// let g = Pipeline::new().build_graph([&doc]);
/// let person = g.nodes_of(NodeKind::Person)[0];
/// assert_eq!(person.name, "王小明");
/// let roles: Vec<Relation> = g.roles_of(&person.id).iter().map(|r| r.0).collect();
/// assert_eq!(roles, [Relation::SpokeAt, Relation::Attended]);
/// ```
#[derive(Debug, Clone)]
pub struct Pipeline {
    lexicon: Arc<Lexicon>,
}

impl Default for Pipeline {
    fn default() -> Self {
        Self::new()
    }
}

impl Pipeline {
    /// A pipeline with the built-in lexicons.
    pub fn new() -> Self {
        Pipeline { lexicon: Arc::clone(&BUILTIN) }
    }

    /// A pipeline with a lexicon of your own (see [`Lexicon::builder`]).
    pub fn with_lexicon(lexicon: Lexicon) -> Self {
        Pipeline { lexicon: Arc::new(lexicon) }
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The graph of one document.
    pub fn extract(&self, doc: &Document) -> KnowledgeGraph {
        // A story's graph holds a handful of nodes and edges: room for them up front.
        let mut g = KnowledgeGraph::with_capacity(16, 16);
        self.read(doc).add_to(&mut g);
        g
    }

    /// Reads one document: its facts, to be added to a graph with [`Facts::add_to`]. Adding
    /// them to a graph gives what merging [`Pipeline::extract`]'s graph into it gives, without
    /// making the document's own graph first.
    ///
    /// ```
    /// use zhkg::{Document, KnowledgeGraph, Pipeline};
    /// let p = Pipeline::new();
    /// let docs = [Document::new("a", "县委书记王小明出席开班式。"), Document::new("b", "县长李四主持会议。")];
    /// let mut g = KnowledgeGraph::new();
    /// for d in &docs {
    ///     p.read(d).add_to(&mut g);
    /// }
    /// assert_eq!(zhkg::export::to_json_vec(&g).unwrap(), zhkg::export::to_json_vec(&p.build_graph(&docs)).unwrap());
    /// ```
    pub fn read<'a>(&'a self, doc: &'a Document) -> Facts<'a> {
        // The cues of the text, found in one pass for the splitter and the recognisers (see
        // `cues`); the list is scratch, kept per thread.
        thread_local! {
            static HITS: std::cell::Cell<Vec<Hit>> = const { std::cell::Cell::new(Vec::new()) };
        }
        let mut hits = HITS.try_with(|c| c.take()).unwrap_or_default();
        let norm = normalize_cued(&doc.text, self.lexicon.cues(), &mut hits);
        let articles = segment_cued(&norm.text, Cues::new(&hits));
        let mut relater = Relater::with_cues(&self.lexicon, &norm.text, doc.date, &hits);
        let facts = articles.iter().map(|a| relater.article(a)).collect();
        drop(relater);
        let _ = HITS.try_with(|c| c.set(hits));
        let title = doc.title.clone().or_else(|| {
            articles
                .first()
                .and_then(|a| a.blocks.iter().find(|b| b.kind == BlockKind::Heading))
                .map(|b| norm.text[b.span.start..b.span.end].trim_start_matches('#').trim().to_string())
        });
        Facts { lexicon: &self.lexicon, doc, norm: norm.map, articles: facts, title }
    }

    /// Like [`Pipeline::extract`], but a bug met on this document comes back as an
    /// [`ErrorKind::Internal`](crate::ErrorKind::Internal) error naming it instead of unwinding
    /// through the caller: one bad document never takes a whole run down.
    ///
    /// # Errors
    /// [`ErrorKind::Internal`](crate::ErrorKind::Internal) when extraction failed.
    pub fn try_extract(&self, doc: &Document) -> crate::Result<KnowledgeGraph> {
        caught(doc, || self.extract(doc))
    }

    /// Like [`Pipeline::read`], with a bug met on this document coming back as an error (see
    /// [`Pipeline::try_extract`]).
    ///
    /// # Errors
    /// [`ErrorKind::Internal`](crate::ErrorKind::Internal) when reading failed.
    pub fn try_read<'a>(&'a self, doc: &'a Document) -> crate::Result<Facts<'a>> {
        caught(doc, || self.read(doc))
    }

    /// The graph of many documents, merged.
    pub fn build_graph<'d>(&self, docs: impl IntoIterator<Item = &'d Document>) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        for d in docs {
            self.read(d).add_to(&mut g);
        }
        g
    }
}

/// `f()`, or the bug it met on `doc` as an error naming the document.
fn caught<T>(doc: &Document, f: impl FnOnce() -> T) -> crate::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|cause| {
        let what = cause
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| cause.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        crate::Error::new(
            crate::ErrorKind::Internal,
            format!("{}: internal error, please report: {what}", doc.id),
        )
    })
}

/// What one document says, read by [`Pipeline::read`] and not yet in a graph.
#[derive(Debug)]
pub struct Facts<'a> {
    lexicon: &'a Lexicon,
    doc: &'a Document,
    norm: OffsetMap,
    articles: Vec<ArticleFacts>,
    title: Option<String>,
}

impl Facts<'_> {
    /// Adds the document's nodes, edges and evidence to `g`.
    pub fn add_to(&self, g: &mut KnowledgeGraph) {
        let ev = EvidenceMaker::new(&self.doc.id, &self.norm, &self.doc.text);
        for facts in &self.articles {
            add_article(g, self.lexicon, facts, &ev);
        }
        let doc = self.doc;
        g.add_document(DocumentInfo {
            id: doc.id.clone(),
            path: doc.path.clone(),
            title: self.title.clone(),
            date: doc.date,
        });
    }

    /// Like [`Facts::add_to`], with a bug met on the way coming back as an error naming the
    /// document. `g` may then hold part of the document.
    ///
    /// # Errors
    /// [`ErrorKind::Internal`](crate::ErrorKind::Internal) when adding failed.
    pub fn try_add_to(&self, g: &mut KnowledgeGraph) -> crate::Result<()> {
        caught(self.doc, || self.add_to(g))
    }
}
