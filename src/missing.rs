//! Missing values: the words spreadsheets and transcribed press releases write for "not recorded"
//! (`N/A`, `-`, `unknown`, ...). A cell holding one is empty, in every column: a required column
//! then reports a missing value, and an optional one (nationality, sex) counts as "not recorded".
//! Never a country: `N/A` is not Namibia.

/// The words read as "not recorded", compared without regard to case once the cell is trimmed.
/// README lists them; `--na TOKEN` adds more.
pub const TOKENS: &[&str] = &[
    "n/a",
    "n.a.",
    "n.a",
    "na",
    "#n/a",
    "-",
    "--",
    "–",
    "—",
    "?",
    "unknown",
    "not recorded",
    "not known",
    "null",
];

/// The set of missing-value words in force for one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// Lower-case, trimmed.
    tokens: Vec<String>,
    /// The longest token in bytes: longer cells are never missing, which keeps the check cheap.
    longest: usize,
    /// The first bytes of the tokens, in small letters: a cell starting otherwise is not missing.
    starts: [bool; 256],
    /// Read a bare `NA` in a nationality column as Namibia (`--na-namibia`).
    pub na_is_namibia: bool,
}

impl Default for Missing {
    fn default() -> Self {
        Missing::new(&[], false)
    }
}

impl Missing {
    /// The documented tokens plus `extra` (from `--na`).
    pub fn new(extra: &[String], na_is_namibia: bool) -> Missing {
        let mut tokens: Vec<String> = TOKENS.iter().map(|t| (*t).to_owned()).collect();
        for t in extra {
            let t = t.trim().to_lowercase();
            if !tokens.contains(&t) {
                tokens.push(t);
            }
        }
        let longest = tokens.iter().map(String::len).max().unwrap_or(0);
        let mut starts = [false; 256];
        for t in &tokens {
            if let Some(&b) = t.as_bytes().first() {
                starts[usize::from(b)] = true;
                starts[usize::from(b.to_ascii_uppercase())] = true;
            }
        }
        Missing {
            tokens,
            longest,
            starts,
            na_is_namibia,
        }
    }

    /// Whether `cell` (trimmed already) says "not recorded". An empty cell does too.
    pub fn is_missing(&self, cell: &str) -> bool {
        if cell.is_empty() {
            return true;
        }
        let first = cell.as_bytes()[0];
        // Capital letters outside ASCII fold to small ones of other first bytes: ask those.
        if cell.len() > self.longest || (first.is_ascii() && !self.starts[usize::from(first)]) {
            return false;
        }
        if cell.is_ascii() {
            return self.tokens.iter().any(|t| t.eq_ignore_ascii_case(cell));
        }
        let lower = cell.to_lowercase();
        self.tokens.contains(&lower)
    }

    /// Whether `cell` is a bare `NA`, which in a column of country codes may mean Namibia.
    pub fn is_bare_na(cell: &str) -> bool {
        cell.eq_ignore_ascii_case("na")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_words_for_not_recorded_are_missing_in_any_case() {
        let missing = Missing::default();
        for cell in [
            "",
            "N/A",
            "n/a",
            "NA",
            "na",
            "N.A.",
            "n.a",
            "#N/A",
            "-",
            "—",
            "?",
            "Unknown",
            "UNKNOWN",
            "not recorded",
            "Not Recorded",
            "NULL",
        ] {
            assert!(missing.is_missing(cell), "{cell:?}");
        }
        for cell in [
            "Namibia",
            "NAM",
            "Namibian",
            "VN",
            "A-1",
            "n/a/b",
            "unknownish",
        ] {
            assert!(!missing.is_missing(cell), "{cell:?}");
        }
        let more = Missing::new(&[" Pending ".to_owned(), "ไม่ทราบ".to_owned()], false);
        assert!(more.is_missing("pending"));
        assert!(more.is_missing("ไม่ทราบ"));
        assert!(!Missing::default().is_missing("pending"));
    }
}
