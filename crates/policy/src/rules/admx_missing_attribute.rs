//! An ADMX element lacks a required attribute.
//!
//! ## What it checks
//! `name`, `class`, `key` and `displayName` on `policy`; `id` on every policy element;
//! `name` and `displayName` on `category`; `displayName` on enum `item`; `prefix` and
//! `namespace` on `target`. In ADMX carried by an `ADMXInstall` command, only what ingestion
//! needs is required: ingestion reads no ADML, so a missing `displayName` is fine there
//! (Microsoft's own ingestion sample has categories without one).
//!
//! ## Why it matters
//! Windows rejects the file, or the policy cannot be addressed or shown.
//!
//! ## Example
//! ```xml
//! <policy name="P" displayName="$(string.P)" key="Software\Contoso"/>
//! ```
//!
//! ## Fix
//! ```xml
//! <policy name="P" class="Machine" displayName="$(string.P)" key="Software\Contoso"/>
//! ```

pub(crate) const CODE: &str = admx::codes::ADMX_MISSING_ATTRIBUTE;
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;
