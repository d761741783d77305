//! `zhkg query GRAPH.json`: events of a person, participants of an event by role, who appeared
//! together with whom. A table by default, JSON with `--json`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;
use zhkg::{KnowledgeGraph, NodeKind, Relation};

#[derive(clap::Args)]
pub(crate) struct QueryArgs {
    /// A graph written by `zhkg build --json`.
    graph: PathBuf,
    /// The events of this person (name or id), with the role.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["event", "together"])]
    person: Option<String>,
    /// Who presided, spoke and attended at events whose name contains this.
    #[arg(long, value_name = "NAME", conflicts_with = "together")]
    event: Option<String>,
    /// Who appeared at the same events as this person, and how often.
    #[arg(long, value_name = "NAME")]
    together: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

const ROLES: [Relation; 3] = [Relation::Presided, Relation::SpokeAt, Relation::Attended];

fn persons<'g>(g: &'g KnowledgeGraph, name: &str) -> Vec<&'g zhkg::Node> {
    g.nodes_of(NodeKind::Person).into_iter().filter(|p| p.name == name || p.id == name).collect()
}

pub(crate) fn run(args: &QueryArgs) -> ExitCode {
    let text = match std::fs::read_to_string(&args.graph) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("zhkg: error: {}: {e}", args.graph.display());
            return ExitCode::FAILURE;
        }
    };
    let g = match zhkg::import::from_json_str(&text) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("zhkg: error: {}: {e}", args.graph.display());
            return ExitCode::FAILURE;
        }
    };
    let (rows, value) = if let Some(name) = &args.person {
        person_events(&g, name)
    } else if let Some(name) = &args.together {
        together(&g, name)
    } else {
        event_participants(&g, args.event.as_deref().unwrap_or(""))
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
    } else {
        print_table(&rows);
    }
    ExitCode::SUCCESS
}

type Table = Vec<Vec<String>>;

fn person_events(g: &KnowledgeGraph, name: &str) -> (Table, serde_json::Value) {
    let mut rows = vec![vec!["person".into(), "role".into(), "event".into(), "date".into()]];
    let mut out = Vec::new();
    for p in persons(g, name) {
        for (rel, ev) in g.roles_of(&p.id) {
            let date = ev.date.map(|d| d.to_string()).unwrap_or_default();
            rows.push(vec![p.name.clone(), rel.as_str().into(), ev.name.clone(), date.clone()]);
            out.push(json!({"person": p.id, "role": rel.as_str(), "event": ev.id, "event_name": ev.name, "date": date}));
        }
    }
    (rows, json!(out))
}

fn event_participants(g: &KnowledgeGraph, pattern: &str) -> (Table, serde_json::Value) {
    let mut rows = vec![vec!["event".into(), "date".into(), "role".into(), "persons".into()]];
    let mut out = Vec::new();
    for ev in g.nodes_of(NodeKind::Event).into_iter().filter(|e| e.name.contains(pattern)) {
        let date = ev.date.map(|d| d.to_string()).unwrap_or_default();
        let mut roles = serde_json::Map::new();
        for rel in ROLES {
            let people: Vec<String> = g.participants(&ev.id, rel).iter().map(|p| p.name.clone()).collect();
            if !people.is_empty() {
                rows.push(vec![ev.name.clone(), date.clone(), rel.as_str().into(), people.join("、")]);
            }
            roles.insert(rel.as_str().into(), json!(people));
        }
        out.push(json!({"event": ev.id, "name": ev.name, "date": date, "roles": roles}));
    }
    (rows, json!(out))
}

fn together(g: &KnowledgeGraph, name: &str) -> (Table, serde_json::Value) {
    let mut count: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for p in persons(g, name) {
        let events: std::collections::BTreeSet<String> =
            g.roles_of(&p.id).into_iter().map(|(_, e)| e.id.clone()).collect();
        for ev in &events {
            let mut seen = std::collections::BTreeSet::new();
            for rel in ROLES {
                for other in g.participants(ev, rel) {
                    if other.id != p.id && seen.insert(other.id.clone()) {
                        count.entry(other.id.clone()).or_insert((other.name.clone(), 0)).1 += 1;
                    }
                }
            }
        }
    }
    let mut list: Vec<(String, String, usize)> = count.into_iter().map(|(id, (n, c))| (id, n, c)).collect();
    list.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    let mut rows = vec![vec!["person".into(), "shared events".into()]];
    rows.extend(list.iter().map(|(_, n, c)| vec![n.clone(), c.to_string()]));
    let value = json!(list
        .iter()
        .map(|(id, n, c)| json!({"person": id, "name": n, "shared_events": c}))
        .collect::<Vec<_>>());
    (rows, value)
}

fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn print_table(rows: &Table) {
    let cols = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> =
        (0..cols).map(|i| rows.iter().map(|r| width(&r[i])).max().unwrap_or(0)).collect();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i].saturating_sub(width(c)))))
            .collect();
        println!("{}", line.join("  ").trim_end());
    }
}
