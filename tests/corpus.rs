//! A corpus of broken inputs, each run through the real binary and held to what it must say.
//!
//! Each case is a directory `tests/corpus/<case>/` holding:
//! - the input files (a directory among them stands for a file that is a directory);
//! - `args`: the command line, one argument a line (default: `validate` and the input files);
//! - `generate` (optional): files too large to commit, one a line, `NAME: PIECE PIECE ...`, each
//!   piece `TEXT*COUNT` (TEXT repeated COUNT times) or `TEXT`, `\n` a line break;
//! - `unreadable` (optional): the names of input files made unreadable before the run (the case
//!   is skipped when the tests run as root, whom no file mode stops);
//! - `expected`: the exit code, then exactly what the run printed on stdout and on stderr.
//!
//! The case is copied into a temporary directory and run there, so paths in messages are the
//! short relative ones users see. `UPDATE_CORPUS=1 cargo test --test corpus` writes `expected`
//! from what the binary prints now: read the diff before committing it.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::TestEnv;

/// The files of the case that are not inputs.
const CONTROL: &[&str] = &["args", "expected", "generate", "unreadable"];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Copies `from` into `to`, directories and all.
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for name in names(from) {
        let (source, target) = (from.join(&name), to.join(&name));
        if source.is_dir() {
            copy(&source, &target);
        } else {
            std::fs::copy(&source, &target).unwrap();
        }
    }
}

/// The bytes a `generate` line describes.
fn generated(pieces: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    for piece in pieces.split(' ').filter(|p| !p.is_empty()) {
        let (text, count) = match piece.rsplit_once('*') {
            Some((text, count)) => (text, count.parse::<usize>().expect("a count after *")),
            None => (piece, 1),
        };
        let text = text.replace("\\n", "\n").replace("\\s", " ");
        bytes.extend_from_slice(text.repeat(count).as_bytes());
    }
    bytes
}

/// Makes the files `names` (one a line) in `dir` unreadable; an error saying why the case cannot
/// be run when no file mode would stop the tests (run as root, or not on Unix).
#[cfg(unix)]
fn make_unreadable(dir: &Path, names: &str) -> Result<(), String> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // The directory the test made is owned by the user it runs as.
    if std::fs::metadata(dir).unwrap().uid() == 0 {
        return Err("run as root, whom no file mode stops".into());
    }
    for name in names.lines().filter(|l| !l.trim().is_empty()) {
        std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_unreadable(_dir: &Path, _names: &str) -> Result<(), String> {
    Err("file modes are Unix's".into())
}

/// What a run printed, as `expected` holds it.
fn transcript(code: i32, stdout: &str, stderr: &str) -> String {
    let mut text = String::new();
    writeln!(text, "exit code: {code}").unwrap();
    writeln!(text, "--- stdout ---").unwrap();
    text.push_str(stdout);
    if !stdout.is_empty() && !stdout.ends_with('\n') {
        text.push_str("\n(no line break at the end)\n");
    }
    writeln!(text, "--- stderr ---").unwrap();
    text.push_str(stderr);
    if !stderr.is_empty() && !stderr.ends_with('\n') {
        text.push_str("\n(no line break at the end)\n");
    }
    text
}

/// Runs one case; `Err(why)` when it was skipped.
fn run_case(case: &Path, update: bool) -> Result<(), String> {
    let env = TestEnv::new();
    copy(case, env.root());
    for control in CONTROL {
        let _ = std::fs::remove_file(env.path(control));
    }
    if let Ok(lines) = std::fs::read_to_string(case.join("generate")) {
        for line in lines.lines().filter(|l| !l.trim().is_empty()) {
            let (name, pieces) = line.split_once(": ").expect("NAME: PIECES");
            env.write(name, generated(pieces));
        }
    }
    if let Ok(lines) = std::fs::read_to_string(case.join("unreadable")) {
        make_unreadable(env.root(), &lines)?;
    }
    let args: Vec<String> = match std::fs::read_to_string(case.join("args")) {
        Ok(text) => text.lines().map(str::to_owned).collect(),
        Err(_) => std::iter::once("validate".to_owned())
            .chain(names(env.root()))
            .collect(),
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = env.run(&args);
    let found = transcript(run.code, &run.stdout, &run.stderr);
    let expected_path = case.join("expected");
    if update {
        std::fs::write(&expected_path, &found).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (UPDATE_CORPUS=1 writes it)\nthe run gave:\n{found}",
            expected_path.display()
        )
    });
    assert_eq!(
        found,
        expected,
        "{}: crackdown {} printed something else than `expected` holds",
        case.display(),
        args.join(" ")
    );
    Ok(())
}

#[test]
fn every_broken_input_gets_its_exact_message() {
    let update = std::env::var_os("UPDATE_CORPUS").is_some_and(|v| v == "1");
    let cases = names(&corpus());
    assert!(cases.len() >= 20, "the corpus holds {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let dir = corpus().join(case);
        match std::panic::catch_unwind(|| run_case(&dir, update)) {
            Ok(Ok(())) => {}
            Ok(Err(why)) => eprintln!("skipped {case}: {why}"),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{case}: {message}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_strict_run_over_a_broken_input_prints_nothing_on_stdout() {
    // Every case run as `report` (strict) that failed must have left stdout empty.
    for case in names(&corpus()) {
        let Ok(expected) = std::fs::read_to_string(corpus().join(&case).join("expected")) else {
            continue;
        };
        let Ok(args) = std::fs::read_to_string(corpus().join(&case).join("args")) else {
            continue;
        };
        let strict_report = args.lines().next() == Some("report") && !args.contains("--lenient");
        if strict_report && !expected.starts_with("exit code: 0\n") {
            assert!(
                expected.contains("--- stdout ---\n--- stderr ---\n"),
                "{case}: a failed strict report printed on stdout"
            );
        }
    }
}
