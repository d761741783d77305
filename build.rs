//! Compiles the built-in piece table (every division, place, organisation and position word) into
//! the leftmost-longest automaton the recognisers scan with, so that a run loads it in a few
//! milliseconds instead of compiling it. `Lexicon` compiles the same table the same way when words
//! are added, and a test holds the bundled automaton to that.

use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

#[allow(dead_code)]
#[path = "src/lexicon/table.rs"]
mod table;
#[allow(dead_code)]
#[path = "src/recognize/vocab.rs"]
mod vocab;

fn main() {
    for input in [
        "build.rs", "src/lexicon/table.rs", "src/recognize/vocab.rs", "data/provinces.csv",
        "data/cities.csv", "data/areas.csv", "data/towns.txt", "data/countries.txt",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    let src = table::Sources {
        provinces: include_str!("data/provinces.csv"),
        cities: include_str!("data/cities.csv"),
        areas: include_str!("data/areas.csv"),
        towns: include_str!("data/towns.txt"),
        countries: include_str!("data/countries.txt"),
        place_words: vocab::PLACE_WORDS,
        org_words: vocab::ORG_WORDS,
        position_words: vocab::POSITION_WORDS,
    };
    let divisions = table::divisions(&src, &[]);
    let entries = table::automaton_pieces(&src, &divisions, &[], &[]);
    let pieces = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .use_prefilter(false)
        .build_with_values(entries.iter().map(|(w, v)| (w.as_str(), *v)))
        .unwrap_or_else(|e| panic!("the built-in lexicon does not compile: {e}"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("pieces.daac"), pieces.serialize()).expect("writing the compiled lexicon");
}
