//! `Atomic` inside `Atomic`, or `Get` inside `Atomic`.
//!
//! ## What it checks
//! Every command nested, at any depth, inside an `Atomic`: another `Atomic` or a `Get`.
//!
//! ## Why it matters
//! Windows fails a nested `Atomic` with status 500 and its parent with 507, and rejects `Get`
//! inside `Atomic` with 500: none of the settings in the block is applied.
//!
//! ## Example
//! ```xml
//! <Atomic><CmdID>1</CmdID><Atomic><CmdID>2</CmdID>...</Atomic></Atomic>
//! ```
//!
//! ## Fix
//! Flatten the inner `Atomic` into the outer one; move `Get` out of the `Atomic`.

use diagnostics::{Diagnostic, Span};
use syncml::{Command, CommandKind};

use crate::check::Cx;

pub(crate) const CODE: &str = "nested-atomic";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Checks a command, given the outermost `Atomic` of the commands before it (commands come in
/// document order, nested ones after their container); updates it.
/// The outermost `Atomic` is kept as its start tag and where it ends.
pub(crate) fn check(cx: &mut Cx<'_>, outer: &mut Option<(Span, usize)>, command: &Command<'_>) {
    let span = command.element.span();
    if outer.is_some_and(|(_, end)| span.start >= end) {
        *outer = None;
    }
    let Some((atomic, _)) = *outer else {
        if command.kind == CommandKind::Atomic {
            *outer = Some((command.element.start_tag(), span.end));
        }
        return;
    };
    let what = match command.kind {
        CommandKind::Atomic => Some((
            "`Atomic` inside `Atomic` is not supported",
            "merge the inner `Atomic` into the outer one",
        )),
        CommandKind::Get => Some((
            "`Get` inside `Atomic` is not supported",
            "move the `Get` out of the `Atomic`",
        )),
        _ => None,
    };
    if let Some((msg, help)) = what {
        cx.emit(
            Diagnostic::error(CODE, command.element.start_tag(), msg)
                .with_label(atomic, "inside this `Atomic`")
                .with_help(help),
        );
    }
}
