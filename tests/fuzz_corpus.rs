//! Replays the fuzz corpus (`fuzz/corpus/<target>/`) on stable Rust: every input the fuzzers kept
//! (and every crash they ever found, fixed since) must pass the same checks again.

mod common;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = common::root().join("fuzz/corpus").join(target);
    let mut n = 0;
    let mut entries: Vec<_> =
        std::fs::read_dir(&dir).expect("fuzz corpus").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let data = std::fs::read(&p).expect("corpus file");
        let r = std::panic::catch_unwind(|| check(&data));
        assert!(r.is_ok(), "{} fails its fuzz check", p.display());
        n += 1;
    }
    n
}

#[test]
fn pipeline_corpus_replays() {
    let n = replay("pipeline", zhkg::fuzzing::pipeline);
    assert!(n >= 5, "the pipeline corpus has inputs ({n})");
}

#[test]
fn merge_corpus_replays() {
    let n = replay("merge", zhkg::fuzzing::merge);
    assert!(n >= 2, "the merge corpus has inputs ({n})");
}
