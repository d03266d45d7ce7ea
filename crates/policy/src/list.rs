//! Splitting list and multiText values at U+F000.

use diagnostics::Span;
use smallvec::SmallVec;
use syncml::payload::LIST_DELIMITER;

/// What a value holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Name/value pairs (`list`); `explicit` when names and values differ (`explicitValue`),
    /// else each name equals its value.
    Pairs {
        /// The list's `explicitValue`.
        explicit: bool,
    },
    /// Strings (`multiText`).
    MultiText,
}

/// What a list entry evidently is, for telling several entries joined by a wrong delimiter
/// from one entry that holds that character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `C:\Temp`, `D:/Build`.
    DrivePath,
    /// `\\server\share`.
    UncPath,
    /// `CONTOSO\helpdesk`.
    Account,
    /// `https://contoso.com/x`.
    Url,
    /// `contoso.com`, `*.contoso.com`.
    Domain,
}

fn kind(entry: &str) -> Option<Kind> {
    let b = entry.as_bytes();
    let no_space = !entry.contains(char::is_whitespace);
    if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/') {
        return Some(Kind::DrivePath);
    }
    if entry.starts_with("\\\\") && entry.len() > 2 {
        return Some(Kind::UncPath);
    }
    if let Some((scheme, rest)) = entry.split_once("://") {
        if !scheme.is_empty()
            && scheme.bytes().all(|c| c.is_ascii_alphabetic())
            && !rest.is_empty()
            && no_space
        {
            return Some(Kind::Url);
        }
        return None;
    }
    if let Some((domain, name)) = entry.split_once('\\') {
        if !domain.is_empty() && !name.is_empty() && !name.contains('\\') && no_space {
            return Some(Kind::Account);
        }
        return None;
    }
    let host = entry.strip_prefix("*.").unwrap_or(entry);
    let labels: Vec<&str> = host.split('.').collect();
    let domain = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'))
        && labels
            .last()
            .is_some_and(|t| t.bytes().any(|c| c.is_ascii_alphabetic()));
    domain.then_some(Kind::Domain)
}

/// Several entries of one evident kind (drive or UNC paths, `Domain\Name` accounts, URLs,
/// domains) joined by `;`, `,`, `|` or line breaks in one field: the separator's offset and
/// character, and the entries. One entry that holds such a character (Chrome's
/// `extension-id;https://update-url`) is not several: its parts are not of one kind.
pub fn joined_entries(field: &str) -> Option<(usize, char, Vec<&str>)> {
    // most fields hold no separator at all: one pass over the bytes says so
    if !field
        .bytes()
        .any(|b| matches!(b, b';' | b',' | b'|' | b'\n'))
    {
        return None;
    }
    for sep in [';', ',', '|', '\n'] {
        let Some(at) = field.find(sep) else { continue };
        let parts: Vec<&str> = field
            .split(|c| c == sep || (sep == '\n' && c == '\r'))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() < 2 {
            continue;
        }
        let first = kind(parts.first()?);
        if first.is_some() && parts.iter().all(|p| kind(p) == first) {
            return Some((at, sep, parts));
        }
    }
    None
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

/// The fields of `value`, split at U+F000. Its UTF-8 form starts with 0xEF, which starts no
/// character of lists but U+F000 and a few others: the delimiters are found by that byte, a
/// cheaper search on the short values of lists than a search for the three bytes.
pub fn split(value: &str) -> Fields<'_> {
    let mut utf8 = [0; 4];
    let delimiter = LIST_DELIMITER.encode_utf8(&mut utf8).as_bytes();
    let bytes = value.as_bytes();
    let mut out = Fields::new();
    let mut start = 0;
    for i in memchr::memchr_iter(0xEF, bytes) {
        if bytes.get(i..i + delimiter.len()) != Some(delimiter) {
            continue;
        }
        out.push(Field {
            text: value.get(start..i).unwrap_or(""),
            span: Span::new(start, i),
        });
        start = i + delimiter.len();
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
    fn a_carriage_return_separates_only_in_a_line_break() {
        assert_eq!(
            joined_entries("a.com\r\nb.com").map(|j| j.2),
            Some(vec!["a.com", "b.com"])
        );
        // a lone CR is not a line break here, and `a.com\rb.com` is no one entry
        assert_eq!(joined_entries("a.com\rb.com;c.com"), None);
    }

    #[test]
    fn each_kind_and_its_near_misses() {
        use Kind::*;
        for (entry, want) in [
            ("C:\\Temp", Some(DrivePath)),
            ("c:/x", Some(DrivePath)),
            ("C:", None),
            ("1:\\x", Some(Account)),
            ("\\\\srv\\share", Some(UncPath)),
            ("\\\\", None),
            ("https://contoso.com/x", Some(Url)),
            ("://contoso.com", None),
            ("ht1p://contoso.com", None),
            ("https://", None),
            ("https://a b", None),
            ("CONTOSO\\helpdesk", Some(Account)),
            ("\\helpdesk", None),
            ("CONTOSO\\", None),
            ("A\\B\\C", None),
            ("CONTOSO\\help desk", None),
            ("contoso.com", Some(Domain)),
            ("*.contoso.com", Some(Domain)),
            ("my-host.contoso.com", Some(Domain)),
            ("contoso", None),
            ("a..com", None),
            ("a_b.com", None),
            ("10.0.0.1", None),
            ("host.c0m", Some(Domain)),
        ] {
            assert_eq!(kind(entry), want, "{entry}");
        }
    }

    #[test]
    fn entries_of_one_kind_joined_are_several() {
        for (field, n) in [
            ("C:\\Temp;D:\\Build", 2),
            ("C:\\Temp; D:\\Build ;E:/x", 3),
            ("\\\\srv\\a,\\\\srv\\b", 2),
            ("CONTOSO\\helpdesk;CONTOSO\\tier2", 2),
            ("https://a.example/x|https://b.example/y", 2),
            ("contoso.com,*.fabrikam.com", 2),
            ("C:\\Temp\r\nD:\\Build", 2),
        ] {
            assert_eq!(
                joined_entries(field).map(|(_, _, p)| p.len()),
                Some(n),
                "{field}"
            );
        }
        for one in [
            "abcdefghijklmnopabcdefghijklmnop;https://clients2.google.com/service/update2/crx",
            "C:\\Temp",
            "a;b",
            "1,5",
            "C:\\Temp;contoso.com",
            "Program Files;x",
        ] {
            assert_eq!(joined_entries(one), None, "{one}");
        }
    }

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
        // other characters whose UTF-8 starts with 0xEF, next to delimiters or alone
        let near = [
            '\u{F000}',
            '\u{F001}',
            '\u{EFFF}',
            '\u{FFFD}',
            '\u{F0000}',
            'a',
            '\\',
        ];
        for a in near {
            for b in near {
                for c in near {
                    let value: String = [a, b, c, a].iter().collect();
                    let ours: Vec<(&str, usize)> = split(&value)
                        .iter()
                        .map(|f| (f.text, f.span.start))
                        .collect();
                    let std: Vec<(&str, usize)> = value
                        .split('\u{F000}')
                        .map(|t| (t, t.as_ptr() as usize - value.as_ptr() as usize))
                        .collect();
                    assert_eq!(ours, std, "{value:?}");
                }
            }
        }
        let pairs = pairs(&split("n1\u{F000}v1\u{F000}odd"));
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].name.text, pairs[0].value.text), ("n1", "v1"));
    }
}
