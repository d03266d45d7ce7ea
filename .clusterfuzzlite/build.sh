#!/bin/bash -eu
# Builds the cargo-fuzz targets of fuzz/ for ClusterFuzzLite, with their dictionary and seed
# corpora (corpus/fuzz/<target>/), the same ones .ci/fuzz-smoke uses.
cd "$SRC/syncml-lint"
# the image's nightly, not the stable channel that rust-toolchain.toml names for developers
export RUSTUP_TOOLCHAIN=nightly
cargo fuzz build -O --debug-assertions
for target in $(cargo fuzz list); do
  cp "fuzz/target/x86_64-unknown-linux-gnu/release/$target" "$OUT/"
  cp fuzz/syncml.dict "$OUT/$target.dict"
  if [ -d "corpus/fuzz/$target" ]; then
    (cd "corpus/fuzz/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  fi
done
