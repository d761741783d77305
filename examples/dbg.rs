fn main() {
    let lex = zhkg::Lexicon::builtin();
    for t in std::env::args().skip(1) {
        let n = zhkg::normalize::normalize(&t);
        println!("norm: {:?}", n.text);
        let sp = zhkg::Span::new(0, n.text.len());
        let runs = zhkg::recognize::title::read_pieces(&lex, &n.text, sp);
        for ti in &runs.titles { println!("title {:?} bare={}", &n.text[ti.span.start..ti.span.end], ti.bare); }
        for p in zhkg::recognize::person::find_persons(&lex, &n.text, sp, &runs, &Default::default()) { println!("person {:?} {:?}", p.name, p.titles.iter().map(|t| &t.text).collect::<Vec<_>>()); }
    }
}
