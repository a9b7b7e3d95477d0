//! What the user named, resolved into a dataset: the record files to read, in order, and the
//! published figures that go with them, from a directory, files named one by one, standard input
//! or the built-in dataset.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use super::input::STDIN;
use super::listing::{Listing, kind_from_path, list_dir, same_file, shown};
use super::{Format, Input, Origin, Reading, builtin, sniff};
use crate::error::{Error, Result};
use crate::model::{Kind, PerKind};
use crate::published::Published;

/// A set of record files to read together, and the published figures that go with them.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The directory name, or the name of the built-in dataset.
    pub name: String,
    /// In the order they must be read: inspections, arrests, prosecutions.
    pub inputs: Vec<Input>,
    pub published: Option<Published>,
    /// Whether this is the dataset embedded in the binary.
    pub builtin: bool,
    /// What was noticed while finding the files (files that look like records but are not read).
    pub warnings: Vec<String>,
}

impl Dataset {
    /// The breakdowns its published.json gives in full.
    pub fn published_breakdowns(&self) -> &[crate::published::Breakdown] {
        self.published.as_ref().map_or(&[], |p| &p.breakdowns)
    }

    /// Which kinds of record the dataset holds.
    pub fn loaded(&self) -> PerKind<bool> {
        let mut loaded = PerKind::default();
        for input in &self.inputs {
            loaded[input.kind] = true;
        }
        loaded
    }

    /// Whether the records are illustrative: the built-in ones always are, others when their
    /// published.json says so.
    pub fn illustrative(&self) -> bool {
        self.builtin
            || self.published.as_ref().and_then(|p| p.records)
                == Some(crate::published::Records::Illustrative)
    }
}

/// What the user named on the command line.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// A dataset directory, one record file, or `-` for standard input (whose kind is told from
    /// its name, or else from its header or first object's keys).
    pub data: Option<PathBuf>,
    pub inspections: Option<PathBuf>,
    pub arrests: Option<PathBuf>,
    pub prosecutions: Option<PathBuf>,
    /// A published.json to use instead of the one in the directory.
    pub published: Option<PathBuf>,
    pub format: Option<Format>,
    /// Standard input is not a terminal (a pipe, a file, /dev/null). With nothing named it is then
    /// read for records, and the built-in dataset is used only when it is empty.
    pub stdin_redirected: bool,
    /// The delimiter and encoding to read every input with, when the user named them.
    pub reading: Reading,
}

impl Selection {
    fn named(&self, kind: Kind) -> Option<&PathBuf> {
        match kind {
            Kind::Inspections => self.inspections.as_ref(),
            Kind::Arrests => self.arrests.as_ref(),
            Kind::Prosecutions => self.prosecutions.as_ref(),
        }
    }

    /// Whether no records were named, so standard input or the built-in dataset is read.
    pub fn is_empty(&self) -> bool {
        self.data.is_none() && Kind::ALL.iter().all(|&k| self.named(k).is_none())
    }
}

/// Resolves what the user named into a dataset, checking that every named file exists. Standard
/// input is read here as far as its first record, to tell its kind.
pub fn resolve(selection: &Selection) -> Result<Dataset> {
    let mut inputs: Vec<Input> = Vec::new();
    let mut name = String::from("records");
    let mut listing = Listing::default();
    let mut warnings = Vec::new();
    let mut stdin_used = false;
    match &selection.data {
        Some(data) if data.as_os_str() == "-" => {
            let input = stdin_input(selection.format, selection.reading)?.ok_or_else(|| {
                Error::Usage(
                    "standard input (-) is empty: pipe records into it, or leave out - to use the built-in dataset".into(),
                )
            })?;
            name = STDIN.to_owned();
            stdin_used = true;
            inputs.push(input);
        }
        Some(data) => {
            let meta = std::fs::metadata(data).map_err(|e| missing(data, e))?;
            if meta.is_dir() {
                name = dir_name(data);
                listing = list_dir(data, &mut warnings)?;
            } else {
                let kind = match kind_from_path(data) {
                    Some(kind) => kind,
                    // A pipe (`<(cat raids.csv)`) cannot be read twice: what was read to tell
                    // its kind would be missing when its records are read.
                    None if meta.is_file() => {
                        kind_from_content(data, selection.format, selection.reading)?
                    }
                    None => {
                        let name = shown(data);
                        return Err(Error::Usage(format!(
                            "cannot tell what records {name} holds: its name does not say, and it is not a regular file whose header could; name the kind with --inspections {name}, --arrests {name} or --prosecutions {name}"
                        )));
                    }
                };
                name = data
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or(name);
                inputs.push(Input {
                    kind,
                    origin: Origin::File(data.clone()),
                    format: selection.format,
                    reading: selection.reading,
                });
            }
        }
        None if selection.is_empty() => {
            // Only records piped in are read; a terminal, or an empty input (`</dev/null`, a
            // closed descriptor, which reads as empty), leaves the built-in dataset.
            let piped = if selection.stdin_redirected {
                stdin_input(selection.format, selection.reading)?
            } else {
                None
            };
            let Some(input) = piped else {
                let mut dataset = builtin::dataset()?;
                if let Some(path) = &selection.published {
                    dataset.published = Some(read_published(path)?);
                }
                return Ok(dataset);
            };
            name = STDIN.to_owned();
            inputs.push(input);
        }
        None => {}
    }
    for kind in Kind::ALL {
        let Some(path) = selection.named(kind) else {
            continue;
        };
        if let Some(other) = inputs.iter().find(|i| i.kind == kind) {
            return Err(Error::Usage(format!(
                "{} holds {} and --{} names {} too: name one",
                shown(Path::new(&other.display_name())),
                kind.name(),
                kind.name(),
                shown(path)
            )));
        }
        let origin = if path.as_os_str() == "-" {
            if std::mem::replace(&mut stdin_used, true) {
                return Err(Error::Usage(
                    "standard input (-) can be read only once".into(),
                ));
            }
            Origin::Stdin { head: Vec::new() }
        } else {
            std::fs::metadata(path).map_err(|e| missing(path, e))?;
            Origin::File(path.clone())
        };
        inputs.push(Input {
            kind,
            origin,
            format: selection.format,
            reading: selection.reading,
        });
    }
    // The directory's files, for the kinds no option named.
    let dir = selection.data.as_deref().unwrap_or(Path::new("."));
    for kind in Kind::ALL {
        let files: Vec<&PathBuf> = listing
            .records
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, p)| p)
            .collect();
        if let Some(named) = selection.named(kind) {
            for file in files.into_iter().filter(|file| !same_file(file, named)) {
                warnings.push(format!(
                    "{} is not read: --{} names {} instead",
                    shown(file),
                    kind.name(),
                    shown(named)
                ));
            }
            continue;
        }
        match files[..] {
            [] => {}
            [file] => inputs.push(Input {
                kind,
                origin: Origin::File(file.clone()),
                format: selection.format,
                reading: selection.reading,
            }),
            [.., last] => {
                return Err(Error::Usage(format!(
                    "{} holds {} {} files ({}); crackdown reads one file per kind: combine them, or name the one to read with --{} FILE, for example --{} {}",
                    shown(dir),
                    files.len(),
                    kind.name(),
                    files
                        .iter()
                        .map(|f| shown(Path::new(f.file_name().unwrap_or_default())))
                        .collect::<Vec<_>>()
                        .join(", "),
                    kind.name(),
                    kind.name(),
                    shown(last)
                )));
            }
        }
    }
    inputs.sort_by_key(|i| i.kind);
    let published = match (&selection.published, &listing.published[..]) {
        (Some(path), found) => {
            for file in found.iter().filter(|file| !same_file(file, path)) {
                warnings.push(format!(
                    "{} is not read: --published names {} instead",
                    shown(file),
                    shown(path)
                ));
            }
            Some(read_published(path)?)
        }
        (None, []) => None,
        (None, [file]) => Some(read_published(file)?),
        (None, found) => {
            return Err(Error::Usage(format!(
                "{} holds {} published figures files ({}): keep one, or name it with --published FILE",
                shown(dir),
                found.len(),
                found
                    .iter()
                    .map(|f| shown(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    };
    if inputs.is_empty() {
        let mut message = format!(
            "no record files in {}: expected inspections.csv, arrests.csv or prosecutions.csv (or .tsv, .tab, .json, .ndjson, .jsonl)",
            shown(dir)
        );
        for warning in &warnings {
            message.push_str("; ");
            message.push_str(warning);
        }
        return Err(Error::Usage(message));
    }
    Ok(Dataset {
        name,
        inputs,
        published,
        builtin: false,
        warnings,
    })
}

/// Standard input as an input of the kind its first record tells, or `None` when it holds nothing
/// but white space. Its kind must be told: no kind is ever guessed.
fn stdin_input(format: Option<Format>, reading: Reading) -> Result<Option<Input>> {
    let (first, head) = sniff::first_record(&mut io::stdin().lock(), format, reading)
        .map_err(|e| Error::io("cannot read standard input", e))?;
    let kind = match &first {
        sniff::First::Empty => return Ok(None),
        sniff::First::Names { names, .. } => sniff::kind_from_fields(names).ok(),
        sniff::First::Unreadable(_) | sniff::First::Undecodable(_) => None,
    };
    let kind =
        kind.ok_or_else(|| Error::Usage(sniff::cannot_tell("standard input", &first, "-")))?;
    Ok(Some(Input {
        kind,
        origin: Origin::Stdin { head },
        format,
        reading,
    }))
}

/// The kind of a file whose name does not say it, from its header or first object's keys.
fn kind_from_content(path: &Path, format: Option<Format>, reading: Reading) -> Result<Kind> {
    let name = shown(path);
    let mut file = File::open(path).map_err(|e| Error::io(format!("cannot open {name}"), e))?;
    let format = format.or_else(|| Format::from_path(path));
    let (first, _) = sniff::first_record(&mut file, format, reading.for_path(path))
        .map_err(|e| Error::io(format!("cannot read {name}"), e))?;
    match &first {
        sniff::First::Names { names, .. } => sniff::kind_from_fields(names).ok(),
        _ => None,
    }
    .ok_or_else(|| Error::Usage(sniff::cannot_tell(&name, &first, &name)))
}

/// The published figures in `path`; one that does not exist is wrong usage, as a record file is.
fn read_published(path: &Path) -> Result<Published> {
    let text = std::fs::read_to_string(path).map_err(|e| missing(path, e))?;
    Published::parse(&text, &path.display().to_string())
}

/// A file that is not there is wrong usage (exit 2); one that cannot be read for another reason
/// is an input failure.
fn missing(path: &Path, e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::NotFound {
        Error::Usage(format!("{} does not exist", shown(path)))
    } else {
        Error::io(format!("cannot read {}", shown(path)), e)
    }
}

fn dir_name(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    dir.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "records".into())
}
