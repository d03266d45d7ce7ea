//! A DOCTYPE declares an internal subset or entities.
//!
//! ## What it checks
//! A `<!DOCTYPE ... [ ... ]>` with an internal subset (entity or element declarations), or a
//! DOCTYPE anywhere but before the root. A DOCTYPE that only names the SyncML DTD is accepted
//! and ignored.
//!
//! ## Why it matters
//! Entity declarations are how XML bombs ("billion laughs") and external entity attacks work.
//! syncml-lint never expands or fetches them, and MDM clients should not receive them.
//!
//! ## Example
//! ```xml
//! <!DOCTYPE SyncML [<!ENTITY a "aaaa">]>
//! <SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody>&a;</SyncBody></SyncML>
//! ```
//!
//! ## Fix
//! Remove the internal subset and write the text itself instead of entity references.

pub(crate) const CODE: &str = syncml::codes::XML_DTD;
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;
