//! Entity and character references: decoding with a map back to the source, and escaping.
//!
//! Only the five predefined entities and character references exist; any other `&name;` is an
//! error (we never read a DTD, so nothing else could be defined).

use std::borrow::Cow;

use diagnostics::Span;

/// Why a reference could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EscapeError {
    /// Offset of the bad reference inside the decoded text's raw form.
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

/// XML whitespace (the `S` production): space, tab, carriage return, line feed.
pub const SPACES: [char; 4] = [' ', '\t', '\r', '\n'];

/// Whether `c` is XML whitespace ([`SPACES`]).
pub fn is_space(c: char) -> bool {
    SPACES.contains(&c)
}

/// Searches of bytes eight at a time in a `u64` (little-endian: the lowest byte is the first),
/// for the short stretches a parse searches, where the set-up of a vectorised search costs more
/// than the search.
pub(crate) mod word {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

    /// The eight bytes of `w` (which has eight) as a word.
    pub fn load(w: &[u8]) -> u64 {
        u64::from_le_bytes(w.try_into().unwrap_or([0; 8]))
    }

    /// The high bit of each byte of `x` below `n` (at most 0x80): exact for the first such byte
    /// (a borrow may mark bytes above it too), which is the one searches look for.
    pub fn below(x: u64, n: u8) -> u64 {
        x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH
    }

    /// The high bit of each byte of `x` that is `b`, exact for the first as [`below`] is.
    pub fn equal(x: u64, b: u8) -> u64 {
        below(x ^ (ONES * u64::from(b)), 1)
    }

    /// The high bit of each byte of `x` that is not `b`, exactly (no carry crosses a byte).
    pub fn not_equal(x: u64, b: u8) -> u64 {
        const LOW: u64 = u64::from_ne_bytes([0x7F; 8]);
        let y = x ^ (ONES * u64::from(b));
        ((y & LOW).wrapping_add(LOW) | y) & HIGH
    }

    /// The offset of the first byte that `mask` marks (it marks one).
    pub fn first(mask: u64) -> usize {
        (mask.trailing_zeros() / 8) as usize
    }

    /// The first byte of `bytes` that `marks` marks in its words (see [`below`]) or, in the
    /// bytes after the last whole word, that `is` holds for: one loop for every search of
    /// short stretches.
    #[inline(always)]
    pub fn position(
        bytes: &[u8],
        marks: impl Fn(u64) -> u64,
        is: impl Fn(u8) -> bool,
    ) -> Option<usize> {
        let mut words = bytes.chunks_exact(8);
        let mut at = 0;
        for w in words.by_ref() {
            let found = marks(load(w));
            if found != 0 {
                return Some(at + first(found));
            }
            at += 8;
        }
        words
            .remainder()
            .iter()
            .position(|&b| is(b))
            .map(|i| at + i)
    }

    /// Whether `bytes` starts with `prefix`, in words (the last one overlapping the one
    /// before): names are short, where a call of `memcmp` costs more than comparing them.
    pub fn starts_with(bytes: &[u8], prefix: &[u8]) -> bool {
        let n = prefix.len();
        let Some(head) = bytes.get(..n) else {
            return false;
        };
        // the words of both at `at`, `N` bytes each
        fn same<const N: usize>(a: &[u8], b: &[u8], at: usize) -> bool {
            let word = |s: &[u8]| -> Option<[u8; N]> { s.get(at..at + N)?.try_into().ok() };
            word(a) == word(b)
        }
        match n {
            0..4 => head.iter().zip(prefix).all(|(a, b)| a == b),
            4..8 => same::<4>(head, prefix, 0) && same::<4>(head, prefix, n - 4),
            _ => {
                let mut words = head.chunks_exact(8).zip(prefix.chunks_exact(8));
                words.all(|(a, b)| load(a) == load(b)) && same::<8>(head, prefix, n - 8)
            }
        }
    }
}

/// The length of the run of XML whitespace ([`SPACES`]) that starts `bytes`. Eight bytes at a
/// time: the layout between tags (a line break and some spaces) mostly ends in the first
/// word, where a byte loop's exit, at a different length each time, is hard to predict.
pub fn space_run(bytes: &[u8]) -> usize {
    use word::not_equal;
    // most texts and gaps inside a tag hold no whitespace at all
    if bytes.first().is_none_or(|&b| !is_space(char::from(b))) {
        return 0;
    }
    word::position(
        bytes,
        |x| not_equal(x, b' ') & not_equal(x, b'\t') & not_equal(x, b'\n') & not_equal(x, b'\r'),
        |b| !is_space(char::from(b)),
    )
    .unwrap_or(bytes.len())
}

/// Whether `c` may appear in an XML 1.0 document (the `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c as u32,
        0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Decodes one reference at the start of `raw` (which starts with `&`). Returns the character
/// and the reference's length in bytes.
#[inline]
fn decode_ref(raw: &str) -> Result<(char, usize), (usize, String)> {
    // the references that escaped payloads are made of, read without searching for `;`
    match raw.as_bytes() {
        [b'&', b'l', b't', b';', ..] => return Ok(('<', 4)),
        [b'&', b'g', b't', b';', ..] => return Ok(('>', 4)),
        [b'&', b'a', b'm', b'p', b';', ..] => return Ok(('&', 5)),
        [b'&', b'q', b'u', b'o', b't', b';', ..] => return Ok(('"', 6)),
        // the delimiter of Policy CSP lists
        [b'&', b'#', b'x', b'F' | b'f', b'0', b'0', b'0', b';', ..] => return Ok(('\u{F000}', 8)),
        _ => {}
    }
    decode_any_ref(raw)
}

/// [`decode_ref`] for any reference, kept out of line: the common references are decoded
/// where they are read.
#[inline(never)]
fn decode_any_ref(raw: &str) -> Result<(char, usize), (usize, String)> {
    let end = match raw.as_bytes().iter().take(40).position(|&b| b == b';') {
        Some(end) => end,
        None => {
            return Err((
                1,
                "`&` must start a reference such as `&amp;` (write `&amp;` for a literal `&`)"
                    .into(),
            ))
        }
    };
    let body = raw.get(1..end).unwrap_or("");
    let c = match body {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let num = if let Some(hex) = body.strip_prefix("#x") {
                if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    None
                } else {
                    Some(u32::from_str_radix(hex, 16).unwrap_or(u32::MAX))
                }
            } else if let Some(dec) = body.strip_prefix('#') {
                if dec.is_empty() || !dec.bytes().all(|b| b.is_ascii_digit()) {
                    None
                } else {
                    Some(dec.parse::<u32>().unwrap_or(u32::MAX))
                }
            } else {
                return Err((
                    end + 1,
                    format!(
                        "unknown entity `&{body};`: only `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and character references are allowed"
                    ),
                ));
            };
            match num {
                None => {
                    return Err((
                        end + 1,
                        format!("malformed character reference `&{body};`"),
                    ))
                }
                Some(n) => match char::from_u32(n).filter(|&c| is_xml_char(c)) {
                    Some(c) => c,
                    None => {
                        return Err((
                            end + 1,
                            format!(
                                "character reference `&{body};` names a character that XML does not allow"
                            ),
                        ))
                    }
                },
            }
        }
    };
    Ok((c, end + 1))
}

/// Decodes the references in `raw`, which starts at offset `base` of its text. Borrowed when
/// there is nothing to decode.
pub fn unescape(raw: &str, base: usize) -> Result<Cow<'_, str>, EscapeError> {
    if !raw.contains('&') {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    unescape_into(raw, base, &mut out)?;
    Ok(Cow::Owned(out))
}

/// Decodes the references in `raw`, which starts at offset `base` of its text, to the end of
/// `out`. On an error `out` holds what was decoded before it.
pub fn unescape_into(raw: &str, base: usize, out: &mut String) -> Result<(), EscapeError> {
    // the decoded text is never longer
    out.reserve(raw.len());
    unescape_with(raw, base, |piece| match piece {
        Piece::Literal(s, _) => out.push_str(s),
        Piece::Ref(c, _) => out.push(c),
    })
}

enum Piece<'r> {
    Literal(&'r str, usize),
    Ref(char, Span),
}

/// Whether `raw`, text whose references were checked, decodes to XML whitespace only. Stops
/// at the first other character: an escaped payload is not read to its end.
pub fn is_blank(raw: &str) -> bool {
    let mut rest = raw;
    loop {
        rest = rest.trim_start_matches(SPACES);
        if rest.is_empty() {
            return true;
        }
        if !rest.starts_with('&') {
            return false;
        }
        match decode_ref(rest) {
            Ok((c, len)) if is_space(c) => rest = rest.get(len..).unwrap_or(""),
            _ => return false,
        }
    }
}

fn unescape_with<'r>(
    raw: &'r str,
    base: usize,
    mut sink: impl FnMut(Piece<'r>),
) -> Result<(), EscapeError> {
    let mut rest = raw;
    let mut pos = 0;
    while let Some(amp) = find_byte(b'&', rest.as_bytes()) {
        let (lit, tail) = rest.split_at(amp);
        if !lit.is_empty() {
            sink(Piece::Literal(lit, base + pos));
        }
        pos += amp;
        match decode_ref(tail) {
            Ok((c, len)) => {
                sink(Piece::Ref(c, Span::new(base + pos, base + pos + len)));
                pos += len;
                rest = tail.get(len..).unwrap_or("");
            }
            Err((len, message)) => {
                return Err(EscapeError {
                    span: Span::new(base + pos, base + pos + len.min(tail.len())),
                    message,
                })
            }
        }
    }
    if !rest.is_empty() {
        sink(Piece::Literal(rest, base + pos));
    }
    Ok(())
}

/// Where the first `byte` of `bytes` is. Most searches of a parse end within a few bytes (the
/// `<` after a CmdID, the `&` of the next reference): the first 32 bytes are searched eight at a
/// time, which costs less than the set-up of a vectorised search; a longer stretch is left to
/// one.
fn find_byte(byte: u8, bytes: &[u8]) -> Option<usize> {
    const WORDS: usize = 32;
    let head = bytes.get(..WORDS).unwrap_or(bytes);
    word::position(head, |x| word::equal(x, byte), |b| b == byte)
        .or_else(|| memchr::memchr(byte, bytes.get(WORDS..)?).map(|i| WORDS + i))
}

/// One stretch of a [`SpanMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    /// Offset in the decoded text.
    dec: usize,
    /// Length in the decoded text.
    dec_len: usize,
    /// Offset in the source.
    src: usize,
    /// Length in the source (equal to `dec_len` for literal text).
    src_len: usize,
}

/// Maps offsets of a decoded string back to offsets of the text it was decoded from, through
/// CDATA sections, entity and character references.
///
/// Literal stretches map byte for byte; a decoded character that came from a reference maps to
/// the whole reference.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanMap {
    segments: Vec<Segment>,
    /// With no segment, the map adds this to every offset (text copied verbatim from `shift`).
    shift: usize,
}

impl SpanMap {
    /// The map of text copied verbatim from offset `base` of the source: no allocation.
    pub fn shifted(base: usize) -> Self {
        SpanMap {
            segments: Vec::new(),
            shift: base,
        }
    }

    /// An empty map.
    pub fn new() -> Self {
        SpanMap::default()
    }

    /// Appends literal text that stands at `src` in the source.
    pub fn push_literal(&mut self, out: &mut String, text: &str, src: usize) {
        if text.is_empty() {
            return;
        }
        let dec = out.len();
        out.push_str(text);
        if let Some(last) = self.segments.last_mut() {
            if last.dec_len == last.src_len
                && last.dec + last.dec_len == dec
                && last.src + last.src_len == src
            {
                last.dec_len += text.len();
                last.src_len += text.len();
                return;
            }
        }
        self.segments.push(Segment {
            dec,
            dec_len: text.len(),
            src,
            src_len: text.len(),
        });
    }

    /// Appends one character that came from the reference at `src`.
    pub fn push_ref(&mut self, out: &mut String, c: char, src: Span) {
        let dec = out.len();
        out.push(c);
        self.segments.push(Segment {
            dec,
            dec_len: c.len_utf8(),
            src: src.start,
            src_len: src.len(),
        });
    }

    /// Decodes escaped text `raw` standing at `base` in the source and appends it to `out`.
    pub fn push_escaped(
        &mut self,
        out: &mut String,
        raw: &str,
        base: usize,
    ) -> Result<(), EscapeError> {
        // one allocation each: a payload has a reference every few characters
        let refs = memchr::memchr_iter(b'&', raw.as_bytes()).count();
        self.segments.reserve(2 * refs + 1);
        out.reserve(raw.len());
        unescape_with(raw, base, |piece| match piece {
            Piece::Literal(s, at) => self.push_literal(out, s, at),
            Piece::Ref(c, span) => self.push_ref(out, c, span),
        })
    }

    /// Builds a map for the escaped text `raw` standing at `base`, returning the decoded text.
    pub fn decode(raw: &str, base: usize) -> Result<(String, SpanMap), EscapeError> {
        let mut out = String::with_capacity(raw.len());
        // an empty text maps to where it stands
        let mut map = SpanMap::shifted(base);
        map.push_escaped(&mut out, raw, base)?;
        Ok((out, map))
    }

    fn find(&self, offset: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.dec <= offset);
        i.checked_sub(1).and_then(|i| self.segments.get(i))
    }

    /// The source offset of the decoded character starting at `offset`.
    pub fn map_start(&self, offset: usize) -> usize {
        match self.find(offset) {
            Some(s) if s.dec_len == s.src_len => s.src + (offset - s.dec).min(s.src_len),
            Some(s) if offset < s.dec + s.dec_len => s.src,
            Some(s) => s.src + s.src_len,
            None => self.segments.first().map_or(offset + self.shift, |s| s.src),
        }
    }

    /// The source offset just past the decoded character ending at `offset` (exclusive).
    pub fn map_end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.map_start(0);
        }
        match self.find(offset - 1) {
            Some(s) if s.dec_len == s.src_len => s.src + (offset - s.dec).min(s.src_len),
            Some(s) => s.src + s.src_len,
            None => self.map_start(offset),
        }
    }

    /// The source span of a decoded span. An empty span maps to an empty span.
    pub fn map_span(&self, span: Span) -> Span {
        let start = self.map_start(span.start);
        if span.is_empty() {
            return Span::empty(start);
        }
        Span::new(start, self.map_end(span.end))
    }
}

/// Where text is written, which decides what must be escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Element content.
    Text,
    /// A double-quoted attribute value.
    Attribute,
}

/// Whether a character is better written as a character reference so that a reader sees it:
/// U+F000 (the Policy CSP list delimiter) and every other private-use or non-printing character.
fn wants_reference(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0x7F..=0x9F | 0x200B..=0x200F | 0xFEFF | 0x2028 | 0x2029)
}

/// Escapes `s` for `ctx`: `&`, `<`, `>` always; `\r` as `&#xD;` (a reader turns a raw one
/// into a line feed); in attributes `"`, `\n` as `&#xA;` and `\t` as `&#x9;` (a reader turns
/// raw ones into spaces); invisible characters such as U+F000 as references. Line feeds of
/// text are written as they are.
pub fn escape(s: &str, ctx: Context) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_escape(c, ctx)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if ctx == Context::Attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#xD;"),
            '\n' if ctx == Context::Attribute => out.push_str("&#xA;"),
            '\t' if ctx == Context::Attribute => out.push_str("&#x9;"),
            c if wants_reference(c) => {
                out.push_str(&format!("&#x{:X};", c as u32));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char, ctx: Context) -> bool {
    matches!(c, '&' | '<' | '>' | '\r')
        || (matches!(c, '"' | '\n' | '\t') && ctx == Context::Attribute)
        || wants_reference(c)
}

/// What an XML reader makes of `raw`, the text of an element or the value of an attribute as
/// written: references decoded, line ends (`\r\n`, `\r`) read as `\n`, and in an attribute
/// value every raw `\n` and `\t` read as a space (XML 1.0, 2.11 and 3.3.3). A character
/// written as a reference stays what it is.
pub fn normalized(raw: &str, ctx: Context) -> Cow<'_, str> {
    let special = |b: u8| match ctx {
        Context::Text => matches!(b, b'&' | b'\r'),
        Context::Attribute => matches!(b, b'&' | b'\r' | b'\n' | b'\t'),
    };
    if !raw.bytes().any(special) {
        return Cow::Borrowed(raw);
    }
    let line_end = match ctx {
        Context::Text => '\n',
        Context::Attribute => ' ',
    };
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.bytes().position(special) {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        match tail.as_bytes().first() {
            Some(b'&') => {
                let end = tail.find(';').map_or(tail.len(), |e| e + 1);
                let reference = tail.get(..end).unwrap_or(tail);
                match unescape(reference, 0) {
                    Ok(decoded) => out.push_str(&decoded),
                    Err(_) => out.push_str(reference),
                }
                rest = tail.get(end..).unwrap_or("");
            }
            Some(b'\r') => {
                out.push(line_end);
                let skip = if tail.as_bytes().get(1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                rest = tail.get(skip..).unwrap_or("");
            }
            _ => {
                out.push(line_end);
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_prefix_test_agrees_with_the_slice_one() {
        // every length around the word sizes, a difference at every place, shorter texts
        for n in 0..26 {
            let prefix: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            for extra in [0, 1, 9] {
                let mut bytes = prefix.clone();
                bytes.extend(std::iter::repeat_n(b'>', extra));
                assert!(word::starts_with(&bytes, &prefix), "{n} {extra}");
                for at in 0..n {
                    let mut other = bytes.clone();
                    other[at] ^= 0x20;
                    assert!(!word::starts_with(&other, &prefix), "{n} {at}");
                }
            }
            if n > 0 {
                assert!(!word::starts_with(&prefix[..n - 1], &prefix), "{n}");
            }
        }
    }

    #[test]
    fn the_word_search_finds_the_first_byte() {
        // within the first words, in the remainder after them, and past the words' 32 bytes
        for len in [0, 1, 7, 8, 9, 31, 32, 33, 40, 70] {
            for filler in [b'a', 0x25, 0x27, 0xA6, 0xFF, 0x00] {
                let clean = vec![filler; len];
                assert_eq!(find_byte(b'&', &clean), None, "{filler:#x} * {len}");
                for at in 0..len {
                    let mut bytes = clean.clone();
                    bytes[at] = b'&';
                    // a second one after it is not the first
                    if at + 2 < len {
                        bytes[len - 1] = b'&';
                    }
                    assert_eq!(
                        find_byte(b'&', &bytes),
                        Some(at),
                        "{filler:#x} at {at} of {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_space_run_ends_at_the_first_other_byte() {
        let others = [
            0u8, b'!', b'<', 0x0B, 0x0C, 0x1F, 0x7F, 0x80, 0xA0, 0xFF, b'a',
        ];
        for len in 0..24 {
            for fill in SPACES {
                let spaces = vec![fill as u8; len];
                assert_eq!(space_run(&spaces), len);
                for at in 0..len {
                    for other in others {
                        let mut bytes = spaces.clone();
                        bytes[at] = other;
                        // each kind of space before it, then anything after it
                        for (i, b) in bytes.iter_mut().enumerate().take(at) {
                            *b = SPACES[i % 4] as u8;
                        }
                        assert_eq!(space_run(&bytes), at, "{bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn values_read_as_a_reader_reads_them() {
        let t = |raw| normalized(raw, Context::Text).into_owned();
        let a = |raw| normalized(raw, Context::Attribute).into_owned();
        assert_eq!(t("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(t("a&#13;&#10;b"), "a\r\nb");
        assert_eq!(a("x\ny\tz\r\nw"), "x y z w");
        assert_eq!(a("x&#10;y&#9;z&#xD;"), "x\ny\tz\r");
        // and written back so that they read the same
        for (value, ctx) in [("a\r\nb", Context::Text), ("x\ny\tz\r", Context::Attribute)] {
            assert_eq!(normalized(&escape(value, ctx), ctx), value);
        }
    }

    #[test]
    fn blank_text_is_whitespace_written_as_is_or_as_references() {
        for blank in ["", " \n\t\r", "&#x20;", " &#10;&#9; &#xD;"] {
            assert!(is_blank(blank), "{blank:?}");
            // what the parser decides of a text with references, from its decoded form
            assert!(
                unescape(blank, 0).unwrap().chars().all(is_space),
                "{blank:?}"
            );
        }
        for text in [
            "x", " &lt;", "&#xA0;", "\u{A0}", " &#65; ", "&bad;", "\n\n y",
        ] {
            assert!(!is_blank(text), "{text:?}");
        }
    }

    #[test]
    fn references_read_without_searching_decode_as_any_reference() {
        for r in ["&lt;", "&gt;", "&amp;", "&quot;", "&#xF000;", "&#xf000;"] {
            let tail = format!("{r}x;");
            assert_eq!(decode_ref(&tail), decode_any_ref(&tail), "{r}");
        }
    }

    #[test]
    fn decodes_references_and_maps_spans() {
        let raw = "a&lt;b&#xF000;c";
        let (text, map) = SpanMap::decode(raw, 100).unwrap();
        assert_eq!(text, "a<b\u{F000}c");
        // 'c' is after the 3-byte U+F000
        let c = text.find('c').unwrap();
        assert_eq!(map.map_span(Span::new(c, c + 1)), Span::new(114, 115));
        // '<' maps to the whole `&lt;`
        assert_eq!(map.map_span(Span::new(1, 2)), Span::new(101, 105));
        // the delimiter maps to the whole `&#xF000;`
        assert_eq!(map.map_span(Span::new(3, 6)), Span::new(106, 114));
        assert_eq!(map.map_span(Span::new(0, text.len())), Span::new(100, 115));
    }

    #[test]
    fn empty_text_maps_to_where_it_stands() {
        let (text, map) = SpanMap::decode("", 42).unwrap();
        assert!(text.is_empty());
        assert_eq!(map.map_span(Span::new(0, 0)), Span::empty(42));
        assert_eq!(
            SpanMap::shifted(7).map_span(Span::new(1, 3)),
            Span::new(8, 10)
        );
    }

    #[test]
    fn rejects_unknown_entities_and_bad_chars() {
        assert!(unescape("&nbsp;", 0).is_err());
        assert!(unescape("&#0;", 0).is_err());
        assert!(unescape("&#xD800;", 0).is_err());
        assert!(unescape("a & b", 0).is_err());
        assert!(unescape("&#99999999999999;", 0).is_err());
        assert_eq!(unescape("&#65;&#x42;", 0).unwrap(), "AB");
    }

    #[test]
    fn escapes_minimally() {
        assert!(matches!(escape("plain", Context::Text), Cow::Borrowed(_)));
        assert_eq!(escape("a<&>\"b", Context::Text), "a&lt;&amp;&gt;\"b");
        assert_eq!(escape("a\"\u{F000}", Context::Attribute), "a&quot;&#xF000;");
    }
}
