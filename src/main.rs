use std::process::ExitCode;

use crackdown::cli::{self, Invocation};
use crackdown::config::Environment;

fn main() -> ExitCode {
    let done = match cli::parse() {
        Invocation::Records(cli) => crackdown::commands::run(*cli, &Environment::read()),
        Invocation::Packaging(what) => crackdown::packaging::run(what),
    };
    match done {
        // A closed standard output ends the output quietly inside `run`, which still returns
        // its verdict: `crackdown validate bad/ | head` exits 3, as without `| head`.
        Ok(exit) => exit.into(),
        Err(e) => {
            crackdown::say!("error: {e}");
            e.exit().into()
        }
    }
}
