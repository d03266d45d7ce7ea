//! A list or multiText value is not well formed.
//!
//! ## What it checks
//! A `list` value is name/value pairs separated by U+F000 (`&#xF000;`); a `multiText` value is
//! strings separated by U+F000. Reported:
//! - an odd number of fields in a list (the last one is unpaired);
//! - an empty name, or an empty multiText string (also from a trailing delimiter);
//! - a wrong delimiter: in any field, several entries of one evident kind (drive or UNC paths,
//!   `Domain\Name` accounts, URLs, domains) joined by `;`, `,`, `|` or line breaks, even where
//!   U+F000 separates other entries; in a value without U+F000, entries separated by line
//!   breaks (and, in the helper list, `;`/`,` between `Domain\Name` entries). One entry that
//!   holds such a character (Chrome's `extension-id;https://update-url`) stays legal: its parts
//!   are not of one kind. The help shows the value rewritten with U+F000, each entry paired
//!   with itself where names equal values, with its value in an explicit list;
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
//! payload's form (`&#xF000;` in CDATA, `&amp;#xF000;` in escaped text), and rewrites joined
//! entries with U+F000 where the pairing is certain (multiText strings; list entries paired
//! with themselves when names equal values). In an explicit list, copying the joined entry's
//! value to each entry is an unsafe fix (`--fix --unsafe-fixes`); with no value to copy there
//! is no fix.

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
    // with a safe fix that writes `replacement` (U+F000 as delimiter) over `span`
    let report_fixing =
        |cx: &mut Cx<'_>, span: Span, msg: String, help: String, replacement: &str| {
            let at = v.span(span);
            let d = Diagnostic::error(CODE, at, msg).with_help(help);
            let fix = Some(Applicability::Safe);
            cx.emit(rewriting(
                d,
                v,
                fix,
                "write the U+F000 delimiter",
                at,
                replacement,
            ));
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
    if let Some(d) = wrong_delimiter(v, shape, &fields) {
        cx.emit(d);
        return None;
    }
    match shape {
        Shape::Pairs { .. } => {
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
                    let example = match shape {
                        Shape::Pairs { explicit: true } => entries
                            .iter()
                            .map(|e| format!("{e}{DELIM}<value>"))
                            .collect::<Vec<_>>()
                            .join(DELIM),
                        _ => paired(&entries),
                    };
                    (
                        format!(
                            "{}: a list holds name/value pairs, and `{}` has no partner",
                            diagnostics::count(fields.len(), "field", "fields"),
                            last.text
                        ),
                        format!("write each entry as a pair, e.g. `{example}`"),
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

/// Entries joined by another delimiter than U+F000: in a one-field value, any entries
/// separated by line breaks (or, in the helper list, `;`/`,` between `Domain\Name` entries);
/// in any field, several entries of one evident kind ([`crate::list::joined_entries`]). The
/// help shows the value rewritten with U+F000; the fix writes it where the pairing is certain
/// (strings, and lists whose names equal their values: safe; an explicit list's value copied
/// to each entry: unsafe).
fn wrong_delimiter(v: &ValueSite<'_>, shape: Shape, fields: &Fields<'_>) -> Option<Diagnostic> {
    let found = fields.iter().enumerate().find_map(|(i, f)| {
        if let Some((at, sep, parts)) = crate::list::joined_entries(f.text) {
            return Some((i, at, sep, parts));
        }
        if fields.len() != 1 {
            return None;
        }
        // one field: line breaks between any entries; `;`/`,` between helper entries
        let helper = v.is_helper_list();
        let seps: &[char] = if helper {
            &[';', ',', '\n', '\r']
        } else {
            &['\n', '\r']
        };
        let parts: Vec<&str> = f
            .text
            .split(seps)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let entries = parts.len() >= 2 && (!helper || parts.iter().all(|p| p.contains('\\')));
        let at = f.text.find(seps).filter(|_| entries)?;
        let sep = f.text.get(at..)?.chars().next()?;
        Some((i, at, sep, parts))
    })?;
    let (index, at, sep, parts) = found;
    let field = fields.get(index)?;
    let what = if sep == '\n' || sep == '\r' {
        "a line break".to_string()
    } else {
        format!("`{sep}`")
    };
    let msg = format!("entries separated by {what}; Policy CSP lists use U+F000 (`&#xF000;`)");
    let separator = Span::new(
        field.span.start + at,
        field.span.start + at + sep.len_utf8(),
    );
    // the fields rewritten: the joined field (and, for a name, its partner) replaced
    let partner = fields.get(index + 1).filter(|_| index % 2 == 0);
    let (replacement, replaced, applicability): (Vec<&str>, usize, Option<Applicability>) =
        match shape {
            Shape::MultiText => (parts.clone(), 1, Some(Applicability::Safe)),
            Shape::Pairs { explicit: false } => (
                parts.iter().flat_map(|p| [*p, *p]).collect(),
                if partner.is_some() { 2 } else { 1 },
                Some(Applicability::Safe),
            ),
            Shape::Pairs { explicit: true } => match partner {
                Some(value) if index % 2 == 0 => (
                    parts.iter().flat_map(|p| [*p, value.text]).collect(),
                    2,
                    Some(Applicability::Unsafe),
                ),
                _ => (
                    parts.iter().flat_map(|p| [*p, "<value>"]).collect(),
                    1,
                    None,
                ),
            },
        };
    let mut all: Vec<&str> = fields.iter().map(|f| f.text).collect();
    let end = (index + replaced).min(all.len());
    all.splice(index..end, replacement);
    let delim = syncml::payload::LIST_DELIMITER.to_string();
    let text = all.join(&delim);
    let shown = text.replace(syncml::payload::LIST_DELIMITER, DELIM);
    let help = match shape {
        Shape::Pairs { explicit: true } if partner.is_none() => {
            format!("separate the entries with `{DELIM}` and give each its value: `{shown}`")
        }
        Shape::Pairs { explicit: true } => {
            format!("separate the entries with `{DELIM}`, each with its value: `{shown}`")
        }
        Shape::Pairs { .. } => {
            format!("separate the entries with `{DELIM}` and pair each with itself: `{shown}`")
        }
        Shape::MultiText => format!("separate the entries with `{DELIM}`: `{shown}`"),
    };
    let d = Diagnostic::error(CODE, v.span(separator), msg).with_help(help);
    let message = "separate the entries with U+F000";
    Some(rewriting(d, v, applicability, message, v.whole(), &text))
}

/// `d`, with a fix of `applicability` (none when `None`) that writes `text` (a value, U+F000
/// as delimiter) over `span`, in the payload's own form; no fix when the form is not certain.
fn rewriting(
    d: Diagnostic,
    v: &ValueSite<'_>,
    applicability: Option<Applicability>,
    message: &str,
    span: Span,
    text: &str,
) -> Diagnostic {
    match (applicability, v.written(text)) {
        (Some(a), Some(written)) => d.with_fix(Fix::one(a, message, span, written)),
        _ => d,
    }
}
