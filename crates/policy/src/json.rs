//! A small JSON reader that keeps where every value stands in the text: Intune exports are
//! checked as SyncML items, and their diagnostics must point at the characters of the export.
//! Iterative (no recursion), with a nesting limit; strings keep a map from their decoded text
//! to the text they were written as (through `\"`, `\u003c`, surrogate pairs): one stretch per
//! run of plain characters and one per escape, so a long string costs a few words.

use diagnostics::Span;
use syncml::SpanMap;

/// A JSON value with its span.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// An object: members in file order.
    Object(Vec<(String, JsonNode)>),
    /// An array.
    Array(Vec<JsonNode>),
    /// A string: the decoded text and the map of its offsets to the file's.
    String(String, SpanMap),
    /// A number, as written.
    Number(String),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// A value and where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonNode {
    /// The value.
    pub value: Json,
    /// Its span (quotes included for a string).
    pub span: Span,
}

impl JsonNode {
    /// Member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&JsonNode> {
        match &self.value {
            Json::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Json::String(s, _) => Some(s),
            _ => None,
        }
    }
}

/// Why a text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub at: usize,
}

/// Deepest nesting read.
pub const MAX_DEPTH: usize = 128;

enum Frame {
    Object(Vec<(String, JsonNode)>, usize, Option<String>),
    Array(Vec<JsonNode>, usize),
}

/// Reads `text` as one JSON value.
pub fn parse(text: &str) -> Result<JsonNode, JsonError> {
    let b = text.as_bytes();
    let mut i = 0;
    let err = |message: &str, at: usize| JsonError {
        message: message.to_string(),
        at,
    };
    let ws = |i: &mut usize| {
        while b
            .get(*i)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            *i += 1;
        }
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut done: Option<JsonNode> = None;
    loop {
        ws(&mut i);
        // expecting a value, unless an object awaits its key or a container may close
        let value = match stack.last_mut() {
            Some(Frame::Object(members, _, key @ None)) => {
                if b.get(i) == Some(&b'}') && members.is_empty() {
                    None
                } else {
                    let (k, _, end) = string(text, i).map_err(|(m, a)| err(&m, a))?;
                    i = end;
                    ws(&mut i);
                    if b.get(i) != Some(&b':') {
                        return Err(err("`:` expected after a key", i));
                    }
                    i += 1;
                    *key = Some(k);
                    continue;
                }
            }
            Some(Frame::Array(items, _)) if b.get(i) == Some(&b']') && items.is_empty() => None,
            _ => Some(()),
        };
        let node = if value.is_some() {
            let start = i;
            match b.get(i) {
                Some(b'{') | Some(b'[') => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(err(&format!("nested more than {MAX_DEPTH} deep"), i));
                    }
                    stack.push(if b.get(i) == Some(&b'{') {
                        Frame::Object(Vec::new(), i, None)
                    } else {
                        Frame::Array(Vec::new(), i)
                    });
                    i += 1;
                    continue;
                }
                Some(b'"') => {
                    let (s, spans, end) = string(text, i).map_err(|(m, a)| err(&m, a))?;
                    i = end;
                    JsonNode {
                        value: Json::String(s, spans),
                        span: Span::new(start, end),
                    }
                }
                Some(b't') if text.get(i..i + 4) == Some("true") => {
                    i += 4;
                    JsonNode {
                        value: Json::Bool(true),
                        span: Span::new(start, i),
                    }
                }
                Some(b'f') if text.get(i..i + 5) == Some("false") => {
                    i += 5;
                    JsonNode {
                        value: Json::Bool(false),
                        span: Span::new(start, i),
                    }
                }
                Some(b'n') if text.get(i..i + 4) == Some("null") => {
                    i += 4;
                    JsonNode {
                        value: Json::Null,
                        span: Span::new(start, i),
                    }
                }
                Some(c) if c.is_ascii_digit() || *c == b'-' => {
                    while b.get(i).is_some_and(|c| {
                        c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E')
                    }) {
                        i += 1;
                    }
                    JsonNode {
                        value: Json::Number(text.get(start..i).unwrap_or("").to_string()),
                        span: Span::new(start, i),
                    }
                }
                None => return Err(err("unexpected end of the text", i)),
                _ => return Err(err("a value expected", i)),
            }
        } else {
            // an empty container closes below
            JsonNode {
                value: Json::Null,
                span: Span::empty(i),
            }
        };
        let mut pending = value.map(|_| node);
        // attach the value, then close every container that ends here
        loop {
            match (stack.last_mut(), pending.take()) {
                (None, Some(n)) => {
                    done = Some(n);
                    break;
                }
                (Some(Frame::Object(members, _, key)), Some(n)) => {
                    members.push((key.take().unwrap_or_default(), n));
                }
                (Some(Frame::Array(items, _)), Some(n)) => items.push(n),
                _ => {}
            }
            ws(&mut i);
            let close = match stack.last() {
                Some(Frame::Object(..)) => b'}',
                Some(Frame::Array(..)) => b']',
                None => break,
            };
            match b.get(i) {
                Some(b',') => {
                    i += 1;
                    break;
                }
                Some(c) if *c == close => {
                    i += 1;
                    let node = match stack.pop() {
                        Some(Frame::Object(m, s, _)) => JsonNode {
                            value: Json::Object(m),
                            span: Span::new(s, i),
                        },
                        Some(Frame::Array(a, s)) => JsonNode {
                            value: Json::Array(a),
                            span: Span::new(s, i),
                        },
                        None => break,
                    };
                    pending = Some(node);
                }
                None => return Err(err("unexpected end of the text", i)),
                _ => return Err(err(&format!("`,` or `{}` expected", close as char), i)),
            }
        }
        if let Some(n) = done.take() {
            ws(&mut i);
            if i < b.len() {
                return Err(err("text after the JSON value", i));
            }
            return Ok(n);
        }
    }
}

/// The string starting at `at` (a `"`): its text, the map of its offsets to the file's, and
/// the offset after its closing quote.
fn string(text: &str, at: usize) -> Result<(String, SpanMap, usize), (String, usize)> {
    let b = text.as_bytes();
    if b.get(at) != Some(&b'"') {
        return Err(("a string expected".into(), at));
    }
    let mut out = String::new();
    let mut spans = SpanMap::shifted(at + 1);
    let mut i = at + 1;
    loop {
        let Some(&c) = b.get(i) else {
            return Err(("unterminated string".into(), i));
        };
        match c {
            b'"' => return Ok((out, spans, i + 1)),
            b'\\' => {
                let esc = b.get(i + 1).copied();
                let (ch, len) = match esc {
                    Some(b'"') => ('"', 2),
                    Some(b'\\') => ('\\', 2),
                    Some(b'/') => ('/', 2),
                    Some(b'b') => ('\u{8}', 2),
                    Some(b'f') => ('\u{c}', 2),
                    Some(b'n') => ('\n', 2),
                    Some(b'r') => ('\r', 2),
                    Some(b't') => ('\t', 2),
                    Some(b'u') => {
                        let hex = |k: usize| {
                            text.get(k..k + 4)
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                        };
                        let first = hex(i + 2).ok_or(("bad \\u escape".to_string(), i))?;
                        if (0xD800..0xDC00).contains(&first)
                            && text.get(i + 6..i + 8) == Some("\\u")
                        {
                            let second = hex(i + 8).ok_or(("bad \\u escape".to_string(), i))?;
                            let c = 0x10000
                                + ((first - 0xD800) << 10)
                                + (second.wrapping_sub(0xDC00) & 0x3FF);
                            (char::from_u32(c).unwrap_or('\u{fffd}'), 12)
                        } else {
                            (char::from_u32(first).unwrap_or('\u{fffd}'), 6)
                        }
                    }
                    _ => return Err(("bad escape".into(), i)),
                };
                spans.push_ref(&mut out, ch, Span::new(i, i + len));
                i += len;
            }
            c if c < 0x20 => return Err(("a control character in a string".into(), i)),
            _ => {
                // a run of plain characters, up to the next quote, escape or control character
                let run = b
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                    .unwrap_or(b.len() - i);
                let plain = text.get(i..i + run).unwrap_or("");
                spans.push_literal(&mut out, plain, i);
                i += run.max(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_their_spans() {
        let text = r#" {"a": [1, true, null, "x\"\u003cy"], "b": {}, "c": []} "#;
        let v = parse(text).unwrap();
        let a = v.get("a").unwrap();
        let Json::Array(items) = &a.value else {
            panic!()
        };
        let Json::String(s, spans) = &items[3].value else {
            panic!()
        };
        assert_eq!(s, "x\"<y");
        let lt = spans.map_span(Span::new(2, 3));
        assert_eq!(&text[lt.start..lt.end], "\\u003c");
        let y = spans.map_span(Span::new(3, 4));
        assert_eq!(&text[y.start..y.end], "y");
        assert_eq!(v.get("b").unwrap().value, Json::Object(vec![]));
        assert_eq!(v.get("c").unwrap().value, Json::Array(vec![]));
    }

    #[test]
    fn bad_texts_and_deep_nesting_are_errors() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "\"x", "[1] 2", "{\"a\":tru}"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse(&"[".repeat(1_000_000)).is_err());
        assert!(parse(&format!("{}{}", "[".repeat(100), "]".repeat(100))).is_ok());
    }
}
