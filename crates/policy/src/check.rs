//! The validation pipeline: which rule runs on what, and in which order, so that one defect is
//! reported once, by the most basic rule (see the contract's suppression order).

use admx::{ElementKind, LoadedAdmx, PolicyElement};
use diagnostics::{Diagnostic, Source, Span};
use syncml::ast::{BodyChild, Command, CommandKind, Item};
use syncml::{codes as xml_codes, DataText, Message, Payload, PayloadItem, SpanMap, State};

use crate::catalog::{Catalog, Lookup, Resolved};
use crate::config::Config;
use crate::rules::{self, *};
use crate::uri::{AdmxInstallUri, PolicyUri, Scope, Tree};

/// Collects diagnostics for one file, dropping those of rules that are off. Past a multiple
/// of `max_diagnostics` it only counts them, so that a hostile file with a million defects
/// costs no more memory than one with a thousand.
pub(crate) struct Cx<'a> {
    pub text: &'a str,
    pub config: &'a Config,
    pub out: Vec<Diagnostic>,
    pub dropped: usize,
    /// The parser's vectors, reused from payload to payload.
    pub buffers: syncml::xml::Buffers,
}

impl Cx<'_> {
    pub fn emit(&mut self, d: Diagnostic) {
        if !self.config.enabled(d.code) {
            return;
        }
        if self.out.len() >= self.config.max_diagnostics.max(16).saturating_mul(4) {
            self.dropped += 1;
        } else {
            self.out.push(d);
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
    value_map: SpanMap,
    data_map: &'v SpanMap,
}

impl ValueSite<'_> {
    /// The text span of `sub`, a span of the decoded value.
    pub fn span(&self, sub: Span) -> Span {
        self.data_map.map_span(self.value_map.map_span(sub))
    }

    /// The text span of the whole value.
    pub fn whole(&self) -> Span {
        self.span(Span::new(0, self.value.len()))
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
    let mut cx = Cx {
        text: message.text,
        config,
        out: Vec::new(),
        dropped: 0,
        buffers: Default::default(),
    };
    syncml_root::check(&mut cx, message);
    invalid_header::check(&mut cx, message);
    missing_element::check_message(&mut cx, message);
    unexpected_element::check_message(&mut cx, message);

    // One pass over the body: each command is read and checked, items included, while its
    // text is in cache (a large message does not fit in it, and each further pass would read
    // it again from memory). Items of areas that ADMX ingestion defines (`App~Policy~...`)
    // wait until every ingested file of the message is read.
    let mut finals = 0;
    let mut cmd_ids = duplicate_cmdid::Seen::default();
    let mut outer_atomic = None;
    let mut ingested = Vec::new();
    let mut waiting = Vec::new();
    for child in message.body_children() {
        let top = match child {
            BodyChild::Command(c) => c,
            BodyChild::Final(_) => {
                finals += 1;
                continue;
            }
            BodyChild::Unexpected(e) => {
                unexpected_element::report(&mut cx, e);
                continue;
            }
        };
        for command in top.walk() {
            missing_element::check(&mut cx, message.shape, command);
            unexpected_element::check(&mut cx, command);
            invalid_cmdid::check(&mut cx, command);
            duplicate_cmdid::check(&mut cx, &mut cmd_ids, command);
            nested_atomic::check(&mut cx, &mut outer_atomic, command);
            atomic_add_replace::check(&mut cx, command);
            for item in &command.items {
                ingested.extend(ingest(&mut cx, command, item));
                if check_item(&mut cx, catalog, command, item, Round::First) == Checked::Waits {
                    waiting.push((command.clone(), item.clone()));
                }
            }
        }
    }
    missing_final::check(&mut cx, message, finals);
    let owned;
    let catalog = if ingested.is_empty() {
        catalog
    } else {
        owned = catalog.with_ingested(ingested);
        &owned
    };
    for (command, item) in &waiting {
        check_item(&mut cx, catalog, command, item, Round::Ingested);
    }
    finish(cx.out, cx.dropped, config)
}

/// Reads, decodes, parses and validates one file. Spans are byte offsets into `bytes`.
pub fn lint(bytes: &[u8], catalog: &Catalog, config: &Config) -> Vec<Diagnostic> {
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
        return finish(vec![d], 0, config);
    }
    let source = match Source::decode(bytes) {
        Ok(s) => s,
        Err(e) => return finish(vec![e.into_diagnostic(xml_codes::XML_SYNTAX)], 0, config),
    };
    if source.text.trim().is_empty() {
        let d = Diagnostic::error(
            xml_codes::XML_SYNTAX,
            Span::empty(0),
            "the file is empty: no SyncML message or command",
        )
        .with_help("a file holds a `<SyncML>` message or SyncML commands such as `<Replace>`");
        return finish(vec![d], 0, config);
    }
    let doc = match syncml::parse_with(&source.text, &config.limits) {
        Ok(doc) => doc,
        Err(d) => return finish(vec![d.map_spans(|s| source.span_to_file(s))], 0, config),
    };
    if doc.elements().next().is_none() {
        let end = source.text.len();
        let d = Diagnostic::error(
            xml_codes::XML_SYNTAX,
            Span::empty(end),
            "unexpected end of input: the file holds no element",
        )
        .with_help("a file holds a `<SyncML>` message or SyncML commands such as `<Replace>`");
        return finish(vec![d.map_spans(|s| source.span_to_file(s))], 0, config);
    }
    let message = Message::new(&doc, &source.text);
    let diags = validate(&message, catalog, config);
    if source.is_identity() {
        diags
    } else {
        diags
            .into_iter()
            .map(|d| d.map_spans(|s| source.span_to_file(s)))
            .collect()
    }
}

/// Applies severities, sorts, and caps the list; `dropped` were counted but not kept.
fn finish(mut diags: Vec<Diagnostic>, dropped: usize, config: &Config) -> Vec<Diagnostic> {
    diags.retain(|d| config.enabled(d.code));
    for d in &mut diags {
        d.severity = config.severity(d.code, rules::default_severity(d.code));
    }
    diags.sort_by(|a, b| {
        (a.span.start, a.code, a.span.end).cmp(&(b.span.start, b.code, b.span.end))
    });
    diags.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    too_many_diagnostics::cap(&mut diags, dropped, config.max_diagnostics);
    diags
}

/// Loads the ADMX file that an `ADMXInstall` item carries, reporting its problems.
fn ingest(
    cx: &mut Cx<'_>,
    command: &Command<'_>,
    item: &Item<'_>,
) -> Option<(String, String, LoadedAdmx)> {
    if !matches!(command.kind, CommandKind::Add | CommandKind::Replace) {
        return None;
    }
    let (loc, data) = (item.loc_uri()?, item.data?);
    // only the decoded text matters here (`Leaf::value`); spans are not reported
    let uri = AdmxInstallUri::parse(&loc.value, 0)?;
    let uid = uri.uid?;
    let data_text = DataText::of(data, cx.text).ok()?;
    if data_text.text.trim().is_empty() {
        return None;
    }
    let path = format!(
        "<ADMXInstall {}/{}/{}>",
        uri.app.name, uri.setting_type.name, uid.name
    );
    let loaded = LoadedAdmx::load(&path, data_text.text.as_bytes(), None, None);
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

/// Which pass checks an item: the first, or the one after ADMX ingestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Round {
    First,
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
    round: Round,
) -> Checked {
    let first = round == Round::First;
    if first {
        unexpected_data::check(cx, command, item);
    }
    let Some(loc) = item.loc_uri() else {
        return Checked::Done;
    };
    let Ok(uri_text) = DataText::of(loc.element, cx.text) else {
        return Checked::Done;
    };
    if first && !invalid_loc_uri::check(cx, command, loc, &uri_text) {
        return Checked::Done;
    }
    let Some(parsed) = PolicyUri::parse(&uri_text.text, 0) else {
        return Checked::Done;
    };
    if parsed.policy.is_none() || parsed.deeper {
        // an area node or something below a policy: nothing policy-specific to check
        return Checked::Done;
    }
    let uri = MappedUri::new(&parsed, &uri_text.map, loc.primary_span());
    if first && !command_not_allowed::check(cx, command, &uri) {
        return Checked::Done;
    }
    if first && Catalog::may_be_ingested(uri.area) {
        return Checked::Waits;
    }
    check_policy(cx, catalog, command, item, &uri);
    Checked::Done
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
    if !admx_backed || uri.tree != Tree::Config {
        return;
    }
    if !matches!(command.kind, CommandKind::Add | CommandKind::Replace) {
        return;
    }
    format_mismatch::check(cx, command, item);
    let Some(data) = missing_data::check(cx, item) else {
        return;
    };
    let Ok(data_text) = DataText::of(data, cx.text) else {
        return;
    };
    check_payload(cx, data, &data_text, resolved.as_ref());
}

fn check_payload(
    cx: &mut Cx<'_>,
    data: syncml::Element<'_>,
    data_text: &DataText<'_>,
    resolved: Option<&Resolved<'_>>,
) {
    payload_not_escaped::check(cx, data_text);
    let mut buffers = std::mem::take(&mut cx.buffers);
    match Payload::parse_reusing(&data_text.text, &cx.config.payload_limits, &mut buffers) {
        Ok(payload) => {
            check_parsed(cx, data, data_text, &payload, resolved);
            payload.into_buffers(&mut buffers);
        }
        Err(e) => payload_syntax::report(cx, *e, data_text),
    }
    cx.buffers = buffers;
}

fn check_parsed(
    cx: &mut Cx<'_>,
    data: syncml::Element<'_>,
    data_text: &DataText<'_>,
    payload: &Payload<'_>,
    resolved: Option<&Resolved<'_>>,
) {
    let items = payload.items();
    let Some(state) = payload_state::check(cx, data, data_text, &items) else {
        return;
    };
    let Some(resolved) = resolved else { return };
    if state == State::Disabled {
        data_when_disabled::check(cx, data_text, &items);
        return;
    }
    let policy = resolved.policy;
    let suggested = unknown_data_id::check(cx, data_text, &items, policy);
    duplicate_data_id::check(cx, data_text, &items);
    missing_data_id::check(cx, data_text, &items, policy, &suggested);
    let mut seen: Vec<&str> = Vec::new();
    for item in &items {
        let PayloadItem::Data(d) = item else { continue };
        let (Some(id), Some(value)) = (d.id, d.value) else {
            continue;
        };
        let Some(element) = policy.element(id.value) else {
            continue;
        };
        if seen.contains(&element.id.as_str()) {
            continue;
        }
        seen.push(&element.id);
        let site = ValueSite {
            value: value.value,
            id: id.value,
            element,
            file: resolved.file,
            value_map: Payload::value_map(&data_text.text, value),
            data_map: &data_text.map,
        };
        check_value(cx, &site);
    }
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
            let Some(fields) = invalid_list::check(cx, v, crate::list::Shape::Pairs) else {
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
