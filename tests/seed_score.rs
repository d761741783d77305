//! The seed against its hand annotation, scored by the shared scorer: the numbers issue 2 promises.

mod common;

use std::process::Command;

use zhkg::document::read_file;
use zhkg::Pipeline;

#[test]
fn seed_scores_hold() {
    let Some(shared) = common::shared("the seed score test") else { return };
    // The document id is the path as given, so the scorer's --text finds it.
    let seed = shared.join("corpus/seed.txt");
    let doc = read_file(&seed).expect("seed reads");
    let g = Pipeline::new().build_graph([&doc]);
    let dir = common::temp_dir("seed");
    let out = dir.join("g.json");
    let mut buf = Vec::new();
    zhkg::export::write_json(&g, &mut buf).expect("json");
    std::fs::write(&out, buf).expect("write");
    let scorer = shared.join("tools/score.py");
    let gold = shared.join("corpus/seed.gold.json");
    let run = Command::new("python3")
        .arg(&scorer)
        .arg(&gold)
        .arg(&out)
        .arg("--text")
        .arg(&seed)
        .arg("--json")
        .output()
        .expect("python3 runs the scorer");
    assert!(run.status.success(), "scorer failed: {}", String::from_utf8_lossy(&run.stderr));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("scorer JSON");
    let f = |m: &str, k: &str| report[m][k].as_f64().unwrap_or(0.0);
    assert_eq!(f("persons", "f1"), 1.0, "persons: {}", report["persons"]);
    assert!(f("roles", "f1") >= 0.95, "roles: {}", report["roles"]);
    assert!(f("titles", "f1") >= 0.90, "titles: {}", report["titles"]);
    assert_eq!(f("events", "r"), 1.0, "events: {}", report["events"]);
    let dates = report["events"]["dates_right"].as_str().unwrap_or("");
    let (right, of) = dates.split_once('/').expect("n/m");
    assert_eq!(right, of, "every gold date right: {dates}");
    let ev = &report["evidence"];
    assert!(ev["of"].as_u64().unwrap_or(0) > 0);
    assert_eq!(ev["ok"], ev["of"], "every role edge's evidence reads back: {ev}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn realnews_runs_and_every_span_reads_back() {
    let Some(shared) = common::shared("the realnews smoke test") else { return };
    let dir = shared.join("corpus/realnews");
    let docs: Vec<_> =
        zhkg::document::read_source(&zhkg::Source::Dir(dir)).into_iter().map(|d| d.expect("reads")).collect();
    assert_eq!(docs.len(), 15);
    let g = Pipeline::new().build_graph(&docs);
    assert!(g.role_count() > 10, "realnews gives roles");
    for (_, _, e) in g.edges() {
        for ev in &e.evidence {
            let doc = docs.iter().find(|d| d.id == ev.doc).expect("evidence names a document");
            let text: String = doc.text.chars().skip(ev.start).take(ev.end - ev.start).collect();
            assert_eq!(text, ev.text);
        }
    }
}
