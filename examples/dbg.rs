//! Debug helper: prints the graph of the texts given as arguments.
fn main() {
    let p = zhkg::Pipeline::new();
    for t in std::env::args().skip(1) {
        let g = p.build_graph([&zhkg::Document::new("arg", t)]);
        for n in g.nodes() {
            println!("{} {:?} {:?}", n.id, n.titles, n.date.map(|d| d.to_string()));
        }
        for (s, t, e) in g.edges() {
            println!("  {} -{}-> {} | {}", s.name, e.relation.as_str(), t.name, e.evidence[0].text);
        }
    }
}
