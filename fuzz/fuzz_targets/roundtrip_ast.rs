//! The `roundtrip_ast` target: its body is `fuzzing::roundtrip_ast::run`, which the regression replay of
//! `cargo test` runs on the saved seeds and crashes too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzzing::roundtrip_ast::run(data));
