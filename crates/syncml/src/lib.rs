//! A zero-copy SyncML (OMA-DM 1.2) parser with byte spans, a typed AST, a canonical encoder
//! and the parser of the ADMX-backed policy payload carried in `<Data>`.
//!
//! The layers, bottom up:
//! - [`source`]: bytes → text (UTF-8 in place; UTF-16 with BOM transcoded, offsets mapped back);
//! - [`xml`]: a nom grammar and an arena of nodes with a span on every node, bounded by
//!   [`Limits`], with no DTD processing at all;
//! - [`ast`]: the typed view — [`Message`], [`Command`], [`Item`], [`Meta`] — read on demand,
//!   or command by command while the text is parsed ([`ast::parse_body_visiting`]);
//! - [`payload`]: the escaped or CDATA payload of `Data`, decoded with a [`SpanMap`] so that a
//!   problem in a value points at the right characters of the original file;
//! - [`encode()`]: the canonical encoder used by `syncml-lint fmt`.
//!
//! # Example
//!
//! ```
//! use syncml::{ast::CommandKind, Message, Source};
//!
//! let bytes = br#"<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody>
//!   <Replace><CmdID>2</CmdID><Item>
//!     <Target><LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging</LocURI></Target>
//!     <Data><![CDATA[<enabled/>]]></Data>
//!   </Item></Replace><Final/>
//! </SyncBody></SyncML>"#;
//! let source = Source::decode(bytes).expect("UTF-8");
//! let doc = syncml::parse(&source.text).expect("well-formed");
//! let message = Message::new(&doc, &source.text);
//! for command in message.commands() {
//!     assert_eq!(command.kind, CommandKind::Replace);
//!     let uri = command.items[0].loc_uri().expect("a target");
//!     assert!(uri.value.ends_with("/SessionLogging"));
//!     // spans are byte offsets into the file
//!     assert_eq!(&source.text[uri.span.start..uri.span.end], uri.value);
//! }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ast;
pub mod encode;
pub mod escape;
pub mod payload;
pub mod tree;
pub mod xml;

pub use ast::{BodyChild, Command, CommandKind, Item, Leaf, Message, Meta, Shape};
pub use diagnostics::source::{self, Encoding, Source};
pub use diagnostics::{Diagnostic, Severity, Span};
pub use encode::{detect_newline, encode, encode_with};
pub use escape::SpanMap;
pub use payload::{DataText, Form, Payload, PayloadItem, PayloadSpec, State};
pub use xml::{Document, Element, Limits, Node, Visit};

/// The rule codes this crate emits.
pub mod codes {
    /// Not well-formed XML, invalid UTF-8 or UTF-16, truncated input.
    pub const XML_SYNTAX: &str = "xml-syntax";
    /// A DOCTYPE with an internal subset or entity declarations.
    pub const XML_DTD: &str = "xml-dtd";
    /// Nesting depth, input size or attribute count over its limit.
    pub const LIMIT_EXCEEDED: &str = "limit-exceeded";
}

/// Parses a SyncML message or profile fragment with the default [`Limits`].
pub fn parse(text: &str) -> Result<Document<'_>, Box<Diagnostic>> {
    parse_with(text, &Limits::default())
}

/// Parses a SyncML message or profile fragment. The error's span is an offset into `text`;
/// map it with [`Source::span_to_file`].
pub fn parse_with<'a>(text: &'a str, limits: &Limits) -> Result<Document<'a>, Box<Diagnostic>> {
    xml::parse(text, limits, xml::TopLevel::Elements)
}
