//! Renderers: turn computed results into bytes for people (tables) or machines (JSON). No
//! renderer computes a number of its own.

pub mod compare;
pub mod delimited;
pub mod figures;
pub mod markdown;
pub mod reconciliation;
pub mod report;
pub mod statements;
pub mod table;
pub mod timeline;
pub mod validation;

pub mod layout;

/// Turns a document (a report, a validation, a reconciliation) into the bytes of one output
/// format. Each format is a type; a document can be written in the formats that implement
/// `Exporter` for it. No exporter computes a number of its own.
pub trait Exporter<D: ?Sized> {
    fn export(&self, document: &D) -> Vec<u8>;
}

/// A document as JSON: its one JSON value.
pub trait Document {
    fn to_json(&self) -> serde_json::Value;

    /// The document's bytes as [`json_document`] writes [`Document::to_json`]; a large document
    /// may write them without building its whole value first.
    fn json(&self) -> Vec<u8> {
        json_document(&self.to_json())
    }
}

/// `value` pretty-printed as it would be `depth` levels into a document: every line after the
/// first indented to that depth (pretty printing nests by two spaces a level).
fn nested(value: &serde_json::Value, depth: usize) -> String {
    let text = serde_json::to_string_pretty(value).expect("serialising plain data cannot fail");
    text.replace('\n', &format!("\n{}", "  ".repeat(depth)))
}

/// One JSON document, pretty-printed (the schema is documented in README).
pub struct Json;

impl<D: Document> Exporter<D> for Json {
    fn export(&self, document: &D) -> Vec<u8> {
        document.json()
    }
}

/// How tables should look, decided once from the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableStyle {
    pub color: bool,
    /// Unicode box drawing; plain ASCII otherwise.
    pub unicode: bool,
    /// The output is for a terminal (or colour was asked for): shares get a bar.
    pub terminal: bool,
    /// The width to fit tables and text to, in terminal columns; `None`: no limit (output that
    /// is not a terminal, a terminal of unknown size, `--wide`).
    pub width: Option<usize>,
}

impl TableStyle {
    /// Text in green (good) or red (bad) when colour is on.
    pub fn verdict(self, text: &str, good: bool) -> String {
        let tone = if good {
            layout::Tone::Good
        } else {
            layout::Tone::Bad
        };
        layout::paint(text, tone, self.color)
    }

    /// A line of prose (a title, a footer line), wrapped at spaces to the width, with a newline
    /// after each line.
    pub fn prose(self, out: &mut String, line: &str) {
        let line = crate::text::escape(line);
        match self.width {
            Some(width) => {
                for l in layout::wrap(&line, width) {
                    out.push_str(&l);
                    out.push('\n');
                }
            }
            None => {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
}

/// Pretty-printed JSON with a final newline: the shape of every JSON document crackdown writes.
pub fn json_document<T: serde::Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("serialising plain data cannot fail");
    out.push(b'\n');
    out
}
