//! Neo4j bulk import (`neo4j-admin database import full`): `nodes_<kind>.csv` with `id:ID`,
//! `:LABEL` and typed properties, `relationships.csv` with `:START_ID`, `:END_ID`, `:TYPE`, and
//! `import.cypher` (LOAD CSV + MERGE) for a running server.

use std::path::Path;

use crate::error::{Error, ErrorKind, Result};
use crate::graph::{KnowledgeGraph, NodeKind};

const KINDS: [NodeKind; 5] =
    [NodeKind::Person, NodeKind::Event, NodeKind::Title, NodeKind::District, NodeKind::Institution];

/// The label of a kind (`Person`).
pub fn label(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Person => "Person",
        NodeKind::Event => "Event",
        NodeKind::Title => "Title",
        NodeKind::District => "District",
        NodeKind::Institution => "Institution",
    }
}

/// The files of a Neo4j import as `(file name, contents)`, in a fixed order.
pub fn neo4j_files(g: &KnowledgeGraph) -> Result<Vec<(String, Vec<u8>)>> {
    let err = |e: csv::Error| Error::new(ErrorKind::Export, format!("writing Neo4j CSV: {e}"));
    let mut out = Vec::new();
    for kind in KINDS {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["id:ID", "name", "titles:string[]", "date", "district", ":LABEL"]).map_err(err)?;
        for n in g.nodes_of(kind) {
            let date = n.date.map(|d| d.to_string()).unwrap_or_default();
            let titles = n.titles.join(";");
            w.write_record([
                n.id.as_str(),
                &n.name,
                &titles,
                &date,
                n.district.as_deref().unwrap_or(""),
                label(kind),
            ])
            .map_err(err)?;
        }
        let bytes = w.into_inner().map_err(|e| Error::new(ErrorKind::Export, e.to_string()))?;
        out.push((format!("nodes_{}.csv", kind.as_str()), bytes));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        ":START_ID", ":END_ID", ":TYPE", "evidence_count:int", "doc", "start:int", "end:int", "text",
    ])
    .map_err(err)?;
    for (a, b, e) in g.edges() {
        let first = e.evidence.first();
        w.write_record([
            a.id.as_str(),
            b.id.as_str(),
            &e.relation.as_str().to_uppercase(),
            &e.evidence.len().to_string(),
            first.map_or("", |v| v.doc.as_str()),
            &first.map(|v| v.start.to_string()).unwrap_or_default(),
            &first.map(|v| v.end.to_string()).unwrap_or_default(),
            first.map_or("", |v| v.text.as_str()),
        ])
        .map_err(err)?;
    }
    out.push((
        "relationships.csv".into(),
        w.into_inner().map_err(|e| Error::new(ErrorKind::Export, e.to_string()))?,
    ));
    out.push(("import.cypher".into(), cypher().into_bytes()));
    Ok(out)
}

fn cypher() -> String {
    let mut s = String::from(
        "// Load zhkg's CSV files into a running Neo4j: copy them to the server's import directory, then\n// run this script (cypher-shell -f import.cypher).\n",
    );
    for kind in KINDS {
        let l = label(kind);
        s.push_str(&format!(
            "CREATE CONSTRAINT {}_id IF NOT EXISTS FOR (n:{l}) REQUIRE n.id IS UNIQUE;\n",
            kind.as_str()
        ));
    }
    for kind in KINDS {
        let l = label(kind);
        s.push_str(&format!(
            "LOAD CSV WITH HEADERS FROM 'file:///nodes_{k}.csv' AS row\nMERGE (n:{l} {{id: row.`id:ID`}})\nSET n.name = row.name, n.titles = CASE row.`titles:string[]` WHEN '' THEN [] ELSE split(row.`titles:string[]`, ';') END,\n    n.date = CASE row.date WHEN '' THEN null ELSE row.date END, n.district = CASE row.district WHEN '' THEN null ELSE row.district END;\n",
            k = kind.as_str()
        ));
    }
    for rel in ["PRESIDED", "SPOKE_AT", "ATTENDED", "HOLDS", "LOCATED_IN", "ORGANIZED_BY", "PART_OF"] {
        s.push_str(&format!(
            "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row\nWITH row WHERE row.`:TYPE` = '{rel}'\nMATCH (a {{id: row.`:START_ID`}}), (b {{id: row.`:END_ID`}})\nMERGE (a)-[r:{rel}]->(b)\nSET r.evidence_count = toInteger(row.`evidence_count:int`), r.doc = row.doc,\n    r.start = toInteger(row.`start:int`), r.end = toInteger(row.`end:int`), r.text = row.text;\n"
        ));
    }
    s
}

/// Writes the Neo4j import files into `dir` (created if missing).
///
/// # Errors
/// [`ErrorKind::Export`] when a file cannot be written.
pub fn write_neo4j(g: &KnowledgeGraph, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::new(ErrorKind::Export, format!("cannot create {}: {e}", dir.display())))?;
    for (name, bytes) in neo4j_files(g)? {
        let p = dir.join(name);
        std::fs::write(&p, bytes)
            .map_err(|e| Error::new(ErrorKind::Export, format!("cannot write {}: {e}", p.display())))?;
    }
    Ok(())
}
