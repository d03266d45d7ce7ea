//! The XML layer: a nom grammar for the XML that SyncML uses, and an element tree with a byte
//! span on every node. The tree keeps everything but the whitespace between child elements
//! (which the encoder lays out anew): comments, processing instructions, CDATA, and all text of
//! leaf and mixed content, exactly.
//!
//! The grammar covers the XML declaration, comments, processing instructions, CDATA sections,
//! the five predefined entities and character references, attributes in both quote styles, and
//! a DOCTYPE without internal subset (kept, never read: an internal subset is an `xml-dtd`
//! error, so no entity is ever declared, expanded or fetched).
//!
//! The tree is built with an explicit stack: input cannot make the parser recurse. Nesting
//! depth, input size and attributes per element are bounded by [`Limits`].

use std::borrow::Cow;

use diagnostics::{Diagnostic, Span};
use nom::bytes::complete::{tag, take_until, take_while, take_while1};
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser};

use crate::codes;
use crate::escape::{self, is_xml_char};

/// Hard limits that bound the work and memory spent on one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Deepest element nesting (default 256).
    pub max_depth: usize,
    /// Largest input in bytes (default 256 MiB).
    pub max_size: usize,
    /// Most attributes on one element (default 256).
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

/// One node of the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
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
            Node::Element(e) => e.span,
            Node::Text(t) => t.span,
            Node::CData(c) => c.span,
            Node::Comment(c) => c.span,
            Node::Pi(p) => p.span,
            Node::Doctype(d) => d.span,
        }
    }

    /// The element, if this node is one.
    pub fn as_element(&self) -> Option<&Element<'a>> {
        match self {
            Node::Element(e) => Some(e),
            _ => None,
        }
    }
}

/// An element.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Element<'a> {
    /// The qualified name as written (`Format`, `metinf:Format`).
    pub name: Cow<'a, str>,
    /// Attributes in source order (namespace declarations included).
    pub attributes: Vec<Attribute<'a>>,
    /// Child nodes in source order.
    pub children: Vec<Node<'a>>,
    /// From `<` of the start tag to `>` of the end tag.
    pub span: Span,
    /// The whole start tag (`<Item>`, or `<Final/>` when self-closing).
    pub start_tag: Span,
    /// The end tag, `None` when the element is self-closing.
    pub end_tag: Option<Span>,
}

impl<'a> Element<'a> {
    /// A new element with no attributes and no children, and empty spans.
    pub fn new(name: impl Into<Cow<'a, str>>) -> Self {
        Element {
            name: name.into(),
            attributes: Vec::new(),
            children: Vec::new(),
            span: Span::default(),
            start_tag: Span::default(),
            end_tag: None,
        }
    }

    /// The name in the start tag.
    pub fn name_span(&self) -> Span {
        Span::new(
            self.start_tag.start + 1,
            self.start_tag.start + 1 + self.name.len(),
        )
    }

    /// The name without namespace prefix.
    pub fn local_name(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// The namespace prefix, if any.
    pub fn prefix(&self) -> Option<&str> {
        self.name.split_once(':').map(|(p, _)| p)
    }

    /// The attribute named `name` (exact match).
    pub fn attribute(&self, name: &str) -> Option<&Attribute<'a>> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The namespace that the element's own declarations bind to its prefix (or the default
    /// namespace), when it declares one.
    pub fn declared_namespace(&self) -> Option<&str> {
        let wanted = match self.prefix() {
            Some(p) => Cow::Owned(format!("xmlns:{p}")),
            None => Cow::Borrowed("xmlns"),
        };
        self.attribute(&wanted).map(|a| a.value.as_ref())
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element<'a>> {
        self.children.iter().filter_map(Node::as_element)
    }

    /// The first child element whose local name is `name`.
    pub fn child(&self, name: &str) -> Option<&Element<'a>> {
        self.elements().find(|e| e.local_name() == name)
    }

    /// The span between the start tag and the end tag (empty at the end of a self-closing tag).
    pub fn content_span(&self) -> Span {
        match self.end_tag {
            Some(end) => Span::new(self.start_tag.end, end.start),
            None => Span::empty(self.start_tag.end),
        }
    }

    /// The concatenated text and CDATA content, when the element has no child element.
    /// Borrowed when there is a single piece.
    pub fn text(&self) -> Option<Cow<'_, str>> {
        let mut pieces = self.children.iter().filter_map(|n| match n {
            Node::Text(t) => Some(&t.value),
            Node::CData(c) => Some(&c.value),
            _ => None,
        });
        if self.elements().next().is_some() {
            return None;
        }
        let first = match pieces.next() {
            None => return Some(Cow::Borrowed("")),
            Some(first) => first,
        };
        match pieces.next() {
            None => Some(Cow::Borrowed(first.as_ref())),
            Some(second) => {
                let mut s = first.to_string();
                s.push_str(second);
                pieces.for_each(|p| s.push_str(p));
                Some(Cow::Owned(s))
            }
        }
    }

    /// The span of the text content: from the first to the last text or CDATA child, or the
    /// empty content span.
    pub fn text_span(&self) -> Span {
        let mut spans = self
            .children
            .iter()
            .filter(|n| matches!(n, Node::Text(_) | Node::CData(_)))
            .map(Node::span);
        match spans.next() {
            Some(first) => spans.fold(first, Span::cover),
            None => self.content_span(),
        }
    }
}

/// An attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Attribute<'a> {
    /// The qualified name.
    pub name: Cow<'a, str>,
    /// The value with references decoded.
    pub value: Cow<'a, str>,
    /// The name.
    pub name_span: Span,
    /// The raw value between the quotes.
    pub value_span: Span,
}

/// Character data.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Text<'a> {
    /// The text with references decoded.
    pub value: Cow<'a, str>,
    /// The raw text in the source.
    pub span: Span,
}

/// A CDATA section.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CData<'a> {
    /// The content between `<![CDATA[` and `]]>`.
    pub value: Cow<'a, str>,
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
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Comment<'a> {
    /// The text between `<!--` and `-->`.
    pub value: Cow<'a, str>,
    /// The whole comment.
    pub span: Span,
}

/// A processing instruction (`<?target data?>`), the XML declaration included.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Pi<'a> {
    /// The target name (`xml` for the declaration).
    pub target: Cow<'a, str>,
    /// Everything after the target and its whitespace, up to `?>`.
    pub data: Cow<'a, str>,
    /// The whole instruction.
    pub span: Span,
}

/// A DOCTYPE declaration without internal subset.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Doctype<'a> {
    /// What follows `<!DOCTYPE ` up to `>`, trimmed.
    pub value: Cow<'a, str>,
    /// The whole declaration.
    pub span: Span,
}

/// A parsed XML document or fragment: its top-level nodes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Document<'a> {
    /// Top-level nodes in source order.
    pub nodes: Vec<Node<'a>>,
}

impl<'a> Document<'a> {
    /// Top-level elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element<'a>> {
        self.nodes.iter().filter_map(Node::as_element)
    }

    /// A copy with every span set to zero (and no end-tag span: `<a></a>` and `<a/>` are the
    /// same element), for comparing content regardless of position and layout.
    pub fn without_spans(&self) -> Document<'a> {
        let mut doc = self.clone();
        let mut stack: Vec<&mut Node<'a>> = doc.nodes.iter_mut().collect();
        while let Some(node) = stack.pop() {
            match node {
                Node::Element(e) => {
                    e.span = Span::default();
                    e.start_tag = Span::default();
                    e.end_tag = None;
                    for a in &mut e.attributes {
                        a.name_span = Span::default();
                        a.value_span = Span::default();
                    }
                    stack.extend(e.children.iter_mut());
                }
                Node::Text(t) => t.span = Span::default(),
                Node::CData(c) => c.span = Span::default(),
                Node::Comment(c) => c.span = Span::default(),
                Node::Pi(p) => p.span = Span::default(),
                Node::Doctype(d) => d.span = Span::default(),
            }
        }
        doc
    }

    /// Converts every borrowed string into an owned one, so the document outlives its input.
    pub fn into_owned(self) -> Document<'static> {
        fn own(c: Cow<'_, str>) -> Cow<'static, str> {
            Cow::Owned(c.into_owned())
        }
        fn node(n: Node<'_>) -> Node<'static> {
            match n {
                Node::Element(e) => Node::Element(Element {
                    name: own(e.name),
                    attributes: e
                        .attributes
                        .into_iter()
                        .map(|a| Attribute {
                            name: own(a.name),
                            value: own(a.value),
                            name_span: a.name_span,
                            value_span: a.value_span,
                        })
                        .collect(),
                    children: e.children.into_iter().map(node).collect(),
                    span: e.span,
                    start_tag: e.start_tag,
                    end_tag: e.end_tag,
                }),
                Node::Text(t) => Node::Text(Text {
                    value: own(t.value),
                    span: t.span,
                }),
                Node::CData(c) => Node::CData(CData {
                    value: own(c.value),
                    span: c.span,
                }),
                Node::Comment(c) => Node::Comment(Comment {
                    value: own(c.value),
                    span: c.span,
                }),
                Node::Pi(p) => Node::Pi(Pi {
                    target: own(p.target),
                    data: own(p.data),
                    span: p.span,
                }),
                Node::Doctype(d) => Node::Doctype(Doctype {
                    value: own(d.value),
                    span: d.span,
                }),
            }
        }
        Document {
            nodes: self.nodes.into_iter().map(node).collect(),
        }
    }
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

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == ':' || (c as u32 >= 0xC0 && c != '\u{F000}')
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c == '-' || c == '.' || c == '\u{B7}'
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// `Name`.
fn name(i: &str) -> PResult<'_, &str> {
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

fn space0(i: &str) -> PResult<'_, &str> {
    take_while(is_space).parse(i)
}

/// What a start tag parses to, before it becomes an [`Element`].
struct StartTag<'a> {
    name: &'a str,
    attributes: Vec<Attribute<'a>>,
    self_closing: bool,
}

/// `<Name (S Attribute)* S? (/>|>)`; `base` is the offset of `i` in the whole text.
fn start_tag<'a>(i: &'a str, full: &'a str, limits: &Limits) -> PResult<'a, StartTag<'a>> {
    let (mut rest, tag_name) = name(i.get(1..).unwrap_or(""))?;
    let mut attributes: Vec<Attribute<'a>> = Vec::new();
    loop {
        let (r, ws) = space0(rest)?;
        if let Some(r2) = r.strip_prefix("/>") {
            return Ok((
                r2,
                StartTag {
                    name: tag_name,
                    attributes,
                    self_closing: true,
                },
            ));
        }
        if let Some(r2) = r.strip_prefix('>') {
            return Ok((
                r2,
                StartTag {
                    name: tag_name,
                    attributes,
                    self_closing: false,
                },
            ));
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
        if attributes.len() >= limits.max_attributes {
            let (_, attr_name) = name(r)?;
            return fail_code(
                r,
                attr_name.len(),
                codes::LIMIT_EXCEEDED,
                format!(
                    "more than {} attributes on `<{tag_name}>` (limit {})",
                    limits.max_attributes, limits.max_attributes
                ),
            );
        }
        let (r, attr) = attribute(r, full)?;
        if attributes.iter().any(|a| a.name == attr.name) {
            return fail(
                r_at(full, attr.name_span.start),
                attr.name_span.len(),
                format!("duplicate attribute `{}` on `<{tag_name}>`", attr.name),
            );
        }
        attributes.push(attr);
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

/// `Name S? = S? ("..." | '...')`.
fn attribute<'a>(i: &'a str, full: &'a str) -> PResult<'a, Attribute<'a>> {
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
    check_chars(raw, full, value_start)?;
    let value = match escape::unescape(raw, value_start) {
        Ok(v) => v,
        Err(e) => return fail(r_at(full, e.span.start), e.span.len(), e.message),
    };
    let rest = body.get(end + 1..).unwrap_or("");
    Ok((
        rest,
        Attribute {
            name: Cow::Borrowed(attr_name),
            value,
            name_span: Span::new(start, start + attr_name.len()),
            value_span: Span::new(value_start, value_start + raw.len()),
        },
    ))
}

/// Rejects characters that XML does not allow (control characters, U+FFFE, U+FFFF).
fn check_chars<'a>(raw: &'a str, full: &'a str, base: usize) -> PResult<'a, ()> {
    let suspicious = raw
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF);
    if suspicious {
        if let Some((i, c)) = raw.char_indices().find(|&(_, c)| !is_xml_char(c)) {
            return fail(
                r_at(full, base + i),
                c.len_utf8(),
                format!("the character U+{:04X} is not allowed in XML", c as u32),
            );
        }
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
    match take_until::<_, _, PErr<'_>>("]]>").parse(body) {
        Ok((r, value)) => Ok((r.get(3..).unwrap_or(""), value)),
        Err(_) => fail(
            r_end(i),
            0,
            "unexpected end of input: a CDATA section is never closed with `]]>`",
        ),
    }
}

/// `<?target data?>`.
fn pi(i: &str) -> PResult<'_, (&str, &str)> {
    let (r, target) = name(i.get(2..).unwrap_or(""))?;
    let (r, _) = space0(r)?;
    match take_until::<_, _, PErr<'_>>("?>").parse(r) {
        Ok((r, data)) => Ok((r.get(2..).unwrap_or(""), (target, data))),
        Err(_) => fail(
            r_end(i),
            0,
            "unexpected end of input: a processing instruction is never closed with `?>`",
        ),
    }
}

/// `<!DOCTYPE ...>` without internal subset.
fn doctype(i: &str) -> PResult<'_, &str> {
    let body = i.get(9..).unwrap_or("");
    let mut quote: Option<u8> = None;
    for (n, b) in body.bytes().enumerate() {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[') => {
                return fail_code(
                    i,
                    9,
                    codes::XML_DTD,
                    "a DOCTYPE with an internal subset is not allowed: entity declarations are never expanded",
                )
            }
            (None, b'>') => {
                let value = body.get(..n).unwrap_or("").trim();
                return Ok((body.get(n + 1..).unwrap_or(""), value));
            }
            _ => {}
        }
    }
    fail(
        r_end(i),
        0,
        "unexpected end of input: the DOCTYPE is never closed with `>`",
    )
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
    if text.len() > limits.max_size {
        return Err(Box::new(Diagnostic::error(
            codes::LIMIT_EXCEEDED,
            Span::new(
                limits.max_size,
                limits.max_size.saturating_add(1).min(text.len()),
            ),
            format!(
                "the input is {} bytes, more than the limit of {} bytes",
                text.len(),
                limits.max_size
            ),
        )));
    }
    let mut builder = Builder {
        full: text,
        stack: Vec::new(),
        top: Vec::new(),
        pending: Vec::new(),
        marks: Vec::new(),
        limits,
        top_level,
        seen_content: false,
    };
    builder.run().map_err(|e| {
        let full = text;
        let mut d = to_diagnostic(full, e.0);
        if let Some(label) = e.1 {
            d.labels.push(label);
        }
        Box::new(d)
    })?;
    Ok(Document { nodes: builder.top })
}

struct Builder<'a, 'l> {
    full: &'a str,
    stack: Vec<Element<'a>>,
    top: Vec<Node<'a>>,
    limits: &'l Limits,
    top_level: TopLevel,
    seen_content: bool,
    /// Children of the open elements, in one buffer; `marks[i]` is where the children of
    /// `stack[i]` start. An element gets its children in one exact allocation when it closes.
    pending: Vec<Node<'a>>,
    marks: Vec<usize>,
}

type BuildError<'a> = (PErr<'a>, Option<diagnostics::Label>);

impl<'a> Builder<'a, '_> {
    fn push(&mut self, node: Node<'a>) {
        if self.stack.is_empty() {
            self.top.push(node);
        } else {
            self.pending.push(node);
        }
    }

    fn open(&mut self, element: Element<'a>) {
        self.marks.push(self.pending.len());
        self.stack.push(element);
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
                        self.stack.last().map(|open| {
                            diagnostics::Label::new(
                                open.start_tag,
                                format!("inside `<{}>` opened here", open.name),
                            )
                        })
                    } else {
                        None
                    };
                    return Err((e, label));
                }
            }
        }
        if let Some(open) = self.stack.last() {
            let label = diagnostics::Label::new(open.start_tag, "opened here");
            return Err((
                PErr {
                    input: r_end(full),
                    len: 0,
                    code: codes::XML_SYNTAX,
                    message: Cow::Owned(format!(
                        "unexpected end of input: `<{}>` is never closed",
                        open.name
                    )),
                },
                Some(label),
            ));
        }
        Ok(())
    }

    fn text(&mut self, rest: &'a str, start: usize) -> PResult<'a, ()> {
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
        if let Some(i) = memchr::memmem::find(raw.as_bytes(), b"]]>") {
            return fail(
                r_at(self.full, start + i),
                3,
                "`]]>` is not allowed in text: write `]]&gt;`",
            );
        }
        check_chars(raw, self.full, start)?;
        let value = match escape::unescape(raw, start) {
            Ok(v) => v,
            Err(e) => return fail(r_at(self.full, e.span.start), e.span.len(), e.message),
        };
        self.push(Node::Text(Text {
            value,
            span: Span::new(start, start + raw.len()),
        }));
        Ok((after, ()))
    }

    fn markup(&mut self, rest: &'a str, start: usize) -> PResult<'a, ()> {
        let full = self.full;
        let bytes = rest.as_bytes();
        match bytes.get(1) {
            Some(b'/') => {
                let (r, n) = end_tag(rest)?;
                let end = offset_of(full, r);
                let Some(mut open) = self.stack.pop() else {
                    return fail(
                        rest,
                        end - start,
                        format!("the end tag `</{n}>` has no start tag"),
                    );
                };
                if open.name != n {
                    let e = fail(
                        r_at(full, start + 2),
                        n.len(),
                        format!(
                            "the end tag `</{n}>` does not match the start tag `<{}>`",
                            open.name
                        ),
                    );
                    self.stack.push(open);
                    return e;
                }
                open.end_tag = Some(Span::new(start, end));
                open.span = Span::new(open.start_tag.start, end);
                let mark = self
                    .marks
                    .pop()
                    .unwrap_or(self.pending.len())
                    .min(self.pending.len());
                let children = self.pending.get(mark..).unwrap_or(&[]);
                // Whitespace between child elements carries nothing (the encoder lays it out
                // anew, see `encode::is_element_content`): keep it out of the tree. Whitespace
                // in mixed content (beside text or CDATA) is kept.
                let keep = |n: &Node<'_>| !matches!(n, Node::Text(_));
                open.children = if crate::encode::is_element_content_of(children) {
                    // an exact allocation: `collect` on a filter would reserve for four
                    let mut kept = Vec::with_capacity(children.iter().filter(|n| keep(n)).count());
                    kept.extend(self.pending.drain(mark..).filter(|n| keep(n)));
                    kept
                } else {
                    self.pending.drain(mark..).collect()
                };
                self.push(Node::Element(open));
                Ok((r, ()))
            }
            Some(b'!') if rest.starts_with("<!--") => {
                let (r, value) = comment(rest)?;
                check_chars(value, full, start + 4)?;
                let span = Span::new(start, offset_of(full, r));
                self.push(Node::Comment(Comment {
                    value: Cow::Borrowed(value),
                    span,
                }));
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
                check_chars(value, full, start + 9)?;
                let span = Span::new(start, offset_of(full, r));
                self.push(Node::CData(CData {
                    value: Cow::Borrowed(value),
                    span,
                }));
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
                let (r, value) = doctype(rest)?;
                let span = Span::new(start, offset_of(full, r));
                self.push(Node::Doctype(Doctype {
                    value: Cow::Borrowed(value),
                    span,
                }));
                Ok((r, ()))
            }
            Some(b'!') => fail(
                rest,
                2,
                "`<!` must start a comment `<!--`, a CDATA section or a DOCTYPE",
            ),
            Some(b'?') => {
                let (r, (target, data)) = pi(rest)?;
                if target.eq_ignore_ascii_case("xml")
                    && (start != 0 || self.top_level == TopLevel::Mixed)
                {
                    return fail(
                        rest,
                        5,
                        "the XML declaration is only allowed at the very start of the file",
                    );
                }
                let span = Span::new(start, offset_of(full, r));
                self.push(Node::Pi(Pi {
                    target: Cow::Borrowed(target),
                    data: Cow::Borrowed(data),
                    span,
                }));
                Ok((r, ()))
            }
            _ => {
                let (r, st) = start_tag(rest, full, self.limits)?;
                let end = offset_of(full, r);
                if self.stack.len() >= self.limits.max_depth {
                    return fail_code(
                        rest,
                        1 + st.name.len(),
                        codes::LIMIT_EXCEEDED,
                        format!(
                            "elements nested deeper than the limit of {}",
                            self.limits.max_depth
                        ),
                    );
                }
                self.seen_content = true;
                let element = Element {
                    name: Cow::Borrowed(st.name),
                    attributes: st.attributes,
                    children: Vec::new(),
                    span: Span::new(start, end),
                    start_tag: Span::new(start, end),
                    end_tag: None,
                };
                if st.self_closing {
                    self.push(Node::Element(element));
                } else {
                    self.open(element);
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
        assert_eq!(a.name, "a");
        assert_eq!(a.attributes[1].value, "<2");
        assert_eq!(a.children.len(), 4);
        assert!(matches!(&a.children[0], Node::Text(t) if t.value == "t&u"));
        assert!(matches!(&a.children[2], Node::CData(c) if c.value == "<c>"));
        assert_eq!(a.span, Span::new(21, 80));
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
    fn rejects_duplicates_and_control_chars() {
        assert!(p(r#"<a x="1" x="2"/>"#).is_err());
        assert!(p("<a>\u{1}</a>").is_err());
        assert!(p("<a>]]></a>").is_err());
        assert!(p("<a>\u{FFFE}</a>").is_err());
        assert!(p("text<a/>").is_err());
        assert!(p("<a/><b/>").is_ok());
    }
}
