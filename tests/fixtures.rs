//! Data-driven recognizer and relation tests: `tests/fixtures/cases.json` holds sentences written
//! for this project (no shared corpus text) and what the graph must say about them.

use serde::Deserialize;
use zhkg::{Document, KnowledgeGraph, NodeKind, Pipeline};

#[derive(Deserialize)]
struct EventCase {
    contains: String,
    date: Option<String>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    date: Option<String>,
    persons: Option<Vec<String>>,
    #[serde(default)]
    titles: Vec<(String, String)>,
    #[serde(default)]
    roles: Vec<(String, String, String)>,
    #[serde(default)]
    not_roles: Vec<(String, String, String)>,
    #[serde(default)]
    no_roles: Vec<String>,
    #[serde(default)]
    events: Vec<EventCase>,
    #[serde(default)]
    no_titles: Vec<(String, String)>,
    event_count: Option<usize>,
}

fn has_role(g: &KnowledgeGraph, person: &str, rel: &str, event: &str) -> bool {
    g.edges().iter().any(|(s, t, e)| {
        s.kind == NodeKind::Person && s.name == person && e.relation.as_str() == rel && t.name.contains(event)
    })
}

#[test]
fn fixture_cases() {
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("fixtures/cases.json")).expect("cases.json parses");
    let pipeline = Pipeline::new();
    let mut failures = Vec::new();
    for c in &cases {
        let mut doc = Document::new(format!("{}.txt", c.name), c.text.clone());
        doc.date = c.date.as_deref().map(|d| d.parse().expect("case date"));
        let g = pipeline.build_graph([&doc]);
        let mut fail = |msg: String| failures.push(format!("[{}] {msg}", c.name));
        let persons: Vec<String> = g.nodes_of(NodeKind::Person).iter().map(|p| p.name.clone()).collect();
        if let Some(want) = &c.persons {
            let mut a = persons.clone();
            a.sort();
            let mut b = want.clone();
            b.sort();
            if a != b {
                fail(format!("persons {a:?}, want {b:?}"));
            }
        }
        for (p, t) in &c.titles {
            let ok = g.nodes_of(NodeKind::Person).iter().any(|n| &n.name == p && n.titles.contains(t));
            if !ok {
                fail(format!("{p} lacks title {t}"));
            }
        }
        for (p, t) in &c.no_titles {
            if g.nodes_of(NodeKind::Person)
                .iter()
                .any(|n| &n.name == p && n.titles.iter().any(|x| x.ends_with(t.as_str())))
            {
                fail(format!("{p} must not hold {t}"));
            }
        }
        if let Some(n) = c.event_count {
            let got = g.nodes_of(NodeKind::Event).len();
            if got != n {
                fail(format!("{got} events, want {n}"));
            }
        }
        for (p, r, e) in &c.roles {
            if !has_role(&g, p, r, e) {
                fail(format!("missing ({p}, {r}, …{e}…)"));
            }
        }
        for (p, r, e) in &c.not_roles {
            if has_role(&g, p, r, e) {
                fail(format!("spurious ({p}, {r}, …{e}…)"));
            }
        }
        for p in &c.no_roles {
            if g.edges().iter().any(|(s, _, e)| s.name == *p && e.relation.is_role()) {
                fail(format!("{p} must have no role"));
            }
        }
        for e in &c.events {
            let found = g.nodes_of(NodeKind::Event).into_iter().find(|n| n.name.contains(&e.contains));
            match (found, &e.date) {
                (None, _) => fail(format!("no event containing {}", e.contains)),
                (Some(n), Some(d)) if n.date.map(|x| x.to_string()).as_deref() != Some(d) => {
                    fail(format!("event {} dated {:?}, want {d}", n.name, n.date.map(|x| x.to_string())))
                }
                _ => {}
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
