//! Reading ADMX and ADML text with quick-xml.
//!
//! Input is decoded first (UTF-8, UTF-8 with BOM, UTF-16 LE/BE with BOM: the BOM wins over any
//! `encoding=` declaration), then read by quick-xml's pull parser. Every problem becomes a
//! diagnostic with a span into the file's bytes; a broken file yields what could be read before
//! the break, never a panic.

use diagnostics::{Diagnostic, Source, Span};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::codes;
use crate::model::*;

/// An opened tag with its attributes decoded and spans in text offsets.
#[derive(Clone, Debug)]
pub struct Tag {
    /// The local name (any prefix dropped).
    pub local: String,
    /// The tag's span.
    pub span: Span,
    /// Local name, decoded value and value span of each attribute.
    pub attrs: Vec<(String, String, Span)>,
}

impl Tag {
    /// The value of attribute `name` (local name).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.0 == name)
            .map(|a| a.1.as_str())
    }

    /// The span of attribute `name`'s value, else of the tag.
    pub fn span_of(&self, name: &str) -> Span {
        self.attrs
            .iter()
            .find(|a| a.0 == name)
            .map_or(self.span, |a| a.2)
    }
}

/// What [`walk`] reports.
#[derive(Clone, Debug)]
pub enum Ev {
    /// A start tag (or an empty element, followed at once by `Close`).
    Open(Tag),
    /// An end tag.
    Close,
    /// A piece of text or CDATA, references decoded (an element's text may come in pieces).
    Text(String),
}

/// What [`walk`] does with a DOCTYPE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doctype {
    /// Reject it (ADMX/ADML have none).
    Reject,
    /// Skip it unread: its entities are never expanded, so a reference to one is an error
    /// (Microsoft's DDF files carry a DOCTYPE with an internal subset that declares none).
    Skip,
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_string()
}

fn offset_in(text: &str, part: &[u8]) -> Option<usize> {
    let base = text.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    (p >= base && p + part.len() <= base + text.len()).then(|| p - base)
}

fn tag(
    text: &str,
    e: &BytesStart<'_>,
    span: Span,
    syntax_code: &'static str,
) -> Result<Tag, Box<Diagnostic>> {
    let mut attrs: Vec<(String, String, Span)> = Vec::new();
    // quick-xml's own duplicate check is off: names are checked here against a hash set, in
    // time linear in the number of attributes (a tag of a million attributes is hostile input,
    // see RUSTSEC-2026-0194 for what a quadratic check costs).
    let mut seen = std::collections::HashSet::new();
    for a in e.attributes().with_checks(false) {
        let a = a
            .map_err(|err| {
                Diagnostic::error(syntax_code, span, format!("malformed attribute: {err}"))
            })
            .map_err(Box::new)?;
        let at = offset_in(text, a.value.as_bytes()).unwrap_or(span.start);
        let vspan = Span::new(at, at + a.value.len());
        let key: &str = a.key.0;
        if !seen.insert(key) {
            return Err(Box::new(Diagnostic::error(
                syntax_code,
                offset_in(text, key.as_bytes()).map_or(span, |k| Span::new(k, k + key.len())),
                format!("attribute `{key}` is given twice"),
            )));
        }
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| {
                Diagnostic::error(
                    syntax_code,
                    vspan,
                    format!("bad reference in attribute value: {err}"),
                )
            })
            .map_err(Box::new)?;
        attrs.push((local(a.key.as_ref()), value.into_owned(), vspan));
    }
    Ok(Tag {
        local: local(e.name().as_ref()),
        span,
        attrs,
    })
}

/// The character a reference in text stands for: a character reference (`&#xF000;`) or one of
/// the five predefined entities; `None` for any other name (no DTD entity is ever expanded).
fn reference(r: &BytesRef<'_>) -> Option<char> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        Ok(None) => quick_xml::escape::resolve_predefined_entity(r).and_then(|s| s.chars().next()),
        Err(_) => None,
    }
}

/// Decodes `bytes` and walks the XML, calling `visit` for every event. Returns the decoded
/// source (for span mapping, `None` when the bytes could not be decoded) and the syntax
/// diagnostic that stopped the walk (in file offsets), if any.
pub fn walk<'b>(
    bytes: &'b [u8],
    syntax_code: &'static str,
    doctype: Doctype,
    visit: impl FnMut(Ev, &[String]),
) -> (Option<Source<'b>>, Option<Diagnostic>) {
    match Source::decode(bytes) {
        Ok(source) => {
            let result = walk_text(&source, syntax_code, doctype, visit);
            (Some(source), result.err().map(|b| *b))
        }
        Err(e) => (None, Some(e.into_diagnostic(syntax_code))),
    }
}

fn walk_text(
    source: &Source<'_>,
    syntax_code: &'static str,
    doctype: Doctype,
    mut visit: impl FnMut(Ev, &[String]),
) -> Result<(), Box<Diagnostic>> {
    let text: &str = &source.text;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    reader.config_mut().expand_empty_elements = false;
    let mut stack: Vec<String> = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event();
        let after = reader.buffer_position() as usize;
        let span = Span::new(before, after);
        match event {
            Ok(Event::Start(ref e) | Event::Empty(ref e)) => {
                let t = tag(text, e, span, syntax_code)
                    .map_err(|d| Box::new(d.map_spans(|s| source.span_to_file(s))))?;
                let name = t.local.clone();
                visit(Ev::Open(t), &stack);
                if matches!(event, Ok(Event::Empty(_))) {
                    // `<a/>` opens and closes at once
                    visit(Ev::Close, &stack);
                } else {
                    stack.push(name);
                }
            }
            Ok(Event::End(_)) => {
                stack.pop();
                visit(Ev::Close, &stack);
            }
            Ok(Event::Text(t)) => visit(Ev::Text(t.xml10_content().into_owned()), &stack),
            Ok(Event::GeneralRef(r)) => {
                let c = reference(&r).ok_or_else(|| {
                    Box::new(Diagnostic::error(
                        syntax_code,
                        source.span_to_file(span),
                        format!("unknown or malformed reference `&{};`", &*r),
                    ))
                })?;
                visit(Ev::Text(c.to_string()), &stack);
            }
            Ok(Event::CData(t)) => visit(Ev::Text(t.into_inner().into_owned()), &stack),
            Ok(Event::DocType(_)) if doctype == Doctype::Skip => {}
            Ok(Event::DocType(_)) => {
                return Err(Box::new(Diagnostic::error(
                    syntax_code,
                    source.span_to_file(span),
                    "a DOCTYPE is not allowed in ADMX/ADML files (never expanded)",
                )))
            }
            Ok(Event::Eof) => {
                if let Some(open) = stack.last() {
                    let at = source.to_file(text.len());
                    return Err(Box::new(Diagnostic::error(
                        syntax_code,
                        Span::empty(at),
                        format!("unexpected end of file: `<{open}>` is never closed"),
                    )));
                }
                return Ok(());
            }
            Ok(_) => {}
            Err(err) => {
                let at = (reader.error_position() as usize).min(text.len());
                return Err(Box::new(Diagnostic::error(
                    syntax_code,
                    source.span_to_file(Span::new(at, (at + 1).min(text.len()))),
                    format!("not well-formed XML: {err}"),
                )));
            }
        }
    }
}

/// A loaded file and the problems found in it.
#[derive(Clone, Debug, Default)]
pub struct Loaded<T> {
    /// What could be read (everything before a syntax error).
    pub value: T,
    /// Problems, with spans into the file's bytes.
    pub diagnostics: Vec<Diagnostic>,
}

/// The unsigned number in attribute `name`, `default` when absent; a value that is not one is
/// an `admx-syntax` error (and the default is used).
fn parse_num<T: std::str::FromStr>(
    tag: &Tag,
    name: &str,
    default: T,
    diags: &mut Vec<Diagnostic>,
) -> T {
    match tag.get(name) {
        None => default,
        Some(v) => v.trim().parse().unwrap_or_else(|_| {
            let bits = std::mem::size_of::<T>() * 8;
            diags.push(Diagnostic::error(
                codes::ADMX_SYNTAX,
                tag.span_of(name),
                format!("`{name}` must be an unsigned {bits}-bit integer, found `{v}`"),
            ));
            default
        }),
    }
}

fn parse_bool(tag: &Tag, name: &str) -> bool {
    matches!(tag.get(name), Some("true" | "1"))
}

fn require<'t>(tag: &'t Tag, name: &str, diags: &mut Vec<Diagnostic>) -> Option<&'t str> {
    let v = tag.get(name);
    if v.is_none() {
        diags.push(
            Diagnostic::error(
                codes::ADMX_MISSING_ATTRIBUTE,
                tag.span,
                format!("`<{}>` has no `{name}` attribute", tag.local),
            )
            .with_help(format!("add the required `{name}` attribute")),
        );
    }
    v
}

/// Which value a `<decimal>`/`<string>`/... inside `<value>`-like parents sets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueSlot {
    Enabled,
    Disabled,
    Item,
    True,
    False,
    ListItem,
    None,
}

/// Which value list is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ListSlot {
    Enabled,
    Disabled,
    True,
    False,
}

#[derive(Default)]
struct AdmxBuilder {
    file: AdmxFile,
    diags: Vec<Diagnostic>,
    policy: Option<Policy>,
    element: Option<PolicyElement>,
    item: Option<EnumItem>,
    category: Option<Category>,
    slot_stack: Vec<ValueSlot>,
    list: Option<(ListSlot, ValueList)>,
    in_string: bool,
    string_text: String,
    /// Inside an enum item's `valueList`: its `item`s and `value`s are not the enum item's.
    value_list_depth: usize,
    /// Read for ADMX ingestion, which reads no ADML: display names are not required.
    ingestion: bool,
}

impl AdmxBuilder {
    /// The `displayName` of `t`, required unless the file is read for ingestion.
    fn display_name(&mut self, t: &Tag) -> String {
        let v = if self.ingestion {
            t.get("displayName")
        } else {
            require(t, "displayName", &mut self.diags)
        };
        v.unwrap_or("").to_string()
    }

    fn slot(&self) -> ValueSlot {
        self.slot_stack.last().copied().unwrap_or(ValueSlot::None)
    }

    fn set_value(&mut self, value: Value) {
        let slot = self.slot();
        match slot {
            ValueSlot::Enabled => {
                if let Some(p) = &mut self.policy {
                    p.enabled_value = Some(value)
                }
            }
            ValueSlot::Disabled => {
                if let Some(p) = &mut self.policy {
                    p.disabled_value = Some(value)
                }
            }
            ValueSlot::Item => {
                if let Some(i) = &mut self.item {
                    i.value = Some(value)
                }
            }
            ValueSlot::True | ValueSlot::False => {
                if let Some(PolicyElement {
                    kind:
                        ElementKind::Boolean {
                            true_value,
                            false_value,
                            ..
                        },
                    ..
                }) = &mut self.element
                {
                    *(if slot == ValueSlot::True {
                        true_value
                    } else {
                        false_value
                    }) = Some(value);
                }
            }
            ValueSlot::ListItem => {
                if let Some(item) = self.list.as_mut().and_then(|(_, l)| l.items.last_mut()) {
                    item.value = Some(value);
                }
            }
            ValueSlot::None => {}
        }
    }

    fn reference(&mut self, kind: RefKind, value: &str, span: Span) {
        let name = match kind {
            RefKind::String => string_ref(value),
            RefKind::Presentation => presentation_ref(value),
            _ => Some(value),
        };
        if let Some(name) = name {
            self.file.references.push(Reference {
                kind,
                name: name.to_string(),
                span,
            });
        }
    }

    fn open(&mut self, t: Tag, parents: &[String]) {
        let parent = parents.last().map(String::as_str).unwrap_or("");
        match t.local.as_str() {
            "target" if parent == "policyNamespaces" => {
                if let (Some(prefix), Some(ns)) = (t.get("prefix"), t.get("namespace")) {
                    self.file.target = Some(Namespace {
                        prefix: prefix.into(),
                        namespace: ns.into(),
                    });
                } else {
                    require(&t, "prefix", &mut self.diags);
                    require(&t, "namespace", &mut self.diags);
                }
            }
            "using" if parent == "policyNamespaces" => {
                if let (Some(prefix), Some(ns)) = (t.get("prefix"), t.get("namespace")) {
                    self.file.using.push(Namespace {
                        prefix: prefix.into(),
                        namespace: ns.into(),
                    });
                }
            }
            "definition" if parent == "definitions" => {
                let name = require(&t, "name", &mut self.diags)
                    .unwrap_or("")
                    .to_string();
                let display_name = t.get("displayName").unwrap_or("").to_string();
                self.reference(RefKind::String, &display_name, t.span_of("displayName"));
                self.file
                    .supported_on
                    .push(SupportedOn { name, display_name });
            }
            "category" if parent == "categories" => {
                let name = require(&t, "name", &mut self.diags)
                    .unwrap_or("")
                    .to_string();
                let display_name = self.display_name(&t);
                self.reference(RefKind::String, &display_name, t.span_of("displayName"));
                self.category = Some(Category {
                    name,
                    display_name,
                    parent: None,
                    span: t.span,
                });
            }
            "parentCategory" => {
                let r = t.get("ref").unwrap_or("").to_string();
                self.reference(RefKind::Category, &r, t.span_of("ref"));
                if let Some(p) = &mut self.policy {
                    p.parent_category = Some(r);
                } else if let Some(c) = &mut self.category {
                    c.parent = Some(r);
                }
            }
            "supportedOn" if self.policy.is_some() => {
                let r = t.get("ref").unwrap_or("").to_string();
                self.reference(RefKind::SupportedOn, &r, t.span_of("ref"));
                if let Some(p) = &mut self.policy {
                    p.supported_on = Some(r);
                }
            }
            "policy" if parent == "policies" => {
                let display_name = self.display_name(&t);
                let d = &mut self.diags;
                let name = require(&t, "name", d).unwrap_or("").to_string();
                let class_raw = require(&t, "class", d);
                let key = require(&t, "key", d).unwrap_or("").to_string();
                let class = match class_raw.map(|c| (c, Class::parse(c))) {
                    Some((_, Some(c))) => c,
                    Some((raw, None)) => {
                        d.push(Diagnostic::error(
                            codes::ADMX_SYNTAX,
                            t.span_of("class"),
                            format!("`class` must be `User`, `Machine` or `Both`, found `{raw}`"),
                        ));
                        Class::Both
                    }
                    None => Class::Both,
                };
                let explain_text = t.get("explainText").map(str::to_string);
                let presentation = t.get("presentation").map(str::to_string);
                self.reference(RefKind::String, &display_name, t.span_of("displayName"));
                if let Some(e) = &explain_text {
                    self.reference(RefKind::String, e, t.span_of("explainText"));
                }
                if let Some(p) = &presentation {
                    self.reference(RefKind::Presentation, p, t.span_of("presentation"));
                }
                if let Some(dup) = self
                    .file
                    .policies
                    .iter()
                    .find(|p| p.name == name && !name.is_empty())
                {
                    self.diags.push(
                        Diagnostic::error(
                            codes::ADMX_DUPLICATE_ID,
                            t.span_of("name"),
                            format!("a second policy named `{name}` in this namespace"),
                        )
                        .with_label(dup.span, "first defined here"),
                    );
                }
                self.policy = Some(Policy {
                    name,
                    class,
                    key,
                    value_name: t.get("valueName").map(str::to_string),
                    display_name,
                    explain_text,
                    presentation,
                    parent_category: None,
                    supported_on: None,
                    enabled_value: None,
                    disabled_value: None,
                    enabled_list: None,
                    disabled_list: None,
                    elements: Vec::new(),
                    span: t.span,
                    key_span: t.span_of("key"),
                });
            }
            "enabledValue" => self.slot_stack.push(ValueSlot::Enabled),
            "disabledValue" => self.slot_stack.push(ValueSlot::Disabled),
            "value" if self.item.is_some() && self.value_list_depth == 0 => {
                self.slot_stack.push(ValueSlot::Item)
            }
            "value" if parent == "item" && self.list.is_some() => {
                self.slot_stack.push(ValueSlot::ListItem)
            }
            "trueValue" => self.slot_stack.push(ValueSlot::True),
            "falseValue" => self.slot_stack.push(ValueSlot::False),
            "enabledList" | "disabledList" | "trueList" | "falseList" => {
                let slot = match t.local.as_str() {
                    "enabledList" => ListSlot::Enabled,
                    "disabledList" => ListSlot::Disabled,
                    "trueList" => ListSlot::True,
                    _ => ListSlot::False,
                };
                let list = ValueList {
                    default_key: t.get("defaultKey").map(str::to_string),
                    items: Vec::new(),
                };
                self.list = Some((slot, list));
                self.slot_stack.push(ValueSlot::None);
            }
            "valueList" => {
                self.value_list_depth += 1;
                self.slot_stack.push(ValueSlot::None)
            }
            "item" if parent.ends_with("List") && self.list.is_some() => {
                let value_name = require(&t, "valueName", &mut self.diags)
                    .unwrap_or("")
                    .to_string();
                let key = t.get("key").map(str::to_string);
                if let Some((_, list)) = &mut self.list {
                    list.items.push(ListItem {
                        key,
                        value_name,
                        value: None,
                    });
                }
            }
            "decimal" | "longDecimal" | "string" | "delete" if self.slot() != ValueSlot::None => {
                match t.local.as_str() {
                    "decimal" => {
                        let v = parse_num::<u32>(&t, "value", 0, &mut self.diags);
                        self.set_value(Value::Decimal(v));
                    }
                    "longDecimal" => {
                        let v = parse_num::<u64>(&t, "value", 0, &mut self.diags);
                        self.set_value(Value::LongDecimal(v));
                    }
                    "delete" => self.set_value(Value::Delete),
                    _ => {
                        self.in_string = true;
                        self.string_text.clear();
                    }
                }
            }
            "boolean" | "decimal" | "longDecimal" | "text" | "multiText" | "enum" | "list"
                if parent == "elements" && self.policy.is_some() =>
            {
                self.open_element(t);
            }
            "item" if parent == "enum" && self.element.is_some() => {
                let display_name = self.display_name(&t);
                self.reference(RefKind::String, &display_name, t.span_of("displayName"));
                self.item = Some(EnumItem {
                    display_name,
                    value: None,
                });
            }
            _ => {}
        }
    }

    fn open_element(&mut self, t: Tag) {
        let d = &mut self.diags;
        let id = require(&t, "id", d).unwrap_or("").to_string();
        let kind = match t.local.as_str() {
            "boolean" => ElementKind::Boolean {
                true_value: None,
                false_value: None,
                true_list: None,
                false_list: None,
            },
            "decimal" => ElementKind::Decimal {
                min: parse_num::<u32>(&t, "minValue", 0, d),
                max: parse_num::<u32>(&t, "maxValue", 9999, d),
                store_as_text: parse_bool(&t, "storeAsText"),
            },
            "longDecimal" => ElementKind::LongDecimal {
                min: parse_num::<u64>(&t, "minValue", 0, d),
                max: parse_num::<u64>(&t, "maxValue", 9999, d),
                store_as_text: parse_bool(&t, "storeAsText"),
            },
            "text" => ElementKind::Text {
                max_length: parse_num::<u32>(&t, "maxLength", 1023, d),
                expandable: parse_bool(&t, "expandable"),
            },
            "multiText" => ElementKind::MultiText {
                max_length: parse_num::<u32>(&t, "maxLength", 1023, d),
                max_strings: parse_num::<u32>(&t, "maxStrings", 0, d),
            },
            "enum" => ElementKind::Enum { items: Vec::new() },
            _ => ElementKind::List {
                value_prefix: t.get("valuePrefix").map(str::to_string),
                explicit_value: parse_bool(&t, "explicitValue"),
                additive: parse_bool(&t, "additive"),
                expandable: parse_bool(&t, "expandable"),
            },
        };
        if let Some(policy) = &self.policy {
            if let Some(dup) = policy
                .elements
                .iter()
                .find(|e| e.id == id && !id.is_empty())
            {
                d.push(
                    Diagnostic::error(
                        codes::ADMX_DUPLICATE_ID,
                        t.span_of("id"),
                        format!(
                            "a second element with id `{id}` in policy `{}`",
                            policy.name
                        ),
                    )
                    .with_label(dup.span, "first defined here"),
                );
            }
        }
        self.element = Some(PolicyElement {
            id,
            kind,
            key: t.get("key").map(str::to_string),
            value_name: t.get("valueName").map(str::to_string),
            required: parse_bool(&t, "required"),
            span: t.span,
            key_span: t.get("key").map(|_| t.span_of("key")),
        });
        // an element that is self-closing is finished by the Close event that follows
    }

    fn close(&mut self, closing: &str, parents: &[String]) {
        let parent = parents.last().map(String::as_str).unwrap_or("");
        match closing {
            "enabledValue" | "disabledValue" | "trueValue" | "falseValue" => {
                self.slot_stack.pop();
            }
            "valueList" => {
                self.value_list_depth = self.value_list_depth.saturating_sub(1);
                self.slot_stack.pop();
            }
            "enabledList" | "disabledList" | "trueList" | "falseList" => {
                self.slot_stack.pop();
                match (self.list.take(), &mut self.policy, &mut self.element) {
                    (Some((ListSlot::Enabled, l)), Some(p), _) => p.enabled_list = Some(l),
                    (Some((ListSlot::Disabled, l)), Some(p), _) => p.disabled_list = Some(l),
                    (
                        Some((slot, l)),
                        _,
                        Some(PolicyElement {
                            kind:
                                ElementKind::Boolean {
                                    true_list,
                                    false_list,
                                    ..
                                },
                            ..
                        }),
                    ) => {
                        *(if slot == ListSlot::True {
                            true_list
                        } else {
                            false_list
                        }) = Some(l);
                    }
                    _ => {}
                }
            }
            "value" if matches!(self.slot(), ValueSlot::Item | ValueSlot::ListItem) => {
                self.slot_stack.pop();
            }
            "string" if self.in_string => {
                self.in_string = false;
                let s = std::mem::take(&mut self.string_text);
                self.set_value(Value::String(s));
            }
            "item" if self.item.is_some() && self.value_list_depth == 0 => {
                if let (
                    Some(item),
                    Some(PolicyElement {
                        kind: ElementKind::Enum { items },
                        ..
                    }),
                ) = (self.item.take(), &mut self.element)
                {
                    items.push(item);
                }
            }
            "boolean" | "decimal" | "longDecimal" | "text" | "multiText" | "enum" | "list"
                if parent == "elements" =>
            {
                if let (Some(e), Some(p)) = (self.element.take(), &mut self.policy) {
                    p.elements.push(e);
                }
            }
            "policy" if parent == "policies" => {
                if let Some(p) = self.policy.take() {
                    self.file.policies.push(p);
                }
            }
            "category" if parent == "categories" => {
                if let Some(c) = self.category.take() {
                    self.file.categories.push(c);
                }
            }
            _ => {}
        }
    }
}

/// Loads an ADMX file. Spans are offsets into `bytes`.
pub fn parse_admx(bytes: &[u8]) -> Loaded<AdmxFile> {
    parse_admx_as(bytes, false)
}

/// [`parse_admx`] of a file carried by an `ADMXInstall` command: ingestion reads no ADML, so
/// display names are not required.
pub fn parse_admx_ingested(bytes: &[u8]) -> Loaded<AdmxFile> {
    parse_admx_as(bytes, true)
}

fn parse_admx_as(bytes: &[u8], ingestion: bool) -> Loaded<AdmxFile> {
    let mut b = AdmxBuilder {
        ingestion,
        ..AdmxBuilder::default()
    };
    let mut names: Vec<String> = Vec::new();
    // the first element, which must be `policyDefinitions`
    let mut root: Option<(String, Span)> = None;
    let result = walk(
        bytes,
        codes::ADMX_SYNTAX,
        Doctype::Reject,
        |ev, parents| match ev {
            Ev::Open(t) => {
                if root.is_none() {
                    root = Some((t.local.clone(), t.span));
                }
                names.push(t.local.clone());
                b.open(t, parents);
            }
            Ev::Close => {
                let closing = names.pop().unwrap_or_default();
                b.close(&closing, parents);
            }
            Ev::Text(s) => {
                if b.in_string {
                    b.string_text.push_str(&s);
                }
            }
        },
    );
    if result.1.is_none() {
        let not_admx = match &root {
            None => Some((
                // the whole text (spans are text offsets here: after a byte order mark), when
                // it is UTF-8
                std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
                    .map_or(Span::empty(0), |t| Span::new(0, t.len())),
                "not an ADMX file: it holds no element (an ADMX file is a `<policyDefinitions>` document)".to_string(),
            )),
            Some((name, span)) if name != "policyDefinitions" => Some((
                *span,
                format!("not an ADMX file: the root element is `{name}`, not `policyDefinitions`"),
            )),
            _ => None,
        };
        if let Some((span, message)) = not_admx {
            b.diags.push(Diagnostic::error(codes::ADMX_SYNTAX, span, message).with_help(
                "an ADMX file starts with `<policyDefinitions revision=\"1.0\" schemaVersion=\"1.0\">`",
            ));
        }
    }
    finish(b, result)
}

fn finish(
    mut b: AdmxBuilder,
    (source, error): (Option<Source<'_>>, Option<Diagnostic>),
) -> Loaded<AdmxFile> {
    if let Some(source) = source {
        // spans were taken in text offsets: map them to the file
        if !source.is_identity() {
            let map = |s: Span| source.span_to_file(s);
            for p in &mut b.file.policies {
                p.span = map(p.span);
                for e in &mut p.elements {
                    e.span = map(e.span);
                }
            }
            for c in &mut b.file.categories {
                c.span = map(c.span);
            }
            for r in &mut b.file.references {
                r.span = map(r.span);
            }
            b.diags = b.diags.into_iter().map(|d| d.map_spans(map)).collect();
        }
    }
    match error {
        None => check_own_references(&b.file, &mut b.diags),
        // what was read before the break stays usable
        Some(d) => b.diags.push(d),
    }
    Loaded {
        value: b.file,
        diagnostics: b.diags,
    }
}

/// Category and supportedOn references into the file's own namespace must exist.
fn check_own_references(file: &AdmxFile, diags: &mut Vec<Diagnostic>) {
    for r in &file.references {
        let (exists, what) = match r.kind {
            RefKind::Category => {
                if is_foreign(file, &r.name) {
                    continue;
                }
                (file.category(file.own_name(&r.name)).is_some(), "category")
            }
            RefKind::SupportedOn => {
                if is_foreign(file, &r.name) {
                    continue;
                }
                let own = file.own_name(&r.name);
                (
                    file.supported_on.iter().any(|s| s.name == own),
                    "supportedOn definition",
                )
            }
            _ => continue,
        };
        if !exists {
            diags.push(Diagnostic::warning(
                codes::ADMX_UNRESOLVED_REF,
                r.span,
                format!("no {what} named `{}` in this file", r.name),
            ));
        }
    }
}

fn is_foreign(file: &AdmxFile, name: &str) -> bool {
    match (name.split_once(':'), &file.target) {
        (Some((p, _)), Some(t)) => p != t.prefix,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Loads an ADML file. Spans are offsets into `bytes`.
pub fn parse_adml(bytes: &[u8]) -> Loaded<AdmlFile> {
    let mut file = AdmlFile::default();
    let mut current_string: Option<(String, String)> = None;
    let mut current_presentation: Option<(String, Presentation)> = None;
    let mut names: Vec<String> = Vec::new();
    let result = walk(
        bytes,
        codes::ADMX_SYNTAX,
        Doctype::Reject,
        |ev, parents| match ev {
            Ev::Open(t) => {
                let parent = parents.last().map(String::as_str).unwrap_or("");
                match (t.local.as_str(), parent) {
                    ("string", "stringTable") => {
                        current_string =
                            Some((t.get("id").unwrap_or("").to_string(), String::new()));
                    }
                    ("presentation", "presentationTable") => {
                        current_presentation = Some((
                            t.get("id").unwrap_or("").to_string(),
                            Presentation::default(),
                        ));
                    }
                    (_, _) if current_presentation.is_some() => {
                        if let (Some(r), Some((_, p))) = (t.get("refId"), &mut current_presentation)
                        {
                            p.ref_ids.push((r.to_string(), t.span_of("refId")));
                        }
                    }
                    _ => {}
                }
                names.push(t.local);
            }
            Ev::Close => match names.pop().as_deref() {
                Some("string") => {
                    if let Some((id, text)) = current_string.take() {
                        file.strings.insert(id, text);
                    }
                }
                Some("presentation") => {
                    if let Some((id, p)) = current_presentation.take() {
                        file.presentations.insert(id, p);
                    }
                }
                _ => {}
            },
            Ev::Text(s) => {
                if let Some((_, text)) = &mut current_string {
                    text.push_str(&s);
                }
            }
        },
    );
    let (source, error) = result;
    if let Some(source) = source.filter(|s| !s.is_identity()) {
        for p in file.presentations.values_mut() {
            for (_, span) in &mut p.ref_ids {
                *span = source.span_to_file(*span);
            }
        }
    }
    let diagnostics = error.into_iter().collect();
    Loaded {
        value: file,
        diagnostics,
    }
}

/// Checks the references of an ADMX file against its ADML: strings, presentations, and
/// presentation `refId`s against the policy's elements. Returns `(admx diagnostics, adml
/// diagnostics)`.
pub fn check_adml(admx: &AdmxFile, adml: &AdmlFile) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut in_admx = Vec::new();
    let mut in_adml = Vec::new();
    for r in &admx.references {
        let missing = match r.kind {
            RefKind::String => !adml.strings.contains_key(&r.name),
            RefKind::Presentation => !adml.presentations.contains_key(&r.name),
            _ => false,
        };
        if missing {
            let what = if r.kind == RefKind::String {
                "string"
            } else {
                "presentation"
            };
            in_admx.push(Diagnostic::warning(
                codes::ADMX_UNRESOLVED_REF,
                r.span,
                format!("the ADML defines no {what} `{}`", r.name),
            ));
        }
    }
    for policy in &admx.policies {
        let Some(pres) = policy.presentation.as_deref().and_then(presentation_ref) else {
            continue;
        };
        let Some(p) = adml.presentations.get(pres) else {
            continue;
        };
        for (ref_id, span) in &p.ref_ids {
            if policy.element(ref_id).is_none() {
                in_adml.push(Diagnostic::warning(
                    codes::ADMX_UNRESOLVED_REF,
                    *span,
                    format!("presentation `{pres}` refers to `{ref_id}`, which is not an element of policy `{}`", policy.name),
                ));
            }
        }
    }
    (in_admx, in_adml)
}
