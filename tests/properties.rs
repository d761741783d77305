//! Invariants over arbitrary text: no panic, every evidence span reads back and contains the
//! person's name for role edges, output is deterministic, merging equals building together.

use proptest::prelude::*;
use zhkg::{Document, Pipeline};

fn text_strategy() -> impl Strategy<Value = String> {
    // Report-like pieces glued at random, plus arbitrary Han text and punctuation.
    let pieces = prop::sample::select(vec![
        "本报讯 ", "3月5日，", "20日上午", "区委书记", "县委副书记、县长", "王小明", "欧阳", "上官云",
        "主持", "出席", "并讲话", "开班式", "结业仪式", "专题研讨班", "开班", "会议", "等出席", "、", "，",
        "。", "\n\n", "（某区委党校）", "# 标题\n", "他表示，", "由", "作动员讲话", "“", "”", "《", "》",
        "同志", "区领导", "2023年", ",", ":", "(", ")",
    ]);
    prop_oneof![
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat()),
        "[\\p{Han}。！？，、：；“”（）\n ]{0,120}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn spans_read_back_and_output_is_deterministic(text in text_strategy()) {
        let doc = Document::new("p.txt", text.clone());
        let p = Pipeline::new();
        let g = p.build_graph([&doc]);
        for (s, _, e) in g.edges() {
            prop_assert!(!e.evidence.is_empty());
            for ev in &e.evidence {
                prop_assert!(ev.start <= ev.end);
                let slice: String = text.chars().skip(ev.start).take(ev.end - ev.start).collect();
                prop_assert_eq!(&slice, &ev.text);
                if e.relation.is_role() {
                    // A hard line break inside a sentence may fall inside the name (`欧阳\n\n由`):
                    // the evidence is the original text, breaks and all.
                    let joined: String = ev.text.chars().filter(|c| !c.is_whitespace()).collect();
                    prop_assert!(joined.contains(&s.name) || joined.contains('他') || joined.contains('她'));
                }
            }
        }
        let a = zhkg::export::to_json_value(&g).to_string();
        let b = zhkg::export::to_json_value(&p.build_graph([&doc])).to_string();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn exports_parse_back(text in text_strategy()) {
        let g = Pipeline::new().build_graph([&Document::new("p.txt", text)]);
        // JSON through serde and the importer.
        let json = zhkg::export::to_json_value(&g).to_string();
        let back = zhkg::import::from_json_str(&json).expect("JSON reads back");
        prop_assert_eq!(zhkg::export::to_json_value(&back).to_string(), json);
        // DOT through graphviz-rust's parser.
        #[cfg(feature = "render")]
        {
            let dot = zhkg::export::dot::to_dot(&g);
            prop_assert!(graphviz_rust::parse(&dot).is_ok(), "DOT parses: {}", dot);
        }
        // GraphML through an XML parser: well-formed, one <node> per node, one <edge> per edge.
        let xml = zhkg::export::graphml::to_graphml(&g);
        let mut reader = quick_xml::Reader::from_str(&xml);
        let (mut nodes, mut edges) = (0, 0);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => match e.name().as_ref() {
                    b"node" => nodes += 1,
                    b"edge" => edges += 1,
                    _ => {}
                },
                Ok(quick_xml::events::Event::Eof) => break,
                Err(e) => prop_assert!(false, "GraphML is not well-formed XML: {}", e),
                _ => {}
            }
        }
        prop_assert_eq!((nodes, edges), (g.node_count(), g.edge_count()));
    }

    #[test]
    fn merging_equals_building_together(a in text_strategy(), b in text_strategy()) {
        let p = Pipeline::new();
        let (da, db) = (Document::new("a.txt", a), Document::new("b.txt", b));
        let together = zhkg::export::to_json_value(&p.build_graph([&da, &db])).to_string();
        let mut merged = p.extract(&db);
        merged.merge(&p.extract(&da));
        prop_assert_eq!(together, zhkg::export::to_json_value(&merged).to_string());
    }
}

/// The case proptest found: a name read across a blank line (the break is joined inside a
/// sentence) has as evidence the original text, with the break in it.
#[test]
fn a_name_across_a_hard_break_has_its_evidence_in_the_original() {
    let text = "县委副书记、县长欧阳\n\n由区委书记专题研讨班，主持";
    let g = Pipeline::new().build_graph([&Document::new("p.txt", text)]);
    let roles: Vec<_> = g.edges().into_iter().filter(|(_, _, e)| e.relation.is_role()).collect();
    assert!(!roles.is_empty());
    for (p, _, e) in roles {
        for v in &e.evidence {
            let joined: String = v.text.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(joined.contains(&p.name), "{} not in {:?}", p.name, v.text);
            assert_eq!(text.chars().skip(v.start).take(v.end - v.start).collect::<String>(), v.text);
        }
    }
}
