#!/usr/bin/env bash
# End-to-end comparison on a generated corpus, all in one run on the same files:
#   syncml-lint check --format json (one thread and all threads),
#   quick-xml's raw event loop (bench/src/bin/quickxml-baseline.rs),
#   xmllint --noout (libxml2; installed with apt-get when missing),
# plus start-up time, peak memory and how time grows from 1 MB to 50 MB.
# The large message's two sides (syncml-lint on one thread, quick-xml) run in turn, best of
# LARGE_RUNS (a slow spell of a shared machine lasts seconds: more runs than the others get).
# Usage: bench/compare.sh            (SMALL=20000 LARGE_MB=50 RUNS=5 LARGE_RUNS=15 to change the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=${SMALL:-20000}
LARGE_MB=${LARGE_MB:-50}
RUNS=${RUNS:-5}
LARGE_RUNS=${LARGE_RUNS:-15}
DIR=target/bench-corpus

cargo build --release -q -p syncml-lint -p syncml-lint-bench
LINT=target/release/syncml-lint
QX=target/release/quickxml-baseline
if ! command -v xmllint >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq libxml2-utils) >/dev/null 2>&1 || echo "note: xmllint could not be installed"
fi
rm -rf "$DIR"
target/release/gen-corpus "$DIR" "$SMALL" "$LARGE_MB"

# wall-clock time of one run, in milliseconds
once() {
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
}
# the lower of a best time so far (empty at first) and a new one
lower() { if [ -z "$1" ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi; }
# best wall-clock time of $RUNS runs, in milliseconds
ms() {
  local best=""
  for _ in $(seq "$RUNS"); do
    best=$(lower "$best" "$(once "$@")")
  done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
mbs() { awk -v mb="$1" -v t="$2" 'BEGIN { if (t == 0) print "n/a"; else printf "%.0f", mb * 1000 / t }'; }

LARGE="$DIR/large.xml"
LARGE_BYTES=$(stat -c %s "$LARGE")
SMALL_BYTES=$(find "$DIR/small" -name '*.xml' -printf '%s\n' | awk '{ s += $1 } END { print s }')
# the two sides of the budget run in turn, so that a slow spell of a shared machine hits both
large_lint=""
large_qx=""
for _ in $(seq "$LARGE_RUNS"); do
  large_lint=$(lower "$large_lint" "$(once "$LINT" check --no-config --format json --jobs 1 "$LARGE")")
  large_qx=$(lower "$large_qx" "$(once "$QX" "$LARGE")")
done
large_xmllint=$(command -v xmllint >/dev/null && ms xmllint --noout --huge "$LARGE" || echo 0)
small_lint=$(ms "$LINT" check --no-config --format json "$DIR/small")
small_lint1=$(ms "$LINT" check --no-config --format json --jobs 1 "$DIR/small")
small_qx=$(ms sh -c "find '$DIR/small' -name '*.xml' -print0 | xargs -0 $QX")
small_xmllint=$(command -v xmllint >/dev/null && ms sh -c "find '$DIR/small' -name '*.xml' -print0 | xargs -0 xmllint --noout" || echo 0)
one=$(find "$DIR/small" -name '*.xml' -print -quit)
s=$(date +%s%N); for _ in $(seq 50); do "$LINT" check --no-config --format json "$one" >/dev/null; done; e=$(date +%s%N)
startup=$(awk -v d=$(( e - s )) 'BEGIN { printf "%.2f", d / 50 / 1000000 }')
peak="n/a"
if [ -x /usr/bin/time ]; then
  peak=$(/usr/bin/time -v "$LINT" check --no-config --format json --jobs 1 "$LARGE" 2>&1 >/dev/null | awk '/Maximum resident/ { printf "%.0f", $6 / 1024 }')
fi

echo
echo "syncml-lint $("$LINT" --version | cut -d' ' -f2), $(nproc) cores, best of $RUNS runs (the large message: of $LARGE_RUNS)"
echo
echo "| measurement | syncml-lint | quick-xml raw events | xmllint --noout | syncml-lint / quick-xml | syncml-lint / xmllint |"
echo "|---|---|---|---|---|---|"
echo "| large message, $((LARGE_BYTES >> 20)) MB, 1 thread | ${large_lint} ms | ${large_qx} ms | ${large_xmllint} ms | $(ratio "$large_lint" "$large_qx") | $(ratio "$large_lint" "$large_xmllint") |"
echo "| $SMALL small files, $((SMALL_BYTES >> 20)) MB, all threads | ${small_lint} ms | ${small_qx} ms | ${small_xmllint} ms | $(ratio "$small_lint" "$small_qx") | $(ratio "$small_lint" "$small_xmllint") |"
echo "| $SMALL small files, 1 thread | ${small_lint1} ms | | | $(ratio "$small_lint1" "$small_qx") | $(ratio "$small_lint1" "$small_xmllint") |"
echo
echo "start-up (check of one small file, mean of 50): ${startup} ms"
echo "peak memory on the large message: ${peak} MB for $((LARGE_BYTES >> 20)) MB ($(ratio "${peak/n\/a/0}" "$((LARGE_BYTES >> 20))")x)"
echo
echo "| size | syncml-lint, 1 thread | MB/s |"
echo "|---|---|---|"
for mb in 1 5 10 25 50; do
  t=$(ms "$LINT" check --no-config --format json --jobs 1 "$DIR/size-$mb.xml")
  echo "| $mb MB | $t ms | $(mbs "$mb" "$t") |"
done
