//! The one place where the stages are wired: normalise → segment → relate → resolve → graph.

use std::sync::{Arc, LazyLock};

use crate::document::Document;
use crate::graph::{DocumentInfo, KnowledgeGraph};
use crate::lexicon::Lexicon;
use crate::normalize::normalize;
use crate::relate::Relater;
use crate::resolve::{add_article, EvidenceMaker};
use crate::segment::{segment, BlockKind};

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
        let norm = normalize(&doc.text);
        let articles = segment(&norm.text);
        let ev = EvidenceMaker::new(&doc.id, &norm.map, &doc.text);
        let mut relater = Relater::new(&self.lexicon, &norm.text, doc.date);
        for a in &articles {
            let facts = relater.article(a);
            add_article(&mut g, &self.lexicon, &facts, &ev);
        }
        let title = doc.title.clone().or_else(|| {
            articles
                .first()
                .and_then(|a| a.blocks.iter().find(|b| b.kind == BlockKind::Heading))
                .map(|b| norm.text[b.span.start..b.span.end].trim_start_matches('#').trim().to_string())
        });
        g.add_document(DocumentInfo { id: doc.id.clone(), path: doc.path.clone(), title, date: doc.date });
        g
    }

    /// Like [`Pipeline::extract`], but a bug met on this document comes back as an
    /// [`ErrorKind::Internal`](crate::ErrorKind::Internal) error naming it instead of unwinding
    /// through the caller: one bad document never takes a whole run down.
    ///
    /// # Errors
    /// [`ErrorKind::Internal`](crate::ErrorKind::Internal) when extraction failed.
    pub fn try_extract(&self, doc: &Document) -> crate::Result<KnowledgeGraph> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.extract(doc))).map_err(|cause| {
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

    /// The graph of many documents, merged.
    pub fn build_graph<'d>(&self, docs: impl IntoIterator<Item = &'d Document>) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        for d in docs {
            g.merge_owned(self.extract(d));
        }
        g
    }
}
