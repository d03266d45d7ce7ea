//! An inline suppression that suppressed nothing.
//!
//! ## What it checks
//! Each code of a `syncml-lint: ignore` or `ignore-file` comment must suppress at least one
//! diagnostic. A code whose rule does not run (`--select`, `--ignore`, `[rules] CODE = "off"`)
//! is not reported: it could not have fired.
//!
//! ## Why it matters
//! A suppression outlives the problem it silenced: once the profile is fixed, a stale comment
//! would hide the next real mistake of that kind on the same element.
//!
//! ## Example
//! ```xml
//! <!-- syncml-lint: ignore format-mismatch -->
//! <Replace><CmdID>2</CmdID><Item>...<Meta><Format xmlns="syncml:metinf">int</Format></Meta>...</Item></Replace>
//! ```
//! (the `Format` is right: nothing is suppressed)
//!
//! ## Fix
//! Remove the code from the comment, or the comment. `--fix` does it (a safe fix).

use diagnostics::{Diagnostic, Span};

pub(crate) const CODE: &str = "unused-suppression";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Info;

/// `rule`, named at `code` in a comment, suppressed nothing.
pub(crate) fn report(code: Span, rule: &str) -> Diagnostic {
    Diagnostic::new(
        CODE,
        SEVERITY,
        code,
        format!("the suppression of `{rule}` suppressed nothing"),
    )
    .with_help("remove it: the problem it silenced is gone")
}
