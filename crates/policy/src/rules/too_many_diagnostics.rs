//! A file has more diagnostics than `--max-diagnostics`.
//!
//! ## What it checks
//! After sorting, diagnostics beyond the per-file limit (default 1000) are dropped and counted
//! in this one note at the start of the file.
//!
//! ## Why it matters
//! A generated file with one systematic mistake can produce thousands of identical reports;
//! the first ones are enough to fix it, and the output stays readable.
//!
//! ## Example
//! A profile of 5,000 `Replace` commands that all use `Format` `int`.
//!
//! ## Fix
//! Fix the reported problems, or raise `--max-diagnostics`.

use diagnostics::{Diagnostic, Span};

pub(crate) const CODE: &str = "too-many-diagnostics";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Info;

/// Keeps the first `max` diagnostics and notes how many were dropped (`already` of them were
/// never kept).
pub(crate) fn cap(diags: &mut Vec<Diagnostic>, already: usize, max: usize) {
    if diags.len() <= max && already == 0 {
        return;
    }
    let dropped = diags.len().saturating_sub(max) + already;
    diags.truncate(max);
    diags.insert(
        0,
        Diagnostic::new(
            CODE,
            SEVERITY,
            Span::empty(0),
            format!("{dropped} more diagnostics in this file are not shown"),
        )
        .with_help("fix the reported problems, or raise `--max-diagnostics`"),
    );
}
