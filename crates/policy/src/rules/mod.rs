//! Every rule, one file each. A rule file starts with its documentation (`//!`, in fixed
//! sections), which is the single source of `syncml-lint explain` and of SARIF's rule
//! descriptions, and declares its `CODE` and default `SEVERITY`. Rules whose diagnostics come
//! from a parser (`xml-syntax`, `admx-syntax`, ...) are documented here too.

use diagnostics::Severity;

/// A rule: its stable code, default severity and documentation.
#[derive(Clone, Copy, Debug)]
pub struct RuleInfo {
    /// The stable kebab-case code.
    pub code: &'static str,
    /// The default severity.
    pub severity: Severity,
    /// The group it belongs to in the contract.
    pub group: &'static str,
    source: &'static str,
}

impl RuleInfo {
    /// The rule's documentation, in Markdown.
    pub fn doc(&self) -> String {
        let mut out = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                if out.is_empty() {
                    continue;
                }
                break;
            };
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        }
        out.trim_end().to_string()
    }

    /// The first line of the documentation.
    pub fn summary(&self) -> String {
        self.doc().lines().next().unwrap_or("").to_string()
    }
}

// Declared here, outside the `rules!` macro, so that rustfmt and cargo-mutants see every rule
// file; the macro lists them again for the table, and fails to compile on a name not declared.
pub(crate) mod admx_duplicate_id;
pub(crate) mod admx_forbidden_key;
pub(crate) mod admx_missing_adml;
pub(crate) mod admx_missing_attribute;
pub(crate) mod admx_syntax;
pub(crate) mod admx_unresolved_ref;
pub(crate) mod atomic_add_replace;
pub(crate) mod command_not_allowed;
pub(crate) mod data_when_disabled;
pub(crate) mod deprecated_node;
pub(crate) mod device_status;
pub(crate) mod duplicate_cmdid;
pub(crate) mod duplicate_data_id;
pub(crate) mod duplicate_list_item;
pub(crate) mod empty_helper_list;
pub(crate) mod format_mismatch;
pub(crate) mod invalid_boolean;
pub(crate) mod invalid_cmdid;
pub(crate) mod invalid_enum_value;
pub(crate) mod invalid_header;
pub(crate) mod invalid_helper;
pub(crate) mod invalid_list;
pub(crate) mod invalid_loc_uri;
pub(crate) mod invalid_number;
pub(crate) mod invalid_suppression;
pub(crate) mod invalid_value;
pub(crate) mod limit_exceeded;
pub(crate) mod list_name_mismatch;
pub(crate) mod missing_data;
pub(crate) mod missing_data_id;
pub(crate) mod missing_element;
pub(crate) mod missing_final;
pub(crate) mod nested_atomic;
pub(crate) mod not_in_catalog;
pub(crate) mod payload_not_escaped;
pub(crate) mod payload_state;
pub(crate) mod payload_syntax;
pub(crate) mod scope_mismatch;
pub(crate) mod syncml_root;
pub(crate) mod text_too_long;
pub(crate) mod too_many_diagnostics;
pub(crate) mod unexpanded_placeholder;
pub(crate) mod unexpected_data;
pub(crate) mod unexpected_element;
pub(crate) mod unknown_data_id;
pub(crate) mod unknown_node;
pub(crate) mod unknown_policy;
pub(crate) mod unsupported_edition;
pub(crate) mod unsupported_os;
pub(crate) mod unused_suppression;
pub(crate) mod value_not_exported;
pub(crate) mod value_out_of_range;
pub(crate) mod xml_dtd;
pub(crate) mod xml_syntax;

macro_rules! rules {
    ($($group:literal => [$($m:ident),* $(,)?]),* $(,)?) => {
        /// Every rule, in the order of the contract.
        pub static RULES: &[RuleInfo] = &[$($(RuleInfo {
            code: $m::CODE,
            severity: $m::SEVERITY,
            group: $group,
            source: include_str!(concat!(stringify!($m), ".rs")),
        }),*),*];
    };
}

rules! {
    "XML and SyncML structure" => [
        xml_syntax, xml_dtd, limit_exceeded, syncml_root, invalid_header, missing_element,
        unexpected_element, invalid_cmdid, duplicate_cmdid, nested_atomic, atomic_add_replace,
        missing_final, invalid_loc_uri, unexpanded_placeholder,
    ],
    "CSP addressing" => [
        unknown_policy, unknown_node, not_in_catalog, scope_mismatch, command_not_allowed,
        format_mismatch, missing_data, unexpected_data, invalid_value, deprecated_node,
        unsupported_os, unsupported_edition, value_not_exported,
    ],
    "ADMX-backed payload" => [
        payload_syntax, payload_not_escaped, payload_state, unknown_data_id, duplicate_data_id,
        missing_data_id, data_when_disabled, invalid_number, value_out_of_range,
        invalid_enum_value, invalid_boolean, text_too_long, invalid_list, list_name_mismatch,
        invalid_helper, duplicate_list_item, empty_helper_list,
    ],
    "ADMX files" => [
        admx_syntax, admx_missing_attribute, admx_duplicate_id, admx_unresolved_ref,
        admx_missing_adml, admx_forbidden_key,
    ],
    "Other" => [device_status, invalid_suppression, unused_suppression, too_many_diagnostics],
}

/// The rules with an automatic fix, and its safety.
pub static FIXES: &[(&str, &str)] = &[
    ("duplicate-cmdid", "safe"),
    ("format-mismatch", "safe"),
    ("invalid-cmdid", "safe"),
    ("invalid-list", "safe; unsafe for an explicit list's values"),
    ("invalid-loc-uri", "safe"),
    ("invalid-suppression", "unsafe"),
    ("missing-final", "safe"),
    ("payload-not-escaped", "safe"),
    ("scope-mismatch", "unsafe"),
    (
        "unknown-data-id",
        "safe when only the case differs, else unsafe",
    ),
    (
        "unknown-node",
        "safe when only the case differs, else unsafe",
    ),
    (
        "unknown-policy",
        "safe when only the case differs, else unsafe",
    ),
    ("unused-suppression", "safe"),
];

impl RuleInfo {
    /// Whether the rule has an automatic fix, and its safety.
    pub fn fix(&self) -> Option<&'static str> {
        FIXES.iter().find(|(c, _)| *c == self.code).map(|(_, f)| *f)
    }
}

/// The rule with code `code`.
pub fn find(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code == code)
}

/// The default severity of `code` (error for an unknown code).
pub fn default_severity(code: &str) -> Severity {
    find(code).map_or(Severity::Error, |r| r.severity)
}
