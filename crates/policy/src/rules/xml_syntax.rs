//! The file is not well-formed XML.
//!
//! ## What it checks
//! Bad tags, mismatched end tags, unknown entities or bad character references, characters XML
//! does not allow, invalid UTF-8 or UTF-16, and truncated input. The parser stops at the first
//! such problem and no other rule runs on the file.
//!
//! ## Why it matters
//! The device rejects the whole message (status 400 or 415) before it looks at any command.
//!
//! ## Example
//! ```xml
//! <Replace><CmdID>1</CmdID><Item></Replace>
//! ```
//!
//! ## Fix
//! Close every element in order (`<Item>...</Item></Replace>`), write `&amp;` for a literal `&`
//! and `&lt;` for `<`, and save the file as UTF-8.

pub(crate) const CODE: &str = syncml::codes::XML_SYNTAX;
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;
