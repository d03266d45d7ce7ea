//! Two policies share a name, or two elements of one policy share an id.
//!
//! ## What it checks
//! Policy names within one ADMX namespace, and element ids within one policy. The same element
//! id in different policies is fine (real files reuse ids across policies).
//!
//! ## Why it matters
//! A SyncML payload names elements by id and policies by name: with duplicates, which one is
//! meant is undefined, and Windows rejects the file.
//!
//! ## Example
//! ```xml
//! <elements><text id="Msg"/><text id="Msg"/></elements>
//! ```
//!
//! ## Fix
//! Give each element of a policy its own id.

pub(crate) const CODE: &str = admx::codes::ADMX_DUPLICATE_ID;
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;
