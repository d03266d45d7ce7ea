//! A `CmdID` is empty, `0`, contains whitespace, or is an unexpanded template placeholder.
//!
//! ## What it checks
//! The text of every `CmdID`: not empty, not `0`, no whitespace, and not a template variable
//! left unexpanded (`$CmdId$`, `{{cmd_id}}`, `${id}`). Any other token is accepted: MDM servers
//! in production send numbers and UUIDs.
//!
//! ## Why it matters
//! The device reports every status against its `CmdID`; an empty or placeholder id makes
//! results impossible to match, and `0` is reserved for the header's status.
//!
//! ## Example
//! ```xml
//! <Replace><CmdID>{{cmd_id}}</CmdID>...</Replace>
//! ```
//!
//! ## Fix
//! Let the template engine fill the id in, or write a number: `<CmdID>2</CmdID>`.
//!
//! `--fix` gives the command a number above every numeric CmdID of the message (a safe fix;
//! an empty `CmdID` is left to you).

use diagnostics::{Applicability, Diagnostic, Fix};
use syncml::Command;

use crate::check::Cx;

pub(crate) const CODE: &str = "invalid-cmdid";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// `{{cmd_id}}`, `${id}`, `$CmdId$`, `%CMDID%`: template variables left unexpanded.
fn is_placeholder(id: &str) -> bool {
    id.contains("{{")
        || id.contains("}}")
        || id.contains("${")
        || (id.len() > 1 && id.starts_with('$') && id.ends_with('$'))
        || id.matches('%').count() >= 2
}

fn problem(id: &str) -> Option<&'static str> {
    // the common case: a number
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
        return (id == "0")
            .then_some("`CmdID` is `0`, which is reserved for the status of the header");
    }
    if id.is_empty() {
        Some("`CmdID` is empty")
    } else if id.chars().any(char::is_whitespace) {
        Some("`CmdID` contains whitespace")
    } else if is_placeholder(id) {
        Some("`CmdID` is an unexpanded template placeholder")
    } else {
        None
    }
}

/// Reports a bad `CmdID`; `true` when the command has none or a good one (which
/// `duplicate-cmdid` then compares: a placeholder is reported once, here).
pub(crate) fn check(cx: &mut Cx<'_>, command: &Command<'_>) -> bool {
    let Some(id) = &command.cmd_id else {
        return true;
    };
    let Some(msg) = problem(&id.value) else {
        return true;
    };
    let mut d = Diagnostic::error(CODE, id.primary_span(), msg)
        .with_help("write a positive number unique in the message, e.g. `<CmdID>2</CmdID>`");
    if !id.span.is_empty() {
        d = d.with_fix(renumbering(id.span));
    }
    cx.emit(d);
    false
}

/// What a renumbering fix writes until [`number_fixes`] gives it its number.
const UNNUMBERED: &str = "\u{0}";

/// A fix that gives the CmdID text at `span` a new number, once the message's numbers are
/// known ([`number_fixes`]).
pub(crate) fn renumbering(span: diagnostics::Span) -> Fix {
    Fix::one(Applicability::Safe, "renumber", span, UNNUMBERED)
}

/// Gives each renumbering fix of `diags` its number: above `max`, the largest numeric CmdID
/// of the message, in file order. A fix that would pass the largest number is dropped.
pub(crate) fn number_fixes(diags: &mut [Diagnostic], max: u64) {
    let mut pending: Vec<&mut Diagnostic> = diags
        .iter_mut()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.edits.iter().any(|e| e.content == UNNUMBERED))
        })
        .collect();
    pending.sort_by_key(|d| d.span.start);
    let mut next = max;
    for d in pending {
        let number = next.checked_add(1);
        match (number, d.fix.as_mut()) {
            (Some(n), Some(fix)) => {
                next = n;
                fix.message = format!("renumber to `{n}`");
                for e in &mut fix.edits {
                    e.content = n.to_string();
                }
            }
            _ => d.fix = None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn accepts_numbers_and_uuids_and_rejects_placeholders() {
        for ok in ["1", "42", "0b3c5e1e-6f1a-4a8e-9d1b-2f6c3a1b9e77", "cmd-7"] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in ["", "0", "1 ", "{{cmd_id}}", "${id}", "$CmdId$", "%CMDID%"] {
            assert!(problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn placeholders_are_the_template_shapes_only() {
        use super::is_placeholder;
        for p in ["{{id", "id}}", "${id}", "$id$", "$$", "%id%", "a%b%c"] {
            assert!(is_placeholder(p), "{p}");
        }
        for other in ["$", "$id", "id$", "%id", "{id}", "cmd-7"] {
            assert!(!is_placeholder(other), "{other}");
        }
    }
}
