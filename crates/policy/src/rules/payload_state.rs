//! The payload does not hold exactly one `<enabled/>` or `<disabled/>`, or holds a foreign element.
//!
//! ## What it checks
//! The payload of an ADMX-backed policy is one `<enabled/>` followed by `<data id=".."
//! value=".."/>` items, or one `<disabled/>`. Element and attribute names match
//! case-insensitively (`<Enabled/>` and `<Data id=...>` are fine). Reported: no state at all,
//! a second state, an element other than these three, text outside the elements, and a
//! `<data>` without `id` or `value`.
//!
//! ## Why it matters
//! The device reads the state to decide whether the policy is on; anything else fails the
//! command or is silently dropped.
//!
//! ## Example
//! ```xml
//! <Data>&lt;data id="RA_Solicit_Control_List" value="1"/&gt;</Data>
//! ```
//!
//! ## Fix
//! ```xml
//! <Data>&lt;enabled/&gt;&lt;data id="RA_Solicit_Control_List" value="1"/&gt;</Data>
//! ```

use diagnostics::Diagnostic;
use syncml::{DataText, Element, PayloadItem, State};

use crate::check::Cx;

pub(crate) const CODE: &str = "payload-state";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Reports problems of the payload's shape; returns its state when the shape is right.
pub(crate) fn check(
    cx: &mut Cx<'_>,
    data: Element<'_>,
    dt: &DataText<'_>,
    items: &[PayloadItem<'_>],
) -> Option<State> {
    let mut state: Option<State> = None;
    let mut ok = true;
    for item in items {
        match item {
            PayloadItem::State(s, e) => {
                if state.is_some() {
                    ok = false;
                    cx.emit(
                        Diagnostic::error(
                            CODE,
                            dt.to_source(e.start_tag()),
                            format!("a second state element `<{}/>`", e.name()),
                        )
                        .with_help("a payload holds exactly one `<enabled/>` or `<disabled/>`"),
                    );
                } else {
                    state = Some(*s);
                }
            }
            PayloadItem::Data(d) => {
                let missing = match (d.id, d.value) {
                    (None, _) => Some("`<data>` has no `id`"),
                    (_, None) => Some("`<data>` has no `value`"),
                    _ => None,
                };
                if let Some(msg) = missing {
                    ok = false;
                    cx.emit(
                        Diagnostic::error(CODE, dt.to_source(d.element.start_tag()), msg)
                            .with_help("write `<data id=\"ELEMENT_ID\" value=\"...\"/>`"),
                    );
                }
            }
            PayloadItem::Other(e) => {
                ok = false;
                cx.emit(
                    Diagnostic::error(CODE, dt.to_source(e.start_tag()), format!("`<{}>` is not a payload element", e.name()))
                        .with_help("a payload holds `<enabled/>` or `<disabled/>`, and `<data id=\"..\" value=\"..\"/>` items (all empty elements)"),
                );
            }
            PayloadItem::Text(span) => {
                ok = false;
                let text = dt.text.get(span.start..span.end).unwrap_or("");
                // the usual mistakes behind text: escaping twice, or escaping inside CDATA
                let (msg, help) = if text.contains("&lt;") || text.contains("&gt;") {
                    if dt.form == syncml::payload::Form::CData {
                        (
                            "the payload is escaped inside CDATA: CDATA already keeps `<` as it is",
                            "write `<![CDATA[<enabled/>...]]>` with plain `<` and `>`, or drop the CDATA and keep the escapes",
                        )
                    } else {
                        (
                            "the payload is escaped twice (`&amp;lt;` reads as the text `&lt;`)",
                            "escape the payload once: `&lt;enabled/&gt;`, or write it in CDATA",
                        )
                    }
                } else {
                    (
                        "text outside the payload elements",
                        "a payload holds only `<enabled/>` or `<disabled/>` and `<data .../>` elements",
                    )
                };
                cx.emit(Diagnostic::error(CODE, dt.to_source(*span), msg).with_help(help));
            }
        }
    }
    if state.is_none() && ok {
        cx.emit(
            Diagnostic::error(CODE, data.content_span(), "the payload has no `<enabled/>` or `<disabled/>`")
                .with_help("start the payload with `<enabled/>` (followed by its `<data>` items) or send `<disabled/>`"),
        );
        return None;
    }
    if ok {
        state
    } else {
        None
    }
}
