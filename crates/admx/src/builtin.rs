//! Definitions compiled into the binary, so that syncml-lint checks every inbox ADMX-backed
//! policy with zero configuration: the facts of the inbox PolicyDefinitions of Windows 11 25H2
//! (build 26200.6584, with Microsoft's 25H2 template update V2.0), compiled by
//! `cargo run -p xtask -- catalog` into `data/inbox.tsv` (see [`crate::facts`]). A file is read
//! from the table when first asked for.

use std::sync::OnceLock;

use crate::LoadedAdmx;

/// The compiled table.
pub const TABLE: &str = include_str!("../data/inbox.tsv");

/// The Windows build the table was compiled from.
pub const SOURCE: &str = "Windows 11 25H2 (build 26200.6584) inbox PolicyDefinitions";

/// `(file stem, lines)` of every built-in file, sorted by lower-case stem.
pub fn index() -> &'static [(&'static str, &'static str)] {
    static INDEX: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    INDEX.get_or_init(|| crate::facts::sections(TABLE))
}

/// The stems of the built-in files.
pub fn stems() -> impl Iterator<Item = &'static str> {
    index().iter().map(|(s, _)| *s)
}

/// The built-in file with stem `stem` (case-insensitive), read from the table.
pub fn load(stem: &str) -> Option<LoadedAdmx> {
    let (stem, section) = index().iter().find(|(s, _)| s.eq_ignore_ascii_case(stem))?;
    Some(crate::facts::read_file(
        &format!("<built-in>/{stem}.admx"),
        section,
    ))
}

/// Every built-in file, read from the table (display names in en-US).
pub fn definitions() -> Vec<LoadedAdmx> {
    stems().filter_map(load).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_are_the_inbox_files() {
        assert_eq!(index().len(), 222);
        let ra = load("remoteassistance").expect("Remote Assistance is inbox");
        let p = ra.admx.policy("RA_Unsolicit").expect("RA_Unsolicit");
        assert!(p.element("RA_Unsolicit_DACL_Edit").is_some());
        assert_eq!(
            ra.display(&p.display_name),
            Some("Configure Offer Remote Assistance")
        );
    }
}
