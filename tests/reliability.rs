//! Bad input never crashes zhkg or loses data: encodings, garbage, missing paths, bad JSON Lines,
//! `--strict`, determinism across runs, threads and input order, and the shared hostile-input check.

mod common;

use std::process::Command;

fn zhkg() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zhkg"))
}

fn sample(name: &str) -> String {
    std::fs::read_to_string(common::root().join("data/sample").join(name)).expect("sample")
}

fn graph_without_docs(path: &std::path::Path) -> serde_json::Value {
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("written")).expect("json");
    // Evidence names the input file; compare what was recognised.
    for e in v["edges"].as_array_mut().expect("edges") {
        for ev in e["evidence"].as_array_mut().expect("evidence") {
            ev["doc"] = serde_json::Value::Null;
        }
    }
    v["documents"] = serde_json::Value::Null;
    v
}

#[test]
fn gbk_utf16_and_bom_copies_give_the_same_graph() {
    let dir = common::temp_dir("rel-enc");
    let text = sample("deqing.txt");
    let utf8 = dir.join("utf8.txt");
    std::fs::write(&utf8, &text).unwrap();
    std::fs::write(dir.join("gbk.txt"), encoding_rs::GB18030.encode(&text).0).unwrap();
    let mut u16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        u16.extend(u.to_le_bytes());
    }
    std::fs::write(dir.join("utf16.txt"), u16).unwrap();
    std::fs::write(dir.join("bom.txt"), [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()).unwrap();
    let want = {
        assert!(zhkg()
            .arg("build")
            .arg(&utf8)
            .arg("--json")
            .arg(dir.join("utf8.json"))
            .status()
            .unwrap()
            .success());
        graph_without_docs(&dir.join("utf8.json"))
    };
    for name in ["gbk", "utf16", "bom"] {
        let out = dir.join(format!("{name}.json"));
        let st = zhkg()
            .arg("build")
            .arg(dir.join(format!("{name}.txt")))
            .arg("--json")
            .arg(&out)
            .status()
            .unwrap();
        assert!(st.success(), "{name}");
        let got = graph_without_docs(&out);
        assert_eq!(got["nodes"], want["nodes"], "{name}: same nodes");
        assert_eq!(
            got["edges"].as_array().map(Vec::len),
            want["edges"].as_array().map(Vec::len),
            "{name}: same edges"
        );
    }
}

#[test]
fn garbage_is_reported_with_its_name_and_the_rest_is_written() {
    let dir = common::temp_dir("rel-garbage");
    let bin: Vec<u8> = (0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(dir.join("junk.bin"), &bin).unwrap();
    std::fs::write(dir.join("good.txt"), sample("wuhou.txt")).unwrap();
    std::fs::write(
        dir.join("bad.jsonl"),
        "{\"id\":\"x\",\"text\":\"区长赵五出席会议。\"}\nnot json\n{\"id\":3}\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("emptydir")).unwrap();
    let json = dir.join("g.json");
    let out = zhkg()
        .arg("build")
        .arg(dir.join("junk.bin"))
        .arg(dir.join("good.txt"))
        .arg(dir.join("bad.jsonl"))
        .arg(dir.join("emptydir"))
        .arg(dir.join("nowhere.txt"))
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("junk.bin") && err.contains("byte"), "{err}");
    assert!(err.contains("bad.jsonl: line 2") && err.contains("bad.jsonl: line 3"), "{err}");
    assert!(err.contains("nowhere.txt"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let names: Vec<&str> = v["nodes"].as_array().unwrap().iter().filter_map(|n| n["name"].as_str()).collect();
    assert!(names.contains(&"上官宏") && names.contains(&"赵五"), "good inputs kept");

    // --strict: the same failure is fatal and nothing is written.
    let strict_json = dir.join("strict.json");
    let st = zhkg()
        .arg("build")
        .arg("--strict")
        .arg(dir.join("good.txt"))
        .arg(dir.join("junk.bin"))
        .arg("--json")
        .arg(&strict_json)
        .status()
        .unwrap();
    assert!(!st.success());
    assert!(!strict_json.exists());
}

#[test]
fn a_failed_write_leaves_the_previous_output_intact() {
    let dir = common::temp_dir("rel-atomic");
    let json = dir.join("g.json");
    std::fs::write(&json, "previous").unwrap();
    // The DOT cannot be written (its path is a directory); the JSON still is, atomically.
    std::fs::create_dir_all(dir.join("dot-is-a-dir")).unwrap();
    let out = zhkg()
        .current_dir(common::root())
        .args(["build", "data/sample/renhe.txt", "--json"])
        .arg(&json)
        .arg("--dot")
        .arg(dir.join("dot-is-a-dir"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(text.starts_with('{') && text.contains("马骏"));
    assert!(std::fs::read_dir(&dir).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("zhkg-tmp")));
}

/// A link to a device, a link to a file and a named pipe as outputs: the device and the pipe are
/// written into (a file put in place of `/dev/null` would break every program on the machine),
/// and the file a link names is replaced with the link left as it was.
#[cfg(unix)]
#[test]
fn devices_pipes_and_links_are_written_through_not_replaced() {
    use std::os::unix::fs::symlink;
    let dir = common::temp_dir("rel-special");
    let to_null = dir.join("to-null.json");
    symlink("/dev/null", &to_null).unwrap();
    let real = dir.join("real.json");
    std::fs::write(&real, "previous").unwrap();
    let to_real = dir.join("to-real.json");
    symlink(&real, &to_real).unwrap();
    let out = zhkg()
        .current_dir(common::root())
        .args(["build", "data/sample/renhe.txt", "--quiet", "--json"])
        .arg(&to_null)
        .arg("--dot")
        .arg(&to_real)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for link in [&to_null, &to_real] {
        assert!(std::fs::symlink_metadata(link).unwrap().file_type().is_symlink(), "{}", link.display());
    }
    assert_eq!(std::fs::read_link(&to_null).unwrap(), std::path::Path::new("/dev/null"));
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("digraph"));
    // Nothing left beside the outputs.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");

    // A named pipe, read while it is written (where `mkfifo` is at hand).
    let fifo = dir.join("pipe.json");
    if !Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        eprintln!("skipping the named pipe: no mkfifo");
        return;
    }
    // Read on a thread of its own, waited for with a time limit: a pipe replaced by a file would
    // leave the reader waiting for a writer that never comes.
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || tx.send(std::fs::read_to_string(fifo).unwrap()));
    }
    let out = zhkg()
        .current_dir(common::root())
        .args(["build", "data/sample/renhe.txt", "--quiet", "--json"])
        .arg(&fifo)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let read = rx.recv_timeout(std::time::Duration::from_secs(30)).expect("the pipe was read");
    assert!(read.starts_with('{') && read.contains("马骏"));
    assert!(!std::fs::symlink_metadata(&fifo).unwrap().file_type().is_file());
}

#[test]
fn output_is_identical_across_runs_threads_and_input_order() {
    let dir = common::temp_dir("rel-determinism");
    let files = ["data/sample/deqing.txt", "data/sample/renhe.txt", "data/sample/wuhou.txt"];
    let mut outs = Vec::new();
    for (k, (order, threads)) in
        [([0, 1, 2], "1"), ([2, 0, 1], "2"), ([1, 2, 0], "2"), ([0, 1, 2], "1")].iter().enumerate()
    {
        let json = dir.join(format!("g{k}.json"));
        let mut cmd = zhkg();
        cmd.current_dir(common::root()).args(["build", "--threads", threads]);
        for &i in order {
            cmd.arg(files[i]);
        }
        assert!(cmd.arg("--json").arg(&json).status().unwrap().success());
        outs.push(std::fs::read(&json).unwrap());
    }
    assert!(outs.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn shared_hostile_check_passes() {
    let Some(shared) = common::shared("the shared hostile-input check") else { return };
    let out = Command::new("bash")
        .arg(shared.join("tools/hostile_check.sh"))
        .arg(env!("CARGO_BIN_EXE_zhkg"))
        .arg(shared.join("corpus/seed.txt"))
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("10/10"), "{text}");
}
