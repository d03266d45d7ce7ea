//! The same `CmdID` is used twice in one message.
//!
//! ## What it checks
//! Every `CmdID` of the message, nested commands included; one diagnostic per repeat, labelled
//! with the first use.
//!
//! ## Why it matters
//! The device reports one status per `CmdID`: with duplicates, a failure cannot be traced to
//! its command.
//!
//! ## Example
//! ```xml
//! <Replace><CmdID>2</CmdID>...</Replace>
//! <Replace><CmdID>2</CmdID>...</Replace>
//! ```
//!
//! ## Fix
//! Number the commands uniquely: `2`, `3`, ...

use diagnostics::Diagnostic;
use syncml::Message;

use crate::check::Cx;
use crate::seen::FirstSeen;

pub(crate) const CODE: &str = "duplicate-cmdid";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(cx: &mut Cx<'_>, message: &Message<'_>) {
    let mut seen = FirstSeen::new();
    let commands = message.commands();
    for command in &commands {
        let Some(id) = &command.cmd_id else { continue };
        if id.value.is_empty() {
            continue;
        }
        if let Some(earlier) = seen.repeat_of(id.value.as_ref(), id.primary_span()) {
            cx.emit(
                Diagnostic::error(CODE, id.primary_span(), format!("`CmdID` `{}` is already used in this message", id.value))
                    .with_label(earlier, "first used here")
                    .with_help("give every command its own `CmdID`"),
            );
        }
    }
}
