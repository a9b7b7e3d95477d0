//! What the user named, resolved into a dataset: the record files to read, in order, and the
//! published figures that go with them, from a directory, files named one by one or by a pattern
//! (several of one kind read as one table), standard input or the built-in dataset.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::input::STDIN;
use super::listing::{
    FileKey, Listing, expand, file_key, is_pattern, kind_from_path, list_dir, pattern_matches,
    same_file, shown,
};
use super::sheet::{self, SheetChoice, Sniffed};
use super::{Format, Input, Mapping, Origin, Reading, Sheet, builtin, sniff};
use crate::error::{Error, Result};
use crate::model::{Kind, PerKind};
use crate::published::Published;
use crate::text::quote;

/// A set of record files to read together, and the published figures that go with them.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The directory name, or the name of the built-in dataset.
    pub name: String,
    /// In the order they must be read: inspections, arrests, prosecutions; the files of one kind
    /// in the order named (a directory's and a pattern's in name order), read as one table.
    pub inputs: Vec<Input>,
    pub published: Option<Published>,
    /// Whether this is the dataset embedded in the binary.
    pub builtin: bool,
    /// What was noticed while finding the files (files that look like records but are not read).
    pub warnings: Vec<String>,
    /// The dataset directory DATA names, if it names one.
    pub dir: Option<PathBuf>,
    /// The patterns crackdown expanded itself, which the next run would expand again.
    pub patterns: Vec<Expanded>,
    /// The files of published statements (`statements.csv`), read apart from the records.
    pub statements: Vec<crate::statements::StatementFile>,
}

/// A pattern crackdown expanded itself (`--arrests 'raids/arrests-*.csv'`).
#[derive(Debug, Clone)]
pub struct Expanded {
    /// The option that gave it (`--arrests`), or empty for DATA.
    pub flag: &'static str,
    pub pattern: PathBuf,
}

impl Expanded {
    /// Whether the pattern matches `path`, which need not exist yet: a file written there would
    /// be read as records the next time the same command runs.
    pub fn matches(&self, path: &Path) -> bool {
        pattern_matches(&self.pattern, path)
    }
}

impl Dataset {
    /// A warning for each column mapping rule that no file read had the column of (every input
    /// shares the one mapping of the run). Said once every file has been read.
    pub fn mapping_warnings(&self) -> Vec<String> {
        self.inputs
            .first()
            .map(|i| i.mapping.unfound())
            .unwrap_or_default()
    }

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
    /// DATA: one dataset directory, or record files and `-` for standard input (each read as the
    /// kind its name tells, or else its header or first object's keys). A path that does not
    /// exist but holds `*`, `?` or `[` is a pattern, expanded here.
    pub data: Vec<PathBuf>,
    /// The files `--inspections`, `--arrests` and `--prosecutions` name, in the order named; each
    /// may be a pattern, and `-` is standard input.
    pub inspections: Vec<PathBuf>,
    pub arrests: Vec<PathBuf>,
    pub prosecutions: Vec<PathBuf>,
    /// A published.json to use instead of the one in the directory.
    pub published: Option<PathBuf>,
    /// The statements files `--statements` names, which replace the directory's.
    pub statements: Vec<PathBuf>,
    pub format: Option<Format>,
    /// Standard input is not a terminal (a pipe, a file, /dev/null). With nothing named it is then
    /// read for records, and the built-in dataset is used only when it is empty.
    pub stdin_redirected: bool,
    /// Column mapping rules, `[KIND.]FIELD=COLUMN` (`--map`), and a file of them (`--map-file`).
    pub map: Vec<String>,
    pub map_file: Option<PathBuf>,
    /// The sheets to read from workbooks (`--sheet`): for every workbook, or per kind.
    pub sheets: Vec<SheetChoice>,
    /// The delimiter and encoding to read every input with, when the user named them.
    pub reading: Reading,
}

impl Selection {
    fn named(&self, kind: Kind) -> &[PathBuf] {
        match kind {
            Kind::Inspections => &self.inspections,
            Kind::Arrests => &self.arrests,
            Kind::Prosecutions => &self.prosecutions,
        }
    }

    /// Whether no records were named, so standard input or the built-in dataset is read.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
            && self.statements.is_empty()
            && Kind::ALL.iter().all(|&k| self.named(k).is_empty())
    }
}

/// The inputs found so far, and what was noticed finding them.
#[derive(Default)]
struct Found {
    inputs: Vec<Input>,
    warnings: Vec<String>,
    patterns: Vec<Expanded>,
    /// Once standard input is taken (it can be read only once): the kind it holds, and whether
    /// DATA took it, its kind told from its first record.
    stdin: Option<(Kind, bool)>,
    /// The files taken, per kind, by identity, with the name first given: a file named twice
    /// (`m/a.csv` and a pattern matching it) is read once.
    files: HashMap<(Kind, FileKey), String>,
}

impl Found {
    fn file(
        &mut self,
        kind: Kind,
        path: PathBuf,
        format: Option<Format>,
        sheet: Option<Arc<Sheet>>,
    ) {
        if let Some(key) = file_key(&path) {
            let name = path.display().to_string();
            match self.files.entry((kind, key)) {
                Entry::Occupied(first) => {
                    let first = Path::new(first.get());
                    self.warnings.push(if first == path {
                        format!("{} is named twice: it is read once", shown(&path))
                    } else {
                        format!(
                            "{} and {} are the same file: it is read once",
                            shown(first),
                            shown(&path)
                        )
                    });
                    return;
                }
                Entry::Vacant(slot) => {
                    slot.insert(name);
                }
            }
        }
        self.inputs.push(Input {
            kind,
            origin: Origin::File(path),
            format,
            mapping: Arc::default(),
            reading: Reading::default(),
            sheet,
        });
    }

    /// Takes standard input for `kind` (`None`: the kind its first record tells).
    fn stdin(
        &mut self,
        kind: Option<Kind>,
        format: Option<Format>,
        sheets: &[SheetChoice],
        reading: Reading,
        mapping: &Mapping,
    ) -> Result<()> {
        if let Some((held, told)) = self.stdin {
            return Err(Error::Usage(match kind {
                // What DATA `-` was told to hold, named again by its option.
                Some(kind) if told && kind == held => format!(
                    "{STDIN} holds {} and --{} names - too: name one",
                    kind.name(),
                    kind.name()
                ),
                _ => "standard input (-) can be read only once".into(),
            }));
        }
        let input = match kind {
            Some(kind) => Input {
                kind,
                origin: Origin::Stdin { head: Vec::new() },
                format,
                mapping: Arc::default(),
                reading: Reading::default(),
                sheet: None,
            },
            None => stdin_input(format, sheets, reading, mapping)?.ok_or_else(|| {
                Error::Usage(
                    "standard input (-) is empty: pipe records into it, or leave out - to use the built-in dataset".into(),
                )
            })?,
        };
        self.stdin = Some((input.kind, kind.is_none()));
        self.inputs.push(input);
        Ok(())
    }

    /// The paths a pattern matches, when `path` is one and no file has it as its name; `None`
    /// for a path taken as it is. `flag` is the option that named it, or empty for DATA.
    fn expand(&mut self, path: &Path, flag: &'static str) -> Result<Option<Vec<PathBuf>>> {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound && is_pattern(path) => {
                self.patterns.push(Expanded {
                    flag,
                    pattern: path.to_path_buf(),
                });
                expand(path, flag).map(Some)
            }
            _ => Ok(None),
        }
    }
}

/// Resolves what the user named into a dataset, checking that every named file exists. Standard
/// input is read here as far as its first record, to tell its kind.
pub fn resolve(selection: &Selection) -> Result<Dataset> {
    sheet::check_choices(&selection.sheets)?;
    let mut mapping = Mapping::new(&selection.map, selection.map_file.as_deref())?;
    let mut dataset = find(selection, &mapping)?;
    mapping.loaded = dataset.loaded();
    let mapping = Arc::new(mapping);
    for input in &mut dataset.inputs {
        input.mapping = Arc::clone(&mapping);
    }
    Ok(dataset)
}

/// The dataset `selection` names, its kinds told through `mapping` where a name does not say them.
fn find(selection: &Selection, mapping: &Mapping) -> Result<Dataset> {
    let format = selection.format;
    let mut found = Found::default();
    let mut name = String::from("records");
    let mut listing = Listing::default();
    let mut dir = None;
    if let [path] = &selection.data[..]
        && let Some(mut dataset) = super::builtin_named(path)?
    {
        if let Some(path) = &selection.published {
            dataset.published = Some(read_published(path, false)?);
        }
        return Ok(dataset);
    }
    let mut data = Vec::new();
    for path in &selection.data {
        let matched = match path.as_os_str() == "-" {
            true => None,
            false => found.expand(path, "")?,
        };
        match matched {
            Some(matched) => data.extend(matched),
            None => data.push(path.clone()),
        }
    }
    let published_piped = selection
        .published
        .as_ref()
        .is_some_and(|p| p.as_os_str() == "-");
    if selection.is_empty() {
        // Only records piped in are read; a terminal, or an empty input (`</dev/null`, a
        // closed descriptor, which reads as empty), leaves the built-in dataset. Standard input
        // that --published - reads holds no records.
        let piped = if selection.stdin_redirected && !published_piped {
            stdin_input(format, &selection.sheets, selection.reading, mapping)?
        } else {
            None
        };
        let Some(input) = piped else {
            let mut dataset = builtin::dataset()?;
            if let Some(path) = &selection.published {
                dataset.published = Some(read_published(path, false)?);
            }
            return Ok(dataset);
        };
        name = STDIN.to_owned();
        found.stdin = Some((input.kind, true));
        found.inputs.push(input);
    }
    let files = data.iter().filter(|p| p.as_os_str() != "-").count();
    // Statements files named in DATA, then the directory's, unless --statements names others.
    let mut statements: Vec<PathBuf> = Vec::new();
    for path in &data {
        if path.as_os_str() == "-" {
            found.stdin(None, format, &selection.sheets, selection.reading, mapping)?;
            if data.len() == 1 {
                name = STDIN.to_owned();
            }
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| missing(path, e))?;
        if meta.is_dir() {
            if data.len() > 1 {
                return Err(Error::Usage(format!(
                    "DATA names the directory {} and {} other path{}: name one dataset directory, or record files",
                    shown(path),
                    data.len() - 1,
                    if data.len() == 2 { "" } else { "s" }
                )));
            }
            name = dir_name(path);
            listing = list_dir(path, &mut found.warnings)?;
            dir = Some(path.clone());
            continue;
        }
        if path
            .file_name()
            .is_some_and(|n| super::listing::is_statements_name(&n.to_string_lossy()))
        {
            if files == 1 {
                name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or(name);
            }
            statements.push(path.clone());
            continue;
        }
        let (kind, sheet) = match kind_from_path(path) {
            Some(kind) => (kind, None),
            // A pipe (`<(cat raids.csv)`) cannot be read twice: what was read to tell
            // its kind would be missing when its records are read.
            None if meta.is_file() => {
                kind_from_content(path, format, &selection.sheets, selection.reading, mapping)?
            }
            None => {
                let name = shown(path);
                return Err(Error::Usage(format!(
                    "cannot tell what records {name} holds: its name does not say, and it is not a regular file whose header could; name the kind with --inspections {name}, --arrests {name} or --prosecutions {name}"
                )));
            }
        };
        if files == 1 {
            name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or(name);
        }
        found.file(kind, path.clone(), format, sheet);
    }
    // The files each option names, which replace the directory's files of that kind.
    let mut named: PerKind<Vec<FileKey>> = PerKind::default();
    for kind in Kind::ALL {
        let flag = flag(kind);
        for path in selection.named(kind) {
            if path.as_os_str() == "-" {
                found.stdin(
                    Some(kind),
                    format,
                    &selection.sheets,
                    selection.reading,
                    mapping,
                )?;
                continue;
            }
            let (paths, pattern) = match found.expand(path, flag)? {
                Some(matched) => (matched, true),
                None => (vec![path.clone()], false),
            };
            let mut taken = 0;
            let mut dirs = Vec::new();
            for path in paths {
                match std::fs::metadata(&path) {
                    Ok(meta) if pattern && meta.is_dir() => {
                        dirs.push(path);
                        continue;
                    }
                    Ok(meta) if meta.is_dir() => return Err(directory(&path, flag)),
                    Ok(_) => {}
                    Err(e) => return Err(missing(&path, e)),
                }
                named[kind].extend(file_key(&path));
                found.file(kind, path, format, None);
                taken += 1;
            }
            if taken == 0 {
                return Err(Error::Usage(format!(
                    "{flag} {} matches no file, only directories ({}): {flag} reads files",
                    quote(&path.to_string_lossy()),
                    dirs.iter().map(|d| shown(d)).collect::<Vec<_>>().join(", ")
                )));
            }
            for dir in dirs {
                found.warnings.push(format!(
                    "{} is not read: it is a directory, and {flag} reads files",
                    shown(&dir)
                ));
            }
        }
    }
    // The directory's files, for the kinds no option named.
    for (kind, file) in std::mem::take(&mut listing.records) {
        let given = selection.named(kind);
        if given.is_empty() {
            found.file(kind, file, format, None);
        } else if !file_key(&file).is_some_and(|key| named[kind].contains(&key)) {
            found.warnings.push(format!(
                "{} is not read: {} names {} instead",
                shown(&file),
                flag(kind),
                given
                    .iter()
                    .map(|p| shown(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    let Found {
        mut inputs,
        mut warnings,
        patterns,
        stdin,
        ..
    } = found;
    let stdin_taken = stdin.is_some();
    statements.extend(listing.statements.iter().cloned());
    if !selection.statements.is_empty() {
        for file in &statements {
            if !selection.statements.iter().any(|s| same_file(file, s)) {
                warnings.push(format!(
                    "{} is not read: --statements names {} instead",
                    shown(file),
                    selection
                        .statements
                        .iter()
                        .map(|p| shown(p))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        statements = Vec::new();
        for path in &selection.statements {
            input_file(path, "--statements")?;
            statements.push(path.clone());
        }
    }
    // Stable: the files of one kind stay in the order named.
    inputs.sort_by_key(|i| i.kind);
    // Workbooks are opened and their sheets chosen now, and files that hold no records refused,
    // so that a wrong sheet or a PDF is said before any record is read.
    for input in &mut inputs {
        input.reading = selection.reading;
        sheet::prepare(input, &selection.sheets)?;
    }
    let workbooks: Vec<Option<Kind>> = inputs
        .iter()
        .filter_map(|i| Some(i.sheet.as_ref()?.chosen_for))
        .collect();
    sheet::check_used(&selection.sheets, &workbooks)?;
    let shown_dir = shown(dir.as_deref().unwrap_or(Path::new(".")));
    let published = match (&selection.published, &listing.published[..]) {
        (Some(path), found) => {
            for file in found.iter().filter(|file| !same_file(file, path)) {
                warnings.push(format!(
                    "{} is not read: --published names {} instead",
                    shown(file),
                    shown(path)
                ));
            }
            Some(read_published(path, stdin_taken)?)
        }
        (None, []) => None,
        (None, [file]) => Some(read_published(file, false)?),
        (None, found) => {
            return Err(Error::Usage(format!(
                "{shown_dir} holds {} published figures files ({}): keep one, or name it with --published FILE",
                found.len(),
                found
                    .iter()
                    .map(|f| shown(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    };
    if inputs.is_empty() && statements.is_empty() {
        let mut message = format!(
            "no record files in {shown_dir}: expected inspections.csv, arrests.csv, prosecutions.csv or statements.csv (or .tsv, .tab, .json, .ndjson, .jsonl, .xlsx, .xlsm, .xls, .ods)"
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
        dir,
        patterns,
        statements: statements
            .into_iter()
            .map(crate::statements::StatementFile::Path)
            .collect(),
    })
}

/// The option that names files of `kind`.
fn flag(kind: Kind) -> &'static str {
    match kind {
        Kind::Inspections => "--inspections",
        Kind::Arrests => "--arrests",
        Kind::Prosecutions => "--prosecutions",
    }
}

/// Standard input as an input of the kind its first record tells, or `None` when it holds nothing
/// but white space. Its kind must be told: no kind is ever guessed.
fn stdin_input(
    format: Option<Format>,
    sheets: &[SheetChoice],
    reading: Reading,
    mapping: &Mapping,
) -> Result<Option<Input>> {
    let mut stdin = io::stdin().lock();
    let head = match sheet::sniff_workbook(STDIN, &mut stdin, format, sheets)? {
        Sniffed::Workbook(kind, sheet) => {
            return Ok(Some(Input {
                kind,
                origin: Origin::Stdin { head: Vec::new() },
                format,
                mapping: Arc::default(),
                reading: Reading::default(),
                sheet: Some(sheet),
            }));
        }
        Sniffed::Text(head) => head,
    };
    let (first, head) =
        sniff::first_record(&mut io::Cursor::new(head).chain(stdin), format, reading)
            .map_err(|e| Error::io("cannot read standard input", e))?;
    let kind = match &first {
        sniff::First::Empty => return Ok(None),
        sniff::First::Names { names, .. } => {
            sniff::kind_from_fields(&mapping.mapped_names(names)).ok()
        }
        sniff::First::Unreadable(_) | sniff::First::Undecodable(_) => None,
    };
    let kind = kind.ok_or_else(|| {
        Error::Usage(sniff::cannot_tell("standard input", &first, "-") + &likely(&first, "-"))
    })?;
    Ok(Some(Input {
        kind,
        origin: Origin::Stdin { head },
        format,
        mapping: Arc::default(),
        reading: Reading::default(),
        sheet: None,
    }))
}

/// The kind of a file whose name does not say it, from its header or first object's keys.
fn kind_from_content(
    path: &Path,
    format: Option<Format>,
    sheets: &[SheetChoice],
    reading: Reading,
    mapping: &Mapping,
) -> Result<(Kind, Option<Arc<Sheet>>)> {
    let name = shown(path);
    let mut file = File::open(path).map_err(|e| Error::io(format!("cannot open {name}"), e))?;
    let format = format.or_else(|| Format::from_path(path));
    let head = match sheet::sniff_workbook(&name, &mut file, format, sheets)? {
        Sniffed::Workbook(kind, sheet) => return Ok((kind, Some(sheet))),
        Sniffed::Text(head) => head,
    };
    let (first, _) = sniff::first_record(
        &mut io::Cursor::new(head).chain(file),
        format,
        reading.for_path(path),
    )
    .map_err(|e| Error::io(format!("cannot read {name}"), e))?;
    match &first {
        sniff::First::Names { names, .. } => {
            sniff::kind_from_fields(&mapping.mapped_names(names)).ok()
        }
        _ => None,
    }
    .map(|kind| (kind, None))
    .ok_or_else(|| Error::Usage(sniff::cannot_tell(&name, &first, &name) + &likely(&first, &name)))
}

/// For a header whose kind cannot be told: the kind its columns would be once mapped, if one,
/// and the option that says which `--map` rules to add.
fn likely(first: &sniff::First, name: &str) -> String {
    match first {
        sniff::First::Names { names, .. } => super::mapping::likely_kind(names)
            .map(|kind| {
                format!(
                    " (its columns look like those of {} under other names: --{} {name} says which --map rules to add)",
                    kind.name(),
                    kind.name()
                )
            })
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The published figures in `path`, or in standard input for `-` (refused when records are read
/// from it too: `stdin_taken`); a file that is not there, or a directory, is wrong usage, as a
/// record file is ([`input_file`]).
fn read_published(path: &Path, stdin_taken: bool) -> Result<Published> {
    if path.as_os_str() == "-" {
        if stdin_taken {
            return Err(Error::Usage(
                "--published - and the records both name standard input (-), which can be read only once: name the published figures or the records by a file".into(),
            ));
        }
        let mut text = String::new();
        io::stdin()
            .lock()
            .read_to_string(&mut text)
            .map_err(|e| Error::io("cannot read standard input", e))?;
        return Published::parse(&text, STDIN);
    }
    input_file(path, "--published")?;
    let text = std::fs::read_to_string(path).map_err(|e| missing(path, e))?;
    Published::parse(&text, &path.display().to_string())
}

/// Checks a file an option names before it is read: one that is not there, or a directory, is
/// wrong usage (exit 2); one that is there and cannot be read is an input failure (exit 4), said
/// when it is read.
pub(crate) fn input_file(path: &Path, flag: &str) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| missing(path, e))?;
    if meta.is_dir() {
        return Err(directory(path, flag));
    }
    Ok(())
}

/// A directory named where a file belongs: wrong usage.
pub(crate) fn directory(path: &Path, flag: &str) -> Error {
    let name = shown(path);
    let how = match flag {
        "--published" => format!("name the file in it (--published {name}/published.json)"),
        "--map-file" => "name the mapping file in it".to_owned(),
        _ => format!(
            "name a file in it, or give the directory as DATA to read all its record files (crackdown report {name})"
        ),
    };
    Error::Usage(format!(
        "{flag} {name} is a directory, and {flag} names a file: {how}"
    ))
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
