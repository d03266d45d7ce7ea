//! An Intune export holds a value that cannot be checked: encrypted, or a placeholder.
//!
//! ## What it checks
//! Settings of an Intune export whose `isEncrypted` is `true`, or whose value is one of the
//! placeholders Graph writes for a secret (`****`, `PGEvPg==`). The setting's OMA-URI and
//! type are not checked either: the export does not say what is sent.
//!
//! ## Why it matters
//! A green check of an export with encrypted values says nothing about them: this note says
//! which ones were not seen.
//!
//! ## Example
//! ```json
//! {"@odata.type": "#microsoft.graph.omaSettingString", "omaUri": "./Device/Vendor/MSFT/...",
//!  "value": "****", "isEncrypted": true}
//! ```
//!
//! ## Fix
//! Export with the values decrypted (Graph's `getOmaSettingPlainTextValue`), or check the
//! profile as your MDM server sends it.

use diagnostics::{Diagnostic, Span};

pub(crate) const CODE: &str = "value-not-exported";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Info;

/// The note on an encrypted or placeholder value at `span`.
pub(crate) fn diagnostic(span: Span) -> Diagnostic {
    Diagnostic::new(
        CODE,
        SEVERITY,
        span,
        "this value is encrypted or a placeholder in the export: it is not checked",
    )
    .with_help("export the decrypted value to check it")
}
