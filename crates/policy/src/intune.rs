//! Intune exports: a Microsoft Graph `windows10CustomConfiguration` (or an array of them, or a
//! `{"value": [...]}` page) holds `omaSettings`, each an OMA-URI, a value and a type. Each
//! setting is checked as the SyncML item it becomes when Intune sends it: the settings are
//! written as a profile fragment (LocURI, Format from the setting's type, Data), checked by
//! the same rules, and every diagnostic is mapped back to the characters of the export
//! (through JSON escapes; inside a base64 value, to the whole string).

use diagnostics::{Diagnostic, Span};

use crate::catalog::Catalog;
use crate::check::Linted;
use crate::config::Config;
use crate::fragment::Fragment;
use crate::json::{parse, Json, JsonNode};

/// The code of an encrypted or placeholder value.
pub const VALUE_NOT_EXPORTED: &str = crate::rules::value_not_exported::CODE;

/// A setting's type and the Format Intune sends it with; `true` when the value is base64 of
/// the text that is sent.
fn format_of(odata_type: &str) -> Option<(&'static str, bool)> {
    let t = odata_type
        .trim_start_matches('#')
        .trim_start_matches("microsoft.graph.");
    Some(match t {
        "omaSettingInteger" => ("int", false),
        "omaSettingString" => ("chr", false),
        "omaSettingBoolean" => ("bool", false),
        "omaSettingBase64" => ("b64", false),
        "omaSettingStringXml" => ("chr", true),
        "omaSettingDateTime" | "omaSettingFloatingPoint" => ("chr", false),
        _ => return None,
    })
}

/// The configurations of an export: the object itself, the items of an array, or the items
/// of a Graph page's `value`. `None` when `root` is not an Intune export.
fn configurations(root: &JsonNode) -> Option<Vec<&JsonNode>> {
    let is_config = |n: &JsonNode| {
        n.get("omaSettings")
            .is_some_and(|s| matches!(s.value, Json::Array(_)))
    };
    match &root.value {
        Json::Object(_) if is_config(root) => Some(vec![root]),
        Json::Object(_) => match root.get("value").map(|v| &v.value) {
            Some(Json::Array(items)) if items.iter().any(is_config) => {
                Some(items.iter().filter(|n| is_config(n)).collect())
            }
            _ => None,
        },
        Json::Array(items) if items.iter().any(is_config) => {
            Some(items.iter().filter(|n| is_config(n)).collect())
        }
        _ => None,
    }
}

/// Checks `bytes` as an Intune export: `None` when it is not one (a `.json` that is something
/// else is skipped, never a syntax error).
pub fn lint_export(bytes: &[u8], catalog: &Catalog, config: &Config) -> Option<Linted> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // a glance at the first byte before decoding: most files are SyncML
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'{' && *first != b'[' {
        return None;
    }
    let text = std::str::from_utf8(body).ok()?;
    let base = bytes.len() - text.len();
    let root = parse(text).ok()?;
    let configs = configurations(&root)?;
    let mut f = Fragment::default();
    let mut notes: Vec<Diagnostic> = Vec::new();
    for config_node in configs {
        let Some(Json::Array(settings)) = config_node.get("omaSettings").map(|s| &s.value) else {
            continue;
        };
        for s in settings {
            let (Some(uri), Some(value)) = (s.get("omaUri"), s.get("value")) else {
                continue;
            };
            let type_node = s.get("@odata.type");
            let Some((format, base64)) = type_node.and_then(|t| t.as_str()).and_then(format_of)
            else {
                continue;
            };
            let value_text = match &value.value {
                Json::String(v, _) => v.clone(),
                Json::Number(n) => n.clone(),
                Json::Bool(b) => b.to_string(),
                _ => String::new(),
            };
            let encrypted = s
                .get("isEncrypted")
                .is_some_and(|e| e.value == Json::Bool(true))
                || value_text == "****"
                || value_text == "PGEvPg==";
            if encrypted {
                notes.push(crate::rules::value_not_exported::diagnostic(value.span));
                continue;
            }
            let region_start = f.text.len();
            f.push("<Replace><Item><Target><LocURI>");
            match &uri.value {
                Json::String(t, map) => f.push_mapped(t, Some(&|s| map.map_span(s)), uri.span),
                _ => f.push_mapped("", None, uri.span),
            }
            f.push("</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">");
            f.push_mapped(format, None, type_node.map_or(uri.span, |t| t.span));
            f.push("</Format></Meta><Data>");
            let data_at = f.text.len();
            let value_map = match &value.value {
                Json::String(_, map) if !base64 => Some(map),
                _ => None,
            };
            let to_input = |s: Span| value_map.map_or(value.span, |m| m.map_span(s));
            match base64.then(|| decode_base64(&value_text)).flatten() {
                Some(decoded) => f.push_decoded(&decoded, value.span),
                None if value_map.is_some() => {
                    f.push_mapped(&value_text, Some(&to_input), value.span)
                }
                None => f.push_mapped(&value_text, None, value.span),
            }
            f.push("</Data></Item></Replace>\n");
            f.setting(region_start, data_at, uri.span, value.span);
        }
    }
    let mut linted = f.lint(catalog, config, base);
    let shift = |s: Span| Span::new(s.start + base, s.end + base);
    linted.diagnostics.extend(
        notes
            .into_iter()
            .map(|d| d.map_spans(shift))
            .filter(|d| config.enabled(d.code)),
    );
    linted.diagnostics.sort_by_key(|d| (d.span.start, d.code));
    Some(linted)
}

/// Standard base64 (whitespace ignored) as UTF-8 text.
fn decode_base64(s: &str) -> Option<String> {
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_text() {
        assert_eq!(decode_base64("PGEvPg==").as_deref(), Some("<a/>"));
        assert_eq!(decode_base64("!!").as_deref(), None);
    }
}
