//! A native value does not fit its node's definition beyond number, range and enum.
//!
//! ## What it checks
//! The value of `Add`/`Replace` on a node that is not ADMX-backed, against the node's DDF
//! facts:
//! - `RegEx`: the whole value must match the node's regular expression. DDF expressions are
//!   .NET regular expressions; those the `regex` crate cannot express (look-around,
//!   back-references) are not checked;
//! - `Flag`: a number that is a combination of the node's flag values;
//! - Format `b64`: valid base64 (standard alphabet, `=` padding; line breaks are fine);
//! - Format `xml`: a well-formed XML document (raw child elements of `Data` are XML already);
//! - `JSON`: a valid JSON document.
//!
//! ## Why it matters
//! The device rejects the value (status 400 or 500, or a CSP-specific error) or stores a value
//! its component cannot read, on every device.
//!
//! ## Example
//! ```xml
//! <Target><LocURI>./Device/Vendor/MSFT/DMClient/Provider/MS%20DM%20Server/EntDeviceName</LocURI></Target>
//! <Meta><Format xmlns="syncml:metinf">b64</Format></Meta>
//! <Data>not base64!</Data>
//! ```
//!
//! ## Fix
//! Write the value in the form the node takes: base64 for `b64`, well-formed XML for `xml`, a
//! value matching the documented pattern for a `RegEx` node.

use diagnostics::{Diagnostic, Span};

use crate::check::Cx;
use crate::node::NativeValue;

pub(crate) const CODE: &str = "invalid-value";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

fn emit(cx: &mut Cx<'_>, span: Span, msg: String, help: &str) {
    cx.emit(Diagnostic::error(CODE, span, msg).with_help(help.to_string()));
}

/// A .NET regular expression of the DDF as the `regex` crate reads it, matching the whole
/// value; `None` when it uses what that crate cannot express.
pub(crate) fn translate(re: &str) -> Option<regex::Regex> {
    regex::Regex::new(&format!("^(?:{re})$")).ok()
}

pub(crate) fn check_regex(cx: &mut Cx<'_>, v: &NativeValue<'_>, re: &str) {
    let Some(compiled) = translate(re) else {
        return;
    };
    if compiled.is_match(v.value) {
        return;
    }
    emit(
        cx,
        v.span(Span::new(0, v.value.len())),
        format!("`{}` does not match the pattern of `{}`", v.value, v.name()),
        &format!("the value must match `{re}`"),
    );
}

/// A flag value as the DDF writes it: decimal, or hexadecimal with `0x`.
pub(crate) fn flag_value(s: &str) -> Option<i128> {
    let s = s.trim();
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => i128::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}

pub(crate) fn check_flags(
    cx: &mut Cx<'_>,
    v: &NativeValue<'_>,
    n: i128,
    values: &[csp::EnumValue],
) {
    let mask = values
        .iter()
        .filter_map(|e| flag_value(&e.value))
        .fold(0i128, |m, f| m | f);
    if n >= 0 && n & !mask == 0 {
        return;
    }
    let (t, span) = v.trimmed();
    let list = super::invalid_enum_value::listed(values);
    emit(
        cx,
        span,
        format!("`{t}` is not a combination of the flags of `{}`", v.name()),
        &format!("add up some of: {list}"),
    );
}

/// The offset of the first character of `s` that base64 does not allow, or of the end when
/// its length or padding is wrong; `None` when it is valid.
pub(crate) fn base64_error(s: &str) -> Option<usize> {
    let mut count = 0usize;
    let mut pad = 0usize;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' if pad == 0 => count += 1,
            b'=' if pad < 2 => {
                pad += 1;
                count += 1;
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => return Some(i),
        }
    }
    (count % 4 != 0).then_some(s.len())
}

/// Reports a value that is not base64; `true` when it is.
pub(crate) fn check_base64(cx: &mut Cx<'_>, v: &NativeValue<'_>) -> bool {
    let Some(at) = base64_error(v.value) else {
        return true;
    };
    let end = v
        .value
        .get(at..)
        .and_then(|r| r.chars().next())
        .map_or(at, |c| at + c.len_utf8());
    let (span, msg) = if at < v.value.len() {
        (
            v.span(Span::new(at, end)),
            format!("this character is not base64 (`{}` is `b64`)", v.name()),
        )
    } else {
        (
            v.span(Span::new(0, v.value.len())),
            format!(
                "the value is not whole base64: its length is not a multiple of 4 (`{}` is `b64`)",
                v.name()
            ),
        )
    };
    emit(
        cx,
        span,
        msg,
        "encode the value in base64 (A-Z, a-z, 0-9, `+`, `/`, `=` padding)",
    );
    false
}

pub(crate) fn check_xml(cx: &mut Cx<'_>, v: &NativeValue<'_>) {
    let limits = cx.config.payload_limits;
    if let Err(d) = syncml::parse_with(v.value, &limits) {
        emit(
            cx,
            v.span(d.span),
            format!(
                "the value of `{}` is not well-formed XML: {}",
                v.name(),
                d.message
            ),
            "write a well-formed XML document (escaped, in CDATA, or as child elements of `Data`)",
        );
    }
}

pub(crate) fn check_json(cx: &mut Cx<'_>, v: &NativeValue<'_>) {
    let Err(e) = serde_json::from_str::<serde_json::Value>(v.value) else {
        return;
    };
    // serde_json gives a line and a column, both from 1, the column in bytes
    let mut offset = 0;
    for (i, line) in v.value.split_inclusive('\n').enumerate() {
        if i + 1 == e.line() {
            offset += e.column().saturating_sub(1).min(line.len());
            break;
        }
        offset += line.len();
    }
    let mut offset = offset.min(v.value.len());
    while !v.value.is_char_boundary(offset) {
        offset -= 1;
    }
    let end = v
        .value
        .get(offset..)
        .and_then(|r| r.chars().next())
        .map_or(offset, |c| offset + c.len_utf8());
    emit(
        cx,
        v.span(Span::new(offset, end)),
        format!("the value of `{}` is not valid JSON: {e}", v.name()),
        "write a valid JSON document",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_shapes() {
        assert_eq!(base64_error("QUJD"), None);
        assert_eq!(base64_error("QUI=\r\nQUI="), Some(6));
        assert_eq!(base64_error("QQ=="), None);
        assert_eq!(base64_error("QQ="), Some(3));
        assert_eq!(base64_error("QQ=A"), Some(3));
        assert_eq!(base64_error("a!bc"), Some(1));
        assert_eq!(base64_error(""), None);
    }

    #[test]
    fn ddf_regexes_match_whole_values() {
        let guid = translate(
            r"\{[0-9A-Fa-f]{8}\-[0-9A-Fa-f]{4}\-[0-9A-Fa-f]{4}\-[0-9A-Fa-f]{4}\-[0-9A-Fa-f]{12}\}",
        )
        .unwrap();
        assert!(guid.is_match("{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}"));
        assert!(!guid.is_match("x{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}"));
        assert!(translate("(?<=a)b").is_none());
    }
}
