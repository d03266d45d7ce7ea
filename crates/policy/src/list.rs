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

/// A searcher for the delimiter's UTF-8 bytes, set up once.
static DELIMITER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| {
        let mut utf8 = [0; 4];
        memchr::memmem::Finder::new(LIST_DELIMITER.encode_utf8(&mut utf8).as_bytes()).into_owned()
    });

/// The fields of `value`, split at U+F000.
pub fn split(value: &str) -> Fields<'_> {
    let mut out = Fields::new();
    let mut start = 0;
    for i in DELIMITER.find_iter(value.as_bytes()) {
        out.push(Field {
            text: value.get(start..i).unwrap_or(""),
            span: Span::new(start, i),
        });
        start = i + LIST_DELIMITER.len_utf8();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_delimiter_with_spans_and_empty_fields() {
        let value = "a\u{F000}é\u{F000}\u{F000}b";
        let fields: Vec<(&str, Span)> = split(value).iter().map(|f| (f.text, f.span)).collect();
        assert_eq!(
            fields,
            vec![
                ("a", Span::new(0, 1)),
                ("é", Span::new(4, 6)),
                ("", Span::new(9, 9)),
                ("b", Span::new(12, 13)),
            ]
        );
        assert_eq!(split("").len(), 1);
        let pairs = pairs(&split("n1\u{F000}v1\u{F000}odd"));
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].name.text, pairs[0].value.text), ("n1", "v1"));
    }
}
