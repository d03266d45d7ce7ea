//! The `intune_json` target: its body is `fuzzing::intune_json::run`, which the regression
//! replay of `cargo test` runs on the saved seeds and crashes too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzzing::intune_json::run(data));
