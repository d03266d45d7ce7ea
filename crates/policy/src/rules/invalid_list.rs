//! A list or multiText value is not well formed.
//!
//! ## What it checks
//! A `list` value is name/value pairs separated by U+F000 (`&#xF000;`); a `multiText` value is
//! strings separated by U+F000. Reported:
//! - an odd number of fields in a list (the last one is unpaired);
//! - an empty name, or an empty multiText string (also from a trailing delimiter);
//! - a wrong delimiter: no U+F000 at all, and `;`, `,` or line breaks separating what look like
//!   several entries (for the helper list: several `Domain\Name`; for other lists and
//!   multiText: line breaks);
//! - a double-escaped delimiter (`&amp;#xF000;` inside CDATA, which decodes to the literal
//!   text `&#xF000;`);
//! - a broken delimiter (`#xF000;` without `&`).
//!
//! ## Why it matters
//! The device splits the value at U+F000 only: anything else yields one wrong entry (or an
//! odd one out), and the policy fails or applies the wrong list.
//!
//! ## Example
//! ```xml
//! <data id="RA_Unsolicit_DACL_Edit" value="CONTOSO\helpdesk;CONTOSO\tier2"/>
//! ```
//!
//! ## Fix
//! ```xml
//! <data id="RA_Unsolicit_DACL_Edit" value="CONTOSO\helpdesk&#xF000;CONTOSO\helpdesk&#xF000;CONTOSO\tier2&#xF000;CONTOSO\tier2"/>
//! ```
//!
//! `--fix` (safe) writes a double-escaped or broken delimiter as one U+F000 reference in the
//! payload's form (`&#xF000;` in CDATA, `&amp;#xF000;` in escaped text), and rewrites a helper
//! list or multiText value separated by `;`, `,` or line breaks with U+F000 (helper entries
//! paired with themselves). Other lists are not rewritten: which fields pair is not known.

use diagnostics::{Applicability, Diagnostic, Fix, Span};

use crate::check::{Cx, ValueSite};
use crate::list::{split, Field, Fields, Shape};

pub(crate) const CODE: &str = "invalid-list";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

const DELIM: &str = "&#xF000;";

/// The paired encoding of entries whose names equal their values.
fn paired(entries: &[&str]) -> String {
    entries
        .iter()
        .flat_map(|e| [*e, *e])
        .collect::<Vec<_>>()
        .join(DELIM)
}

/// Where `needle`, which starts with a character that has no case, is in `hay` (ASCII, any
/// case).
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    memchr::memchr_iter(*n.first()?, h).find(|&i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// Reports a malformed value; returns its fields when it is well formed.
pub(crate) fn check<'v>(cx: &mut Cx<'_>, v: &ValueSite<'v>, shape: Shape) -> Option<Fields<'v>> {
    let value = v.value;
    let report = |cx: &mut Cx<'_>, span: Span, msg: String, help: String| {
        cx.emit(Diagnostic::error(CODE, v.span(span), msg).with_help(help));
    };
    // a fix that writes `replacement` (a value text, U+F000 as delimiter) over `span`
    let report_fixing =
        |cx: &mut Cx<'_>, span: Span, msg: String, help: String, replacement: &str| {
            let at = v.span(span);
            let mut d = Diagnostic::error(CODE, at, msg).with_help(help);
            if let Some(text) = v.written(replacement) {
                d = d.with_fix(Fix::one(
                    Applicability::Safe,
                    "write the U+F000 delimiter",
                    at,
                    text,
                ));
            }
            cx.emit(d);
        };
    // a delimiter escaped twice decodes to the text `&#xF000;` (all the texts sought hold `#`)
    let has_hash = memchr::memchr(b'#', value.as_bytes()).is_some();
    for text in ["&#xF000;", "&#61440;"].into_iter().filter(|_| has_hash) {
        if let Some(at) = find_ci(value, text) {
            report_fixing(
                cx,
                Span::new(at, at + text.len()),
                format!(
                    "the delimiter is escaped twice: the value holds the text `{text}`, not U+F000"
                ),
                "escape it once: `&#xF000;` inside CDATA, `&amp;#xF000;` inside escaped text"
                    .into(),
                "\u{F000}",
            );
            return None;
        }
    }
    if let Some(at) = find_ci(value, "#xF000;").filter(|_| has_hash) {
        report_fixing(
            cx,
            Span::new(at, at + 7),
            "a broken delimiter: `#xF000;` without the `&` that starts a character reference"
                .into(),
            "write `&#xF000;`".into(),
            "\u{F000}",
        );
        return None;
    }
    if value.is_empty() {
        return Some(Fields::new());
    }
    let fields = split(value);
    if fields.len() == 1 {
        let is_break = |c: char| c == '\n' || c == '\r';
        let delimiters: &[char] = if v.is_helper_list() {
            &[';', ',', '\n', '\r']
        } else {
            &['\n', '\r']
        };
        let parts: Vec<&str> = value
            .split(delimiters)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let entries_like =
            parts.len() >= 2 && (!v.is_helper_list() || parts.iter().all(|p| p.contains('\\')));
        if entries_like {
            if let Some(at) = value.find(delimiters) {
                let c = value
                    .get(at..)
                    .and_then(|r| r.chars().next())
                    .unwrap_or(';');
                let what = if is_break(c) {
                    "a line break".to_string()
                } else {
                    format!("`{c}`")
                };
                let help = match shape {
                    Shape::Pairs if v.is_helper_list() => format!(
                        "separate entries with `&#xF000;` and pair each with itself: `{}`",
                        paired(&parts)
                    ),
                    _ => format!("separate the entries with `{DELIM}`"),
                };
                let msg = format!(
                    "entries separated by {what}; Policy CSP lists use U+F000 (`&#xF000;`)"
                );
                let separator = Span::new(at, at + c.len_utf8());
                // the list rewritten, where its encoding is certain: helper entries pair with
                // themselves, multiText strings stand alone; other lists' pairing is not known
                let delim = syncml::payload::LIST_DELIMITER.to_string();
                let rewritten = match shape {
                    Shape::Pairs if v.is_helper_list() => Some(
                        parts
                            .iter()
                            .flat_map(|p| [*p, *p])
                            .collect::<Vec<_>>()
                            .join(&delim),
                    ),
                    Shape::MultiText => Some(parts.join(&delim)),
                    Shape::Pairs => None,
                };
                match rewritten {
                    Some(text) => {
                        let whole = v.whole();
                        let mut d = Diagnostic::error(CODE, v.span(separator), msg).with_help(help);
                        if let Some(written) = v.written(&text) {
                            d = d.with_fix(Fix::one(
                                Applicability::Safe,
                                "separate the entries with U+F000",
                                whole,
                                written,
                            ));
                        }
                        cx.emit(d);
                    }
                    None => report(cx, separator, msg, help),
                }
                return None;
            }
        }
    }
    match shape {
        Shape::Pairs => {
            if fields.len() % 2 == 1 {
                let last = fields.last().copied().unwrap_or(Field {
                    text: "",
                    span: Span::new(0, 0),
                });
                let (msg, help) = if last.text.is_empty() {
                    (
                        "the list ends with a delimiter: its last field is empty".to_string(),
                        "remove the trailing `&#xF000;`".to_string(),
                    )
                } else {
                    let entries: Vec<&str> = fields.iter().map(|f| f.text).collect();
                    (
                        format!(
                            "{}: a list holds name/value pairs, and `{}` has no partner",
                            diagnostics::count(fields.len(), "field", "fields"),
                            last.text
                        ),
                        format!("write each entry as a pair, e.g. `{}`", paired(&entries)),
                    )
                };
                let span = if last.text.is_empty() {
                    Span::new(last.span.start.saturating_sub(3), last.span.end)
                } else {
                    last.span
                };
                report(cx, span, msg, help);
                return None;
            }
            if let Some(empty) = fields.iter().step_by(2).find(|f| f.text.is_empty()) {
                report(
                    cx,
                    empty.span,
                    "a list entry has an empty name".into(),
                    "give every pair a name (for most lists, the name equals the value)".into(),
                );
                return None;
            }
        }
        Shape::MultiText => {
            if let Some(empty) = fields.iter().find(|f| f.text.is_empty()) {
                report(
                    cx,
                    empty.span,
                    "an empty string in a multiText value".into(),
                    "remove the doubled or trailing `&#xF000;`".into(),
                );
                return None;
            }
        }
    }
    Some(fields)
}
