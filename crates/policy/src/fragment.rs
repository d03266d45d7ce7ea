//! A profile fragment written for an input that is not SyncML (an Intune export, a Windows
//! Configuration Designer file): each setting becomes the SyncML item it is sent as, the
//! fragment is checked by the same rules as any SyncML file, and every diagnostic is mapped
//! back to the characters of the input it came from. This is the one item model that every
//! input format produces and the rules consume.

use diagnostics::Span;

use crate::catalog::Catalog;
use crate::check::{lint_counted, Linted};
use crate::config::Config;

/// A piece of the fragment standing for a piece of the input.
struct Piece {
    fragment: Span,
    input: Span,
}

/// The fragment and how its characters map to the input.
#[derive(Default)]
pub(crate) struct Fragment {
    /// The SyncML written so far.
    pub(crate) text: String,
    pieces: Vec<Piece>,
    /// Per setting: the fragment region, where its Data starts, its LocURI and value spans
    /// in the input.
    settings: Vec<(Span, usize, Span, Span)>,
    /// The pieces (first, end) of values decoded from another encoding (base64), which all
    /// map to the whole encoded value: a diagnostic there names its place in the decoded text.
    decoded: Vec<(usize, usize)>,
}

impl Fragment {
    /// Appends SyncML markup that stands for nothing in the input.
    pub(crate) fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Appends `text` XML-escaped, each character mapped to `spans` (one per character), or
    /// all of them to `whole` when `spans` is `None`.
    pub(crate) fn push_mapped(&mut self, text: &str, spans: Option<&[Span]>, whole: Span) {
        self.push_mapped_as(text, spans, whole, true);
    }

    /// [`Fragment::push_mapped`], XML-escaped only when `escape` (raw markup stays markup).
    pub(crate) fn push_mapped_as(
        &mut self,
        text: &str,
        spans: Option<&[Span]>,
        whole: Span,
        escape: bool,
    ) {
        for (k, c) in text.chars().enumerate() {
            let start = self.text.len();
            match c {
                '&' if escape => self.text.push_str("&amp;"),
                '<' if escape => self.text.push_str("&lt;"),
                '>' if escape => self.text.push_str("&gt;"),
                c => self.text.push(c),
            }
            let input = spans.and_then(|s| s.get(k).copied()).unwrap_or(whole);
            self.pieces.push(Piece {
                fragment: Span::new(start, self.text.len()),
                input,
            });
        }
    }

    /// The input span of fragment span `s`.
    fn map(&self, s: Span) -> Span {
        let find = |o: usize| {
            let i = self.pieces.partition_point(|p| p.fragment.end <= o);
            self.pieces.get(i).filter(|p| p.fragment.start <= o)
        };
        if let (Some(a), Some(b)) = (find(s.start), find(s.end.saturating_sub(1).max(s.start))) {
            return Span::new(a.input.start, b.input.end.max(a.input.start));
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
        let first = self.pieces.len();
        self.push_mapped(text, None, whole);
        self.decoded.push((first, self.pieces.len()));
    }

    /// Where fragment offset `at` is in a decoded value: the 1-based character.
    fn decoded_position(&self, at: usize) -> Option<usize> {
        let piece = self.pieces.partition_point(|p| p.fragment.end <= at);
        self.decoded
            .iter()
            .find(|(first, end)| (*first..*end).contains(&piece))
            .map(|(first, _)| piece - first + 1)
    }

    /// Records the setting written from fragment offset `start` to here: its Data starts at
    /// `data_at`; what is not mapped character by character maps to `uri` before the Data and
    /// to `value` in it.
    pub(crate) fn setting(&mut self, start: usize, data_at: usize, uri: Span, value: Span) {
        self.settings
            .push((Span::new(start, self.text.len()), data_at, uri, value));
    }

    /// Checks the fragment; the diagnostics point into the input (plus `base`, the length of
    /// what precedes the mapped text, such as a byte order mark). Fixes are edits of the
    /// fragment, not of the input: they are not offered.
    pub(crate) fn lint(&self, catalog: &Catalog, config: &Config, base: usize) -> Linted {
        let mut linted = if self.text.is_empty() {
            Linted::default()
        } else {
            lint_counted(self.text.as_bytes(), catalog, config)
        };
        for d in &mut linted.diagnostics {
            d.fix = None;
            if let Some(n) = self.decoded_position(d.span.start) {
                d.message
                    .push_str(&format!(" (at character {n} of the decoded value)"));
            }
            *d = d.clone().map_spans(|s| {
                let m = self.map(s);
                Span::new(m.start + base, m.end + base)
            });
        }
        linted
    }
}
