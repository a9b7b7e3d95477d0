//! Telling what records an input holds when its name cannot say (standard input, `raids.csv`):
//! from the header of a CSV (separated by commas, semicolons, tabs or bars, as its header line
//! shows) or the keys of the first JSON object, in UTF-8 or decoded as the file itself will be.
//! Only the start of the input is read, up to the end of its first record; the caller reads those
//! bytes again before the rest.

use std::io::{self, Read};

use super::input::{TextEncoding, decode, text_encoding, text_head_complete, utf16_without_bom};
use super::{Format, Reading};
use crate::model::Kind;
use crate::text;

/// The most read to find the end of the first record. A header or first object longer than this
/// is not a record file crackdown can read.
const LIMIT: usize = 1 << 20;

/// What the start of an input says about its records.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum First {
    /// Nothing but white space and a byte-order mark, or nothing at all.
    Empty,
    /// The names of the first record's columns (CSV) or keys (JSON), as written.
    Names { format: Format, names: Vec<String> },
    /// Why the first record gives no names.
    Unreadable(String),
    /// Why the input cannot be read as text without the encoding named.
    Undecodable(String),
}

/// Reads `reader` up to the end of its first record (or its end) and returns what that record
/// says, with every byte read (as read, not decoded). `forced` is the format the user named, if
/// any; `reading`, the delimiter and encoding.
pub(super) fn first_record(
    reader: &mut dyn Read,
    forced: Option<Format>,
    reading: Reading,
) -> io::Result<(First, Vec<u8>)> {
    let mut head = Vec::new();
    loop {
        let n = super::read_more(reader, &mut head)?;
        let end = n == 0 || head.len() >= LIMIT;
        if !end && !text_head_complete(&head) {
            continue;
        }
        let first = match text_encoding(&head, reading.encoding) {
            TextEncoding::Utf8 => examine(&head, forced, reading.delimiter, end),
            TextEncoding::Decode(encoding) => {
                // Decoded afresh as it grows: the head is short, and this is done once per input.
                let mut text = Vec::new();
                let mut decoder = encoding.new_decoder_with_bom_removal();
                decode(&mut decoder, &head, &mut text, end);
                examine(&text, forced, reading.delimiter, end)
            }
            TextEncoding::Utf16WithoutBom(encoding) => {
                Some(First::Undecodable(utf16_without_bom(encoding)))
            }
        };
        if let Some(first) = first {
            return Ok((first, head));
        }
    }
}

/// What `head` says, or `None` when more must be read. `end`: nothing more will come. `delimiter`
/// is the CSV separator named, if any; otherwise the header line shows it.
fn examine(head: &[u8], forced: Option<Format>, delimiter: Option<u8>, end: bool) -> Option<First> {
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if text.iter().all(u8::is_ascii_whitespace) {
        return end.then_some(First::Empty);
    }
    let format = forced.unwrap_or_else(|| Format::sniff(text));
    match format {
        Format::Csv => {
            let delimiter = match delimiter {
                Some(delimiter) => delimiter,
                None => super::csv::sniff_delimiter(super::csv::header_line(text, end)?),
            };
            let complete = csv_record_end(text, delimiter).is_some();
            (complete || end).then(|| csv_header(text, delimiter))
        }
        // Workbooks are told apart, and read, before any text is looked at.
        Format::Xlsx | Format::Xls | Format::Ods => Some(First::Unreadable(format!(
            "it is not a {} workbook",
            format.name()
        ))),
        Format::Json | Format::Ndjson => match json_object(text, format) {
            Scan::Found(object) => Some(json_keys(object, format)),
            Scan::Not(reason) => Some(First::Unreadable(reason)),
            Scan::More if head.len() >= LIMIT => Some(First::Unreadable(format!(
                "its first object does not end within the first {} MiB",
                LIMIT >> 20
            ))),
            // The last line of NDJSON needs no line break after it.
            Scan::More if end && format == Format::Ndjson => {
                Some(json_keys(text.trim_ascii(), format))
            }
            Scan::More if end => Some(First::Unreadable(
                "its first object is cut off by the end of the input".to_owned(),
            )),
            Scan::More => None,
        },
    }
}

/// Where the first record that is not an empty line ends (after its line break), as the CSV
/// reader sees it: a line break inside a quoted field belongs to the field. `None` while the
/// record may go on.
fn csv_record_end(text: &[u8], delimiter: u8) -> Option<usize> {
    let mut quoted = false;
    // In a quoted field, a quote was just seen: it ends the field unless another quote follows.
    let mut quote_seen = false;
    let mut field_start = true;
    let mut line_empty = true;
    for (i, &b) in text.iter().enumerate() {
        if quoted {
            if quote_seen {
                quote_seen = false;
                if b == b'"' {
                    continue;
                }
                quoted = false;
            } else {
                quote_seen = b == b'"';
                continue;
            }
        }
        match b {
            b'\n' | b'\r' if line_empty => field_start = true,
            b'\n' | b'\r' => return Some(i + 1),
            b'"' if field_start => {
                quoted = true;
                field_start = false;
                line_empty = false;
            }
            b if b == delimiter => {
                field_start = true;
                line_empty = false;
            }
            _ => {
                field_start = false;
                line_empty = false;
            }
        }
    }
    None
}

/// The header of a CSV, read by the same parser as the records.
fn csv_header(text: &[u8], delimiter: u8) -> First {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text);
    let mut header = csv::ByteRecord::new();
    match reader.read_byte_record(&mut header) {
        Ok(true) => First::Names {
            format: Format::Csv,
            names: header
                .iter()
                .map(|raw| String::from_utf8_lossy(raw).trim().to_owned())
                .collect(),
        },
        Ok(false) => First::Empty,
        Err(e) => First::Unreadable(format!("its CSV header cannot be read ({e})")),
    }
}

/// The outcome of looking for the first JSON object.
enum Scan<'a> {
    Found(&'a [u8]),
    Not(String),
    More,
}

/// The text of the first object: the first element of an array, or the first line of NDJSON
/// (which the NDJSON reader reads line by line too).
fn json_object(text: &[u8], format: Format) -> Scan<'_> {
    let mut at = 0;
    let skip = |at: &mut usize| {
        while text.get(*at).is_some_and(u8::is_ascii_whitespace) {
            *at += 1;
        }
    };
    skip(&mut at);
    if text.get(at) == Some(&b'[') {
        at += 1;
        skip(&mut at);
    }
    let start = at;
    match text.get(start) {
        None => return Scan::More,
        Some(b'{') => {}
        Some(b']') => return Scan::Not("it is an empty JSON array".to_owned()),
        Some(_) => {
            return Scan::Not("its first record is not a JSON object".to_owned());
        }
    }
    if format == Format::Ndjson {
        return match text[start..].iter().position(|&b| b == b'\n') {
            Some(end) => Scan::Found(&text[start..start + end]),
            None => Scan::More,
        };
    }
    let (mut depth, mut in_string, mut escaped) = (0u32, false, false);
    for (i, &b) in text.iter().enumerate().skip(start) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Scan::Found(&text[start..=i]);
                }
            }
            _ => {}
        }
    }
    Scan::More
}

fn json_keys(object: &[u8], format: Format) -> First {
    match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(object) {
        Ok(map) => First::Names {
            format,
            names: map.keys().map(|k| k.trim().to_owned()).collect(),
        },
        Err(e) => First::Unreadable(format!(
            "its first {} is not a well-formed JSON object ({e})",
            if format == Format::Ndjson {
                "line"
            } else {
                "object"
            }
        )),
    }
}

/// The kind whose required fields `names` hold the largest share of: more than half of them, and
/// a larger share than any other kind's. Names compare as the readers compare them (case and
/// surrounding space aside). `Err` holds the kinds that tie, or none.
pub(super) fn kind_from_fields(names: &[String]) -> Result<Kind, Vec<Kind>> {
    let share = |kind: Kind| {
        let required = kind.fields().iter().filter(|f| f.required);
        let total = required.clone().count();
        let present = required
            .filter(|f| names.iter().any(|n| n.trim().eq_ignore_ascii_case(f.name)))
            .count();
        (present, total)
    };
    let candidates: Vec<(Kind, (usize, usize))> = Kind::ALL
        .into_iter()
        .map(|k| (k, share(k)))
        .filter(|&(_, (present, total))| present * 2 > total)
        .collect();
    // Shares compare as fractions: a/b > c/d when a*d > c*b.
    let best = candidates
        .iter()
        .map(|&(_, (p, t))| (p, t))
        .max_by(|a, b| (a.0 * b.1).cmp(&(b.0 * a.1)));
    let Some(best) = best else {
        return Err(Vec::new());
    };
    let tied: Vec<Kind> = candidates
        .iter()
        .filter(|&&(_, (p, t))| p * best.1 == best.0 * t)
        .map(|&(k, _)| k)
        .collect();
    match tied[..] {
        [kind] => Ok(kind),
        _ => Err(tied),
    }
}

/// Why the kind of `input` cannot be told from `first`, with how to name it. `flag_value` is what
/// follows the kind's flag in the advice: `-` or the file's name.
pub(super) fn cannot_tell(input: &str, first: &First, flag_value: &str) -> String {
    let why = match first {
        // Naming the kind would not help: its text cannot be read.
        First::Undecodable(reason) => return format!("cannot read {input}: {reason}"),
        First::Empty => "it is empty".to_owned(),
        First::Unreadable(reason) => reason.clone(),
        First::Names { format, names } => {
            let what = match format {
                Format::Csv | Format::Xlsx | Format::Xls | Format::Ods => "its header names",
                Format::Json | Format::Ndjson => "its first object has the keys",
            };
            let found = list(names);
            match kind_from_fields(names) {
                Ok(kind) => format!("{what} {found}, those of {}", kind.name()),
                Err(tied) if tied.is_empty() => format!(
                    "{what} {found}, which are not the columns of inspections, arrests or prosecutions (their ids are inspection_id, arrest_id and case_id)"
                ),
                Err(tied) => format!(
                    "{what} {found}, which fit {} equally",
                    tied.iter()
                        .map(|k| k.name())
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            }
        }
    };
    format!(
        "cannot tell what records {input} holds: {why}; name the kind with --inspections {flag_value}, --arrests {flag_value} or --prosecutions {flag_value}"
    )
}

/// The names as shown in a message: each escaped for the terminal, the first dozen at most.
fn list(names: &[String]) -> String {
    const SHOWN: usize = 12;
    if names.iter().all(|n| n.is_empty()) {
        return "no columns".to_owned();
    }
    let mut out = names
        .iter()
        .take(SHOWN)
        .map(|n| text::escape(n).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        out.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands over its pieces one read at a time, as a slow pipe does.
    struct Trickle(Vec<Vec<u8>>);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Ok(0);
            }
            let piece = self.0.remove(0);
            buf[..piece.len()].copy_from_slice(&piece);
            Ok(piece.len())
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn header(kind: Kind) -> Vec<String> {
        kind.fields().iter().map(|f| f.name.to_owned()).collect()
    }

    #[test]
    fn each_kind_is_told_from_its_own_columns() {
        for kind in Kind::ALL {
            assert_eq!(kind_from_fields(&header(kind)), Ok(kind));
            let required: Vec<String> = kind
                .fields()
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name.to_uppercase())
                .collect();
            assert_eq!(kind_from_fields(&required), Ok(kind), "any case");
        }
        // A reference to another kind does not make a record of that kind.
        assert_eq!(
            kind_from_fields(&names(&[
                "arrest_id",
                "date",
                "khan",
                "nationality",
                "inspection_id"
            ])),
            Ok(Kind::Arrests)
        );
        // A column short, the kind is still told, so the reader can say which column is missing.
        assert_eq!(
            kind_from_fields(&names(&["arrest_id", "date", "khan"])),
            Ok(Kind::Arrests)
        );
        assert_eq!(
            kind_from_fields(&names(&[
                "defendant_id",
                "arrest_id",
                "nationality",
                "role",
                "filed",
                "status"
            ])),
            Ok(Kind::Prosecutions)
        );
    }

    #[test]
    fn headers_of_no_kind_or_of_two_are_not_guessed() {
        assert_eq!(kind_from_fields(&names(&["id", "amount"])), Err(vec![]));
        assert_eq!(kind_from_fields(&names(&["date", "khan"])), Err(vec![]));
        assert_eq!(kind_from_fields(&[]), Err(vec![]));
        let mut both = header(Kind::Arrests);
        both.extend(header(Kind::Prosecutions));
        assert_eq!(
            kind_from_fields(&both),
            Err(vec![Kind::Arrests, Kind::Prosecutions])
        );
    }

    #[test]
    fn the_first_record_is_read_whole_and_nothing_more_is_waited_for() {
        // The header arrives in pieces, one with a quoted line break; the rest never matters.
        let pieces: Vec<Vec<u8>> = vec![
            b"\xef\xbb\xbf\n".to_vec(),
            b"arrest_id,\"da".to_vec(),
            b"te\",khan,\"nation\nality\"".to_vec(),
            b"\r\nA-1,".to_vec(),
            b"2026-02-03,".to_vec(),
        ];
        let mut reader = Trickle(pieces.clone());
        let (first, head) = first_record(&mut reader, None, Reading::default()).unwrap();
        assert_eq!(
            first,
            First::Names {
                format: Format::Csv,
                names: names(&["arrest_id", "date", "khan", "nation\nality"])
            }
        );
        assert_eq!(head, pieces[..4].concat(), "read up to the header's end");
        assert_eq!(reader.0.len(), 1, "the rest is left unread");

        let mut reader = Trickle(vec![
            b"  [\n  {\"arrest_id\": \"A-1\", \"note\": \"a } in ".to_vec(),
            b"\\\" text\", \"x\": [1, {}]}".to_vec(),
            b",\n  {\"arrest_id\": 2}]".to_vec(),
        ]);
        let (first, _) = first_record(&mut reader, None, Reading::default()).unwrap();
        assert_eq!(
            first,
            First::Names {
                format: Format::Json,
                names: names(&["arrest_id", "note", "x"])
            }
        );
        assert_eq!(reader.0.len(), 1);
    }

    #[test]
    fn headers_separated_otherwise_or_in_utf16_give_their_names() {
        let first = |pieces: Vec<Vec<u8>>, reading: Reading| {
            first_record(&mut Trickle(pieces), None, reading).unwrap().0
        };
        let csv = |list: &[&str]| First::Names {
            format: Format::Csv,
            names: names(list),
        };
        // The separator shows once the header line is whole; a quoted line break stays in its name.
        let pieces = vec![
            b"\xef\xbb\xbfarrest_id;\"da".to_vec(),
            b"\nte\";khan\r\n".to_vec(),
            b"A-1;x;y".to_vec(),
        ];
        assert_eq!(
            first(pieces, Reading::default()),
            csv(&["arrest_id", "da\nte", "khan"])
        );
        assert_eq!(
            first(
                vec![b"arrest_id\tdate\tkhan\n".to_vec()],
                Reading::default()
            ),
            csv(&["arrest_id", "date", "khan"])
        );
        let named = Reading {
            delimiter: Some(b'|'),
            ..Reading::default()
        };
        assert_eq!(
            first(vec![b"arrest_id;date|khan\n".to_vec()], named),
            csv(&["arrest_id;date", "khan"])
        );
        // UTF-16 with a byte-order mark is decoded; without one it is refused, not misread.
        let utf16: Vec<u8> = "\u{feff}arrest_id;date;khan\r\nA-1;"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let pieces: Vec<Vec<u8>> = utf16.chunks(3).map(<[u8]>::to_vec).collect();
        assert_eq!(
            first(pieces, Reading::default()),
            csv(&["arrest_id", "date", "khan"])
        );
        let first_utf16 = first(vec![utf16[2..].to_vec()], Reading::default());
        assert!(
            matches!(&first_utf16, First::Undecodable(r) if r.contains("--encoding utf-16le")),
            "{first_utf16:?}"
        );
        let latin = Reading {
            encoding: Some(encoding_rs::WINDOWS_1252),
            ..Reading::default()
        };
        assert_eq!(
            first(vec![b"arrest_id;caf\xe9\n".to_vec()], latin),
            csv(&["arrest_id", "café"])
        );
    }

    #[test]
    fn white_space_alone_is_empty_and_broken_starts_are_unreadable() {
        let first = |bytes: &[u8], forced| {
            first_record(
                &mut Trickle(vec![bytes.to_vec()]),
                forced,
                Reading::default(),
            )
            .unwrap()
            .0
        };
        assert_eq!(first(b"", None), First::Empty);
        assert_eq!(first(b"\xef\xbb\xbf \n\t\r\n", None), First::Empty);
        assert!(
            matches!(first(b"[]", None), First::Unreadable(r) if r.contains("empty JSON array"))
        );
        assert!(
            matches!(first(b"[1, 2]", None), First::Unreadable(r) if r.contains("not a JSON object"))
        );
        assert!(
            matches!(first(b"{\"a\": tru}\n", None), First::Unreadable(r) if r.contains("first line is not a well-formed JSON object"))
        );
        assert!(
            matches!(first(b"[{\"a\": 1", None), First::Unreadable(r) if r.contains("cut off"))
        );
        assert!(
            matches!(first(b"{\"a\": 1", None), First::Unreadable(r) if r.contains("first line is not"))
        );
        // NDJSON is read line by line: an object over two lines is not one record.
        assert!(
            matches!(first(b"{\n\"a\": 1}\n", None), First::Unreadable(r) if r.contains("first line is not"))
        );
        assert_eq!(
            first(b"\n{\"arrest_id\": 1}", None),
            First::Names {
                format: Format::Ndjson,
                names: names(&["arrest_id"])
            }
        );
        assert!(
            matches!(first(b"arrest_id,date\n", Some(Format::Ndjson)), First::Unreadable(r) if r.contains("not a JSON object"))
        );
        // A header with no line break after it is still a header.
        assert_eq!(
            first(b"inspection_id", None),
            First::Names {
                format: Format::Csv,
                names: names(&["inspection_id"])
            }
        );
    }

    #[test]
    fn a_first_object_too_long_is_refused_not_read_forever() {
        let long = format!("[{{\"notes\": \"{}", "x".repeat(LIMIT));
        let (first, head) = first_record(
            &mut io::Cursor::new(long.into_bytes()),
            None,
            Reading::default(),
        )
        .unwrap();
        assert!(matches!(first, First::Unreadable(r) if r.contains("1 MiB")));
        assert!(head.len() >= LIMIT);
    }
}
