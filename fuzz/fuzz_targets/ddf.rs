//! The `ddf` target: its body is `fuzzing::ddf::run`, which the regression replay of
//! `cargo test` runs on the saved seeds and crashes too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzzing::ddf::run(data));
