//! The `fix` target: its body is `fuzzing::fix::run`, which the regression replay of
//! `cargo test` runs on the saved seeds and crashes too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzzing::fix::run(data));
