#!/usr/bin/env bash
# Exact figures for the hostile-input suite: runs the release binary on the inputs of
# tests/hostile.rs (written by `cargo test --test hostile -- --nocapture` into target/hostile
# when HOSTILE_KEEP=1) and prints time and peak memory against the targets (5 s; 10x the input
# plus 200 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p syncml-lint
HOSTILE_KEEP=1 cargo test -q -p syncml-lint --test hostile >/dev/null
echo "| input | size | time | peak memory | bound | ok |"
echo "|---|---|---|---|---|---|"
for f in target/hostile/*.xml; do
  size=$(stat -c %s "$f")
  # exit 1 (diagnostics found) is expected: only the measurement matters
  out=$( (/usr/bin/time -f "%e %M" target/release/syncml-lint check --no-config --format json --jobs 1 "$f" 2>&1 >/dev/null || true) | tail -1)
  secs=${out% *}; kb=${out#* }
  bound=$(( (10 * size) / 1024 + 200 * 1024 ))
  ok=$(awk -v s="$secs" -v k="$kb" -v b="$bound" 'BEGIN { print (s < 5 && k <= b) ? "yes" : "NO" }')
  echo "| $(basename "$f" .xml) | $((size / 1024)) KB | ${secs} s | $((kb / 1024)) MB | $((bound / 1024)) MB | $ok |"
done
