//! Turning the bytes of a file into text, and offsets in that text back into the file.
//!
//! UTF-8 (with or without BOM) is used in place, without a copy: text offsets are file offsets.
//! UTF-16 LE/BE with a BOM is transcoded to UTF-8; an [`OffsetMap`] then maps every offset of
//! the transcoded text back to the byte offset in the original file.

use std::borrow::Cow;

use crate::{Diagnostic, Span};

/// Why bytes could not be decoded: where and what. Callers turn it into a diagnostic with
/// their own rule code (`xml-syntax`, `admx-syntax`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The bad bytes in the file.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl DecodeError {
    fn new(span: Span, message: &str) -> Self {
        DecodeError {
            span,
            message: message.to_string(),
            help: None,
        }
    }

    /// An error-severity diagnostic with rule code `code`.
    pub fn into_diagnostic(self, code: &'static str) -> Diagnostic {
        Diagnostic::error(code, self.span, self.message).with_help_opt(self.help)
    }
}

/// The encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a byte order mark.
    Utf8Bom,
    /// UTF-16 little-endian with a byte order mark.
    Utf16Le,
    /// UTF-16 big-endian with a byte order mark.
    Utf16Be,
}

/// Maps offsets of decoded text back to byte offsets of the original file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OffsetMap {
    /// Text offsets are file offsets.
    Identity,
    /// UTF-16 input: checkpoints `(text offset, file offset)`, one at the start and one after
    /// every character whose UTF-8 length differs from half its UTF-16 length. Between two
    /// checkpoints every character is ASCII: one text byte, two file bytes.
    Utf16 {
        /// Sorted checkpoints.
        checkpoints: Vec<(usize, usize)>,
        /// Total length of the file in bytes.
        file_len: usize,
    },
}

impl OffsetMap {
    /// The file offset of text offset `offset`.
    pub fn to_file(&self, offset: usize) -> usize {
        match self {
            OffsetMap::Identity => offset,
            OffsetMap::Utf16 {
                checkpoints,
                file_len,
            } => {
                let i = checkpoints.partition_point(|&(t, _)| t <= offset);
                let (t, f) = i
                    .checked_sub(1)
                    .and_then(|i| checkpoints.get(i))
                    .copied()
                    .unwrap_or((0, 0));
                (f + 2 * (offset - t)).min(*file_len)
            }
        }
    }

    /// The file span of text span `span`.
    pub fn span_to_file(&self, span: Span) -> Span {
        Span::new(self.to_file(span.start), self.to_file(span.end))
    }

    /// The text offset of file offset `offset` (the inverse of [`OffsetMap::to_file`]; an
    /// offset inside a character maps to its start).
    pub fn to_text(&self, offset: usize) -> usize {
        match self {
            OffsetMap::Identity => offset,
            OffsetMap::Utf16 { checkpoints, .. } => {
                let i = checkpoints.partition_point(|&(_, f)| f <= offset);
                let (t, f) = i
                    .checked_sub(1)
                    .and_then(|i| checkpoints.get(i))
                    .copied()
                    .unwrap_or((0, 0));
                let next_t = checkpoints.get(i).map_or(usize::MAX, |&(t, _)| t);
                // between checkpoints every character is ASCII: two file bytes, one text byte;
                // the character just before the next checkpoint is the non-ASCII one
                (t + offset.saturating_sub(f) / 2).min(next_t.saturating_sub(1).max(t))
            }
        }
    }
}

/// The decoded text of a file.
#[derive(Clone, Debug)]
pub struct Source<'a> {
    /// The text, starting after any byte order mark.
    pub text: Cow<'a, str>,
    /// The encoding it was read in.
    pub encoding: Encoding,
    /// Where the text starts in the file (3 after a UTF-8 BOM, else 0 for UTF-8).
    pub offset: usize,
    map: OffsetMap,
}

impl<'a> Source<'a> {
    /// Decodes `bytes`. Invalid UTF-8 or UTF-16 is a [`DecodeError`] at the bad byte.
    pub fn decode(bytes: &'a [u8]) -> Result<Source<'a>, DecodeError> {
        match bytes {
            [0xEF, 0xBB, 0xBF, rest @ ..] => Self::utf8(rest, 3, Encoding::Utf8Bom),
            [0xFF, 0xFE, rest @ ..] => Self::utf16(rest, bytes.len(), Encoding::Utf16Le),
            [0xFE, 0xFF, rest @ ..] => Self::utf16(rest, bytes.len(), Encoding::Utf16Be),
            // UTF-16 without BOM starting with '<'
            [b'<', 0, ..] => Self::utf16_no_bom(bytes, Encoding::Utf16Le),
            [0, b'<', ..] => Self::utf16_no_bom(bytes, Encoding::Utf16Be),
            _ => Self::utf8(bytes, 0, Encoding::Utf8),
        }
    }

    fn utf8(bytes: &'a [u8], offset: usize, encoding: Encoding) -> Result<Source<'a>, DecodeError> {
        // simdutf8 validates a 46 MB message about 4 times faster than std; std's error says
        // where the first invalid byte is
        let checked = simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes));
        match checked {
            Ok(text) => Ok(Source {
                text: Cow::Borrowed(text),
                encoding,
                offset,
                map: OffsetMap::Identity,
            }),
            Err(e) => {
                let at = offset + e.valid_up_to();
                let len = e.error_len().unwrap_or(1);
                Err(DecodeError {
                    span: Span::new(at, at + len),
                    message:
                        "invalid UTF-8: the file is not UTF-8 and has no UTF-16 byte order mark"
                            .into(),
                    help: Some("save the file as UTF-8 (or UTF-16 with a byte order mark)".into()),
                })
            }
        }
    }

    fn utf16_no_bom(bytes: &'a [u8], encoding: Encoding) -> Result<Source<'a>, DecodeError> {
        let mut source = Self::utf16(bytes, bytes.len(), encoding)?;
        // no BOM: text starts at file offset 0
        source.offset = 0;
        Ok(source)
    }

    fn utf16(body: &[u8], file_len: usize, encoding: Encoding) -> Result<Source<'a>, DecodeError> {
        let base = file_len - body.len();
        let units = body.chunks_exact(2).map(|c| match (encoding, c) {
            (Encoding::Utf16Be, [a, b]) => u16::from_be_bytes([*a, *b]),
            (_, [a, b]) => u16::from_le_bytes([*a, *b]),
            _ => 0,
        });
        let mut text = String::with_capacity(body.len() / 2);
        let mut checkpoints = vec![(0usize, base)];
        let mut unit_index = 0usize;
        for decoded in char::decode_utf16(units) {
            match decoded {
                Ok(c) => {
                    let n16 = c.len_utf16();
                    unit_index += n16;
                    text.push(c);
                    if c.len_utf8() != 1 {
                        checkpoints.push((text.len(), base + 2 * unit_index));
                    }
                }
                Err(_) => {
                    let at = base + 2 * unit_index;
                    return Err(DecodeError::new(
                        Span::new(at, at + 2),
                        "invalid UTF-16: an unpaired surrogate",
                    ));
                }
            }
        }
        if body.len() % 2 == 1 {
            let at = file_len - 1;
            return Err(DecodeError::new(
                Span::new(at, file_len),
                "truncated UTF-16: the file has an odd number of bytes",
            ));
        }
        Ok(Source {
            text: Cow::Owned(text),
            encoding,
            offset: base,
            map: OffsetMap::Utf16 {
                checkpoints,
                file_len,
            },
        })
    }

    /// The file offset of text offset `offset`.
    pub fn to_file(&self, offset: usize) -> usize {
        match self.map {
            OffsetMap::Identity => offset + self.offset,
            _ => self.map.to_file(offset),
        }
    }

    /// The file span of a text span.
    pub fn span_to_file(&self, span: Span) -> Span {
        Span::new(self.to_file(span.start), self.to_file(span.end))
    }

    /// A UTF-8 source over `text`, offsets unchanged.
    pub fn from_text(text: String) -> Source<'static> {
        Source {
            text: Cow::Owned(text),
            encoding: Encoding::Utf8,
            offset: 0,
            map: OffsetMap::Identity,
        }
    }

    /// The same source, owning its text.
    pub fn into_owned(self) -> Source<'static> {
        Source {
            text: Cow::Owned(self.text.into_owned()),
            encoding: self.encoding,
            offset: self.offset,
            map: self.map,
        }
    }

    /// The text offset of file offset `offset`.
    pub fn to_text(&self, offset: usize) -> usize {
        match self.map {
            OffsetMap::Identity => offset.saturating_sub(self.offset).min(self.text.len()),
            _ => self.map.to_text(offset).min(self.text.len()),
        }
    }

    /// Whether text offsets equal file offsets (UTF-8 without BOM).
    pub fn is_identity(&self) -> bool {
        matches!(self.map, OffsetMap::Identity) && self.offset == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        let mut v = vec![0xFF, 0xFE];
        v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        v
    }

    #[test]
    fn utf16_offsets_map_back() {
        let bytes = utf16le("<a>é\u{F000}x</a>");
        let src = Source::decode(&bytes).unwrap();
        assert_eq!(src.encoding, Encoding::Utf16Le);
        let x = src.text.find('x').unwrap();
        // BOM (2) + "<a>" (6) + é (2) + U+F000 (2)
        assert_eq!(src.to_file(x), 12);
        assert_eq!(src.to_file(0), 2);
        assert_eq!(src.to_file(src.text.len()), bytes.len());
        for (t, _) in src.text.char_indices() {
            assert_eq!(src.to_text(src.to_file(t)), t);
        }
    }

    #[test]
    fn utf8_bom_shifts() {
        let src = Source::decode(b"\xEF\xBB\xBF<a/>").unwrap();
        assert_eq!(src.text, "<a/>");
        assert_eq!(src.to_file(1), 4);
    }

    #[test]
    fn invalid_utf8_points_at_byte() {
        let err = Source::decode(b"<a>\xFF</a>").unwrap_err();
        assert_eq!(err.span, Span::new(3, 4));
    }
}
