//! An element stands where the SyncML content model does not allow it.
//!
//! ## What it checks
//! Unknown commands, `Item` directly in `SyncBody`, `Copy` (an OMA-DM command that Windows does
//! not support), a second `SyncBody`, and unknown children of commands, items, targets and
//! `Meta`. Child order is not checked: Windows accepts `Meta` before `Target`.
//!
//! What a misplaced element holds is still checked: a command outside `SyncBody` as a
//! command, the LocURI of a `Target` directly in a command as a LocURI.
//!
//! ## Why it matters
//! The device answers an element it does not know with status 400 for that element.
//!
//! ## Example
//! ```xml
//! <SyncBody><Item><Target><LocURI>./Vendor/MSFT/...</LocURI></Target></Item></SyncBody>
//! ```
//!
//! ## Fix
//! Wrap the `Item` in a command (`<Replace><CmdID>1</CmdID><Item>...</Item></Replace>`); use
//! `Get` and `Replace` instead of `Copy`.

use diagnostics::Diagnostic;
use syncml::{Command, CommandKind, Element, Message};

use crate::check::Cx;

pub(crate) const CODE: &str = "unexpected-element";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// The elements outside the body that the message does not allow.
pub(crate) fn check_message(cx: &mut Cx<'_>, message: &Message<'_>) {
    for &e in &message.unexpected {
        report(cx, e, "SyncML");
    }
}

/// One element that the content model does not allow where it stands, in `parent`.
pub(crate) fn report(cx: &mut Cx<'_>, e: Element<'_>, parent: &str) {
    // an element that carries data is moved into the wrapper it belongs in, never removed
    let help = match (e.local_name(), parent) {
        ("Item", _) => "wrap the `Item` in a command such as `<Replace>`".to_string(),
        ("SyncBody", _) => "a message has one `SyncBody`: merge the commands into it".to_string(),
        ("Target" | "Source" | "Data" | "Meta", p) if syncml::ast::is_body_child(p) => format!(
            "wrap it in `<Item>`: a command holds its `{}` inside an `Item`",
            e.local_name()
        ),
        ("LocURI", _) => "wrap it in `<Target>` inside the command's `<Item>`".to_string(),
        (name, "SyncML") if syncml::ast::is_body_child(name) => {
            "move it into `<SyncBody>`".to_string()
        }
        (name, _) => match syncml::ast::is_body_child(name)
            || matches!(name, "Target" | "Source" | "Data" | "Meta" | "CmdID")
        {
            true => format!("`{name}` is not allowed here"),
            false => format!("`{name}` is not part of SyncML as Windows reads it; remove it"),
        },
    };
    cx.emit(
        Diagnostic::error(
            CODE,
            e.start_tag(),
            format!("unexpected element `<{}>`", e.name()),
        )
        .with_help(help),
    );
}

/// The elements inside a command that it does not allow, and commands that Windows does not
/// support.
pub(crate) fn check(cx: &mut Cx<'_>, command: &Command<'_>) {
    for &e in &command.unexpected {
        // a child of the command itself, or one deeper (in an `Item`, a `Target`, a `Meta`),
        // where wrapping it in an `Item` is no advice
        let parent = if command.element.elements().any(|c| c == e) {
            command.kind.name()
        } else {
            ""
        };
        report(cx, e, parent);
    }
    if command.kind == CommandKind::Copy {
        cx.emit(
            Diagnostic::error(
                CODE,
                command.element.start_tag(),
                "`Copy` is not supported by Windows' DM client",
            )
            .with_help("read the value with `Get` and write it with `Replace`"),
        );
    }
}
