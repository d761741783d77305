//! Lists each event with who presided, spoke and attended, through the library API.
//!
//! ```text
//! cargo run --example query                        # the bundled sample
//! cargo run --example query -- ../shared/corpus/seed.txt
//! ```
use std::error::Error;

use zhkg::document::read_inputs;
use zhkg::{NodeKind, Pipeline, Relation};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let inputs = if args.is_empty() {
        vec![concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample").to_string()]
    } else {
        args
    };
    let (docs, errors) = read_inputs(&inputs);
    if let Some(e) = errors.into_iter().next() {
        return Err(e.into());
    }
    let graph = Pipeline::new().build_graph(&docs);
    for event in graph.nodes_of(NodeKind::Event) {
        let date = event.date.map(|d| format!(" ({d})")).unwrap_or_default();
        println!("{}{date}", event.name);
        for (label, rel) in
            [("presided", Relation::Presided), ("spoke", Relation::SpokeAt), ("attended", Relation::Attended)]
        {
            let people: Vec<String> = graph
                .participants(&event.id, rel)
                .iter()
                .map(|p| match p.titles.first() {
                    Some(t) => format!("{}（{t}）", p.name),
                    None => p.name.clone(),
                })
                .collect();
            if !people.is_empty() {
                println!("  {label:9} {}", people.join("、"));
            }
        }
    }
    Ok(())
}
