//! Gives `crackdown --version` the commit it was built from: `0.1.0 (rev 1a2b3c4)`, with
//! `-dirty` when the sources compiled differ from that commit. Built anywhere else (a crates.io
//! tarball, a copy without `.git`, no git installed) it is the bare version, and the build never
//! fails for want of git. No date or host goes in, so a build of one commit says one thing.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What the binary is made of: a change here makes the build `-dirty`, and a change here reruns
/// this script so that the mark stays true. Tests, docs and the generator do not change the
/// binary, so editing them marks nothing.
const SOURCES: &[&str] = &["src", "data", "build.rs", "Cargo.toml", "Cargo.lock"];

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    for source in SOURCES {
        println!("cargo:rerun-if-changed={source}");
    }
    let version = match revision(&root) {
        Some(rev) => format!("{version} (rev {rev})"),
        None => version,
    };
    println!("cargo:rustc-env=CRACKDOWN_VERSION={version}");
}

/// The short hash of the commit checked out at `root`, with `-dirty` when a source differs from
/// it; `None` when `root` is not the top of a git checkout or git cannot be run.
fn revision(root: &Path) -> Option<String> {
    // A crates.io tarball unpacked inside some other repository (a home directory kept in git)
    // must not take that repository's commit: the checkout's top must be this package.
    let top = git(root, &["rev-parse", "--show-toplevel"])?;
    if !same_dir(Path::new(&top), root) {
        return None;
    }
    let hash = git(root, &["rev-parse", "--short", "HEAD"])?;
    // HEAD names the branch, the branch's ref file or packed-refs names the commit: a commit or
    // a checkout changes one of them. A worktree keeps HEAD apart from the refs, which
    // --git-path resolves.
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    if let Some(branch) = git(root, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(root, &["rev-parse", "--git-path", &name]) {
            let path = root.join(path);
            // A path that does not exist would rerun this script on every build.
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    let mut status = vec!["--no-optional-locks", "status", "--porcelain", "--"];
    status.extend_from_slice(SOURCES);
    let changes = git(root, &status)?;
    Some(if changes.is_empty() {
        hash
    } else {
        format!("{hash}-dirty")
    })
}

/// The trimmed standard output of `git -C dir ARGS`, or `None` when git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(String::from_utf8(output.stdout).ok()?.trim().to_owned())
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
