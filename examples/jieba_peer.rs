//! The peer of issue 5's throughput target: jieba-rs `tag` (with HMM) over the texts of a JSON
//! Lines corpus on one thread, timed the way a user would run it (dictionary loaded first, not
//! timed). Prints seconds and MB/s of text.
//!
//! ```sh
//! cargo run --release --example jieba_peer -- ../shared/corpus/xwlb/articles.jsonl
//! ```

use std::time::Instant;

// The peer runs on the allocator the CLI runs on (mimalloc, v2 series): with it jieba-rs tags
// about 8% faster than with glibc's allocator, so the comparison gives the peer its best. The
// peer keeps mimalloc's transparent huge pages, which the CLI turns off (`no_huge_pages`): its
// dictionary is large and looked up at random, and without them it tagged the corpus about 15%
// slower (eight alternating pairs).
#[cfg(feature = "cli")]
#[path = "../src/bin/zhkg/alloc.rs"]
#[allow(dead_code)]
mod alloc;
#[cfg(feature = "cli")]
#[global_allocator]
static ALLOC: alloc::MiMalloc = alloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: jieba_peer CORPUS.jsonl")?;
    let input = zhkg::document::JsonlText::read(std::path::Path::new(&path))?;
    let docs: Vec<zhkg::Document> = input.records().into_iter().filter_map(|r| input.parse(r).ok()).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let jieba = jieba_rs::Jieba::new();
    let start = Instant::now();
    let tokens: usize = docs.iter().map(|d| jieba.tag(&d.text, true).len()).sum();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "jieba-rs tag: {secs:.3} s, {:.1} MB/s ({} documents, {tokens} tokens)",
        bytes as f64 / secs / 1e6,
        docs.len()
    );
    Ok(())
}
