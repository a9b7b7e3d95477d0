//! No input makes crackdown panic, and whatever it reads reconciles: read == used + rejected.

use crackdown::error::{Problem, Result};
use crackdown::load::{Dataset, Format, Input, Origin};
use crackdown::model::Kind;
use crackdown::validate::{self, Options, ProblemSink};
use proptest::prelude::*;

struct Count(u64);

impl ProblemSink for Count {
    fn problem(&mut self, _kind: Kind, _problem: Problem) -> Result<()> {
        self.0 += 1;
        Ok(())
    }
}

fn check(bytes: &[u8], kind: Kind, format: Format) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input");
    std::fs::write(&path, bytes).unwrap();
    let dataset = Dataset {
        name: "fuzz".into(),
        inputs: vec![Input {
            kind,
            origin: Origin::File(path),
            format: Some(format),
        }],
        published: None,
        builtin: false,
        warnings: Vec::new(),
    };
    let mut problems = Count(0);
    if let Ok(outcome) = validate::run(&dataset, Options::default(), &mut (), &mut problems) {
        let (_, counts) = outcome.counts[0];
        assert_eq!(counts.read, counts.used + counts.rejected);
        assert_eq!(outcome.problems, problems.0);
        assert!(counts.rejected <= problems.0);
    }
}

/// Text built from the pieces records are made of, so that the fuzzing reaches past the header.
fn record_like() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(
            "inspection_id,date,khan,premises_type,foreigners_identified,women_identified\n"
                .to_owned()
        ),
        Just("arrest_id,date,khan,nationality\n".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("\"".to_owned()),
        Just(",".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\\".to_owned()),
        Just("\"arrest_id\":".to_owned()),
        Just("\"khan\":\"ខណ្ឌ ដង្កោ\"".to_owned()),
        Just("2026-02-31".to_owned()),
        Just("-1".to_owned()),
        Just("4294967296".to_owned()),
        Just("null".to_owned()),
        Just("\u{feff}".to_owned()),
        "[a-zA-Z0-9 ._/-]{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for format in [Format::Csv, Format::Json, Format::Ndjson] {
            check(&bytes, Kind::Arrests, format);
        }
    }

    #[test]
    fn record_like_text_never_panics(bytes in record_like()) {
        for kind in Kind::ALL {
            for format in [Format::Csv, Format::Json, Format::Ndjson] {
                check(&bytes, kind, format);
            }
        }
    }
}
