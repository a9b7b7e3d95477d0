//! The fixture helper: a temporary directory, files written by the test, the real binary run in
//! it, and everything it printed dumped when an expectation fails.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct TestEnv {
    dir: tempfile::TempDir,
}

/// What one run of the binary did.
pub struct Run {
    pub args: Vec<String>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `contents` to `name` (creating directories on the way) and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Writes the files of the built-in dataset into `dir`, to be changed by the test.
    pub fn builtin_copy(&self, dir: &str) {
        for (name, text) in crackdown::builtin::FILES {
            self.write(&format!("{dir}/{name}"), text);
        }
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
    }

    /// Runs crackdown with `args` in this directory, with no terminal and no colour settings.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, "")
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: impl AsRef<[u8]>) -> Run {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the crackdown binary runs");
        // A program that exits before reading all of stdin closes the pipe; that is fine here.
        let _ = child.stdin.take().unwrap().write_all(stdin.as_ref());
        let output = child.wait_with_output().unwrap();
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs crackdown with `args` and the environment variables `vars` set on top of the usual
    /// ones, standard input empty.
    pub fn run_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let mut command = self.command(args);
        for (key, value) in vars {
            command.env(key, value);
        }
        let output = command.output().expect("the crackdown binary runs");
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The names of the entries of directory `name` (the root when empty), sorted.
    pub fn entries(&self, name: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path(name))
            .unwrap_or_else(|e| panic!("listing {name}: {e}"))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_crackdown"));
        // Standard input is read when records are piped in: a test that gives none must give an
        // empty one, not the test runner's own.
        command
            .args(args)
            .stdin(std::process::Stdio::null())
            .current_dir(self.root())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("LC_ALL")
            .env_remove("LC_CTYPE")
            .env("LANG", "C.UTF-8")
            .env("COLUMNS", "200");
        command
    }
}

impl Run {
    fn dump(&self) -> String {
        format!(
            "crackdown {}\nexit code: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }

    /// Asserts the exit code, dumping the run when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(self.code, expected, "unexpected exit code\n{}", self.dump());
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n{}",
            self.dump()
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.dump()
        );
        self
    }

    #[track_caller]
    pub fn stdout_lacks(&self, needle: &str) -> &Run {
        assert!(
            !self.stdout.contains(needle),
            "stdout has {needle:?}\n{}",
            self.dump()
        );
        self
    }

    #[track_caller]
    pub fn stdout_empty(&self) -> &Run {
        assert!(
            self.stdout.is_empty(),
            "stdout is not empty\n{}",
            self.dump()
        );
        self
    }

    /// Parses stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.dump()))
    }
}

pub const INSPECTIONS_HEADER: &str = "inspection_id,date,khan,premises_type,premises_name,foreigners_identified,women_identified,operation_id,source,notes\n";
pub const ARRESTS_HEADER: &str =
    "arrest_id,date,khan,nationality,sex,operation_id,inspection_id,source,notes\n";
pub const PROSECUTIONS_HEADER: &str =
    "case_id,defendant_id,arrest_id,nationality,role,filed,status,charge,source,notes\n";

/// A small clean dataset in three CSV files: 3 inspections, 3 arrests, 2 defendants in one case.
pub fn small_dataset(env: &TestEnv, dir: &str) {
    env.write(
        &format!("{dir}/inspections.csv"),
        format!(
            "{INSPECTIONS_HEADER}\
INS-1,2026-02-03,Toul Kork,condominium,Tower A,120,40,OP-1,press release,\n\
INS-2,3 Feb 2026,7 Makara,hotel,,15,5,,,\n\
INS-3,2026-02-04,KH1213,borey,\"Borey \"\"Star\"\", block C\",30,0,OP-2,,\"two lines\nof notes\"\n"
        ),
    );
    env.write(
        &format!("{dir}/arrests.csv"),
        format!(
            "{ARRESTS_HEADER}\
A-1,2026-02-03,Tuol Kouk,Chinese,M,OP-1,INS-1,,\n\
A-2,2026-02-03,1204,VNM,female,OP-1,INS-1,,\n\
A-3,February 4 2026,Boeung Keng Kang,Viet Nam,,OP-2,INS-3,,\n"
        ),
    );
    env.write(
        &format!("{dir}/prosecutions.csv"),
        format!(
            "{PROSECUTIONS_HEADER}\
C-1,D-1,A-1,CN,ringleader,2026-02-10,filed,fraud,,\n\
C-1,D-2,,KH,associate,2026-02-10,pending,,,\n"
        ),
    );
}

/// One problem of a `validate --format json` run, absent fields empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemRow {
    pub line: u64,
    pub column: String,
    pub value: String,
    pub code: String,
    pub reason: String,
}

/// The problems of a `validate --format json` run, in order.
pub fn problem_rows(json: &serde_json::Value) -> Vec<ProblemRow> {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_owned();
    json["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems list in {json}"))
        .iter()
        .map(|p| ProblemRow {
            line: p["line"].as_u64().unwrap(),
            column: text(&p["column"]),
            value: text(&p["value"]),
            code: text(&p["code"]),
            reason: text(&p["reason"]),
        })
        .collect()
}

/// The `counts` of a JSON result as (kind, read, used, rejected), in order.
pub fn kind_counts(json: &serde_json::Value) -> Vec<(String, u64, u64, u64)> {
    let n = |c: &serde_json::Value, k: &str| c[k].as_u64().unwrap();
    json["counts"]
        .as_array()
        .unwrap_or_else(|| panic!("no counts in {json}"))
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_owned(),
                n(c, "read"),
                n(c, "used"),
                n(c, "rejected"),
            )
        })
        .collect()
}

/// `text` without its SGR sequences (`ESC [ ... m`), the only escapes crackdown writes.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Display width as README defines it: grapheme clusters, each measured with Unicode's East Asian
/// width and combining-mark rules (computed here, not with the renderer's own function).
pub fn display_width(line: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    line.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// The lines of each box-drawn table in `text`, table by table.
pub fn box_tables(text: &str) -> Vec<Vec<&str>> {
    let mut tables = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.starts_with(['┌', '│', '╞', '├', '└']) {
            current.push(line);
        } else if !current.is_empty() {
            tables.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        tables.push(current);
    }
    tables
}

/// Runs crackdown in a pseudo-terminal made by `script` (util-linux), sized `columns` wide by
/// `stty` or left at the 0 × 0 that a pseudo-terminal without a size reports, in a UTF-8 xterm
/// with no colour preference, then `vars` set; returns stdout (with stderr dropped) and the exit
/// code, or `None` where `script` is missing.
#[allow(dead_code)]
pub fn in_terminal(
    args: &[&str],
    columns: Option<u16>,
    vars: &[(&str, &str)],
) -> Option<(String, i32)> {
    terminal(args, columns, vars, " 2>/dev/null")
}

/// Runs the binary with standard error on a terminal (standard output to /dev/null, `CI`
/// unset unless `vars` sets it): what it wrote there, and its exit code.
pub fn stderr_in_terminal(args: &[&str], vars: &[(&str, &str)]) -> Option<(String, i32)> {
    terminal(args, Some(80), vars, " >/dev/null")
}

fn terminal(
    args: &[&str],
    columns: Option<u16>,
    vars: &[(&str, &str)],
    redirect: &str,
) -> Option<(String, i32)> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: `script` is not installed");
        return None;
    }
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let mut line = String::new();
    if let Some(columns) = columns {
        line.push_str(&format!("stty cols {columns} rows 24; "));
    }
    line.push_str(&quote(env!("CARGO_BIN_EXE_crackdown")));
    for arg in args {
        line.push(' ');
        line.push_str(&quote(arg));
    }
    line.push_str(redirect);
    let mut command = std::process::Command::new("script");
    command
        .args(["-qec", &line, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .env_remove("CI")
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm");
    for (key, value) in vars {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
    Some((stdout, output.status.code().unwrap_or(-1)))
}

/// Reads the JSON Schemas of docs/ by their relative `$id`s (`document.schema.json`), as a user's
/// validator would resolve them from the folder they sit in.
struct DocsFolder;

impl jsonschema::Retrieve for DocsFolder {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(&name);
        Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
    }
}

/// The validator of `docs/NAME`, its relative references resolved within docs/.
#[allow(dead_code)]
pub fn schema(name: &str) -> jsonschema::Validator {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let text = std::fs::read_to_string(docs.join(name)).unwrap();
    jsonschema::options()
        .with_base_uri(format!("file://{}/", docs.display()))
        .with_retriever(DocsFolder)
        .build(&serde_json::from_str(&text).unwrap())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Asserts that `json` is valid against `docs/NAME`, listing every error where it is not.
#[allow(dead_code)]
#[track_caller]
pub fn assert_schema(name: &str, json: &serde_json::Value) {
    let errors: Vec<String> = schema(name)
        .iter_errors(json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}\n{json:#}");
}

/// A problem sink for fixtures that have none.
pub struct NoProblems;

impl crackdown::validate::ProblemSink for NoProblems {
    fn problem(
        &mut self,
        _kind: crackdown::model::Kind,
        problem: crackdown::error::Problem,
    ) -> crackdown::error::Result<()> {
        panic!("the fixture has a problem: {problem}")
    }
}

/// The report of a dataset (the built-in one when `selection` names nothing).
#[allow(dead_code)]
pub fn report(
    selection: &crackdown::load::Selection,
    by: Option<crackdown::render::report::By>,
) -> crackdown::render::report::Report {
    let dataset = crackdown::load::resolve(selection).unwrap();
    let mut aggregation = crackdown::aggregate::Aggregation::default();
    let outcome = crackdown::validate::run(
        &dataset,
        crackdown::validate::Options::default(),
        &mut aggregation,
        &mut NoProblems,
    )
    .unwrap();
    let summary = aggregation.summary(crackdown::aggregate::Shape::default());
    crackdown::render::report::Report::new(
        crackdown::commands::dataset_info(&dataset),
        &outcome,
        &aggregation,
        summary,
        crackdown::aggregate::Shape::default(),
        by,
    )
}
