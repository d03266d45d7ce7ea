//! The root is not a SyncML 1.1/1.2 `SyncML` element or a SyncBody command.
//!
//! ## What it checks
//! A `SyncML` root must declare the namespace `SYNCML:SYNCML1.1` or `SYNCML:SYNCML1.2` exactly.
//! A file without a `SyncML` root is read as a profile fragment, whose top-level elements must be
//! commands (`Replace`, `Atomic`, ...).
//!
//! ## Why it matters
//! Windows' DM client matches the namespace exactly; any other root is not SyncML at all.
//!
//! ## Example
//! ```xml
//! <SyncML xmlns="syncml:syncml1.2"><SyncBody><Final/></SyncBody></SyncML>
//! ```
//!
//! ## Fix
//! ```xml
//! <SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Final/></SyncBody></SyncML>
//! ```

use diagnostics::Diagnostic;
use syncml::ast::{Shape, SYNCML_NAMESPACES};
use syncml::Message;

use crate::check::Cx;

pub(crate) const CODE: &str = "syncml-root";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(cx: &mut Cx<'_>, message: &Message<'_>) {
    let Some(root) = message.root else { return };
    match message.shape {
        Shape::Message => {
            let ns = root.declared_namespace();
            if ns.is_some_and(|ns| SYNCML_NAMESPACES.contains(&ns)) {
                return;
            }
            let found = ns.map_or("no namespace".to_string(), |ns| format!("namespace `{ns}`"));
            let help = match ns.map(|ns| ns.to_ascii_uppercase()) {
                Some(u) if SYNCML_NAMESPACES.contains(&u.as_str()) => {
                    format!("the namespace is case-sensitive: write `xmlns=\"{u}\"`")
                }
                _ => "declare `xmlns=\"SYNCML:SYNCML1.2\"` on the root".to_string(),
            };
            cx.emit(
                Diagnostic::error(CODE, root.name_span(), format!("the `SyncML` root has {found}, not `SYNCML:SYNCML1.1` or `SYNCML:SYNCML1.2`"))
                    .with_help(help),
            );
        }
        Shape::Fragment => cx.emit(
            Diagnostic::error(CODE, root.name_span(), format!("`<{}>` is neither a `SyncML` root nor a SyncML command", root.name()))
                .with_help("a message starts with `<SyncML xmlns=\"SYNCML:SYNCML1.2\">`; a profile fragment holds commands such as `<Replace>`"),
        ),
    }
}
