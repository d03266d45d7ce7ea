//! The payload is written as raw child elements of `Data`.
//!
//! ## What it checks
//! `Data` holding elements (`<Data><enabled/></Data>`) rather than escaped text or CDATA: on
//! an ADMX-backed policy, on any catalogued node whose Format is not `xml`, and on a node the
//! catalog does not know unless the item's Format is `xml`.
//!
//! ## Why it matters
//! The payload must reach the device as text. Raw elements are part of the SyncML message
//! itself and depend on how the MDM server serialises them; Windows documents only the escaped
//! and CDATA forms.
//!
//! ## Example
//! ```xml
//! <Data><enabled/></Data>
//! ```
//!
//! ## Fix
//! ```xml
//! <Data><![CDATA[<enabled/>]]></Data>
//! ```
//!
//! `--fix` wraps the payload in CDATA (a safe fix: the device reads the same text).

use diagnostics::{Applicability, Diagnostic, Edit, Fix, Span};
use syncml::{Command, DataText, Form, Item};

use crate::check::Cx;

pub(crate) const CODE: &str = "payload-not-escaped";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;

pub(crate) fn check(cx: &mut Cx<'_>, data: &DataText<'_>) {
    if data.form != Form::Raw {
        return;
    }
    let Some(child) = data.first_raw_child else {
        return;
    };
    let mut d = Diagnostic::warning(
        CODE,
        child.start_tag(),
        "the payload is written as raw XML elements inside `Data`",
    )
    .with_help(format!(
        "wrap it in CDATA: `<Data><![CDATA[{}]]></Data>`, or escape it (`&lt;...&gt;`)",
        data.text.trim()
    ));
    // the text checked is the content as written: inside CDATA it is the same text
    if !data.text.contains("]]>") {
        let content = data.element().content_span();
        d = d.with_fix(Fix {
            applicability: Applicability::Safe,
            message: "wrap the payload in CDATA".into(),
            edits: vec![
                Edit {
                    span: Span::empty(content.start),
                    content: "<![CDATA[".into(),
                },
                Edit {
                    span: Span::empty(content.end),
                    content: "]]>".into(),
                },
            ],
        });
    }
    cx.emit(d);
}

/// Raw elements in the `Data` of a node the catalog does not know: reported unless the item
/// says its Format is `xml`, the one Format whose value is markup.
pub(crate) fn check_uncatalogued(cx: &mut Cx<'_>, command: &Command<'_>, item: &Item<'_>) {
    if !crate::check::carries_value(command.kind) {
        return;
    }
    let Some(data) = item.data.filter(|d| d.elements().next().is_some()) else {
        return;
    };
    if super::format_mismatch::effective(command, item).0 == "xml" {
        return;
    }
    if let Ok(text) = DataText::of(data, cx.text) {
        check(cx, &text);
    }
}
