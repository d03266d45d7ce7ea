//! A `LocURI` is not a valid OMA-DM node path.
//!
//! ## What it checks
//! A LocURI must not be empty, start with `/`, contain an empty segment (`//`), end with `/`,
//! have a segment of only `*`, or contain whitespace (also leading or trailing), control
//! characters, non-ASCII characters that are not percent-encoded, or any of
//! `" < > \ ^ ` { } |` unescaped. Allowed are letters, digits, `- . _ ~`, `%XX`, `/`, and `?`
//! only to start the query of a `Get` (`?list=Struct`).
//!
//! ## Why it matters
//! The device looks the node up by exact path and answers a malformed one with status 400 or
//! 404. Stray spaces copied from documentation are a common cause.
//!
//! ## Example
//! ```xml
//! <LocURI>./Device/Vendor/MSFT/Policy/Config/ RemoteAssistance/SessionLogging</LocURI>
//! ```
//!
//! ## Fix
//! ```xml
//! <LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging</LocURI>
//! ```

use diagnostics::{Diagnostic, Span};
use syncml::ast::Leaf;
use syncml::{Command, CommandKind, DataText};

use crate::check::Cx;

pub(crate) const CODE: &str = "invalid-loc-uri";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// The bytes of a plain LocURI: unreserved characters and `/`.
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~' | b'/');
        b += 1;
    }
    t
};

/// A searcher for `//`, set up once rather than for every LocURI.
static DOUBLED_SLASH: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"//"));

/// The first problem of `uri`: a span in it and a message.
fn problem(uri: &str, is_get: bool) -> Option<(Span, String, &'static str)> {
    let whole = Span::new(0, uri.len());
    if uri.is_empty() {
        return Some((
            whole,
            "the LocURI is empty".into(),
            "write the node path, e.g. `./Device/Vendor/MSFT/Policy/Config/...`",
        ));
    }
    if uri.starts_with('/') {
        return Some((
            Span::new(0, 1),
            "a LocURI cannot start with `/`".into(),
            "start it with `./` (`./Device/Vendor/MSFT/...`)",
        ));
    }
    let bytes = uri.as_bytes();
    // the common case: nothing but unreserved characters and `/`, no empty or trailing segment
    // (a segment of only `*` cannot occur: `*` is not plain)
    let all_plain = bytes.iter().all(|&b| PLAIN[usize::from(b)]);
    if all_plain && !uri.ends_with('/') && DOUBLED_SLASH.find(bytes).is_none() {
        return None;
    }
    let (path, query) = match uri.find('?') {
        Some(q) => (uri.get(..q).unwrap_or(uri), Some(q)),
        None => (uri, None),
    };
    if let Some(q) = query {
        if !is_get {
            return Some((
                Span::new(q, q + 1),
                "`?` starts a query, which only `Get` may send".into(),
                "remove the query, or percent-encode `?` as `%3F`",
            ));
        }
    }
    let checked = if all_plain { "" } else { uri };
    for (i, c) in checked.char_indices() {
        let in_query = query.is_some_and(|q| i > q);
        let span = Span::new(i, i + c.len_utf8());
        let bad = match c {
            c if c.is_whitespace() => Some((
                "whitespace is not allowed in a LocURI",
                "remove it, or percent-encode a space as `%20`",
            )),
            c if c.is_control() => Some((
                "control characters are not allowed in a LocURI",
                "remove it",
            )),
            c if !c.is_ascii() => Some((
                "non-ASCII characters must be percent-encoded in a LocURI",
                "encode the character's UTF-8 bytes as `%XX`",
            )),
            '%' => {
                let hex = |k: usize| bytes.get(i + k).is_some_and(u8::is_ascii_hexdigit);
                if hex(1) && hex(2) {
                    None
                } else {
                    Some((
                        "`%` must start a percent-encoded byte `%XX`",
                        "write `%25` for a literal `%`",
                    ))
                }
            }
            c if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/') => None,
            '?' if Some(i) == query => None,
            '=' | '&' if in_query => None,
            _ => Some((
                "this character must be percent-encoded in a LocURI",
                "encode it as `%XX`",
            )),
        };
        if let Some((msg, help)) = bad {
            return Some((span, format!("`{}`: {msg}", c.escape_debug()), help));
        }
    }
    if path.ends_with('/') {
        return Some((
            Span::new(path.len() - 1, path.len()),
            "a LocURI cannot end with `/`".into(),
            "remove the trailing `/`",
        ));
    }
    let mut start = 0;
    for seg in path.split('/') {
        let span = Span::new(start, start + seg.len());
        if seg.is_empty() {
            return Some((
                Span::new(start.saturating_sub(1), start + 1),
                "a LocURI cannot contain an empty segment (`//`)".into(),
                "remove the doubled `/`",
            ));
        }
        if seg.chars().all(|c| c == '*') {
            return Some((
                span,
                "a node name cannot be only `*`".into(),
                "name the node",
            ));
        }
        start += seg.len() + 1;
    }
    None
}

/// Reports the first problem of the item's LocURI; `true` when it is valid.
pub(crate) fn check(
    cx: &mut Cx<'_>,
    command: &Command<'_>,
    loc: &Leaf<'_>,
    uri: &DataText<'_>,
) -> bool {
    match problem(&uri.text, command.kind == CommandKind::Get) {
        None => true,
        Some((span, message, help)) => {
            let span = if uri.text.is_empty() {
                loc.element.start_tag()
            } else {
                uri.to_source(span)
            };
            cx.emit(Diagnostic::error(CODE, span, message).with_help(help));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn finds_the_offending_characters() {
        assert!(problem("./Device/Vendor/MSFT/Policy/Config/A/B", false).is_none());
        assert!(problem("./Vendor/MSFT/NodeCache/1?list=Struct", true).is_none());
        assert_eq!(problem("./A /B", false).unwrap().0.start, 3);
        assert_eq!(problem("/A", false).unwrap().0.start, 0);
        assert!(problem("./A//B", false).is_some());
        assert!(problem("./A/", false).is_some());
        assert!(problem("./A/*", false).is_some());
        assert!(problem("./A/{x}", false).is_some());
        assert!(problem("./A/é", false).is_some());
        assert!(problem("./A/%C3%A9", false).is_none());
        assert!(problem("./A?list=Struct", false).is_some());
        assert!(problem(" ./A", false).is_some());
    }
}
