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

use diagnostics::Diagnostic;
use syncml::{Command, CommandKind, Message};

use crate::check::Cx;

pub(crate) const CODE: &str = "nested-atomic";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

fn visit(cx: &mut Cx<'_>, command: &Command<'_>, in_atomic: Option<&Command<'_>>) {
    if let Some(outer) = in_atomic {
        let what = match command.kind {
            CommandKind::Atomic => Some(("`Atomic` inside `Atomic` is not supported", "merge the inner `Atomic` into the outer one")),
            CommandKind::Get => Some(("`Get` inside `Atomic` is not supported", "move the `Get` out of the `Atomic`")),
            _ => None,
        };
        if let Some((msg, help)) = what {
            cx.emit(Diagnostic::error(CODE, command.element.start_tag(), msg).with_label(outer.element.start_tag(), "inside this `Atomic`").with_help(help));
        }
    }
    let next = if command.kind == CommandKind::Atomic && in_atomic.is_none() { Some(command) } else { in_atomic };
    for inner in &command.commands {
        visit(cx, inner, next);
    }
}

pub(crate) fn check(cx: &mut Cx<'_>, message: &Message<'_>) {
    for command in message.body.iter().flat_map(|b| &b.commands) {
        visit(cx, command, None);
    }
}
