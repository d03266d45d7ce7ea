//! Per-file results and the output formats: human (miette), JSON, SARIF, GitHub.

use std::fmt::Write as _;

use diagnostics::{Diagnostic, LineCol, LineIndex, Severity, Source, Span};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};

use crate::snippet::{sanitize, Snippet};
use serde_json::{json, Value};

/// The diagnostics of one file, with its text for positions and snippets.
pub struct FileReport {
    /// The path as shown (`<stdin>` for standard input).
    pub path: String,
    /// The file as text (after any BOM; transcoded from UTF-16), with its map to file offsets.
    source: Source<'static>,
    bytes_len: usize,
    /// Sorted diagnostics with spans into the file's bytes.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics found but not shown (past `--max-diagnostics`): they still count.
    hidden: policy::Counts,
}

impl FileReport {
    /// A report for `bytes` read from `path`.
    pub fn new(path: String, bytes: &[u8], diagnostics: Vec<Diagnostic>) -> FileReport {
        let bytes_len = bytes.len();
        // the text is needed only for positions and snippets of diagnostics
        // only the text up to the last line a diagnostic points into is kept (a file of 256 MB
        // with one diagnostic at its start keeps a few bytes)
        let end = diagnostics
            .iter()
            .flat_map(|d| std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)))
            .map(|s| s.end)
            .max();
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        let bytes = match end {
            None => &[][..],
            // UTF-16 text is kept whole: a cut could split a surrogate pair
            Some(_) if utf16 => bytes,
            Some(end) => {
                let tail = bytes.get(end..).unwrap_or(&[]);
                // the line of the last span and the one after it, which the report shows
                let line_end = tail
                    .iter()
                    .take(64 * 1024)
                    .enumerate()
                    .filter(|(_, &b)| b == b'\n')
                    .nth(1)
                    .map_or(tail.len().min(64 * 1024), |(i, _)| i);
                // a character cut at the 64 KiB bound is shown lossily, after every span
                bytes
                    .get(..(end + line_end).min(bytes.len()))
                    .unwrap_or(bytes)
            }
        };
        let source = match Source::decode(bytes) {
            Ok(s) => s.into_owned(),
            // undecodable bytes: show them lossily; the only diagnostic points at the first bad byte,
            // before which offsets are unchanged
            Err(_) => Source::from_text(String::from_utf8_lossy(bytes).into_owned()),
        };
        FileReport {
            path,
            source,
            bytes_len,
            diagnostics,
            hidden: policy::Counts::default(),
        }
    }

    /// The report of what `policy::lint_counted` found.
    pub fn linted(path: String, bytes: &[u8], linted: policy::Linted) -> FileReport {
        let mut r = FileReport::new(path, bytes, linted.diagnostics);
        r.hidden = linted.hidden;
        r
    }

    /// The text of the file.
    pub fn text(&self) -> &str {
        &self.source.text
    }

    fn text_span(&self, span: Span) -> Span {
        Span::new(
            self.source.to_text(span.start),
            self.source.to_text(span.end),
        )
    }

    /// Counts by severity, those not shown included.
    pub fn counts(&self) -> (usize, usize, usize) {
        let c = |s| self.diagnostics.iter().filter(|d| d.severity == s).count();
        (
            c(Severity::Error) + self.hidden.errors,
            c(Severity::Warning) + self.hidden.warnings,
            c(Severity::Info) + self.hidden.infos,
        )
    }

    /// The diagnostics with their start and end positions (1-based lines, columns in Unicode
    /// scalar values, end exclusive).
    pub fn located(&self) -> Vec<(&Diagnostic, LineCol, LineCol)> {
        if self.diagnostics.is_empty() {
            return Vec::new();
        }
        let index = self.index();
        self.diagnostics
            .iter()
            .map(|d| {
                let t = self.text_span(d.span);
                (
                    d,
                    index.line_col(self.text(), t.start),
                    index.line_col(self.text(), t.end),
                )
            })
            .collect()
    }

    /// The JSON objects of the diagnostics (the contract's shape).
    pub fn json(&self) -> Vec<Value> {
        self.located()
            .into_iter()
            .map(|(d, start, end)| {
                let mut v = json!({
                    "file": self.path,
                    "code": d.code,
                    "severity": d.severity.as_str(),
                    "message": d.message,
                    "line": start.line,
                    "column": start.column,
                    "end_line": end.line,
                    "end_column": end.column,
                    "offset": d.span.start.min(self.bytes_len),
                    "length": d.span.len(),
                    "help": d.help,
                });
                if let Some(fix) = &d.fix {
                    v["fix"] = json!({
                        "applicability": fix.applicability.as_str(),
                        "message": fix.message,
                        "edits": fix.edits.iter().map(|e| json!({
                            "offset": e.span.start,
                            "length": e.span.len(),
                            "content": e.content,
                        })).collect::<Vec<_>>(),
                    });
                }
                v
            })
            .collect()
    }

    /// The line index of the text.
    pub fn index(&self) -> LineIndex {
        LineIndex::new(self.text())
    }
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical reports with source snippets.
    Human,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
}

/// `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR`; `CLICOLOR_FORCE` or `FORCE_COLOR` force it.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

static COLOUR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// Sets `--color` for the run.
pub fn set_colour(choice: ColorChoice) {
    let _ = COLOUR.set(choice);
}

/// Whether to colour human output.
pub fn use_colour() -> bool {
    use std::io::IsTerminal;
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match COLOUR.get().copied().unwrap_or_default() {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE") || set("FORCE_COLOR") => true,
        ColorChoice::Auto => std::io::stdout().is_terminal(),
    }
}

/// Renders the human report of all files.
pub fn human(reports: &[FileReport], colour: bool) -> String {
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    let mut codes: Vec<&str> = Vec::new();
    for r in reports {
        if r.diagnostics.is_empty() {
            continue;
        }
        let index = r.index();
        for d in &r.diagnostics {
            let spans: Vec<Span> = std::iter::once(d.span)
                .chain(d.labels.iter().map(|l| l.span))
                .map(|s| r.text_span(s))
                .collect();
            let (snippet, shown) = Snippet::new(&r.path, r.text(), &index, &spans);
            let primary = shown.first().copied().flatten().unwrap_or_default();
            let mut labels = vec![LabeledSpan::new_primary_with_span(
                d.span_label.as_deref().map(sanitize),
                (primary.start, primary.len()),
            )];
            for (l, s) in d.labels.iter().zip(shown.iter().skip(1)) {
                if let Some(s) = s {
                    labels.push(LabeledSpan::new_with_span(
                        Some(sanitize(&l.message)),
                        (s.start, s.len()),
                    ));
                }
            }
            let mut md = MietteDiagnostic::new(sanitize(&d.message))
                .with_code(d.code)
                .with_severity(match d.severity {
                    Severity::Error => miette::Severity::Error,
                    Severity::Warning => miette::Severity::Warning,
                    Severity::Info => miette::Severity::Advice,
                })
                .with_labels(labels);
            let fix = d.fix.as_ref().map(|f| {
                format!(
                    "fix available ({}, `--fix{}`): {}",
                    f.applicability.as_str(),
                    if f.applicability == diagnostics::Applicability::Unsafe {
                        " --unsafe-fixes"
                    } else {
                        ""
                    },
                    f.message
                )
            });
            let help = match (&d.help, fix) {
                (Some(h), Some(f)) => Some(format!("{}\n{}", sanitize(h), sanitize(&f))),
                (h, f) => h.as_deref().or(f.as_deref()).map(sanitize),
            };
            if let Some(h) = help {
                md = md.with_help(h);
            }
            let report = miette::Report::new(md).with_source_code(snippet);
            let _ = handler.render_report(&mut out, report.as_ref());
            out.push('\n');
            if !codes.contains(&d.code) {
                codes.push(d.code);
            }
        }
    }
    let (e, w, i) = totals(reports);
    let _ = writeln!(
        out,
        "{} {} checked: {e} {}, {w} {}, {i} {}",
        reports.len(),
        plural(reports.len(), "file", "files"),
        plural(e, "error", "errors"),
        plural(w, "warning", "warnings"),
        plural(i, "info", "infos"),
    );
    if let Some(code) = codes.first() {
        let _ = writeln!(
            out,
            "For the full explanation of a rule: syncml-lint explain {code}"
        );
    }
    out
}

fn plural<'s>(n: usize, one: &'s str, many: &'s str) -> &'s str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// Error, warning and info totals.
pub fn totals(reports: &[FileReport]) -> (usize, usize, usize) {
    reports
        .iter()
        .map(FileReport::counts)
        .fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
}

/// The JSON document of `check`.
pub fn json_document(reports: &[FileReport]) -> Value {
    let diagnostics: Vec<Value> = reports.iter().flat_map(FileReport::json).collect();
    let (e, w, i) = totals(reports);
    json!({
        "version": 1,
        "diagnostics": diagnostics,
        "summary": { "files": reports.len(), "errors": e, "warnings": w, "infos": i },
    })
}

/// The SARIF 2.1.0 document.
pub fn sarif(reports: &[FileReport]) -> Value {
    let rules: Vec<Value> = policy::RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.summary() },
                "help": { "text": r.doc(), "markdown": r.doc() },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
                "properties": { "tags": [r.group] },
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        for (d, start, end) in r.located() {
            results.push(json!({
                "ruleId": d.code,
                "ruleIndex": policy::RULES.iter().position(|x| x.code == d.code).unwrap_or(0),
                "level": sarif_level(d.severity),
                "message": { "text": with_help(d) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&r.path),
                        "region": {
                            "startLine": start.line, "startColumn": start.column,
                            "endLine": end.line, "endColumn": end.column,
                            "byteOffset": d.span.start, "byteLength": d.span.len(),
                        }
                    }
                }],
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "syncml-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/syncml-lint/syncml-lint",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {
                "%SRCROOT%": { "uri": std::env::current_dir().map_or_else(|_| "file:///".to_string(), |d| {
                    let mut u = file_uri(&d.to_string_lossy());
                    if !u.ends_with('/') { u.push('/'); }
                    u
                }) }
            },
            "results": results,
        }]
    })
}

/// `path` percent-encoded as a URI path: RFC 3986 unreserved characters, sub-delimiters, `:`,
/// `@` and `/` as they are, everything else (spaces, `#`, `%`, `?`, non-ASCII) as `%XX` of its
/// UTF-8 bytes.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b':'
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A `file:` URI for an absolute path.
fn file_uri(absolute: &str) -> String {
    let p = percent_encode(absolute);
    if p.starts_with('/') {
        format!("file://{p}")
    } else {
        // a Windows drive path, `C:/...`
        format!("file:///{p}")
    }
}

/// SARIF's `artifactLocation` of a reported path: an absolute path as a `file:` URI, a
/// relative one percent-encoded against `%SRCROOT%` (the working directory).
fn artifact_location(path: &str) -> Value {
    let absolute = path.starts_with('/')
        || path.as_bytes().get(1) == Some(&b':')
            && path.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
    if absolute {
        json!({ "uri": file_uri(path) })
    } else {
        json!({ "uri": percent_encode(path), "uriBaseId": "%SRCROOT%" })
    }
}

/// The message, and the help on a second line, for formats with one text field.
fn with_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(h) => format!("{}\nhelp: {h}", d.message),
        None => d.message.clone(),
    }
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn gh_escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// GitHub Actions workflow commands, one a line.
pub fn github(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for (d, start, end) in r.located() {
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let _ = writeln!(
                out,
                "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                gh_escape(&r.path, true),
                start.line,
                start.column,
                end.line,
                end.column,
                d.code,
                gh_escape(&with_help(d), false)
            );
        }
    }
    out
}
