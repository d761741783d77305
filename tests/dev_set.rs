//! The dev set (`tests/dev/`): reports written for this project (`written/`, text and gold) and real
//! stories of `../shared/corpus/xwlb/meeting_pool.jsonl` (`real/`, gold only: the text stays in the
//! shared corpus and is read from there). Scored with the shared scorer, micro-averaged over the
//! documents; the thresholds are issue 3's floors. The second dev batch (`batch2/`, annotated
//! from the text alone) is held to floors a little under what it measured when it was made, so
//! that what was gained on it is not lost unseen.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use zhkg::{Document, Pipeline};

struct Case {
    gold: PathBuf,
    text_path: PathBuf,
    doc: Document,
}

fn cases(shared: &Path, scratch: &Path, dirs: &[&str]) -> Vec<Case> {
    let root = common::root().join("tests/dev");
    let mut out = Vec::new();
    let mut golds: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).into_iter().flatten().flatten().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    golds.sort();
    let mut pool: HashMap<String, serde_json::Value> = HashMap::new();
    let pool_text =
        std::fs::read_to_string(shared.join("corpus/xwlb/meeting_pool.jsonl")).expect("meeting pool");
    for line in pool_text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("pool line");
        pool.insert(v["id"].as_str().unwrap_or("").to_string(), v);
    }
    for gold in golds {
        let name = gold.file_name().unwrap().to_string_lossy().trim_end_matches(".gold.json").to_string();
        let own = gold.with_file_name(format!("{name}.txt"));
        let (text_path, text, date) = if own.exists() {
            (own.clone(), std::fs::read_to_string(&own).expect("text"), None)
        } else {
            let rec = pool.get(&name).unwrap_or_else(|| panic!("{name} not in the meeting pool"));
            let text =
                format!("{}\n{}", rec["title"].as_str().unwrap_or(""), rec["text"].as_str().unwrap_or(""));
            let p = scratch.join(format!("{name}.txt"));
            std::fs::write(&p, &text).expect("scratch text");
            (p, text, rec["date"].as_str().and_then(|d| d.parse().ok()))
        };
        let mut doc = Document::new(text_path.to_string_lossy().into_owned(), text);
        doc.date = date;
        out.push(Case { gold, text_path, doc });
    }
    out
}

/// Micro-averaged figures of a set of cases.
struct Scores {
    f1: HashMap<&'static str, f64>,
    events_r: f64,
    summary: String,
}

/// Scores `cases` with the shared scorer, every role's evidence reading back from its text.
fn score(shared: &Path, scratch: &Path, name: &str, cases: &[Case]) -> Scores {
    let pipeline = Pipeline::new();
    let mut totals: HashMap<&str, [u64; 3]> = HashMap::new();
    let (mut ev_found, mut ev_all) = (0u64, 0u64);
    let mut lines = Vec::new();
    for c in cases {
        let g = pipeline.build_graph([&c.doc]);
        let out = scratch.join("g.json");
        let mut buf = Vec::new();
        zhkg::export::write_json(&g, &mut buf).expect("json");
        std::fs::write(&out, buf).expect("write");
        let run = Command::new("python3")
            .arg(shared.join("tools/score.py"))
            .arg(&c.gold)
            .arg(&out)
            .arg("--text")
            .arg(&c.text_path)
            .arg("--json")
            .output()
            .expect("python3 runs the scorer");
        let r: serde_json::Value = serde_json::from_slice(&run.stdout).expect("scorer JSON");
        for m in ["persons", "roles", "titles"] {
            let t = totals.entry(m).or_default();
            for (i, k) in ["tp", "fp", "fn"].iter().enumerate() {
                t[i] += r[m][k].as_u64().unwrap_or(0);
            }
        }
        ev_found += r["events"]["tp"].as_u64().unwrap_or(0);
        ev_all += r["events"]["tp"].as_u64().unwrap_or(0) + r["events"]["fn"].as_u64().unwrap_or(0);
        assert_eq!(r["evidence"]["ok"], r["evidence"]["of"], "{}: evidence reads back", c.gold.display());
        lines.push(format!(
            "{:24} persons {:.2} roles {:.2} titles {:.2}",
            c.gold.file_name().unwrap().to_string_lossy(),
            r["persons"]["f1"].as_f64().unwrap_or(0.0),
            r["roles"]["f1"].as_f64().unwrap_or(0.0),
            r["titles"]["f1"].as_f64().unwrap_or(0.0)
        ));
    }
    let f1 = |m: &str| {
        let [tp, fp, fn_] = totals.get(m).copied().unwrap_or_default();
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fn_).max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    };
    let events_r = ev_found as f64 / ev_all.max(1) as f64;
    let summary = format!(
        "{name} ({} reports): persons F1 {:.3}, roles F1 {:.3}, titles F1 {:.3}, events recall {:.3}",
        cases.len(),
        f1("persons"),
        f1("roles"),
        f1("titles"),
        events_r
    );
    eprintln!("{}\n{summary}", lines.join("\n"));
    Scores { f1: ["persons", "roles", "titles"].into_iter().map(|m| (m, f1(m))).collect(), events_r, summary }
}

#[test]
fn dev_set_meets_the_floors() {
    let Some(shared) = common::shared("the dev set test") else { return };
    let scratch = common::temp_dir("dev");
    let cases = cases(&shared, &scratch, &["written", "real"]);
    assert!(cases.len() >= 12, "the dev set has at least 12 reports");
    let s = score(&shared, &scratch, "dev set", &cases);
    assert!(s.f1["persons"] >= 0.97, "{}", s.summary);
    assert!(s.f1["roles"] >= 0.93, "{}", s.summary);
    assert!(s.f1["titles"] >= 0.85, "{}", s.summary);
    assert!(s.events_r >= 0.9, "{}", s.summary);
    let _ = std::fs::remove_dir_all(scratch);
}

/// The second dev batch measured persons 0.971, roles 0.879, titles 0.867 and events 0.82 when its
/// rules were written (from 0.859, 0.839, 0.739 before them).
#[test]
fn second_dev_batch_keeps_its_gains() {
    let Some(shared) = common::shared("the second dev batch test") else { return };
    let scratch = common::temp_dir("dev2");
    let cases = cases(&shared, &scratch, &["batch2"]);
    assert_eq!(cases.len(), 12, "the second dev batch has 12 reports");
    let s = score(&shared, &scratch, "second dev batch", &cases);
    assert!(s.f1["persons"] >= 0.95, "{}", s.summary);
    assert!(s.f1["roles"] >= 0.85, "{}", s.summary);
    assert!(s.f1["titles"] >= 0.84, "{}", s.summary);
    assert!(s.events_r >= 0.75, "{}", s.summary);
    let _ = std::fs::remove_dir_all(scratch);
}
