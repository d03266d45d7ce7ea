//! A profile fragment written for an input that is not SyncML (an Intune export, a Windows
//! Configuration Designer file): each setting becomes the SyncML item it is sent as, the
//! fragment is checked by the same rules as any SyncML file, and every diagnostic is mapped
//! back to the characters of the input it came from. This is the one item model that every
//! input format produces and the rules consume.

use diagnostics::{Fix, Span};

use crate::catalog::Catalog;
use crate::check::{lint_counted, Linted};
use crate::config::Config;

/// A piece of the fragment standing for a piece of the input: either a stretch copied as it
/// is (`linear`: each byte maps to the byte at the same distance), or text that stands for
/// the whole input span (an escape, a decoded value).
struct Piece {
    fragment: Span,
    input: Span,
    linear: bool,
}

/// The fragment and how its characters map to the input. Adjacent characters that map alike
/// share one piece, so a long value costs a few pieces, not one per character.
#[derive(Default)]
pub(crate) struct Fragment {
    /// The SyncML written so far.
    pub(crate) text: String,
    pieces: Vec<Piece>,
    /// Per setting: the fragment region, where its Data starts, its LocURI and value spans
    /// in the input.
    settings: Vec<(Span, usize, Span, Span)>,
    /// The fragment spans of values decoded from another encoding (base64), which map to the
    /// whole encoded value: a diagnostic there names its place in the decoded text.
    decoded: Vec<Span>,
}

impl Fragment {
    /// Appends SyncML markup that stands for nothing in the input.
    pub(crate) fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Appends `text` XML-escaped; `to_input` gives the input span of a span of `text` (of
    /// one character), or all of `text` stands for `whole` when it is `None`.
    pub(crate) fn push_mapped(
        &mut self,
        text: &str,
        to_input: Option<&dyn Fn(Span) -> Span>,
        whole: Span,
    ) {
        self.push_mapped_as(text, to_input, whole, true);
    }

    /// [`Fragment::push_mapped`], XML-escaped only when `escape` (raw markup stays markup).
    pub(crate) fn push_mapped_as(
        &mut self,
        text: &str,
        to_input: Option<&dyn Fn(Span) -> Span>,
        whole: Span,
        escape: bool,
    ) {
        for (i, c) in text.char_indices() {
            let start = self.text.len();
            match c {
                '&' if escape => self.text.push_str("&amp;"),
                '<' if escape => self.text.push_str("&lt;"),
                '>' if escape => self.text.push_str("&gt;"),
                c => self.text.push(c),
            }
            let fragment = Span::new(start, self.text.len());
            let input = to_input.map_or(whole, |f| f(Span::new(i, i + c.len_utf8())));
            let linear = fragment.len() == input.len() && to_input.is_some();
            if let Some(last) = self.pieces.last_mut() {
                let follows = last.fragment.end == start;
                if follows && linear && last.linear && last.input.end == input.start {
                    last.fragment.end = fragment.end;
                    last.input.end = input.end;
                    continue;
                }
                if follows && !linear && !last.linear && last.input == input {
                    last.fragment.end = fragment.end;
                    continue;
                }
            }
            self.pieces.push(Piece {
                fragment,
                input,
                linear,
            });
        }
    }

    /// The input span of fragment span `s`.
    fn map(&self, s: Span) -> Span {
        let find = |o: usize| {
            let i = self.pieces.partition_point(|p| p.fragment.end <= o);
            self.pieces.get(i).filter(|p| p.fragment.start <= o)
        };
        let last = s.end.saturating_sub(1).max(s.start);
        if let (Some(a), Some(b)) = (find(s.start), find(last)) {
            let start = if a.linear {
                a.input.start + (s.start - a.fragment.start)
            } else {
                a.input.start
            };
            let end = if b.linear {
                b.input.start + (s.end.max(s.start) - b.fragment.start).min(b.input.len())
            } else {
                b.input.end
            };
            return Span::new(start, end.max(start));
        }
        // outside the mapped text: the setting's value when in its Data, else its OMA-URI
        for &(region, data_at, uri, value) in &self.settings {
            if region.start <= s.start && s.start < region.end.max(region.start + 1) {
                return if s.start >= data_at { value } else { uri };
            }
        }
        Span::empty(0)
    }
}

impl Fragment {
    /// Appends `text`, decoded from the input's `whole` value (base64), escaped.
    pub(crate) fn push_decoded(&mut self, text: &str, whole: Span) {
        let start = self.text.len();
        self.push_mapped(text, None, whole);
        self.decoded.push(Span::new(start, self.text.len()));
    }

    /// Where fragment offset `at` is in a decoded value: the 1-based character (an escape of
    /// the fragment is one character of the value).
    fn decoded_position(&self, at: usize) -> Option<usize> {
        let value = self.decoded.iter().find(|d| d.start <= at && at < d.end)?;
        let before = self.text.get(value.start..at)?;
        let escapes = before.matches("&amp;").count() * 4
            + (before.matches("&lt;").count() + before.matches("&gt;").count()) * 3;
        Some(before.chars().count() - escapes + 1)
    }

    /// Records the setting written from fragment offset `start` to here: its Data starts at
    /// `data_at`; what is not mapped character by character maps to `uri` before the Data and
    /// to `value` in it.
    pub(crate) fn setting(&mut self, start: usize, data_at: usize, uri: Span, value: Span) {
        self.settings
            .push((Span::new(start, self.text.len()), data_at, uri, value));
    }

    /// Checks the fragment; the diagnostics point into the input (plus `base`, the length of
    /// what precedes the mapped text, such as a byte order mark). A fix is kept when each of
    /// its edits falls on text copied as it is from the input and writes plain text (no
    /// character that JSON or XML would escape): such an edit means the same in the input.
    pub(crate) fn lint(&self, catalog: &Catalog, config: &Config, base: usize) -> Linted {
        let mut linted = if self.text.is_empty() {
            Linted::default()
        } else {
            lint_counted(self.text.as_bytes(), catalog, config)
        };
        let shift = |s: Span| Span::new(s.start + base, s.end + base);
        for d in &mut linted.diagnostics {
            let fix = d.fix.take().and_then(|f| self.map_fix(f));
            if let Some(n) = self.decoded_position(d.span.start) {
                d.message
                    .push_str(&format!(" (at character {n} of the decoded value)"));
            }
            *d = d.clone().map_spans(|s| shift(self.map(s)));
            d.fix = fix.map(|mut f| {
                for e in &mut f.edits {
                    e.span = shift(e.span);
                }
                f
            });
        }
        linted
    }

    /// `fix`, its edits moved onto the input; `None` when one cannot be.
    fn map_fix(&self, mut fix: Fix) -> Option<Fix> {
        for e in &mut fix.edits {
            let plain = !e
                .content
                .chars()
                .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'' | '\\') || c.is_control());
            if !plain {
                return None;
            }
            e.span = Span::new(
                self.copied_at(e.span.start, true)?,
                self.copied_at(e.span.end, false)?,
            );
        }
        Some(fix)
    }

    /// The input offset of fragment offset `at`, when it lies in (or at an edge of) text
    /// copied as it is; `starting` prefers the piece that starts there, else the one that ends
    /// there.
    fn copied_at(&self, at: usize, starting: bool) -> Option<usize> {
        let inside = |p: &&Piece| {
            if starting {
                p.fragment.start <= at && at < p.fragment.end
            } else {
                p.fragment.start < at && at <= p.fragment.end
            }
        };
        let edge = |p: &&Piece| p.fragment.start <= at && at <= p.fragment.end;
        let i = self.pieces.partition_point(|p| p.fragment.end < at);
        let near = self
            .pieces
            .get(i.saturating_sub(1)..(i + 2).min(self.pieces.len()))?;
        let piece = near
            .iter()
            .find(inside)
            .or_else(|| near.iter().find(edge))?;
        piece
            .linear
            .then(|| piece.input.start + (at - piece.fragment.start))
    }
}
