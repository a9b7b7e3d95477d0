//! What a package installs beside the binary, through the binary: completion scripts for every
//! shell, the manual pages, `--version`, and the exit codes in every command's help.

mod common;

use common::*;
use crackdown::error::Exit;

/// The commands as the command line defines them (clap's own `help` aside), so that a command
/// added later is held to the same tests.
fn commands() -> Vec<String> {
    crackdown::cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .filter(|name| name != "help")
        .collect()
}

#[test]
fn the_commands_are_the_data_commands_and_the_packaging_ones() {
    assert_eq!(
        commands(),
        [
            "validate",
            "report",
            "reconcile",
            "figures",
            "schema",
            "compare",
            "init",
            "completions",
            "man"
        ]
    );
}

#[test]
fn every_shell_gets_a_completion_script_naming_every_command() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = env.run(&["completions", shell]);
        run.code(0);
        assert!(
            run.stdout.len() > 1000,
            "{shell}: {} bytes",
            run.stdout.len()
        );
        assert!(run.stderr.is_empty(), "{shell}: {}", run.stderr);
        for command in commands() {
            assert!(
                run.stdout.contains(&command),
                "the {shell} script lacks {command}"
            );
        }
    }
}

#[test]
fn the_bash_script_completes_commands_options_and_their_values() {
    let env = TestEnv::new();
    let run = env.run(&["completions", "bash"]);
    let script = &run.stdout;
    assert!(script.contains("complete -F _crackdown"), "{script}");
    // The options of report and the values of --by, as the command line declares them.
    for word in [
        "--bom",
        "--by",
        "--lenient",
        "khan province district nationality date premises",
    ] {
        assert!(script.contains(word), "the bash script lacks {word}");
    }
}

#[test]
fn an_unknown_shell_is_wrong_usage_naming_the_shells() {
    let env = TestEnv::new();
    env.run(&["completions", "tcsh"])
        .code(2)
        .stdout_empty()
        .stderr_has("invalid value 'tcsh'")
        .stderr_has("[possible values: bash, elvish, fish, powershell, zsh]");
}

#[test]
fn the_man_page_has_a_title_every_command_examples_and_exit_status() {
    let env = TestEnv::new();
    let run = env.run(&["man"]);
    run.code(0);
    let page = &run.stdout;
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        page.contains(&format!(".TH crackdown 1  \"crackdown {version}")),
        "{page}"
    );
    for command in commands() {
        assert!(
            page.contains(&format!("crackdown\\-{command}(1)")),
            "the page lacks {command}"
        );
    }
    for section in [
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH EXAMPLES",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "the page lacks {section}");
    }
    // roff writes a hyphen as \-; the rest of each line is as --help shows it.
    for exit in Exit::ALL {
        let line = format!("{}  {}", *exit as u8, exit.meaning().replace('-', "\\-"));
        assert!(page.contains(&line), "the page lacks {line:?}");
    }
    // The lines that set up apostrophes come once, at the top.
    assert_eq!(page.matches(".el .ds Aq '").count(), 1, "{page}");
}

#[test]
fn man_out_writes_the_main_page_and_one_per_command() {
    let env = TestEnv::new();
    env.run(&["man", "--out", "share/man/man1"])
        .code(0)
        .stdout_empty()
        .stderr_has("wrote 10 manual pages to share/man/man1");
    let mut expected: Vec<String> = commands()
        .iter()
        .map(|c| format!("crackdown-{c}.1"))
        .collect();
    expected.push("crackdown.1".to_owned());
    expected.sort();
    assert_eq!(env.entries("share/man/man1"), expected);
    assert_eq!(
        env.read("share/man/man1/crackdown.1"),
        env.run(&["man"]).stdout
    );
    let report = env.read("share/man/man1/crackdown-report.1");
    assert!(report.starts_with(".ie"), "{report}");
    assert!(report.contains("\n.TH crackdown-report 1 "), "{report}");
    assert!(report.contains("crackdown report \\-\\-format json | jq .headline.detained"));
    assert!(report.contains("\\fB\\-\\-bom\\fR"), "{report}");
    assert!(report.contains(".SH \"EXIT STATUS\""), "{report}");
}

#[test]
fn the_version_is_the_package_version_and_the_same_every_time() {
    let env = TestEnv::new();
    let run = env.run(&["--version"]);
    run.code(0);
    let prefix = format!("crackdown {}", env!("CARGO_PKG_VERSION"));
    assert!(run.stdout.starts_with(&prefix), "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    // From a git checkout: ` (rev 1a2b3c4)`, `-dirty` when the sources differ from the commit.
    let rest = &run.stdout[prefix.len()..].trim_end();
    if let Some(rev) = rest.strip_prefix(" (rev ") {
        let rev = rev.strip_suffix(')').unwrap();
        let hash = rev.strip_suffix("-dirty").unwrap_or(rev);
        assert!(
            hash.len() >= 7 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{rest}"
        );
    } else {
        assert!(rest.is_empty(), "{rest}");
    }
    assert_eq!(env.run(&["-V"]).stdout, run.stdout);
    assert_eq!(env.run(&["--version"]).stdout, run.stdout);
}

#[test]
fn every_command_help_shows_examples_and_every_exit_code() {
    let env = TestEnv::new();
    let lines: Vec<String> = Exit::ALL
        .iter()
        .map(|&exit| format!("\n  {}  {}\n", exit as u8, exit.meaning()))
        .collect();
    let mut invocations: Vec<Vec<String>> = vec![vec!["--help".into()], vec!["-h".into()]];
    for command in commands() {
        invocations.push(vec![command.clone(), "--help".into()]);
        invocations.push(vec![command.clone(), "-h".into()]);
        invocations.push(vec!["help".into(), command]);
    }
    for args in invocations {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = env.run(&args);
        run.code(0)
            .stdout_has("\nExamples:\n")
            .stdout_has("\nExit codes:");
        // The last line included: every code is on a line of its own.
        let text = format!("{}\n", run.stdout);
        for line in &lines {
            assert!(text.contains(line.as_str()), "{args:?} lacks {line:?}");
        }
    }
}
