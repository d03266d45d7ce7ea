//! What the human report shows of a file: the lines around a diagnostic, each cut to a window
//! around its spans when it is long (a minified 5 MB message is one line), with every control
//! character, terminal escape and bidirectional override replaced by a visible stand-in, so
//! that a report is bounded in size and never writes a file's control sequences to the
//! terminal. miette renders it through [`Snippet`], which reports the true line and column.

use diagnostics::{LineCol, LineIndex, Span};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Characters of a line shown around its first span; a line this long or shorter is whole.
const WINDOW: usize = 160;
/// Characters shown before the first span of a cut line.
const BEFORE: usize = 40;

/// A character as it may be written to a terminal.
pub fn visible(c: char) -> char {
    match c {
        '\t' => '\t',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}' => '\u{fffd}',
        c => c,
    }
}

/// `s` with every character made [`visible`] (line breaks too).
pub fn sanitize(s: &str) -> String {
    s.chars().map(visible).collect()
}

/// How many lines below the primary span a label may stand and still be shown.
const LABEL_REACH: usize = 6;

/// The shown lines of one diagnostic and its spans in them.
pub struct Snippet {
    name: String,
    text: String,
    /// 1-based line of the snippet's first line in the file.
    first_line: usize,
    /// The primary span in the snippet, and its true position in the file.
    primary: (Span, LineCol),
}

impl Snippet {
    /// The snippet of `spans` (the primary first) in `text`: `Some(span)` for each span that is
    /// shown, in snippet offsets.
    pub fn new(
        name: &str,
        text: &str,
        index: &LineIndex,
        spans: &[Span],
    ) -> (Snippet, Vec<Option<Span>>) {
        let primary = spans.first().copied().unwrap_or_default();
        let at = index.line_col(text, primary.start);
        let end_line = index.line_col(text, primary.end).line.min(at.line + 3);
        let first = at.line.saturating_sub(1).max(1);
        // labels a few lines below the primary span (the LocURI of a command) are shown too
        let labels_end = spans
            .iter()
            .skip(1)
            .map(|s| index.line_col(text, s.start).line)
            .filter(|l| (at.line..=at.line + LABEL_REACH).contains(l))
            .max()
            .unwrap_or(0);
        let last = (end_line + 1).max(labels_end).min(index.lines());
        let mut out = String::new();
        // (file offset, snippet offset) at every kept character boundary, in order
        let mut map: Vec<(usize, usize)> = Vec::new();
        for line in first..=last {
            let Some(range) = index.line_range(text, line) else {
                break;
            };
            let line_text = text.get(range.clone()).unwrap_or("");
            let anchor = spans
                .iter()
                .map(|s| s.start)
                .find(|o| range.contains(o))
                .map_or(0, |o| o - range.start);
            let (ws, we) = window(line_text, anchor);
            if ws > 0 {
                out.push('…');
            }
            for (i, c) in line_text.get(ws..we).unwrap_or("").char_indices() {
                map.push((range.start + ws + i, out.len()));
                out.push(visible(c));
            }
            map.push((range.start + we, out.len()));
            if we < line_text.len() {
                out.push('…');
            }
            out.push('\n');
        }
        let to_snippet = |o: usize| -> Option<usize> {
            map.binary_search_by_key(&o, |&(f, _)| f)
                .ok()
                .and_then(|i| map.get(i))
                .map(|&(_, s)| s)
        };
        let last_kept = map.last().map_or(0, |&(f, _)| f);
        let mapped: Vec<Option<Span>> = spans
            .iter()
            .map(|s| {
                let start = to_snippet(s.start)?;
                // an end past the window is cut at the window's end
                let end = to_snippet(s.end.min(last_kept))
                    .or_else(|| {
                        map.iter()
                            .rev()
                            .find(|&&(f, _)| f <= s.end)
                            .map(|&(_, o)| o)
                    })
                    .unwrap_or(start);
                Some(Span::new(start, end.max(start)))
            })
            .collect();
        let primary_in = mapped.first().copied().flatten().unwrap_or_default();
        (
            Snippet {
                name: sanitize(name),
                text: out,
                first_line: first,
                primary: (primary_in, at),
            },
            mapped,
        )
    }
}

/// The byte window `[start, end)` of `line` shown around byte `anchor`.
fn window(line: &str, anchor: usize) -> (usize, usize) {
    if line.chars().count() <= WINDOW {
        return (0, line.len());
    }
    let before: Vec<usize> = line
        .get(..anchor.min(line.len()))
        .unwrap_or("")
        .char_indices()
        .map(|(i, _)| i)
        .collect();
    let start = before
        .len()
        .checked_sub(BEFORE)
        .and_then(|k| before.get(k).copied())
        .unwrap_or(0);
    let end = line
        .get(start..)
        .unwrap_or("")
        .char_indices()
        .nth(WINDOW)
        .map_or(line.len(), |(i, _)| start + i);
    (start, end)
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let (line, column) = if span.offset() == self.primary.0.start
            && context_lines_before == 0
            && context_lines_after == 0
        {
            // the header: the true position in the file
            (self.primary.1.line - 1, self.primary.1.column - 1)
        } else {
            (inner.line() + self.first_line - 1, inner.column())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}
