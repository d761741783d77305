//! Times each recognizer over a JSONL corpus (development aid).
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    let docs: Vec<_> = text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| zhkg::document::parse_jsonl_line(l, &i.to_string()).ok())
        .collect();
    let p = zhkg::Pipeline::new();
    let lex = p.lexicon();
    let t = Instant::now();
    let prepared: Vec<(String, Vec<zhkg::Span>)> = docs
        .iter()
        .map(|d| {
            let n = zhkg::normalize::normalize(&d.text);
            let s = zhkg::segment::segment(&n.text)
                .iter()
                .flat_map(|a| a.body().flat_map(|b| b.sentences.clone()).collect::<Vec<_>>())
                .collect();
            (n.text, s)
        })
        .collect();
    println!("normalize+segment {:?}", t.elapsed());
    let t = Instant::now();
    let mut runs = Vec::new();
    for (text, ss) in &prepared {
        for &s in ss {
            runs.push(zhkg::recognize::title::read_pieces(lex, text, s));
        }
    }
    println!("read_pieces {:?}", t.elapsed());
    let t = Instant::now();
    let known = Default::default();
    let mut i = 0;
    let mut n = 0;
    for (text, ss) in &prepared {
        for &s in ss {
            n += zhkg::recognize::person::find_persons(lex, text, s, &runs[i], &known).len();
            i += 1;
        }
    }
    println!("find_persons {:?} {n}", t.elapsed());
    let t = Instant::now();
    for (text, ss) in &prepared {
        for &s in ss {
            n += zhkg::recognize::event::find_events(text, s).len();
        }
    }
    println!("find_events {:?}", t.elapsed());
    let t = Instant::now();
    for (text, ss) in &prepared {
        for &s in ss {
            n += zhkg::recognize::date::find_dates(text, s).len();
        }
    }
    println!("find_dates {:?}", t.elapsed());
    let t = Instant::now();
    let g = p.build_graph(&docs);
    println!("whole pipeline {:?} {}", t.elapsed(), g.node_count() + n);
}
