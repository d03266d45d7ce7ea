//! Splitting list and multiText values at U+F000.

use diagnostics::Span;
use smallvec::SmallVec;
use syncml::payload::LIST_DELIMITER;

/// What a value holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Name/value pairs (`list`).
    Pairs,
    /// Strings (`multiText`).
    MultiText,
}

/// One field of a value, with its span relative to the decoded value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field<'v> {
    /// The text.
    pub text: &'v str,
    /// Where it stands in the value.
    pub span: Span,
}

/// A name/value pair of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair<'v> {
    /// The registry value name.
    pub name: Field<'v>,
    /// The registry value data.
    pub value: Field<'v>,
}

/// The fields of a value: on the stack for the lists of a few entries that payloads carry.
pub type Fields<'v> = SmallVec<[Field<'v>; 8]>;

/// The fields of `value`, split at U+F000.
pub fn split(value: &str) -> Fields<'_> {
    let mut out = Fields::new();
    let mut start = 0;
    for (i, c) in value.char_indices() {
        if c == LIST_DELIMITER {
            out.push(Field {
                text: value.get(start..i).unwrap_or(""),
                span: Span::new(start, i),
            });
            start = i + c.len_utf8();
        }
    }
    out.push(Field {
        text: value.get(start..).unwrap_or(""),
        span: Span::new(start, value.len()),
    });
    out
}

/// Fields taken two at a time (an odd last field is dropped; `invalid-list` reports it).
pub fn pairs<'v>(fields: &[Field<'v>]) -> SmallVec<[Pair<'v>; 4]> {
    fields
        .chunks_exact(2)
        .filter_map(|c| match c {
            [name, value] => Some(Pair {
                name: *name,
                value: *value,
            }),
            _ => None,
        })
        .collect()
}
