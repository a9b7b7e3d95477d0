#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from the test fixtures and
the built-in dataset, kept small: a few rows of each file. Run from the repository's root;
`cargo fuzz cmin <target>` minimises a corpus after a run."""

import csv
import hashlib
import io
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fuzz" / "corpus"
DATA = ROOT / "data" / "phnom-penh-2026-02"
FIXTURES = ROOT / "tests" / "fixtures"
SEP = b"\xff"


def put(target, data, name=None):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    name = name or hashlib.sha1(data).hexdigest()[:16]
    (d / name).write_bytes(data)


def head(path, rows):
    lines = path.read_bytes().splitlines(keepends=True)
    return b"".join(lines[: rows + 1])


def rows_of(path, rows):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))[:rows]


for name in ["inspections.csv", "arrests.csv", "prosecutions.csv"]:
    put("csv", head(DATA / name, 12), "builtin-" + name)
    records = rows_of(DATA / name, 6)
    put("json", json.dumps(records, ensure_ascii=False, indent=1).encode(), "builtin-" + name[:-4] + ".json")
    put("ndjson", b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records),
        "builtin-" + name[:-4] + ".ndjson")
for path in sorted(FIXTURES.rglob("*")):
    if path.suffix in (".csv", ".tsv", ".txt"):
        put("csv", head(path, 8), "fixture-" + path.parent.name + "-" + path.name)
    elif path.suffix == ".ndjson":
        put("ndjson", path.read_bytes(), "fixture-" + path.parent.name + "-" + path.name)
    elif path.suffix in (".xlsx", ".ods", ".xls"):
        put("sheet", path.read_bytes(), "fixture-" + path.name)

# Values one at a time, as the normalisers see them.
values = set()
for name in ["inspections.csv", "arrests.csv", "prosecutions.csv"]:
    for r in rows_of(DATA / name, 400):
        for key in ("date", "filed", "khan", "nationality"):
            if r.get(key):
                values.add(r[key])
for name in ["districts.csv", "provinces.csv", "sangkats-phnom-penh.csv"]:
    for i, r in enumerate(rows_of(ROOT / "data" / "cambodia" / name, 400)):
        if i % 7 == 0:
            values.update(v for v in list(r.values())[:4] if v)
values.update([
    "3 Feb 2026", "February 3, 2026", "2026/02/03", "03/02/2026", "2026-02-03T14:00:00+07:00",
    "Tue 3 Feb 2026", "2026-02-30", "Toul Kork", "KH1204", "ខណ្ឌ ទួលគោក", "Tuol Kouk District",
    "Viet Nam", "VNM", "Chinese", "Korean", "N/A", "unknown", "5th Feb 2026", "1 Feb 26",
])
for v in sorted(values):
    put("normalise", v.encode())

published = (DATA / "published.json").read_bytes()
put("published", published, "builtin-published.json")
put("statements", head(ROOT / "data" / "cambodia-campaign" / "statements.csv", 10), "campaign-statements.csv")
put("statements", head(ROOT / "data" / "cambodia-campaign" / "undated.csv", 6), "campaign-undated.csv")

parts = [head(DATA / n, 20) for n in ["inspections.csv", "arrests.csv", "prosecutions.csv"]]
put("pipeline", SEP.join(parts + [published]), "builtin-head")
put("pipeline", SEP.join(parts), "builtin-head-unpublished")
put("pipeline", SEP.join([b"", parts[1], b""]), "arrests-only")
monthly = FIXTURES / "monthly" / "clean"
put("pipeline", SEP.join([(monthly / "inspections.csv").read_bytes(),
                          (monthly / "arrests-2026-02.csv").read_bytes(),
                          (monthly / "prosecutions.csv").read_bytes()]), "monthly")
ndjson = [b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n"
                   for r in rows_of(DATA / n, 10)) for n in ["inspections.csv", "arrests.csv", "prosecutions.csv"]]
put("pipeline", SEP.join(ndjson), "builtin-ndjson")
