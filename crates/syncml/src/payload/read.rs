//! The payload reader: one pass over the payload text, straight into items, for payloads
//! written the way payloads are written (`<enabled/>`, `<data id="…" value="…"/>`, whitespace
//! between). Anything else (content, comments, a name that is not ASCII, an error of any
//! kind, a limit reached) makes it give up, and the payload is parsed with the generic XML
//! grammar, which reports what is wrong. The reader accepts only what that grammar accepts,
//! and reads the same items from it: a differential property test and the `payload` fuzz
//! target hold it to that.

use crate::escape::{self, is_space};
use crate::xml::{Limits, ASCII_NAME};

/// Which item an element is, by its name (any case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Enabled,
    Disabled,
    Data,
    Other,
}

impl Kind {
    /// The kind of an element named `name` (its local name), for the reader and the generic
    /// grammar alike.
    pub(super) fn of(name: &str) -> Kind {
        if is(name, "data") {
            Kind::Data
        } else if is(name, "enabled") {
            Kind::Enabled
        } else if is(name, "disabled") {
            Kind::Disabled
        } else {
            Kind::Other
        }
    }
}

/// Keeps `attr` as the `id` or the `value` of a `data` element when it is the first of that
/// name (any case), for the reader and the generic grammar alike.
pub(super) fn pick<A>(id: &mut Option<A>, value: &mut Option<A>, name: &str, attr: A) {
    if id.is_none() && is(name, "id") {
        *id = Some(attr);
    } else if value.is_none() && is(name, "value") {
        *value = Some(attr);
    }
}

/// An attribute read by the reader. Offsets are into the payload text; a value with
/// references is decoded into the reader's string, at `decoded`.
#[derive(Clone, Copy, Debug)]
pub(super) struct ReadAttr {
    pub name: (u32, u32),
    pub value: (u32, u32),
    pub decoded: Option<(u32, u32)>,
}

/// An element read by the reader: always empty (`<name …/>`), so its start tag is all of it.
#[derive(Clone, Copy, Debug)]
pub(super) struct ReadItem {
    pub kind: Kind,
    pub start: u32,
    pub name_end: u32,
    pub end: u32,
    /// The first `id` and the first `value` attribute (any case), for `data`.
    pub id: Option<ReadAttr>,
    pub value: Option<ReadAttr>,
}

/// Attributes an element may have before the reader leaves it to the generic grammar (which
/// checks the limit and duplicates among any number).
const MAX_ATTRIBUTES: usize = 8;

/// Reads `text` into `items`, decoded values into `decoded`. `None` when the payload is not
/// of the plain shape the reader knows (the vectors then hold garbage: clear them).
pub(super) fn read(
    text: &str,
    limits: &Limits,
    items: &mut Vec<ReadItem>,
    decoded: &mut String,
) -> Option<()> {
    // the generic grammar's limits: the top level is depth 1, the size is checked first
    let max_attributes = limits.max_attributes.min(MAX_ATTRIBUTES);
    if limits.max_depth == 0 || text.len() > limits.max_size.min(u32::MAX as usize - 16) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        at = skip_space(bytes, at);
        let Some(&b) = bytes.get(at) else {
            return Some(());
        };
        if b != b'<' {
            return None;
        }
        let start = at;
        let name_at = at + 1;
        let (name_end, kind) = match known(bytes, name_at, &TAGS) {
            Some(known) => known,
            None => {
                let name_end = name(bytes, name_at)?;
                (name_end, Kind::of(text.get(name_at..name_end)?))
            }
        };
        // filled in where it is kept: an item built aside and then pushed was copied as
        // vectors right after its fields were stored, and stalled
        items.push(ReadItem {
            kind,
            start: start as u32,
            name_end: name_end as u32,
            end: 0,
            id: None,
            value: None,
        });
        let item = items.last_mut()?;
        let mut names: [&str; MAX_ATTRIBUTES] = [""; MAX_ATTRIBUTES];
        let mut n_attrs = 0;
        at = name_end;
        loop {
            let after_space = skip_space(bytes, at);
            match bytes.get(after_space) {
                Some(b'/') if bytes.get(after_space + 1) == Some(&b'>') => {
                    at = after_space + 2;
                    break;
                }
                // `>` opens content, anything else is an error: both for the grammar
                _ if after_space == at => return None,
                _ => {}
            }
            if n_attrs >= max_attributes {
                return None;
            }
            let (attr, attr_name, next) = attribute(text, after_space, decoded)?;
            if names.iter().take(n_attrs).any(|n| *n == attr_name) {
                return None;
            }
            *names.get_mut(n_attrs)? = attr_name;
            n_attrs += 1;
            if kind == Kind::Data {
                pick(&mut item.id, &mut item.value, attr_name, attr);
            }
            at = next;
        }
        item.end = at as u32;
    }
}

/// Whether `name` is `lower` in any case: payloads write names in lower case, which one
/// comparison of the bytes finds.
fn is(name: &str, lower: &str) -> bool {
    name == lower || name.eq_ignore_ascii_case(lower)
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|&b| is_space(char::from(b))) {
        at += 1;
    }
    at
}

/// An ASCII name without a prefix at `at`: where it ends. `None` for anything else (names
/// with a colon or other characters are the generic grammar's).
fn name(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at) {
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
        _ => return None,
    }
    // the first byte, a letter or `_`, is a name byte too
    let mut end = at;
    while let Some(&b) = bytes.get(end) {
        if b >= 0x80 || b == b':' {
            return None;
        }
        if !ASCII_NAME[usize::from(b)] {
            break;
        }
        end += 1;
    }
    Some(end)
}

/// The names payloads are written with, in lower case, and their kinds.
const TAGS: [(&[u8], Kind); 3] = [
    (b"data", Kind::Data),
    (b"enabled", Kind::Enabled),
    (b"disabled", Kind::Disabled),
];
const ATTRIBUTES: [(&[u8], ()); 2] = [(b"id", ()), (b"value", ())];

/// One of `names` at `at`: where it ends, and what it is; `None` for anything else, [`name`]'s
/// to read. Most names of a payload are these few: compared whole, not scanned byte by byte.
/// A longer name that starts with one of them (`database`, `id.x`) is left to [`name`]; after
/// any other byte the reader takes only whitespace, `=` (attributes) or `/>` (tags), and gives
/// up on anything else, as it does after [`name`].
fn known<K: Copy>(bytes: &[u8], at: usize, names: &[(&[u8], K)]) -> Option<(usize, K)> {
    let rest = bytes.get(at..)?;
    let &(n, kind) = names.iter().find(|(n, _)| rest.starts_with(n))?;
    match rest.get(n.len()) {
        Some(&b) if ASCII_NAME[usize::from(b)] => None,
        _ => Some((at + n.len(), kind)),
    }
}

/// `Name S? = S? "value"` at `at`: the attribute, its name and where it ends.
fn attribute<'t>(
    text: &'t str,
    at: usize,
    decoded: &mut String,
) -> Option<(ReadAttr, &'t str, usize)> {
    let bytes = text.as_bytes();
    let name_end = match known(bytes, at, &ATTRIBUTES) {
        Some((end, ())) => end,
        None => name(bytes, at)?,
    };
    let mut i = skip_space(bytes, name_end);
    if bytes.get(i) != Some(&b'=') {
        return None;
    }
    i = skip_space(bytes, i + 1);
    let quote = match bytes.get(i) {
        Some(&q @ (b'"' | b'\'')) => q,
        _ => return None,
    };
    let value_start = i + 1;
    let (len, references) = value(bytes.get(value_start..)?, quote)?;
    let value_end = value_start + len;
    let mut attr = ReadAttr {
        name: (at as u32, name_end as u32),
        value: (value_start as u32, value_end as u32),
        decoded: None,
    };
    if references {
        let from = decoded.len();
        escape::unescape_into(text.get(value_start..value_end)?, value_start, decoded).ok()?;
        attr.decoded = Some((from as u32, decoded.len() as u32));
    }
    Some((attr, text.get(at..name_end)?, value_end + 1))
}

/// Bytes that end or interrupt the plain run of an attribute value: the quotes, `<`, `&`, and
/// the bytes that may start a character XML does not allow (controls, 0xEF).
const fn value_stops() -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b < 0x20 || matches!(b as u8, b'"' | b'\'' | b'<' | b'&' | 0xEF);
        b += 1;
    }
    t
}

static VALUE_STOPS: [bool; 256] = value_stops();

/// The length of the attribute value at the start of `body`, up to its closing `quote`, and
/// whether it holds references. `None` when it holds `<` or a character XML does not allow,
/// or is never closed.
fn value(body: &[u8], quote: u8) -> Option<(usize, bool)> {
    let mut references = false;
    let mut i = 0;
    loop {
        i += stop(body.get(i..)?)?;
        match *body.get(i)? {
            b if b == quote => return Some((i, references)),
            b'"' | b'\'' | b'\t' | b'\n' | b'\r' => {}
            b'&' => references = true,
            0xEF if !matches!(body.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => {}
            _ => return None,
        }
        i += 1;
    }
}

/// Where the first of [`VALUE_STOPS`] is in `bytes`: eight bytes at a time (attribute values
/// run to tens of bytes), the rest one at a time.
fn stop(bytes: &[u8]) -> Option<usize> {
    use escape::word::{below, equal};
    escape::word::position(
        bytes,
        |x| {
            below(x, 0x20)
                | equal(x, b'"')
                | equal(x, b'\'')
                | equal(x, b'<')
                | equal(x, b'&')
                | equal(x, 0xEF)
        },
        |b| VALUE_STOPS[usize::from(b)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_one(payload: &str) -> Option<ReadItem> {
        let (mut items, mut decoded) = (Vec::new(), String::new());
        read(payload, &Limits::default(), &mut items, &mut decoded)?;
        items.first().copied()
    }

    #[test]
    fn the_word_search_stops_where_the_table_does() {
        // every byte at every place of the first two words and the remainder, after bytes that
        // are no stops (and may borrow in the word arithmetic: 0x20, 0x7F, 0x80, 0xFF, 0xF0)
        let fillers = [b'a', 0x20, 0x7F, 0x80, 0xFF, 0xF0, 0x21];
        for len in 0..20 {
            for filler in fillers {
                let clean = vec![filler; len];
                assert_eq!(stop(&clean), None, "{filler:#x} * {len}");
                for at in 0..len {
                    for b in 0..=255u8 {
                        let mut bytes = clean.clone();
                        bytes[at] = b;
                        // and a stop after it, which must not be found first
                        if at + 1 < len {
                            bytes[len - 1] = 0x01;
                        }
                        let by_table = bytes.iter().position(|&b| VALUE_STOPS[usize::from(b)]);
                        assert_eq!(stop(&bytes), by_table, "{b:#x} at {at} of {len}");
                    }
                }
            }
        }
    }

    #[test]
    fn names_that_go_on_past_a_known_name_are_read_whole() {
        for (payload, name) in [
            ("<database/>", "database"),
            ("<enabled.x/>", "enabled.x"),
            ("<data-x id=\"1\"/>", "data-x"),
        ] {
            let item = read_one(payload).unwrap_or_else(|| panic!("{payload}"));
            assert_eq!(item.name_end as usize, 1 + name.len(), "{payload}");
            assert_eq!(item.kind, Kind::Other, "{payload}");
        }
        // attributes named past `id` and `value` are neither
        let item = read_one(r#"<data id.x="1" values="2" id="3" value="4"/>"#).unwrap();
        let (id, value) = (item.id.unwrap(), item.value.unwrap());
        assert_eq!((id.value, value.value), ((30, 31), (40, 41)));
        // the known names themselves, in the fast path
        let item = read_one(r#"<data id="a" value="b"/>"#).unwrap();
        assert_eq!((item.kind, item.name_end), (Kind::Data, 5));
        assert_eq!(item.id.map(|a| a.name), Some((6, 8)));
    }
}
