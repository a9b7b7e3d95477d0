//! JSON rows: one array of objects, read element by element without holding the whole array, or
//! NDJSON, one object per line. A row's line is the line where its object starts.

use std::collections::BTreeSet;
use std::io::BufRead;

use serde_json::Value;

use super::{CellProblem, Row, RowReader, ignored_column_warning};
use crate::error::{Code, Error, Result};
use crate::model::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the opening `[`.
    Start,
    /// After `[` (first = true) or after a `,`.
    BeforeElement { first: bool },
    /// Inside an element: how deep, and whether inside a string (and after a backslash).
    InElement {
        depth: u32,
        in_string: bool,
        escaped: bool,
    },
    /// After an element: a `,` or the closing `]` comes next.
    AfterElement,
    /// After the closing `]`: only white space may follow.
    End,
}

pub struct JsonRows<R: BufRead> {
    reader: R,
    kind: Kind,
    file: String,
    /// `None` for NDJSON, the scanner state for a JSON array.
    array: Option<State>,
    /// The line the reader is on (1-based).
    line: u64,
    element_line: u64,
    buf: Vec<u8>,
    at_start: bool,
    seen_unknown: BTreeSet<String>,
    warnings: Vec<String>,
}

impl<R: BufRead> JsonRows<R> {
    fn new(reader: R, kind: Kind, file: String, array: Option<State>) -> Self {
        JsonRows {
            reader,
            kind,
            file,
            array,
            line: 1,
            element_line: 1,
            buf: Vec::new(),
            at_start: true,
            seen_unknown: BTreeSet::new(),
            warnings: Vec::new(),
        }
    }

    pub fn array(reader: R, kind: Kind, file: String) -> Self {
        Self::new(reader, kind, file, Some(State::Start))
    }

    pub fn lines(reader: R, kind: Kind, file: String) -> Self {
        Self::new(reader, kind, file, None)
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
            }
        }
        Ok(())
    }

    /// Reads the next NDJSON line that is not blank into `buf`.
    fn next_line(&mut self) -> Result<bool> {
        loop {
            self.buf.clear();
            self.element_line = self.line;
            let n = self
                .reader
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| read_error(&self.file, e))?;
            if n == 0 {
                return Ok(false);
            }
            if self.buf.ends_with(b"\n") {
                self.line += 1;
            }
            if !self.buf.iter().all(u8::is_ascii_whitespace) {
                return Ok(true);
            }
        }
    }

    /// Scans the array up to the end of its next element, collecting the element's bytes in `buf`.
    fn next_element(&mut self) -> Result<bool> {
        self.buf.clear();
        let mut state = self.array.expect("array mode");
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) => return Err(read_error(&self.file, e)),
            };
            if chunk.is_empty() {
                self.array = Some(state);
                return match state {
                    State::End => Ok(false),
                    State::Start => {
                        Err(self
                            .syntax("the file holds no JSON array: expected [ followed by objects"))
                    }
                    _ => {
                        Err(self
                            .syntax("the file ends inside the JSON array: expected ] to close it"))
                    }
                };
            }
            let mut used = 0;
            let mut complete = false;
            for &b in chunk {
                used += 1;
                let newline = b == b'\n';
                match &mut state {
                    State::Start
                    | State::End
                    | State::AfterElement
                    | State::BeforeElement { .. }
                        if b.is_ascii_whitespace() => {}
                    State::Start if b == b'[' => state = State::BeforeElement { first: true },
                    State::BeforeElement { first: true } if b == b']' => state = State::End,
                    State::AfterElement if b == b',' => {
                        state = State::BeforeElement { first: false }
                    }
                    State::AfterElement if b == b']' => state = State::End,
                    State::BeforeElement { .. } if b != b']' && b != b',' => {
                        self.element_line = self.line;
                        self.buf.push(b);
                        let opens = matches!(b, b'{' | b'[');
                        state = State::InElement {
                            depth: u32::from(opens),
                            in_string: b == b'"',
                            escaped: false,
                        };
                        if !opens && b != b'"' {
                            // A bare scalar: it ends at the next separator.
                            state = State::InElement {
                                depth: 0,
                                in_string: false,
                                escaped: false,
                            };
                        }
                    }
                    State::InElement {
                        depth,
                        in_string,
                        escaped,
                    } => {
                        if *in_string {
                            self.buf.push(b);
                            if *escaped {
                                *escaped = false;
                            } else if b == b'\\' {
                                *escaped = true;
                            } else if b == b'"' {
                                *in_string = false;
                                if *depth == 0 {
                                    state = State::AfterElement;
                                    complete = true;
                                }
                            }
                        } else if *depth == 0 && (b == b',' || b == b']' || b.is_ascii_whitespace())
                        {
                            // The end of a bare scalar; the separator is the array's.
                            state = if b == b',' {
                                State::BeforeElement { first: false }
                            } else if b == b']' {
                                State::End
                            } else {
                                State::AfterElement
                            };
                            complete = true;
                        } else {
                            self.buf.push(b);
                            match b {
                                b'"' => *in_string = true,
                                b'{' | b'[' => *depth += 1,
                                b'}' | b']' => {
                                    *depth = depth.saturating_sub(1);
                                    if *depth == 0 {
                                        state = State::AfterElement;
                                        complete = true;
                                    }
                                }
                                _ => {}
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
                        if newline {
                            self.line += 1;
                        }
                        return Err(self.syntax(format!("unexpected {found:?}: {expected}")));
                    }
                }
                if newline {
                    self.line += 1;
                }
                if complete {
                    break;
                }
            }
            self.reader.consume(used);
            if complete {
                self.array = Some(state);
                return Ok(true);
            }
        }
    }

    /// Fills `row` from the object in `buf`.
    fn fill(&mut self, row: &mut Row) {
        let fields = self.kind.fields();
        row.clear(fields.len(), self.element_line);
        let entries = match serde_json::from_slice::<Entries>(&self.buf) {
            Ok(Entries(entries)) => entries,
            Err(_) => {
                row.problems.push(self.not_an_object());
                return;
            }
        };
        // Which key set each field: a field set twice is a problem, never "the last one wins".
        let mut set_by: Vec<Option<String>> = vec![None; fields.len()];
        for (key, value) in entries {
            let Some(index) = fields
                .iter()
                .position(|f| f.name.eq_ignore_ascii_case(key.trim()))
            else {
                if self.seen_unknown.insert(key.clone()) {
                    self.warnings.push(
                        ignored_column_warning(&self.file, &key, self.kind)
                            .replace("column", "key"),
                    );
                }
                continue;
            };
            if let Some(first) = set_by[index].replace(key.clone()) {
                row.problems.push(CellProblem {
                    code: Code::DuplicateKey,
                    column: Some(fields[index].name.to_owned()),
                    value: None,
                    reason: format!(
                        "the object gives this key twice ({first:?} and {key:?}); keep one"
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
                    self.kind.name().trim_end_matches('s'),
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

fn read_error(file: &str, e: std::io::Error) -> Error {
    Error::io(format!("cannot read {file}"), e)
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
}
