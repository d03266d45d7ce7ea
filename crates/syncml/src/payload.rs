//! The ADMX-backed policy payload inside `<Data>`: `<enabled/>` or `<disabled/>` and
//! `<data id=".." value=".."/>` items, written as escaped text or CDATA.
//!
//! [`DataText::of`] decodes the content of a `Data` element with a [`SpanMap`] back to the
//! file; [`Payload::parse`] parses that text with the same nom grammar as the message (in
//! fragment mode) and reads its items. Every span of a [`Payload`] is an offset into the decoded
//! text: map it through [`DataText::map`] (and, for characters inside an attribute value,
//! through [`Payload::value_map`] first) to reach the original file.

use std::borrow::Cow;

use diagnostics::{Diagnostic, Span};

use crate::escape::{escape, Context, EscapeError, SpanMap};
use crate::xml::{self, Attribute, Buffers, Document, Element, Limits, Node, TopLevel};

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
    /// Decoded offsets → offsets of the text the document was parsed from.
    pub map: SpanMap,
    /// How it was written.
    pub form: Form,
    /// The first raw child element, for [`Form::Raw`].
    pub first_raw_child: Option<Element<'a>>,
}

impl<'a> DataText<'a> {
    /// Decodes the content of `data`, an element of a document parsed from `source`.
    pub fn of(data: Element<'a>, source: &'a str) -> Result<DataText<'a>, EscapeError> {
        if let Some(child) = data.elements().next() {
            // Raw markup: the payload is the content exactly as written.
            let content = data.content_span();
            let text = content.slice(source).unwrap_or("");
            return Ok(DataText {
                text: Cow::Borrowed(text),
                map: SpanMap::shifted(content.start),
                form: Form::Raw,
                first_raw_child: Some(child),
            });
        }
        // The common cases, without a copy: one CDATA section, or text without references.
        let mut children = data.children();
        if let (Some(only), None) = (children.next(), children.next()) {
            match only {
                Node::CData(c) => {
                    return Ok(DataText {
                        text: Cow::Borrowed(c.value),
                        map: SpanMap::shifted(c.content_span().start),
                        form: Form::CData,
                        first_raw_child: None,
                    });
                }
                // text without references: the value is the raw text
                Node::Text(t) if !t.raw.contains('&') => {
                    let (value, span) = (t.raw, t.span);
                    let form = if value.trim().is_empty() {
                        Form::Empty
                    } else {
                        Form::Escaped
                    };
                    return Ok(DataText {
                        text: Cow::Borrowed(value),
                        map: SpanMap::shifted(span.start),
                        form,
                        first_raw_child: None,
                    });
                }
                _ => {}
            }
        }
        let mut out = String::new();
        let mut map = SpanMap::new();
        let mut form = Form::Empty;
        for node in data.children() {
            match node {
                Node::Text(t) => {
                    let from = out.len();
                    map.push_escaped(&mut out, t.raw, t.span.start)?;
                    // the text just decoded, read again without a second decoding
                    let decoded = out.get(from..).unwrap_or("");
                    if form == Form::Empty && !decoded.trim().is_empty() {
                        form = Form::Escaped;
                    }
                }
                Node::CData(c) => {
                    map.push_literal(&mut out, c.value, c.content_span().start);
                    form = Form::CData;
                }
                _ => {}
            }
        }
        Ok(DataText {
            text: Cow::Owned(out),
            map,
            form,
            first_raw_child: None,
        })
    }

    /// The file-text span of a decoded span.
    pub fn to_source(&self, span: Span) -> Span {
        self.map.map_span(span)
    }
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
#[derive(Clone, Debug)]
pub enum PayloadItem<'p> {
    /// `<enabled/>` or `<disabled/>` (any case).
    State(State, Element<'p>),
    /// `<data id=".." value=".."/>` (any case).
    Data(DataItem<'p>),
    /// Any other element.
    Other(Element<'p>),
    /// Text that is not whitespace, outside any element.
    Text(Span),
}

/// A `<data>` element.
#[derive(Clone, Debug)]
pub struct DataItem<'p> {
    /// The element.
    pub element: Element<'p>,
    /// The `id` attribute (any case).
    pub id: Option<Attribute<'p>>,
    /// The `value` attribute (any case).
    pub value: Option<Attribute<'p>>,
}

/// A parsed payload.
#[derive(Clone, Debug)]
pub struct Payload<'p> {
    /// The parsed fragment.
    pub document: Document<'p>,
}

impl<'p> Payload<'p> {
    /// Parses decoded payload text. A syntax error has its span in `text`.
    pub fn parse(text: &'p str, limits: &Limits) -> Result<Payload<'p>, Box<Diagnostic>> {
        let document = xml::parse(text, limits, TopLevel::Mixed)?;
        Ok(Payload { document })
    }

    /// [`Payload::parse`] into the vectors of `buffers`; give them back with
    /// [`Payload::into_buffers`]. A message holds a payload per item: reusing the vectors
    /// spares several allocations for each.
    pub fn parse_reusing(
        text: &'p str,
        limits: &Limits,
        buffers: &mut Buffers,
    ) -> Result<Payload<'p>, Box<Diagnostic>> {
        let document = xml::parse_reusing(text, limits, TopLevel::Mixed, buffers)?;
        Ok(Payload { document })
    }

    /// Gives the vectors back for the next [`Payload::parse_reusing`].
    pub fn into_buffers(self, buffers: &mut Buffers) {
        self.document.into_buffers(buffers);
    }

    /// The top-level items in order (whitespace skipped, comments ignored).
    pub fn items(&self) -> Vec<PayloadItem<'_>> {
        // one allocation of the right size: items are large and a payload has a handful
        let mut items = Vec::with_capacity(self.document.nodes().count());
        items.extend(self.document.nodes().filter_map(|n| match n {
            Node::Element(e) => Some(classify(e)),
            Node::Text(t) if !t.is_blank() => Some(PayloadItem::Text(t.span)),
            Node::CData(c) => Some(PayloadItem::Text(c.span)),
            _ => None,
        }));
        items
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

/// The first `id` and the first `value` attribute of `e` (any case), in one pass.
fn id_and_value(e: Element<'_>) -> (Option<Attribute<'_>>, Option<Attribute<'_>>) {
    let (mut id, mut value) = (None, None);
    for a in e.attributes() {
        if id.is_none() && a.name.eq_ignore_ascii_case("id") {
            id = Some(a);
        } else if value.is_none() && a.name.eq_ignore_ascii_case("value") {
            value = Some(a);
        }
    }
    (id, value)
}

fn classify(e: Element<'_>) -> PayloadItem<'_> {
    let name = e.local_name();
    if e.children()
        .any(|c| !matches!(c, Node::Text(t) if t.is_blank()))
    {
        return PayloadItem::Other(e);
    }
    if name.eq_ignore_ascii_case("enabled") {
        PayloadItem::State(State::Enabled, e)
    } else if name.eq_ignore_ascii_case("disabled") {
        PayloadItem::State(State::Disabled, e)
    } else if name.eq_ignore_ascii_case("data") {
        let (id, value) = id_and_value(e);
        PayloadItem::Data(DataItem {
            element: e,
            id,
            value,
        })
    } else {
        PayloadItem::Other(e)
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
