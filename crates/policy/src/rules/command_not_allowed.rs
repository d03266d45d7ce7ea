//! The command is not one of the node's access types.
//!
//! ## What it checks
//! Policy CSP policy nodes under `Policy/Config` accept `Add`, `Delete`, `Get` and `Replace`;
//! nodes under `Policy/Result` accept only `Get`. Anything else (`Exec` on a policy, `Replace`
//! of a result) is reported.
//!
//! ## Why it matters
//! The device answers with status 405 (command not allowed) and nothing changes.
//!
//! ## Example
//! ```xml
//! <Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Result/RemoteAssistance/SessionLogging</LocURI></Target>...</Item></Replace>
//! ```
//!
//! ## Fix
//! Write settings under `Policy/Config`; read resolved values from `Policy/Result` with `Get`.

use diagnostics::Diagnostic;
use syncml::{Command, CommandKind};

use crate::catalog::Access;
use crate::check::{Cx, MappedUri};
use crate::uri::Tree;

pub(crate) const CODE: &str = "command-not-allowed";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Reports a command the node does not accept; `true` when it is allowed.
pub(crate) fn check(cx: &mut Cx<'_>, command: &Command<'_>, uri: &MappedUri<'_>) -> bool {
    let access = Access::of(uri.tree);
    let allowed = match command.kind {
        CommandKind::Add => access.add,
        CommandKind::Delete => access.delete,
        CommandKind::Get => access.get,
        CommandKind::Replace => access.replace,
        CommandKind::Exec => access.exec,
        _ => true,
    };
    if allowed {
        return true;
    }
    let help = match uri.tree {
        Tree::Result => {
            "`Policy/Result` is read-only: write the setting under `Policy/Config`".to_string()
        }
        Tree::Config => format!("this node accepts {}", access.names().join(", ")),
    };
    cx.emit(
        Diagnostic::error(
            CODE,
            command.element.start_tag(),
            format!("`{}` is not allowed on this node", command.kind.name()),
        )
        .with_label(uri.span, "this node")
        .with_help(help),
    );
    false
}
