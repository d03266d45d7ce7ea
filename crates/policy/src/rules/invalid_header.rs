//! `SyncHdr` has a wrong protocol version, DTD version or message/session id.
//!
//! ## What it checks
//! When a `SyncHdr` is present: `VerDTD` is `1.1` or `1.2`, `VerProto` is `DM/1.1` or `DM/1.2`,
//! and `MsgID` and `SessionID` are present and decimal integers.
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

fn one_of(
    cx: &mut Cx<'_>,
    hdr: syncml::Element<'_>,
    leaf: Option<&Leaf<'_>>,
    name: &str,
    allowed: &[&str],
) {
    match leaf {
        None => cx.emit(
            Diagnostic::error(CODE, hdr.start_tag(), format!("`SyncHdr` has no `{name}`"))
                .with_help(format!(
                    "add `<{name}>{}</{name}>`",
                    allowed.last().copied().unwrap_or("")
                )),
        ),
        Some(l) if !allowed.contains(&l.value.as_ref()) => cx.emit(
            Diagnostic::error(
                CODE,
                l.primary_span(),
                format!(
                    "`{name}` is `{}`, not {}",
                    l.value,
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
        ),
        Some(_) => {}
    }
}

fn integer(cx: &mut Cx<'_>, hdr: syncml::Element<'_>, leaf: Option<&Leaf<'_>>, name: &str) {
    match leaf {
        None => cx.emit(
            Diagnostic::error(CODE, hdr.start_tag(), format!("`SyncHdr` has no `{name}`"))
                .with_help(format!("add `<{name}>1</{name}>`")),
        ),
        Some(l) if l.value.is_empty() || !l.value.bytes().all(|b| b.is_ascii_digit()) => cx.emit(
            Diagnostic::error(
                CODE,
                l.primary_span(),
                format!("`{name}` must be a decimal integer, found `{}`", l.value),
            )
            .with_help(format!("write e.g. `<{name}>1</{name}>`")),
        ),
        Some(_) => {}
    }
}

pub(crate) fn check(cx: &mut Cx<'_>, message: &Message<'_>) {
    let Some(hdr) = &message.header else { return };
    one_of(
        cx,
        hdr.element,
        hdr.ver_dtd.as_ref(),
        "VerDTD",
        &["1.1", "1.2"],
    );
    one_of(
        cx,
        hdr.element,
        hdr.ver_proto.as_ref(),
        "VerProto",
        &["DM/1.1", "DM/1.2"],
    );
    integer(cx, hdr.element, hdr.session_id.as_ref(), "SessionID");
    integer(cx, hdr.element, hdr.msg_id.as_ref(), "MsgID");
}
