//! The door to the outside: a closed pipe ends output quietly and never changes the verdict (nor
//! panics), no output is written over an input of the same run or over another output, and every
//! CSV crackdown writes neutralises cells a spreadsheet would run.

mod common;

use std::io::Read;
use std::process::{Output, Stdio};

use common::{ARRESTS_HEADER, TestEnv, small_dataset};

/// How the reader of a pipe goes away.
#[derive(Debug, Clone, Copy)]
enum Close {
    /// Before crackdown writes anything (`| head -c0`).
    Before,
    /// After reading a few bytes (`| head -c100`).
    After(usize),
}

/// Runs crackdown with stdout (and, with `stderr_too`, stderr) going to pipes whose reader goes
/// away as `close` says; returns the exit status and whatever stderr said when it stays open.
fn closed(env: &TestEnv, args: &[&str], close: Close, stderr_too: bool) -> (Option<i32>, String) {
    let mut child = env
        .command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    // Stderr is read on a thread of its own, so that a child filling it never waits on us.
    let stderr = if stderr_too {
        drop(stderr);
        None
    } else {
        Some(std::thread::spawn(move || {
            let mut text = String::new();
            let mut stderr = stderr;
            stderr.read_to_string(&mut text).unwrap();
            text
        }))
    };
    if let Close::After(n) = close {
        let mut head = vec![0u8; n];
        let _ = stdout.read_exact(&mut head);
    }
    drop(stdout);
    let said = stderr.map_or_else(String::new, |reader| reader.join().unwrap());
    let status = child.wait().unwrap();
    (status.code(), said)
}

#[track_caller]
fn assert_verdict(env: &TestEnv, args: &[&str], expected: i32) {
    for close in [Close::Before, Close::After(100), Close::After(1)] {
        for stderr_too in [false, true] {
            let (code, stderr) = closed(env, args, close, stderr_too);
            assert!(
                !stderr.contains("panicked"),
                "crackdown {args:?} ({close:?}) panicked: {stderr}"
            );
            assert_eq!(
                code,
                Some(expected),
                "crackdown {args:?} with {close:?}, stderr closed too: {stderr_too}\n{stderr}"
            );
        }
    }
}

/// A dataset with a problem in each of many rows.
fn bad_dataset(env: &TestEnv) {
    small_dataset(env, "bad");
    let mut arrests = String::from(ARRESTS_HEADER);
    for i in 0..500 {
        arrests.push_str(&format!("A-{i},2026-02-03,Atlantis,CN,,,,,\n"));
    }
    env.write("bad/arrests.csv", arrests);
}

#[test]
fn a_closed_pipe_keeps_the_verdict_of_validate() {
    let env = TestEnv::new();
    bad_dataset(&env);
    assert_verdict(&env, &["validate", "-f", "json", "bad"], 3);
    assert_verdict(&env, &["validate", "bad"], 3);
    small_dataset(&env, "good");
    assert_verdict(&env, &["validate", "-f", "json", "good"], 0);
}

#[test]
fn a_closed_pipe_keeps_the_verdict_of_reconcile() {
    let env = TestEnv::new();
    env.builtin_copy("copy");
    let arrests = env.read("copy/arrests.csv");
    let kept: Vec<&str> = arrests
        .lines()
        .filter(|l| !l.starts_with("ARR-284,"))
        .collect();
    env.write("copy/arrests.csv", kept.join("\n") + "\n");
    assert_verdict(&env, &["reconcile", "copy"], 1);
    assert_verdict(&env, &["reconcile", "copy", "-f", "json"], 1);
    assert_verdict(&env, &["reconcile"], 0);
}

#[test]
fn a_closed_pipe_keeps_the_verdict_of_report() {
    let env = TestEnv::new();
    bad_dataset(&env);
    // Strict: the problems go to stderr, which may be closed too (`2>&1 | head -c1`).
    assert_verdict(&env, &["report", "bad"], 3);
    assert_verdict(&env, &["report", "bad", "--lenient"], 0);
    assert_verdict(&env, &["report", "-f", "csv", "--by", "operation"], 0);
    assert_verdict(&env, &["report", "-f", "json"], 0);
}

#[test]
fn a_closed_pipe_keeps_the_verdict_of_figures_check() {
    let env = TestEnv::new();
    env.run(&["figures", "--out", "figs"]).code(0);
    assert_verdict(&env, &["figures", "--check", "--out", "figs"], 0);
    env.write("figs/index.md", "stale\n");
    assert_verdict(&env, &["figures", "--check", "--out", "figs"], 1);
}

#[test]
fn help_into_a_closed_pipe_does_not_panic() {
    let env = TestEnv::new();
    assert_verdict(&env, &["--help"], 0);
    assert_verdict(&env, &["report", "--help"], 0);
}

#[test]
fn a_closed_stderr_loses_messages_not_output() {
    let env = TestEnv::new();
    bad_dataset(&env);
    let full = env.run(&["report", "bad", "--lenient", "-f", "csv"]);
    full.code(0).stderr_has("with problems were left out");
    let output: Output = env
        .command(&["report", "bad", "--lenient", "-f", "csv"])
        .stderr(Stdio::null())
        .output()
        .unwrap();
    // /dev/null takes everything; a pipe nobody reads is the closed case.
    assert_eq!(output.status.code(), Some(0));
    let mut child = env
        .command(&["report", "bad", "--lenient", "-f", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert_eq!(stdout, full.stdout, "the report is whole");
}

#[test]
fn a_report_over_its_input_is_refused() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    let before = env.read("data/arrests.csv");
    env.run(&[
        "report",
        "--arrests",
        "data/arrests.csv",
        "-o",
        "data/arrests.csv",
    ])
    .code(2)
    .stdout_empty()
    .stderr_has("error: -o data/arrests.csv is the arrests input of this run")
    .stderr_has("name another file for -o");
    assert_eq!(
        env.read("data/arrests.csv"),
        before,
        "the input is untouched"
    );
    env.run(&["report", "data", "-o", "data/inspections.csv", "-f", "csv"])
        .code(2)
        .stderr_has("-o data/inspections.csv is the inspections input");
    env.run(&["validate", "data", "-o", "data/prosecutions.csv"])
        .code(2)
        .stderr_has("the prosecutions input");
    // Named another way, it is the same file.
    env.run(&["report", "data", "-o", "./data/../data/arrests.csv"])
        .code(2)
        .stderr_has("(data/arrests.csv is the same file)");
    assert_eq!(env.read("data/arrests.csv"), before);
    // Elsewhere is fine.
    env.run(&["report", "data", "-o", "report.txt"]).code(0);
    assert!(env.read("report.txt").contains("Per Khan"));
}

#[test]
fn rejects_over_an_input_are_refused() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.write(
        "data/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,Atlantis,CN,,,,,\n"),
    );
    let before = env.read("data/arrests.csv");
    env.run(&[
        "report",
        "data",
        "--lenient",
        "--rejects",
        "data/arrests.csv",
    ])
    .code(2)
    .stderr_has("--rejects data/arrests.csv is the arrests input of this run");
    env.run(&["validate", "data", "--rejects", "data/arrests.csv"])
        .code(2);
    assert_eq!(
        env.read("data/arrests.csv"),
        before,
        "not turned into a header line"
    );
}

#[test]
fn outputs_into_the_dataset_are_refused() {
    let env = TestEnv::new();
    env.builtin_copy("copy");
    let published = env.read("copy/published.json");
    env.run(&["report", "copy", "-f", "json", "-o", "copy/published.json"])
        .code(2)
        .stderr_has("-o copy/published.json is the published figures of this run");
    env.run(&[
        "reconcile",
        "copy",
        "-f",
        "json",
        "-o",
        "copy/published.json",
    ])
    .code(2);
    assert_eq!(env.read("copy/published.json"), published);
    // Not there yet, it would still be read as part of the dataset next time.
    small_dataset(&env, "data");
    env.run(&["report", "data", "-f", "json", "-o", "data/published.json"])
        .code(2)
        .stderr_has("-o data/published.json would become part of the dataset in data")
        .stderr_has("its published figures");
    env.run(&["report", "data", "-f", "csv", "-o", "data/ARRESTS.json"])
        .code(2)
        .stderr_has("its arrests records");
    // By the one rule the directory is read by: a monthly file is a file of arrests too.
    env.run(&[
        "report",
        "data",
        "-f",
        "csv",
        "-o",
        "data/arrests-2026-03.csv",
    ])
    .code(2)
    .stderr_has("its arrests records");
    assert!(!env.path("data/published.json").exists());
    // Other names in the directory are not records.
    env.run(&["report", "data", "-o", "data/report.txt"])
        .code(0);
}

#[test]
fn rejects_and_result_in_the_same_file_are_refused() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.write(
        "data/arrests.csv",
        format!("{ARRESTS_HEADER}A-1,2026-02-03,Atlantis,CN,,,,,\n"),
    );
    let run = env.run(&[
        "report",
        "data",
        "--lenient",
        "--rejects",
        "out.csv",
        "-o",
        "out.csv",
    ]);
    run.code(2)
        .stderr_has("--rejects out.csv and -o out.csv are the same file")
        .stderr_has("give each its own file");
    assert!(!run.stderr.contains("see out.csv"), "{}", run.stderr);
    assert!(!env.path("out.csv").exists());
    // figures writes every file into --out.
    env.run(&[
        "figures",
        "data",
        "--lenient",
        "--rejects",
        "figs/index.md",
        "--out",
        "figs",
    ])
    .code(2)
    .stderr_has("--rejects figs/index.md and --out figs/index.md are the same file");
}

#[cfg(unix)]
#[test]
fn links_to_an_input_are_the_input() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    let before = env.read("data/arrests.csv");
    std::os::unix::fs::symlink("data/arrests.csv", env.path("link.csv")).unwrap();
    env.run(&["report", "data", "-o", "link.csv"])
        .code(2)
        .stderr_has(
            "-o link.csv is the arrests input of this run (data/arrests.csv is the same file)",
        );
    std::fs::hard_link(env.path("data/arrests.csv"), env.path("hard.csv")).unwrap();
    env.run(&["report", "data", "-o", "hard.csv"])
        .code(2)
        .stderr_has("-o hard.csv is the arrests input");
    env.run(&["report", "data", "--lenient", "--rejects", "hard.csv"])
        .code(2)
        .stderr_has("--rejects hard.csv is the arrests input");
    // An input named through a link is caught from the other side too.
    env.run(&["report", "--arrests", "link.csv", "-o", "data/arrests.csv"])
        .code(2);
    assert_eq!(env.read("data/arrests.csv"), before);
    // Two outputs, one through a link to the other.
    env.write("out.csv", "");
    std::os::unix::fs::symlink("out.csv", env.path("out-link.csv")).unwrap();
    env.run(&[
        "report",
        "data",
        "--lenient",
        "--rejects",
        "out.csv",
        "-o",
        "out-link.csv",
    ])
    .code(2)
    .stderr_has("are the same file");
    // Devices are not files: nothing is replaced.
    env.run(&["report", "data", "-o", "/dev/null"]).code(0);
}

#[test]
fn the_rejects_csv_neutralises_formulas_like_the_report_csv() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.write(
        "data/arrests.csv",
        format!(
            "{ARRESTS_HEADER}A-1,2026-02-03,\"=HYPERLINK(\"\"x\"\")\",CN,,,,,\nA-2,2026-02-03,@SUM(A1),CN,,,,,\n"
        ),
    );
    env.run(&["report", "data", "--lenient", "--rejects", "rejects.csv"])
        .code(0)
        .stderr_has("see rejects.csv");
    let rejects = env.read("rejects.csv");
    assert!(
        rejects.starts_with("file,line,column,value,code,reason\n"),
        "{rejects}"
    );
    assert!(
        rejects.contains("data/arrests.csv,2,khan,\"'=HYPERLINK(\"\"x\"\")\","),
        "{rejects}"
    );
    assert!(
        rejects.contains("data/arrests.csv,3,khan,'@SUM(A1),"),
        "{rejects}"
    );
    for line in rejects.lines() {
        assert!(!line.contains(",=") && !line.contains(",\"="), "{line}");
    }
}

/// The entries of the test's directory that are temporary files of crackdown's.
fn temporaries(env: &TestEnv) -> Vec<String> {
    env.entries("")
        .into_iter()
        .filter(|name| name.starts_with(".crackdown-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_file_replaced_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    small_dataset(&env, "data");
    let mode = |name: &str| {
        std::fs::metadata(env.path(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    };
    for wanted in [0o600, 0o640, 0o664] {
        env.write("private.json", "old");
        std::fs::set_permissions(
            env.path("private.json"),
            std::fs::Permissions::from_mode(wanted),
        )
        .unwrap();
        env.run(&["report", "data", "-f", "json", "-o", "private.json"])
            .code(0);
        assert!(env.read("private.json").starts_with('{'));
        assert_eq!(mode("private.json"), wanted, "{wanted:o}");
    }
    // Its owner and group too, where the system lets them be given (root may give any).
    let theirs = env.write("theirs.json", "old");
    if std::os::unix::fs::chown(&theirs, Some(4321), Some(4322)).is_ok() {
        env.run(&["report", "data", "-f", "json", "-o", "theirs.json"])
            .code(0);
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(&theirs).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
        assert!(env.read("theirs.json").starts_with('{'));
    }
    // A new file is made as any file a user creates.
    env.run(&["report", "data", "-f", "json", "-o", "new.json"])
        .code(0);
    assert_eq!(mode("new.json") & 0o600, 0o600);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    small_dataset(&env, "data");
    env.write("ro.csv", "kept\n");
    std::fs::set_permissions(env.path("ro.csv"), std::fs::Permissions::from_mode(0o444)).unwrap();
    // Refused even to root, whom the system lets write anything.
    env.run(&["report", "data", "-f", "csv", "-o", "ro.csv"])
        .code(4)
        .stderr_has("cannot write ro.csv: it is read-only")
        .stderr_has("chmod u+w ro.csv");
    env.run(&["report", "data", "--lenient", "--rejects", "ro.csv"])
        .code(4)
        .stderr_has("cannot write ro.csv: it is read-only");
    assert_eq!(env.read("ro.csv"), "kept\n");
    assert_eq!(
        std::fs::metadata(env.path("ro.csv"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o444
    );
    assert_eq!(temporaries(&env), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_link_as_output_is_followed_and_stays_a_link() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    let is_link = |name: &str| {
        std::fs::symlink_metadata(env.path(name))
            .unwrap()
            .file_type()
            .is_symlink()
    };
    // To a file that is there: the file is replaced, the link stays.
    env.write("real.json", "old");
    std::os::unix::fs::symlink("real.json", env.path("link.json")).unwrap();
    env.run(&["report", "data", "-f", "json", "-o", "link.json"])
        .code(0);
    assert!(is_link("link.json"));
    assert!(env.read("real.json").starts_with('{'));
    // To a file not there yet: it is made where the link points, as the shell's > does.
    std::os::unix::fs::symlink("made.json", env.path("ahead.json")).unwrap();
    env.run(&["report", "data", "-f", "json", "-o", "ahead.json"])
        .code(0);
    assert!(is_link("ahead.json"));
    assert!(env.read("made.json").starts_with('{'));
    // Through a chain of links.
    std::os::unix::fs::symlink("ahead.json", env.path("chain.json")).unwrap();
    env.run(&["report", "data", "-f", "csv", "-o", "chain.json"])
        .code(0);
    assert!(is_link("chain.json") && is_link("ahead.json"));
    assert!(
        env.read("made.json").starts_with("code,"),
        "{}",
        env.read("made.json")
    );
    // Into a directory that does not exist: refused, naming the link and where it points.
    std::os::unix::fs::symlink("gone/x.json", env.path("dangling.json")).unwrap();
    env.run(&["report", "data", "-f", "json", "-o", "dangling.json"])
        .code(4)
        .stderr_has("cannot write dangling.json (a symbolic link to gone/x.json)");
    assert!(is_link("dangling.json"));
    // A loop of links is no file.
    std::os::unix::fs::symlink("loop-b", env.path("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", env.path("loop-b")).unwrap();
    env.run(&["report", "data", "-o", "loop-a"])
        .code(4)
        .stderr_has("cannot write loop-a: too many levels of symbolic links");
    assert!(is_link("loop-a") && is_link("loop-b"));
    assert_eq!(temporaries(&env), Vec::<String>::new());
}

#[test]
fn rejects_cannot_go_to_standard_output() {
    let env = TestEnv::new();
    small_dataset(&env, "data");
    for args in [
        &["report", "data", "--lenient", "--rejects", "-"][..],
        &[
            "report",
            "data",
            "--lenient",
            "--rejects",
            "-",
            "-o",
            "out.json",
        ],
    ] {
        env.run(args)
            .code(2)
            .stderr_has("the rejected rows cannot go to standard output")
            .stderr_has("--rejects rejects.csv");
    }
    assert!(!env.path("-").exists());
}

/// Ctrl-C (SIGINT) or SIGTERM while records are still coming in: the temporary file beside the
/// rejects file is removed, and the run ends with 128 plus the signal's number.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    use std::io::Write;
    for (signal, code) in [("-TERM", 143), ("-INT", 130)] {
        let env = TestEnv::new();
        let mut child = env
            .command(&[
                "report",
                "--arrests",
                "-",
                "--lenient",
                "--rejects",
                "rejects.csv",
                "-o",
                "out.json",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Records start coming, and standard input stays open: the run waits for the rest.
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(format!("{ARRESTS_HEADER}A-1,2026-02-03,Toul Kork,CN,M,,,,\n").as_bytes())
            .unwrap();
        stdin.flush().unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while temporaries(&env).is_empty() {
            assert!(
                std::time::Instant::now() < deadline,
                "no temporary file appeared"
            );
            // Polled until the deadline; the pause only spares the processor.
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let sent = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = child.wait().unwrap();
        drop(stdin);
        assert_eq!(status.code(), Some(code), "{signal}: {status:?}");
        assert_eq!(temporaries(&env), Vec::<String>::new(), "{signal}");
        assert!(!env.path("rejects.csv").exists() && !env.path("out.json").exists());
    }
}
