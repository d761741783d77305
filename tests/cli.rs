//! The `zhkg` binary: exit codes, messages, and that one bad input loses nothing else.

mod common;

use std::process::Command;

fn zhkg() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zhkg"))
}

fn persons(json: &std::path::Path) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(json).expect("json written")).expect("json parses");
    let mut names: Vec<String> = v["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter(|n| n["kind"] == "person")
        .map(|n| n["name"].as_str().unwrap_or("").to_string())
        .collect();
    names.sort();
    names
}

/// `zhkg build data/sample --json JSON --dot DOT`.
fn build_sample_with_dot(json: &std::path::Path, dot: &std::path::Path) -> std::process::Output {
    zhkg()
        .args(["build", "data/sample", "--json"])
        .arg(json)
        .arg("--dot")
        .arg(dot)
        .current_dir(common::root())
        .output()
        .expect("runs")
}

#[test]
#[cfg(feature = "render")]
fn builds_the_sample_with_a_summary() {
    let dir = common::temp_dir("cli-sample");
    let json = dir.join("nested/g.json");
    let dot = dir.join("g.dot");
    let out = build_sample_with_dot(&json, &dot);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3 documents") && err.contains("role edges"), "summary: {err}");
    assert!(persons(&json).contains(&"欧阳明远".to_string()));
    let dot_text = std::fs::read_to_string(&dot).expect("dot written");
    assert!(dot_text.starts_with("digraph") && dot_text.contains("欧阳明远"));
}

/// Without the `render` feature a picture asked for fails with a message saying why, and the
/// other outputs are still written.
#[test]
#[cfg(not(feature = "render"))]
fn pictures_without_render_fail_clearly_and_the_json_is_written() {
    let dir = common::temp_dir("cli-norender");
    let (json, dot) = (dir.join("g.json"), dir.join("g.dot"));
    let out = build_sample_with_dot(&json, &dot);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("`render` feature"), "{err}");
    assert!(!persons(&json).is_empty() && !dot.exists());
}

#[test]
fn jsonl_and_stdin_inputs() {
    let dir = common::temp_dir("cli-jsonl");
    let jl = dir.join("in.jsonl");
    std::fs::write(
        &jl,
        "{\"id\":\"a\",\"date\":\"2023-05-02\",\"text\":\"本报讯 2日，某县干部培训班开班。县委书记韩立出席开班式。\"}\n",
    )
    .unwrap();
    let json = dir.join("g.json");
    let st = zhkg().arg("build").arg(&jl).arg("--json").arg(&json).status().expect("runs");
    assert!(st.success());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let ev = v["nodes"].as_array().unwrap().iter().find(|n| n["kind"] == "event").expect("event");
    assert_eq!(ev["date"], "2023-05-02");

    let mut child = zhkg()
        .args(["build", "-", "--json"])
        .arg(dir.join("s.json"))
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    use std::io::Write;
    child.stdin.take().unwrap().write_all("区长赵五出席会议。".as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(persons(&dir.join("s.json")), ["赵五"]);
}

#[test]
fn bad_input_fails_clearly_and_loses_nothing_else() {
    let dir = common::temp_dir("cli-bad");
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"\xe5\x8c\xba\xff\xfe broken").unwrap();
    let json = dir.join("g.json");
    let out = zhkg()
        .args(["build", "data/sample/deqing.txt"])
        .arg(&bad)
        .arg(dir.join("missing.txt"))
        .arg("--json")
        .arg(&json)
        .current_dir(common::root())
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.txt") && err.contains("UTF-8 at byte 3"), "{err}");
    assert!(err.contains("missing.txt"), "{err}");
    assert!(!err.contains("panicked"));
    assert!(persons(&json).contains(&"欧阳明远".to_string()), "the good file is still in the graph");
}

#[test]
#[cfg(feature = "render")]
fn svg_renders_cjk_or_says_how_to_install_graphviz() {
    let dir = common::temp_dir("cli-svg");
    let svg = dir.join("g.svg");
    let out = zhkg()
        .args(["build", "data/sample/wuhou.txt", "--svg"])
        .arg(&svg)
        .current_dir(common::root())
        .output()
        .expect("runs");
    let has_dot = Command::new("dot").arg("-V").output().is_ok();
    if has_dot {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = std::fs::read_to_string(&svg).expect("svg written");
        assert!(text.contains("<svg") && text.contains("上官宏"));
    } else {
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("install Graphviz"));
    }
}

#[test]
fn user_lexicon_adds_names_and_bad_lexicons_fail_clearly() {
    let dir = common::temp_dir("cli-lexicon");
    let lex = dir.join("lex.toml");
    std::fs::write(&lex, "names = [\"噶玛泽登\"]\ntitles = [\"首席科学家\"]\n").unwrap();
    let input = dir.join("in.txt");
    std::fs::write(&input, "本报讯 某县科技座谈会召开。首席科学家王大锤发言。噶玛泽登出席座谈会。").unwrap();
    let json = dir.join("g.json");
    let st =
        zhkg().arg("build").arg(&input).arg("--lexicon").arg(&lex).arg("--json").arg(&json).status().unwrap();
    assert!(st.success());
    assert_eq!(persons(&json), ["噶玛泽登", "王大锤"]);

    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "titles = [\"a\"]\nnmes = [\"x\"]\n").unwrap();
    let out =
        zhkg().arg("build").arg(&input).arg("--lexicon").arg(&bad).arg("--json").arg(&json).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml") && err.contains("line 2") && err.lines().count() == 1, "{err}");
}

#[test]
fn timings_name_every_phase_and_change_nothing_else() {
    let dir = common::temp_dir("cli-timings");
    let (plain, timed) = (dir.join("plain.json"), dir.join("timed.json"));
    let run = |json: &std::path::Path, timings: bool| {
        let mut cmd = zhkg();
        cmd.args(["build", "data/sample", "--quiet", "--json"]).arg(json).current_dir(common::root());
        if timings {
            cmd.arg("--timings");
        }
        cmd.output().expect("runs")
    };
    let quiet = run(&plain, false);
    assert!(quiet.status.success() && quiet.stderr.is_empty(), "{}", String::from_utf8_lossy(&quiet.stderr));
    let out = run(&timed, true);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let phases: Vec<&str> = err.lines().filter_map(|l| l.split(" s  ").nth(1)).collect();
    assert_eq!(
        phases,
        [
            "open inputs and compile lexicons", "read and extract", "merge the threads' graphs",
            "export and write", "total"
        ]
    );
    assert_eq!(std::fs::read(&plain).unwrap(), std::fs::read(&timed).unwrap());
}

#[test]
fn sync_writes_the_same_bytes_and_leaves_no_temporary_file() {
    let dir = common::temp_dir("cli-sync");
    let (plain, synced) = (dir.join("plain.json"), dir.join("synced.json"));
    // Each written twice: the second time over the first, which the rename replaces.
    std::fs::write(&plain, "old").unwrap();
    std::fs::write(&synced, "old").unwrap();
    for (json, sync) in [(&plain, false), (&synced, true), (&plain, false), (&synced, true)] {
        let mut cmd = zhkg();
        cmd.args(["build", "data/sample", "--quiet", "--json"]).arg(json).current_dir(common::root());
        if sync {
            cmd.arg("--sync");
        }
        let out = cmd.output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(std::fs::read(&plain).unwrap(), std::fs::read(&synced).unwrap());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["plain.json", "synced.json"]);
}

#[test]
fn an_output_path_that_is_a_directory_fails_and_the_directory_stays() {
    let dir = common::temp_dir("cli-dir-out");
    let taken = dir.join("g.json");
    std::fs::create_dir_all(taken.join("inside")).unwrap();
    let out = zhkg()
        .args(["build", "data/sample", "--quiet", "--json"])
        .arg(&taken)
        .current_dir(common::root())
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot write"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(taken.join("inside").is_dir(), "the directory was moved");
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["g.json"], "a temporary file was left");
}
