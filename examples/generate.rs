//! Writes the built-in Phnom Penh dataset, or a synthetic one for benchmarks.
//!
//! ```text
//! cargo run --example generate -- builtin data/phnom-penh-2026-02
//! cargo run --release --example generate -- synthetic 1000000 /tmp/big [SEED]
//! ```
//!
//! Both are deterministic: the same arguments write the same bytes on every platform.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use crackdown::generate;

const USAGE: &str = "\
usage:
  generate builtin DIR            write the built-in Phnom Penh files (as committed under data/)
  generate synthetic N DIR [SEED] write N synthetic inspections, with arrests and prosecutions
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["builtin", dir] => builtin(Path::new(dir)),
        ["synthetic", n, dir, rest @ ..] if rest.len() <= 1 => {
            let seed = match rest.first() {
                Some(seed) => seed.parse().ok(),
                None => Some(generate::SYNTHETIC_SEED),
            };
            match (n.parse(), seed) {
                (Ok(n), Some(seed)) => synthetic(n, seed, Path::new(dir)),
                _ => return usage(),
            }
        }
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprint!("{USAGE}");
    ExitCode::from(2)
}

fn builtin(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, contents) in generate::phnom_penh() {
        let path = dir.join(name);
        std::fs::write(&path, contents).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn synthetic(n: usize, seed: u64, dir: &Path) -> anyhow::Result<()> {
    generate::synthetic(n, seed, dir)
        .with_context(|| format!("writing synthetic data to {}", dir.display()))?;
    println!(
        "wrote {n} synthetic inspections (seed {seed}) to {}",
        dir.display()
    );
    Ok(())
}
