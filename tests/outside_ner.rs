//! Outside check of the person recognizer on People's Daily 1998 (BIO, PER tags): each sentence
//! goes through the whole pipeline and its person nodes are compared with the gold PER names of
//! that sentence. zhkg only takes names where the context says they are names (titles, role verbs,
//! lists), so precision comes first; recall on general news is low by design.
//!
//! `cargo test --release --test outside_ner -- --nocapture` prints the figures.

mod common;

use std::collections::BTreeSet;

use zhkg::{Document, NodeKind, Pipeline};

/// Sentences of a BIO file with their gold PER names.
fn sentences(text: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let (mut sentence, mut gold, mut cur) = (String::new(), BTreeSet::new(), String::new());
        for line in block.lines() {
            let mut parts = line.split_whitespace();
            let (Some(ch), Some(tag)) = (parts.next(), parts.next()) else { continue };
            sentence.push_str(ch);
            let inside = tag.ends_with("PER") && !tag.starts_with('B') && !tag.starts_with('S');
            if !inside && !cur.is_empty() {
                gold.insert(std::mem::take(&mut cur));
            }
            if tag.ends_with("PER") {
                cur.push_str(ch);
            }
        }
        if !cur.is_empty() {
            gold.insert(cur);
        }
        if !sentence.is_empty() {
            out.push((sentence, gold));
        }
    }
    out
}

#[test]
fn peoples_daily_person_precision() {
    let Some(shared) = common::shared("the People's Daily check") else { return };
    let pipeline = Pipeline::new();
    for split in ["example.test", "example.dev"] {
        let path = shared.join("corpus/ner/peoples_daily").join(split);
        let text = std::fs::read_to_string(&path).expect("People's Daily file");
        let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
        let data = sentences(&text);
        for (sentence, gold) in &data {
            let g = pipeline.extract(&Document::new("s", sentence.clone()));
            let found: BTreeSet<String> =
                g.nodes_of(NodeKind::Person).iter().map(|p| p.name.clone()).collect();
            tp += found.intersection(gold).count();
            fp += found.difference(gold).count();
            if std::env::var_os("SHOW_SPURIOUS").is_some() {
                for f in found.difference(gold) {
                    eprintln!("  spurious {f} ← {}", sentence.chars().take(50).collect::<String>());
                }
            }
            fn_ += gold.difference(&found).count();
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fn_).max(1) as f64;
        eprintln!(
            "People's Daily {split}: {} sentences, persons P={p:.3} R={r:.3} (tp={tp} fp={fp} fn={fn_})",
            data.len()
        );
        assert!(p >= 0.85, "{split}: person precision {p:.3} fell below 0.85");
        assert!(tp > 50, "{split}: too few persons found ({tp})");
    }
}
