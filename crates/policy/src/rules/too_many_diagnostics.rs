//! A file has more diagnostics than `--max-diagnostics`.
//!
//! ## What it checks
//! Diagnostics beyond the per-file limit (default 1000) are not shown and are counted in this
//! one note at the start of the file. Errors are shown before warnings and infos: a real error
//! is never hidden behind a thousand notes. What is not shown still counts: the summary and
//! the exit code include it (`--max-diagnostics 0` shows nothing and still fails on an error).
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

use crate::check::Counts;

pub(crate) const CODE: &str = "too-many-diagnostics";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Info;

/// Keeps `max` diagnostics, errors before warnings before infos (each in file order), and notes
/// how many were not kept; `dropped` were never kept. Returns the counts of those not kept.
pub(crate) fn cap(diags: &mut Vec<Diagnostic>, dropped: Counts, max: usize) -> Counts {
    let mut hidden = dropped;
    if diags.len() <= max && dropped == Counts::default() {
        return hidden;
    }
    if diags.len() > max {
        // a stable sort by severity keeps file order within each severity
        let mut by_severity: Vec<(usize, Diagnostic)> = diags.drain(..).enumerate().collect();
        by_severity.sort_by_key(|(i, d)| (std::cmp::Reverse(d.severity), *i));
        for (_, d) in by_severity.iter().skip(max) {
            hidden.add(d.severity);
        }
        by_severity.truncate(max);
        by_severity.sort_by_key(|(i, _)| *i);
        diags.extend(by_severity.into_iter().map(|(_, d)| d));
    }
    let total = hidden.errors + hidden.warnings + hidden.infos;
    let mut parts = Vec::new();
    for (n, one, many) in [
        (hidden.errors, "error", "errors"),
        (hidden.warnings, "warning", "warnings"),
        (hidden.infos, "info", "infos"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    diags.insert(
        0,
        Diagnostic::new(
            CODE,
            SEVERITY,
            Span::empty(0),
            format!(
                "{total} more {} in this file {} not shown ({}); {} in the summary and the exit code",
                if total == 1 { "diagnostic" } else { "diagnostics" },
                if total == 1 { "is" } else { "are" },
                parts.join(", "),
                if total == 1 { "it still counts" } else { "they still count" }
            ),
        )
        .with_help("fix the reported problems, or raise `--max-diagnostics`"),
    );
    hidden
}
