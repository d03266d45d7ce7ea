//! The owned element tree: the value model that the encoder writes and that tests and fuzz
//! targets build by hand (it derives `Arbitrary` behind the `arbitrary` feature).
//!
//! Parsing gives the compact, read-only [`crate::xml::Document`];
//! [`crate::xml::Document::to_tree`] turns it into this tree (borrowing its strings) when a tool
//! wants to re-encode or edit it. Every string is a `Cow`, so a tree can be built from owned
//! strings or borrow its input.

use std::borrow::Cow;

use diagnostics::Span;

/// One node of an owned tree.
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

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element<'a>> {
        self.children.iter().filter_map(Node::as_element)
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
