//! The same `<data id>` appears twice in one payload.
//!
//! ## What it checks
//! Repeated ids in a payload; one diagnostic per repeat, labelled with the first.
//!
//! ## Why it matters
//! Only one of the values takes effect, and which one is not documented.
//!
//! ## Example
//! ```xml
//! <enabled/><data id="RA_Solicit_Control_List" value="1"/><data id="RA_Solicit_Control_List" value="0"/>
//! ```
//!
//! ## Fix
//! Keep one `<data>` per element.

use diagnostics::Diagnostic;
use syncml::{DataText, PayloadItem};

use crate::check::Cx;
use crate::seen::FirstSeen;

pub(crate) const CODE: &str = "duplicate-data-id";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(cx: &mut Cx<'_>, dt: &DataText<'_>, items: &[PayloadItem<'_>]) {
    let mut seen = FirstSeen::new();
    for item in items {
        let PayloadItem::Data(d) = item else { continue };
        let Some(id) = d.id else { continue };
        // spans are mapped to the file only to be reported
        if let Some(earlier) = seen.repeat_of(id.value, id.value_span) {
            cx.emit(
                Diagnostic::error(
                    CODE,
                    dt.to_source(id.value_span),
                    format!("`{}` is given twice", id.value),
                )
                .with_label(dt.to_source(earlier), "first given here")
                .with_help("keep one `<data>` per element"),
            );
        }
    }
}
