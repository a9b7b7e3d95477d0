//! What a dataset directory holds: the one rule that tells a file's kind from its name, and the
//! listing that sorts every entry into record files, published figures, or a warning saying why
//! it is not read. Paths are shown in messages by [`shown`].

use std::path::{Path, PathBuf};

use super::Format;
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::text;

/// The kind of records a file holds, told from its name by the one rule used everywhere: the
/// name, in any case, begins with the kind's name, singular or plural, and no letter follows
/// (`arrests.csv`, `Arrest.json`, `arrests-2026-02.csv`, `arrests (1).csv`, `arrests.csv.bak`;
/// not `arrestees.csv`). Whether the file is in a format crackdown reads is another question.
pub fn kind_from_name(name: &str) -> Option<Kind> {
    let name = name.to_lowercase();
    Kind::ALL.into_iter().find(|kind| {
        let singular = kind.singular();
        name.strip_prefix(singular)
            .map(|rest| rest.strip_prefix('s').unwrap_or(rest))
            .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
    })
}

pub(super) fn kind_from_path(path: &Path) -> Option<Kind> {
    kind_from_name(&path.file_name()?.to_string_lossy())
}

/// What a dataset directory holds that crackdown reads.
#[derive(Debug, Default)]
pub(super) struct Listing {
    /// The record files with the kind each holds, in name order; several may share a kind.
    pub(super) records: Vec<(Kind, PathBuf)>,
    /// The published figures files (`published.json` in any case).
    pub(super) published: Vec<PathBuf>,
}

/// Lists a dataset directory. Every entry is either a record file, a published figures file, or
/// named in a warning saying why it is not read, except what no one takes for records: hidden
/// entries (`.DS_Store`, `.git`) and README files.
pub(super) fn list_dir(dir: &Path, warnings: &mut Vec<String>) -> Result<Listing> {
    let cannot_list = |e| Error::io(format!("cannot list {}", shown(dir)), e);
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(cannot_list)? {
        names.push(entry.map_err(cannot_list)?.file_name());
    }
    names.sort();
    let mut listing = Listing::default();
    for file_name in names {
        let name = file_name.to_string_lossy();
        if name.starts_with('.') || name.to_lowercase().starts_with("readme") {
            continue;
        }
        let path = dir.join(&file_name);
        let not_read = |why: String| format!("{} is not read: {why}", shown(&path));
        let kind = kind_from_name(&name);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                warnings.push(not_read(
                    "it is a directory, and only the files directly in a dataset directory are read"
                        .into(),
                ));
                continue;
            }
            Ok(meta) if !meta.is_file() => {
                warnings.push(not_read("it is not a regular file".into()));
                continue;
            }
            Ok(_) => {}
            Err(e) => {
                warnings.push(not_read(format!("it cannot be opened ({e})")));
                continue;
            }
        }
        if name.eq_ignore_ascii_case("published.json") {
            listing.published.push(path);
            continue;
        }
        let Some(kind) = kind else {
            warnings.push(not_read(
                "its name does not say what records it holds (inspections*, arrests* or prosecutions*, singular or plural, any case)".into(),
            ));
            continue;
        };
        if Format::from_path(&path).is_none() {
            // Never skip what looks like records without a word (arrests.xlsx, arrests.csv.bak).
            warnings.push(not_read(format!(
                "record files end in .csv, .tsv, .tab, .json, .ndjson or .jsonl (or name it with --{} and --input-format)",
                kind.name()
            )));
            continue;
        }
        listing.records.push((kind, path));
    }
    Ok(listing)
}

/// Whether `a` and `b` name one file: by device and inode on Unix (so a link to it is the same
/// file), else by canonical path. A path that cannot be looked up is no file named by the other.
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    let id = |path: &Path| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).map(|m| (m.dev(), m.ino())).ok()
    };
    #[cfg(not(unix))]
    let id = |path: &Path| std::fs::canonicalize(path).ok();
    id(a).is_some_and(|a| id(b) == Some(a))
}

/// A path as shown on a terminal: as it is, with control characters escaped.
pub(super) fn shown(path: &Path) -> String {
    text::escape(&path.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_tells_a_kind_from_a_file_name() {
        let kind = |name| kind_from_name(name);
        for name in [
            "arrests.csv",
            "arrest.csv",
            "ARRESTS.CSV",
            "Arrest.json",
            "arrests-2026-02.csv",
            "arrests_feb.ndjson",
            "arrests (1).csv",
            "arrests2026.csv",
            "arrests.csv.bak",
            "arrests",
        ] {
            assert_eq!(kind(name), Some(Kind::Arrests), "{name}");
        }
        assert_eq!(kind("prosecution.csv"), Some(Kind::Prosecutions));
        assert_eq!(kind("Inspections.jsonl"), Some(Kind::Inspections));
        for name in [
            "arrestees.csv",
            "arrestss.csv",
            "my-arrests.csv",
            "published.json",
            "notes.txt",
            "",
        ] {
            assert_eq!(kind(name), None, "{name}");
        }
    }
}
