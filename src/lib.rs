//! # zhkg — Chinese official news → knowledge graph
//!
//! zhkg reads Chinese government and party news reports and builds a knowledge graph of **who
//! presided over, spoke at or attended which event**, with people's titles (职务), districts,
//! institutions and dates. Every edge carries evidence: the document and the character span it
//! was read from.
//!
//! Three types do the work:
//! - [`Pipeline`]: built once (it compiles the lexicons), then [`Pipeline::extract`] one
//!   [`Document`] or [`Pipeline::build_graph`] many;
//! - [`KnowledgeGraph`]: typed [`Node`]s and [`Edge`]s on a petgraph `StableDiGraph`, stable ids,
//!   deterministic order, [`KnowledgeGraph::merge`];
//! - the exports in [`export`]: node-link JSON (`zhkg/1`) and DOT.
//!
//! ```
//! use zhkg::{Document, Pipeline, Relation};
//! let text = "本报讯 5月6日，某某区2023年青年干部培训班开班。区委副书记、区长赵一鸣出席开班式。\
//!             开班式由区委常委、组织部部长钱二主持。";
//! let g = Pipeline::new().build_graph([&Document::new("news.txt", text)]);
//! let event = g.nodes_of(zhkg::NodeKind::Event).into_iter().find(|e| e.name.ends_with("开班式")).unwrap();
//! let chairs: Vec<&str> = g.participants(&event.id, Relation::Presided).iter().map(|p| p.name.as_str()).collect();
//! assert_eq!(chairs, ["钱二"]);
//! ```
//!
//! The stages, one module each: [`normalize`] → [`segment`] → [`recognize`] → [`relate`] →
//! [`resolve`] → [`graph`] → [`export`].
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod cues;
pub mod document;
pub mod error;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod graph;
pub mod import;
pub mod lexicon;
pub mod normalize;
pub mod pipeline;
pub mod recognize;
pub mod relate;
pub mod resolve;
mod scan;
pub mod segment;
pub mod span;

pub use document::{Document, Source};
pub use error::{Error, ErrorKind, Result};
pub use graph::{DocumentInfo, Edge, Evidence, KnowledgeGraph, Node, NodeKind, Relation};
pub use lexicon::{Lexicon, LexiconBuilder};
pub use pipeline::{Facts, Pipeline};
pub use recognize::Date;
pub use span::Span;

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
