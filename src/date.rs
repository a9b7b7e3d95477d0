//! Dates as people write them in records: ISO 8601 dates and datetimes, written forms such as
//! "3 Feb 2026" or "February 3, 2026", and numeric day/month forms only where they cannot be misread.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};

/// How to read a numeric date such as 03/02/2026, where the day and the month could swap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day first: 03/02/2026 is 3 February 2026.
    Dmy,
    /// Month first: 03/02/2026 is 2 March 2026.
    Mdy,
}

/// Why a value is not a date, phrased to complete "expected …" in a problem report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "day and month could be swapped: {a:02}/{b:02} is {a} {month_b} or {b} {month_a}; pass --date-order dmy or --date-order mdy, or write the date as YYYY-MM-DD"
    )]
    Ambiguous {
        a: u32,
        b: u32,
        month_a: &'static str,
        month_b: &'static str,
    },
    #[error("no such day: {0}")]
    NoSuchDay(String),
    #[error("the year must be written in full (four digits)")]
    ShortYear,
    #[error(
        "expected a date such as 2026-02-03, 2026-02-03T14:00:00+07:00, 3 Feb 2026 or February 3, 2026"
    )]
    Unrecognised,
    #[error("{date} was a {actual}, not a {written}: which is right?")]
    WrongWeekday {
        date: NaiveDate,
        written: &'static str,
        actual: &'static str,
    },
    #[error("the year {0} cannot be right for these records (expected 1900 to 2100): a typo?")]
    Implausible(i32),
    #[error("\"{written}\" is not how {day} is written (\"{right}\"): a typo?")]
    WrongOrdinal {
        day: u32,
        written: String,
        right: String,
    },
}

/// The years a record's date may fall in. Outside them a date is a typo (0202, 2206), and
/// letting one through would stretch the per-day grouping over centuries.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parses one date. Datetimes keep the date as written in their own offset: 2026-02-03T23:30+07:00
/// is 3 February, the day it was in Phnom Penh.
pub fn parse(value: &str, order: Option<DateOrder>) -> Result<NaiveDate, DateError> {
    let date = read(value.trim(), order)?;
    if !YEARS.contains(&date.year()) {
        return Err(DateError::Implausible(date.year()));
    }
    Ok(date)
}

fn read(s: &str, order: Option<DateOrder>) -> Result<NaiveDate, DateError> {
    if let Some(date) = parse_iso(s) {
        return Ok(date);
    }
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '/' | '.'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut numbers = Vec::new();
    let mut month = None;
    let mut weekday = None;
    for token in &tokens {
        if token.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(*token);
        } else if let Some(m) = month_from_word(token) {
            if month.replace(m).is_some() {
                return Err(DateError::Unrecognised);
            }
        } else if let Some(day) = weekday_from_word(token) {
            weekday = Some(day);
        } else if !is_ordinal(token, &mut numbers)? {
            return Err(DateError::Unrecognised);
        }
    }
    let date = numeric_or_written(s, month, &numbers, order)?;
    // "Mon 3 Feb 2026": the weekday is a check on the rest, not decoration.
    if let Some(written) = weekday {
        let actual = date.weekday().num_days_from_monday() as usize;
        if actual != written {
            return Err(DateError::WrongWeekday {
                date,
                written: DAYS[written],
                actual: DAYS[actual],
            });
        }
    }
    Ok(date)
}

fn numeric_or_written(
    s: &str,
    month: Option<u32>,
    numbers: &[&str],
    order: Option<DateOrder>,
) -> Result<NaiveDate, DateError> {
    match (month, numbers) {
        // "3 Feb 2026", "February 3, 2026", "2026 Feb 3"
        (Some(m), [a, b]) => {
            let (day, year) = match (a.len(), b.len()) {
                (1 | 2, 4) => (a, b),
                (4, 1 | 2) => (b, a),
                (1 | 2, 1 | 2) => return Err(DateError::ShortYear),
                (1 | 2, 5..=9) => return Err(long_year(b)),
                (5..=9, 1 | 2) => return Err(long_year(a)),
                _ => return Err(DateError::Unrecognised),
            };
            ymd(year.parse().ok(), m, day.parse().ok(), s)
        }
        // "99999-01-01": a year of more than four digits is a typo, not an unknown form.
        (None, [y, m, d]) if (5..=9).contains(&y.len()) && m.len() <= 2 && d.len() <= 2 => {
            Err(long_year(y))
        }
        (None, [y, m, d]) if y.len() == 4 => ymd(
            y.parse().ok(),
            m.parse().ok().unwrap_or(0),
            d.parse().ok(),
            s,
        ),
        (None, [a, b, y]) if a.len() <= 2 && b.len() <= 2 => {
            if y.len() != 4 {
                return Err(DateError::ShortYear);
            }
            let (a, b): (u32, u32) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
            let (day, month) = match order {
                Some(DateOrder::Dmy) => (a, b),
                Some(DateOrder::Mdy) => (b, a),
                // Only one reading is a real month, or both readings are the same day.
                None if a > 12 || a == b => (a, b),
                None if b > 12 => (b, a),
                None if (1..=12).contains(&a) && (1..=12).contains(&b) => {
                    return Err(DateError::Ambiguous {
                        a,
                        b,
                        month_a: MONTHS[a as usize - 1],
                        month_b: MONTHS[b as usize - 1],
                    });
                }
                None => (a, b),
            };
            ymd(y.parse().ok(), month, Some(day), s)
        }
        _ => Err(DateError::Unrecognised),
    }
}

/// The error for a year written with five to nine digits (which fit an `i32`).
fn long_year(digits: &str) -> DateError {
    DateError::Implausible(digits.parse().unwrap_or(i32::MAX))
}

/// A date written YYYY-MM-DD with a plausible year, read without any allocation or look-up:
/// what [`parse`] gives for it. `None` for any other text, which [`parse`] then reads.
pub fn parse_plain(value: &str) -> Option<NaiveDate> {
    plain_iso(value).filter(|d| YEARS.contains(&d.year()))
}

/// YYYY-MM-DD, exactly ten bytes.
fn plain_iso(s: &str) -> Option<NaiveDate> {
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *s.as_bytes() {
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |ds: &[u8]| {
                ds.iter()
                    .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
            };
            return NaiveDate::from_ymd_opt(
                n(&digits[..4]) as i32,
                n(&digits[4..6]),
                n(&digits[6..]),
            );
        }
    }
    None
}

fn parse_iso(s: &str) -> Option<NaiveDate> {
    // The common case, YYYY-MM-DD, read without chrono's format machinery (it is the hot path).
    if s.len() == 10
        && let Some(date) = plain_iso(s)
    {
        return Some(date);
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        // chrono accepts "2026-2-3"; ISO wants two digits, but the meaning is not in doubt.
        return Some(date);
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.date_naive());
    }
    // "2026-02-03T14:00Z": UTC without seconds, which RFC 3339 does not allow but ISO 8601 does.
    if let Some(utc) = s.strip_suffix(['Z', 'z'])
        && let Ok(dt) = NaiveDateTime::parse_from_str(utc, "%Y-%m-%dT%H:%M")
    {
        return Some(dt.date());
    }
    for format in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, format) {
            return Some(dt.date_naive());
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, format) {
            return Some(dt.date());
        }
    }
    None
}

fn ymd(
    year: Option<i32>,
    month: u32,
    day: Option<u32>,
    original: &str,
) -> Result<NaiveDate, DateError> {
    let (Some(year), Some(day)) = (year, day) else {
        return Err(DateError::Unrecognised);
    };
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| DateError::NoSuchDay(original.to_owned()))
}

fn month_from_word(word: &str) -> Option<u32> {
    let word = word.to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    let word = if word == "sept" {
        "sep".to_owned()
    } else {
        word
    };
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_ascii_lowercase();
            m == word || (word.len() == 3 && m.starts_with(&word))
        })
        .map(|i| i as u32 + 1)
}

/// The weekday a word names ("Tue", "tuesday"), as days from Monday.
fn weekday_from_word(word: &str) -> Option<usize> {
    let word = word.to_ascii_lowercase();
    DAYS.iter().position(|d| {
        let d = d.to_ascii_lowercase();
        d == word || (word.len() == 3 && d.starts_with(&word))
    })
}

/// "3rd", "21st": the number is kept as the day.
/// Whether `token` is a day written as an ordinal ("3rd", "21st"), pushing its digits onto
/// `numbers`; an error when the suffix is not the one the number takes ("5rd", "1th"), which is a
/// typo in the day or the suffix, not a day to guess.
fn is_ordinal<'a>(token: &'a str, numbers: &mut Vec<&'a str>) -> Result<bool, DateError> {
    let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = token[digits.len()..].to_ascii_lowercase();
    let ok = !digits.is_empty()
        && digits.len() <= 2
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(suffix.as_str(), "st" | "nd" | "rd" | "th");
    if !ok {
        return Ok(false);
    }
    let day: u32 = digits.parse().unwrap_or(0);
    let right = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    if suffix != right {
        return Err(DateError::WrongOrdinal {
            day,
            written: token.to_owned(),
            right: format!("{day}{right}"),
        });
    }
    numbers.push(digits);
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn accepts_iso_dates_and_datetimes() {
        for s in [
            "2026-02-03",
            " 2026-02-03 ",
            "2026-02-03T10:15:00+07:00",
            "2026-02-03T10:15:00Z",
            "2026-02-03T23:59:59.5+07:00",
            "2026-02-03T10:15",
            "2026-02-03 10:15:00",
        ] {
            assert_eq!(parse(s, None), Ok(d(2026, 2, 3)), "{s}");
        }
        // The date is the one written, in the record's own offset.
        assert_eq!(parse("2026-02-03T23:30:00+07:00", None), Ok(d(2026, 2, 3)));
        assert_eq!(parse("2026-02-03T23:30:00-05:00", None), Ok(d(2026, 2, 3)));
    }

    #[test]
    fn accepts_written_forms() {
        for s in [
            "3 Feb 2026",
            "3 February 2026",
            "03-Feb-2026",
            "February 3, 2026",
            "Feb 3 2026",
            "Tuesday, 3 February 2026",
            "Tue 3 Feb 2026",
            "2026-02-03T14:00Z",
            "3rd February 2026",
            "february 3rd, 2026",
            "2026 Feb 3",
            "2026/02/03",
        ] {
            assert_eq!(parse(s, None), Ok(d(2026, 2, 3)), "{s}");
        }
        assert_eq!(parse("18 Sept 2026", None), Ok(d(2026, 9, 18)));
    }

    #[test]
    fn numeric_day_month_needs_an_order_when_it_could_swap() {
        let err = parse("03/02/2026", None).unwrap_err();
        assert!(matches!(err, DateError::Ambiguous { a: 3, b: 2, .. }));
        assert!(err.to_string().contains("3 February or 2 March"), "{err}");
        assert!(err.to_string().contains("--date-order"), "{err}");
        assert_eq!(parse("03/02/2026", Some(DateOrder::Dmy)), Ok(d(2026, 2, 3)));
        assert_eq!(parse("03/02/2026", Some(DateOrder::Mdy)), Ok(d(2026, 3, 2)));
        assert_eq!(parse("18/02/2026", None), Ok(d(2026, 2, 18)));
        assert_eq!(parse("02/18/2026", None), Ok(d(2026, 2, 18)));
        assert_eq!(parse("05.05.2026", None), Ok(d(2026, 5, 5)));
        assert_eq!(
            parse("18/02/2026", Some(DateOrder::Mdy)),
            Err(DateError::NoSuchDay("18/02/2026".into()))
        );
    }

    #[test]
    fn refuses_a_weekday_that_does_not_match_and_implausible_years() {
        let err = parse("Mon 3 Feb 2026", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2026-02-03 was a Tuesday, not a Monday: which is right?"
        );
        assert_eq!(parse("0202-02-03", None), Err(DateError::Implausible(202)));
        assert_eq!(parse("3 Feb 2206", None), Err(DateError::Implausible(2206)));
        assert_eq!(parse("1900-01-01", None), Ok(d(1900, 1, 1)));
        // A year of five digits or more is a typo, said as one, not an unknown form.
        assert_eq!(
            parse("99999-01-01", None),
            Err(DateError::Implausible(99999))
        );
        assert_eq!(
            parse("20266-02-03", None),
            Err(DateError::Implausible(20266))
        );
        assert_eq!(
            parse("3 Feb 20266", None),
            Err(DateError::Implausible(20266))
        );
        assert_eq!(
            parse("20266 Feb 3", None),
            Err(DateError::Implausible(20266))
        );
        assert_eq!(
            parse("9999999999-01-01", None),
            Err(DateError::Unrecognised)
        );
    }

    #[test]
    fn an_ordinal_takes_the_suffix_of_its_number() {
        for (s, day) in [
            ("1st Feb 2026", 1),
            ("2nd Feb 2026", 2),
            ("3rd Feb 2026", 3),
            ("4th Feb 2026", 4),
            ("11th Feb 2026", 11),
            ("12TH Feb 2026", 12),
            ("13th Feb 2026", 13),
            ("21st Feb 2026", 21),
            ("22nd Feb 2026", 22),
            ("23rd Feb 2026", 23),
            ("February 28th, 2026", 28),
        ] {
            assert_eq!(parse(s, None), Ok(d(2026, 2, day)), "{s}");
        }
        let err = parse("5rd Feb 2026", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"5rd\" is not how 5 is written (\"5th\"): a typo?"
        );
        for s in [
            "1th Feb 2026",
            "11st Feb 2026",
            "12nd Feb 2026",
            "Feb 22th, 2026",
        ] {
            assert!(
                matches!(parse(s, None), Err(DateError::WrongOrdinal { .. })),
                "{s}"
            );
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        assert_eq!(
            parse("2026-02-30", None),
            Err(DateError::NoSuchDay("2026-02-30".into()))
        );
        assert_eq!(
            parse("30 Feb 2026", None),
            Err(DateError::NoSuchDay("30 Feb 2026".into()))
        );
        assert_eq!(parse("3/2/26", None), Err(DateError::ShortYear));
        assert_eq!(parse("Feb 3 26", None), Err(DateError::ShortYear));
        for s in [
            "",
            "yesterday",
            "2026",
            "Feb 2026",
            "3 Feb Mar 2026",
            "12:00",
            "2026-02-03T25:00:00Z",
        ] {
            assert!(parse(s, None).is_err(), "{s}");
        }
    }
}
