//! An ADMX-backed policy is sent with a `Format` other than `chr`.
//!
//! ## What it checks
//! The effective `Meta/Format` of `Add`/`Replace` on an ADMX-backed policy: the `Item`'s own
//! `Meta`, else the command's. An absent `Format` means `chr`. On any other CSP node, the
//! Format its DDF gives; a `bin` node also takes `b64`, the way binary data travels in an XML
//! message (Microsoft's ClientCertificateInstall samples, Intune's Base64 settings).
//!
//! ## Why it matters
//! ADMX-backed policies are strings (`chr`) holding an XML payload. Sending `int` with a bare
//! `1` is a common mistake that the device rejects (status 415 or 0x87d1fde8).
//!
//! ## Example
//! ```xml
//! <Meta><Format xmlns="syncml:metinf">int</Format></Meta>
//! ```
//!
//! ## Fix
//! ```xml
//! <Meta><Format xmlns="syncml:metinf">chr</Format></Meta>
//! ```
//!
//! `--fix` writes `chr` for an ADMX-backed policy (a safe fix); the payload then gets its own
//! diagnostics. On another node, it writes the node's Format when the value already is one of
//! it (a number for `int`, `true`/`false` for `bool`, anything for `chr`).

use diagnostics::Diagnostic;
use diagnostics::{Applicability, Fix, Span};
use syncml::{Command, Element, Item, Leaf, Meta, Node};

use crate::check::Cx;

pub(crate) const CODE: &str = "format-mismatch";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

fn format_of(meta: Option<Meta<'_>>) -> Option<Element<'_>> {
    meta.and_then(|m| m.element.child("Format"))
}

/// Reports a Format other than `chr` on an ADMX-backed policy; `true` when it is `chr`.
pub(crate) fn check(cx: &mut Cx<'_>, command: &Command<'_>, item: &Item<'_>) -> bool {
    let Some(format) = format_of(item.meta).or_else(|| format_of(command.meta)) else {
        return true;
    };
    // the common case, read without decoding: `chr` as one plain text
    let mut children = format.children();
    if let (Some(Node::Text(t)), None) = (children.next(), children.next()) {
        if t.raw.trim() == "chr" {
            return true;
        }
    }
    let format = Leaf::new(format);
    if format.value.trim() == "chr" {
        return true;
    }
    let span = format.primary_span();
    cx.emit(
        Diagnostic::error(CODE, span, format!("ADMX-backed policies take Format `chr`, not `{}`", format.value.trim()))
            .with_fix(Fix::one(Applicability::Safe, "write Format `chr`", span, "chr"))
            .with_help("write `<Format xmlns=\"syncml:metinf\">chr</Format>` and an `<enabled/>`/`<disabled/>` payload in `Data`"),
    );
    false
}

/// The effective Format of an item: the `Item`'s, else the command's; absent means `chr`.
/// Returns the format's text and its span (absent: `None`).
pub(crate) fn effective(command: &Command<'_>, item: &Item<'_>) -> (String, Option<Span>) {
    match format_of(item.meta).or_else(|| format_of(command.meta)) {
        Some(f) => {
            let leaf = Leaf::new(f);
            (leaf.value.trim().to_string(), Some(leaf.primary_span()))
        }
        None => ("chr".to_string(), None),
    }
}

/// Reports a Format that differs from the node's DDF format; `true` when it fits.
pub(crate) fn check_native(
    cx: &mut Cx<'_>,
    command: &Command<'_>,
    item: &Item<'_>,
    node: csp::NodeRef<'_>,
) -> bool {
    let expected = node.facts().format.name();
    let (given, span) = effective(command, item);
    // binary data in an XML message travels as base64: a `bin` node takes `b64` too
    if given == expected || (expected == "bin" && given == "b64") {
        return true;
    }
    let at = span
        .or_else(|| item.data.map(|d| d.span()))
        .unwrap_or_else(|| item.element.start_tag());
    let msg = match span {
        Some(_) => format!("`{}` takes Format `{expected}`, not `{given}`", node.name()),
        None => format!(
            "`{}` takes Format `{expected}`; without `Meta/Format` the value is sent as `chr`",
            node.name()
        ),
    };
    let mut d = Diagnostic::error(CODE, at, msg).with_help(format!(
        "write `<Meta><Format xmlns=\"syncml:metinf\">{expected}</Format></Meta>` in the `Item`"
    ));
    // the node's own Format, where the value already is one of it
    let value = item.data.map(|e| Leaf::new(e).value);
    let fits = value
        .as_deref()
        .map(str::trim)
        .is_some_and(|v| match expected {
            "int" => v.parse::<i64>().is_ok(),
            "bool" => v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"),
            "chr" => true,
            _ => false,
        });
    if let (Some(span), true) = (span, fits) {
        d = d.with_fix(Fix::one(
            Applicability::Safe,
            format!("write Format `{expected}`"),
            span,
            expected,
        ));
    }
    cx.emit(d);
    false
}
