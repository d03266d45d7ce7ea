//! An inline suppression comment that names an unknown code, or is malformed.
//!
//! ## What it checks
//! A comment that starts with `syncml-lint:` is a suppression. It must read
//! `syncml-lint: ignore CODE[, CODE...]` (the codes are suppressed on the element that follows
//! the comment, and everything inside it) or `syncml-lint: ignore-file CODE[, CODE...]` (in the
//! whole file), and name at least one rule code that exists. An `ignore` comment must be
//! followed by an element among its siblings. `invalid-suppression` and `unused-suppression`
//! are about the comments themselves and cannot be suppressed inline: set them in
//! `syncml-lint.toml`.
//!
//! ## Why it matters
//! A misspelled code suppresses nothing: the finding it was meant to silence comes back, or
//! worse, the comment reads as if a problem had been reviewed when it never was.
//!
//! ## Example
//! ```xml
//! <!-- syncml-lint: ignore not-in-catalogue -->
//! <Replace>...</Replace>
//! ```
//!
//! ## Fix
//! ```xml
//! <!-- syncml-lint: ignore not-in-catalog -->
//! <Replace>...</Replace>
//! ```
//!
//! The did-you-mean of an unknown code is an unsafe fix (`--fix --unsafe-fixes`).

use diagnostics::{Applicability, Diagnostic, Fix, Span};

use crate::rules;

pub(crate) const CODE: &str = "invalid-suppression";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;

const FORM: &str = "write `<!-- syncml-lint: ignore CODE[, CODE...] -->` before an element, or `<!-- syncml-lint: ignore-file CODE -->`";

/// A code that is no rule's.
pub(crate) fn unknown_code(code: Span, written: &str) -> Diagnostic {
    let suggestion = crate::suggest::did_you_mean(written, rules::RULES.iter().map(|r| r.code));
    let mut d = Diagnostic::warning(
        CODE,
        code,
        format!("the suppression names `{written}`, which is not a rule code"),
    );
    match suggestion {
        Some((known, help)) => {
            d = d.with_help(help).with_fix(Fix::one(
                Applicability::Unsafe,
                format!("write `{known}`"),
                code,
                known,
            ));
        }
        None => d = d.with_help("`syncml-lint rules` lists every code"),
    }
    d
}

/// A directive other than `ignore` and `ignore-file`.
pub(crate) fn unknown_directive(comment: Span, word: Span, written: &str) -> Diagnostic {
    let span = if written.is_empty() { comment } else { word };
    Diagnostic::warning(
        CODE,
        span,
        if written.is_empty() {
            "the suppression comment has no directive".to_string()
        } else {
            format!("`{written}` is not a suppression directive")
        },
    )
    .with_help(FORM)
}

/// A directive without codes.
pub(crate) fn no_code(comment: Span, directive: &str) -> Diagnostic {
    Diagnostic::warning(
        CODE,
        comment,
        format!("the `{directive}` suppression names no rule code"),
    )
    .with_help("name the codes it suppresses: suppressing everything is not supported")
}

/// An `ignore` with no element after it.
pub(crate) fn no_element(comment: Span) -> Diagnostic {
    Diagnostic::warning(
        CODE,
        comment,
        "no element follows this `ignore` comment: it suppresses nothing",
    )
    .with_help("put the comment right before the element, or use `ignore-file`")
}

/// A code of the suppression rules themselves.
pub(crate) fn not_suppressible(code: Span, rule: &str) -> Diagnostic {
    Diagnostic::warning(
        CODE,
        code,
        format!("`{rule}` is about suppression comments: it cannot be suppressed inline"),
    )
    .with_help(format!(
        "set it in syncml-lint.toml: `[rules] {rule} = \"off\"`"
    ))
}
