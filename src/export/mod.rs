//! Exports: free functions over a [`KnowledgeGraph`](crate::KnowledgeGraph), generic over
//! `io::Write`.

#[cfg(feature = "render")]
pub mod dot;
pub mod json;

pub use json::{to_json_value, write_json};
