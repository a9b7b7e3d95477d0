#!/usr/bin/env bash
# Benchmarks crackdown on synthetic data against the tools people would otherwise reach for.
#
#   scripts/bench.sh [INSPECTIONS]     default 1000000 (about 86 MB of inspections, 99k arrests)
#
# Needs hyperfine; compares with Miller (mlr) and DuckDB (the duckdb Python package) when present.
# Prints a Markdown table of timings and the peak memory of each crackdown command.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-1000000}
dir=target/bench/$n
cargo build --release --quiet --bin crackdown --bin generate
bin=target/release/crackdown
[ -f "$dir/inspections.csv" ] || target/release/generate synthetic "$n" "$dir" >/dev/null
echo "data: $n inspections, $(($(wc -l <"$dir/arrests.csv") - 1)) arrests, $(($(wc -l <"$dir/prosecutions.csv") - 1)) prosecutions, $(du -sh "$dir" | cut -f1)"

commands=(
  -n "crackdown validate (all three files, every check)" "$bin validate $dir"
  -n "crackdown report (all groupings, JSON)" "$bin report $dir -f json -o /dev/null"
  -n "crackdown report --by khan (inspections only, CSV)" "$bin report --inspections $dir/inspections.csv --by khan -f csv"
)
if command -v mlr >/dev/null; then
  commands+=(-n "mlr stats1 count,sum by khan (raw spellings)" \
    "mlr --icsv --ocsv stats1 -a count,sum -f foreigners_identified,women_identified -g khan $dir/inspections.csv")
fi
if python3 -c 'import duckdb' 2>/dev/null; then
  commands+=(-n "duckdb GROUP BY khan (raw spellings)" \
    "python3 -c \"import duckdb; duckdb.sql(\\\"select khan, count(*), sum(foreigners_identified), sum(women_identified) from read_csv('$dir/inspections.csv') group by khan\\\").fetchall()\"")
fi

hyperfine --warmup 1 --runs "${RUNS:-5}" --style basic --export-markdown target/bench/timings.md "${commands[@]}" >/dev/null
cat target/bench/timings.md

echo
echo "| crackdown command | peak memory (max RSS) |"
echo "|---|---:|"
for args in "validate $dir" "report $dir -f json"; do
  # shellcheck disable=SC2086
  rss=$(/usr/bin/time -f %M $bin $args 2>&1 >/dev/null | tail -n 1)
  echo "| crackdown $args | $((rss / 1024)) MiB |"
done
