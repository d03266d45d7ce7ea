//! `Add` followed by `Replace` of the same LocURI inside one `Atomic`.
//!
//! ## What it checks
//! Within each `Atomic` (nested blocks included), a `Replace` whose target an earlier `Add` of
//! the same `Atomic` created.
//!
//! ## Why it matters
//! Windows does not support this sequence: the `Atomic` fails and is rolled back.
//!
//! ## Example
//! ```xml
//! <Atomic><CmdID>1</CmdID>
//!   <Add><CmdID>2</CmdID><Item><Target><LocURI>./Vendor/MSFT/A</LocURI></Target>...</Item></Add>
//!   <Replace><CmdID>3</CmdID><Item><Target><LocURI>./Vendor/MSFT/A</LocURI></Target>...</Item></Replace>
//! </Atomic>
//! ```
//!
//! ## Fix
//! Send the final value in the `Add` and drop the `Replace`, or move the `Replace` out of the
//! `Atomic`.

use foldhash::HashMap;

use diagnostics::{Diagnostic, Span};
use syncml::{Command, CommandKind};

use crate::check::Cx;

pub(crate) const CODE: &str = "atomic-add-replace";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(cx: &mut Cx<'_>, atomic: &Command<'_>) {
    if atomic.kind != CommandKind::Atomic {
        return;
    }
    {
        let mut added: HashMap<&str, Span> = HashMap::default();
        for command in atomic.walk().skip(1) {
            for item in &command.items {
                let Some(loc) = item.loc_uri() else { continue };
                match command.kind {
                    CommandKind::Add => {
                        added
                            .entry(loc.value.as_ref())
                            .or_insert(command.element.start_tag());
                    }
                    CommandKind::Replace => {
                        if let Some(&add) = added.get(loc.value.as_ref()) {
                            cx.emit(
                                Diagnostic::error(CODE, command.element.start_tag(), format!("`Replace` of `{}` after its `Add` in the same `Atomic`", loc.value))
                                    .with_label(add, "added here")
                                    .with_label(atomic.element.start_tag(), "in this `Atomic`")
                                    .with_help("send the final value in the `Add`, or move the `Replace` out of the `Atomic`"),
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}
