//! The dev set (`tests/dev/`): reports written for this project (`written/`, text and gold) and real
//! stories of `../shared/corpus/xwlb/meeting_pool.jsonl` (`real/`, gold only: the text stays in the
//! shared corpus and is read from there). Scored with the shared scorer, micro-averaged over the
//! documents; the thresholds are issue 3's floors.

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

fn cases(shared: &Path, scratch: &Path) -> Vec<Case> {
    let root = common::root().join("tests/dev");
    let mut out = Vec::new();
    let mut golds: Vec<PathBuf> = ["written", "real"]
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

#[test]
fn dev_set_meets_the_floors() {
    let Some(shared) = common::shared("the dev set test") else { return };
    let scratch = common::temp_dir("dev");
    let pipeline = Pipeline::new();
    let mut totals: HashMap<&str, [u64; 3]> = HashMap::new();
    let (mut ev_found, mut ev_all) = (0u64, 0u64);
    let mut lines = Vec::new();
    let cases = cases(&shared, &scratch);
    assert!(cases.len() >= 12, "the dev set has at least 12 reports");
    for c in &cases {
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
        let [tp, fp, fn_] = totals[m];
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
        "dev set ({} reports): persons F1 {:.3}, roles F1 {:.3}, titles F1 {:.3}, events recall {:.3}",
        cases.len(),
        f1("persons"),
        f1("roles"),
        f1("titles"),
        events_r
    );
    eprintln!("{}\n{summary}", lines.join("\n"));
    assert!(f1("persons") >= 0.97, "{summary}");
    assert!(f1("roles") >= 0.93, "{summary}");
    assert!(f1("titles") >= 0.85, "{summary}");
    assert!(events_r >= 0.9, "{summary}");
    let _ = std::fs::remove_dir_all(scratch);
}
