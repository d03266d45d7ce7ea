//! `SyncHdr` has a wrong protocol version, DTD version or message/session id, or lacks an element.
//!
//! ## What it checks
//! When a `SyncHdr` is present: `VerDTD` is `1.1` or `1.2`, `VerProto` is `DM/1.1` or `DM/1.2`,
//! `MsgID` and `SessionID` are decimal integers, and `Target` and `Source` each hold a
//! `LocURI`. One diagnostic per bad element; everything missing is named in one diagnostic on
//! the `SyncHdr` tag (an empty `<SyncHdr/>` draws one).
//!
//! ## Why it matters
//! The device answers a malformed header with a failed status for the whole message.
//!
//! ## Example
//! ```xml
//! <SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/2.0</VerProto><SessionID>1</SessionID><MsgID>x</MsgID>...</SyncHdr>
//! ```
//!
//! ## Fix
//! Use `<VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>` and numeric ids (`<MsgID>1</MsgID>`),
//! or leave `SyncHdr` out: Windows' own policy samples send bare `SyncBody` messages.

use diagnostics::Diagnostic;
use syncml::ast::Leaf;
use syncml::Message;

use crate::check::Cx;

pub(crate) const CODE: &str = "invalid-header";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// A bad value of a header leaf: `None` when it is fine.
fn bad_one_of(leaf: &Leaf<'_>, name: &str, allowed: &[&str]) -> Option<Diagnostic> {
    if allowed.contains(&leaf.value.as_ref()) {
        return None;
    }
    Some(
        Diagnostic::error(
            CODE,
            leaf.primary_span(),
            format!(
                "`{name}` is `{}`, not {}",
                leaf.value,
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        )
        .with_help(format!(
            "write `<{name}>{}</{name}>`",
            allowed.last().copied().unwrap_or("")
        )),
    )
}

fn bad_integer(leaf: &Leaf<'_>, name: &str) -> Option<Diagnostic> {
    if !leaf.value.is_empty() && leaf.value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        Diagnostic::error(
            CODE,
            leaf.primary_span(),
            format!("`{name}` must be a decimal integer, found `{}`", leaf.value),
        )
        .with_help(format!("write e.g. `<{name}>1</{name}>`")),
    )
}

/// Reports each bad header element, and everything missing in one diagnostic on the
/// `SyncHdr` tag (an empty `<SyncHdr/>` draws one).
pub(crate) fn check(cx: &mut Cx<'_>, message: &Message<'_>) {
    let Some(hdr) = &message.header else { return };
    let mut missing: Vec<(&str, &str)> = Vec::new();
    let mut leaf = |l: Option<&Leaf<'_>>,
                    name: &'static str,
                    example: &'static str,
                    bad: &dyn Fn(&Leaf<'_>) -> Option<Diagnostic>| match l {
        None => {
            missing.push((name, example));
            None
        }
        Some(l) => bad(l),
    };
    let bads = [
        leaf(hdr.ver_dtd.as_ref(), "VerDTD", "1.2", &|l| {
            bad_one_of(l, "VerDTD", &["1.1", "1.2"])
        }),
        leaf(hdr.ver_proto.as_ref(), "VerProto", "DM/1.2", &|l| {
            bad_one_of(l, "VerProto", &["DM/1.1", "DM/1.2"])
        }),
        leaf(hdr.session_id.as_ref(), "SessionID", "1", &|l| {
            bad_integer(l, "SessionID")
        }),
        leaf(hdr.msg_id.as_ref(), "MsgID", "1", &|l| {
            bad_integer(l, "MsgID")
        }),
    ];
    for (name, target) in [("Target", &hdr.target), ("Source", &hdr.source)] {
        if target.as_ref().is_none_or(|t| t.loc_uri.is_none()) {
            missing.push((name, "<LocURI>...</LocURI>"));
        }
    }
    for d in bads.into_iter().flatten() {
        cx.emit(d);
    }
    if missing.is_empty() {
        return;
    }
    let names: Vec<String> = missing.iter().map(|(n, _)| format!("`{n}`")).collect();
    let add: Vec<String> = missing
        .iter()
        .map(|(n, example)| format!("<{n}>{example}</{n}>"))
        .collect();
    cx.emit(
        Diagnostic::error(
            CODE,
            hdr.element.start_tag(),
            format!("`SyncHdr` has no {}", names.join(", ")),
        )
        .with_help(format!("add `{}`", add.join(""))),
    );
}
