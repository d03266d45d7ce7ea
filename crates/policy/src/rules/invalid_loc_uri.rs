//! A `LocURI` is not a valid OMA-DM node path.
//!
//! ## What it checks
//! A LocURI must not be empty, start with `/`, contain an empty segment (`//`), end with `/`,
//! have a `.` or `..` segment other than the leading `.`, a segment of only `*`, whitespace at
//! the start or end of the LocURI or of a segment, whitespace inside a segment other than the
//! instance name of a dynamic node that the catalog knows (`DMClient/Provider/MS DM Server` is
//! fine; `Contoso~ Policy~Cat` is not), control characters, or any of `" < > \ ^ ` |` and
//! `{ }` outside a placeholder (which `unexpanded-placeholder` reports). Allowed, as RFC 3986
//! path characters: letters (non-ASCII letters too), digits, `- . _ ~`, `%XX`,
//! `! $ & ' ( ) * + , ; = : @` (`a*b` is a legal name, as is Fleet's `$FLEET_VAR_...`), `/`,
//! and `?` only to start the query of a `Get` (`?list=Struct`; the query is not part of the
//! node's name).
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
//!
//! `--fix` removes whitespace around the whole LocURI (a safe fix).

use diagnostics::{Applicability, Diagnostic, Edit, Fix, Span};
use syncml::ast::Leaf;
use syncml::DataText;

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

/// A searcher for `/.`, which starts every `.` and `..` segment after the first.
static SLASH_DOT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"/."));

/// What the check needs to know of a LocURI beyond its text.
pub(crate) struct Context<'a> {
    /// The command is a `Get` (which may send a query).
    pub is_get: bool,
    /// Spans of placeholders that the server substitutes: their characters are not checked.
    pub skip: &'a [Span],
    /// Whether the `n`th segment after `./` names an instance of a dynamic node (which may
    /// hold spaces: `DMClient/Provider/MS DM Server`).
    pub dynamic: &'a dyn Fn(usize) -> bool,
}

/// The first problem of `uri`: a span in it and a message.
fn problem(uri: &str, cx: &Context<'_>) -> Option<(Span, String, &'static str)> {
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
    // the common case: nothing but unreserved characters and `/`, no empty, `.`, `..` or
    // trailing segment (a segment of only `*` cannot occur: `*` is not plain)
    let all_plain = bytes.iter().all(|&b| PLAIN[usize::from(b)]);
    if all_plain
        && !uri.ends_with('/')
        && DOUBLED_SLASH.find(bytes).is_none()
        && SLASH_DOT.find(bytes).is_none()
    {
        return None;
    }
    let (path, query) = match uri.find('?') {
        Some(q) => (uri.get(..q).unwrap_or(uri), Some(q)),
        None => (uri, None),
    };
    if let Some(q) = query {
        if !cx.is_get {
            return Some((
                Span::new(q, q + 1),
                "`?` starts a query, which only `Get` may send".into(),
                "remove the query, or percent-encode `?` as `%3F`",
            ));
        }
    }
    let skipped = |i: usize| cx.skip.iter().any(|s| s.start <= i && i < s.end);
    let checked = if all_plain { "" } else { uri };
    for (i, c) in checked.char_indices() {
        if skipped(i) {
            continue;
        }
        let span = Span::new(i, i + c.len_utf8());
        let bad = match c {
            // whitespace is judged with the segments below
            c if c.is_whitespace() => None,
            c if c.is_control() => Some((
                "control characters are not allowed in a LocURI",
                "remove it",
            )),
            c if !c.is_ascii() && c.is_alphanumeric() => None,
            c if !c.is_ascii() => Some((
                "this character must be percent-encoded in a LocURI",
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
            c if c.is_ascii_alphanumeric() => None,
            // RFC 3986 path characters
            '-' | '.' | '_' | '~' | '/' | '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ','
            | ';' | '=' | ':' | '@' => None,
            // the first `?` starts the query (refused above outside a `Get`): every `?` is
            // that one or stands in the query
            '?' => None,
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
    for (n, seg) in path.split('/').enumerate() {
        let span = Span::new(start, start + seg.len());
        if seg.is_empty() {
            return Some((
                Span::new(start.saturating_sub(1), start + 1),
                "a LocURI cannot contain an empty segment (`//`)".into(),
                "remove the doubled `/`",
            ));
        }
        if (seg == "." && n > 0) || seg == ".." {
            return Some((
                span,
                format!("`{seg}` is not a node: a LocURI names each node of its path"),
                "write the path without `.` and `..` segments",
            ));
        }
        if seg.chars().all(|c| c == '*') {
            return Some((
                span,
                "a node name cannot be only `*`".into(),
                "name the node",
            ));
        }
        let trimmed = seg.trim();
        if trimmed.len() != seg.len() && !skipped(start) {
            let lead = seg.len() - seg.trim_start().len();
            // leading whitespace, else the trailing whitespace after the name
            let at = if lead > 0 {
                start
            } else {
                start + trimmed.len()
            };
            let ws = seg
                .get(at - start..)
                .and_then(|r| r.chars().next())
                .map_or(1, char::len_utf8);
            return Some((
                Span::new(at, at + ws),
                "whitespace at the start or end of a node name".into(),
                "remove it",
            ));
        }
        if let Some(k) = seg.find(char::is_whitespace) {
            if !skipped(start + k) && !(cx.dynamic)(n) {
                let ws = seg
                    .get(k..)
                    .and_then(|r| r.chars().next())
                    .map_or(1, char::len_utf8);
                return Some((
                    Span::new(start + k, start + k + ws),
                    "whitespace inside a node name: only the instance name of a dynamic node may hold it".into(),
                    "remove it, or percent-encode a space as `%20`",
                ));
            }
        }
        start += seg.len() + 1;
    }
    None
}

/// Reports the first problem of the item's LocURI; `true` when it is valid.
pub(crate) fn check(
    cx: &mut Cx<'_>,
    loc: &Leaf<'_>,
    uri: &DataText<'_>,
    context: &Context<'_>,
) -> bool {
    match problem(&uri.text, context) {
        None => true,
        Some((span, message, help)) => {
            let span = if uri.text.is_empty() {
                loc.element.start_tag()
            } else {
                uri.to_source(span)
            };
            let mut d = Diagnostic::error(CODE, span, message).with_help(help);
            // whitespace around the whole LocURI (pasted from documentation) is removed
            let text = &uri.text;
            let lead = text.len() - text.trim_start().len();
            let trail = text.len() - text.trim_end().len();
            if (lead > 0 || trail > 0) && !text.trim().is_empty() {
                let mut edits = Vec::new();
                if lead > 0 {
                    edits.push(Edit {
                        span: uri.to_source(Span::new(0, lead)),
                        content: String::new(),
                    });
                }
                if trail > 0 {
                    edits.push(Edit {
                        span: uri.to_source(Span::new(text.len() - trail, text.len())),
                        content: String::new(),
                    });
                }
                d = d.with_fix(Fix {
                    applicability: Applicability::Safe,
                    message: "remove the whitespace around the LocURI".into(),
                    edits,
                });
            }
            cx.emit(d);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{problem as problem_in, Context};

    fn problem(uri: &str, is_get: bool) -> Option<(diagnostics::Span, String, &'static str)> {
        // segment 6 after `./` is a dynamic instance (`./Device/Vendor/MSFT/DMClient/Provider/<here>`)
        let dynamic = |n: usize| n == 6;
        problem_in(
            uri,
            &Context {
                is_get,
                skip: &[],
                dynamic: &dynamic,
            },
        )
    }

    #[test]
    fn legal_uri_characters_and_instance_names() {
        for ok in [
            "./Device/Vendor/MSFT/ClientCertificateInstall/SCEP/$FLEET_VAR_SCEP_ID/Install",
            "./Vendor/MSFT/A/a*b/x!y/'q'/(p)/a+b,c;d=e:f@g&h",
            "./Device/Vendor/MSFT/DMClient/Provider/MS DM Server/EntDMID",
            "./Vendor/MSFT/A/Müller",
        ] {
            assert!(
                problem(ok, false).is_none(),
                "{ok}: {:?}",
                problem(ok, false)
            );
        }
        for bad in [
            "./Vendor/MSFT/Policy/Contoso~ Policy~Cat/X",
            "./Vendor/MSFT/A/./B",
            "./Vendor/MSFT/A/../B",
            "./Vendor/MSFT/A /B",
            "./Vendor/MSFT/A/\u{1b}",
            "./Vendor/MSFT/A/a|b",
            "./Vendor/MSFT/A/✓",
        ] {
            assert!(problem(bad, false).is_some(), "{bad}");
        }
    }

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
        assert!(problem("./A/é", false).is_none());
        assert!(problem("./A/%C3%A9", false).is_none());
        assert!(problem("./A?list=Struct", false).is_some());
        assert!(problem(" ./A", false).is_some());
    }

    /// The exact characters, message and help of each kind of bad character.
    #[test]
    fn each_bad_character_is_named_exactly() {
        use diagnostics::Span;
        let at = problem;
        let (span, msg, _) = at("./A?list=Struct", false).unwrap();
        assert_eq!(
            (span, msg.as_str()),
            (
                Span::new(3, 4),
                "`?` starts a query, which only `Get` may send"
            )
        );
        // a query holds further `?`
        assert!(at("./A?list=a?b", true).is_none());
        let (span, msg, help) = at("./A/\u{1b}", false).unwrap();
        assert_eq!(span, Span::new(4, 5));
        assert_eq!(
            msg,
            "`\\u{1b}`: control characters are not allowed in a LocURI"
        );
        assert_eq!(help, "remove it");
        let (span, _, help) = at("./A/✓", false).unwrap();
        assert_eq!(span, Span::new(4, 7));
        assert_eq!(help, "encode the character's UTF-8 bytes as `%XX`");
        let (span, _, help) = at("./A/a|b", false).unwrap();
        assert_eq!(span, Span::new(5, 6));
        assert_eq!(help, "encode it as `%XX`");
        let (span, _, help) = at("./A/%4", false).unwrap();
        assert_eq!(span, Span::new(4, 5));
        assert_eq!(help, "write `%25` for a literal `%`");
    }

    /// The exact characters of each segment-level problem, with the segments before it.
    #[test]
    fn each_segment_problem_points_at_its_characters() {
        let at = |uri: &str| {
            let (span, _, _) = problem(uri, false).unwrap();
            uri.get(span.start..span.end).unwrap_or("").to_string() + &format!("@{}", span.start)
        };
        assert_eq!(at("./A//B"), "//@3");
        assert_eq!(at("./Ab/B/"), "/@6");
        assert_eq!(at("./Ab/./B"), ".@5");
        assert_eq!(at("./Ab/../B"), "..@5");
        assert_eq!(at("./Ab/**/B"), "**@5");
        assert_eq!(at("./Ab/ B"), " @5");
        assert_eq!(at("./Ab/B\u{a0}/C"), "\u{a0}@6");
        assert_eq!(at("./Ab/B\u{3000}"), "\u{3000}@6");
        assert_eq!(at("./Ab/B C/D"), " @6");
        assert_eq!(at("./Ab/B\u{3000}C/D"), "\u{3000}@6");
        // the instance name of a dynamic node (segment 6) may hold whitespace, not at its ends
        assert!(problem(
            "./Device/Vendor/MSFT/DMClient/Provider/MS DM Server/EntDMID",
            false
        )
        .is_none());
        assert_eq!(
            problem(
                "./Device/Vendor/MSFT/DMClient/Provider/MS DM Server /EntDMID",
                false
            )
            .map(|p| p.0.start),
            Some(51)
        );
        assert!(problem("./Device/Vendor/MSFT/DMClient/Provider/MS DM/E D", false).is_some());
    }

    /// Placeholders are skipped exactly: the characters around one are still checked.
    #[test]
    fn placeholders_are_skipped_exactly() {
        use diagnostics::Span;
        let with_skip = |uri: &str, skip: Span| {
            let none = |_: usize| false;
            problem_in(
                uri,
                &Context {
                    is_get: false,
                    skip: &[skip],
                    dynamic: &none,
                },
            )
            .map(|p| p.0)
        };
        // `{x}` at 5..8
        assert_eq!(with_skip("./A/B{x}", Span::new(5, 8)), None);
        assert_eq!(
            with_skip("./A/|{x}", Span::new(5, 8)),
            Some(Span::new(4, 5))
        );
        assert_eq!(
            with_skip("./A/B{x}|", Span::new(5, 8)),
            Some(Span::new(8, 9))
        );
        // whitespace inside a placeholder within a segment (`{a b}` at 5..10)
        assert_eq!(with_skip("./A/x{a b}", Span::new(5, 10)), None);
        assert_eq!(
            with_skip("./A/x y{a}", Span::new(7, 10)),
            Some(Span::new(5, 6))
        );
    }
}
