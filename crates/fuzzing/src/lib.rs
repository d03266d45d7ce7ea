//! The bodies of the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs` call them), in the
//! workspace so that `cargo test` replays every saved seed and crash through exactly the code
//! that found it, on stable Rust (`crates/policy/tests/regressions.rs`). Structure-aware
//! targets decode their input with `arbitrary::Unstructured` as libFuzzer does.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod admx;
pub mod ddf;
pub mod fix;
pub mod intune_json;
pub mod parse_syncml;
pub mod payload;
pub mod roundtrip_ast;
pub mod validate;

/// The body of a target: any bytes, never a panic.
pub type Body = fn(&[u8]);

/// Every target: its name (the folder of its seeds under `corpus/fuzz/`) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("admx", admx::run),
    ("ddf", ddf::run),
    ("fix", fix::run),
    ("intune_json", intune_json::run),
    ("parse_syncml", parse_syncml::run),
    ("payload", payload::run),
    ("roundtrip_ast", roundtrip_ast::run),
    ("validate", validate::run),
];

/// The built-in catalog, read once for all runs.
pub fn catalog() -> &'static policy::Catalog {
    static CATALOG: std::sync::OnceLock<policy::Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(policy::Catalog::builtin)
}

/// `data` decoded as libFuzzer decodes a structure-aware target's input
/// (`Arbitrary::arbitrary_take_rest`); `None` when it does not decode (the target skips it).
pub fn decoded<'a, T: arbitrary::Arbitrary<'a>>(data: &'a [u8]) -> Option<T> {
    T::arbitrary_take_rest(arbitrary::Unstructured::new(data)).ok()
}
