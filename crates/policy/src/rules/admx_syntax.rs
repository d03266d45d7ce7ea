//! An ADMX or ADML file is not well-formed XML or not in a supported encoding.
//!
//! ## What it checks
//! ADMX/ADML files (from `admx check`, `--admx-dir`, or carried by an `ADMXInstall` command)
//! must be well-formed XML in UTF-8 (with or without BOM) or UTF-16 with a BOM; numeric
//! attributes (`minValue`, `maxValue`, `maxLength`...) must be unsigned integers; an ADMX
//! file's root element is `policyDefinitions` (text, or another document, in the `Data` of
//! `ADMXInstall` is not an ADMX file).
//!
//! ## Why it matters
//! Windows refuses to ingest a broken ADMX file, and the policies it defines cannot be set.
//!
//! ## Example
//! ```xml
//! <policy name="P" class="Machine" key="Software\Contoso" displayName="$(string.P)">
//! ```
//!
//! ## Fix
//! Close every element (`</policy>`) and save the file as UTF-8 or UTF-16 with a BOM.

pub(crate) const CODE: &str = admx::codes::ADMX_SYNTAX;
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;
