//! A text is longer than the element's `maxLength`, or a multiText has too many strings.
//!
//! ## What it checks
//! The length of a `text` value, and of each string of a `multiText` value, in UTF-16 code
//! units (as Windows counts), against `maxLength` (default 1023; equal is fine); and the number
//! of strings of a `multiText` against `maxStrings` (when not 0).
//!
//! ## Why it matters
//! The device rejects the policy rather than truncate the text.
//!
//! ## Example
//! ```xml
//! <data id="RA_Options_Connect_Message" value="(a message of 2,000 characters)"/>
//! ```
//!
//! ## Fix
//! Shorten the text to at most `maxLength` characters.

use diagnostics::{Diagnostic, Span};

use crate::check::{Cx, ValueSite};
use crate::list::Field;

pub(crate) const CODE: &str = "text-too-long";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Checks the length of the part `span` of the value.
pub(crate) fn check_one(cx: &mut Cx<'_>, v: &ValueSite<'_>, span: Span, max_length: u32) {
    let text = span.slice(v.value).unwrap_or("");
    // no text has more UTF-16 units than UTF-8 bytes, and ASCII has as many
    if text.len() <= max_length as usize {
        return;
    }
    let units = if text.is_ascii() {
        text.len()
    } else {
        text.encode_utf16().count()
    };
    if units <= max_length as usize {
        return;
    }
    cx.emit(
        Diagnostic::error(
            CODE,
            v.span(span),
            format!(
                "{}, more than the {max_length} that `{}` allows",
                diagnostics::count(units, "character", "characters"),
                v.id
            ),
        )
        .with_help(format!(
            "shorten it by {} (lengths count UTF-16 code units)",
            diagnostics::count(units - max_length as usize, "character", "characters")
        )),
    );
}

/// Checks each string of a multiText value and their number.
pub(crate) fn check_strings(
    cx: &mut Cx<'_>,
    v: &ValueSite<'_>,
    fields: &[Field<'_>],
    max_length: u32,
    max_strings: u32,
) {
    for f in fields {
        check_one(cx, v, f.span, max_length);
    }
    if max_strings != 0 && fields.len() > max_strings as usize {
        cx.emit(
            Diagnostic::error(
                CODE,
                v.whole(),
                format!(
                    "{} strings, more than the {max_strings} that `{}` allows",
                    fields.len(),
                    v.id
                ),
            )
            .with_help(format!(
                "remove {} strings",
                fields.len() - max_strings as usize
            )),
        );
    }
}
