//! Throughput (MB/s of text) on the real corpus `../shared/corpus/xwlb/articles.jsonl`, stage by
//! stage, with jieba-rs `tag` over the same texts in the same group so every run shows the ratio on
//! the same machine. Skips with a message when the corpus is absent.
//!
//! `cargo bench --bench throughput` uses the first ~4 MB of the corpus; `ZHKG_BENCH_FULL=1` the
//! whole ~29 MB.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zhkg::{Document, Pipeline};

fn corpus() -> Option<Vec<Document>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/xwlb/articles.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping benchmarks: {} is not present", path.display());
        return None;
    };
    let limit = if std::env::var_os("ZHKG_BENCH_FULL").is_some() { usize::MAX } else { 4 << 20 };
    let mut docs = Vec::new();
    let mut bytes = 0;
    for (i, line) in text.lines().enumerate() {
        let Ok(d) = zhkg::document::parse_jsonl_line(line, &i.to_string()) else { continue };
        bytes += d.text.len();
        docs.push(d);
        if bytes >= limit {
            break;
        }
    }
    Some(docs)
}

fn bench(c: &mut Criterion) {
    let Some(docs) = corpus() else { return };
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let pipeline = Pipeline::new();
    let lex = pipeline.lexicon();
    let jieba = jieba_rs::Jieba::new();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("normalize+segment", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                let norm = zhkg::normalize::normalize(&d.text);
                n += zhkg::segment::segment(&norm.text).len();
            }
            black_box(n)
        })
    });
    // Segmented once, outside the timed loop: recognition alone.
    let prepared: Vec<(String, Vec<zhkg::Span>)> = docs
        .iter()
        .map(|d| {
            let norm = zhkg::normalize::normalize(&d.text);
            let sentences = zhkg::segment::segment(&norm.text)
                .iter()
                .flat_map(|a| a.body().flat_map(|b| b.sentences.clone()).collect::<Vec<_>>())
                .collect();
            (norm.text, sentences)
        })
        .collect();
    group.bench_function("recognize", |b| {
        b.iter(|| {
            let mut n = 0;
            let known = zhkg::recognize::person::KnownNames::default();
            for (text, sentences) in &prepared {
                for &s in sentences {
                    let runs = zhkg::recognize::title::read_pieces(lex, text, s);
                    n += zhkg::recognize::person::find_persons(lex, text, s, &runs, &known).len();
                    n += zhkg::recognize::event::find_events(text, s).len();
                    n += zhkg::recognize::date::find_dates(text, s).len();
                }
            }
            black_box(n)
        })
    });
    group.bench_function("pipeline to graph", |b| {
        b.iter(|| black_box(pipeline.build_graph(&docs).node_count()))
    });
    let graph = pipeline.build_graph(&docs);
    group.bench_function("json export", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            zhkg::export::write_json(&graph, &mut out).expect("json");
            black_box(out.len())
        })
    });
    group.bench_function("jieba-rs tag (peer)", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                n += jieba.tag(&d.text, true).len();
            }
            black_box(n)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
