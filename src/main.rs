use std::process::ExitCode;

use clap::Parser;
use crackdown::cli::{Cli, Environment};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match crackdown::run::run(cli, &Environment::read()) {
        Ok(exit) => exit.into(),
        // `crackdown report | head` closes the pipe early; that is not a failure.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit().into()
        }
    }
}
