#!/usr/bin/env bash
# Wall-clock A/B of two syncml-lint binaries (or `qx`, quick-xml's raw event loop) on one file,
# one thread, run in adjacent pairs so that a slow spell of a shared machine hits both:
# the median of the pairs' ratios B/A, and the best time of each side.
# Usage: bench/ab.sh A B [FILE] [PAIRS]   (FILE defaults to target/bench-corpus/large.xml)
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1
B=$2
FILE=${3:-target/bench-corpus/large.xml}
PAIRS=${4:-15}
QX=target/release/quickxml-baseline
# wall-clock time of one run, in hundredths of a millisecond
run() {
  local s e
  s=$(date +%s%N)
  if [ "$1" = qx ]; then "$QX" "$FILE" >/dev/null; else "$1" check --no-config --format json --jobs 1 "$FILE" >/dev/null || true; fi
  e=$(date +%s%N)
  echo $(( (e - s) / 10000 ))
}
ratios=()
best_a=""
best_b=""
for _ in $(seq "$PAIRS"); do
  a=$(run "$A")
  b=$(run "$B")
  ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')")
  if [ -z "$best_a" ] || [ "$a" -lt "$best_a" ]; then best_a=$a; fi
  if [ -z "$best_b" ] || [ "$b" -lt "$best_b" ]; then best_b=$b; fi
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ r[NR] = $1 } END { print r[int((NR + 1) / 2)] }')
awk -v m="$median" -v a="$best_a" -v b="$best_b" -v n="$PAIRS" 'BEGIN {
  printf "B/A: median of %d pairs %.3f; best A %.1f ms, best B %.1f ms (%.3f)\n", n, m, a / 100, b / 100, b / a }'
