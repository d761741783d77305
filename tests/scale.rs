//! Sharding: extracting shards separately (`zhkg extract`) and merging (`zhkg merge`) gives a graph
//! byte-identical to the one-shot `zhkg build`, whatever the number of threads.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

fn zhkg() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zhkg"))
}

/// JSONL documents: the bundled sample, plus real stories when the shared corpus is present.
fn corpus_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for d in zhkg::document::read_source(&zhkg::Source::Dir(common::root().join("data/sample"))) {
        let d = d.expect("sample");
        lines.push(serde_json::json!({"id": d.id, "text": d.text}).to_string());
    }
    if let Some(shared) = common::shared("the real-story part of the shard test") {
        let pool = std::fs::read_to_string(shared.join("corpus/xwlb/meeting_pool.jsonl")).expect("pool");
        lines.extend(pool.lines().take(200).map(str::to_string));
    }
    lines
}

#[test]
fn shard_extract_merge_equals_one_shot_build() {
    let dir = common::temp_dir("scale");
    let lines = corpus_lines();
    let all = dir.join("all.jsonl");
    std::fs::write(&all, lines.join("\n") + "\n").unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.join(format!("one-shot-{threads}.json"));
        let st = zhkg()
            .args(["build", "--threads", threads, "--quiet"])
            .arg(&all)
            .arg("--json")
            .arg(&out)
            .status()
            .unwrap();
        assert!(st.success());
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(outputs[0], outputs[1], "the same bytes whatever the number of threads");
    // Four shards, in a shuffled order, extracted separately then merged.
    let mut partials = Vec::new();
    for k in [2usize, 0, 3, 1] {
        let shard: Vec<&String> = lines.iter().skip(k).step_by(4).collect();
        let mut child = zhkg().arg("extract").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let input = shard.iter().map(|l| format!("{l}\n")).collect::<String>();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        assert!(out.status.success());
        assert_eq!(
            out.stdout.iter().filter(|&&b| b == b'\n').count(),
            shard.len(),
            "one partial graph a line"
        );
        let p = dir.join(format!("shard{k}.jsonl"));
        std::fs::write(&p, out.stdout).unwrap();
        partials.push(p);
    }
    // Merging is associative: merge two pairs first, then the two results.
    let (a, b) = (dir.join("a.json"), dir.join("b.json"));
    assert!(zhkg()
        .args(["merge", "--quiet"])
        .arg(&partials[0])
        .arg(&partials[1])
        .arg("--json")
        .arg(&a)
        .status()
        .unwrap()
        .success());
    assert!(zhkg()
        .args(["merge", "--quiet"])
        .arg(&partials[2])
        .arg(&partials[3])
        .arg("--json")
        .arg(&b)
        .status()
        .unwrap()
        .success());
    let merged = dir.join("merged.json");
    assert!(zhkg()
        .args(["merge", "--quiet"])
        .arg(&b)
        .arg(&a)
        .arg("--json")
        .arg(&merged)
        .status()
        .unwrap()
        .success());
    assert!(std::fs::read(&merged).unwrap() == outputs[0], "shard-and-merge equals one-shot build");
}
