#!/usr/bin/env bash
# Times crackdown against the tools people would otherwise use, on files shaped like users' (an
# arrests.csv and an inspections.csv of N rows each, from `generate bench`), and checks that every
# tool gives crackdown's answer before timing it.
#
#   scripts/bench.sh             1,000,000 rows per file (arrests.csv 65 MB, inspections.csv 100 MB)
#   scripts/bench.sh --10m       1,000,000 and 10,000,000 rows
#   SIZES="100000 1000000" scripts/bench.sh
#
# Environment:
#   SIZES        rows per file, one run per size (default 1000000; --10m adds 10000000)
#   RUNS         timed runs per command (default 5); WARMUP: untimed runs before them (default 1)
#   TOOLS        the tools to time (default: crackdown duckdb polars awk xsv mlr)
#   TOOLS_LARGE  the tools to time above 2,000,000 rows (default: crackdown duckdb; Miller alone
#                would take over 15 minutes at 10M)
#   NO_INSTALL=1 use only the tools already installed
#
# What it does: builds crackdown in release; writes the data under target/bench/N/ when missing
# (delete the directory after changing the generator) and checks it with `crackdown validate`;
# installs the peers when missing into target/bench/tools/ (pinned versions below; each peer is
# optional and skipped with a note); runs each job once per tool under /usr/bin/time (peak memory)
# and compares the answer with crackdown's, stopping on any difference; then times every tool with
# hyperfine. It prints one Markdown table per size; every answer, query, hyperfine export and the
# table itself are kept in target/bench/results/N/.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

HYPERFINE_VERSION=1.20.0 # 2.x needs a newer rustc than the project's
XSV_VERSION=0.13.0
DUCKDB_CLI_VERSION=1.5.6 # the DuckDB command-line shell, as a Python package
POLARS_VERSION=2.1.0

sizes=${SIZES:-1000000}
for arg in "$@"; do
  case $arg in
    --10m) sizes="$sizes 10000000" ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done
runs=${RUNS:-5}
warmup=${WARMUP:-1}
all_tools="crackdown duckdb polars awk xsv mlr"
# crackdown's answers are the reference, so crackdown always runs, first.
with_crackdown() {
  local others
  others=$(echo "$1" | tr ' ' '\n' | grep -vx crackdown | paste -sd ' ')
  echo "crackdown${others:+ $others}"
}
tools_small=$(with_crackdown "${TOOLS:-$all_tools}")
tools_large=$(with_crackdown "${TOOLS_LARGE:-crackdown duckdb}")
wanted() { # TOOL: is it to be timed at any of the sizes?
  local n tools=$tools_small
  for n in $sizes; do [ "$n" -le 2000000 ] || tools="$tools $tools_large"; done
  [[ " $tools " == *" $1 "* ]]
}

bench=target/bench
tools_dir=$bench/tools
venv=$tools_dir/venv
export PATH="$PWD/$tools_dir/bin:$PATH"
notes=() # what was skipped or replaced, printed with the results

say() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

# --- crackdown and the generator -------------------------------------------------------------------

say "building crackdown and the generator (release)"
cargo build --release --quiet --bin crackdown --bin generate
release=${CARGO_TARGET_DIR:-target}/release
crackdown=$release/crackdown
generate=$release/generate

# --- the peers -------------------------------------------------------------------------------------

if ! command -v hyperfine >/dev/null; then
  [ -z "${NO_INSTALL:-}" ] || die "hyperfine is needed (cargo install hyperfine)"
  say "installing hyperfine $HYPERFINE_VERSION into $tools_dir"
  cargo install --quiet --locked "hyperfine@$HYPERFINE_VERSION" --root "$tools_dir" ||
    die "hyperfine is needed and could not be installed"
fi
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time, Debian package 'time') is needed for peak memory"
command -v python3 >/dev/null || die "python3 is needed to read hyperfine's and crackdown's JSON"

# A virtual environment for the DuckDB shell and polars, made on first use.
venv_install() {
  [ -z "${NO_INSTALL:-}" ] || return 1
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" || return 1
  say "pip install $* into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
}

# DuckDB: the shell's own binary (shipped in the duckdb-cli package), called without the package's
# Python wrapper; failing that, the duckdb Python package running the same SQL files.
duckdb_shell() {
  "$venv/bin/python" -c 'import duckdb_cli, os; print(os.path.join(os.path.dirname(duckdb_cli.__file__), "duckdb"))' 2>/dev/null
}
duckdb="" # the shell, or "python" for the Python package
if ! wanted duckdb; then
  :
elif command -v duckdb >/dev/null; then
  duckdb=$(command -v duckdb)
elif [ -x "$(duckdb_shell)" ] || venv_install "duckdb-cli==$DUCKDB_CLI_VERSION"; then
  duckdb=$(duckdb_shell)
fi
if wanted duckdb && { [ -z "$duckdb" ] || [ ! -x "$duckdb" ]; }; then
  if "$venv/bin/python" -c 'import duckdb' 2>/dev/null || venv_install duckdb; then
    duckdb=python
    notes+=("DuckDB ran through its Python package (the DuckDB shell was not to be had): its times include Python's start-up")
  else
    duckdb=""
    notes+=("DuckDB skipped: neither the duckdb-cli nor the duckdb Python package could be installed")
  fi
fi

python=""
if ! wanted polars; then
  :
elif "$venv/bin/python" -c 'import polars' 2>/dev/null || venv_install "polars==$POLARS_VERSION"; then
  python=$venv/bin/python
else
  notes+=("polars skipped: not installed, and pip install polars failed or NO_INSTALL is set")
fi

if wanted xsv && ! command -v xsv >/dev/null; then
  if [ -z "${NO_INSTALL:-}" ]; then
    say "installing xsv $XSV_VERSION into $tools_dir"
    cargo install --quiet --locked "xsv@$XSV_VERSION" --root "$tools_dir" || true
  fi
  command -v xsv >/dev/null || notes+=("xsv skipped: not installed, and cargo install xsv failed or NO_INSTALL is set")
fi

if wanted mlr && ! command -v mlr >/dev/null; then
  if [ -z "${NO_INSTALL:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Miller with apt-get"
    { apt-get install -y -qq miller || { apt-get update -qq && apt-get install -y -qq miller; }; } >/dev/null 2>&1 || true
  fi
  command -v mlr >/dev/null || notes+=("Miller skipped: not installed, and apt-get install miller failed, needs root or NO_INSTALL is set")
fi

awk_version=$(awk -W version 2>/dev/null | head -n 1 || true)
[ -n "$awk_version" ] || awk_version=$(awk --version 2>/dev/null | head -n 1 || echo awk)

available() { # TOOL: installed?
  case $1 in
    crackdown | awk) true ;;
    duckdb) [ -n "$duckdb" ] ;;
    polars) [ -n "$python" ] ;;
    xsv | mlr) wanted "$1" && command -v "$1" >/dev/null ;;
    *) false ;;
  esac
}

versions() {
  echo "- crackdown $("$crackdown" --version | awk '{print $NF}') (release build$(git rev-parse --short HEAD 2>/dev/null | sed 's/^/, commit /')$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ', with uncommitted changes'))"
  if [ -n "$duckdb" ]; then
    case $duckdb in
      python) echo "- DuckDB $("$venv/bin/python" -c 'import duckdb; print(duckdb.__version__)') (Python package)" ;;
      *) echo "- DuckDB $("$duckdb" -version | awk '{print $1}') (the DuckDB shell)" ;;
    esac
  fi
  [ -z "$python" ] || echo "- polars $("$python" -c 'import polars; print(polars.__version__)') (Python $("$python" -c 'import platform; print(platform.python_version())'))"
  ! wanted awk || echo "- awk: $awk_version"
  ! available xsv || echo "- xsv $(xsv --version)"
  ! available mlr || echo "- Miller $(mlr --version | awk '{print $2}')"
  echo "- $(hyperfine --version), $(wc --version | head -n 1)"
}

# --- the jobs --------------------------------------------------------------------------------------
#
# Each tool's program for each job, and which columns of its output hold the answer. Programs
# other than crackdown's are written into results/N/programs/ so that a command line is one
# process with no quoting (hyperfine then runs it without a shell).

jobs="khan nationality date inspections_khan khan_nationality full"

job_title() {
  case $1 in
    khan) echo "count per Khan (arrests)" ;;
    nationality) echo "count per nationality (arrests)" ;;
    date) echo "count per date (arrests)" ;;
    inspections_khan) echo "per Khan: count, sum foreigners, sum women (inspections)" ;;
    khan_nationality) echo "count per Khan × nationality (arrests)" ;;
    full) echo "full report, both files (crackdown: every grouping and check; others: the five queries above)" ;;
  esac
}

job_inputs() { # JOB: the files it reads
  case $1 in
    inspections_khan) echo "$inspections" ;;
    full) echo "$inspections $arrests" ;;
    *) echo "$arrests" ;;
  esac
}

# The one-column groupings of arrests: job → column.
column_of() { case $1 in khan | nationality | date) echo "$1" ;; esac; }

write_programs() { # DIR
  local dir=$1
  mkdir -p "$dir"
  # DuckDB: one query per job; the full job loads each file once and writes five answers.
  local col
  for col in khan nationality date; do
    echo "select $col, count(*) as n from read_csv('$arrests') group by $col;" >"$dir/$col.sql"
  done
  echo "select khan, count(*) as n, sum(foreigners_identified) as foreigners, sum(women_identified) as women from read_csv('$inspections') group by khan;" >"$dir/inspections_khan.sql"
  echo "select khan, nationality, count(*) as n from read_csv('$arrests') group by khan, nationality;" >"$dir/khan_nationality.sql"
  cat >"$dir/full.sql" <<SQL
create table arrests as select * from read_csv('$arrests');
create table inspections as select * from read_csv('$inspections');
copy (select khan, count(*) as n from arrests group by khan) to '$dir/out-duckdb/khan.csv';
copy (select nationality, count(*) as n from arrests group by nationality) to '$dir/out-duckdb/nationality.csv';
copy (select date, count(*) as n from arrests group by date) to '$dir/out-duckdb/date.csv';
copy (select khan, count(*) as n, sum(foreigners_identified) as foreigners, sum(women_identified) as women from inspections group by khan) to '$dir/out-duckdb/inspections_khan.csv';
copy (select khan, nationality, count(*) as n from arrests group by khan, nationality) to '$dir/out-duckdb/khan_nationality.csv';
SQL

  # The DuckDB Python package running an SQL file, when the shell is not there.
  cat >"$dir/duckdb_sql.py" <<'PY'
import csv, sys

import duckdb

con, result = duckdb.connect(), None
for statement in open(sys.argv[1]).read().split(";"):
    if statement.strip():
        result = con.sql(statement)
if result is not None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(result.columns)
    out.writerows(result.fetchall())
PY

  # polars: lazy scans; the full job collects the five queries together, sharing the scans.
  cat >"$dir/polars_jobs.py" <<'PY'
import sys

import polars as pl

job, arrests, inspections = sys.argv[1:4]
a, i = pl.scan_csv(arrests), pl.scan_csv(inspections)
queries = {
    "khan": a.group_by("khan").agg(pl.len().alias("n")),
    "nationality": a.group_by("nationality").agg(pl.len().alias("n")),
    "date": a.group_by("date").agg(pl.len().alias("n")),
    "inspections_khan": i.group_by("khan").agg(
        pl.len().alias("n"),
        pl.col("foreigners_identified").sum().alias("foreigners"),
        pl.col("women_identified").sum().alias("women"),
    ),
    "khan_nationality": a.group_by("khan", "nationality").agg(pl.len().alias("n")),
}
if job == "full":
    out = sys.argv[4]
    for name, frame in zip(queries, pl.collect_all(list(queries.values()))):
        frame.write_csv(f"{out}/{name}.csv")
else:
    sys.stdout.write(queries[job].collect().write_csv())
PY

  # awk: the arrests have no quoted fields, so splitting on commas is right for them; the
  # inspections quote premises names and notes that hold commas, so their quoted fields are
  # emptied before splitting (none holds a line break).
  cat >"$dir/count.awk" <<'AWK'
# rows per value of the column named col (-v col=khan)
BEGIN { FS = "," }
NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; print col ",n"; next }
{ n[$c]++ }
END { for (k in n) print k "," n[k] }
AWK
  cat >"$dir/inspections_khan.awk" <<'AWK'
BEGIN { FS = "," }
{ gsub(/"[^"]*"/, "") }
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print "khan,n,foreigners,women"; next }
{ k = $c["khan"]; n[k]++; f[k] += $c["foreigners_identified"]; w[k] += $c["women_identified"] }
END { for (k in n) print k "," n[k] "," f[k] "," w[k] }
AWK
  cat >"$dir/khan_nationality.awk" <<'AWK'
BEGIN { FS = "," }
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print "khan,nationality,n"; next }
{ n[$c["khan"] "," $c["nationality"]]++ }
END { for (k in n) print k "," n[k] }
AWK
  # The five answers in one pass over each file (-v out=DIR; inspections first, then arrests).
  cat >"$dir/full.awk" <<'AWK'
BEGIN { FS = "," }
FNR == 1 { file++; delete c; for (i = 1; i <= NF; i++) c[$i] = i; next }
file == 1 {
  gsub(/"[^"]*"/, "")
  k = $c["khan"]; ni[k]++; f[k] += $c["foreigners_identified"]; w[k] += $c["women_identified"]
  next
}
{ k = $c["khan"]; na = $c["nationality"]; kn[k]++; nn[na]++; nd[$c["date"]]++; nkn[k "," na]++ }
END {
  print "khan,n" > (out "/khan.csv"); for (k in kn) print k "," kn[k] > (out "/khan.csv")
  print "nationality,n" > (out "/nationality.csv"); for (k in nn) print k "," nn[k] > (out "/nationality.csv")
  print "date,n" > (out "/date.csv"); for (k in nd) print k "," nd[k] > (out "/date.csv")
  print "khan,n,foreigners,women" > (out "/inspections_khan.csv")
  for (k in ni) print k "," ni[k] "," f[k] "," w[k] > (out "/inspections_khan.csv")
  print "khan,nationality,n" > (out "/khan_nationality.csv"); for (k in nkn) print k "," nkn[k] > (out "/khan_nationality.csv")
}
AWK
  mkdir -p "$dir/out-duckdb" "$dir/out-polars" "$dir/out-awk"
}

command_for() { # JOB TOOL: the command line, or nothing when TOOL has no way to do JOB
  local job=$1 tool=$2 p=$programs col
  col=$(column_of "$job")
  case $tool/$job in
    crackdown/inspections_khan) echo "$crackdown report --inspections $inspections --by khan -f csv" ;;
    crackdown/khan_nationality) echo "$crackdown report --arrests $arrests --by khan,nationality -f csv" ;;
    crackdown/full) echo "$crackdown report --inspections $inspections --arrests $arrests -f json" ;;
    crackdown/*) echo "$crackdown report --arrests $arrests --by $col -f csv" ;;
    duckdb/*) if [ "$duckdb" = python ]; then echo "$venv/bin/python $p/duckdb_sql.py $p/$job.sql"; else echo "$duckdb -csv -f $p/$job.sql"; fi ;;
    polars/*) echo "$python $p/polars_jobs.py $job $arrests $inspections $p/out-polars" ;;
    awk/inspections_khan | awk/khan_nationality) echo "awk -f $p/$job.awk $(job_inputs "$job")" ;;
    awk/full) echo "awk -v out=$p/out-awk -f $p/full.awk $inspections $arrests" ;;
    awk/*) echo "awk -v col=$col -f $p/count.awk $arrests" ;;
    xsv/khan | xsv/nationality | xsv/date) echo "xsv frequency --limit 0 -s $col $arrests" ;;
    mlr/inspections_khan) echo "mlr --icsv --ocsv stats1 -a count,sum -f foreigners_identified,women_identified -g khan $inspections" ;;
    mlr/khan_nationality) echo "mlr --icsv --ocsv count -g khan,nationality $arrests" ;;
    mlr/khan | mlr/nationality | mlr/date) echo "mlr --icsv --ocsv count -g $col $arrests" ;;
  esac
}

# --- answers, normalised: one sorted "key,...,count" line per group with a count above 0 ---------

# pick FILE COLUMN...: the named columns of a CSV file, comma-separated, without the header.
# Quoted fields are emptied first (the columns picked never need quotes), so that a comma inside
# quotes cannot shift the columns; a missing column is an error.
pick() {
  local file=$1
  shift
  awk -F, -v want="$*" '
    BEGIN { n = split(want, w, " ") }
    { gsub(/"[^"]*"/, "") }
    NR == 1 {
      for (i = 1; i <= NF; i++) c[$i] = i
      for (j = 1; j <= n; j++) if (!(w[j] in c)) { print "no column " w[j] " in " FILENAME > "/dev/stderr"; exit 1 }
      next
    }
    { line = $c[w[1]]; for (j = 2; j <= n; j++) line = line "," $c[w[j]]; print line }
  ' "$file"
}

# normal JOB COLUMN...: reads pick's output, drops groups counted 0 (crackdown lists every Khan),
# sorts.
normal() {
  local count_field=2
  [ "$1" != khan_nationality ] || count_field=3
  awk -F, -v f=$count_field '$f != "" && $f != 0' | LC_ALL=C sort
}

# answer JOB TOOL FILE: the normalised answer of TOOL's output FILE for a single job.
answer() {
  local job=$1 tool=$2 file=$3 col
  col=$(column_of "$job")
  case $tool/$job in
    crackdown/khan) pick "$file" name detained ;;
    crackdown/nationality) pick "$file" code detained ;;
    crackdown/date) pick "$file" period detained ;;
    crackdown/inspections_khan) pick "$file" name inspections foreigners_identified women_identified ;;
    crackdown/khan_nationality) # the cross-tab, one column per nationality, unpivoted
      awk -F, '
        NR == 1 { for (i = 1; i <= NF; i++) { h[i] = $i; if ($i == "khan_name") name = i }; next }
        { for (i = 1; i <= NF; i++) if (h[i] != "khan_code" && h[i] != "khan_name" && h[i] != "total") print $name "," h[i] "," $i }
      ' "$file" ;;
    xsv/*) pick "$file" value count ;;
    mlr/inspections_khan) pick "$file" khan foreigners_identified_count foreigners_identified_sum women_identified_sum ;;
    mlr/khan_nationality) pick "$file" khan nationality count ;;
    mlr/*) pick "$file" "$col" count ;;
    */inspections_khan) pick "$file" khan n foreigners women ;;
    */khan_nationality) pick "$file" khan nationality n ;;
    *) pick "$file" "$col" n ;;
  esac | normal "$job"
}

# crackdown's full JSON report, as the five normalised answers in DIR.
crackdown_json_answers() { # JSON DIR
  python3 - "$1" "$2" <<'PY'
import json, sys

report, out = json.load(open(sys.argv[1])), sys.argv[2]
answers = {
    "khan": [(k["name"], k["detained"]) for k in report["khans"]],
    "nationality": [(n["code"], n["detained"]) for n in report["nationalities"]],
    "date": [(d["period"], d["detained"]) for d in report["dates"]],
    "inspections_khan": [
        (k["name"], k["inspections"], k["foreigners_identified"], k["women_identified"])
        for k in report["khans"]
    ],
    "khan_nationality": [
        (row["khan_name"], code, n)
        for row in report["crosstab"]["rows"]
        for code, n in zip(report["crosstab"]["nationalities"], row["detained"])
    ],
}
for name, rows in answers.items():
    count = 2 if name == "khan_nationality" else 1
    lines = sorted(",".join(map(str, r)) for r in rows if r[count])
    with open(f"{out}/{name}.csv", "w") as f:
        f.write("".join(line + "\n" for line in lines))
PY
}

# same EXPECTED ACTUAL WHAT: stops the run when two answers differ.
same() {
  if ! cmp -s "$1" "$2"; then
    echo "bench: MISMATCH: $3 differs from crackdown's answer ($1 vs $2):" >&2
    diff "$1" "$2" | head -n 20 >&2
    exit 1
  fi
  [ -s "$1" ] || die "$3: the answer is empty"
}

# --- measuring -------------------------------------------------------------------------------------

rss_kib() { # FILE written by /usr/bin/time -f %M -o FILE
  tail -n 1 "$1"
}

size_of() { # FILE...: total bytes
  local total=0 f
  for f in "$@"; do total=$((total + $(stat -c %s "$f"))); done
  echo "$total"
}

table_row() { # prints the Markdown rows of one job from hyperfine's JSON
  python3 - "$@" <<'PY'
import json, sys

title, bytes_, export, rss_file, floor = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
rss = dict(line.split() for line in open(rss_file))
results = json.load(open(export))["results"]
def ms(s): return f"{s * 1000:,.0f} ms" if s < 1 else f"{s:,.2f} s"
medians = {r["command"]: r["median"] for r in results}
peers = {t: m for t, m in medians.items() if t != "crackdown"}
for i, r in enumerate(results):
    tool, median = r["command"], r["median"]
    cpu = r["user"] + r["system"]
    ratio = floor_ratio = ""
    if tool == "crackdown":
        if peers:
            fastest = min(peers, key=peers.get)
            ratio = f"{median / peers[fastest]:.2f}× {fastest}"
        floor_ratio = f"{median / floor:.0f}×"
    print(f"| {title if i == 0 else ''} | {tool} | {ms(median)} | {bytes_ / median / 1e6:,.0f} | "
          f"{ms(cpu)} | {int(rss[tool]) / 1024:,.0f} MiB | {ratio} | {floor_ratio} |")
PY
}

median_of() { # hyperfine JSON: the median of its first command, in seconds
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

mb() { awk -v b="$(size_of "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; } # FILE: its size in MB (10^6 bytes)

commas() { echo "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'; } # 1000000 → 1,000,000

# --- one size --------------------------------------------------------------------------------------

run_size() {
  local n=$1 tools=$2
  local data=$bench/$n results=$bench/results/$n
  inspections=$data/inspections.csv
  arrests=$data/arrests.csv
  programs=$results/programs
  if [ ! -f "$inspections" ] || [ ! -f "$arrests" ]; then
    say "writing $n rows per file into $data"
    rm -rf "$data.tmp"
    "$generate" bench "$n" "$data.tmp" >/dev/null
    rm -rf "$data"
    mv "$data.tmp" "$data"
  fi
  say "checking the data: crackdown validate"
  "$crackdown" validate --inspections "$inspections" --arrests "$arrests" >/dev/null ||
    die "crackdown validate found problems in $data"
  rm -rf "$results"
  mkdir -p "$results/answers" "$results/hyperfine"
  write_programs "$programs"

  local load_before tool job cmd out timed floor_a floor_i loads=()
  load_before=$(loadavg)
  local table=$results/table.md
  {
    echo "### $(commas "$n") rows per file: arrests.csv $(mb "$arrests") MB, inspections.csv $(mb "$inspections") MB"
    echo
    echo "| job | tool | median wall | MB/s | CPU (user+sys) | peak RSS | crackdown ÷ fastest peer | crackdown ÷ \`wc -l\` |"
    echo "|:---|:---|---:|---:|---:|---:|---:|---:|"
  } >"$table"

  # The floor: counting the lines of each file, nothing parsed.
  say "timing the floor: wc -l"
  hyperfine --warmup "$warmup" --runs "$runs" -N --style none --export-json "$results/hyperfine/floor.json" \
    -n "wc -l arrests.csv" "wc -l $arrests" >/dev/null
  floor_a=$(median_of "$results/hyperfine/floor.json")
  hyperfine --warmup "$warmup" --runs "$runs" -N --style none --export-json "$results/hyperfine/floor-inspections.json" \
    -n "wc -l inspections.csv" "wc -l $inspections" >/dev/null
  floor_i=$(median_of "$results/hyperfine/floor-inspections.json")

  for job in $jobs; do
    timed=()
    : >"$results/rss-$job"
    for tool in $tools; do
      available "$tool" || continue
      cmd=$(command_for "$job" "$tool")
      [ -n "$cmd" ] || continue
      out=$results/answers/$job-$tool.out
      say "$job: $tool: checking the answer"
      # shellcheck disable=SC2086 # the command is split into words on purpose (no quoting inside)
      /usr/bin/time -f %M -o "$results/time" $cmd >"$out" || die "$job: $tool failed: $cmd"
      echo "$tool $(rss_kib "$results/time")" >>"$results/rss-$job"
      if [ "$job" = full ]; then
        local sub dir=$results/answers/full-$tool
        mkdir -p "$dir"
        if [ "$tool" = crackdown ]; then
          crackdown_json_answers "$out" "$dir"
        else
          for sub in khan nationality date inspections_khan khan_nationality; do
            answer "$sub" "$tool" "$programs/out-$tool/$sub.csv" >"$dir/$sub.csv"
          done
        fi
        for sub in khan nationality date inspections_khan khan_nationality; do
          same "$results/answers/$sub-crackdown.normal" "$dir/$sub.csv" "$tool (full job, $sub)"
        done
      else
        answer "$job" "$tool" "$out" >"$results/answers/$job-$tool.normal"
        same "$results/answers/$job-crackdown.normal" "$results/answers/$job-$tool.normal" "$tool ($job)"
      fi
      timed+=(-n "$tool" "$cmd")
    done
    say "$job: timing ${#timed[@]} commands ($((${#timed[@]} / 3)) tools)"
    hyperfine --warmup "$warmup" --runs "$runs" -N --style none --export-json "$results/hyperfine/$job.json" \
      "${timed[@]}" >/dev/null
    local floor=$floor_a
    case $job in
      inspections_khan) floor=$floor_i ;;
      full) floor=$(python3 -c "print($floor_a + $floor_i)") ;;
    esac
    # shellcheck disable=SC2046
    table_row "$(job_title "$job")" "$(size_of $(job_inputs "$job"))" "$results/hyperfine/$job.json" \
      "$results/rss-$job" "$floor" >>"$table"
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
  done

  python3 - "$results/hyperfine/floor.json" "$results/hyperfine/floor-inspections.json" \
    "$(size_of "$arrests")" "$(size_of "$inspections")" >>"$table" <<'PY'
import json, sys
for export, size in ((sys.argv[1], int(sys.argv[3])), (sys.argv[2], int(sys.argv[4]))):
    r = json.load(open(export))["results"][0]
    print(f"| floor: `{r['command']}` | wc | {r['median'] * 1000:,.0f} ms | {size / r['median'] / 1e6:,.0f} | "
          f"{(r['user'] + r['system']) * 1000:,.0f} ms | | | |")
PY
  {
    echo
    echo "Load average (1, 5, 15 min) before: $load_before; after: $(loadavg); 1-minute load after each"
    echo "job: ${loads[*]}. Every answer was checked against crackdown's before timing; hyperfine:"
    echo "$warmup warm-up, $runs runs per command, files in the page cache."
  } >>"$table"
  cat "$table"
  echo
}

# --- main ------------------------------------------------------------------------------------------

{
  echo "## crackdown and its peers, $(date +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)."
  echo
  versions
  echo
} | tee "$bench/header.md"

for n in $sizes; do
  tools=$tools_small
  if [ "$n" -gt 2000000 ]; then
    tools=$tools_large
    [ "$tools" = "$tools_small" ] || notes+=("$(commas "$n") rows: only $tools timed (TOOLS_LARGE)")
  fi
  run_size "$n" "$tools"
done

if [ "${#notes[@]}" -gt 0 ]; then
  printf -- '- %s\n' "${notes[@]}"
  echo
fi
echo "The whole run took $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s."
