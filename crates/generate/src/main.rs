//! Writes crackdown's built-in Phnom Penh dataset, or a synthetic one for benchmarks.
//!
//! ```text
//! cargo run -p crackdown-generate -- builtin data/phnom-penh-2026-02
//! cargo run --release -p crackdown-generate -- synthetic 1000000 /tmp/big [SEED]
//! cargo run --release -p crackdown-generate -- bench 1000000 target/bench/1000000 [SEED]
//! ```
//!
//! All are deterministic: the same arguments write the same bytes on every platform. Each draws
//! from a hand-written SplitMix64 with a fixed seed and uses integer arithmetic only, so the bytes
//! depend on nothing but this crate: no RNG crate version, float library or platform can change
//! them. The tests hold the built-in output to the committed files byte for byte.
//!
//! - [`random`]: the random stream and the apportionment of totals.
//! - [`records`]: the CSV rows, written under the headers of crackdown's record model, and the
//!   tables of premises and nationality spellings both datasets draw from.
//! - [`builtin`]: the Phnom Penh dataset, whose records add up to the published figures.
//! - [`synthetic`]: datasets of any size, streamed to disk.
//! - [`bench`]: the inspections and arrests `scripts/bench.sh` times, written the one way a clean
//!   export writes them, so that other tools can group them as crackdown does.

mod bench;
mod builtin;
mod random;
mod records;
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

const USAGE: &str = "\
usage:
  generate builtin DIR            write the built-in Phnom Penh files (as committed under data/)
  generate synthetic N DIR [SEED] write N synthetic inspections, with arrests and prosecutions
  generate bench N DIR [SEED]     write N inspections and N arrests shaped like users' files
";

/// What the arguments ask for.
#[derive(Debug, PartialEq)]
enum Command {
    Builtin { dir: PathBuf },
    Synthetic { n: usize, seed: u64, dir: PathBuf },
    Bench { n: usize, seed: u64, dir: PathBuf },
}

impl Command {
    /// `None` for anything but the forms in [`USAGE`].
    fn parse(args: &[&str]) -> Option<Command> {
        match args {
            ["builtin", dir] => Some(Command::Builtin { dir: dir.into() }),
            ["synthetic", n, dir, rest @ ..] if rest.len() <= 1 => {
                let seed = match rest.first() {
                    Some(seed) => seed.parse().ok()?,
                    None => synthetic::SEED,
                };
                Some(Command::Synthetic {
                    n: n.parse().ok()?,
                    seed,
                    dir: dir.into(),
                })
            }
            ["bench", n, dir, rest @ ..] if rest.len() <= 1 => {
                let seed = match rest.first() {
                    Some(seed) => seed.parse().ok()?,
                    None => bench::SEED,
                };
                Some(Command::Bench {
                    n: n.parse().ok()?,
                    seed,
                    dir: dir.into(),
                })
            }
            _ => None,
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let Some(command) = Command::parse(&args) else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command {
        Command::Builtin { dir } => write_builtin(&dir),
        Command::Synthetic { n, seed, dir } => write_synthetic(n, seed, &dir),
        Command::Bench { n, seed, dir } => write_bench(n, seed, &dir),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn write_builtin(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, contents) in builtin::phnom_penh() {
        let path = dir.join(name);
        std::fs::write(&path, contents).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn write_synthetic(n: usize, seed: u64, dir: &Path) -> anyhow::Result<()> {
    synthetic::write(n, seed, dir)
        .with_context(|| format!("writing synthetic data to {}", dir.display()))?;
    println!(
        "wrote {n} synthetic inspections (seed {seed}) to {}",
        dir.display()
    );
    Ok(())
}

fn write_bench(n: usize, seed: u64, dir: &Path) -> anyhow::Result<()> {
    bench::write(n, seed, dir)
        .with_context(|| format!("writing benchmark data to {}", dir.display()))?;
    println!(
        "wrote {n} inspections and {n} arrests (seed {seed}) to {}",
        dir.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_parse_into_the_commands() {
        assert_eq!(
            Command::parse(&["builtin", "out"]),
            Some(Command::Builtin { dir: "out".into() })
        );
        assert_eq!(
            Command::parse(&["synthetic", "10", "out"]),
            Some(Command::Synthetic {
                n: 10,
                seed: synthetic::SEED,
                dir: "out".into()
            })
        );
        assert_eq!(
            Command::parse(&["synthetic", "10", "out", "7"]),
            Some(Command::Synthetic {
                n: 10,
                seed: 7,
                dir: "out".into()
            })
        );
        assert_eq!(
            Command::parse(&["bench", "1000000", "out"]),
            Some(Command::Bench {
                n: 1_000_000,
                seed: bench::SEED,
                dir: "out".into()
            })
        );
        assert_eq!(
            Command::parse(&["bench", "10", "out", "7"]),
            Some(Command::Bench {
                n: 10,
                seed: 7,
                dir: "out".into()
            })
        );
        for bad in [
            &[][..],
            &["builtin"],
            &["builtin", "a", "b"],
            &["synthetic", "ten", "out"],
            &["synthetic", "10", "out", "seed"],
            &["synthetic", "10", "out", "7", "8"],
            &["bench", "1e6", "out"],
            &["bench", "10"],
        ] {
            assert_eq!(Command::parse(bad), None, "{bad:?}");
        }
    }
}
