//! The neutral diagnostic model of syncml-lint.
//!
//! Every crate of the workspace reports problems as [`Diagnostic`] values: a stable rule code,
//! a severity, a message, a primary [`Span`] of byte offsets into the file as it was read, extra
//! [`Label`]s and an optional help text. Nothing here renders or does I/O; the command line turns
//! these into miette reports, JSON, SARIF or GitHub annotations.
//!
//! [`LineIndex`] converts byte offsets into 1-based lines and columns counted in Unicode scalar
//! values, as the JSON and SARIF outputs require.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::fmt;

pub mod source;

pub use source::{DecodeError, Encoding, OffsetMap, Source};

/// `n` and the noun in the number it takes: `1 field`, `3 fields`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A half-open range of byte offsets `start..end` into a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; a reversed pair is normalised to an empty span at `start`.
    pub const fn new(start: usize, end: usize) -> Self {
        if end < start {
            Span { start, end: start }
        } else {
            Span { start, end }
        }
    }

    /// An empty span at `at`.
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// The number of bytes covered.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this span covers, or `None` when it is out of bounds or not on char boundaries.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Information only; never fails a run.
    Info,
    /// A likely mistake; fails a run only under `--deny-warnings`.
    Warning,
    /// A definite mistake: the device would reject or misapply the setting.
    Error,
}

impl Severity {
    /// The lower-case name used in JSON and configuration: `error`, `warning`, `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` (or `warn`) and `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location with a message, such as "first used here".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What it shows.
    pub message: String,
}

impl Label {
    /// A label at `span` saying `message`.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Label {
            span,
            message: message.into(),
        }
    }
}

/// One problem found in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable rule code, such as `unknown-data-id`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The characters the problem is about, as byte offsets into the original file.
    pub span: Span,
    /// Optional text shown under the primary span.
    pub span_label: Option<String>,
    /// Further locations that help to understand the problem.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// An automatic fix: edits of the original file.
    pub fix: Option<Fix>,
}

/// Whether a fix keeps the meaning the author evidently intended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// It does (`--fix` applies it).
    Safe,
    /// It guesses (`--unsafe-fixes` applies it).
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`, as the JSON output writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One edit: the bytes of `span` of the original file replaced by `content`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    /// What is replaced (empty to insert).
    pub span: Span,
    /// What replaces it, as text of the file's encoding (UTF-8).
    pub content: String,
}

/// An automatic fix of a diagnostic: non-overlapping edits, sorted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// What it does.
    pub message: String,
    /// The edits.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of one edit.
    pub fn one(
        applicability: Applicability,
        message: impl Into<String>,
        span: Span,
        content: impl Into<String>,
    ) -> Fix {
        Fix {
            applicability,
            message: message.into(),
            edits: vec![Edit {
                span,
                content: content.into(),
            }],
        }
    }
}

impl Diagnostic {
    /// A diagnostic with no labels and no help.
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            span,
            span_label: None,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// With an automatic fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// An error-severity diagnostic.
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, span, message)
    }

    /// A warning-severity diagnostic.
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, span, message)
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label::new(span, message));
        self
    }

    /// Sets the text shown under the primary span.
    #[must_use]
    pub fn with_span_label(mut self, message: impl Into<String>) -> Self {
        self.span_label = Some(message.into());
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help text when there is one.
    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Applies `f` to every span (primary and labels), e.g. to map decoded offsets back to the
    /// original file.
    #[must_use]
    pub fn map_spans(mut self, f: impl Fn(Span) -> Span) -> Self {
        self.span = f(self.span);
        for label in &mut self.labels {
            label.span = f(label.span);
        }
        if let Some(fix) = &mut self.fix {
            for e in &mut fix.edits {
                e.span = f(e.span);
            }
        }
        self
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
}

/// Line starts of a text, built once, to turn byte offsets into lines and columns.
///
/// Columns count Unicode scalar values. Besides line starts, the index keeps a checkpoint
/// every 4 KiB of a long line, so that a column costs at most 4 KiB of counting even on a
/// 50 MB single-line file.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `(byte offset, column of that offset within its line)`, sorted, on char boundaries.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT_EVERY: usize = 4096;

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut checkpoints = Vec::new();
        let mut column = 0usize;
        let mut next = CHECKPOINT_EVERY;
        for (i, b) in text.bytes().enumerate() {
            // a char starts at every byte that is not a UTF-8 continuation byte
            let boundary = (b as i8) >= -0x40;
            if i >= next && boundary {
                checkpoints.push((i, column));
                next = i + CHECKPOINT_EVERY;
            }
            if b == b'\n' {
                starts.push(i + 1);
                column = 0;
            } else if boundary {
                column += 1;
            }
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// The byte range of 1-based line `line` of `text`, without its line break (`\n` or
    /// `\r\n`); `None` past the last line.
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self
            .starts
            .get(line)
            .map_or(text.len(), |next| next.saturating_sub(1));
        let end = if text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end - 1
        } else {
            end
        };
        Some(start..end.max(start))
    }

    /// The number of lines.
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The line and column of byte `offset` in `text` (the same text given to [`LineIndex::new`]).
    /// An offset inside a character counts as that character; past the end, the end.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let line_start = self.starts.get(line).copied().unwrap_or(0);
        // start counting at the last checkpoint on this line before `offset`, if any
        let (from, base) = match self
            .checkpoints
            .partition_point(|&(o, _)| o <= offset)
            .checked_sub(1)
        {
            Some(k) => match self.checkpoints.get(k) {
                Some(&(o, col)) if o >= line_start => (o, col),
                _ => (line_start, 0),
            },
            None => (line_start, 0),
        };
        let counted = text
            .as_bytes()
            .get(from..offset)
            .map_or(0, |b| b.iter().filter(|&&b| (b as i8) >= -0x40).count());
        LineCol {
            line: line + 1,
            column: base + counted + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_scalar_values() {
        let text = "ab\nçd€x\r\nz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 3), LineCol { line: 2, column: 1 });
        // 'd' follows the two-byte 'ç'
        assert_eq!(idx.line_col(text, 5), LineCol { line: 2, column: 2 });
        // 'x' follows the three-byte '€'
        assert_eq!(idx.line_col(text, 9), LineCol { line: 2, column: 4 });
        assert_eq!(idx.line_col(text, 12), LineCol { line: 3, column: 1 });
        assert_eq!(idx.line_col(text, 99), LineCol { line: 3, column: 2 });
    }

    #[test]
    fn checkpoints_agree_with_counting() {
        let line: String = "aé€😀".repeat(3000);
        let text = format!("x\n{line}\n{line}");
        let idx = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(997) {
            let line_start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(idx.line_col(&text, offset).column, expected, "{offset}");
        }
    }

    #[test]
    fn reversed_span_is_empty() {
        assert!(Span::new(5, 2).is_empty());
        assert_eq!(Span::new(1, 3).cover(Span::new(7, 9)), Span::new(1, 9));
    }
}
