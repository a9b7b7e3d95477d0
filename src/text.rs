//! Folding of free text for lookups: the Khan and nationality tables compare folded keys, so that
//! case, spacing, punctuation, Latin diacritics and Khmer digits never decide whether a value resolves.

use unicode_normalization::UnicodeNormalization;

/// Folds `s` into a lookup key: lower case, Latin diacritics removed, Khmer digits turned into ASCII
/// digits, and everything that is neither a letter, a digit nor Khmer script dropped (spaces,
/// hyphens, apostrophes, commas, zero-width spaces).
///
/// ```
/// assert_eq!(crackdown::text::fold("Chamkar-Mon "), "chamkarmon");
/// assert_eq!(crackdown::text::fold("Côte d'Ivoire"), "cotedivoire");
/// assert_eq!(crackdown::text::fold("៧ មករា"), "7មករា");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            // Combining diacritical marks: "é" decomposes to "e" + U+0301.
            '\u{0300}'..='\u{036f}' => {}
            // Khmer digits ០..៩ → 0..9, so "៧មករា" matches "7 Makara"'s Khmer spelling typed either way.
            '\u{17e0}'..='\u{17e9}' => out.push(char::from(b'0' + (c as u32 - 0x17e0) as u8)),
            // Khmer punctuation (khan, bariyoosan, ...) carries no meaning in a name.
            '\u{17d4}'..='\u{17da}' => {}
            '\u{1780}'..='\u{17ff}' => out.push(c),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// A character in a user's value that folding will not drop: a name may hold spaces, hyphens,
/// dots, apostrophes, commas and parentheses between its words, and nothing else besides letters
/// and digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stray(pub char);

impl std::fmt::Display for Stray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.0;
        if c.is_control() {
            write!(
                f,
                "holds a control character (U+{:04X}), which no name has",
                c as u32
            )
        } else if needs_escape(c) {
            write!(
                f,
                "holds a formatting character (U+{:04X}), which no name has",
                c as u32
            )
        } else if matches!(c, '=' | '+' | '@') {
            write!(
                f,
                "holds {c:?}, which starts a spreadsheet formula and is part of no name"
            )
        } else {
            write!(f, "holds {c:?}, which is part of no name")
        }
    }
}

/// Whether `c` is part of a word: a letter, a digit, a combining mark or Khmer script.
fn is_word(c: char) -> bool {
    c.is_alphanumeric()
        || ('\u{0300}'..='\u{036f}').contains(&c)
        || ('\u{1780}'..='\u{17ff}').contains(&c)
}

/// Spaces that only separate words (no-break and zero-width spaces included).
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}')
}

/// Folds a user's value as [`fold`] does, but refuses what folding would otherwise drop in
/// silence: a control character or NUL, a formula sign, and punctuation anywhere but between
/// words (`C,N`, `-VN-`, `??CN??`, `=VN`, `12:04` and `12/04` resolve to nothing).
///
/// ```
/// use crackdown::text::{key, Stray};
/// assert_eq!(key("Korea, Republic of").unwrap(), "korearepublicof");
/// assert_eq!(key("Guinea-Bissau").unwrap(), "guineabissau");
/// assert_eq!(key("C,N"), Err(Stray(',')));
/// assert_eq!(key("12:04"), Err(Stray(':')));
/// ```
pub fn key(s: &str) -> Result<String, Stray> {
    let s = s.trim_matches(is_space);
    let chars: Vec<char> = s.chars().collect();
    let word_before = |i: usize| chars[..i].iter().any(|&c| is_word(c));
    let word_after = |i: usize| chars[i + 1..].iter().any(|&c| is_word(c));
    let mut open = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        if is_word(c) || is_space(c) {
            continue;
        }
        let allowed = match c {
            // Hyphens of every glyph and apostrophes join words: "Guinea-Bissau", "Côte d'Ivoire".
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' | '\'' | '\u{2019}' | '&' => {
                word_before(i) && word_after(i)
            }
            // A dot ends an abbreviation: "St. Lucia", "U.S.A.".
            '.' => chars[..i].last().is_some_and(|&p| is_word(p)),
            // A comma is followed by a space: "Korea, Republic of" (never "C,N").
            ',' => {
                chars[..i].last().is_some_and(|&p| is_word(p))
                    && chars.get(i + 1).is_some_and(|&n| is_space(n))
                    && word_after(i)
            }
            '(' => {
                open += 1;
                word_before(i) && word_after(i)
            }
            ')' => {
                let ok = open > 0 && chars[..i].last().is_some_and(|&p| is_word(p) || p == '.');
                open = open.saturating_sub(1);
                ok
            }
            _ => false,
        };
        if !allowed {
            return Err(Stray(c));
        }
    }
    Ok(fold(s))
}

/// The entry of `candidates` nearest to `input` by edit distance on folded text, when it is near
/// enough to be worth suggesting (at most a third of the input's length, and at least 1 edit).
///
/// A value longer than [`NEAREST_LONGEST`] characters is near no name: it gets no suggestion, and
/// costs no more than folding it (an edit distance is quadratic in the lengths compared). A
/// candidate whose length differs from the input's by more than the edits allowed is passed over
/// unmeasured: no fewer edits could turn one into the other.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if beyond_names(input) {
        return None;
    }
    let key = fold(input);
    let length = key.chars().count();
    if key.is_empty() || length > NEAREST_LONGEST {
        return None;
    }
    let limit = (length / 3).max(1);
    candidates
        .into_iter()
        .filter_map(|c| {
            let folded = fold(c);
            if folded.chars().count().abs_diff(length) > limit {
                return None;
            }
            let d = strsim::levenshtein(&key, &folded);
            (d <= limit).then_some((d, c))
        })
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// What to add to "did you mean …?" when `value` mixes Latin letters with Cyrillic or Greek ones
/// that look the same (`Tuоl Kouk` with a Cyrillic `о`): the suggestion would look identical to
/// the value, so the letter is named. Empty when there is none.
pub fn lookalike(value: &str) -> String {
    if !value.chars().any(|c| c.is_ascii_alphabetic()) {
        return String::new();
    }
    let found = value.chars().enumerate().find_map(|(i, c)| {
        let script = match c {
            '\u{0370}'..='\u{03ff}' => "Greek",
            '\u{0400}'..='\u{04ff}' => "Cyrillic",
            _ => return None,
        };
        Some((i + 1, c, script))
    });
    match found {
        Some((at, c, script)) => format!(
            " (character {at} of the value, U+{:04X}, is a {script} letter that looks like a Latin one: retype it)",
            u32::from(c)
        ),
        None => String::new(),
    }
}

/// Whether `input` is too long to be any name crackdown knows (of a place or a country, in any
/// script, with a few words around it): looked up no further, so that a huge value costs no more
/// than a short one.
pub fn beyond_names(input: &str) -> bool {
    input.len() > 4 * NEAREST_LONGEST
}

/// The longest value, in characters once folded, that [`nearest`] looks for a name near: longer
/// than any name of a place or a country with a few words of its own around it.
pub const NEAREST_LONGEST: usize = 80;

/// A user's value as shown in a message or on a terminal, in double quotes: every script as it is
/// (Khmer stays Khmer), and only what could disturb a terminal escaped: control characters (ESC,
/// NUL, line breaks, ...) as `\u{1b}`, bidirectional overrides and isolates as `\u{202e}`, and a
/// double quote or backslash with a backslash. The one function for "show a user's value".
///
/// ```
/// assert_eq!(crackdown::text::quote("ទួលគោក"), "\"ទួលគោក\"");
/// assert_eq!(crackdown::text::quote("a\u{1b}[2Jb"), "\"a\\u{1b}[2Jb\"");
/// ```
///
/// A value of more than [`QUOTED_LONGEST`] characters is shown by its start and its length, so
/// that one huge cell cannot flood a terminal (`--rejects` and JSON keep it whole):
///
/// ```
/// let long = "x".repeat(1000);
/// assert!(crackdown::text::quote(&long).ends_with("xxx\"… (1,000 characters)"));
/// ```
pub fn quote(s: &str) -> String {
    let (shown, cut) = match s.char_indices().nth(QUOTED_LONGEST) {
        Some((end, _)) => (&s[..end], Some(s.chars().count())),
        None => (s, None),
    };
    let mut out = String::with_capacity(shown.len() + 2);
    out.push('"');
    push_escaped(&mut out, shown, true);
    out.push('"');
    if let Some(length) = cut {
        out.push_str(&format!("… ({} characters)", group_digits(length as u64)));
    }
    out
}

/// The most characters of a value [`quote`] shows.
pub const QUOTED_LONGEST: usize = 80;

/// As [`quote`], without the quotes: for names shown as they are (a file name, a heading).
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(|c| !needs_escape(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s, false);
    std::borrow::Cow::Owned(out)
}

/// Whether `c` is a control character or a bidirectional formatting character, which a terminal
/// would act on rather than show.
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn push_escaped(out: &mut String, s: &str, quoted: bool) {
    for c in s.chars() {
        match c {
            '"' | '\\' if quoted => {
                out.push('\\');
                out.push(c);
            }
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
}

/// 21104 → "21,104".
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_by_thousands() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(2709), "2,709");
        assert_eq!(group_digits(21104), "21,104");
        assert_eq!(group_digits(1234567), "1,234,567");
    }

    #[test]
    fn keys_refuse_what_folding_would_drop_in_silence() {
        for (input, stray) in [
            ("C\0N", '\0'),
            ("C,N", ','),
            ("-VN-", '-'),
            ("??CN??", '?'),
            ("=VN", '='),
            ("Tuol\0Kouk", '\0'),
            ("12:04", ':'),
            ("12/04", '/'),
            ("VN\u{202e}", '\u{202e}'),
            ("(VN)", '('),
        ] {
            assert_eq!(key(input), Err(Stray(stray)), "{input:?}");
        }
        for (input, folded) in [
            ("Korea, Republic of", "korearepublicof"),
            ("Côte d'Ivoire", "cotedivoire"),
            ("Côte d’Ivoire", "cotedivoire"),
            ("St. Lucia", "stlucia"),
            ("U.S.A.", "usa"),
            (
                "Bolivia (Plurinational State of)",
                "boliviaplurinationalstateof",
            ),
            ("Trinidad & Tobago", "trinidadtobago"),
            ("Timor - Leste", "timorleste"),
            ("KH-1204", "kh1204"),
            ("ខណ្ឌ\u{200b}ដង្កោ", "ខណ្ឌដង្កោ"),
            ("  Tuol   KORK ", "tuolkork"),
        ] {
            assert_eq!(key(input).as_deref(), Ok(folded), "{input:?}");
        }
    }

    #[test]
    fn values_are_shown_as_written_with_only_terminal_controls_escaped() {
        assert_eq!(quote("Tuol Kouk"), "\"Tuol Kouk\"");
        assert_eq!(quote("ទួលគោក"), "\"ទួលគោក\"");
        assert_eq!(quote("中国"), "\"中国\"");
        assert_eq!(quote("a\0b"), "\"a\\u{0}b\"");
        assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(quote("x\u{202e}y"), "\"x\\u{202e}y\"");
        assert_eq!(quote("\x1b]0;title\x07"), "\"\\u{1b}]0;title\\u{7}\"");
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("a\nb"), "a\\u{a}b");
    }

    #[test]
    fn folds_case_space_punctuation_and_diacritics() {
        assert_eq!(fold("  Tuol   KORK "), "tuolkork");
        assert_eq!(fold("Russei-Keo"), "russeikeo");
        assert_eq!(fold("Korea, Republic of"), "korearepublicof");
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("ខណ្ឌ\u{200b}ដង្កោ"), "ខណ្ឌដង្កោ");
    }

    #[test]
    fn latin_look_alikes_are_named() {
        assert_eq!(
            lookalike("Tu\u{43e}l Kouk"),
            " (character 3 of the value, U+043E, is a Cyrillic letter that looks like a Latin one: retype it)"
        );
        assert_eq!(lookalike("Tuol Kouk"), "");
        assert_eq!(
            lookalike("Россия"),
            "",
            "a name all in Cyrillic is no look-alike"
        );
    }

    #[test]
    fn nearest_suggests_only_close_matches() {
        let names = ["Chamkar Mon", "Doun Penh", "Mean Chey"];
        assert_eq!(nearest("Chamkar Monn", names), Some("Chamkar Mon"));
        assert_eq!(nearest("Doun Pen", names), Some("Doun Penh"));
        assert_eq!(nearest("Battambang", names), None);
        assert_eq!(nearest("", names), None);
    }
}
