//! The XML layer: a nom grammar for the XML that SyncML uses, and the [`Document`] it builds:
//! an arena of 32-byte nodes with a byte span on every node, read through small copyable views
//! ([`Element`], [`Node`]). The document keeps everything but the whitespace between child
//! elements (which the encoder lays out anew): comments, processing instructions, CDATA, and
//! all text of leaf and mixed content, exactly.
//!
//! The grammar covers the XML declaration, comments, processing instructions, CDATA sections,
//! the five predefined entities and character references, attributes in both quote styles, and
//! a DOCTYPE without internal subset (kept, never read: an internal subset is an `xml-dtd`
//! error, so no entity is ever declared, expanded or fetched).
//!
//! The document is built with an explicit stack: input cannot make the parser recurse. Nesting
//! depth, input size and attributes per element are bounded by [`Limits`].

use std::borrow::Cow;
use std::cell::Cell;

use diagnostics::{Diagnostic, Span};
use nom::bytes::complete::{tag, take_until, take_while, take_while1};
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser};

use crate::codes;
use crate::escape::{self, is_space, is_xml_char};
use crate::tree;

/// Hard limits that bound the work and memory spent on one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Deepest element nesting (default 256).
    pub max_depth: usize,
    /// Largest input in bytes (default 256 MiB; offsets are `u32`, so never 4 GiB or more).
    pub max_size: usize,
    /// Most attributes on one element (default 256; never more than 65,535).
    pub max_attributes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 256,
            max_size: 256 * 1024 * 1024,
            max_attributes: 256,
        }
    }
}

/// No node, no decoded string.
const NONE: u32 = u32::MAX;

/// [`NodeData::flags`]: the element is written `<name/>`.
const SELF_CLOSING: u8 = 1;
/// [`NodeData::flags`]: the element's name has a prefix, so its local name is not all of it.
const PREFIXED: u8 = 2;
/// [`NodeData::flags`]: the text holds no reference (its value is the raw text).
const TEXT_PLAIN: u8 = 4;
/// [`NodeData::flags`]: the text is known to decode to XML whitespace only.
const TEXT_BLANK: u8 = 8;
/// [`NodeData::flags`]: the text is known to decode to more than XML whitespace.
const TEXT_FILLED: u8 = 16;
/// [`NodeData::flags`]: the text has references, and its decoded form is in
/// [`Document::texts`] at `attrs`, `name_len` bytes long.
const TEXT_DECODED: u8 = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Element,
    Text,
    CData,
    Comment,
    Pi,
    Doctype,
}

/// One node in the arena: 32 bytes, whatever its kind. Offsets are `u32` (inputs are bounded
/// far below 4 GiB by [`Limits::max_size`]). Siblings are linked, so a node can be put in place
/// after the fact (see `Builder::flush`) without moving any other.
#[derive(Clone, Copy, Debug)]
struct NodeData {
    kind: Kind,
    /// Element: [`SELF_CLOSING`] (written `<name/>`) and [`PREFIXED`] (its name has a `:`).
    flags: u8,
    /// Element: number of attributes.
    n_attrs: u16,
    /// The whole node.
    start: u32,
    end: u32,
    /// Element: end of the start tag. Pi: start of the data.
    a: u32,
    /// Element: the first child, or [`NONE`].
    first_child: u32,
    /// The next sibling, or [`NONE`].
    next: u32,
    /// Element: the first attribute.
    attrs: u32,
    /// Element and Pi: length of the name (target).
    name_len: u32,
}

impl NodeData {
    fn leaf(kind: Kind, start: usize, end: usize) -> NodeData {
        NodeData {
            kind,
            n_attrs: 0,
            start: start as u32,
            end: end as u32,
            flags: 0,
            a: NONE,
            first_child: NONE,
            next: NONE,
            attrs: 0,
            name_len: 0,
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct AttrData {
    name_start: u32,
    name_len: u32,
    value_start: u32,
    value_end: u32,
    /// The decoded value, or [`NONE`] when it is the raw value.
    decoded: u32,
}

impl AttrData {
    /// The name, in `text`, the text the attribute was read from.
    fn name<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.name_start as usize..(self.name_start + self.name_len) as usize)
            .unwrap_or("")
    }
}

/// A parsed XML document or fragment: every node in one array, linked in document order, with
/// its spans; names and values borrow the text unless references in an attribute value had to
/// be decoded.
///
/// Read it through [`Node`] and [`Element`], small copyable views; turn it into an owned
/// [`tree::Document`] with [`Document::to_tree`] to edit or re-encode it.
#[derive(Clone, Debug, Default)]
pub struct Document<'a> {
    text: &'a str,
    nodes: Vec<NodeData>,
    attrs: Vec<AttrData>,
    /// Attribute values that references changed.
    decoded: Vec<Box<str>>,
    /// The decoded form of texts with references (an escaped payload), one after the other:
    /// decoded once, while the parser checks the references.
    texts: String,
    /// How many comments were read, those of elements a visitor took out included.
    comments: usize,
}

impl<'a> Document<'a> {
    /// The text the document was parsed from.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Top-level nodes in source order.
    pub fn nodes(&self) -> Children<'_> {
        Children {
            doc: self,
            // the first node stored is always a top-level one
            next: if self.nodes.is_empty() { NONE } else { 0 },
        }
    }

    /// Top-level elements.
    pub fn elements(&self) -> Elements<'_> {
        Elements {
            doc: self,
            next: self.nodes().next,
        }
    }

    /// How many nodes the document holds.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// How many comments the text holds outside CDATA sections, including those of elements
    /// that a visitor took out of the document ([`parse_visiting`]).
    pub fn comments_read(&self) -> usize {
        self.comments
    }

    fn slice(&self, start: u32, end: u32) -> &'a str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// The name of the element `d`.
    fn element_name(&self, d: &NodeData) -> &'a str {
        self.slice(d.start + 1, d.start + 1 + d.name_len)
    }

    fn decoded_or(&self, index: u32, start: u32, end: u32) -> &str {
        match self.decoded.get(index as usize) {
            Some(s) if index != NONE => s,
            _ => self.slice(start, end),
        }
    }

    fn node_of(&self, id: u32, d: &NodeData) -> Node<'_> {
        let span = Span::new(d.start as usize, d.end as usize);
        match d.kind {
            Kind::Element => Node::Element(Element { doc: self, id }),
            Kind::Text => Node::Text(Text {
                raw: self.slice(d.start, d.end),
                span,
                flags: d.flags,
                decoded: if d.flags & TEXT_DECODED != 0 {
                    let from = d.attrs as usize;
                    self.texts.get(from..from + d.name_len as usize)
                } else {
                    None
                },
            }),
            Kind::CData => Node::CData(CData {
                value: self.slice(d.start + 9, d.end.saturating_sub(3).max(d.start + 9)),
                span,
            }),
            Kind::Comment => Node::Comment(Comment {
                value: self.slice(d.start + 4, d.end.saturating_sub(3).max(d.start + 4)),
                span,
            }),
            Kind::Pi => Node::Pi(Pi {
                target: self.slice(d.start + 2, d.start + 2 + d.name_len),
                data: self.slice(d.a, d.end.saturating_sub(2).max(d.a)),
                span,
            }),
            Kind::Doctype => Node::Doctype(Doctype {
                value: self
                    .slice(d.start + 9, d.end.saturating_sub(1).max(d.start + 9))
                    .trim(),
                span,
            }),
        }
    }

    /// An owned tree of the document, borrowing its strings, for the encoder and for editing.
    /// Values are what an XML reader reads ([`crate::escape::normalized`]): a line end written
    /// raw and one written as a reference stay apart.
    pub fn to_tree(&self) -> tree::Document<'_> {
        fn node(n: Node<'_>) -> tree::Node<'_> {
            use crate::escape::{normalized, Context};
            match n {
                Node::Element(e) => tree::Node::Element(tree::Element {
                    name: Cow::Borrowed(e.name()),
                    attributes: e
                        .attributes()
                        .map(|a| tree::Attribute {
                            name: Cow::Borrowed(a.name),
                            value: e
                                .document()
                                .text()
                                .get(a.value_span.start..a.value_span.end)
                                .map_or(Cow::Borrowed(a.value), |raw| {
                                    normalized(raw, Context::Attribute)
                                }),
                            name_span: a.name_span,
                            value_span: a.value_span,
                        })
                        .collect(),
                    children: e.children().map(node).collect(),
                    span: e.span(),
                    start_tag: e.start_tag(),
                    end_tag: e.end_tag(),
                }),
                Node::Text(t) => tree::Node::Text(tree::Text {
                    value: normalized(t.raw, Context::Text),
                    span: t.span,
                }),
                Node::CData(c) => tree::Node::CData(tree::CData {
                    value: Cow::Borrowed(c.value),
                    span: c.span,
                }),
                Node::Comment(c) => tree::Node::Comment(tree::Comment {
                    value: Cow::Borrowed(c.value),
                    span: c.span,
                }),
                Node::Pi(p) => tree::Node::Pi(tree::Pi {
                    target: Cow::Borrowed(p.target),
                    data: Cow::Borrowed(p.data),
                    span: p.span,
                }),
                Node::Doctype(d) => tree::Node::Doctype(tree::Doctype {
                    value: Cow::Borrowed(d.value),
                    span: d.span,
                }),
            }
        }
        tree::Document {
            nodes: self.nodes().map(node).collect(),
        }
    }
}

/// The children of an element, or the top-level nodes of a document.
#[derive(Clone, Debug)]
pub struct Children<'a> {
    doc: &'a Document<'a>,
    next: u32,
}

impl<'a> Iterator for Children<'a> {
    type Item = Node<'a>;

    fn next(&mut self) -> Option<Node<'a>> {
        let id = self.next;
        let d = self.doc.nodes.get(id as usize)?;
        self.next = d.next;
        Some(self.doc.node_of(id, d))
    }
}

/// The child elements of an element, or the top-level elements of a document: the children
/// without making a view of the nodes in between.
#[derive(Clone, Debug)]
pub struct Elements<'a> {
    doc: &'a Document<'a>,
    next: u32,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Element<'a>;

    fn next(&mut self) -> Option<Element<'a>> {
        loop {
            let id = self.next;
            let d = self.doc.nodes.get(id as usize)?;
            self.next = d.next;
            if d.kind == Kind::Element {
                return Some(Element { doc: self.doc, id });
            }
        }
    }
}

/// One node of a [`Document`]: a copyable view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node<'a> {
    /// An element with its attributes and children.
    Element(Element<'a>),
    /// Character data (entity references decoded).
    Text(Text<'a>),
    /// A CDATA section.
    CData(CData<'a>),
    /// A comment.
    Comment(Comment<'a>),
    /// A processing instruction, including the XML declaration.
    Pi(Pi<'a>),
    /// A DOCTYPE declaration without internal subset, kept as written.
    Doctype(Doctype<'a>),
}

impl<'a> Node<'a> {
    /// The span of the whole node.
    pub fn span(&self) -> Span {
        match self {
            Node::Element(e) => e.span(),
            Node::Text(t) => t.span,
            Node::CData(c) => c.span,
            Node::Comment(c) => c.span,
            Node::Pi(p) => p.span,
            Node::Doctype(d) => d.span,
        }
    }

    /// The element, if this node is one.
    pub fn as_element(self) -> Option<Element<'a>> {
        match self {
            Node::Element(e) => Some(e),
            _ => None,
        }
    }
}

/// An element of a [`Document`]: a copyable handle.
#[derive(Clone, Copy)]
pub struct Element<'a> {
    doc: &'a Document<'a>,
    id: u32,
}

impl PartialEq for Element<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.doc, other.doc) && self.id == other.id
    }
}

impl Eq for Element<'_> {}

impl std::fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Element")
            .field("name", &self.name())
            .field("span", &self.span())
            .finish()
    }
}

impl<'a> Element<'a> {
    fn data(self) -> NodeData {
        self.doc
            .nodes
            .get(self.id as usize)
            .copied()
            .unwrap_or(NodeData::leaf(Kind::Element, 0, 0))
    }

    /// The document it belongs to.
    pub fn document(self) -> &'a Document<'a> {
        self.doc
    }

    /// The qualified name as written (`Format`, `metinf:Format`).
    pub fn name(self) -> &'a str {
        self.doc.element_name(&self.data())
    }

    /// From `<` of the start tag to `>` of the end tag.
    pub fn span(self) -> Span {
        let d = self.data();
        Span::new(d.start as usize, d.end as usize)
    }

    /// The whole start tag (`<Item>`, or `<Final/>` when self-closing).
    pub fn start_tag(self) -> Span {
        let d = self.data();
        Span::new(d.start as usize, d.a as usize)
    }

    /// The end tag, `None` when the element is self-closing.
    pub fn end_tag(self) -> Option<Span> {
        let d = self.data();
        if d.flags & SELF_CLOSING != 0 {
            return None;
        }
        // the end tag is the last `<` of the element: nothing after it holds one
        let content = self.doc.text.as_bytes().get(d.a as usize..d.end as usize)?;
        let lt = memchr::memrchr(b'<', content)?;
        Some(Span::new(d.a as usize + lt, d.end as usize))
    }

    /// The name in the start tag.
    pub fn name_span(self) -> Span {
        let d = self.data();
        Span::new(d.start as usize + 1, (d.start + 1 + d.name_len) as usize)
    }

    /// The name without namespace prefix.
    pub fn local_name(self) -> &'a str {
        let d = self.data();
        let name = self.doc.element_name(&d);
        if d.flags & PREFIXED == 0 {
            return name;
        }
        match name.bytes().rposition(|b| b == b':') {
            Some(colon) => name.get(colon + 1..).unwrap_or(name),
            None => name,
        }
    }

    /// The namespace prefix, if any.
    pub fn prefix(self) -> Option<&'a str> {
        self.name().split_once(':').map(|(p, _)| p)
    }

    /// Attributes in source order (namespace declarations included).
    pub fn attributes(self) -> impl ExactSizeIterator<Item = Attribute<'a>> + Clone {
        let d = self.data();
        let doc = self.doc;
        let start = d.attrs as usize;
        let attrs = doc
            .attrs
            .get(start..start + usize::from(d.n_attrs))
            .unwrap_or(&[]);
        attrs.iter().map(move |a| Attribute {
            name: a.name(doc.text),
            value: doc.decoded_or(a.decoded, a.value_start, a.value_end),
            name_span: Span::new(a.name_start as usize, (a.name_start + a.name_len) as usize),
            value_span: Span::new(a.value_start as usize, a.value_end as usize),
        })
    }

    /// The attribute named `name` (exact match).
    pub fn attribute(self, name: &str) -> Option<Attribute<'a>> {
        self.attributes().find(|a| a.name == name)
    }

    /// The namespace that the element's own declarations bind to its prefix (or the default
    /// namespace), when it declares one.
    pub fn declared_namespace(self) -> Option<&'a str> {
        let prefix = self.prefix();
        self.attributes()
            .find(|a| match prefix {
                Some(p) => a.name.strip_prefix("xmlns:") == Some(p),
                None => a.name == "xmlns",
            })
            .map(|a| a.value)
    }

    /// Child nodes in source order.
    pub fn children(self) -> Children<'a> {
        Children {
            doc: self.doc,
            next: self.data().first_child,
        }
    }

    /// Child elements.
    pub fn elements(self) -> Elements<'a> {
        Elements {
            doc: self.doc,
            next: self.data().first_child,
        }
    }

    /// The first child element whose local name is `name`.
    pub fn child(self, name: &str) -> Option<Element<'a>> {
        self.elements().find(|e| e.local_name() == name)
    }

    /// The span between the start tag and the end tag (empty at the end of a self-closing tag).
    pub fn content_span(self) -> Span {
        match self.end_tag() {
            Some(end) => Span::new(self.start_tag().end, end.start),
            None => Span::empty(self.start_tag().end),
        }
    }

    /// The concatenated text and CDATA content, when the element has no child element.
    /// Borrowed when there is a single piece.
    pub fn text(self) -> Option<Cow<'a, str>> {
        let mut text: Option<Cow<'a, str>> = None;
        for child in self.children() {
            let piece = match child {
                Node::Text(t) => t.value(),
                Node::CData(c) => Cow::Borrowed(c.value),
                Node::Element(_) => return None,
                _ => continue,
            };
            text = Some(match text {
                None => piece,
                Some(t) => Cow::Owned(t.into_owned() + &piece),
            });
        }
        Some(text.unwrap_or(Cow::Borrowed("")))
    }

    /// The span of the text content: from the first to the last text or CDATA child, or the
    /// empty content span.
    pub fn text_span(self) -> Span {
        let mut spans = self
            .children()
            .filter(|n| matches!(n, Node::Text(_) | Node::CData(_)))
            .map(|n| n.span());
        match spans.next() {
            Some(first) => spans.fold(first, Span::cover),
            None => self.content_span(),
        }
    }
}

/// An attribute of an [`Element`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// The qualified name.
    pub name: &'a str,
    /// The value with references decoded.
    pub value: &'a str,
    /// The name.
    pub name_span: Span,
    /// The raw value between the quotes.
    pub value_span: Span,
}

/// Character data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text<'a> {
    /// The text as written, references and all (checked when parsed).
    pub raw: &'a str,
    /// The raw text in the source.
    pub span: Span,
    /// What the parser learnt of the text while checking it ([`TEXT_PLAIN`]...).
    flags: u8,
    /// The decoded text, when the parser decoded it.
    decoded: Option<&'a str>,
}

impl<'a> Text<'a> {
    /// The text with references decoded: borrowed when it has none.
    pub fn value(&self) -> Cow<'a, str> {
        if self.flags & TEXT_PLAIN != 0 {
            return Cow::Borrowed(self.raw);
        }
        if let Some(decoded) = self.decoded {
            return Cow::Borrowed(decoded);
        }
        // the parser checked every reference: decoding cannot fail
        escape::unescape(self.raw, 0).unwrap_or(Cow::Borrowed(self.raw))
    }

    /// Whether the text holds references (`&lt;`, `&#xF000;`...).
    pub fn has_references(&self) -> bool {
        self.flags & TEXT_PLAIN == 0 && memchr::memchr(b'&', self.raw.as_bytes()).is_some()
    }

    /// Whether the decoded text is only XML whitespace (read without decoding it).
    pub fn is_blank(&self) -> bool {
        match self.flags & (TEXT_BLANK | TEXT_FILLED) {
            TEXT_BLANK => true,
            TEXT_FILLED => false,
            _ => escape::is_blank(self.raw),
        }
    }
}

/// A CDATA section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CData<'a> {
    /// The content between `<![CDATA[` and `]]>`.
    pub value: &'a str,
    /// The whole section.
    pub span: Span,
}

impl CData<'_> {
    /// The span of the content.
    pub fn content_span(&self) -> Span {
        Span::new(self.span.start + 9, self.span.end.saturating_sub(3))
    }
}

/// A comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment<'a> {
    /// The text between `<!--` and `-->`.
    pub value: &'a str,
    /// The whole comment.
    pub span: Span,
}

/// A processing instruction (`<?target data?>`), the XML declaration included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pi<'a> {
    /// The target name (`xml` for the declaration).
    pub target: &'a str,
    /// Everything after the target and its whitespace, up to `?>`.
    pub data: &'a str,
    /// The whole instruction.
    pub span: Span,
}

/// A DOCTYPE declaration without internal subset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Doctype<'a> {
    /// What follows `<!DOCTYPE ` up to `>`, trimmed.
    pub value: &'a str,
    /// The whole declaration.
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// The nom grammar
// ---------------------------------------------------------------------------------------------

/// A grammar error: where (the remaining input), which rule code and what.
#[derive(Debug)]
struct PErr<'a> {
    input: &'a str,
    len: usize,
    code: &'static str,
    message: Cow<'static, str>,
}

impl<'a> ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, kind: ErrorKind) -> Self {
        PErr {
            input,
            len: 1,
            code: codes::XML_SYNTAX,
            message: Cow::Owned(format!("unexpected input ({kind:?})")),
        }
    }

    fn append(_: &'a str, _: ErrorKind, other: Self) -> Self {
        other
    }
}

type PResult<'a, T> = IResult<&'a str, T, PErr<'a>>;

fn fail<'a, T>(
    input: &'a str,
    len: usize,
    message: impl Into<Cow<'static, str>>,
) -> PResult<'a, T> {
    fail_code(input, len, codes::XML_SYNTAX, message)
}

fn fail_code<'a, T>(
    input: &'a str,
    len: usize,
    code: &'static str,
    message: impl Into<Cow<'static, str>>,
) -> PResult<'a, T> {
    Err(nom::Err::Failure(PErr {
        input,
        len,
        code,
        message: message.into(),
    }))
}

/// `NameStartChar` of XML 1.0, fifth edition.
fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic()
        || c == '_'
        || c == ':'
        || matches!(c as u32,
            0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2FF | 0x370..=0x37D | 0x37F..=0x1FFF
            | 0x200C..=0x200D | 0x2070..=0x218F | 0x2C00..=0x2FEF | 0x3001..=0xD7FF
            | 0xF900..=0xFDCF | 0xFDF0..=0xFFFD | 0x10000..=0xEFFFF)
}

/// `NameChar` of XML 1.0, fifth edition.
fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || c.is_ascii_digit()
        || c == '-'
        || c == '.'
        || matches!(c as u32, 0xB7 | 0x300..=0x36F | 0x203F..=0x2040)
}

/// Whether `s` is a `Name` of XML 1.0 (fifth edition).
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

/// The namespace names that Namespaces in XML 1.0 reserves.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// `QName` of Namespaces in XML 1.0: a name with at most one colon, between a non-empty prefix
/// and a non-empty local part. The problem, when there is one.
fn qname_problem(name: &str) -> Option<&'static str> {
    let (prefix, local) = name.split_once(':')?;
    if prefix.is_empty() {
        Some("a name cannot start with `:` (an empty namespace prefix)")
    } else if local.is_empty() {
        Some("a name cannot end with `:` (an empty local name)")
    } else if local.contains(':') {
        Some("a name holds at most one `:`, between its prefix and its local name")
    } else {
        None
    }
}

/// The bytes that may continue a name and are ASCII (none of 0x80 and up).
pub(crate) static ASCII_NAME: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'-' | b'.');
        b += 1;
    }
    t
};

/// `Name`. ASCII names (all of SyncML's) are scanned with a table, others a character at a
/// time.
fn name(i: &str) -> PResult<'_, &str> {
    let bytes = i.as_bytes();
    if bytes
        .first()
        .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_' || b == b':')
    {
        let len = bytes
            .iter()
            .position(|&b| !ASCII_NAME[usize::from(b)])
            .unwrap_or(bytes.len());
        // a name that goes on past ASCII is the general case's
        if bytes.get(len).is_none_or(|&b| b < 0x80) {
            if let Some((name, rest)) = i.split_at_checked(len) {
                return Ok((rest, name));
            }
        }
    }
    match i.chars().next() {
        Some(c) if is_name_start(c) => take_while1(is_name_char).parse(i),
        Some(c) => fail(
            i,
            c.len_utf8(),
            format!("expected a name, found `{}`", c.escape_debug()),
        ),
        None => fail(i, 0, "unexpected end of input: expected a name"),
    }
}

/// Whether a name holds `:`. Names are short: a plain loop beats a call to a vectorised
/// search, whose set-up and exit cost more than the loop and are hard to predict.
fn has_colon(name: &str) -> bool {
    name.bytes().any(|b| b == b':')
}

fn space0(i: &str) -> PResult<'_, &str> {
    take_while(is_space).parse(i)
}

/// Where a start tag's attributes go: the document's arrays.
struct AttrSink<'s> {
    attrs: &'s mut Vec<AttrData>,
    decoded: &'s mut Vec<Box<str>>,
}

/// `<Name (S Attribute)* S? (/>|>)`: the name, whether the tag closes itself, and the rest.
/// Attributes are appended to `sink`.
fn start_tag<'a>(
    i: &'a str,
    full: &'a str,
    limits: &Limits,
    sink: &mut AttrSink<'_>,
    clean: &Clean<'_>,
) -> PResult<'a, (&'a str, bool)> {
    let (mut rest, tag_name) = name(i.get(1..).unwrap_or(""))?;
    let first = sink.attrs.len();
    let max_attributes = limits.max_attributes.min(usize::from(u16::MAX));
    loop {
        let (r, ws) = space0(rest)?;
        if let Some(r2) = r.strip_prefix("/>") {
            return Ok((r2, (tag_name, true)));
        }
        if let Some(r2) = r.strip_prefix('>') {
            return Ok((r2, (tag_name, false)));
        }
        if r.is_empty() {
            return fail(
                r,
                0,
                format!("unexpected end of input inside the start tag `<{tag_name}`"),
            );
        }
        if ws.is_empty() {
            let c = r.chars().next().unwrap_or(' ');
            return fail(
                r,
                c.len_utf8(),
                format!(
                    "expected whitespace, `>` or `/>` in the start tag `<{tag_name}`, found `{}`",
                    c.escape_debug()
                ),
            );
        }
        if sink.attrs.len() - first >= max_attributes {
            let (_, attr_name) = name(r)?;
            return fail_code(
                r,
                attr_name.len(),
                codes::LIMIT_EXCEEDED,
                format!(
                    "more than {max_attributes} attributes on `<{tag_name}>` (limit {max_attributes})"
                ),
            );
        }
        let (r, (attr, value)) = attribute(r, full, clean)?;
        let attr_name = attr.name(full);
        let duplicate = sink
            .attrs
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .any(|a| a.name_len == attr.name_len && a.name(full) == attr_name);
        if duplicate {
            return fail(
                r_at(full, attr.name_start as usize),
                attr.name_len as usize,
                format!("duplicate attribute `{attr_name}` on `<{tag_name}>`"),
            );
        }
        let mut attr = attr;
        if let Cow::Owned(v) = value {
            attr.decoded = sink.decoded.len() as u32;
            sink.decoded.push(v.into_boxed_str());
        }
        sink.attrs.push(attr);
        rest = r;
    }
}

/// The remaining input at `offset` of `full` (for error positions).
fn r_at(full: &str, offset: usize) -> &str {
    full.get(offset..).unwrap_or("")
}

fn offset_of(full: &str, rest: &str) -> usize {
    full.len() - rest.len()
}

/// `Name S? = S? ("..." | '...')`: the attribute and its decoded value.
fn attribute<'a>(
    i: &'a str,
    full: &'a str,
    clean: &Clean<'_>,
) -> PResult<'a, (AttrData, Cow<'a, str>)> {
    let start = offset_of(full, i);
    let (r, attr_name) = name(i)?;
    let (r, _) = space0(r)?;
    let (r, _) = match tag::<_, _, PErr<'a>>("=").parse(r) {
        Ok(ok) => ok,
        Err(_) => {
            return fail(
                r,
                1,
                format!("expected `=` after the attribute name `{attr_name}`"),
            )
        }
    };
    let (r, _) = space0(r)?;
    let quote = match r.chars().next() {
        Some(q @ ('"' | '\'')) => q,
        _ => return fail(r, 1, format!("the value of `{attr_name}` must be quoted")),
    };
    let body = r.get(1..).unwrap_or("");
    let end = match memchr::memchr(quote as u8, body.as_bytes()) {
        Some(end) => end,
        None => return fail(r, 1, format!("the value of `{attr_name}` is never closed")),
    };
    let raw = body.get(..end).unwrap_or("");
    let value_start = offset_of(full, body);
    if let Some(lt) = memchr::memchr(b'<', raw.as_bytes()) {
        return fail(
            r_at(full, value_start + lt),
            1,
            format!("`<` is not allowed in the value of `{attr_name}`: write `&lt;`"),
        );
    }
    check_chars(raw, full, value_start, clean)?;
    let value = match escape::unescape(raw, value_start) {
        Ok(v) => v,
        Err(e) => return fail(r_at(full, e.span.start), e.span.len(), e.message),
    };
    let rest = body.get(end + 1..).unwrap_or("");
    let attr = AttrData {
        name_start: start as u32,
        name_len: attr_name.len() as u32,
        value_start: value_start as u32,
        value_end: (value_start + raw.len()) as u32,
        decoded: NONE,
    };
    Ok((rest, (attr, value)))
}

/// How far a text is known to hold no character that XML does not allow (a control character,
/// U+FFFE, U+FFFF): texts, CDATA sections, comments and attribute values that end before
/// that offset need no check of their own ([`check_chars`]). The text is searched a block at
/// a time, 64 bytes at a time, just ahead of the parse, which then reads what was searched
/// from the cache rather than from memory.
struct Clean<'a> {
    bytes: &'a [u8],
    /// No forbidden character starts before this offset.
    to: Cell<usize>,
    /// `to` is where the first forbidden character starts, or the end of the text.
    found: Cell<bool>,
}

impl<'a> Clean<'a> {
    /// How much of the text is searched at once, at least.
    const BLOCK: usize = 64 * 1024;

    fn new(bytes: &'a [u8]) -> Self {
        Clean {
            bytes,
            to: Cell::new(0),
            found: Cell::new(bytes.is_empty()),
        }
    }

    /// Whether no forbidden character starts before `end`.
    #[inline]
    fn covers(&self, end: usize) -> bool {
        end <= self.to.get() || self.reach(end)
    }

    /// Searches on from where the search stopped, to `end` and a block beyond.
    #[inline(never)]
    fn reach(&self, end: usize) -> bool {
        if !self.found.get() {
            let from = self.to.get();
            let upto = end.max(from + Self::BLOCK).min(self.bytes.len());
            let at = first_forbidden(self.bytes, from, upto);
            self.to.set(at);
            self.found.set(at < upto || upto == self.bytes.len());
        }
        end <= self.to.get()
    }
}

/// Where the first character that XML does not allow starts in `bytes[from..upto]` (a
/// character that starts there and ends beyond counts), or `upto` when there is none. No
/// forbidden character may start in `bytes[..from]` (its end is not looked at).
fn first_forbidden(bytes: &[u8], from: usize, upto: usize) -> usize {
    // bytes that may start a forbidden character: controls but tab and line breaks, and 0xEF
    // (which starts U+F000, the list delimiter of payloads, too)
    // (`b | 4 == 13` is tab or carriage return: one comparison fewer for the vectors)
    let suspect = |b: u8| ((b < 0x20) & (b | 4 != b'\r') & (b != b'\n')) | (b == 0xEF);
    let within = bytes.get(from..upto).unwrap_or(&[]);
    let mut chunks = within.chunks_exact(64);
    let mut at = from;
    for chunk in chunks.by_ref() {
        // a fold without an early exit: the compiler compares the chunk as vectors
        if chunk.iter().fold(false, |any, &b| any | suspect(b)) {
            if let Some(i) = forbidden_at(chunk, bytes.get(at..).unwrap_or(&[])) {
                return at + i;
            }
        }
        at += 64;
    }
    let rest = chunks.remainder();
    forbidden_at(rest, bytes.get(at..).unwrap_or(&[])).map_or(upto, |i| at + i)
}

/// The first forbidden character among the first `within.len()` bytes of `bytes`.
fn forbidden_at(within: &[u8], bytes: &[u8]) -> Option<usize> {
    // 0xEF also starts U+F000, the list delimiter of policy payloads: look at what follows
    // instead of decoding every character.
    within.iter().enumerate().position(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0..=0x1F => true,
        0xEF => matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])),
        _ => false,
    })
}

/// Rejects characters that XML does not allow (control characters, U+FFFE, U+FFFF) in `raw`,
/// which starts at `base` of `full`. Only a text that `clean` does not cover is looked into.
fn check_chars<'a>(raw: &'a str, full: &'a str, base: usize, clean: &Clean<'_>) -> PResult<'a, ()> {
    if clean.covers(base + raw.len()) {
        return Ok((raw, ()));
    }
    let bytes = raw.as_bytes();
    let bad = forbidden_at(bytes, bytes);
    if let Some(c) = bad.and_then(|i| Some((i, raw.get(i..)?.chars().next()?))) {
        let (i, c) = c;
        debug_assert!(!is_xml_char(c));
        return fail(
            r_at(full, base + i),
            c.len_utf8(),
            format!("the character U+{:04X} is not allowed in XML", c as u32),
        );
    }
    Ok((raw, ()))
}

/// `</Name S? >`.
fn end_tag(i: &str) -> PResult<'_, &str> {
    let (r, n) = name(i.get(2..).unwrap_or(""))?;
    let (r, _) = space0(r)?;
    match r.strip_prefix('>') {
        Some(r) => Ok((r, n)),
        None if r.is_empty() => fail(
            r,
            0,
            format!("unexpected end of input inside the end tag `</{n}`"),
        ),
        None => fail(r, 1, format!("expected `>` to close the end tag `</{n}`")),
    }
}

/// Where `]]>` starts in `bytes`. Texts rarely hold `]`: a byte search beats building a
/// substring finder for every text.
fn find_cdata_end(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b']', bytes.get(from..)?) {
        let at = from + i;
        if bytes.get(at..at + 3) == Some(b"]]>") {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `<!-- ... -->`.
fn comment(i: &str) -> PResult<'_, &str> {
    let body = i.get(4..).unwrap_or("");
    let (r, value) = match take_until::<_, _, PErr<'_>>("--").parse(body) {
        Ok(ok) => ok,
        Err(_) => {
            return fail(
                r_end(i),
                0,
                "unexpected end of input: a comment is never closed with `-->`",
            )
        }
    };
    match r.strip_prefix("-->") {
        Some(rest) => Ok((rest, value)),
        None => fail(r, 2, "`--` is not allowed inside a comment"),
    }
}

fn r_end(i: &str) -> &str {
    i.get(i.len()..).unwrap_or("")
}

/// `<![CDATA[ ... ]]>`.
fn cdata(i: &str) -> PResult<'_, &str> {
    let body = i.get(9..).unwrap_or("");
    match find_cdata_end(body.as_bytes()) {
        Some(end) => Ok((
            body.get(end + 3..).unwrap_or(""),
            body.get(..end).unwrap_or(""),
        )),
        None => fail(
            r_end(i),
            0,
            "unexpected end of input: a CDATA section is never closed with `]]>`",
        ),
    }
}

/// `<?target data?>`.
fn pi(i: &str) -> PResult<'_, (&str, &str)> {
    let (after_target, target) = name(i.get(2..).unwrap_or(""))?;
    let (r, spaces) = space0(after_target)?;
    match take_until::<_, _, PErr<'_>>("?>").parse(r) {
        Ok((rest, data)) => {
            if spaces.is_empty() && !data.is_empty() {
                return fail(
                    after_target,
                    1,
                    "a processing instruction needs a space between its target and its data",
                );
            }
            // the characters of XML 1.0 (`Char`): no control character but tab and line breaks,
            // no U+FFFE / U+FFFF; `r` runs to the end of the text, as error positions need
            if let Some((k, c)) = data
                .char_indices()
                .find(|&(_, c)| !crate::escape::is_xml_char(c))
            {
                return fail(
                    r.get(k..).unwrap_or(""),
                    c.len_utf8(),
                    format!("`{}` is not an XML character", c.escape_debug()),
                );
            }
            Ok((rest.get(2..).unwrap_or(""), (target, data)))
        }
        Err(_) => fail(
            r_end(i),
            0,
            "unexpected end of input: a processing instruction is never closed with `?>`",
        ),
    }
}

/// Checks the pseudo-attributes of the XML declaration: `tail` is the text from the
/// declaration's data to the end of the file (error positions are counted from the end),
/// `len` the length of the data. `version` (`1.x`), then optionally `encoding` (a name) and
/// `standalone` (`yes` or `no`), in that order, each after a space, with matching quotes.
fn xml_declaration(tail: &str, len: usize) -> PResult<'_, ()> {
    let data = tail.get(..len).unwrap_or("");
    // a slice of `data` as the same place in `tail`, which runs to the end of the text
    let at = |s: &str| {
        let k = (s.as_ptr() as usize).saturating_sub(data.as_ptr() as usize);
        tail.get(k..).unwrap_or("")
    };
    let mut rest = data;
    let mut seen: Vec<&str> = Vec::new();
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        if trimmed.is_empty() {
            break;
        }
        if trimmed.len() == rest.len() && !seen.is_empty() {
            return fail(
                at(rest),
                1,
                "a space is needed between the pseudo-attributes of the XML declaration",
            );
        }
        rest = trimmed;
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric()))
            .unwrap_or(rest.len());
        let name = rest.get(..name_len).unwrap_or("");
        let order = ["version", "encoding", "standalone"];
        let Some(pos) = order.iter().position(|n| *n == name) else {
            return fail(
                rest,
                name_len.max(1),
                format!("`{name}` is not a pseudo-attribute of the XML declaration (`version`, `encoding`, `standalone`)"),
            );
        };
        if seen
            .iter()
            .any(|s| order.iter().position(|n| n == s) >= Some(pos))
        {
            return fail(at(rest), name_len, "the XML declaration takes `version`, `encoding` and `standalone` once each, in that order");
        }
        if seen.is_empty() && name != "version" {
            return fail(
                at(rest),
                name_len,
                "the XML declaration starts with `version`",
            );
        }
        let after = rest
            .get(name_len..)
            .unwrap_or("")
            .trim_start_matches([' ', '\t', '\r', '\n']);
        let Some(after_eq) = after.strip_prefix('=') else {
            return fail(
                at(after),
                1,
                "`=` expected after the pseudo-attribute's name",
            );
        };
        let value_at = after_eq.trim_start_matches([' ', '\t', '\r', '\n']);
        let quote = match value_at.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => return fail(at(value_at), 1, "the value must be quoted"),
        };
        let body = value_at.get(1..).unwrap_or("");
        let Some(end) = body.find(quote) else {
            return fail(at(value_at), 1, "the value's quote is never closed");
        };
        let value = body.get(..end).unwrap_or("");
        let ok = match name {
            "version" => value
                .strip_prefix("1.")
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())),
            "encoding" => {
                value
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_alphabetic())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            }
            _ => value == "yes" || value == "no",
        };
        if !ok {
            let what = match name {
                "version" => "`version` must be `1.0` (XML 1.x)",
                "encoding" => "`encoding` must be an encoding name such as `UTF-8`",
                _ => "`standalone` must be `yes` or `no`",
            };
            return fail(at(body), value.len().max(1), what);
        }
        seen.push(name);
        rest = body.get(end + 1..).unwrap_or("");
    }
    if seen.is_empty() {
        return fail(at(data), 0, "the XML declaration needs `version=\"1.0\"`");
    }
    Ok((at(rest), ()))
}

/// `<!DOCTYPE ...>` without internal subset.
/// `PubidChar` of XML 1.0.
fn is_pubid_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ' ' | '\r' | '\n') || "-'()+,./:=?;!*#@$_%".contains(c)
}

/// A quoted literal: its text and the rest.
fn literal<'a>(i: &'a str, what: &str) -> PResult<'a, &'a str> {
    let Some(q) = i.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return fail(
            i,
            i.chars().next().map_or(0, char::len_utf8),
            format!("expected the quoted {what}"),
        );
    };
    let body = i.get(1..).unwrap_or("");
    match body.find(q) {
        Some(end) => Ok((
            body.get(end + 1..).unwrap_or(""),
            body.get(..end).unwrap_or(""),
        )),
        None => fail(
            r_end(i),
            0,
            format!("unexpected end of input: the {what} is never closed"),
        ),
    }
}

/// `<!DOCTYPE Name (S ExternalID)? S? >`: the text between `<!DOCTYPE` and `>`, trimmed. An
/// internal subset is an `xml-dtd` error: its declarations are never read.
fn doctype(i: &str) -> PResult<'_, &str> {
    let body = i.get(9..).unwrap_or("");
    let (r, ws) = space0(body)?;
    if ws.is_empty() || !r.chars().next().is_some_and(is_name_start) {
        return fail(
            r,
            r.chars().next().map_or(0, char::len_utf8),
            "a DOCTYPE names the root element first: `<!DOCTYPE SyncML ...>`",
        );
    }
    let (r, _) = name(r)?;
    let (mut r, ws) = space0(r)?;
    for keyword in ["SYSTEM", "PUBLIC"] {
        let Some(after) = r.strip_prefix(keyword).filter(|_| !ws.is_empty()) else {
            continue;
        };
        let (after, ws) = space0(after)?;
        if ws.is_empty() {
            return fail(
                after,
                1,
                format!("expected whitespace and a quoted literal after `{keyword}`"),
            );
        }
        let mut rest = after;
        if keyword == "PUBLIC" {
            let (after_id, id) = literal(rest, "public identifier")?;
            if let Some((at, c)) = id.char_indices().find(|(_, c)| !is_pubid_char(*c)) {
                return fail(
                    rest.get(1 + at..).unwrap_or(""),
                    c.len_utf8(),
                    format!(
                        "`{}` is not allowed in a public identifier",
                        c.escape_debug()
                    ),
                );
            }
            let (after_id, ws) = space0(after_id)?;
            if ws.is_empty() {
                return fail(after_id, 1, "expected whitespace and the quoted system identifier after the public identifier");
            }
            rest = after_id;
        }
        let (after_system, _) = literal(rest, "system identifier")?;
        r = space0(after_system)?.0;
        break;
    }
    match r.as_bytes().first() {
        Some(b'>') => {
            let n = body.len() - r.len();
            Ok((r.get(1..).unwrap_or(""), body.get(..n).unwrap_or("").trim()))
        }
        Some(b'[') => fail_code(
            i,
            9,
            codes::XML_DTD,
            "a DOCTYPE with an internal subset is not allowed: entity declarations are never expanded",
        ),
        Some(_) => {
            let c = r.chars().next().unwrap_or(' ');
            fail(
                r,
                c.len_utf8(),
                format!("unexpected `{}` in the DOCTYPE: expected `SYSTEM`, `PUBLIC` or `>`", c.escape_debug()),
            )
        }
        None => fail(
            r_end(i),
            0,
            "unexpected end of input: the DOCTYPE is never closed with `>`",
        ),
    }
}

fn to_diagnostic(full: &str, e: PErr<'_>) -> Diagnostic {
    let at = offset_of(full, e.input);
    let span = Span::new(at, (at + e.len).min(full.len()));
    Diagnostic::error(e.code, span, e.message)
}

fn unwrap_err(e: nom::Err<PErr<'_>>) -> PErr<'_> {
    match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => e,
        nom::Err::Incomplete(_) => PErr {
            input: "",
            len: 0,
            code: codes::XML_SYNTAX,
            message: Cow::Borrowed("unexpected end of input"),
        },
    }
}

/// Whether top-level text is allowed (a fragment's payload) or only whitespace (a document).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopLevel {
    /// Only whitespace outside elements; several top-level elements are allowed.
    Elements,
    /// Text is allowed at the top level too (the decoded ADMX payload of a `Data`).
    Mixed,
}

/// Parses `text` into a [`Document`]. The first well-formedness problem, DTD or limit stops the
/// parse and is returned as an `xml-syntax`, `xml-dtd` or `limit-exceeded` diagnostic whose span
/// is an offset into `text`.
pub fn parse<'a>(
    text: &'a str,
    limits: &Limits,
    top_level: TopLevel,
) -> Result<Document<'a>, Box<Diagnostic>> {
    let mut doc = parse_reusing(text, limits, top_level, &mut Buffers::default())?;
    doc.nodes.shrink_to_fit();
    Ok(doc)
}

/// The vectors a parse fills, kept between parses of many small texts (the payloads of a
/// message): [`parse_reusing`] takes them, and [`Document::into_buffers`] gives them back.
#[derive(Debug, Default)]
pub struct Buffers {
    nodes: Vec<NodeData>,
    attrs: Vec<AttrData>,
    decoded: Vec<Box<str>>,
    texts: String,
    stack: Vec<Open>,
    deferred: Vec<Held>,
}

/// [`parse`], filling the vectors of `buffers` instead of new ones. After an error the
/// vectors stay in `buffers`.
pub fn parse_reusing<'a>(
    text: &'a str,
    limits: &Limits,
    top_level: TopLevel,
    buffers: &mut Buffers,
) -> Result<Document<'a>, Box<Diagnostic>> {
    build(text, limits, top_level, buffers, None)
}

/// [`parse`], telling `visitor` of every element that closes at most `depth` levels deep (0:
/// the top level), with the document as parsed so far. An element the visitor answers
/// [`Visit::Drop`] is taken out of the document with its subtree, so that a large input can be
/// checked piece by piece while each piece is in the cache, in the memory of one piece.
pub fn parse_visiting<'a>(
    text: &'a str,
    limits: &Limits,
    top_level: TopLevel,
    depth: usize,
    visitor: &mut Visitor<'_>,
) -> Result<Document<'a>, Box<Diagnostic>> {
    build(
        text,
        limits,
        top_level,
        &mut Buffers::default(),
        Some((visitor, depth)),
    )
}

fn build<'a, 'v>(
    text: &'a str,
    limits: &Limits,
    top_level: TopLevel,
    buffers: &mut Buffers,
    visitor: Option<(&'v mut Visitor<'v>, usize)>,
) -> Result<Document<'a>, Box<Diagnostic>> {
    // offsets are stored as u32
    let max_size = limits.max_size.min(u32::MAX as usize - 16);
    if text.len() > max_size {
        return Err(Box::new(Diagnostic::error(
            codes::LIMIT_EXCEEDED,
            Span::new(max_size, max_size.saturating_add(1).min(text.len())),
            format!(
                "the input is {} bytes, more than the limit of {max_size} bytes",
                text.len(),
            ),
        )));
    }
    let mut nodes = std::mem::take(&mut buffers.nodes);
    let mut attrs = std::mem::take(&mut buffers.attrs);
    let mut decoded = std::mem::take(&mut buffers.decoded);
    let mut texts = std::mem::take(&mut buffers.texts);
    let mut stack = std::mem::take(&mut buffers.stack);
    let mut deferred = std::mem::take(&mut buffers.deferred);
    nodes.clear();
    attrs.clear();
    decoded.clear();
    texts.clear();
    stack.clear();
    deferred.clear();
    // a SyncML message has about one node for every 40 bytes
    nodes.reserve(text.len() / 40);
    // and an attribute for every 64 bytes or fewer (a payload's `data` has two)
    attrs.reserve(text.len() / 64);
    let mut builder = Builder {
        full: text,
        clean: Clean::new(text.as_bytes()),
        doc: Document {
            text,
            nodes,
            attrs,
            decoded,
            texts,
            comments: 0,
        },
        stack,
        top_last: NONE,
        deferred,
        limits,
        top_level,
        lenient_prefixes: top_level == TopLevel::Mixed,
        prefixes: Vec::new(),
        seen_doctype: false,
        seen_content: false,
        visitor,
    };
    let result = builder.run();
    buffers.stack = builder.stack;
    buffers.deferred = builder.deferred;
    match result {
        Ok(()) => Ok(builder.doc),
        Err(e) => {
            let mut d = to_diagnostic(text, e.0);
            if let Some(label) = e.1 {
                d.labels.push(label);
            }
            builder.doc.into_buffers(buffers);
            Err(Box::new(d))
        }
    }
}

impl Document<'_> {
    /// The vectors of this document, for the next [`parse_reusing`].
    pub fn into_buffers(self, buffers: &mut Buffers) {
        buffers.nodes = self.nodes;
        buffers.attrs = self.attrs;
        buffers.decoded = self.decoded;
        buffers.texts = self.texts;
    }
}

/// An element whose end tag is still to come.
#[derive(Debug)]
struct Open {
    id: u32,
    /// Its last child so far, or [`NONE`].
    last_child: u32,
    /// It has a child element, comment or processing instruction.
    structured: bool,
    /// It has text that is not whitespace, or CDATA: all its text is kept.
    mixed: bool,
    /// Where its whitespace-only texts start in `Builder::deferred`.
    deferred_from: usize,
    /// Where the prefixes it declares start in `Builder::prefixes`.
    prefixes_from: usize,
    /// Where it stands, to take it out again (see [`Visit::Drop`]).
    mark: Mark,
}

/// An element's place in the arena: its id, its previous sibling, and where its attributes
/// and decoded values start. Everything from there on is its subtree.
#[derive(Clone, Copy, Debug)]
struct Mark {
    id: u32,
    prev: u32,
    attrs: u32,
    decoded: u32,
    texts: u32,
}

/// What a visitor of [`parse_visiting`] wants done with an element that just closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visit {
    /// Keep it in the document.
    Keep,
    /// Take it out of the document with its subtree: it was dealt with.
    Drop,
}

/// The visitor of [`parse_visiting`]: called with each element that closes (its end tag, or
/// `/>`) at most `depth` levels deep, and its parent (`None` at the top level).
pub type Visitor<'v> = dyn FnMut(Element<'_>, Option<Element<'_>>) -> Visit + 'v;

struct Builder<'a, 'l, 'v> {
    full: &'a str,
    /// How far the text holds no character that XML does not allow.
    clean: Clean<'a>,
    doc: Document<'a>,
    stack: Vec<Open>,
    /// The last top-level node so far, or [`NONE`].
    top_last: u32,
    /// Whitespace-only texts of open elements, held back with the sibling they follow ([`NONE`]
    /// for a first child): whitespace between child elements carries nothing (the encoder lays
    /// it out anew, see `encode::is_element_content`), so it stays out of the document unless
    /// the element turns out to have text or CDATA, or nothing but whitespace.
    deferred: Vec<Held>,
    limits: &'l Limits,
    top_level: TopLevel,
    seen_content: bool,
    /// Told of elements that close at most `.1` levels deep.
    visitor: Option<(&'v mut Visitor<'v>, usize)>,
    /// A DOCTYPE was read.
    seen_doctype: bool,
    /// The namespace prefixes declared by the open elements, with their namespace names,
    /// innermost last.
    prefixes: Vec<(&'a str, String)>,
    /// Undeclared prefixes are allowed: in a profile fragment (its MDM server declares them in
    /// the message it embeds the fragment in) and in a payload.
    lenient_prefixes: bool,
}

/// A whitespace-only text held back: the sibling it follows and where it stands. Twelve bytes:
/// a `SyncBody` of 100,000 commands holds as many until it closes.
#[derive(Clone, Copy, Debug)]
struct Held {
    prev: u32,
    start: u32,
    end: u32,
}

type BuildError<'a> = (PErr<'a>, Option<diagnostics::Label>);

/// Puts the texts that `open` held back in place, each after the sibling it followed.
fn flush(nodes: &mut Vec<NodeData>, deferred: &mut Vec<Held>, open: &mut Open) {
    let from = open.deferred_from.min(deferred.len());
    for Held { prev, start, end } in deferred.drain(from..) {
        let mut node = NodeData::leaf(Kind::Text, start as usize, end as usize);
        node.flags = TEXT_BLANK;
        let id = nodes.len() as u32;
        let link = if prev == NONE {
            nodes.get_mut(open.id as usize).map(|p| &mut p.first_child)
        } else {
            nodes.get_mut(prev as usize).map(|p| &mut p.next)
        };
        if let Some(link) = link {
            node.next = *link;
            *link = id;
        }
        if prev == open.last_child {
            open.last_child = id;
        }
        nodes.push(node);
    }
}

impl<'a> Builder<'a, '_, '_> {
    fn next_id(&self) -> u32 {
        self.doc.nodes.len() as u32
    }

    /// Stores `node` as the last child of the open element (or the last top-level node).
    /// Returns the previous sibling.
    fn append(&mut self, node: NodeData) -> u32 {
        let id = self.next_id();
        self.doc.nodes.push(node);
        let prev = match self.stack.last_mut() {
            Some(open) => {
                let prev = open.last_child;
                open.last_child = id;
                if prev == NONE {
                    if let Some(parent) = self.doc.nodes.get_mut(open.id as usize) {
                        parent.first_child = id;
                    }
                }
                prev
            }
            None => std::mem::replace(&mut self.top_last, id),
        };
        if let Some(p) = self.doc.nodes.get_mut(prev as usize) {
            p.next = id;
        }
        prev
    }

    /// A child that makes its parent element content (element, comment, PI). Returns the
    /// previous sibling.
    fn push_structured(&mut self, node: NodeData) -> u32 {
        if let Some(open) = self.stack.last_mut() {
            open.structured = true;
        }
        self.append(node)
    }

    /// Tells the visitor that the element at `mark` closed, and takes it out when asked to.
    fn closed(&mut self, mark: Mark) {
        let Some((visitor, depth)) = &mut self.visitor else {
            return;
        };
        if self.stack.len() > *depth {
            return;
        }
        let doc = &self.doc;
        let parent = self.stack.last().map(|open| Element { doc, id: open.id });
        if visitor(Element { doc, id: mark.id }, parent) == Visit::Keep {
            return;
        }
        // The element is the last child of its parent and its subtree ends the arena (texts
        // held back inside it were put in place or dropped when it closed).
        self.doc.nodes.truncate(mark.id as usize);
        self.doc.attrs.truncate(mark.attrs as usize);
        self.doc.decoded.truncate(mark.decoded as usize);
        self.doc.texts.truncate(mark.texts as usize);
        match self.stack.last_mut() {
            Some(open) => {
                open.last_child = mark.prev;
                if mark.prev == NONE {
                    if let Some(p) = self.doc.nodes.get_mut(open.id as usize) {
                        p.first_child = NONE;
                    }
                }
            }
            None => self.top_last = mark.prev,
        }
        if let Some(p) = self.doc.nodes.get_mut(mark.prev as usize) {
            p.next = NONE;
        }
    }

    /// Whitespace between tags, at `start..end`: held back at once while its element may
    /// have element content (from the offsets, not from a node written to memory and read
    /// back, which stalled on every line of a message).
    #[inline]
    fn push_layout(&mut self, start: usize, end: usize) {
        if !self.hold(start as u32, end as u32) {
            let mut node = NodeData::leaf(Kind::Text, start, end);
            node.flags = TEXT_PLAIN | TEXT_BLANK;
            self.push_text(node, true);
        }
    }

    /// Holds back whitespace at `start..end` when the open element may still turn out to have
    /// element content (see `deferred`). Whether it did.
    #[inline]
    fn hold(&mut self, start: u32, end: u32) -> bool {
        match self.stack.last() {
            Some(open) if !open.mixed => {
                self.deferred.push(Held {
                    prev: open.last_child,
                    start,
                    end,
                });
                true
            }
            _ => false,
        }
    }

    /// Text or CDATA: whitespace-only text is held back while the parent may be element content.
    fn push_text(&mut self, node: NodeData, blank: bool) {
        if blank && self.hold(node.start, node.end) {
            return;
        }
        if let Some(open) = self.stack.last_mut() {
            if !open.mixed {
                open.mixed = true;
                flush(&mut self.doc.nodes, &mut self.deferred, open);
            }
        }
        self.append(node);
    }

    fn open_label(&self, message: impl FnOnce(&str) -> String) -> Option<diagnostics::Label> {
        let open = self.stack.last()?;
        let e = Element {
            doc: &self.doc,
            id: open.id,
        };
        Some(diagnostics::Label::new(e.start_tag(), message(e.name())))
    }

    fn run(&mut self) -> Result<(), BuildError<'a>> {
        let full = self.full;
        let mut rest = full;
        while !rest.is_empty() {
            let start = offset_of(full, rest);
            let step: PResult<'a, ()> = if rest.starts_with('<') {
                self.markup(rest, start)
            } else {
                self.text(rest, start)
            };
            match step {
                Ok((r, ())) => rest = r,
                Err(e) => {
                    let e = unwrap_err(e);
                    let label = if e.code == codes::XML_SYNTAX {
                        self.open_label(|name| format!("inside `<{name}>` opened here"))
                    } else {
                        None
                    };
                    return Err((e, label));
                }
            }
        }
        if let Some(label) = self.open_label(|_| "opened here".to_string()) {
            let name = self.open_name().unwrap_or("");
            return Err((
                PErr {
                    input: r_end(full),
                    len: 0,
                    code: codes::XML_SYNTAX,
                    message: Cow::Owned(format!(
                        "unexpected end of input: `<{name}>` is never closed"
                    )),
                },
                Some(label),
            ));
        }
        Ok(())
    }

    fn open_name(&self) -> Option<&'a str> {
        let open = self.stack.last()?;
        let d = self.doc.nodes.get(open.id as usize)?;
        Some(self.doc.element_name(d))
    }

    /// The end tag at `rest` (standing at `start`), which must close the open element. The
    /// common one, `</`, the open element's name and `>`, is matched without reading the name
    /// again; anything else takes the full grammar.
    fn closing_tag(&self, rest: &'a str, start: usize) -> PResult<'a, ()> {
        let open_name = self.open_name();
        let quick = open_name.and_then(|open| {
            let after = rest.as_bytes().get(2..)?;
            let closes = escape::word::starts_with(after, open.as_bytes())
                && after.get(open.len()) == Some(&b'>');
            closes.then(|| rest.get(3 + open.len()..))?
        });
        if let Some(r) = quick {
            return Ok((r, ()));
        }
        let (r, n) = end_tag(rest)?;
        let Some(open_name) = open_name else {
            return fail(
                rest,
                offset_of(self.full, r) - start,
                format!("the end tag `</{n}>` has no start tag"),
            );
        };
        if open_name != n {
            return fail(
                r_at(self.full, start + 2),
                n.len(),
                format!("the end tag `</{n}>` does not match the start tag `<{open_name}>`"),
            );
        }
        Ok((r, ()))
    }

    fn text(&mut self, rest: &'a str, start: usize) -> PResult<'a, ()> {
        // The common text, the layout between tags: whitespace has nothing to check.
        let bytes = rest.as_bytes();
        let ws = escape::space_run(bytes);
        if bytes.get(ws).is_none_or(|&b| b == b'<') {
            if !(self.stack.is_empty() && self.top_level == TopLevel::Elements) {
                self.push_layout(start, start + ws);
            }
            return Ok((rest.get(ws..).unwrap_or(""), ()));
        }
        let end = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
        let raw = rest.get(..end).unwrap_or("");
        let after = rest.get(end..).unwrap_or("");
        if self.stack.is_empty() && self.top_level == TopLevel::Elements {
            if let Some(i) = raw.find(|c: char| !is_space(c)) {
                return fail(
                    r_at(self.full, start + i),
                    1,
                    "text is not allowed outside of the root element",
                );
            }
            return Ok((after, ()));
        }
        if let Some(i) = find_cdata_end(raw.as_bytes()) {
            return fail(
                r_at(self.full, start + i),
                3,
                "`]]>` is not allowed in text: write `]]&gt;`",
            );
        }
        check_chars(raw, self.full, start, &self.clean)?;
        let mut node = NodeData::leaf(Kind::Text, start, start + raw.len());
        let blank = if memchr::memchr(b'&', raw.as_bytes()).is_none() {
            node.flags = TEXT_PLAIN | TEXT_FILLED;
            // the layout test above found a character that is not whitespace
            false
        } else {
            // references are checked by decoding them, once: the decoded text is kept
            let texts = &mut self.doc.texts;
            let from = texts.len();
            if let Err(e) = escape::unescape_into(raw, start, texts) {
                texts.truncate(from);
                return fail(r_at(self.full, e.span.start), e.span.len(), e.message);
            }
            let decoded = texts.get(from..).unwrap_or("");
            if decoded.chars().all(is_space) {
                // held back as layout, if at all: it decodes again when read
                texts.truncate(from);
                node.flags = TEXT_BLANK;
                true
            } else {
                node.flags = TEXT_DECODED | TEXT_FILLED;
                node.attrs = from as u32;
                node.name_len = decoded.len() as u32;
                false
            }
        };
        self.push_text(node, blank);
        Ok((after, ()))
    }

    /// Namespaces in XML 1.0 on a start tag whose attributes start at `first_attr`: names
    /// are `QName`s; the reserved prefixes `xml` and `xmlns` keep their namespaces; a prefix is
    /// not undeclared (`xmlns:p=""`); a prefix in use is declared (see `lenient_prefixes`).
    /// The prefixes the tag declares are pushed on `prefixes`. `prefixed`: the tag's name
    /// holds a colon.
    fn namespaces(
        &mut self,
        rest: &'a str,
        tag_name: &'a str,
        prefixed: bool,
        first_attr: usize,
    ) -> PResult<'a, ()> {
        let full = self.full;
        let attrs = self.doc.attrs.get(first_attr..).unwrap_or(&[]);
        let name_of = |a: &AttrData| a.name(full);
        // the common case: no prefix anywhere
        if !prefixed && attrs.iter().all(|a| !has_colon(name_of(a))) {
            return Ok((rest, ()));
        }
        let at = |a: &AttrData| r_at(full, a.name_start as usize);
        for a in attrs {
            let name = name_of(a);
            if let Some(problem) = qname_problem(name) {
                return fail(at(a), name.len(), format!("`{name}`: {problem}"));
            }
            let Some(prefix) = name.strip_prefix("xmlns:") else {
                continue;
            };
            let value = self.doc.decoded_or(a.decoded, a.value_start, a.value_end);
            let problem = match prefix {
                "xmlns" => {
                    Some("the prefix `xmlns` is reserved and cannot be declared".to_string())
                }
                "xml" if value != XML_NAMESPACE => Some(format!(
                    "the prefix `xml` is bound to `{XML_NAMESPACE}` only"
                )),
                "xml" => None,
                _ if value.is_empty() => Some(format!(
                    "`{name}=\"\"` undeclares a prefix, which XML 1.0 namespaces do not allow"
                )),
                _ if value == XML_NAMESPACE || value == XMLNS_NAMESPACE => Some(format!(
                    "`{value}` is reserved for the prefix `{}`",
                    if value == XML_NAMESPACE {
                        "xml"
                    } else {
                        "xmlns"
                    }
                )),
                _ => None,
            };
            if let Some(problem) = problem {
                return fail(at(a), name.len(), problem);
            }
            if prefix != "xml" {
                self.prefixes.push((prefix, value.to_string()));
            }
        }
        let namespace = |p: &str| -> Option<&str> {
            if p == "xml" {
                return Some(XML_NAMESPACE);
            }
            self.prefixes
                .iter()
                .rev()
                .find(|(q, _)| *q == p)
                .map(|(_, uri)| uri.as_str())
        };
        let declared = |p: &str| namespace(p).is_some();
        let tag_at = rest.get(1..).unwrap_or("");
        if let Some(problem) = qname_problem(tag_name) {
            return fail(tag_at, tag_name.len(), format!("`{tag_name}`: {problem}"));
        }
        if let Some((prefix, _)) = tag_name.split_once(':') {
            if prefix == "xmlns" {
                return fail(
                    tag_at,
                    tag_name.len(),
                    "the prefix `xmlns` is reserved for namespace declarations",
                );
            }
            if !declared(prefix) && !self.lenient_prefixes {
                return fail(
                    tag_at,
                    prefix.len(),
                    format!("the prefix `{prefix}` is not declared: add `xmlns:{prefix}=\"...\"`"),
                );
            }
        }
        // attributes are unique by namespace and local name (`a:x` and `b:x` with `a` and `b`
        // bound to one namespace are the same attribute)
        let mut expanded: Vec<(&str, &str)> = Vec::new();
        for a in attrs {
            let name = name_of(a);
            if let Some((prefix, local)) = name.split_once(':') {
                if prefix == "xmlns" {
                    continue;
                }
                match namespace(prefix) {
                    Some(uri) => {
                        if expanded.contains(&(uri, local)) {
                            return fail(
                                at(a),
                                name.len(),
                                format!("`{name}` repeats an attribute: its prefix names the namespace of another `{local}` on this element"),
                            );
                        }
                        expanded.push((uri, local));
                    }
                    None if !self.lenient_prefixes => {
                        return fail(
                            at(a),
                            prefix.len(),
                            format!("the prefix `{prefix}` is not declared: add `xmlns:{prefix}=\"...\"`"),
                        );
                    }
                    None => {}
                }
            }
        }
        Ok((rest, ()))
    }

    fn markup(&mut self, rest: &'a str, start: usize) -> PResult<'a, ()> {
        let full = self.full;
        let bytes = rest.as_bytes();
        match bytes.get(1) {
            Some(b'/') => {
                let (r, ()) = self.closing_tag(rest, start)?;
                let end = offset_of(full, r);
                let Some(mut open) = self.stack.pop() else {
                    return Ok((r, ()));
                };
                self.prefixes.truncate(open.prefixes_from);
                if open.mixed || !open.structured {
                    // text, CDATA or only whitespace: every text is content
                    if self.deferred.len() > open.deferred_from {
                        flush(&mut self.doc.nodes, &mut self.deferred, &mut open);
                    }
                } else {
                    self.deferred.truncate(open.deferred_from);
                }
                if let Some(d) = self.doc.nodes.get_mut(open.id as usize) {
                    d.end = end as u32;
                }
                self.closed(open.mark);
                Ok((r, ()))
            }
            Some(b'!') if rest.starts_with("<!--") => {
                let (r, value) = comment(rest)?;
                check_chars(value, full, start + 4, &self.clean)?;
                self.doc.comments += 1;
                self.push_structured(NodeData::leaf(Kind::Comment, start, offset_of(full, r)));
                Ok((r, ()))
            }
            Some(b'!') if rest.starts_with("<![CDATA[") => {
                if self.stack.is_empty() && self.top_level == TopLevel::Elements {
                    return fail(
                        rest,
                        9,
                        "a CDATA section is not allowed outside of the root element",
                    );
                }
                let (r, value) = cdata(rest)?;
                check_chars(value, full, start + 9, &self.clean)?;
                self.push_text(
                    NodeData::leaf(Kind::CData, start, offset_of(full, r)),
                    false,
                );
                Ok((r, ()))
            }
            Some(b'!') if rest.starts_with("<!DOCTYPE") => {
                if self.seen_content || !self.stack.is_empty() || self.top_level == TopLevel::Mixed
                {
                    return fail_code(
                        rest,
                        9,
                        codes::XML_DTD,
                        "a DOCTYPE is only allowed before the root element",
                    );
                }
                if self.seen_doctype {
                    return fail(rest, 9, "a document has one DOCTYPE: this is the second");
                }
                let (r, _) = doctype(rest)?;
                self.seen_doctype = true;
                self.push_structured(NodeData::leaf(Kind::Doctype, start, offset_of(full, r)));
                Ok((r, ()))
            }
            Some(b'!') => fail(
                rest,
                2,
                "`<!` must start a comment `<!--`, a CDATA section or a DOCTYPE",
            ),
            Some(b'?') => {
                let (r, (target, data)) = pi(rest)?;
                if target.contains(':') {
                    return fail(
                        rest.get(2..).unwrap_or(""),
                        target.len(),
                        format!("`{target}`: a processing instruction's target holds no `:`"),
                    );
                }
                if target.eq_ignore_ascii_case("xml") {
                    if target != "xml" {
                        return fail(
                            rest.get(2..).unwrap_or(""),
                            target.len(),
                            format!("`<?{target}` is not an XML declaration, and a processing instruction cannot be named `xml` in any case"),
                        );
                    }
                    if start == 0 && self.top_level == TopLevel::Mixed {
                        return fail(
                            rest,
                            5,
                            "a payload holds no XML declaration: remove `<?xml ...?>` from it",
                        );
                    }
                    if start != 0 || self.top_level == TopLevel::Mixed {
                        return fail(
                            rest,
                            5,
                            "the XML declaration is only allowed at the very start of the file",
                        );
                    }
                    // the data stands `len` bytes before the `?>` that ends `r`'s predecessor
                    let data_at = (data.as_ptr() as usize).saturating_sub(rest.as_ptr() as usize);
                    xml_declaration(rest.get(data_at..).unwrap_or(""), data.len())?;
                }
                let end = offset_of(full, r);
                let mut node = NodeData::leaf(Kind::Pi, start, end);
                node.name_len = target.len() as u32;
                // the data ends right before `?>`
                node.a = end.saturating_sub(2 + data.len()) as u32;
                self.push_structured(node);
                Ok((r, ()))
            }
            _ => {
                let attrs = self.doc.attrs.len();
                let decoded = self.doc.decoded.len();
                let mut sink = AttrSink {
                    attrs: &mut self.doc.attrs,
                    decoded: &mut self.doc.decoded,
                };
                let (r, (tag_name, self_closing)) =
                    start_tag(rest, full, self.limits, &mut sink, &self.clean)?;
                let end = offset_of(full, r);
                if self.stack.len() >= self.limits.max_depth {
                    return fail_code(
                        rest,
                        1 + tag_name.len(),
                        codes::LIMIT_EXCEEDED,
                        format!(
                            "elements nested deeper than the limit of {}",
                            self.limits.max_depth
                        ),
                    );
                }
                // a profile fragment's prefixes are declared by the message it goes into
                if self.stack.is_empty() && !self.seen_content {
                    let local = tag_name.rsplit(':').next().unwrap_or(tag_name);
                    self.lenient_prefixes |= crate::ast::is_body_child(local);
                }
                let prefixes_from = self.prefixes.len();
                let prefixed = has_colon(tag_name);
                self.namespaces(rest, tag_name, prefixed, attrs)?;
                self.seen_content = true;
                let id = self.next_id();
                let node = NodeData {
                    kind: Kind::Element,
                    flags: if self_closing { SELF_CLOSING } else { 0 }
                        | if prefixed { PREFIXED } else { 0 },
                    n_attrs: (self.doc.attrs.len() - attrs) as u16,
                    start: start as u32,
                    end: end as u32,
                    a: end as u32,
                    first_child: NONE,
                    next: NONE,
                    attrs: attrs as u32,
                    name_len: tag_name.len() as u32,
                };
                let prev = self.push_structured(node);
                // the mark is written where it is kept, field by field: built once on the
                // stack and copied, it was read back as one vector before its fields were
                // stored (a store-forwarding stall on every start tag)
                let mark = |texts: &String| Mark {
                    id,
                    prev,
                    attrs: attrs as u32,
                    decoded: decoded as u32,
                    texts: texts.len() as u32,
                };
                if self_closing {
                    self.prefixes.truncate(prefixes_from);
                    self.closed(mark(&self.doc.texts));
                } else {
                    self.stack.push(Open {
                        id,
                        last_child: NONE,
                        structured: false,
                        mixed: false,
                        deferred_from: self.deferred.len(),
                        prefixes_from,
                        mark: mark(&self.doc.texts),
                    });
                }
                Ok((r, ()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Document<'_>, Box<Diagnostic>> {
        parse(s, &Limits::default(), TopLevel::Elements)
    }

    #[test]
    fn parses_elements_attributes_and_text() {
        let doc = p(
            r#"<?xml version="1.0"?><a x='1' y="&lt;2">t&amp;u<b/><![CDATA[<c>]]><!-- n --></a>"#,
        )
        .unwrap();
        let a = doc.elements().next().unwrap();
        assert_eq!(a.name(), "a");
        assert_eq!(a.attributes().nth(1).unwrap().value, "<2");
        let children: Vec<Node<'_>> = a.children().collect();
        assert_eq!(children.len(), 4);
        assert!(matches!(&children[0], Node::Text(t) if t.value() == "t&u"));
        assert!(matches!(&children[2], Node::CData(c) if c.value == "<c>"));
        assert_eq!(a.span(), Span::new(21, 80));
    }

    #[test]
    fn prefixes_are_read_and_checked_on_every_tag() {
        // a prefixed name is read by its local name, with its prefix, self-closing or not
        let doc = p(r#"<s:a xmlns:s="u"><s:b/><c/></s:a>"#).unwrap();
        let a = doc.elements().next().unwrap();
        assert_eq!((a.local_name(), a.prefix()), ("a", Some("s")));
        assert_eq!(a.end_tag(), Some(Span::new(27, 33)));
        let kids: Vec<Element<'_>> = a.elements().collect();
        assert_eq!((kids[0].local_name(), kids[0].prefix()), ("b", Some("s")));
        assert_eq!(kids[0].end_tag(), None);
        assert_eq!((kids[1].local_name(), kids[1].prefix()), ("c", None));
        assert_eq!(kids[1].end_tag(), None);
        // an undeclared prefix, on a tag whose attributes have none, or on an attribute
        let err = p("<q:a/>").unwrap_err();
        assert_eq!(
            (err.span, err.message.contains("not declared")),
            (Span::new(1, 2), true)
        );
        let err = p(r#"<a><q:b x="1"/></a>"#).unwrap_err();
        assert_eq!(err.span, Span::new(4, 5));
        assert!(p(r#"<a q:x="1"/>"#).is_err());
        // a name of colons alone is no QName
        assert!(p("<:/>").is_err());
        assert!(p("<a/>").is_ok());
    }

    #[test]
    fn mismatched_end_tag_points_at_name_with_label() {
        let err = p("<a><b></c></a>").unwrap_err();
        assert_eq!(err.code, codes::XML_SYNTAX);
        assert_eq!(err.span, Span::new(8, 9));
        assert_eq!(err.labels[0].span, Span::new(3, 6));
    }

    #[test]
    fn truncation_points_at_end() {
        let err = p("<a><b>").unwrap_err();
        assert_eq!(err.span, Span::new(6, 6));
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn internal_subset_is_a_dtd_error() {
        let err = p(r#"<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>"#).unwrap_err();
        assert_eq!(err.code, codes::XML_DTD);
        assert_eq!(err.span, Span::new(0, 9));
        assert!(p(r#"<!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.2//EN" "http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd"><SyncML/>"#).is_ok());
    }

    #[test]
    fn depth_and_attribute_limits() {
        let limits = Limits {
            max_depth: 3,
            max_attributes: 2,
            ..Limits::default()
        };
        let err = parse("<a><b><c><d/></c></b></a>", &limits, TopLevel::Elements).unwrap_err();
        assert_eq!(err.code, codes::LIMIT_EXCEEDED);
        assert_eq!(err.span, Span::new(9, 11));
        let err = parse(r#"<a x="1" y="2" z="3"/>"#, &limits, TopLevel::Elements).unwrap_err();
        assert_eq!(err.code, codes::LIMIT_EXCEEDED);
        assert_eq!(err.span, Span::new(15, 16));
    }

    #[test]
    fn the_document_pass_finds_the_first_forbidden_character() {
        // allowed bytes that the pass looks at twice: line breaks, tab, U+F000
        let allowed = "\t\n\r\u{F000}".as_bytes();
        let forbidden: [&[u8]; 4] = [
            &[0x01],
            &[0x1F],
            "\u{FFFE}".as_bytes(),
            "\u{FFFF}".as_bytes(),
        ];
        for len in [0, 1, 63, 64, 65, 127, 128, 200] {
            let mut clean = b"a".repeat(len);
            for (i, b) in clean.iter_mut().enumerate() {
                if i % 7 == 0 {
                    *b = allowed[i % 4];
                }
            }
            // `allowed` holds part of a U+F000 at a few places: make it whole where it starts
            let clean: Vec<u8> = String::from_utf8_lossy(&clean).into_owned().into_bytes();
            assert_eq!(
                first_forbidden(&clean, 0, clean.len()),
                clean.len(),
                "{len}"
            );
            for at in 0..=clean.len() {
                for bad in forbidden {
                    let mut bytes = clean.clone();
                    bytes.splice(at..at, bad.iter().copied());
                    let Ok(text) = std::str::from_utf8(&bytes) else {
                        continue;
                    };
                    assert_eq!(
                        first_forbidden(text.as_bytes(), 0, text.len()),
                        at,
                        "{bad:x?} at {at} of {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn comments_are_counted_wherever_they_stand() {
        // before, inside and after the root, in an element a visitor takes out; a comment in
        // CDATA or in an attribute value is not one
        let text = "<!-- a --><r x=\"&lt;!-- no --&gt;\"><!-- b --><x><!-- c --></x>\
                    <![CDATA[<!-- no -->]]></r><!-- d -->";
        assert_eq!(p(text).unwrap().comments_read(), 4);
        let mut drop_x = |e: Element<'_>, _: Option<Element<'_>>| {
            if e.name() == "x" {
                Visit::Drop
            } else {
                Visit::Keep
            }
        };
        let visited =
            parse_visiting(text, &Limits::default(), TopLevel::Elements, 2, &mut drop_x).unwrap();
        assert!(visited.elements().all(|e| e.name() != "x"));
        assert_eq!(visited.comments_read(), 4);
        assert_eq!(p("<r/>").unwrap().comments_read(), 0);
    }

    #[test]
    fn an_end_tag_that_starts_like_its_start_tag_is_not_it() {
        for doc in [
            "<a></ab>",
            "<ab></a>",
            "<a></a-b>",
            "<abcdefghi></abcdefgh>",
        ] {
            let e = p(doc).expect_err(doc);
            assert!(e.message.contains("does not match"), "{doc}: {}", e.message);
        }
        for doc in ["<a></a >", "<abcdefghi></abcdefghi>", "<a><b></b></a>"] {
            assert!(p(doc).is_ok(), "{doc}");
        }
    }

    #[test]
    fn whitespace_is_dropped_from_element_content_and_kept_in_mixed_content() {
        let children = |doc: &Document<'_>| -> Vec<String> {
            let root = doc.elements().next().expect("a root");
            root.children()
                .map(|n| match n {
                    Node::Element(e) => format!("<{}>", e.name()),
                    Node::Text(t) => format!("{:?}", t.value()),
                    _ => "?".to_string(),
                })
                .collect()
        };
        let element_content = p("<a>\n  <b/>\n  <c/>\n</a>").unwrap();
        assert_eq!(children(&element_content), ["<b>", "<c>"]);
        // once text comes, the whitespace before it is content too, in its place
        let mixed = p("<a>\n <b/> x <c/>\n</a>").unwrap();
        assert_eq!(
            children(&mixed),
            ["\"\\n \"", "<b>", "\" x \"", "<c>", "\"\\n\""]
        );
    }

    #[test]
    fn whitespace_outside_the_root_is_kept_only_in_a_fragment() {
        let texts = |doc: &Document<'_>| doc.nodes().filter(|n| matches!(n, Node::Text(_))).count();
        let message = p("\n<?pi x?>\n<a/>\n").unwrap();
        assert_eq!(texts(&message), 0);
        let fragment = parse("<a/>\n<b/>\n", &Limits::default(), TopLevel::Mixed).unwrap();
        assert_eq!(texts(&fragment), 2);
    }

    #[test]
    fn the_search_agrees_with_the_xml_char_production() {
        // every ASCII character and those that start with the byte 0xEF, in a chunk of their
        // own and in the remainder after it
        let chars = (0..0x80u32)
            .chain(0xF000..=0xFFFF)
            .filter_map(char::from_u32);
        for c in chars {
            for pad in [3, 70] {
                let text = format!("{}{c}{}", "a".repeat(pad), "b".repeat(pad));
                let expected = if is_xml_char(c) { text.len() } else { pad };
                let found = first_forbidden(text.as_bytes(), 0, text.len());
                assert_eq!(found, expected, "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn a_search_in_pieces_finds_what_one_search_finds() {
        // a U+FFFE or a control near every place a piece may end, U+F000 all around it
        let clean = "a\u{F000}b\n".repeat(30);
        for bad in ["\u{FFFE}", "\u{1}"] {
            for at in (0..clean.len()).filter(|&i| clean.is_char_boundary(i)) {
                let text = format!("{}{bad}{}", &clean[..at], &clean[at..]);
                let bytes = text.as_bytes();
                for k in 0..=bytes.len() {
                    let first = first_forbidden(bytes, 0, k);
                    let found = if first < k {
                        first
                    } else {
                        first_forbidden(bytes, k, bytes.len())
                    };
                    assert_eq!(found, at, "{bad:?} at {at}, pieces split at {k}");
                }
            }
        }
    }

    #[test]
    fn a_forbidden_character_is_found_in_any_block() {
        // documents of several blocks: the character starts just before, at and after the
        // places where a block of the search may end
        let block = Clean::BLOCK;
        for bad in ['\u{1}', '\u{FFFF}'] {
            for at in [
                block - 2,
                block - 1,
                block,
                block + 1,
                2 * block + 5,
                3 * block - 1,
            ] {
                let filler = "<a>x\u{F000}</a>".repeat(3 * block / 14);
                let head = "<r>";
                // the text of one element holds the character at offset `at`
                let before = at - head.len() - 3;
                let mut doc = format!("{head}<b>{}", "y".repeat(before));
                doc.push(bad);
                doc.push_str("</b>");
                doc.push_str(&filler);
                doc.push_str("</r>");
                let e = p(&doc).expect_err("a forbidden character");
                assert_eq!(e.span.start, at, "{bad:?} at {at}");
                // the same document without it parses, however far it reaches
                let fine = doc.replace(bad, "z");
                assert!(p(&fine).is_ok(), "{at}");
            }
        }
        // and in a text that begins in one block and ends in another
        let doc = format!("<r>{}\u{2}</r>", "z".repeat(block + 9));
        assert_eq!(p(&doc).expect_err("a control").span.start, block + 12);
    }

    #[test]
    fn the_document_pass_looks_into_every_chunk_that_may_hold_one() {
        // a chunk of whitespace alone, and chunks with a second byte the pass suspects (a
        // U+F000, another forbidden character): each is looked into
        let spaces = " \n".repeat(40);
        for (text, at) in [
            (format!("{}\u{1}{spaces}", &spaces[..10]), 10),
            (format!("a\u{F000}bc\u{1}{spaces}"), 6),
            (format!("a\u{F000}\u{F000}b\u{1}{spaces}"), 8),
            (format!("ab\u{2}\u{3}{spaces}"), 2),
            (format!("{spaces}{spaces}x\u{F000}y\u{FFFF}{spaces}"), 165),
        ] {
            assert_eq!(
                first_forbidden(text.as_bytes(), 0, text.len()),
                at,
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_forbidden_character_after_clean_text_is_still_found() {
        for (text, bad) in [
            ("<a>ok</a>".repeat(20) + "<b>x\u{1}</b>", '\u{1}'),
            (
                "<a x=\"1\">ok</a>".repeat(20) + "<b y=\"\u{FFFF}\"/>",
                '\u{FFFF}',
            ),
            ("<a>ok</a>".repeat(20) + "<![CDATA[\u{2}]]>", '\u{2}'),
            ("<a>ok</a>".repeat(20) + "<!-- \u{3} -->", '\u{3}'),
        ] {
            let doc = format!("<r>{text}</r>");
            let e = p(&doc).expect_err(&doc);
            assert_eq!(Some(e.span.start), doc.find(bad), "{doc}");
            assert!(e.message.contains("is not allowed in XML"), "{}", e.message);
        }
    }

    #[test]
    fn rejects_duplicates_and_control_chars() {
        assert!(p(r#"<a x="1" x="2"/>"#).is_err());
        assert!(p("<a>\u{1}</a>").is_err());
        assert!(p("<a>]]></a>").is_err());
        assert!(p("<a>\u{FFFE}</a>").is_err());
        // U+F000 (the list delimiter) and U+FFFD share U+FFFE's first byte and are allowed
        assert!(p("<a x=\"\u{F000}\">\u{F000}\u{FFFD}<![CDATA[\u{F000}]]></a>").is_ok());
        let err = p("<a>\u{F000}\u{FFFD}\u{FFFF}</a>").unwrap_err();
        assert_eq!(err.span, Span::new(9, 12));
        assert!(err.message.contains("U+FFFF"), "{}", err.message);
        assert_eq!(
            p("<a>\u{F000}\u{1F}</a>").unwrap_err().span,
            Span::new(6, 7)
        );
        assert!(p("text<a/>").is_err());
        assert!(p("<a/><b/>").is_ok());
    }

    /// Every node as (depth, span, attributes), skipping the subtrees of elements `skip` names.
    fn outline(doc: &Document<'_>, skip: &dyn Fn(Element<'_>) -> bool) -> Vec<String> {
        fn walk<'a>(
            nodes: impl Iterator<Item = Node<'a>>,
            depth: usize,
            skip: &dyn Fn(Element<'_>) -> bool,
            out: &mut Vec<String>,
        ) {
            for n in nodes {
                if let Node::Element(e) = n {
                    if skip(e) {
                        continue;
                    }
                    let attrs: Vec<_> = e
                        .attributes()
                        .map(|a| format!("{}={}", a.name, a.value))
                        .collect();
                    out.push(format!("{depth} {:?} {} {attrs:?}", e.span(), e.name()));
                    walk(e.children(), depth + 1, skip, out);
                } else {
                    out.push(format!("{depth} {:?}", n.span()));
                }
            }
        }
        let mut out = Vec::new();
        walk(doc.nodes(), 0, skip, &mut out);
        out
    }

    #[test]
    fn dropped_elements_leave_the_document_as_if_they_were_skipped() {
        let texts = [
            "<r><d/><k/><d x=\"&amp;\"><k/></d><k a=\"&lt;\"/><d/></r>",
            "<?xml version=\"1.0\"?><!--c--><d>t</d><r> <d/> text <k/> <d>x</d> </r><d/>",
            "<r>\n  <s>\n    <d/>\n    <k/>\n    <d/>\n  </s>\n  <d/>\n</r>",
            "<r><s><d/>mixed<d/><!--c--><d b=\"&#x41;\"/></s><s><d/></s></r>",
            "<d/><d/>",
        ];
        for text in texts {
            let full = parse(text, &Limits::default(), TopLevel::Elements).unwrap();
            let is_d = |e: Element<'_>| e.name() == "d";
            let mut seen = 0;
            let mut drop_d = |e: Element<'_>, _: Option<Element<'_>>| {
                seen += 1;
                if is_d(e) {
                    Visit::Drop
                } else {
                    Visit::Keep
                }
            };
            let visited =
                parse_visiting(text, &Limits::default(), TopLevel::Elements, 2, &mut drop_d)
                    .unwrap();
            assert!(seen > 0);
            assert_eq!(outline(&visited, &is_d), outline(&full, &is_d), "{text}");
            assert!(visited.elements().all(|e| !is_d(e)), "{text}");
            // nothing left behind: no node, attribute or decoded value of a dropped element
            let kept = outline(&full, &is_d).len();
            assert_eq!(visited.node_count(), kept, "{text}");
            let attrs: usize = visited.nodes.iter().map(|n| usize::from(n.n_attrs)).sum();
            assert_eq!(visited.attrs.len(), attrs, "{text}");
            let decoded = visited.attrs.iter().filter(|a| a.decoded != NONE).count();
            assert_eq!(visited.decoded.len(), decoded, "{text}");
            let texts: u32 = visited
                .nodes
                .iter()
                .filter(|n| n.kind == Kind::Text && n.flags & TEXT_DECODED != 0)
                .map(|n| n.name_len)
                .sum();
            assert_eq!(visited.texts.len(), texts as usize, "{text}");
        }
    }
}
