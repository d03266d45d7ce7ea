//! The `SyncBody` of a message has no `<Final/>`.
//!
//! ## What it checks
//! The `SyncBody` of a `SyncML` message (not a profile fragment) ends with `<Final/>`.
//!
//! ## Why it matters
//! `Final` tells the device that this is the last message of the package; without it the
//! device waits for more and the session may stall.
//!
//! ## Example
//! ```xml
//! <SyncBody><Replace>...</Replace></SyncBody>
//! ```
//!
//! ## Fix
//! ```xml
//! <SyncBody><Replace>...</Replace><Final/></SyncBody>
//! ```
//!
//! `--fix` adds `<Final/>` (a safe fix).

use diagnostics::{Applicability, Diagnostic, Fix, Span};
use syncml::ast::Shape;
use syncml::Message;

use crate::check::Cx;

pub(crate) const CODE: &str = "missing-final";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;

/// `finals`: how many `Final` elements the body holds.
pub(crate) fn check(cx: &mut Cx<'_>, message: &Message<'_>, finals: usize) {
    if message.shape != Shape::Message {
        return;
    }
    let Some(body) = &message.body else { return };
    let Some(element) = body.element else { return };
    if finals == 0 {
        let span = element.end_tag().unwrap_or(element.start_tag());
        let mut d = Diagnostic::warning(CODE, span, "`SyncBody` has no `<Final/>`")
            .with_help("add `<Final/>` as the last child of `SyncBody`");
        if let Some(end) = element.end_tag() {
            d = d.with_fix(Fix::one(
                Applicability::Safe,
                "add `<Final/>`",
                Span::empty(end.start),
                "<Final/>",
            ));
        }
        cx.emit(d);
    }
}
