//! The validation pipeline: which rule runs on what, and in which order, so that one defect is
//! reported once, by the most basic rule (see the contract's suppression order).

use admx::{ElementKind, LoadedAdmx, PolicyElement};
use diagnostics::{Diagnostic, Source, Span};
use syncml::ast::{BodyChild, Command, CommandKind, Item, Shape};
use syncml::{codes as xml_codes, DataText, Message, Payload, PayloadItem, SpanMap, State};

use crate::catalog::{Catalog, Lookup, Resolved};
use crate::config::Config;
use crate::memo::Memo;
use crate::rules::{self, *};
use crate::suppress::Suppressions;
use crate::uri::{AdmxInstallUri, PolicyNode, PolicyUri, Scope, Tree};

/// Collects diagnostics for one file, dropping those of rules that are off. Past a multiple
/// of `max_diagnostics` it only counts them, so that a hostile file with a million defects
/// costs no more memory than one with a thousand.
pub(crate) struct Cx<'a> {
    pub text: &'a str,
    pub config: &'a Config,
    pub out: Vec<Diagnostic>,
    /// Diagnostics counted but not kept, by severity (error, warning, info).
    pub dropped: Counts,
    /// The diagnostics in `out` by severity, in the order of `Severity` (infos, warnings,
    /// errors).
    pub kept: [usize; 3],
    /// The parser's vectors, reused from payload to payload.
    pub buffers: syncml::payload::Buffers,
    /// The inline suppressions of the file.
    pub suppressions: crate::suppress::Suppressions,
    /// Lookups kept from one item to the next.
    pub memo: Memo,
    /// How many diagnostics the checks gave, kept or not (whether a step found anything).
    pub emitted: usize,
}

impl Cx<'_> {
    /// Keeps `d` unless its rule is off or suppressed. Up to four times `max-diagnostics` are
    /// kept: past that, one replaces the latest kept of a lower severity, or is only counted,
    /// so that what is kept is always the first of each severity, errors first (what
    /// `too-many-diagnostics` then shows).
    pub fn emit(&mut self, d: Diagnostic) {
        self.emitted += 1;
        if !self.config.enabled(d.code) || self.suppressions.suppresses(&d) {
            return;
        }
        use diagnostics::Severity::{Info, Warning};
        let severity = |k: &Diagnostic| self.config.severity(k.code, k.severity);
        let s = severity(&d);
        if self.out.len() < self.config.max_diagnostics.max(16).saturating_mul(4) {
            if let Some(n) = self.kept.get_mut(s as usize) {
                *n += 1;
            }
            self.out.push(d);
            return;
        }
        // full: the worst kept (the latest of the lowest severity) gives way to a better one
        let worst = [Info, Warning]
            .into_iter()
            .take_while(|&w| w < s)
            .find(|&w| self.kept.get(w as usize).is_some_and(|&n| n > 0));
        let evict = worst.and_then(|w| {
            let i = self.out.iter().rposition(|k| severity(k) == w)?;
            Some((i, w))
        });
        match evict {
            Some((i, w)) => {
                let old = self.out.remove(i);
                self.dropped.add(severity(&old));
                if let Some(n) = self.kept.get_mut(w as usize) {
                    *n -= 1;
                }
                if let Some(n) = self.kept.get_mut(s as usize) {
                    *n += 1;
                }
                self.out.push(d);
            }
            None => self.dropped.add(s),
        }
    }
}

/// A Policy CSP LocURI with its parts mapped to text offsets.
#[derive(Clone, Debug)]
pub(crate) struct MappedUri<'u> {
    pub scope: Scope,
    pub scope_span: Span,
    pub tree: Tree,
    pub area: &'u str,
    pub area_span: Span,
    pub policy: Option<(&'u str, Span)>,
    /// The whole LocURI text.
    pub span: Span,
}

impl<'u> MappedUri<'u> {
    fn new(u: &PolicyUri<'u>, map: &SpanMap, whole: Span) -> Self {
        MappedUri {
            scope: u.scope,
            scope_span: map.map_span(u.scope_span),
            tree: u.tree,
            area: u.area.name,
            area_span: map.map_span(u.area.span),
            policy: u.policy.map(|p| (p.name, map.map_span(p.span))),
            span: whole,
        }
    }
}

/// One `<data>` value with everything the value rules need.
pub(crate) struct ValueSite<'v> {
    /// The decoded value.
    pub value: &'v str,
    /// The `id`.
    pub id: &'v str,
    /// The ADMX element.
    pub element: &'v PolicyElement,
    /// The file, for display names.
    pub file: &'v LoadedAdmx,
    /// The attribute, in the payload text.
    attribute: syncml::xml::Attribute<'v>,
    payload: &'v str,
    /// Decoded value → payload text: made when a span is first asked for, to report.
    value_map: std::cell::OnceCell<SpanMap>,
    data: &'v DataText<'v>,
}

impl ValueSite<'_> {
    /// The text span of `sub`, a span of the decoded value.
    pub fn span(&self, sub: Span) -> Span {
        let value_map = self
            .value_map
            .get_or_init(|| Payload::value_map(self.payload, self.attribute));
        self.data.to_source(value_map.map_span(sub))
    }

    /// The text span of the whole value.
    pub fn whole(&self) -> Span {
        self.span(Span::new(0, self.value.len()))
    }

    /// How `text`, a value with U+F000 delimiters, is written in the file: each delimiter as
    /// `&#xF000;` in a CDATA or raw payload (the payload's own reference) and as `&amp;#xF000;`
    /// in an escaped one. `None` when `text` holds a character that would need more escaping.
    pub fn written(&self, text: &str) -> Option<String> {
        if text.contains(['&', '<', '>', '"', '\'']) {
            return None;
        }
        let reference = match self.data.form {
            syncml::Form::CData | syncml::Form::Raw => "&#xF000;",
            syncml::Form::Escaped => "&amp;#xF000;",
            syncml::Form::Empty => return None,
        };
        Some(text.replace(syncml::payload::LIST_DELIMITER, reference))
    }

    /// Whether this is the Remote Assistance helper list.
    pub fn is_helper_list(&self) -> bool {
        self.element.id == crate::HELPER_LIST_ID
    }
}

/// Validates a parsed message against `catalog`. Spans are offsets into `message.text`.
/// Diagnostics are sorted, capped at `config.max_diagnostics` and carry their configured
/// severity.
pub fn validate(message: &Message<'_>, catalog: &Catalog, config: &Config) -> Vec<Diagnostic> {
    let suppressions = Suppressions::read(message.text, config);
    let mut checker = Checker::new(message.text, catalog, config, suppressions);
    for child in message.body_children() {
        checker.body_child(message.shape, &child);
    }
    checker.finish(message).diagnostics
}

/// Reads, decodes, parses and validates one file. Spans are byte offsets into `bytes`.
///
/// The same checks as [`validate`] after [`syncml::parse_with`], run while the file is
/// parsed: each command is checked as soon as it closes and then taken out of the document,
/// so a large message is checked while each command is in the cache, in the memory of one.
pub fn lint(bytes: &[u8], catalog: &Catalog, config: &Config) -> Vec<Diagnostic> {
    lint_counted(bytes, catalog, config).diagnostics
}

/// The `encoding` an XML declaration names (in a UTF-8 or ASCII-compatible start of the file),
/// with its span.
fn declared_encoding(bytes: &[u8]) -> Option<(&str, Span)> {
    let head = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let offset = bytes.len() - head.len();
    let decl_end = memchr::memmem::find(head.get(..head.len().min(512))?, b"?>")?;
    let decl = std::str::from_utf8(head.get(..decl_end)?).ok()?;
    let decl_body = decl.strip_prefix("<?xml")?;
    let at = decl_body.find("encoding")?;
    let rest = decl_body
        .get(at + 8..)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = rest.get(1..)?.split(quote).next()?;
    let start = offset + 5 + at + 8 + (decl_body.get(at + 8..)?.len() - rest.len()) + 1;
    Some((value, Span::new(start, start + value.len())))
}

/// The diagnostic [`lint`] stops at, before reading any element, when the XML declaration of
/// `bytes` names an encoding that is not read or that contradicts the bytes; `None` otherwise.
/// [`validate`] checks a message already parsed, so it never reports this.
pub fn declared_encoding_refusal(bytes: &[u8]) -> Option<Diagnostic> {
    declared_encoding_problem(bytes, diagnostics::Source::decode(bytes).ok().as_ref())
}

/// The declared encoding of a file, when it is one that is not read (only UTF-8 and UTF-16
/// are), or when it contradicts the bytes (`UTF-16` declared in a UTF-8 file, `UTF-8` in a
/// UTF-16 one). `source` is how the bytes were read, `None` when they could not be. Spans are
/// offsets into `bytes`.
fn declared_encoding_problem(
    bytes: &[u8],
    source: Option<&diagnostics::Source<'_>>,
) -> Option<Diagnostic> {
    use diagnostics::Encoding;
    let decoded = source.map(|s| s.encoding);
    // the declaration is read from the decoded text (a UTF-16 file's is not ASCII bytes), else
    // from the bytes that could not be decoded
    let (name, span) = match source {
        Some(s) => {
            let (name, span) = declared_encoding(s.text.as_bytes())?;
            (name, s.span_to_file(span))
        }
        None => declared_encoding(bytes)?,
    };
    let lower = name.to_ascii_lowercase();
    let utf8 = matches!(lower.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii");
    let utf16 = matches!(
        lower.as_str(),
        "utf-16" | "utf-16le" | "utf-16be" | "unicode" | "ucs-2"
    );
    let message = match decoded {
        _ if !utf8 && !utf16 => format!(
            "the file declares the encoding `{name}`, which is not read: only UTF-8 and UTF-16 are"
        ),
        Some(Encoding::Utf8 | Encoding::Utf8Bom) if utf16 => {
            format!("the file declares `{name}` but is not UTF-16 (it has no byte order mark)")
        }
        Some(Encoding::Utf16Le | Encoding::Utf16Be) if utf8 => {
            format!("the file declares `{name}` but is UTF-16 (it starts with a UTF-16 byte order mark)")
        }
        _ => return None,
    };
    Some(
        Diagnostic::error(xml_codes::XML_SYNTAX, span, message)
            .with_help("save the file as UTF-8 and declare `encoding=\"UTF-8\"`"),
    )
}

/// Diagnostics by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Counts {
    /// Adds the counts of `other`.
    pub fn absorb(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    pub(crate) fn add(&mut self, s: diagnostics::Severity) {
        match s {
            diagnostics::Severity::Error => self.errors += 1,
            diagnostics::Severity::Warning => self.warnings += 1,
            diagnostics::Severity::Info => self.infos += 1,
        }
    }
}

/// What [`lint_counted`] found: the diagnostics to show (at most `max-diagnostics`, errors
/// kept before warnings and infos) and the counts of those not shown, which a run's exit code
/// and summary still count.
#[derive(Clone, Debug, Default)]
pub struct Linted {
    /// The diagnostics to show, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The diagnostics found but not shown, by severity.
    pub hidden: Counts,
}

impl Linted {
    /// Takes in what `other` found in the same file: its diagnostics (sorted in, a repeat
    /// dropped) and its hidden counts.
    pub fn absorb(&mut self, other: Linted) {
        self.diagnostics.extend(other.diagnostics);
        self.hidden.absorb(other.hidden);
        sort_and_dedup(&mut self.diagnostics);
    }
}

/// Sorts diagnostics by place and code, and drops a repeat of the same one.
fn sort_and_dedup(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (a.span.start, a.code, a.span.end).cmp(&(b.span.start, b.code, b.span.end))
    });
    diags.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
}

/// [`lint`], with the counts of the diagnostics past `max-diagnostics`.
pub fn lint_counted(bytes: &[u8], catalog: &Catalog, config: &Config) -> Linted {
    if bytes.len() > config.limits.max_size {
        let d = Diagnostic::error(
            xml_codes::LIMIT_EXCEEDED,
            Span::empty(0),
            format!(
                "the file is larger than the limit of {} bytes",
                config.limits.max_size
            ),
        )
        .with_help("raise `limits.max-size` in syncml-lint.toml if this file is legitimate");
        return finish(vec![d], Counts::default(), config);
    }
    let source = match Source::decode(bytes) {
        Ok(s) => s,
        Err(e) => {
            // a file in an encoding that is not read: say so rather than "invalid UTF-8"
            let d = declared_encoding_problem(bytes, None)
                .unwrap_or_else(|| e.into_diagnostic(xml_codes::XML_SYNTAX));
            return finish(vec![d], Counts::default(), config);
        }
    };
    if let Some(d) = declared_encoding_problem(bytes, Some(&source)) {
        return finish(vec![d], Counts::default(), config);
    }
    let text: &str = &source.text;
    if text.trim().is_empty() {
        let d = Diagnostic::error(
            xml_codes::XML_SYNTAX,
            Span::empty(0),
            "the file is empty: no SyncML message or command",
        )
        .with_help("a file holds a `<SyncML>` message or SyncML commands such as `<Replace>`");
        return finish(vec![d], Counts::default(), config);
    }
    // Suppressions are comments: a file without any is checked without looking for them (a
    // substring search over the whole text); one with comments that hold the marker is
    // checked again with its suppressions, which the first check could not know in advance.
    let mut linted = lint_text(&source, catalog, config, Suppressions::default());
    if linted.may_be_suppressed(text) {
        linted = lint_text(&source, catalog, config, Suppressions::read(text, config));
    }
    linted.result
}

/// What [`lint_text`] found, and how many comments the text holds.
struct TextLinted {
    result: Linted,
    comments: usize,
}

impl TextLinted {
    /// Whether `text`, checked without suppressions, may hold some: it has comments and the
    /// marker.
    fn may_be_suppressed(&self, text: &str) -> bool {
        self.comments > 0 && Suppressions::may_hold(text)
    }
}

/// The checks of a decoded, non-empty text, with the suppressions it holds (or none).
fn lint_text(
    source: &Source<'_>,
    catalog: &Catalog,
    config: &Config,
    suppressions: Suppressions,
) -> TextLinted {
    let text: &str = &source.text;
    let mut checker = Checker::new(text, catalog, config, suppressions);
    let parsed = syncml::ast::parse_body_visiting(text, &config.limits, &mut |shape, child| {
        checker.body_child(shape, child)
    });
    let alone = |d: Diagnostic| TextLinted {
        result: finish(
            vec![d.map_spans(|s| source.span_to_file(s))],
            Counts::default(),
            config,
        ),
        comments: 0,
    };
    let doc = match parsed {
        Ok(doc) => doc,
        // a file that is not well-formed gets its syntax error alone
        Err(d) => return alone(*d),
    };
    if doc.elements().next().is_none() && checker.body_children == 0 {
        let end = text.len();
        let d = Diagnostic::error(
            xml_codes::XML_SYNTAX,
            Span::empty(end),
            "unexpected end of input: the file holds no element",
        )
        .with_help("a file holds a `<SyncML>` message or SyncML commands such as `<Replace>`");
        return alone(d);
    }
    let mut linted = checker.finish(&Message::new(&doc, text));
    if !source.is_identity() {
        for d in &mut linted.diagnostics {
            *d = d.clone().map_spans(|s| source.span_to_file(s));
        }
    }
    TextLinted {
        result: linted,
        comments: doc.comments_read(),
    }
}

/// The checks of one message, fed its body children one by one ([`Checker::body_child`]),
/// then the message itself ([`Checker::finish`]).
struct Checker<'a> {
    cx: Cx<'a>,
    catalog: &'a Catalog,
    body_children: usize,
    finals: usize,
    cmd_ids: duplicate_cmdid::Seen,
    /// In a fragment, the last top-level command was a `Delete` (a remove part).
    removing: bool,
    outer_atomic: Option<(Span, usize)>,
    /// The largest numeric CmdID of the message, above which renumbering fixes count.
    max_cmd_id: u64,
    ingested: Vec<(String, String, LoadedAdmx)>,
    /// Where the top-level commands start whose items wait for the ingested catalog.
    waiting: Vec<usize>,
}

impl<'a> Checker<'a> {
    fn new(
        text: &'a str,
        catalog: &'a Catalog,
        config: &'a Config,
        suppressions: Suppressions,
    ) -> Self {
        Checker {
            cx: Cx {
                text,
                config,
                out: Vec::new(),
                dropped: Counts::default(),
                kept: [0; 3],
                buffers: Default::default(),
                suppressions,
                memo: Memo::default(),
                emitted: 0,
            },
            catalog,
            body_children: 0,
            finals: 0,
            cmd_ids: duplicate_cmdid::Seen::default(),
            removing: false,
            outer_atomic: None,
            max_cmd_id: 0,
            ingested: Vec::new(),
            waiting: Vec::new(),
        }
    }

    /// Checks one child of the body with its commands and items. Items of areas that ADMX
    /// ingestion defines (`App~Policy~...`) wait until every ingested file of the message is
    /// read: the command is then kept ([`syncml::Visit::Keep`]) to be read again.
    fn body_child(&mut self, shape: Shape, child: &BodyChild<'_>) -> syncml::Visit {
        self.body_children += 1;
        let cx = &mut self.cx;
        let top = match child {
            BodyChild::Command(c) => c,
            BodyChild::Final(_) => {
                self.finals += 1;
                return syncml::Visit::Drop;
            }
            BodyChild::Unexpected(e) => {
                unexpected_element::report(cx, *e, "SyncBody");
                return syncml::Visit::Drop;
            }
        };
        // a fragment kept as install and remove parts (a run of `Add`/`Replace`, then
        // `Delete`s of the same nodes, as Workspace ONE keeps profiles) numbers each part
        if shape == Shape::Fragment {
            let removing = top.kind == CommandKind::Delete;
            // (before the first command, there is nothing to forget)
            if removing != self.removing {
                self.cmd_ids = duplicate_cmdid::Seen::default();
            }
            self.removing = removing;
        }
        let mut waits = false;
        for command in top.walk() {
            if let Some(n) = command
                .cmd_id
                .as_ref()
                .and_then(|l| l.value.trim().parse().ok())
            {
                self.max_cmd_id = self.max_cmd_id.max(n);
            }
            missing_element::check(cx, shape, command);
            unexpected_element::check(cx, command);
            if invalid_cmdid::check(cx, command) {
                duplicate_cmdid::check(cx, &mut self.cmd_ids, command);
            }
            nested_atomic::check(cx, &mut self.outer_atomic, command);
            atomic_add_replace::check(cx, command);
            device_status::check(cx, command);
            for e in &command.unexpected {
                check_misplaced_target(cx, self.catalog, command, *e);
            }
            for item in &command.items {
                let round = Round::First(&mut self.ingested);
                waits |= check_item(cx, self.catalog, command, item, round) == Checked::Waits;
            }
        }
        if waits {
            self.waiting.push(top.element.span().start);
            syncml::Visit::Keep
        } else {
            syncml::Visit::Drop
        }
    }

    /// The checks of the message as a whole, and of the items that waited for ingestion.
    fn finish(mut self, message: &Message<'_>) -> Linted {
        // a command outside `SyncBody` (reported by `unexpected-element`) is still checked,
        // so that moving it into the body does not reveal a second mistake
        for e in &message.unexpected {
            if CommandKind::from_name(e.local_name()).is_some() {
                self.body_child(message.shape, &BodyChild::read(*e));
            }
        }
        let cx = &mut self.cx;
        syncml_root::check(cx, message);
        invalid_header::check(cx, message);
        missing_element::check_message(cx, message);
        unexpected_element::check_message(cx, message);
        missing_final::check(cx, message, self.finals);
        if !self.waiting.is_empty() {
            let catalog = self
                .catalog
                .with_ingested(std::mem::take(&mut self.ingested));
            for child in message.body_children() {
                let BodyChild::Command(top) = child else {
                    continue;
                };
                if self
                    .waiting
                    .binary_search(&top.element.span().start)
                    .is_err()
                {
                    continue;
                }
                for command in top.walk() {
                    for item in &command.items {
                        check_item(cx, &catalog, command, item, Round::Ingested);
                    }
                }
            }
        }
        invalid_cmdid::number_fixes(&mut self.cx.out, self.max_cmd_id);
        let suppressions = std::mem::take(&mut self.cx.suppressions);
        for d in suppressions.finish(self.cx.text, self.cx.config) {
            self.cx.emit(d);
        }
        finish(self.cx.out, self.cx.dropped, self.cx.config)
    }
}

/// Applies severities, sorts, and caps the list; `dropped` were counted but not kept.
pub(crate) fn finish(mut diags: Vec<Diagnostic>, dropped: Counts, config: &Config) -> Linted {
    diags.retain(|d| config.enabled(d.code));
    for d in &mut diags {
        d.severity = config.severity(d.code, rules::default_severity(d.code));
    }
    sort_and_dedup(&mut diags);
    let hidden = too_many_diagnostics::cap(&mut diags, dropped, config.max_diagnostics);
    Linted {
        diagnostics: diags,
        hidden,
    }
}

/// Loads the ADMX file that an `ADMXInstall` item carries, reporting its problems.
fn ingest(
    cx: &mut Cx<'_>,
    command: &Command<'_>,
    item: &Item<'_>,
    uri: &AdmxInstallUri<'_>,
) -> Option<(String, String, LoadedAdmx)> {
    if !matches!(command.kind, CommandKind::Add | CommandKind::Replace) {
        return None;
    }
    let uid = uri.uid?;
    let Some(data) = item.data else {
        missing_data::report_ingestion(cx, item.element.start_tag(), false);
        return None;
    };
    let data_text = DataText::of(data, cx.text).ok()?;
    if data_text.text.trim().is_empty() {
        missing_data::report_ingestion(cx, data.span(), true);
        return None;
    }
    let path = format!(
        "<ADMXInstall {}/{}/{}>",
        uri.app.name, uri.setting_type.name, uid.name
    );
    let loaded = LoadedAdmx::load_ingested(&path, data_text.text.as_bytes());
    for d in &loaded.diagnostics {
        cx.emit(d.clone().map_spans(|s| data_text.to_source(s)));
    }
    admx_forbidden_key::check(cx, &loaded, &data_text);
    Some((
        uri.app.name.to_string(),
        uri.setting_type.name.to_string(),
        loaded,
    ))
}

/// Which pass checks an item: the first (which collects the ADMX files that items carry), or
/// the one after ADMX ingestion.
#[derive(Debug)]
enum Round<'r> {
    First(&'r mut Vec<(String, String, LoadedAdmx)>),
    Ingested,
}

/// Whether an item was checked, or waits for the ingested catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Checked {
    Done,
    Waits,
}

/// Checks one item. The first round reports everything up to the catalog lookup and waits
/// there for an area that ingestion defines; the second round resumes at the lookup.
fn check_item(
    cx: &mut Cx<'_>,
    catalog: &Catalog,
    command: &Command<'_>,
    item: &Item<'_>,
    mut round: Round<'_>,
) -> Checked {
    let first = matches!(round, Round::First(_));
    if first {
        unexpected_data::check(cx, command, item);
    }
    // the `Results` of a `Get` name the node in `Source`: its value is checked as one sent
    let as_sent;
    let item = match (command.kind, &item.target, item.source) {
        (CommandKind::Results, None, Some(source)) => {
            as_sent = Item {
                target: Some(syncml::ast::Target::new(source)),
                ..item.clone()
            };
            &as_sent
        }
        _ => item,
    };
    let Some(loc) = item.loc_uri() else {
        return Checked::Done;
    };
    let Ok(uri_text) = DataText::of(loc.element, cx.text) else {
        return Checked::Done;
    };
    // a LocURI whose checks found nothing before goes straight to its value (an `ADMXInstall`
    // item is never kept, so nothing is left to ingest)
    let clean = first
        .then(|| cx.memo.clean.get(&uri_text.text, command.kind))
        .flatten()
        .and_then(|key| catalog.csp().recall(key));
    // one read of the path, for ingestion and for the checks
    let node = match clean {
        Some(_) => None,
        None => PolicyNode::read(&uri_text.text, 0),
    };
    if let (Round::First(ingested), Some(PolicyNode::AdmxInstall(admx))) = (&mut round, &node) {
        ingested.extend(ingest(cx, command, item, admx));
    }
    if first {
        if let Some(data) = item.data {
            unexpanded_placeholder::check_data(cx, data);
        }
    }
    if let Some(found) = clean {
        crate::node::value(cx, catalog, command, item, found);
        return Checked::Done;
    }
    let emitted = cx.emitted;
    if first && !loc_uri_ok(cx, catalog, command, loc, &uri_text) {
        return Checked::Done;
    }
    match node {
        // areas of ingested ADMX wait for every ADMXInstall item of the message
        Some(PolicyNode::Policy(parsed)) if Catalog::may_be_ingested(parsed.area.name) => {
            if parsed.policy.is_none() || parsed.deeper {
                return Checked::Done;
            }
            let uri = MappedUri::new(&parsed, uri_text.map(), loc.primary_span());
            if first && !command_not_allowed::check(cx, command, &uri) {
                return Checked::Done;
            }
            if let Round::First(_) = round {
                return Checked::Waits;
            }
            check_policy(cx, catalog, command, item, &uri);
        }
        // only an item of an ingested area waits, so the second round never comes here
        _ => {
            let Some(uri) = crate::node::NodeUri::read(&uri_text, loc.primary_span()) else {
                return Checked::Done;
            };
            let Some(found) = crate::node::address(cx, catalog, command, item, &uri) else {
                return Checked::Done;
            };
            // an `ADMXInstall` item is read for ingestion each time
            if first && cx.emitted == emitted && !matches!(node, Some(PolicyNode::AdmxInstall(_))) {
                cx.memo
                    .clean
                    .insert(&uri_text.text, command.kind, found.key());
            }
            crate::node::value(cx, catalog, command, item, found);
        }
    }
    Checked::Done
}

/// The checks of a LocURI's text (placeholders, characters, segments); `true` when it is
/// well formed and its node can be looked up.
fn loc_uri_ok(
    cx: &mut Cx<'_>,
    catalog: &Catalog,
    command: &Command<'_>,
    loc: &syncml::ast::Leaf<'_>,
    uri_text: &DataText<'_>,
) -> bool {
    if unexpanded_placeholder::check(cx, &uri_text.text, true, |s| uri_text.to_source(s)) {
        return false;
    }
    // placeholders the server substitutes are not checked as characters
    let skip: Vec<Span> = if memchr::memchr3(b'{', b'$', b'<', uri_text.text.as_bytes()).is_some() {
        crate::placeholder::find(&uri_text.text, true)
            .into_iter()
            .map(|p| p.span)
            .collect()
    } else {
        Vec::new()
    };
    let dynamic = |n: usize| crate::node::is_dynamic_segment(catalog, uri_text, n);
    let context = invalid_loc_uri::Context {
        is_get: command.kind == CommandKind::Get,
        skip: &skip,
        dynamic: &dynamic,
    };
    invalid_loc_uri::check(cx, loc, uri_text, &context)
}

/// A `Target` or `Source` that stands where it does not belong (directly in a command, as
/// `unexpected-element` reports): its LocURI is still checked, so that fixing the nesting
/// does not reveal a second mistake.
fn check_misplaced_target(
    cx: &mut Cx<'_>,
    catalog: &Catalog,
    command: &Command<'_>,
    e: syncml::Element<'_>,
) {
    if !matches!(e.local_name(), "Target" | "Source") {
        return;
    }
    let target = syncml::ast::Target::new(e);
    let Some(loc) = target.loc_uri.as_ref() else {
        return;
    };
    if let Ok(uri_text) = DataText::of(loc.element, cx.text) {
        loc_uri_ok(cx, catalog, command, loc, &uri_text);
    }
}

/// The checks that need the policy's definition: from the catalog lookup on.
fn check_policy(
    cx: &mut Cx<'_>,
    catalog: &Catalog,
    command: &Command<'_>,
    item: &Item<'_>,
    uri: &MappedUri<'_>,
) {
    let policy_name = uri.policy.map_or("", |p| p.0);
    let (resolved, admx_backed) = match catalog.lookup(uri.area, policy_name) {
        Lookup::Policy(r) => (Some(r), true),
        Lookup::UnknownPolicy {
            candidates,
            elsewhere,
        } => {
            unknown_policy::check(cx, uri, &candidates, elsewhere);
            return;
        }
        Lookup::NotInCatalog { admx_backed } => {
            not_in_catalog::check(cx, uri, admx_backed);
            (None, admx_backed)
        }
    };
    if let Some(r) = &resolved {
        scope_mismatch::check(cx, uri, r);
    }
    if !admx_backed || uri.tree != Tree::Config || !carries_value(command.kind) {
        return;
    }
    check_admx_value(cx, command, item, resolved.as_ref());
}

/// Whether a command of `kind` carries a node's value: `Add` and `Replace` send one, the
/// `Results` of a `Get` report one.
pub(crate) fn carries_value(kind: CommandKind) -> bool {
    matches!(
        kind,
        CommandKind::Add | CommandKind::Replace | CommandKind::Results
    )
}

/// The value of `Add`/`Replace` on an ADMX-backed policy: Format, Data, the payload and, when
/// the definition is known, its ids and values.
pub(crate) fn check_admx_value(
    cx: &mut Cx<'_>,
    command: &Command<'_>,
    item: &Item<'_>,
    resolved: Option<&Resolved<'_>>,
) {
    // a payload sent with the wrong Format (a bare `1` as `int`) is that one mistake
    let format_ok = format_mismatch::check(cx, command, item);
    let Some(data) = missing_data::check(cx, item) else {
        return;
    };
    if !format_ok {
        return;
    }
    let Ok(data_text) = DataText::of(data, cx.text) else {
        return;
    };
    check_payload(cx, data, &data_text, resolved);
}

fn check_payload(
    cx: &mut Cx<'_>,
    data: syncml::Element<'_>,
    data_text: &DataText<'_>,
    resolved: Option<&Resolved<'_>>,
) {
    payload_not_escaped::check(cx, data_text);
    // the payload owns the vectors it was read into until it gives them back
    match Payload::parse_reusing(&data_text.text, &cx.config.payload_limits, &mut cx.buffers) {
        Ok(payload) => {
            check_parsed(cx, data, data_text, &payload, resolved);
            payload.into_buffers(&mut cx.buffers);
        }
        Err(e) => payload_syntax::report(cx, *e, data_text),
    }
}

fn check_parsed(
    cx: &mut Cx<'_>,
    data: syncml::Element<'_>,
    data_text: &DataText<'_>,
    payload: &Payload<'_>,
    resolved: Option<&Resolved<'_>>,
) {
    let mut items = syncml::payload::Items::new();
    payload.items_into(&mut items);
    let Some(state) = payload_state::check(cx, data, data_text, &items) else {
        return;
    };
    let Some(resolved) = resolved else { return };
    if state == State::Disabled {
        data_when_disabled::check(cx, data_text, &items);
        return;
    }
    let policy = resolved.policy;
    // the element each `<data>` names, looked up once for the rules below
    let elements: smallvec::SmallVec<[Option<&PolicyElement>; 8]> = items
        .iter()
        .map(|item| match item {
            PayloadItem::Data(d) => d.id.and_then(|id| policy.element(id.value)),
            _ => None,
        })
        .collect();
    let suggested = unknown_data_id::check(cx, data_text, &items, &elements, policy, resolved.file);
    duplicate_data_id::check(cx, data_text, &items);
    missing_data_id::check(cx, data_text, &items, &elements, policy, &suggested);
    // the elements whose value was checked (a repeat is `duplicate-data-id`'s)
    let mut seen: smallvec::SmallVec<[&PolicyElement; 8]> = smallvec::SmallVec::new();
    for (item, element) in items.iter().zip(&elements) {
        let (PayloadItem::Data(d), Some(element)) = (item, element) else {
            continue;
        };
        let (Some(id), Some(value)) = (d.id, d.value) else {
            continue;
        };
        if seen.iter().any(|s| same_element(s, element)) {
            continue;
        }
        seen.push(element);
        let site = ValueSite {
            value: value.value,
            id: id.value,
            element,
            file: resolved.file,
            attribute: value,
            payload: &data_text.text,
            value_map: std::cell::OnceCell::new(),
            data: data_text,
        };
        check_value(cx, &site);
    }
}

/// Whether two elements of a policy are one: the same element, or (in a definition that
/// repeats an id, which `admx-duplicate-id` reports) elements of the same id.
pub(crate) fn same_element(a: &PolicyElement, b: &PolicyElement) -> bool {
    std::ptr::eq(a, b) || a.id == b.id
}

fn check_value(cx: &mut Cx<'_>, v: &ValueSite<'_>) {
    match &v.element.kind {
        ElementKind::Decimal { min, max, .. } => {
            if let Some(n) = invalid_number::check(cx, v) {
                value_out_of_range::check(
                    cx,
                    v,
                    n,
                    u64::from(*min),
                    u64::from(*max),
                    u64::from(u32::MAX),
                );
            }
        }
        ElementKind::LongDecimal { min, max, .. } => {
            if let Some(n) = invalid_number::check(cx, v) {
                value_out_of_range::check(cx, v, n, *min, *max, u64::MAX);
            }
        }
        ElementKind::Enum { items } => invalid_enum_value::check(cx, v, items),
        ElementKind::Boolean { .. } => invalid_boolean::check(cx, v),
        ElementKind::Text { max_length, .. } => {
            text_too_long::check_one(cx, v, Span::new(0, v.value.len()), *max_length)
        }
        ElementKind::MultiText {
            max_length,
            max_strings,
        } => {
            if let Some(fields) = invalid_list::check(cx, v, crate::list::Shape::MultiText) {
                text_too_long::check_strings(cx, v, &fields, *max_length, *max_strings);
            }
        }
        ElementKind::List {
            value_prefix,
            explicit_value,
            ..
        } => {
            if v.is_helper_list() && empty_helper_list::check(cx, v) {
                return;
            }
            let shape = crate::list::Shape::Pairs {
                explicit: *explicit_value,
            };
            let Some(fields) = invalid_list::check(cx, v, shape) else {
                return;
            };
            let pairs = crate::list::pairs(&fields);
            if !explicit_value {
                list_name_mismatch::check(cx, v, &pairs, value_prefix.as_deref());
            }
            if v.is_helper_list() {
                invalid_helper::check(cx, v, &pairs);
            }
            duplicate_list_item::check(cx, v, &pairs, *explicit_value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_identical_diagnostics_are_merged() {
        let d = |code: &'static str, at: usize, msg: &str| {
            Diagnostic::error(code, Span::new(at, at + 1), msg.to_string())
        };
        let mut diags = vec![
            d("b-code", 0, "x"),
            d("a-code", 0, "x"),
            d("a-code", 0, "x"),
            d("a-code", 0, "y"),
            d("a-code", 1, "x"),
        ];
        sort_and_dedup(&mut diags);
        let got: Vec<(&str, usize, &str)> = diags
            .iter()
            .map(|d| (d.code, d.span.start, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("a-code", 0, "x"),
                ("a-code", 0, "y"),
                ("b-code", 0, "x"),
                ("a-code", 1, "x")
            ]
        );
    }
}
