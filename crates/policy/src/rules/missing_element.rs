//! A required child element is missing.
//!
//! ## What it checks
//! `SyncBody` in a message; `CmdID` in every command of a message (a profile fragment may omit
//! it: the MDM server numbers commands); `Item` in `Add`, `Replace`, `Delete`, `Get` and `Exec`;
//! `Target` with a `LocURI` in each such `Item`; at least one command in an `Atomic` or a
//! `Sequence`.
//!
//! ## Why it matters
//! The device answers a command without `CmdID` with status 400 and a blank reference, and a
//! command without a target does nothing.
//!
//! ## Example
//! ```xml
//! <Replace><CmdID>2</CmdID><Item><Data>1</Data></Item></Replace>
//! ```
//!
//! ## Fix
//! ```xml
//! <Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/...</LocURI></Target><Data>1</Data></Item></Replace>
//! ```

use diagnostics::Diagnostic;
use syncml::ast::Shape;
use syncml::{Command, Message};

use crate::check::Cx;

pub(crate) const CODE: &str = "missing-element";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// The message's own elements.
pub(crate) fn check_message(cx: &mut Cx<'_>, message: &Message<'_>) {
    if message.shape == Shape::Message && message.body.is_none() {
        if let Some(root) = message.root {
            cx.emit(
                Diagnostic::error(CODE, root.start_tag(), "the message has no `SyncBody`")
                    .with_help("add `<SyncBody>` with the commands and `<Final/>`"),
            );
        }
    }
}

/// The elements of one command.
pub(crate) fn check(cx: &mut Cx<'_>, shape: Shape, command: &Command<'_>) {
    let tag = command.element.start_tag();
    let name = command.kind.name();
    if command.cmd_id.is_none() && shape == Shape::Message {
        cx.emit(
            Diagnostic::error(CODE, tag, format!("`{name}` has no `CmdID`"))
                .with_help("add `<CmdID>N</CmdID>` with a number unique in the message"),
        );
    }
    // a container of nothing does nothing: the commands meant to be in it are missing
    if matches!(
        command.kind,
        syncml::CommandKind::Atomic | syncml::CommandKind::Sequence
    ) && command.commands.is_empty()
    {
        cx.emit(
            Diagnostic::error(CODE, tag, format!("`{name}` holds no command")).with_help(format!(
                "put the commands that must run together inside `<{name}>`, or remove it"
            )),
        );
    }
    if !command.kind.requires_item() {
        return;
    }
    if command.items.is_empty() {
        cx.emit(
            Diagnostic::error(CODE, tag, format!("`{name}` has no `Item`"))
                .with_help("add an `<Item>` with a `<Target><LocURI>`"),
        );
    }
    for item in &command.items {
        match &item.target {
            None => cx.emit(
                Diagnostic::error(
                    CODE,
                    item.element.start_tag(),
                    format!("this `Item` of `{name}` has no `Target`"),
                )
                .with_help("add `<Target><LocURI>./Device/Vendor/MSFT/...</LocURI></Target>`"),
            ),
            Some(t) if t.loc_uri.is_none() => cx.emit(
                Diagnostic::error(CODE, t.element.start_tag(), "`Target` has no `LocURI`")
                    .with_help("add `<LocURI>./Device/Vendor/MSFT/...</LocURI>`"),
            ),
            Some(_) => {}
        }
    }
}
