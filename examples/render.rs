//! Renders the bundled sample (or the files given as arguments) as SVG and PNG through Graphviz.
//!
//! ```text
//! cargo run --example render                       # data/sample → out/sample.svg, out/sample.png
//! cargo run --example render -- ../shared/corpus/seed.txt
//! ```
use std::error::Error;
use std::path::PathBuf;

use zhkg::document::read_inputs;
use zhkg::export::dot::{render, ImageFormat};
use zhkg::Pipeline;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let inputs = if args.is_empty() {
        vec![concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample").to_string()]
    } else {
        args
    };
    // A file that cannot be read is reported; the rest are still rendered.
    let (docs, errors) = read_inputs(&inputs);
    for e in errors {
        eprintln!("render: {e}");
    }
    let graph = Pipeline::new().build_graph(&docs);
    let stem = if inputs.len() == 1 {
        PathBuf::from(&inputs[0]).file_stem().map_or("graph".into(), |s| s.to_string_lossy().into_owned())
    } else {
        "graph".into()
    };
    std::fs::create_dir_all("out")?;
    for (fmt, ext) in [(ImageFormat::Svg, "svg"), (ImageFormat::Png, "png")] {
        let path = format!("out/{stem}.{ext}");
        std::fs::write(&path, render(&graph, fmt)?)?;
        println!("wrote {path}");
    }
    Ok(())
}
