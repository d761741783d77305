//! Every export loaded by the tool its users would use: networkx (node-link JSON, GraphML), igraph
//! (GraphML), Graphviz (`dot -Tsvg`, CJK text in the SVG), Python's csv module on the Neo4j files
//! with their header conventions, pandas-style JSON Lines, and the JSON Schema validator on the
//! JSON. The Python side needs networkx, python-igraph and jsonschema; `.ci/run` installs them.
//! Outside CI the test skips with a message when they are missing; in CI it fails.

mod common;

#[cfg(feature = "render")]
use std::process::Command;

#[cfg(feature = "render")]
const CHECK: &str = r#"
import csv, glob, json, os, subprocess, sys
out = sys.argv[1]
import networkx as nx, igraph, jsonschema
data = json.load(open(f"{out}/g.json", encoding="utf-8"))
jsonschema.validate(data, json.load(open(sys.argv[2], encoding="utf-8")))
g = nx.node_link_graph(data, edges="edges")
assert g.number_of_edges() == len(data["edges"]), "networkx lost edges"
h = nx.read_graphml(f"{out}/g.graphml")
assert h.number_of_nodes() == g.number_of_nodes(), "graphml node count"
assert h.number_of_edges() == g.number_of_edges(), "graphml edge count"
kinds = {d["kind"] for _, d in h.nodes(data=True)}
assert kinds <= {"person", "title", "district", "institution", "event"}, kinds
ig = igraph.Graph.Read_GraphML(f"{out}/g.graphml")
assert ig.vcount() == g.number_of_nodes() and ig.is_directed()
assert isinstance(ig.es[0]["evidence_count"], (int, float))
r = subprocess.run(["dot", "-Tsvg", f"{out}/g.dot"], capture_output=True, text=True)
assert r.returncode == 0 and "欧阳明远" in r.stdout, "dot renders the DOT with CJK text"
svg = open(f"{out}/g.svg", encoding="utf-8").read()
assert "<svg" in svg and "欧阳明远" in svg, "--svg has the CJK names as text"
assert open(f"{out}/g.png", "rb").read(8) == b"\x89PNG\r\n\x1a\n", "--png is a PNG"
ids = set()
for f in sorted(glob.glob(f"{out}/neo4j/nodes_*.csv")):
    rows = list(csv.reader(open(f, encoding="utf-8")))
    assert rows[0][0] == "id:ID" and rows[0][-1] == ":LABEL", rows[0]
    ids |= {r[0] for r in rows[1:]}
rels = list(csv.reader(open(f"{out}/neo4j/relationships.csv", encoding="utf-8")))
assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"], rels[0]
assert all(r[0] in ids and r[1] in ids for r in rels[1:]), "every referenced id exists"
assert len(ids) == g.number_of_nodes() and len(rels) - 1 == g.number_of_edges()
assert os.path.exists(f"{out}/neo4j/import.cypher")
lines = [json.loads(l) for l in open(f"{out}/edges.jsonl", encoding="utf-8")]
assert len(lines) == g.number_of_edges()
assert all({"source_name", "source_kind", "target_name", "target_kind", "relation", "doc", "start", "end", "text"} <= set(l) for l in lines)
try:
    import pandas
    df = pandas.read_json(f"{out}/edges.jsonl", lines=True)
    assert len(df) == len(lines)
except ImportError:
    pass
print(f"exports load: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
"#;

#[cfg(feature = "render")]
fn have(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd).args(args).output().is_ok_and(|o| o.status.success())
}

#[test]
// Graphviz reads the DOT, SVG and PNG exports too: they need the `render` feature.
#[cfg(feature = "render")]
fn every_export_loads_in_its_consumer() {
    let ready = have("python3", &["-c", "import networkx, igraph, jsonschema"]) && have("dot", &["-V"]);
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have networkx, python-igraph, jsonschema and Graphviz"
        );
        eprintln!("skipping the export consumers test: needs python3 with networkx, python-igraph, jsonschema and Graphviz");
        return;
    }
    let dir = common::temp_dir("exports");
    let out = Command::new(env!("CARGO_BIN_EXE_zhkg"))
        .current_dir(common::root())
        .args(["build", "data/sample", "--json"])
        .arg(dir.join("g.json"))
        .arg("--graphml")
        .arg(dir.join("g.graphml"))
        .arg("--neo4j")
        .arg(dir.join("neo4j"))
        .arg("--edges-jsonl")
        .arg(dir.join("edges.jsonl"))
        .arg("--dot")
        .arg(dir.join("g.dot"))
        .arg("--svg")
        .arg(dir.join("g.svg"))
        .arg("--png")
        .arg(dir.join("g.png"))
        .arg("--cluster")
        .arg("district")
        .output()
        .expect("zhkg runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let check = Command::new("python3")
        .arg("-c")
        .arg(CHECK)
        .arg(&dir)
        .arg(common::root().join("schema/zhkg-1.schema.json"))
        .output()
        .expect("python3 runs");
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    if let Some(shared) = common::shared("the shared export checker") {
        let r = Command::new("python3")
            .arg(shared.join("tools/check_exports.py"))
            .arg(&dir)
            .arg("欧阳明远")
            .output()
            .expect("runs");
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stdout));
    }
}

#[test]
fn json_reads_back_into_the_same_graph() {
    let docs = zhkg::document::read_source(&zhkg::Source::Dir(common::root().join("data/sample")));
    let docs: Vec<_> = docs.into_iter().map(|d| d.expect("sample")).collect();
    let g = zhkg::Pipeline::new().build_graph(&docs);
    let text = zhkg::export::to_json_value(&g).to_string();
    let back = zhkg::import::from_json_str(&text).expect("reads back");
    assert_eq!(zhkg::export::to_json_value(&back).to_string(), text);
    assert!(zhkg::import::from_json_str("{\"schema\":\"other/9\",\"nodes\":[],\"edges\":[]}").is_err());
}

#[test]
#[cfg(feature = "render")]
fn focus_draws_a_neighbourhood() {
    let docs = zhkg::document::read_source(&zhkg::Source::Dir(common::root().join("data/sample")));
    let docs: Vec<_> = docs.into_iter().map(|d| d.expect("sample")).collect();
    let g = zhkg::Pipeline::new().build_graph(&docs);
    let n = g.neighbourhood("马骏", 1);
    assert!(n.node_count() >= 3 && n.node_count() < g.node_count() / 2);
    let dot = zhkg::export::dot::to_dot(&n);
    assert!(dot.contains("马骏") && !dot.contains("欧阳明远"));
}
