//! What the user's paths name: the one rule that tells a file's kind from its name, the listing
//! that sorts every entry of a dataset directory into record files, published figures, or a
//! warning saying why it is not read, and the patterns (`arrests-*.csv`) crackdown expands when
//! the shell did not. Paths are shown in messages by [`shown`].

use std::path::{Component, Path, PathBuf};

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

/// Whether a file holds published statements, by the same rule: its name begins with
/// `statement` or `statements`, in any case, and no letter follows (`statements.csv`,
/// `Statements-2025.csv`).
pub fn is_statements_name(name: &str) -> bool {
    let name = name.to_lowercase();
    name.strip_prefix("statement")
        .map(|rest| rest.strip_prefix('s').unwrap_or(rest))
        .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
}

/// Whether a path ends in `.csv`, in any case: the one format statements are read in.
pub(super) fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
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
    /// The statements files (`statements.csv`), in name order.
    pub(super) statements: Vec<PathBuf>,
}

/// Lists a dataset directory. Every entry is either a record file, a published figures file, or
/// named in a warning saying why it is not read, except what no one takes for records: hidden
/// entries (`.DS_Store`, `.git`), README files and the dataset's description (datapackage.json).
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
        // `~$arrests.xlsx` is the lock file Excel keeps beside a workbook it has open.
        if name.starts_with('.')
            || name.starts_with("~$")
            || name.to_lowercase().starts_with("readme")
            || name.eq_ignore_ascii_case("datapackage.json")
        {
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
        if is_statements_name(&name) {
            if is_csv(&path) {
                listing.statements.push(path);
            } else {
                warnings.push(not_read(
                    "statements are read from CSV files (statements.csv)".into(),
                ));
            }
            continue;
        }
        let Some(kind) = kind else {
            warnings.push(not_read(
                "its name does not say what records it holds (inspections*, arrests*, prosecutions* or statements*, singular or plural, any case)".into(),
            ));
            continue;
        };
        if Format::from_path(&path).is_none() {
            // Never skip what looks like records without a word (arrests.xlsx, arrests.csv.bak).
            warnings.push(not_read(format!(
                "record files end in .csv, .tsv, .tab, .json, .ndjson, .jsonl, .xlsx, .xlsm, .xls or .ods (or name it with --{} and --input-format)",
                kind.name()
            )));
            continue;
        }
        listing.records.push((kind, path));
    }
    Ok(listing)
}

#[cfg(unix)]
pub(super) type FileKey = (u64, u64);
#[cfg(not(unix))]
pub(super) type FileKey = PathBuf;

/// Which file a path names: its device and inode on Unix (so a link to it is the same file), else
/// its canonical path; `None` for a path that cannot be looked up.
#[cfg(unix)]
pub(super) fn file_key(path: &Path) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).map(|m| (m.dev(), m.ino())).ok()
}

#[cfg(not(unix))]
pub(super) fn file_key(path: &Path) -> Option<FileKey> {
    std::fs::canonicalize(path).ok()
}

/// Whether `a` and `b` name one file ([`file_key`]). A path that cannot be looked up is no file
/// named by the other.
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    file_key(a).is_some_and(|a| file_key(b) == Some(a))
}

/// Whether a path holds a character the shell expands (`*`, `?`, `[`). Quoted, or on a system
/// whose shell does not expand them, such a path reaches crackdown as it was typed; when no file
/// has that very name, it is expanded here.
pub(super) fn is_pattern(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.contains(['*', '?', '[']))
}

/// How patterns match, as the shell does: `*` and `?` stop at a `/` and do not match the dot
/// that begins a hidden name; case counts.
const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: true,
};

/// The paths `pattern` matches, files and directories, in name order. `flag` is the option that
/// gave it (`--arrests`), or empty for DATA. A pattern that is not valid, or that matches nothing,
/// is wrong usage, named as typed.
pub(super) fn expand(pattern: &Path, flag: &str) -> Result<Vec<PathBuf>> {
    let text = pattern.to_str().unwrap_or_default();
    let named = match flag {
        "" => text::quote(text),
        flag => format!("{flag} {}", text::quote(text)),
    };
    let paths = glob::glob_with(text, MATCH).map_err(|e| {
        Error::Usage(format!(
            "{named}: no such file, and not a pattern crackdown can expand: {} at character {}",
            e.msg,
            e.pos + 1
        ))
    })?;
    let mut matched = Vec::new();
    for path in paths {
        // A directory that cannot be listed might hold matches: never pass over it in silence.
        let path = path.map_err(|e| {
            let listed = shown(e.path());
            Error::io(format!("cannot list {listed} to expand {named}"), e.into())
        })?;
        matched.push(path);
    }
    if matched.is_empty() {
        let base = literal_base(pattern);
        let why = match base {
            Some(base) if !base.exists() => format!(": {} does not exist", shown(&base)),
            _ => String::new(),
        };
        return Err(Error::Usage(format!("{named} matches no file{why}")));
    }
    matched.sort();
    Ok(matched)
}

/// Whether `path`, which may not exist yet, is one that `pattern` matches: compared from the
/// canonical directory the pattern searches in, so `./raids/x.csv` and `raids/x.csv` are one.
pub(super) fn pattern_matches(pattern: &Path, path: &Path) -> bool {
    let base = literal_base(pattern).unwrap_or_else(|| PathBuf::from("."));
    let Ok(rest) = pattern.strip_prefix(&base) else {
        return false;
    };
    let canonical = |path: &Path| -> Option<PathBuf> {
        if let Ok(path) = std::fs::canonicalize(path) {
            return Some(path);
        }
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Some(std::fs::canonicalize(parent).ok()?.join(path.file_name()?))
    };
    let (Some(base), Some(path)) = (canonical(&base), canonical(path)) else {
        return false;
    };
    let (Some(base), Some(rest)) = (base.to_str(), rest.to_str()) else {
        return false;
    };
    let full = Path::new(&glob::Pattern::escape(base)).join(rest);
    full.to_str()
        .and_then(|full| glob::Pattern::new(full).ok())
        .is_some_and(|p| p.matches_path_with(&path, MATCH))
}

/// The directory a pattern searches in: its leading components that hold no pattern character
/// (`raids` for `raids/arrests-*.csv`); `None` when the first component holds one.
pub(super) fn literal_base(pattern: &Path) -> Option<PathBuf> {
    let mut base = PathBuf::new();
    for component in pattern.components() {
        if let Component::Normal(part) = component
            && is_pattern(Path::new(part))
        {
            break;
        }
        base.push(component);
    }
    (!base.as_os_str().is_empty()).then_some(base)
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

    #[test]
    fn a_pattern_searches_from_its_literal_directory() {
        assert_eq!(
            literal_base(Path::new("raids/2026/arrests-*.csv")),
            Some(PathBuf::from("raids/2026"))
        );
        assert_eq!(
            literal_base(Path::new("/data/*/arrests.csv")),
            Some(PathBuf::from("/data"))
        );
        assert_eq!(literal_base(Path::new("arrests-*.csv")), None);
        assert!(is_pattern(Path::new("arrests-202[56]-??.csv")));
        assert!(!is_pattern(Path::new("arrests (1).csv")));
    }
}
