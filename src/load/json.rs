//! JSON rows: one array of objects, read element by element without holding the whole array, or
//! NDJSON, one object per line. A row's line is the line where its object starts.
//!
//! A stray brace or quote in an array would make the elements after it part of the damaged one,
//! up to a brace that happens to balance it. Most arrays show where their elements start: each on
//! a line of its own, at the same indentation. Where the layout shows that, an element is cut
//! where the next one starts, and reported as damaged on its own line, so that the elements
//! around it are still read one by one.

use std::collections::BTreeSet;
use std::io::{BufRead, Read};
use std::sync::Arc;

use serde_json::Value;

use super::header::{field_of, hint};
use super::mapping::Mapping;
use super::{CellProblem, Row, RowReader, ignored_column_warning};
use crate::error::{Code, Error, Result};
use crate::model::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the opening `[`.
    Start,
    /// After `[` (first = true) or after a `,`.
    BeforeElement { first: bool },
    /// Inside an element: how deep, which of the open brackets are objects (bit `d` for depth
    /// `d + 1`, as deep as 64), and whether inside a string (and after a backslash).
    InElement {
        depth: u32,
        objects: u64,
        in_string: bool,
        escaped: bool,
    },
    /// After an element, in an array whose layout is known: the element is handed out once what
    /// follows shows that it is whole (a `,` then the next element, or the closing `]` then
    /// nothing: `end`).
    Closed { comma: bool, end: bool },
    /// In an element found damaged: it runs on to where the layout shows the next one starts.
    /// `after` when it closed before the damage: any `{` where elements start is the next one.
    Damaged {
        depth: u32,
        in_string: bool,
        escaped: bool,
        after: bool,
    },
    /// After an element: a `,` or the closing `]` comes next.
    AfterElement,
    /// After the closing `]`: only white space may follow.
    End,
}

impl State {
    /// An element found damaged at `depth`, outside any string; `after` when it had closed.
    fn damaged(depth: u32, after: bool) -> State {
        State::Damaged {
            depth,
            in_string: false,
            escaped: false,
            after,
        }
    }
}

/// What the layout of an array shows about where its elements start.
#[derive(Debug, Clone, Copy, Default)]
struct Layout {
    /// The column (in bytes) where elements start, once one started a line (or followed the `[`
    /// that did). `None`: no layout to go by, so elements end only where their brackets balance.
    column: Option<u64>,
    /// An element started a line of its own: elements are one per line (or per indentation
    /// level), so text after an element's `,` on the same line is not the next element.
    per_line: bool,
    /// The line of the opening `[`, when nothing came before it on that line.
    bracket_line: Option<u64>,
}

/// Why an element was cut out of the array as damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Damage {
    /// Its brackets were still open where the layout shows the next element starting (or the
    /// array ending: `last`) on line `until`.
    Open { until: u64, last: bool },
    /// Something other than `,` or `]` came after it closed, or a string ran over a line break.
    Stray,
}

pub struct JsonRows<R: BufRead> {
    reader: R,
    kind: Kind,
    file: String,
    /// `None` for NDJSON, the scanner state for a JSON array.
    array: Option<State>,
    layout: Layout,
    /// The line the reader is on (1-based).
    line: u64,
    /// Bytes consumed so far, and the offset where the current line began.
    offset: u64,
    line_began: u64,
    /// Nothing but white space yet on the current line.
    line_start: bool,
    element_line: u64,
    /// The column (0-based, in bytes) where the element starts on its line, and whether
    /// nothing comes before it on that line.
    element_column: u64,
    element_starts_line: bool,
    buf: Vec<u8>,
    /// How much of `buf` the element took when it closed (what follows is separators, or damage).
    closed_len: usize,
    /// The line of a `]` after an element, until what follows shows whether it ends the array.
    end_line: u64,
    damage: Option<Damage>,
    at_start: bool,
    seen_unknown: BTreeSet<String>,
    warnings: Vec<String>,
    /// Which key holds which field when the keys are not crackdown's names.
    mapping: Arc<Mapping>,
    /// NDJSON read from within a file: no line is begun at or past this offset (counted from
    /// where reading began), which is where the next reader takes over.
    limit: Option<u64>,
    /// The most bytes one line or element may take.
    max: u64,
}

impl<R: BufRead> JsonRows<R> {
    fn new(reader: R, kind: Kind, file: String, array: Option<State>) -> Self {
        JsonRows {
            reader,
            kind,
            file,
            array,
            layout: Layout::default(),
            line: 1,
            offset: 0,
            line_began: 0,
            line_start: true,
            element_line: 1,
            element_column: 0,
            element_starts_line: false,
            buf: Vec::new(),
            closed_len: 0,
            end_line: 0,
            damage: None,
            at_start: true,
            seen_unknown: BTreeSet::new(),
            warnings: Vec::new(),
            mapping: Arc::default(),
            limit: None,
            max: super::input::MAX_RECORD,
        }
    }

    /// Refuses a line or an element of more than `max` bytes, before it fills memory.
    pub fn bounded(mut self, max: u64) -> Self {
        self.max = max;
        self
    }

    fn too_long(&self, what: &'static str) -> Error {
        super::bounded::TooLong {
            line: self.element_line,
            limit: self.max,
            quote: None,
            what,
        }
        .error(&self.file)
    }

    /// Reads keys through the rules of `mapping`.
    pub fn mapped(mut self, mapping: Arc<Mapping>) -> Self {
        self.mapping = mapping;
        self
    }

    pub fn array(reader: R, kind: Kind, file: String) -> Self {
        Self::new(reader, kind, file, Some(State::Start))
    }

    pub fn lines(reader: R, kind: Kind, file: String) -> Self {
        Self::new(reader, kind, file, None)
    }

    /// Reads NDJSON lines of a file from within, at the start of `line`, as the reader of the
    /// whole file would read them from there, up to `limit` bytes on (the next reader's start).
    pub(super) fn resume(
        reader: R,
        kind: Kind,
        file: String,
        mapping: Arc<Mapping>,
        line: u64,
        limit: u64,
    ) -> Self {
        JsonRows {
            line,
            at_start: false,
            limit: Some(limit),
            ..Self::lines(reader, kind, file).mapped(mapping)
        }
    }

    fn syntax(&self, message: impl Into<String>) -> Error {
        Error::Input {
            file: self.file.clone(),
            line: Some(self.line),
            message: message.into(),
        }
    }

    /// Skips a UTF-8 byte-order mark at the very start of the file.
    fn skip_bom(&mut self) -> Result<()> {
        if std::mem::take(&mut self.at_start) {
            let head = self
                .reader
                .fill_buf()
                .map_err(|e| read_error(&self.file, e))?;
            if head.starts_with(b"\xef\xbb\xbf") {
                self.reader.consume(3);
                // Bytes of the file, but no column of its first line.
                self.offset += 3;
                self.line_began += 3;
            }
        }
        Ok(())
    }

    /// Reads the next NDJSON line that is not blank into `buf`.
    fn next_line(&mut self) -> Result<bool> {
        loop {
            self.buf.clear();
            self.element_line = self.line;
            if self.limit.is_some_and(|limit| self.offset >= limit) {
                return Ok(false);
            }
            let n = Read::by_ref(&mut self.reader)
                .take(self.max.saturating_add(1))
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| read_error(&self.file, e))?;
            self.offset += n as u64;
            if n == 0 {
                return Ok(false);
            }
            if n as u64 > self.max && !self.buf.ends_with(b"\n") {
                return Err(self.too_long("this line"));
            }
            if self.buf.ends_with(b"\n") {
                self.line += 1;
            }
            if !self.buf.iter().all(u8::is_ascii_whitespace) {
                return Ok(true);
            }
        }
    }

    /// At the end of the input, inside the array: hands out what the last element holds when
    /// that can be told apart from the array's end, else says the array is not closed.
    fn at_end(&mut self, state: State) -> Result<bool> {
        let last = self.buf.iter().rev().find(|b| !b.is_ascii_whitespace());
        let (found, next) = match state {
            State::End => (false, State::End),
            State::Start => {
                return Err(
                    self.syntax("the file holds no JSON array: expected [ followed by objects")
                );
            }
            // An element that a stray bracket kept open took in the array's closing `]`.
            State::InElement { .. } | State::Damaged { .. }
                if self.layout.per_line && last == Some(&b']') =>
            {
                let end = self.buf.iter().rposition(|&b| b == b']').unwrap_or(0);
                let after = self.buf[end..].iter().filter(|&&b| b == b'\n').count();
                self.damage.get_or_insert(Damage::Open {
                    until: self.line - after as u64,
                    last: true,
                });
                self.buf.truncate(end);
                (true, State::End)
            }
            // Handed out; the error that the array is not closed comes next.
            State::Damaged { .. } => (true, State::AfterElement),
            State::Closed {
                comma: true,
                end: true,
            } => {
                self.line = self.end_line;
                return Err(self.syntax("unexpected ']': expected an object"));
            }
            State::Closed { end, .. } => {
                self.buf.truncate(self.closed_len);
                (true, if end { State::End } else { State::AfterElement })
            }
            _ => {
                return Err(
                    self.syntax("the file ends inside the JSON array: expected ] to close it")
                );
            }
        };
        self.array = Some(next);
        Ok(found)
    }

    /// Scans the array up to the end of its next element, collecting the element's bytes in `buf`.
    fn next_element(&mut self) -> Result<bool> {
        self.buf.clear();
        self.damage = None;
        let mut state = self.array.expect("array mode");
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) => return Err(read_error(&self.file, e)),
            };
            if chunk.is_empty() {
                return self.at_end(state);
            }
            let mut used = 0;
            // Set when the element is complete; whether the byte at `used` was taken with it.
            let mut complete = None;
            while used < chunk.len() {
                // Most of an element is the text of its strings, then spaces, colons, commas
                // and numbers: take those in one go, up to a byte that matters.
                if let State::InElement {
                    depth,
                    in_string,
                    escaped: false,
                    ..
                } = state
                {
                    let rest = &chunk[used..];
                    let n = if in_string {
                        memchr::memchr3(b'"', b'\\', b'\n', rest)
                    } else if depth == 0 {
                        Some(0)
                    } else if self.line_start {
                        rest.iter()
                            .position(|&b| b == b'\n' || !b.is_ascii_whitespace())
                    } else {
                        rest.iter()
                            .position(|&b| matches!(b, b'"' | b'{' | b'}' | b'[' | b']' | b'\n'))
                    }
                    .unwrap_or(rest.len());
                    if n > 0 {
                        self.buf.extend_from_slice(&rest[..n]);
                        used += n;
                        continue;
                    }
                }
                let b = chunk[used];
                let space = b.is_ascii_whitespace();
                let first_on_line = self.line_start && !space;
                let column = self.offset + used as u64 - self.line_began;
                if first_on_line
                    && b == b'{'
                    && matches!(state, State::InElement { .. })
                    && self.layout.column.is_some_and(|at| column <= at)
                    && !self.element_starts_line
                    && self.buf.trim_ascii() == b"{"
                {
                    // A stray `{` after the last element's `,`: the element is the one that
                    // starts here.
                    self.element_line = self.line;
                    self.element_column = column;
                    self.element_starts_line = true;
                } else if first_on_line
                    && matches!(b, b'{' | b']')
                    && let Some(at) = self.layout.column
                    && cuts(state, &self.buf, b, column, at)
                {
                    self.damage.get_or_insert(Damage::Open {
                        until: self.line,
                        last: b == b']',
                    });
                    state = if b == b'{' {
                        State::BeforeElement { first: false }
                    } else {
                        State::AfterElement
                    };
                    complete = Some(false);
                    break;
                }
                match &mut state {
                    State::Start
                    | State::End
                    | State::AfterElement
                    | State::BeforeElement { .. }
                        if space => {}
                    State::Start if b == b'[' => {
                        state = State::BeforeElement { first: true };
                        if first_on_line {
                            self.layout.bracket_line = Some(self.line);
                        }
                    }
                    State::BeforeElement { first: true } if b == b']' => state = State::End,
                    State::AfterElement if b == b',' => {
                        state = State::BeforeElement { first: false }
                    }
                    State::AfterElement if b == b']' => state = State::End,
                    State::BeforeElement { .. } if b != b']' && b != b',' => {
                        self.element_line = self.line;
                        self.element_column = column;
                        self.element_starts_line = first_on_line;
                        // The first object that starts a line shows the layout (until one
                        // does, an object right after a `[` that starts a line). It is kept:
                        // a stray bracket before an element must not move it.
                        if b != b'{' || self.layout.per_line {
                        } else if first_on_line {
                            self.layout.column = Some(column);
                            self.layout.per_line = true;
                        } else if self.layout.column.is_none()
                            && self.layout.bracket_line == Some(self.line)
                        {
                            self.layout.column = Some(column);
                        }
                        self.buf.push(b);
                        let opens = matches!(b, b'{' | b'[');
                        state = State::InElement {
                            depth: u32::from(opens),
                            objects: u64::from(b == b'{'),
                            in_string: b == b'"',
                            escaped: false,
                        };
                    }
                    State::InElement {
                        depth,
                        objects,
                        in_string,
                        escaped,
                    } => {
                        let mut closed = false;
                        if *in_string {
                            self.buf.push(b);
                            if *escaped {
                                *escaped = false;
                            } else if b == b'\\' {
                                *escaped = true;
                            } else if b == b'"' {
                                *in_string = false;
                                closed = *depth == 0;
                            } else if b == b'\n' && self.layout.per_line {
                                // A string cannot hold a line break: a stray quote opened it.
                                self.damage.get_or_insert(Damage::Stray);
                                state = State::damaged(*depth, false);
                            }
                        } else if *depth == 0 && (b == b',' || b == b']' || space) {
                            // The end of a bare scalar; the separator is the array's.
                            if self.layout.column.is_some() {
                                self.closed_len = self.buf.len();
                                state = State::Closed {
                                    comma: false,
                                    end: false,
                                };
                                continue;
                            }
                            state = if b == b',' {
                                State::BeforeElement { first: false }
                            } else if b == b']' {
                                State::End
                            } else {
                                State::AfterElement
                            };
                            complete = Some(true);
                        } else {
                            if matches!(b, b'}' | b']')
                                && self.layout.per_line
                                && innermost_object(*depth, *objects) != (b == b'}')
                            {
                                // A bracket that does not close the one open is stray (or the
                                // array's end, after a stray one): the element is damaged.
                                self.damage.get_or_insert(Damage::Stray);
                                state = State::damaged(*depth, false);
                                continue;
                            }
                            self.buf.push(b);
                            match b {
                                b'"' => *in_string = true,
                                b'{' | b'[' => {
                                    if *depth < 64 {
                                        let bit = 1 << *depth;
                                        *objects = if b == b'{' {
                                            *objects | bit
                                        } else {
                                            *objects & !bit
                                        };
                                    }
                                    *depth += 1;
                                }
                                b'}' | b']' => {
                                    *depth = depth.saturating_sub(1);
                                    closed = *depth == 0;
                                }
                                _ => {}
                            }
                        }
                        if closed {
                            if self.layout.column.is_some() {
                                self.closed_len = self.buf.len();
                                state = State::Closed {
                                    comma: false,
                                    end: false,
                                };
                            } else {
                                state = State::AfterElement;
                                complete = Some(true);
                            }
                        }
                    }
                    State::Closed { comma, end } => match b {
                        _ if space => self.buf.push(b),
                        // In an array of one element per line, a `]` right after an element
                        // ends the array only if nothing follows it: it may be a stray one.
                        _ if *end => {
                            self.damage.get_or_insert(Damage::Stray);
                            state = State::damaged(0, true);
                            continue;
                        }
                        // One that starts a line where elements start, or left of it, is no
                        // element's: it ends the array, as in other layouts (below), and
                        // text after it is text after the array.
                        b']' if self.layout.per_line
                            && !(first_on_line
                                && self.layout.column.is_some_and(|at| column <= at)) =>
                        {
                            *end = true;
                            self.end_line = self.line;
                            self.buf.push(b);
                        }
                        b',' if !*comma => {
                            *comma = true;
                            self.buf.push(b);
                        }
                        b']' => {
                            // A `]` after a `,` is reported by the state that follows.
                            complete = Some(!*comma);
                            state = if *comma {
                                State::BeforeElement { first: false }
                            } else {
                                State::End
                            };
                        }
                        // A line that starts an element without a `,` before it: the array is
                        // not read past a missing separator.
                        b'{' if !*comma && (first_on_line || !self.layout.per_line) => {
                            self.reader.consume(used + 1);
                            return Err(
                                self.syntax("unexpected '{': expected , or ] after an object")
                            );
                        }
                        // The next element: where the layout shows elements starting, or
                        // anywhere when it shows none.
                        _ if *comma
                            && (b == b'{'
                                || !self.layout.per_line
                                || first_on_line
                                    && starts_value(b)
                                    && self.layout.column.is_some_and(|at| column <= at)) =>
                        {
                            state = State::BeforeElement { first: false };
                            complete = Some(false);
                        }
                        _ if !self.layout.per_line => {
                            // With no layout to show where the next element starts, the
                            // array is not read past this.
                            self.reader.consume(used + 1);
                            return Err(self.syntax(format!(
                                "unexpected {:?}: expected , or ] after an object",
                                char::from(b)
                            )));
                        }
                        _ => {
                            // Text after the element that is not the next one: a stray byte,
                            // taken with the element (a `{` here is not the next element).
                            self.damage.get_or_insert(Damage::Stray);
                            self.buf.push(b);
                            state = State::Damaged {
                                depth: u32::from(matches!(b, b'{' | b'[')),
                                in_string: b == b'"',
                                escaped: false,
                                after: true,
                            };
                        }
                    },
                    State::Damaged {
                        depth,
                        in_string,
                        escaped,
                        after,
                    } => {
                        if b == b']' && *depth == 0 && !*in_string {
                            // The array's end.
                            state = State::AfterElement;
                            complete = Some(false);
                        } else if b == b'{' && *depth == 0 && !*in_string && *after {
                            // After an element that closed, stray text, then the next element.
                            state = State::BeforeElement { first: false };
                            complete = Some(false);
                        } else {
                            self.buf.push(b);
                            if b == b'\n' {
                                *in_string = false;
                                *escaped = false;
                            } else if *in_string {
                                if *escaped {
                                    *escaped = false;
                                } else if b == b'\\' {
                                    *escaped = true;
                                } else if b == b'"' {
                                    *in_string = false;
                                }
                            } else {
                                match b {
                                    b'"' => *in_string = true,
                                    b'{' | b'[' => *depth += 1,
                                    b'}' | b']' => *depth = depth.saturating_sub(1),
                                    _ => {}
                                }
                            }
                        }
                    }
                    State::End => {
                        let message = "unexpected text after the closing ] of the JSON array";
                        self.reader.consume(used);
                        return Err(self.syntax(message));
                    }
                    _ => {
                        let found = char::from(b);
                        let expected = match state {
                            State::Start => {
                                "expected [ to open a JSON array of objects (for one object per line, name the file .ndjson)"
                            }
                            State::AfterElement => "expected , or ] after an object",
                            _ => "expected an object",
                        };
                        self.reader.consume(used);
                        if b == b'\n' {
                            self.line += 1;
                        }
                        return Err(self.syntax(format!("unexpected {found:?}: {expected}")));
                    }
                }
                if complete == Some(false) {
                    break;
                }
                used += 1;
                if !space {
                    self.line_start = false;
                } else if b == b'\n' {
                    self.line += 1;
                    self.line_start = true;
                    self.line_began = self.offset + used as u64;
                }
                if complete.is_some() {
                    break;
                }
            }
            self.reader.consume(used);
            self.offset += used as u64;
            if self.buf.len() as u64 > self.max {
                return Err(self.too_long("the element of the array starting on this line"));
            }
            if complete.is_some() {
                if self.damage.is_none() && self.layout.column.is_some() {
                    self.buf.truncate(self.closed_len);
                }
                self.array = Some(state);
                return Ok(true);
            }
        }
    }

    /// Fills `row` from the object in `buf`.
    fn fill(&mut self, row: &mut Row) {
        let fields = self.kind.fields();
        row.clear(fields.len(), self.element_line);
        if let Some(damage) = self.damage {
            row.problems.push(self.damaged(damage));
            return;
        }
        let entries = match serde_json::from_slice::<Entries>(&self.buf) {
            Ok(Entries(entries)) => entries,
            Err(_) => {
                row.problems.push(self.not_an_object());
                return;
            }
        };
        // Which key set each field: a field set twice is a problem, never "the last one wins".
        let mut set_by: Vec<Option<String>> = vec![None; fields.len()];
        let mapping: &Mapping = &self.mapping;
        let mut unknown = Vec::new();
        for (key, value) in entries {
            let Some((index, mapped)) = field_of(self.kind, mapping, &key) else {
                if self.seen_unknown.insert(key.clone()) {
                    unknown.push((key, self.seen_unknown.len()));
                }
                continue;
            };
            if let Some(mapped) = mapped {
                mapping.found(mapped.rule);
            }
            if let Some(first) = set_by[index].replace(key.clone()) {
                let name = fields[index].name;
                let rule = [&first, &key]
                    .into_iter()
                    .find_map(|k| mapping.column(self.kind, k, None))
                    .map(|m| format!(", and {} reads one of them for {name}", m.written))
                    .unwrap_or_default();
                row.problems.push(CellProblem {
                    code: Code::DuplicateKey,
                    column: Some(name.to_owned()),
                    value: None,
                    reason: format!(
                        "the object gives this key twice ({} and {}{rule}); keep one",
                        crate::text::quote(&first),
                        crate::text::quote(&key)
                    ),
                });
                continue;
            }
            match value {
                Value::Null => {}
                Value::String(s) => row.set(index, &s),
                Value::Number(n) => row.set(index, &n.to_string()),
                other => row.problems.push(CellProblem {
                    code: Code::WrongType,
                    column: Some(fields[index].name.to_owned()),
                    value: Some(truncate(&other.to_string())),
                    reason: format!("expected text or a number, found {}", json_type(&other)),
                }),
            }
        }
        // Said once per key, after the object, so the hint knows which fields it filled.
        // The first few keys of the file are named; past them, one line says there are more.
        for (key, seen) in unknown {
            if seen <= super::UNKNOWN_NAMED {
                let mut warning = ignored_column_warning(&self.file, "key", &key, self.kind);
                warning.push_str(&hint(self.kind, mapping, &key, |f| set_by[f].is_none()));
                self.warnings.push(warning);
            } else if seen == super::UNKNOWN_NAMED + 1 {
                self.warnings.push(format!(
                    "{}: more keys are not among the {} columns and are ignored (only the first {} are named)",
                    self.file,
                    self.kind.name(),
                    super::UNKNOWN_NAMED
                ));
            }
        }
    }

    /// Why an element cut out of the array as damaged is not a record.
    fn damaged(&mut self, damage: Damage) -> CellProblem {
        // What separated it from the next element is not part of it.
        while self
            .buf
            .last()
            .is_some_and(|&b| b.is_ascii_whitespace() || b == b',')
        {
            self.buf.pop();
        }
        let reason = match damage {
            Damage::Open { until, last } => format!(
                "malformed JSON: this element is still open where {} on line {until} (a stray {{ or [, or a }} or ] missing); the elements around it are read on their own",
                if last {
                    "the array ends"
                } else {
                    "the next one starts"
                }
            ),
            Damage::Stray => match serde_json::from_slice::<serde::de::IgnoredAny>(&self.buf) {
                Err(e) => {
                    let text = e.to_string();
                    let message = match text.split(" at line ").next() {
                        Some("trailing characters") => "text after the end of the object",
                        Some(message) => message,
                        None => &text,
                    };
                    // serde_json counts from the start of the element, which need not be the
                    // start of its line.
                    let line = self.element_line + (e.line() as u64).saturating_sub(1);
                    let column = e.column() as u64
                        + if line == self.element_line {
                            self.element_column
                        } else {
                            0
                        };
                    format!(
                        "malformed JSON: {message} (on line {line}, column {column}; a stray character?); the elements around it are read on their own"
                    )
                }
                Ok(_) => "malformed JSON: stray characters after this element".into(),
            },
        };
        CellProblem {
            code: Code::MalformedJson,
            column: None,
            value: None,
            reason,
        }
    }

    /// Why the element in `buf` is not a record: malformed JSON, or JSON that is not an object.
    fn not_an_object(&self) -> CellProblem {
        match serde_json::from_slice::<Value>(&self.buf) {
            Ok(other) => CellProblem {
                code: Code::NotAnObject,
                column: None,
                value: Some(truncate(&other.to_string())),
                reason: format!(
                    "expected a JSON object (one {} record), found {}",
                    self.kind.singular(),
                    json_type(&other)
                ),
            },
            Err(e) => {
                // serde_json counts lines from the start of the element; say where in the file.
                let text = e.to_string();
                let message = text.split(" at line ").next().unwrap_or(&text);
                let line = self.element_line + (e.line() as u64).saturating_sub(1);
                let whereabouts =
                    if self.array.is_some() && !e.is_eof() && line != self.element_line {
                        format!(" (on line {line}, column {})", e.column())
                    } else {
                        String::new()
                    };
                CellProblem {
                    code: Code::MalformedJson,
                    column: None,
                    value: None,
                    reason: format!("malformed JSON: {message}{whereabouts}"),
                }
            }
        }
    }
}

/// A JSON object's entries in the order written, duplicates kept (a `Map` would keep only one).
struct Entries(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// Whether the `{` or `]` that starts a line at `column` (elements start at `at`) is where the
/// element in `buf`, still open in `state`, must be cut: the layout shows the next element
/// starting there (`},` then `{` at the elements' indentation) or the array ending (`}` then `]`
/// left of it), so a stray bracket kept the element open.
fn cuts(state: State, buf: &[u8], b: u8, column: u64, at: u64) -> bool {
    let mut before = buf.iter().rev().filter(|b| !b.is_ascii_whitespace());
    let (last, second) = (before.next(), before.next());
    match (state, b) {
        (State::InElement { .. } | State::Damaged { .. }, b']') => {
            column < at && last == Some(&b'}')
        }
        // Inside an array in an object, a `{` may be a value; in an object it cannot be.
        (State::InElement { depth, objects, .. }, b'{') => {
            column <= at
                && (innermost_object(depth, objects) || buf.first() != Some(&b'{'))
                && (last, second) == (Some(&b','), Some(&b'}'))
        }
        // In an element already found damaged, the `}` may be what is missing; once it closed
        // (`after`), a `{` where elements start is the next one whatever came before.
        (State::Damaged { after, .. }, b'{') => column <= at && (after || last == Some(&b',')),
        _ => false,
    }
}

/// Whether a JSON value can start with `b`.
fn starts_value(b: u8) -> bool {
    matches!(
        b,
        b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
    )
}

/// Whether the innermost open bracket of an element is an object's (as deep as that is known).
fn innermost_object(depth: u32, objects: u64) -> bool {
    (1..=64).contains(&depth) && objects >> (depth - 1) & 1 == 1
}

fn read_error(file: &str, e: std::io::Error) -> Error {
    super::bounded::read_error(file, e)
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn truncate(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

impl<R: BufRead> RowReader for JsonRows<R> {
    fn next_row(&mut self, row: &mut Row) -> Result<bool> {
        self.skip_bom()?;
        let found = if self.array.is_some() {
            self.next_element()?
        } else {
            self.next_line()?
        };
        if found {
            self.fill(row);
        }
        Ok(found)
    }

    fn warnings(&self) -> &[String] {
        &self.warnings
    }

    fn consumed(&self) -> Option<u64> {
        Some(self.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    type Read1 = (u64, Option<String>, Vec<Code>);

    /// Each row of a JSON array: its line, its arrest_id and its problems' codes; or the error
    /// that stopped the reading. Read in one go and one byte at a time, which must agree.
    fn read(text: &str) -> (Vec<Read1>, Option<String>) {
        let mut all = Vec::new();
        for capacity in [1 << 16, 1] {
            let source = BufReader::with_capacity(capacity, text.as_bytes());
            let mut rows = JsonRows::array(source, Kind::Arrests, "t.json".into());
            let mut row = Row::default();
            let mut found = Vec::new();
            let error = loop {
                match rows.next_row(&mut row) {
                    Ok(true) => found.push((
                        row.line,
                        row.get(0).map(str::to_owned),
                        row.problems.iter().map(|p| p.code).collect(),
                    )),
                    Ok(false) => break None,
                    Err(e) => break Some(e.to_string()),
                }
            };
            all.push((found, error));
        }
        assert_eq!(all[0], all[1], "the same rows, whatever the reads");
        all.remove(0)
    }

    fn record(id: &str) -> String {
        format!(
            r#"{{"arrest_id": "{id}", "date": "2026-02-05", "khan": "1204", "nationality": "VN"}}"#
        )
    }

    /// One object per line, with a stray `{` in the second and a stray `}` in the fourth.
    fn damaged_per_line(end: &str) -> String {
        let mut records: Vec<String> = (1..=5).map(|i| record(&format!("A-{i}"))).collect();
        records[1] = records[1].replace(r#", "khan""#, r#", {"khan""#);
        records[3].push('}');
        format!("[{end}{}{end}]{end}", records.join(&format!(",{end}")))
    }

    /// The same, pretty-printed with two spaces.
    fn damaged_pretty(end: &str) -> String {
        let records: Vec<serde_json::Value> = (1..=5)
            .map(|i| serde_json::from_str(&record(&format!("A-{i}"))).unwrap())
            .collect();
        let text = serde_json::to_string_pretty(&records).unwrap();
        let text = text
            .replace("\"A-2\",", "\"A-2\", {")
            .replace("\"A-4\",", "\"A-4\"},");
        text.replace('\n', end) + end
    }

    #[test]
    fn a_damaged_element_is_cut_where_the_layout_shows_the_next_one() {
        let id = |s: &str| Some(s.to_owned());
        let bad = vec![Code::MalformedJson];
        for end in ["\n", "\r\n"] {
            assert_eq!(
                read(&damaged_per_line(end)),
                (
                    vec![
                        (2, id("A-1"), vec![]),
                        (3, None, bad.clone()),
                        (4, id("A-3"), vec![]),
                        (5, None, bad.clone()),
                        (6, id("A-5"), vec![]),
                    ],
                    None
                ),
                "{end:?}"
            );
            let (rows, error) = read(&damaged_pretty(end));
            assert_eq!(error, None);
            let lines: Vec<(u64, bool)> = rows.iter().map(|r| (r.0, r.2.is_empty())).collect();
            assert_eq!(
                lines,
                [(2, true), (8, false), (14, true), (20, false), (26, true)],
                "{end:?}"
            );
        }
    }

    #[test]
    fn a_stray_bracket_in_the_last_element_leaves_the_array_closed() {
        let text = format!(
            "[\n{},\n{}\n]\n",
            record("A-1"),
            record("A-2").replace('}', "}}")
        );
        let (rows, error) = read(&text);
        assert_eq!(error, None);
        assert_eq!(rows.len(), 2);
        let text = format!("[\n{},\n{{{}\n]\n", record("A-1"), record("A-2"));
        let (rows, error) = read(&text);
        assert_eq!((rows.len(), error), (2, None));
        assert_eq!(rows[1].2, [Code::MalformedJson]);
    }

    #[test]
    fn without_a_layout_to_go_by_a_damaged_array_stops_with_an_error() {
        // All on one line: the elements show no boundaries, so nothing is guessed.
        let text = format!("[{},{}}},{}]", record("A-1"), record("A-2"), record("A-3"));
        let (rows, error) = read(&text);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            error.as_deref(),
            Some("t.json:1: unexpected '}': expected , or ] after an object")
        );
    }

    #[test]
    fn separators_that_are_missing_or_left_over_stay_errors() {
        let text = format!("[\n{}\n{}\n]\n", record("A-1"), record("A-2"));
        assert_eq!(
            read(&text).1.as_deref(),
            Some("t.json:3: unexpected '{': expected , or ] after an object")
        );
        let text = format!("[\n{},\n]\n", record("A-1"));
        assert_eq!(
            read(&text).1.as_deref(),
            Some("t.json:3: unexpected ']': expected an object")
        );
    }

    #[test]
    fn a_bracket_that_starts_a_line_where_elements_start_ends_the_array() {
        let after = |line: u64| {
            Some(format!(
                "t.json:{line}: unexpected text after the closing ] of the JSON array"
            ))
        };
        for (text, rows, error) in [
            (
                format!("[\n{},\n{}\n] x\n", record("A-1"), record("A-2")),
                2,
                after(4),
            ),
            (format!("[\n  {}\n]\n\nx\n", record("A-1")), 1, after(5)),
            (format!("[\n  {}\n  ] x\n", record("A-1")), 1, after(3)),
            (format!("[\n  {}\n]\n", record("A-1")), 1, None),
            // Right of where elements start, or after an element on its line, a `]` followed
            // by more may be a stray one: the element is damaged, the next one read.
            (
                format!("[\n  {}\n    ],\n  {}\n]\n", record("A-1"), record("A-2")),
                2,
                None,
            ),
            (
                format!("[\n  {}],\n  {}\n]\n", record("A-1"), record("A-2")),
                2,
                None,
            ),
        ] {
            let (found, stopped) = read(&text);
            assert_eq!((found.len(), stopped), (rows, error), "{text}");
        }
    }

    #[test]
    fn clean_arrays_read_the_same_in_every_layout() {
        let records: Vec<serde_json::Value> = ["A-1", "A-2"]
            .iter()
            .map(|id| serde_json::from_str(&record(id)).unwrap())
            .collect();
        let nested = r#"{"arrest_id": "A-3", "notes": [{"x": "},\n{"}, {"y": [1, {"z": "]"}]}], "khan": "}"}"#;
        for (text, count) in [
            (serde_json::to_string(&records).unwrap(), 2),
            (serde_json::to_string_pretty(&records).unwrap(), 2),
            (
                format!("[{},\n{},\n{nested}]", record("A-1"), record("A-2")),
                3,
            ),
            (
                format!("[\n{}, {},\n{nested}\n]", record("A-1"), record("A-2")),
                3,
            ),
            // Elements that open on the line where the one before closes.
            (
                format!(
                    "[\n  {}, {{\n  \"arrest_id\": \"A-2\"\n  }}\n]",
                    record("A-1")
                ),
                2,
            ),
        ] {
            let (rows, error) = read(&text);
            assert_eq!((rows.len(), error), (count, None), "{text}");
            // The notes of A-3 are an array, which is a problem of their own.
            assert!(
                rows.iter().all(|r| !r.2.contains(&Code::MalformedJson)),
                "{text}: {rows:?}"
            );
        }
    }
}
