//! Golden files: the JSON and DOT exports of the bundled sample, byte for byte. After an intended
//! change, regenerate with `UPDATE_GOLDEN=1 cargo test --test golden` and review the diff.

mod common;

use zhkg::document::{read_source, Source};
use zhkg::Pipeline;

fn sample_graph() -> zhkg::KnowledgeGraph {
    // Ids are relative paths so the golden files do not depend on where the crate lives.
    let dir = common::root().join("data/sample");
    let docs: Vec<_> = read_source(&Source::Dir(dir.clone()))
        .into_iter()
        .map(|d| {
            let mut d = d.expect("sample reads");
            let rel = std::path::Path::new(&d.id)
                .strip_prefix(common::root())
                .expect("inside crate")
                .to_string_lossy()
                .into_owned();
            d.id = rel.clone();
            d.path = Some(rel);
            d
        })
        .collect();
    Pipeline::new().build_graph(&docs)
}

fn check(name: &str, got: &[u8]) {
    let path = common::root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("golden dir")).expect("golden dir");
        std::fs::write(&path, got).expect("write golden");
        return;
    }
    let want = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    if want != got {
        let (w, g) = (String::from_utf8_lossy(&want), String::from_utf8_lossy(got));
        let line = w
            .lines()
            .zip(g.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(w.lines().count().min(g.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\n want: {}\n  got: {}\n(UPDATE_GOLDEN=1 rewrites it)",
            line + 1,
            w.lines().nth(line).unwrap_or("<end>"),
            g.lines().nth(line).unwrap_or("<end>")
        );
    }
}

#[test]
fn json_export_is_pinned() {
    let mut buf = Vec::new();
    zhkg::export::write_json(&sample_graph(), &mut buf).expect("json");
    check("sample.json", &buf);
}

#[test]
#[cfg(feature = "render")]
fn dot_export_is_pinned() {
    check("sample.dot", zhkg::export::dot::to_dot(&sample_graph()).as_bytes());
}

#[test]
fn graphml_export_is_pinned() {
    check("sample.graphml", zhkg::export::graphml::to_graphml(&sample_graph()).as_bytes());
}

#[test]
fn edges_jsonl_export_is_pinned() {
    let mut buf = Vec::new();
    zhkg::export::edges::write_edges_jsonl(&sample_graph(), &mut buf).expect("jsonl");
    check("sample.edges.jsonl", &buf);
}

#[test]
fn neo4j_export_is_pinned() {
    for (name, bytes) in zhkg::export::neo4j::neo4j_files(&sample_graph()).expect("neo4j") {
        check(&format!("neo4j/{name}"), &bytes);
    }
}

#[test]
fn json_export_is_node_link_with_evidence_that_reads_back() {
    let g = sample_graph();
    let v = zhkg::export::to_json_value(&g);
    assert_eq!(v["schema"], "zhkg/1");
    let ids: std::collections::HashSet<&str> =
        v["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    for e in v["edges"].as_array().unwrap() {
        assert!(ids.contains(e["source"].as_str().unwrap()) && ids.contains(e["target"].as_str().unwrap()));
        let evs = e["evidence"].as_array().unwrap();
        assert!(!evs.is_empty(), "every edge has evidence: {e}");
        for ev in evs {
            let text = std::fs::read_to_string(common::root().join(ev["doc"].as_str().unwrap())).unwrap();
            let (s, t) = (ev["start"].as_u64().unwrap() as usize, ev["end"].as_u64().unwrap() as usize);
            let slice: String = text.chars().skip(s).take(t - s).collect();
            assert_eq!(slice, ev["text"].as_str().unwrap());
        }
    }
}
