//! A hard limit of the parser was crossed.
//!
//! ## What it checks
//! Element nesting deeper than 256 levels, a file larger than 256 MB, more than 256 attributes
//! on one element (each configurable under `[limits]` in `syncml-lint.toml`).
//!
//! ## Why it matters
//! No real SyncML comes close to these limits; input that does is broken or hostile, and the
//! limits keep the time and memory of a run proportional to its input.
//!
//! ## Example
//! ```xml
//! <a><a><a><a> ... 300 levels ... </a></a></a></a>
//! ```
//!
//! ## Fix
//! Fix the generator of the file; raise the limit in the configuration only for legitimate
//! input.

pub(crate) const CODE: &str = syncml::codes::LIMIT_EXCEEDED;
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;
