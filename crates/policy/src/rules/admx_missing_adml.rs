//! An ADMX file has no ADML in the chosen language.
//!
//! ## What it checks
//! For every ADMX file loaded from disk, `<lang>/<name>.adml` beside it (language from
//! `--lang`, default `en-US`).
//!
//! ## Why it matters
//! Without the ADML, display names (of policies and enum items) are unknown, and Group Policy
//! editors cannot show the policies.
//!
//! ## Example
//! `PolicyDefinitions/Contoso.admx` without `PolicyDefinitions/en-US/Contoso.adml`.
//!
//! ## Fix
//! Copy the ADML of the language into the `<lang>` folder, or choose another `--lang`.

pub(crate) const CODE: &str = admx::codes::ADMX_MISSING_ADML;
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;
