//! One large CSV or NDJSON file read on several threads: cut into pieces at line breaks where a
//! record starts, each piece read by a reader of its own from its first line on, as the reader of
//! the whole file would read it from there.
//!
//! Where to cut is found without reading the file through: at about equal distances, the first
//! line break after which the line reads as a record of the file ([`Template::record_start`]);
//! in NDJSON, where a line is a record and no value holds a line break, the first line break.
//! A line inside a quoted field that runs over several lines seldom does, but may: so each piece
//! reads on past its end to the end of the record it is in, and says where it stopped
//! ([`Reached::end`]). The pieces were cut right when each stopped where the next one starts;
//! otherwise the file is read whole on one thread. The line numbers of the pieces are counted
//! before, one thread per piece, so that every row has the line it has in the file.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Arc;

use super::csv::{CsvRows, Template, line_breaks};
use super::input::{Input, Opened, Origin};
use super::json::JsonRows;
use super::mapping::Mapping;
use super::{Row, RowReader};
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::progress::FileProgress;

/// How the pieces of a file are read.
enum How {
    /// CSV, as the reader that read the header would read on.
    Csv(Template),
    /// NDJSON, one record a line of at most so many bytes.
    Ndjson(Kind, Arc<Mapping>, u64),
}

/// A file cut into pieces, each read apart ([`Pieces::read`]).
pub struct Pieces {
    path: PathBuf,
    name: String,
    how: How,
    /// The warnings the file's header gave.
    warnings: Vec<String>,
    /// Where each piece starts (a byte offset) and the number of its first line, ascending.
    starts: Vec<(u64, u64)>,
    len: u64,
}

/// Where reading a piece stopped, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reached {
    /// The byte offset where the record after the piece's last starts (the end of the file
    /// after the last piece).
    pub end: u64,
    /// Every row was read as a plain record: no stray quote read past, no comment line, no
    /// warning. A file with any of those is read whole on one thread, which says them as the
    /// whole file gives them.
    pub plain: bool,
}

/// How many bytes after a cut are looked through for the start of a record.
const LOOK: usize = 1 << 20;

impl Input {
    /// Cuts this input into about `wanted` pieces of at least `least` bytes, when it is a UTF-8
    /// CSV or NDJSON file (read as it is, with nothing to decode) large enough for two; `None`
    /// otherwise. A CSV header is read (an error in it is the one reading the file would give).
    pub fn pieces(&self, wanted: usize, least: u64) -> Result<Option<Pieces>> {
        let Origin::File(path) = &self.origin else {
            return Ok(None);
        };
        let len = self.size().unwrap_or(0);
        let wanted = wanted.min((len / least.max(1)) as usize);
        if self.sheet.is_some() || wanted < 2 {
            return Ok(None);
        }
        let (how, from) = match self.open_text()? {
            Opened::Csv(rows, true) => {
                let template = rows.template();
                let from = template.data_start;
                (How::Csv(template), from)
            }
            Opened::Ndjson(_, true) => {
                // The first piece starts past a byte-order mark, as the reader of the whole does.
                let mut head = [0; 3];
                let bom = File::open(path)
                    .and_then(|mut f| f.read_exact(&mut head))
                    .is_ok()
                    && head == *b"\xef\xbb\xbf";
                let how = How::Ndjson(
                    self.kind,
                    Arc::clone(&self.mapping),
                    self.reading.max_record(),
                );
                (how, if bom { 3 } else { 0 })
            }
            _ => return Ok(None),
        };
        let name = self.display_name();
        let cannot_read = |e| Error::io(format!("cannot read {name}"), e);
        let mut file = File::open(path).map_err(cannot_read)?;
        let mut cuts = vec![from];
        let mut window = Vec::new();
        for i in 1..wanted as u64 {
            let at = from + (len - from) * i / wanted as u64;
            if at <= *cuts.last().expect("one cut at least") {
                continue;
            }
            window.clear();
            file.seek(SeekFrom::Start(at)).map_err(cannot_read)?;
            (&mut file)
                .take(LOOK as u64)
                .read_to_end(&mut window)
                .map_err(cannot_read)?;
            let cut = match &how {
                How::Csv(template) => template.record_start(&window),
                How::Ndjson(..) => memchr::memchr(b'\n', &window).map(|i| i + 1),
            };
            if let Some(cut) = cut.map(|cut| at + cut as u64)
                && cut < len
            {
                cuts.push(cut);
            }
        }
        if cuts.len() < 2 {
            return Ok(None);
        }
        // The lines before each cut, counted from the one before (the first from the start).
        let lone_cr = matches!(how, How::Csv(_));
        let counts: Vec<io::Result<u64>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..cuts.len())
                .map(|i| {
                    let from = if i == 0 { 0 } else { cuts[i - 1] };
                    let to = cuts[i];
                    scope.spawn(move || count_breaks(path, from, to, lone_cr))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a thread counting lines panicked"))
                .collect()
        });
        let mut line = 1;
        let mut starts = Vec::with_capacity(cuts.len());
        for (cut, count) in cuts.into_iter().zip(counts) {
            line += count.map_err(cannot_read)?;
            starts.push((cut, line));
        }
        let warnings = match &how {
            How::Csv(template) => template.warnings.clone(),
            How::Ndjson(..) => Vec::new(),
        };
        Ok(Some(Pieces {
            path: path.clone(),
            name,
            how,
            warnings,
            starts,
            len,
        }))
    }
}

impl Pieces {
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The bytes of piece `i`.
    pub fn size(&self, i: usize) -> u64 {
        let end = self.starts.get(i + 1).map_or(self.len, |&(s, _)| s);
        end - self.starts[i].0
    }

    /// Where piece `i` starts.
    pub fn start(&self, i: usize) -> u64 {
        self.starts[i].0
    }

    /// The warnings the file's header gave.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Reads the rows of piece `i` into `each`: those starting before the next piece does, and
    /// the end of the last of them, wherever it is.
    pub fn read(
        &self,
        i: usize,
        progress: &FileProgress,
        each: impl FnMut(&Row) -> Result<()>,
    ) -> Result<Reached> {
        let (start, line) = self.starts[i];
        let stop = self.starts.get(i + 1).map_or(u64::MAX, |&(s, _)| s);
        let cannot_read = |e| Error::io(format!("cannot read {}", self.name), e);
        let mut file = File::open(&self.path).map_err(cannot_read)?;
        file.seek(SeekFrom::Start(start)).map_err(cannot_read)?;
        let source = BufReader::with_capacity(1 << 16, file);
        match &self.how {
            How::Csv(template) => {
                let rows = CsvRows::resume(source, template, line);
                let how = Resting {
                    at: CsvRows::resting_at,
                    plain: CsvRows::plain,
                };
                self.read_rows(rows, start, stop, progress, each, how)
            }
            How::Ndjson(kind, mapping, max) => {
                // The reader stops by itself where the next piece starts.
                let limit = stop.saturating_sub(start);
                let rows = JsonRows::resume(
                    source,
                    *kind,
                    self.name.clone(),
                    Arc::clone(mapping),
                    line,
                    limit,
                )
                .bounded(*max);
                let how = Resting {
                    at: |_| None,
                    plain: |_| true,
                };
                self.read_rows(rows, start, stop, progress, each, how)
            }
        }
    }

    /// Reads `rows`, begun at byte `start` of the file, into `each` until the reader rests
    /// between records at or past `stop`, or the rows end.
    fn read_rows<R: RowReader>(
        &self,
        mut rows: R,
        start: u64,
        stop: u64,
        progress: &FileProgress,
        mut each: impl FnMut(&Row) -> Result<()>,
        resting: Resting<R>,
    ) -> Result<Reached> {
        let mut row = Row::default();
        // Rows and bytes read and not yet told to `progress`, and where they were last told.
        let (mut count, mut told) = (0, 0);
        let mut tell = |rows: &R, count: &mut u64| {
            let at = rows.consumed().unwrap_or(told);
            progress.advance(std::mem::take(count), at.saturating_sub(told));
            told = at;
        };
        loop {
            if let Some(at) = (resting.at)(&rows)
                && start + at >= stop
            {
                tell(&rows, &mut count);
                return Ok(Reached {
                    end: start + at,
                    plain: (resting.plain)(&rows),
                });
            }
            if !rows.next_row(&mut row)? {
                tell(&rows, &mut count);
                let end = match stop {
                    u64::MAX => self.len,
                    _ => start + rows.consumed().unwrap_or(0),
                };
                return Ok(Reached {
                    end: end.min(self.len),
                    plain: (resting.plain)(&rows) && rows.warnings().is_empty(),
                });
            }
            each(&row)?;
            count += 1;
            if count == 1024 {
                tell(&rows, &mut count);
            }
        }
    }
}

/// What a reader of pieces tells besides its rows.
struct Resting<R> {
    /// Where it rests between records, counted from where it began, when it does.
    at: fn(&R) -> Option<u64>,
    /// Whether every row so far was read as a plain record ([`Reached::plain`]).
    plain: fn(&R) -> bool,
}

/// The line breaks between the byte offsets `from` and `to` of the file at `path`, counted as
/// the CSV reader counts them (`\r\n` once, a lone `\r` too) when `lone_cr`, else as `\n`.
fn count_breaks(path: &std::path::Path, from: u64, to: u64, lone_cr: bool) -> io::Result<u64> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut file = file.take(to - from);
    let mut buffer = vec![0; 1 << 18];
    let (mut count, mut cr) = (0, false);
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let block = &buffer[..n];
        if !lone_cr {
            count += memchr::memchr_iter(b'\n', block).count() as u64;
            continue;
        }
        // A `\r` that ended the last block is a line break of its own unless `\n` follows.
        if std::mem::take(&mut cr) && block[0] != b'\n' {
            count += 1;
        }
        let (block, last) = match block.split_last() {
            Some((b'\r', rest)) => (rest, true),
            _ => (block, false),
        };
        count += line_breaks(block);
        cr = last;
    }
    Ok(count + u64::from(cr))
}
