//! Inline suppressions: `<!-- syncml-lint: ignore CODE[, CODE...] -->` before an element
//! suppresses those codes on it and everything inside it; `<!-- syncml-lint: ignore-file CODE
//! -->` anywhere suppresses them in the whole file.
//!
//! The comments are read from the document (not from the text: a comment inside a CDATA
//! section or an escaped payload is data, not a suppression). A file without comments costs
//! nothing (the parser counts them), one with comments but without the marker `syncml-lint:`
//! one substring search; only a file with both is parsed again.
//!
//! Element scopes are nested or disjoint, so the scopes of one code, sorted by start, form a
//! forest: a diagnostic is looked up by binary search and a walk up its ancestors, at most the
//! nesting depth, whatever the number of suppressions.

use std::collections::HashMap;

use diagnostics::{Applicability, Diagnostic, Fix, Span};
use syncml::xml::{self, Node, TopLevel};

use crate::config::Config;
use crate::rules::{self, invalid_suppression, unused_suppression};

/// The marker that starts a suppression comment.
const MARKER: &str = "syncml-lint:";

/// One code named in a suppression comment.
#[derive(Debug)]
struct Named {
    code: &'static str,
    /// The code as written, in the text.
    span: Span,
    /// The comment.
    comment: Span,
    used: bool,
}

/// The scopes of one code, sorted by start (an outer scope before the scopes it contains).
#[derive(Debug, Default)]
struct Scopes {
    /// `(scope, index into Suppressions::named, parent position in this list)`.
    entries: Vec<(Span, usize, Option<usize>)>,
    /// The `ignore-file` suppressions of this code.
    file: Vec<usize>,
}

/// The suppressions of one file.
#[derive(Debug, Default)]
pub(crate) struct Suppressions {
    named: Vec<Named>,
    by_code: HashMap<&'static str, Scopes>,
    /// `invalid-suppression` diagnostics found while reading the comments.
    invalid: Vec<Diagnostic>,
}

impl Suppressions {
    /// Reads the suppression comments of `text`. A text that does not parse has none (its
    /// syntax error is reported alone).
    pub fn read(text: &str, config: &Config) -> Suppressions {
        let mut s = Suppressions::default();
        if !Self::may_hold(text) {
            return s;
        }
        let Ok(doc) = xml::parse(text, &config.limits, TopLevel::Elements) else {
            return s;
        };
        let whole = Span::new(0, text.len());
        let mut pending: Vec<xml::Children<'_>> = vec![doc.nodes()];
        while let Some(siblings) = pending.pop() {
            // from the last sibling back, so that the element after each comment is known
            // without looking ahead: one pass, however many comments stand in a row
            let siblings: Vec<Node<'_>> = siblings.collect();
            let mut next = None;
            for node in siblings.into_iter().rev() {
                match node {
                    Node::Element(e) => {
                        pending.push(e.children());
                        next = Some(e.span());
                    }
                    Node::Comment(c) => s.comment(c, next, whole),
                    _ => {}
                }
            }
        }
        for scopes in s.by_code.values_mut() {
            scopes
                .entries
                .sort_by_key(|(span, i, _)| (span.start, std::cmp::Reverse(span.end), *i));
            link_parents(&mut scopes.entries);
        }
        s
    }

    /// Whether `text` may hold a suppression: it holds the marker somewhere.
    pub fn may_hold(text: &str) -> bool {
        memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_some()
    }

    /// Reads one comment; `next` is the element that follows it among its siblings.
    fn comment(&mut self, c: xml::Comment<'_>, next: Option<Span>, whole: Span) {
        let value_start = c.span.start + 4;
        let trimmed = c.value.trim_start();
        let Some(rest) = trimmed.strip_prefix(MARKER) else {
            return;
        };
        let at = value_start + (c.value.len() - rest.len());
        let directive_text = rest.trim_start();
        let directive_at = at + (rest.len() - directive_text.len());
        let word_len = directive_text
            .find(|ch: char| ch.is_whitespace() || ch == ',')
            .unwrap_or(directive_text.len());
        let (word, codes) = directive_text.split_at(word_len);
        let scope = match word {
            "ignore" => match next {
                Some(span) => span,
                None => {
                    self.invalid.push(invalid_suppression::no_element(c.span));
                    return;
                }
            },
            "ignore-file" => whole,
            _ => {
                let span = Span::new(directive_at, directive_at + word.len());
                self.invalid
                    .push(invalid_suppression::unknown_directive(c.span, span, word));
                return;
            }
        };
        let codes_at = directive_at + word.len();
        let mut any = false;
        for (offset, written) in split_codes(codes) {
            any = true;
            let span = Span::new(codes_at + offset, codes_at + offset + written.len());
            let Some(rule) = rules::find(written) else {
                self.invalid
                    .push(invalid_suppression::unknown_code(span, written));
                continue;
            };
            if matches!(
                rule.code,
                invalid_suppression::CODE | unused_suppression::CODE
            ) {
                self.invalid
                    .push(invalid_suppression::not_suppressible(span, rule.code));
                continue;
            }
            let index = self.named.len();
            self.named.push(Named {
                code: rule.code,
                span,
                comment: c.span,
                used: false,
            });
            let scopes = self.by_code.entry(rule.code).or_default();
            if word == "ignore-file" {
                scopes.file.push(index);
            } else {
                scopes.entries.push((scope, index, None));
            }
        }
        if !any {
            self.invalid
                .push(invalid_suppression::no_code(c.span, word));
        }
    }

    /// Whether `d` is suppressed; the suppression that does it is marked used.
    pub fn suppresses(&mut self, d: &Diagnostic) -> bool {
        if self.named.is_empty() {
            return false;
        }
        let Some(scopes) = self.by_code.get(d.code) else {
            return false;
        };
        let found = scopes.file.first().copied().or_else(|| {
            let after = scopes
                .entries
                .partition_point(|(s, _, _)| s.start <= d.span.start);
            let mut at = after.checked_sub(1);
            while let Some(i) = at {
                let (scope, index, parent) = scopes.entries.get(i)?;
                if scope.start <= d.span.start && d.span.end <= scope.end {
                    return Some(*index);
                }
                at = *parent;
            }
            None
        });
        match found.and_then(|i| self.named.get_mut(i)) {
            Some(named) => {
                named.used = true;
                true
            }
            None => false,
        }
    }

    /// The `invalid-suppression` and `unused-suppression` diagnostics, once every diagnostic
    /// of the file went through [`Suppressions::suppresses`]. A code whose rule does not run
    /// in this configuration is not reported as unused: it could not have fired. Each unused
    /// code has a safe fix: the code taken out of its comment, or the comment (with its line,
    /// when it stands alone on one) when none of its codes is used.
    pub fn finish(self, text: &str, config: &Config) -> Vec<Diagnostic> {
        let mut out = self.invalid;
        // the codes of one comment are read one after the other
        for siblings in self.named.chunk_by(|a, b| a.comment == b.comment) {
            let none_used = siblings.iter().all(|o| !o.used);
            for (position, n) in siblings.iter().enumerate() {
                if n.used || !config.enabled(n.code) {
                    continue;
                }
                let fix = if none_used {
                    Fix::one(
                        Applicability::Safe,
                        "remove the comment",
                        whole_line(text, n.comment),
                        String::new(),
                    )
                } else {
                    // the code and the separator before it (after it, for the first code)
                    let before = position.checked_sub(1).and_then(|p| siblings.get(p));
                    let span = match (before, siblings.get(position + 1)) {
                        (Some(before), _) => Span::new(before.span.end, n.span.end),
                        (None, Some(after)) => Span::new(n.span.start, after.span.start),
                        (None, None) => n.span,
                    };
                    Fix::one(
                        Applicability::Safe,
                        format!("remove `{}` from the comment", n.code),
                        span,
                        String::new(),
                    )
                };
                out.push(unused_suppression::report(n.span, n.code).with_fix(fix));
            }
        }
        out
    }
}

/// `span`, with the indentation before it and the line break after it when nothing else is on
/// its line.
fn whole_line(text: &str, span: Span) -> Span {
    let before = text.get(..span.start).unwrap_or("");
    let after = text.get(span.end..).unwrap_or("");
    let indent = before.len() - before.trim_end_matches([' ', '\t']).len();
    let line_start = span.start - indent;
    let alone_before =
        line_start == 0 || before.get(..line_start).is_some_and(|b| b.ends_with('\n'));
    let rest = after.trim_start_matches([' ', '\t']);
    let newline = if rest.starts_with("\r\n") {
        2
    } else {
        usize::from(rest.starts_with('\n'))
    };
    if alone_before && (newline > 0 || rest.is_empty()) {
        Span::new(line_start, span.end + (after.len() - rest.len()) + newline)
    } else {
        span
    }
}

/// The codes of a directive with their offsets: separated by commas and whitespace.
fn split_codes(codes: &str) -> impl Iterator<Item = (usize, &str)> {
    let base = codes.as_ptr() as usize;
    codes
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .map(move |c| (c.as_ptr() as usize - base, c))
}

/// Sets each scope's parent: the nearest earlier scope that contains it.
fn link_parents(entries: &mut [(Span, usize, Option<usize>)]) {
    let mut open: Vec<usize> = Vec::new();
    for i in 0..entries.len() {
        let Some(&(span, _, _)) = entries.get(i) else {
            continue;
        };
        while let Some(&top) = open.last() {
            match entries.get(top) {
                Some((outer, _, _)) if outer.start <= span.start && span.end <= outer.end => break,
                _ => {
                    open.pop();
                }
            }
        }
        if let Some(entry) = entries.get_mut(i) {
            entry.2 = open.last().copied();
        }
        open.push(i);
    }
}
