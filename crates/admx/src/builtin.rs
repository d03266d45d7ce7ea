//! Definitions compiled into the binary, so that syncml-lint works with zero configuration.
//!
//! They are our own ADMX/ADML text, written from the published facts of each policy (names,
//! classes, keys, element ids, types, ranges, display names), and loaded with the same loader
//! as any file on disk.

use crate::LoadedAdmx;

/// `(file stem, ADMX text, en-US ADML text)` of every built-in definition.
pub const FILES: &[(&str, &str, &str)] = &[(
    "RemoteAssistance",
    include_str!("../builtin/RemoteAssistance.admx"),
    include_str!("../builtin/en-US/RemoteAssistance.adml"),
)];

/// Loads the built-in definitions (display names in en-US).
pub fn definitions() -> Vec<LoadedAdmx> {
    FILES
        .iter()
        .map(|(stem, admx, adml)| {
            let path = format!("<built-in>/{stem}.admx");
            let adml_path = format!("<built-in>/en-US/{stem}.adml");
            LoadedAdmx::load(
                &path,
                admx.as_bytes(),
                Some((&adml_path, adml.as_bytes())),
                None,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_load_without_diagnostics() {
        for f in definitions() {
            assert!(f.diagnostics.is_empty(), "{}: {:?}", f.path, f.diagnostics);
            assert!(
                f.adml_diagnostics.is_empty(),
                "{}: {:?}",
                f.path,
                f.adml_diagnostics
            );
        }
    }
}
