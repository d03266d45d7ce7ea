//! `Add` or `Replace` of an ADMX-backed policy without a payload.
//!
//! ## What it checks
//! The `Item` of an `Add`/`Replace` on an ADMX-backed policy has a `Data` element with
//! something in it.
//!
//! ## Why it matters
//! An ADMX-backed policy is set by its payload: `<enabled/>` (with its `<data>` values) or
//! `<disabled/>`. Without one the device fails the command.
//!
//! ## Example
//! ```xml
//! <Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging</LocURI></Target><Data/></Item></Replace>
//! ```
//!
//! ## Fix
//! Send `<Data>&lt;enabled/&gt;</Data>` (or `<disabled/>`). To return the policy to "not
//! configured", send `Delete` on the same LocURI instead.

use diagnostics::Diagnostic;
use syncml::{Element, Item, Node};

use crate::check::Cx;

pub(crate) const CODE: &str = "missing-data";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Reports an absent or empty `Data`; returns the `Data` element when it has content.
pub(crate) fn check<'a>(cx: &mut Cx<'_>, item: &Item<'a>) -> Option<Element<'a>> {
    let help = "send `<enabled/>` or `<disabled/>` (escaped or in CDATA) in `Data`; to unset the policy, use `Delete`";
    match item.data {
        None => {
            cx.emit(
                Diagnostic::error(
                    CODE,
                    item.element.start_tag(),
                    "this ADMX-backed policy is set without `Data`",
                )
                .with_help(help),
            );
            None
        }
        Some(data) => {
            let empty = data.children().all(|n| match n {
                Node::Text(t) => t.is_blank(),
                Node::CData(c) => c.value.trim().is_empty(),
                Node::Element(_) => false,
                _ => true,
            });
            if empty {
                cx.emit(
                    Diagnostic::error(
                        CODE,
                        data.span(),
                        "`Data` is empty: an ADMX-backed policy needs a payload",
                    )
                    .with_help(help),
                );
                None
            } else {
                Some(data)
            }
        }
    }
}

/// Reports `Add`/`Replace` of a native node without a value (`data`: the empty `Data`, else
/// `None` for none at all) where the node has no empty value.
pub(crate) fn report_native(
    cx: &mut Cx<'_>,
    at: diagnostics::Span,
    data: Option<()>,
    node: csp::NodeRef<'_>,
) {
    let msg = match data {
        Some(()) => format!("`Data` is empty: `{}` has no empty value", node.name()),
        None => format!("`{}` is set without `Data`", node.name()),
    };
    let f = node.facts();
    let help = match &f.default {
        Some(d) if !d.is_empty() => format!(
            "send a `{}` value (its default is `{d}`); to unset it, use `Delete`",
            f.format.name()
        ),
        _ => format!(
            "send a `{}` value; to unset it, use `Delete`",
            f.format.name()
        ),
    };
    cx.emit(Diagnostic::error(CODE, at, msg).with_help(help));
}

/// Reports an `ADMXInstall` item without the ADMX file it installs (`empty`: its `Data` is
/// there but blank).
pub(crate) fn report_ingestion(cx: &mut Cx<'_>, at: diagnostics::Span, empty: bool) {
    let msg = if empty {
        "`Data` is empty: `ADMXInstall` needs the ADMX file it installs"
    } else {
        "`ADMXInstall` is set without `Data`: it needs the ADMX file it installs"
    };
    cx.emit(Diagnostic::error(CODE, at, msg).with_help(
        "send the ADMX file (escaped, or in CDATA) in `Data`; to remove an app's files, `Delete` `ADMXInstall/<AppName>`",
    ));
}
