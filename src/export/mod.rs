//! Exports: free functions over a [`KnowledgeGraph`](crate::KnowledgeGraph), generic over
//! `io::Write`. Every export lists nodes and edges in id order, so the same graph always gives the
//! same bytes.

#[cfg(feature = "render")]
pub mod dot;
pub mod edges;
pub mod graphml;
pub mod json;
pub mod neo4j;

pub use json::{to_json_value, to_json_vec, write_json};
