//! The checks the fuzz targets run (`fuzz/`), here so that stable Rust can replay the fuzz corpus
//! as a regression test (`tests/fuzz_corpus.rs`). Each panics when an invariant breaks.

use crate::{document, export, import, Document, Pipeline};

/// Decodes `data` and runs the pipeline: no panic, every evidence span reads back, the JSON export
/// reads back into the same graph.
pub fn pipeline(data: &[u8]) {
    static PIPELINE: std::sync::LazyLock<Pipeline> = std::sync::LazyLock::new(Pipeline::new);
    let Ok(text) = document::decode(data) else { return };
    let doc = Document::new("fuzz", text.clone());
    let g = PIPELINE.extract(&doc);
    for (_, _, e) in g.edges() {
        for ev in &e.evidence {
            let slice: String = text.chars().skip(ev.start).take(ev.end.saturating_sub(ev.start)).collect();
            assert_eq!(slice, ev.text, "evidence reads back");
        }
    }
    let json = export::to_json_value(&g).to_string();
    let back = import::from_json_str(&json).expect("own export reads back");
    assert_eq!(export::to_json_value(&back).to_string(), json, "export round-trips");
}

/// Reads `data` as a graph and merges it with itself: no panic, and merging is idempotent.
pub fn merge(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(g) = import::from_json_str(text) else { return };
    let mut twice = g.clone();
    twice.merge(&g);
    let once = export::to_json_value(&g).to_string();
    assert_eq!(export::to_json_value(&twice).to_string(), once, "merge is idempotent");
}
