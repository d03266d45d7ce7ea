//! `Get` or `Delete` carries `Data`.
//!
//! ## What it checks
//! Items of `Get` and `Delete` commands: they address a node and carry no value.
//!
//! ## Why it matters
//! The device ignores the data; it usually means a `Replace` was meant, or a `Delete` was
//! written to "disable" a policy (which sets it to not configured instead).
//!
//! ## Example
//! ```xml
//! <Delete><CmdID>3</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging</LocURI></Target><Data>&lt;disabled/&gt;</Data></Item></Delete>
//! ```
//!
//! ## Fix
//! Remove the `Data`; to disable the policy, send `Replace` with `<disabled/>`.

use diagnostics::Diagnostic;
use syncml::{Command, CommandKind, Item};

use crate::check::Cx;

pub(crate) const CODE: &str = "unexpected-data";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;

pub(crate) fn check(cx: &mut Cx<'_>, command: &Command<'_>, item: &Item<'_>) {
    if !matches!(command.kind, CommandKind::Get | CommandKind::Delete) {
        return;
    }
    let Some(data) = item.data else { return };
    // an empty `<Data></Data>` is not data (Workspace ONE writes one in every `Delete`)
    let empty = data.children().all(|n| match n {
        syncml::Node::Text(t) => t.is_blank(),
        syncml::Node::CData(c) => c.value.trim().is_empty(),
        syncml::Node::Element(_) => false,
        _ => true,
    });
    if empty {
        return;
    }
    let help = match command.kind {
        CommandKind::Delete => "`Delete` sets the policy to not configured and ignores `Data`; to disable it, send `Replace` with `<disabled/>`",
        _ => "`Get` reads a value and ignores `Data`: remove it",
    };
    cx.emit(
        Diagnostic::warning(
            CODE,
            data.span(),
            format!(
                "`{}` carries `Data`, which the device ignores",
                command.kind.name()
            ),
        )
        .with_help(help),
    );
}
