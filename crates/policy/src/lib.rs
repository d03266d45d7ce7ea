//! The Policy CSP catalog and the semantic validator of syncml-lint.
//!
//! This crate joins the two worlds: it reads a SyncML [`Message`](syncml::Message) (from the
//! `syncml` crate), resolves each LocURI through the [`Catalog`] to an ADMX policy (from the
//! `admx` crate), and checks every command, item and payload against it. Every rule lives in
//! its own file under `rules/`, whose documentation is what `syncml-lint explain` prints.
//!
//! The library does no I/O and no rendering: [`lint`] takes bytes and returns neutral
//! [`Diagnostic`]s with byte spans into those bytes.
//!
//! ```
//! use policy::{lint, Catalog, Config};
//!
//! let profile = br#"<Replace><Item>
//!   <Target><LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SolicitedRemoteAssistance</LocURI></Target>
//!   <Data>&lt;enabled/&gt;&lt;data id="RA_Solicit_ExpireValue_Edt" value="120"/&gt;</Data>
//! </Item></Replace>"#;
//! let diags = lint(profile, &Catalog::builtin(), &Config::default());
//! let out_of_range = diags.iter().find(|d| d.code == "value-out-of-range").expect("reported");
//! assert_eq!(&profile[out_of_range.span.start..out_of_range.span.end], b"120");
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod catalog;
mod check;
pub mod config;
pub mod describe;
pub mod example;
pub mod fix;
mod fragment;
pub mod helper;
pub mod intune;
pub mod json;
pub mod list;
mod memo;
mod node;
pub mod placeholder;
pub mod response;
pub mod rules;
mod seen;
pub mod status;
pub mod suggest;
mod suppress;
pub mod uri;
pub mod wcd;

pub use catalog::{Catalog, Lookup};
pub use check::{declared_encoding_refusal, lint, lint_counted, validate, Counts, Linted};
pub use config::{Config, ConfigError, RuleLevel};
pub use diagnostics::{Diagnostic, Label, LineIndex, Severity, Span};
pub use rules::{RuleInfo, RULES};

/// Checks an input that is not SyncML as what it is, an Intune export or a Windows
/// Configuration Designer file (each recognised by its content); `None` for any other file.
pub fn lint_other_input(bytes: &[u8], catalog: &Catalog, config: &Config) -> Option<Linted> {
    intune::lint_export(bytes, catalog, config)
        .or_else(|| wcd::lint_customizations(bytes, catalog, config))
}

/// The element id of the Remote Assistance helper list, whose entries are checked by
/// `invalid-helper`.
pub const HELPER_LIST_ID: &str = "RA_Unsolicit_DACL_Edit";
