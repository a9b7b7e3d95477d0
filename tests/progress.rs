//! The progress bar: on standard error when it is a terminal, with the file's name, its bytes and
//! the rows read; never in a pipe, in CI or with `--quiet`. The bar waits a second before showing
//! (`--progress-after-ms`, a setting for tests, makes it show at once).

mod common;

use common::{TestEnv, stderr_in_terminal};

/// An arrests file of `rows` rows.
fn arrests(env: &TestEnv, rows: usize) -> String {
    let mut text = String::from("arrest_id,date,khan,nationality\n");
    for i in 0..rows {
        text.push_str(&format!("A-{i},2026-02-0{},Tuol Kouk,CN\n", 3 + i % 5));
    }
    env.write("arrests.csv", text).display().to_string()
}

#[test]
fn a_bar_on_a_terminal_names_the_file_its_bytes_and_rows_and_is_cleared() {
    let env = TestEnv::new();
    let file = arrests(&env, 5_000);
    let args = ["validate", "--arrests", &file, "--progress-after-ms", "0"];
    let Some((stderr, code)) = stderr_in_terminal(&args, &[]) else {
        return;
    };
    assert_eq!(code, 0);
    let stderr = common::strip_ansi(&stderr.replace('\r', "\n"));
    // Rows are told every 1,024, and the bar ends with every row and byte read.
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(stderr.contains("reading /"), "{stderr}");
    assert!(stderr.contains("arrests.csv ["), "{stderr}");
    assert!(stderr.contains(", 1,024 rows"), "{stderr}");
    assert!(stderr.contains(", 5,000 rows"), "{stderr}");
    assert!(
        stderr.contains(&format!("/{}", human_bytes(size))),
        "{stderr}"
    );
}

#[test]
fn no_bar_in_a_pipe_in_ci_with_quiet_or_before_a_second() {
    let env = TestEnv::new();
    let file = arrests(&env, 3_000);
    // Standard error is a pipe here.
    let piped = env.run(&["validate", "--arrests", &file, "--progress-after-ms", "0"]);
    piped.code(0);
    assert!(!piped.stderr.contains("reading"), "{}", piped.stderr);
    let cases: [Case; 3] = [
        (&["--quiet", "--progress-after-ms", "0"], &[]),
        (&["--progress-after-ms", "0"], &[("CI", "true")]),
        // The default wait: 3,000 rows take far less than a minute.
        (&["--progress-after-ms", "60000"], &[]),
    ];
    for (extra, vars) in cases {
        let args: Vec<&str> = ["validate", "--arrests", file.as_str()]
            .into_iter()
            .chain(extra.iter().copied())
            .collect();
        let Some((stderr, code)) = stderr_in_terminal(&args, vars) else {
            return;
        };
        assert_eq!(code, 0);
        assert!(!stderr.contains("reading"), "{args:?} {vars:?}: {stderr}");
    }
}

/// Arguments added to the command, and variables set.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);

/// Bytes as the bar writes them (indicatif's binary units).
fn human_bytes(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.2} KiB", bytes as f64 / 1024.0)
    }
}
