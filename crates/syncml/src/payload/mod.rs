//! The ADMX-backed policy payload inside `<Data>`: `<enabled/>` or `<disabled/>` and
//! `<data id=".." value=".."/>` items, written as escaped text or CDATA.
//!
//! [`DataText::of`] decodes the content of a `Data` element with a [`SpanMap`] back to the
//! file; [`Payload::parse`] reads that text in one pass when it is written the usual way, and
//! otherwise parses it with the same nom grammar as the message (in fragment mode), and reads
//! its items. Every span of a [`Payload`] is an offset into the decoded
//! text: map it through [`DataText::map`] (and, for characters inside an attribute value,
//! through [`Payload::value_map`] first) to reach the original file.

use std::borrow::Cow;
use std::cell::OnceCell;

use smallvec::SmallVec;

use diagnostics::{Diagnostic, Span};

use crate::escape::{escape, Context, EscapeError, SpanMap};
use crate::xml::{self, Attribute, Document, Element, Limits, Node, TopLevel};

mod read;
use read::{ReadAttr, ReadItem};

/// The separator of list entries and multi-string values in Policy CSP payloads.
pub const LIST_DELIMITER: char = '\u{F000}';

/// How the payload is written inside `Data`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Nothing but whitespace.
    Empty,
    /// Escaped text (`&lt;enabled/&gt;`).
    Escaped,
    /// One or more CDATA sections.
    CData,
    /// Raw child elements (`<Data><enabled/></Data>`), not escaped.
    Raw,
}

/// The decoded content of a `Data` element and its map back to the file.
#[derive(Clone, Debug)]
pub struct DataText<'a> {
    /// The decoded payload text.
    pub text: Cow<'a, str>,
    /// How it was written.
    pub form: Form,
    /// The first raw child element, for [`Form::Raw`].
    pub first_raw_child: Option<Element<'a>>,
    /// Decoded offsets → offsets of the text the document was parsed from: made when first
    /// asked for (to report), by decoding the element again, when the text has references.
    map: OnceCell<SpanMap>,
    /// The element, to make the map from.
    data: Element<'a>,
}

impl<'a> DataText<'a> {
    /// Decodes the content of `data`, an element of a document parsed from `source`.
    ///
    /// Inlined: the text is built where the caller keeps it (returned from a call, it was
    /// copied as vectors right after its fields were stored, a stall on every item). Content
    /// other than one CDATA section or one text is decoded by a call.
    #[inline(always)]
    pub fn of(data: Element<'a>, source: &'a str) -> Result<DataText<'a>, EscapeError> {
        let known =
            |text, map, form, first_raw_child| Self::mapped(data, text, map, form, first_raw_child);
        // The common cases, without a copy: one CDATA section, or one text (its value is the
        // raw text, or the decoded form the parser kept). An element child is not one of them.
        let mut children = data.children();
        if let (Some(only), None) = (children.next(), children.next()) {
            match only {
                Node::CData(c) => {
                    let map = SpanMap::shifted(c.content_span().start);
                    return Ok(known(Cow::Borrowed(c.value), map, Form::CData, None));
                }
                Node::Text(t) => {
                    if let Cow::Borrowed(value) = t.value() {
                        let form = if value.trim().is_empty() {
                            Form::Empty
                        } else {
                            Form::Escaped
                        };
                        return Ok(match t.has_references() {
                            false => known(
                                Cow::Borrowed(value),
                                SpanMap::shifted(t.span.start),
                                form,
                                None,
                            ),
                            // the map is made from the references when a span is asked for
                            true => DataText {
                                text: Cow::Borrowed(value),
                                form,
                                first_raw_child: None,
                                map: OnceCell::new(),
                                data,
                            },
                        });
                    }
                }
                _ => {}
            }
        }
        Self::of_content(data, source)
    }

    /// [`DataText::of`] for any content: raw markup, or several texts, CDATA sections and
    /// comments, decoded into one string.
    #[inline(never)]
    fn of_content(data: Element<'a>, source: &'a str) -> Result<DataText<'a>, EscapeError> {
        if let Some(child) = data.elements().next() {
            // Raw markup: the payload is the content exactly as written.
            let content = data.content_span();
            let text = content.slice(source).unwrap_or("");
            return Ok(Self::mapped(
                data,
                Cow::Borrowed(text),
                SpanMap::shifted(content.start),
                Form::Raw,
                Some(child),
            ));
        }
        let raw = data.content_span().len();
        let mut out = String::with_capacity(raw);
        let form = decode(data, &mut out, None)?;
        Ok(DataText {
            text: Cow::Owned(out),
            form,
            first_raw_child: None,
            map: OnceCell::new(),
            data,
        })
    }

    /// A text whose map is known.
    #[inline(always)]
    fn mapped(
        data: Element<'a>,
        text: Cow<'a, str>,
        map: SpanMap,
        form: Form,
        first_raw_child: Option<Element<'a>>,
    ) -> DataText<'a> {
        DataText {
            text,
            form,
            first_raw_child,
            map: OnceCell::from(map),
            data,
        }
    }

    /// Decoded offsets → offsets of the text the document was parsed from.
    pub fn map(&self) -> &SpanMap {
        self.map.get_or_init(|| {
            let mut map = SpanMap::new();
            // decoded once already: it cannot fail now
            let _ = decode(self.data, &mut String::new(), Some(&mut map));
            map
        })
    }

    /// The `Data` element the text was decoded from.
    pub fn element(&self) -> Element<'a> {
        self.data
    }

    /// The file-text span of a decoded span.
    pub fn to_source(&self, span: Span) -> Span {
        self.map().map_span(span)
    }
}

/// Decodes the text and CDATA children of `data` to the end of `out`, and when asked, maps
/// them; returns how the payload is written.
fn decode(
    data: Element<'_>,
    out: &mut String,
    mut map: Option<&mut SpanMap>,
) -> Result<Form, EscapeError> {
    let mut form = Form::Empty;
    for node in data.children() {
        match node {
            Node::Text(t) => {
                let from = out.len();
                match map.as_deref_mut() {
                    Some(map) => map.push_escaped(out, t.raw, t.span.start)?,
                    // the parser decoded it already (or it has no references)
                    None => out.push_str(&t.value()),
                }
                // the text just decoded, read again without a second decoding
                let decoded = out.get(from..).unwrap_or("");
                if form == Form::Empty && !decoded.trim().is_empty() {
                    form = Form::Escaped;
                }
            }
            Node::CData(c) => {
                match map.as_deref_mut() {
                    Some(map) => map.push_literal(out, c.value, c.content_span().start),
                    None => out.push_str(c.value),
                }
                form = Form::CData;
            }
            _ => {}
        }
    }
    Ok(form)
}

/// The state element of a payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// `<enabled/>`.
    Enabled,
    /// `<disabled/>`.
    Disabled,
}

/// One top-level piece of a payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadItem<'p> {
    /// `<enabled/>` or `<disabled/>` (any case).
    State(State, Tag<'p>),
    /// `<data id=".." value=".."/>` (any case).
    Data(DataItem<'p>),
    /// Any other element.
    Other(Tag<'p>),
    /// Text that is not whitespace, outside any element.
    Text(Span),
}

/// Where an element of a payload stands. Spans are offsets into the payload text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag<'p> {
    name: &'p str,
    span: Span,
    start_tag: Span,
}

impl<'p> Tag<'p> {
    fn of(e: Element<'p>) -> Self {
        Tag {
            name: e.name(),
            span: e.span(),
            start_tag: e.start_tag(),
        }
    }

    /// The qualified name as written.
    pub fn name(&self) -> &'p str {
        self.name
    }

    /// The whole element.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The start tag (all of the element when it closes itself).
    pub fn start_tag(&self) -> Span {
        self.start_tag
    }
}

/// A `<data>` element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataItem<'p> {
    /// The element.
    pub element: Tag<'p>,
    /// The `id` attribute (any case).
    pub id: Option<Attribute<'p>>,
    /// The `value` attribute (any case).
    pub value: Option<Attribute<'p>>,
}

/// The items of a payload, on the stack up to the handful that payloads hold.
pub type Items<'p> = SmallVec<[PayloadItem<'p>; 8]>;

/// The vectors of a payload, reused from one to the next: a message holds a payload per item,
/// and reusing them spares several allocations for each.
#[derive(Debug, Default)]
pub struct Buffers {
    xml: xml::Buffers,
    items: Vec<ReadItem>,
    decoded: String,
}

/// A parsed payload.
#[derive(Clone, Debug)]
pub struct Payload<'p> {
    text: &'p str,
    repr: Repr<'p>,
}

#[derive(Clone, Debug)]
enum Repr<'p> {
    /// Read in one pass (see [`read`]).
    Read {
        items: Vec<ReadItem>,
        decoded: String,
    },
    /// Parsed with the generic XML grammar.
    Parsed(Document<'p>),
}

impl<'p> Payload<'p> {
    /// Parses decoded payload text. A syntax error has its span in `text`.
    pub fn parse(text: &'p str, limits: &Limits) -> Result<Payload<'p>, Box<Diagnostic>> {
        Payload::parse_reusing(text, limits, &mut Buffers::default())
    }

    /// [`Payload::parse`] into the vectors of `buffers`; give them back with
    /// [`Payload::into_buffers`].
    pub fn parse_reusing(
        text: &'p str,
        limits: &Limits,
        buffers: &mut Buffers,
    ) -> Result<Payload<'p>, Box<Diagnostic>> {
        let mut items = std::mem::take(&mut buffers.items);
        let mut decoded = std::mem::take(&mut buffers.decoded);
        items.clear();
        decoded.clear();
        if read::read(text, limits, &mut items, &mut decoded).is_some() {
            return Ok(Payload {
                text,
                repr: Repr::Read { items, decoded },
            });
        }
        (buffers.items, buffers.decoded) = (items, decoded);
        Payload::parse_generic(text, limits, buffers)
    }

    /// Parses with the generic XML grammar alone, never the one-pass reader: the reference
    /// that the reader is tested against.
    pub fn parse_generic(
        text: &'p str,
        limits: &Limits,
        buffers: &mut Buffers,
    ) -> Result<Payload<'p>, Box<Diagnostic>> {
        let document = xml::parse_reusing(text, limits, TopLevel::Mixed, &mut buffers.xml)?;
        Ok(Payload {
            text,
            repr: Repr::Parsed(document),
        })
    }

    /// Gives the vectors back for the next [`Payload::parse_reusing`].
    pub fn into_buffers(self, buffers: &mut Buffers) {
        match self.repr {
            Repr::Read { items, decoded } => (buffers.items, buffers.decoded) = (items, decoded),
            Repr::Parsed(document) => document.into_buffers(&mut buffers.xml),
        }
    }

    /// Whether the one-pass reader read the payload (else the generic grammar parsed it): the
    /// plain shapes that payloads are written in take the fast path.
    pub fn read_in_one_pass(&self) -> bool {
        matches!(self.repr, Repr::Read { .. })
    }

    /// The text the payload was parsed from.
    pub fn text(&self) -> &'p str {
        self.text
    }

    /// The top-level items in order (whitespace skipped, comments ignored); on the stack up
    /// to the handful that payloads hold.
    pub fn items(&self) -> Items<'_> {
        let mut items = Items::new();
        self.items_into(&mut items);
        items
    }

    /// [`Payload::items`] into `items` (cleared first), where the caller keeps them: a
    /// payload's items are large, and moving them costs more than reading them.
    pub fn items_into<'s>(&'s self, items: &mut Items<'s>) {
        items.clear();
        match &self.repr {
            Repr::Read {
                items: read,
                decoded,
            } => {
                // pushed one by one: extending from an iterator costs more per (large) item
                for item in read {
                    items.push(self.read_item(item, decoded));
                }
            }
            Repr::Parsed(document) => {
                items.extend(document.nodes().filter_map(|n| match n {
                    Node::Element(e) => Some(classify(e)),
                    Node::Text(t) if !t.is_blank() => Some(PayloadItem::Text(t.span)),
                    Node::CData(c) => Some(PayloadItem::Text(c.span)),
                    _ => None,
                }));
            }
        }
    }

    fn read_item<'s>(&'s self, item: &ReadItem, decoded: &'s str) -> PayloadItem<'s> {
        let text = self.text;
        let span = Span::new(item.start as usize, item.end as usize);
        let tag = Tag {
            name: text
                .get(item.start as usize + 1..item.name_end as usize)
                .unwrap_or(""),
            span,
            start_tag: span,
        };
        match item.kind {
            read::Kind::Enabled => PayloadItem::State(State::Enabled, tag),
            read::Kind::Disabled => PayloadItem::State(State::Disabled, tag),
            read::Kind::Other => PayloadItem::Other(tag),
            read::Kind::Data => PayloadItem::Data(DataItem {
                element: tag,
                id: read_attribute(text, decoded, item.id),
                value: read_attribute(text, decoded, item.value),
            }),
        }
    }

    /// The map from the decoded characters of an attribute value to the payload text.
    pub fn value_map(text: &str, attr: Attribute<'_>) -> SpanMap {
        let raw = attr.value_span.slice(text).unwrap_or("");
        if !raw.contains('&') {
            return SpanMap::shifted(attr.value_span.start);
        }
        SpanMap::decode(raw, attr.value_span.start)
            .map(|(_, m)| m)
            .unwrap_or_default()
    }
}

/// An attribute the reader read from `text` (its value decoded into `decoded` when it holds
/// references). Inlined: returned from a call, it was copied as vectors right after its fields
/// were stored, a stall on every attribute.
#[inline(always)]
fn read_attribute<'s>(
    text: &'s str,
    decoded: &'s str,
    a: Option<ReadAttr>,
) -> Option<Attribute<'s>> {
    let a = a?;
    let slice = |(from, to): (u32, u32)| text.get(from as usize..to as usize).unwrap_or("");
    Some(Attribute {
        name: slice(a.name),
        value: match a.decoded {
            Some((from, to)) => decoded.get(from as usize..to as usize).unwrap_or(""),
            None => slice(a.value),
        },
        name_span: Span::new(a.name.0 as usize, a.name.1 as usize),
        value_span: Span::new(a.value.0 as usize, a.value.1 as usize),
    })
}

/// An element of a payload parsed with the generic grammar, as an item.
fn classify(e: Element<'_>) -> PayloadItem<'_> {
    let tag = Tag::of(e);
    if e.children()
        .any(|c| !matches!(c, Node::Text(t) if t.is_blank()))
    {
        return PayloadItem::Other(tag);
    }
    match read::Kind::of(e.local_name()) {
        read::Kind::Enabled => PayloadItem::State(State::Enabled, tag),
        read::Kind::Disabled => PayloadItem::State(State::Disabled, tag),
        read::Kind::Other => PayloadItem::Other(tag),
        read::Kind::Data => {
            let (mut id, mut value) = (None, None);
            for a in e.attributes() {
                read::pick(&mut id, &mut value, a.name, a);
            }
            PayloadItem::Data(DataItem {
                element: tag,
                id,
                value,
            })
        }
    }
}

/// A payload to write: a state and `(id, value)` pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadSpec {
    /// Enabled or disabled.
    pub state: State,
    /// `(id, value)` in order.
    pub data: Vec<(String, String)>,
}

impl PayloadSpec {
    /// Joins list entries with U+F000, the Policy CSP delimiter.
    pub fn join_list<S: AsRef<str>>(entries: &[S]) -> String {
        let mut out = String::new();
        for (i, e) in entries.iter().enumerate() {
            if i > 0 {
                out.push(LIST_DELIMITER);
            }
            out.push_str(e.as_ref());
        }
        out
    }

    /// The payload as XML text, before it is put in `Data`.
    pub fn to_xml(&self) -> String {
        let mut out = String::from(match self.state {
            State::Enabled => "<enabled/>",
            State::Disabled => "<disabled/>",
        });
        for (id, value) in &self.data {
            out.push_str("<data id=\"");
            out.push_str(&escape(id, Context::Attribute));
            out.push_str("\" value=\"");
            out.push_str(&escape(value, Context::Attribute));
            out.push_str("\"/>");
        }
        out
    }

    /// The content of `Data`: escaped text or a CDATA section.
    pub fn encode(&self, form: Form) -> String {
        let xml = self.to_xml();
        match form {
            Form::CData => format!("<![CDATA[{}]]>", xml.replace("]]>", "]]]]><![CDATA[>")),
            _ => escape(&xml, Context::Text).into_owned(),
        }
    }

    /// Reads the content of `Data` (escaped or CDATA) back. `None` when it is not a payload
    /// of this shape.
    pub fn decode(data_content: &str) -> Option<PayloadSpec> {
        let wrapped = format!("<Data>{data_content}</Data>");
        let doc = xml::parse(&wrapped, &Limits::default(), TopLevel::Elements).ok()?;
        let data = doc.elements().next()?;
        let text = DataText::of(data, &wrapped).ok()?;
        let payload = Payload::parse(&text.text, &Limits::default()).ok()?;
        let mut items = payload.items().into_iter();
        let state = match items.next()? {
            PayloadItem::State(s, _) => s,
            _ => return None,
        };
        let mut spec = PayloadSpec {
            state,
            data: Vec::new(),
        };
        for item in items {
            match item {
                PayloadItem::Data(d) => {
                    spec.data
                        .push((d.id?.value.to_string(), d.value?.value.to_string()));
                }
                _ => return None,
            }
        }
        Some(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_map_through_escapes_twice() {
        // a value inside an escaped payload whose own delimiter is a reference
        let src = r#"<Data>&lt;enabled/&gt;&lt;data id="L" value="A&amp;#xF000;B"/&gt;</Data>"#;
        let doc = xml::parse(src, &Limits::default(), TopLevel::Elements).unwrap();
        let data = doc.elements().next().unwrap();
        let dt = DataText::of(data, src).unwrap();
        assert_eq!(dt.form, Form::Escaped);
        let payload = Payload::parse(&dt.text, &Limits::default()).unwrap();
        let items = payload.items();
        let PayloadItem::Data(d) = &items[1] else {
            panic!("not data")
        };
        let value = d.value.unwrap();
        assert_eq!(value.value, "A\u{F000}B");
        let vmap = Payload::value_map(&dt.text, value);
        // 'B' is after A (1 byte) and U+F000 (3 bytes)
        let in_payload = vmap.map_span(Span::new(4, 5));
        let in_file = dt.to_source(in_payload);
        assert_eq!(in_file.slice(src), Some("B"));
        let delim = dt.to_source(vmap.map_span(Span::new(1, 4)));
        assert_eq!(delim.slice(src), Some("&amp;#xF000;"));
    }

    #[test]
    fn cdata_maps_directly() {
        let src = "<Data>\n <![CDATA[<Enabled/><Data id=\"X\" value=\"1\"/>]]>\n</Data>";
        let doc = xml::parse(src, &Limits::default(), TopLevel::Elements).unwrap();
        let dt = DataText::of(doc.elements().next().unwrap(), src).unwrap();
        assert_eq!(dt.form, Form::CData);
        let payload = Payload::parse(&dt.text, &Limits::default()).unwrap();
        let items = payload.items();
        assert!(matches!(items[0], PayloadItem::State(State::Enabled, _)));
        let PayloadItem::Data(d) = &items[1] else {
            panic!("not data")
        };
        let id = d.id.unwrap();
        assert_eq!(dt.to_source(id.value_span).slice(src), Some("X"));
    }

    #[test]
    fn raw_children_are_detected() {
        let src = "<Data><Enabled/></Data>";
        let doc = xml::parse(src, &Limits::default(), TopLevel::Elements).unwrap();
        let dt = DataText::of(doc.elements().next().unwrap(), src).unwrap();
        assert_eq!(dt.form, Form::Raw);
        assert_eq!(dt.first_raw_child.unwrap().name(), "Enabled");
        assert_eq!(dt.text, "<Enabled/>");
    }

    #[test]
    fn spec_roundtrips_in_both_forms() {
        let spec = PayloadSpec {
            state: State::Enabled,
            data: vec![
                (
                    "a".into(),
                    PayloadSpec::join_list(&["x&y", "<z>", "]]>", "é\"'"]),
                ),
                ("b".into(), String::new()),
            ],
        };
        for form in [Form::Escaped, Form::CData] {
            let enc = spec.encode(form);
            assert_eq!(PayloadSpec::decode(&enc), Some(spec.clone()), "{enc}");
        }
    }
}
