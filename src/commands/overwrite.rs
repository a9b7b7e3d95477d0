//! No output over an input: before anything is written, each output is compared with the files
//! the run reads, with the other outputs, and with what the dataset directory would read next
//! time.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::{Dataset, Format, Origin};
use crate::model::PerKind;
use crate::output::shown;
use crate::text::quote;

/// Which file a path names, to tell whether two paths name the same one: an existing regular
/// file by its device and inode (so a symbolic or hard link to it is the same file), a file yet
/// to be written by its canonical directory and name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identity {
    Existing(FileId),
    New(PathBuf),
}

#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

#[cfg(unix)]
fn file_id(_path: &Path, meta: &std::fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path, _meta: &std::fs::Metadata) -> Option<FileId> {
    std::fs::canonicalize(path).ok()
}

/// The identity of `path`, or `None` for what exists but is no regular file (a device such as
/// /dev/null, a pipe, a directory): writing there replaces nothing.
fn identity(path: &Path) -> Option<Identity> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => file_id(path, &meta).map(Identity::Existing),
        Ok(_) => None,
        // Not there yet (or a link to a file not there yet, which the write creates): its
        // directory, as far as it exists, made canonical.
        Err(_) => {
            let absolute = std::path::absolute(crate::output::target_of(path).ok()?).ok()?;
            let mut rest = Vec::new();
            let mut base = absolute.as_path();
            loop {
                if let Ok(canonical) = std::fs::canonicalize(base) {
                    let mut full = canonical;
                    full.extend(rest.iter().rev());
                    return Some(Identity::New(full));
                }
                rest.push(base.file_name()?.to_owned());
                base = base.parent()?;
            }
        }
    }
}

/// The files a run reads, each with what it is: its record files and its published figures.
fn inputs(dataset: &Dataset) -> Vec<(String, PathBuf)> {
    let mut per_kind = PerKind::<usize>::default();
    for input in &dataset.inputs {
        per_kind[input.kind] += 1;
    }
    let mut inputs: Vec<(String, PathBuf)> = dataset
        .inputs
        .iter()
        .filter_map(|input| match &input.origin {
            Origin::File(path) => {
                let kind = input.kind;
                let what = match per_kind[kind] {
                    1 => format!("the {} input", kind.name()),
                    n => format!("one of the {n} {} inputs", kind.name()),
                };
                Some((what, path.clone()))
            }
            Origin::Stdin { .. } | Origin::Builtin { .. } => None,
        })
        .collect();
    for file in &dataset.statements {
        if let crate::statements::StatementFile::Path(path) = file {
            inputs.push(("the statements input".to_owned(), path.clone()));
        }
    }
    if let Some(published) = dataset
        .published
        .as_ref()
        .filter(|p| p.file != crate::load::STDIN)
    {
        inputs.push((
            "the published figures".to_owned(),
            PathBuf::from(&published.file),
        ));
    }
    inputs
}

/// What the dataset directory `dir` would read `path` as, if it is a file of it: the published
/// figures (published.json) or a kind of records (`arrests.csv`, `Inspections.json`, ...).
fn dataset_file(dir: &Path, path: &Path) -> Option<String> {
    let dir = std::fs::canonicalize(dir).ok()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if std::fs::canonicalize(parent).ok()? != dir {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    if name.eq_ignore_ascii_case("published.json") {
        return Some("its published figures".to_owned());
    }
    // The rule the directory is read by (load::kind_from_name), so the two cannot drift apart.
    let kind = crate::load::kind_from_name(name)?;
    Format::from_path(path).map(|_| format!("its {} records", kind.name()))
}

/// Refuses, before anything is written, an output (`(flag, path)`) that would replace an input
/// of the same run (compared as files, so a symbolic or hard link to an input is caught), that
/// names the same file as another output, or that the same command would read as records the
/// next time: a file of its dataset directory, or one a pattern it expanded matches.
pub(super) fn refuse(dataset: &Dataset, outputs: &[(&str, &Path)]) -> Result<()> {
    let inputs: Vec<(String, PathBuf, Option<Identity>)> = inputs(dataset)
        .into_iter()
        .map(|(what, path)| {
            let id = identity(&path);
            (what, path, id)
        })
        .collect();
    let mut seen: Vec<(&str, &Path, Identity)> = Vec::new();
    for &(flag, path) in outputs {
        let Some(id) = identity(path) else {
            continue;
        };
        if let Some((what, input, _)) = inputs.iter().find(|(_, _, i)| i.as_ref() == Some(&id)) {
            let how = if input == path {
                String::new()
            } else {
                format!(" ({} is the same file)", shown(input))
            };
            return Err(Error::Usage(format!(
                "{flag} {} is {what} of this run{how}: writing there would replace what is being read; name another file for {flag}",
                shown(path)
            )));
        }
        if let Some((other_flag, other, _)) = seen.iter().find(|(_, _, i)| *i == id) {
            let what = if *other_flag == flag {
                format!("{flag} would write {} twice", shown(path))
            } else {
                format!(
                    "{other_flag} {} and {flag} {} are the same file: one would replace the other",
                    shown(other),
                    shown(path)
                )
            };
            return Err(Error::Usage(format!("{what}; give each its own file")));
        }
        if let Some(dir) = dataset.dir.as_deref().filter(|d| d.is_dir())
            && let Some(what) = dataset_file(dir, path)
        {
            return Err(Error::Usage(format!(
                "{flag} {} would become part of the dataset in {}: the next run reads it as {what}; write it outside {}",
                shown(path),
                shown(dir),
                shown(dir)
            )));
        }
        if let Some(pattern) = dataset.patterns.iter().find(|p| p.matches(path)) {
            let named = match pattern.flag {
                "" => String::new(),
                flag => format!("{flag} "),
            };
            return Err(Error::Usage(format!(
                "{flag} {} matches {named}{}: the next run would read it as records; name a file the pattern does not match",
                shown(path),
                quote(&pattern.pattern.to_string_lossy())
            )));
        }
        seen.push((flag, path, id));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_named_by_its_canonical_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("x")).unwrap();
        let a = identity(&dir.path().join("x/../new.csv"));
        let b = identity(&dir.path().join("new.csv"));
        assert_eq!(a, b);
        let deep = identity(&dir.path().join("missing/dir/f.svg"));
        assert_eq!(
            deep,
            Some(Identity::New(
                std::fs::canonicalize(dir.path())
                    .unwrap()
                    .join("missing/dir/f.svg")
            ))
        );
        assert_eq!(identity(Path::new("/dev/null")), None);
    }
}
