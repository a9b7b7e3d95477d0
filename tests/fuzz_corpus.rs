//! Every file of the committed fuzz corpus (`fuzz/corpus/<target>/`), and every input a fuzzer
//! once broke crackdown with (`fuzz/regressions/<target>/`), replayed through the fuzz targets'
//! own code: no panic, and what each target asserts (rows read = used + rejected, the same
//! output twice, ...) holds. A plain `cargo test` runs it; no fuzzer is needed.

#[path = "../fuzz/src/targets.rs"]
mod targets;

use std::path::{Path, PathBuf};

/// The files of `dir`, sorted; none when it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every file of `folder/<target>/` through its target, naming the file that fails.
fn replay(folder: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder);
    let mut replayed = 0;
    for (name, target) in targets::TARGETS {
        for file in files(&root.join(name)) {
            let bytes = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| target(&bytes));
            assert!(outcome.is_ok(), "{name}: {} fails", file.display());
            replayed += 1;
        }
    }
    replayed
}

#[test]
fn every_corpus_file_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    // Every target has a corpus, so that none is left out of the replay unnoticed.
    for (name, _) in targets::TARGETS {
        assert!(
            !files(&root.join(name)).is_empty(),
            "fuzz/corpus/{name} has no file"
        );
    }
    assert!(replay("corpus") >= targets::TARGETS.len());
}

#[test]
fn every_input_a_fuzzer_broke_crackdown_with_passes_now() {
    replay("regressions");
}
