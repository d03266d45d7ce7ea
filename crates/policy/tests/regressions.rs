//! Replays `corpus/regressions/` and the fuzz seeds of `corpus/fuzz/` through the body of every
//! fuzz target (`crates/fuzzing`, which the targets in `fuzz/` call), on stable Rust: no panic,
//! spans inside the input, the DDF table reading back, `lint` agreeing with `validate`, and a
//! fixed point for the encoder. A crash found by fuzzing becomes a file here.

use std::path::Path;

/// Every file of `corpus/regressions/` and every seed of `corpus/fuzz/*/` goes through the body
/// of every target (structure-aware ones decode it through `arbitrary::Unstructured`, as
/// libFuzzer does): a saved crash reproduces in `cargo test`, and a seed of one target also
/// exercises the others.
#[test]
fn seeds_and_regressions_replay_through_the_fuzz_targets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut inputs = 0;
    let mut dirs = vec![root.join("regressions"), root.join("fuzz")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_none_or(|e| e != "md") {
                let bytes = std::fs::read(&path).expect("readable");
                for (_, run) in fuzzing::TARGETS {
                    run(&bytes);
                }
                inputs += 1;
            }
        }
    }
    assert!(inputs >= 15, "{inputs} inputs replayed");
    // every target has its seeds
    for (target, _) in fuzzing::TARGETS {
        let dir = root.join("fuzz").join(target);
        let seeds = std::fs::read_dir(&dir).map_or(0, |d| d.count());
        assert!(seeds > 0, "no seed in {}", dir.display());
    }
}
