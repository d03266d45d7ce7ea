//! `<data>` items are given together with `<disabled/>`.
//!
//! ## What it checks
//! A payload with `<disabled/>` and one or more `<data>` items.
//!
//! ## Why it matters
//! The device ignores the values of a disabled policy. The payload was probably meant to be
//! `<enabled/>`, or the items are left over from one.
//!
//! ## Example
//! ```xml
//! <Data>&lt;disabled/&gt;&lt;data id="RA_Unsolicit_Control_List" value="1"/&gt;</Data>
//! ```
//!
//! ## Fix
//! Send `<disabled/>` alone, or `<enabled/>` with the items.

use diagnostics::Diagnostic;
use syncml::{DataText, PayloadItem};

use crate::check::Cx;

pub(crate) const CODE: &str = "data-when-disabled";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;

pub(crate) fn check(cx: &mut Cx<'_>, dt: &DataText<'_>, items: &[PayloadItem<'_>]) {
    for item in items {
        if let PayloadItem::Data(d) = item {
            cx.emit(
                Diagnostic::warning(
                    CODE,
                    dt.to_source(d.element.span()),
                    "`<data>` with `<disabled/>` is ignored by the device",
                )
                .with_help(
                    "remove the `<data>` items, or send `<enabled/>` if the policy should be on",
                ),
            );
        }
    }
}
