use std::process::ExitCode;

use clap::Parser;
use crackdown::cli::Cli;
use crackdown::config::Environment;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match crackdown::commands::run(cli, &Environment::read()) {
        // A closed standard output ends the output quietly inside `run`, which still returns
        // its verdict: `crackdown validate bad/ | head` exits 3, as without `| head`.
        Ok(exit) => exit.into(),
        Err(e) => {
            crackdown::say!("error: {e}");
            e.exit().into()
        }
    }
}
