//! `--bom`: CSV that Excel opens by a double click with Khmer shown as written. The byte-order
//! mark comes first and changes nothing else; without the flag there is none; and a run that
//! writes no CSV refuses it. The records are committed (tests/fixtures/bom/arrests.csv): Khan
//! names in Khmer, one of them no Khan of Phnom Penh.

mod common;

use common::*;

const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Copies the committed arrests into the test's directory, so problems name it the same on every
/// machine.
fn arrests(env: &TestEnv) {
    let path = format!(
        "{}/tests/fixtures/bom/arrests.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    env.write("arrests.csv", std::fs::read(&path).unwrap());
}

/// The bytes a run writes to standard output, with its exit code.
fn stdout_bytes(env: &TestEnv, args: &[&str]) -> (Option<i32>, Vec<u8>) {
    let output = env.command(args).output().unwrap();
    (output.status.code(), output.stdout)
}

#[test]
fn report_csv_starts_with_the_mark_only_with_bom_and_is_otherwise_the_same() {
    let env = TestEnv::new();
    arrests(&env);
    let args = [
        "report",
        "--arrests",
        "arrests.csv",
        "--lenient",
        "--by",
        "khan",
        "-f",
        "csv",
    ];
    let (code, plain) = stdout_bytes(&env, &args);
    assert_eq!(code, Some(0));
    let (code, marked) = stdout_bytes(&env, &[&args[..], &["--bom"]].concat());
    assert_eq!(code, Some(0));
    assert!(!plain.starts_with(BOM));
    assert!(plain.starts_with(b"code,name,"));
    assert_eq!(marked, [BOM, &plain].concat());
    // The Khmer names of the Khans, as the records gave them, are in it.
    let text = String::from_utf8(plain).unwrap();
    assert!(
        text.contains("\n1201,Chamkar Mon,,,,0,1,,50.00,ចំការមន\n"),
        "{text}"
    );
    assert!(
        text.contains("\n1204,Tuol Kouk,,,,0,1,,50.00,ទួលគោក\n"),
        "{text}"
    );
}

#[test]
fn report_csv_written_to_a_file_with_hxl_has_the_mark_first_too() {
    let env = TestEnv::new();
    arrests(&env);
    let args = [
        "report",
        "--arrests",
        "arrests.csv",
        "--lenient",
        "-f",
        "csv",
        "--hxl",
    ];
    env.run(&[&args[..], &["-o", "plain.csv"]].concat()).code(0);
    env.run(&[&args[..], &["-o", "marked.csv", "--bom"]].concat())
        .code(0);
    let plain = std::fs::read(env.path("plain.csv")).unwrap();
    let marked = std::fs::read(env.path("marked.csv")).unwrap();
    assert!(plain.starts_with(b"code,name,"));
    assert_eq!(marked, [BOM, &plain].concat());
}

#[test]
fn the_rejects_file_starts_with_the_mark_only_with_bom() {
    let env = TestEnv::new();
    arrests(&env);
    for (file, bom) in [("plain.csv", false), ("marked.csv", true)] {
        let mut args = vec!["validate", "--arrests", "arrests.csv", "--rejects", file];
        if bom {
            args.push("--bom");
        }
        env.run(&args).code(3);
    }
    let plain = std::fs::read(env.path("plain.csv")).unwrap();
    let marked = std::fs::read(env.path("marked.csv")).unwrap();
    assert_eq!(
        String::from_utf8(plain.clone()).unwrap(),
        "file,line,column,value,code,reason\n\
         arrests.csv,4,khan,កំពង់សោម,unknown-khan,\"not a Khan of Phnom Penh but Kampong Soam (1806), municipality of Preah Sihanouk: put it in a district column (with a province column when the name is in several provinces)\"\n"
    );
    assert_eq!(marked, [BOM, &plain].concat());
}

#[test]
fn with_bom_only_the_csv_of_a_run_is_marked() {
    let env = TestEnv::new();
    arrests(&env);
    let args = [
        "report",
        "--arrests",
        "arrests.csv",
        "--lenient",
        "-f",
        "markdown",
    ];
    let (_, plain) = stdout_bytes(&env, &[&args[..], &["--rejects", "plain.csv"]].concat());
    let (code, markdown) = stdout_bytes(
        &env,
        &[&args[..], &["--rejects", "marked.csv", "--bom"]].concat(),
    );
    assert_eq!(code, Some(0));
    assert_eq!(markdown, plain);
    assert!(
        std::fs::read(env.path("marked.csv"))
            .unwrap()
            .starts_with(BOM)
    );
    assert!(
        !std::fs::read(env.path("plain.csv"))
            .unwrap()
            .starts_with(BOM)
    );
}

#[test]
fn bom_without_any_csv_written_is_wrong_usage() {
    let env = TestEnv::new();
    arrests(&env);
    let message = "error: --bom marks CSV for Excel, and this run writes none: add --rejects FILE, or use report --format csv";
    for args in [
        &["validate", "--arrests", "arrests.csv", "--bom"][..],
        &[
            "report",
            "--arrests",
            "arrests.csv",
            "--lenient",
            "-f",
            "markdown",
            "--bom",
        ],
        &[
            "report",
            "--arrests",
            "arrests.csv",
            "--lenient",
            "-f",
            "json",
            "--bom",
        ],
        &["reconcile", "--bom"],
        &["figures", "--out", "figs", "--bom"],
    ] {
        env.run(args).code(2).stdout_empty().stderr_has(message);
    }
    assert!(!env.path("figs").exists());
}
