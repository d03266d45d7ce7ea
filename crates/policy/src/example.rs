//! Valid values built from a node's own facts: what `explain LOCURI` shows, and what the
//! generated tests send to every node of the catalog.

use admx::{ElementKind, Policy, PolicyElement};
use csp::{Allowed, Facts, Format};

/// The smallest ADMX file that ingestion accepts.
pub const MINIMAL_ADMX: &str = "<policyDefinitions revision=\"1.0\" schemaVersion=\"1.0\"><policyNamespaces><target prefix=\"contoso\" namespace=\"Contoso.Policies.App\"/></policyNamespaces><resources minRequiredRevision=\"1.0\"/><policies/></policyDefinitions>";

/// A value that `node` accepts: an ADMX file for the file node of `ADMXInstall`, else what
/// [`native_value`] builds from its facts.
pub fn node_value(node: csp::NodeRef<'_>) -> Option<String> {
    let admx_file = node.name() == "{AdmxFileId}"
        && node
            .parent()
            .and_then(|t| t.parent())
            .and_then(|a| a.parent())
            .is_some_and(|i| i.name() == "ADMXInstall");
    if admx_file {
        return Some(MINIMAL_ADMX.to_string());
    }
    native_value(node.facts())
}

/// A value that a native node accepts, built from its facts; `None` when the facts do not
/// determine one (a regular expression with no default, or a node that takes no value).
pub fn native_value(facts: &Facts) -> Option<String> {
    if facts.format == Format::Bool {
        // a `bool` takes `true`/`false`; values the DDF lists for it (`0`/`1`) name their meaning
        return Some("true".into());
    }
    let from_allowed = match &facts.allowed {
        Allowed::Enum(values) => values.first().map(|v| v.value.clone()),
        Allowed::Flag(values) => values
            .iter()
            .find_map(|v| crate::rules::invalid_value::flag_value(&v.value))
            .map(|n| n.to_string()),
        Allowed::Range { min, .. } => Some(min.to_string()),
        Allowed::Regex(re) => {
            let d = facts.default.clone()?;
            crate::rules::invalid_value::translate(re)
                .is_some_and(|r| r.is_match(&d))
                .then_some(d)
        }
        Allowed::Json => Some("{}".to_string()),
        Allowed::Admx(_) => None,
        Allowed::None | Allowed::Xsd | Allowed::Sddl => None,
    };
    if from_allowed.is_some() || matches!(facts.allowed, Allowed::Regex(_)) {
        return from_allowed;
    }
    match facts.format {
        Format::Int => Some(
            facts
                .default
                .clone()
                .filter(|d| d.parse::<i64>().is_ok())
                .unwrap_or_else(|| "0".into()),
        ),
        Format::Bool => Some("true".into()),
        Format::Chr => Some(
            facts
                .default
                .clone()
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| "text".into()),
        ),
        Format::B64 | Format::Bin => Some("QUJD".into()),
        Format::Xml => Some("<a/>".into()),
        Format::Float => Some("1.5".into()),
        Format::Time | Format::Date => facts.default.clone(),
        Format::Node | Format::Null => None,
    }
}

/// A valid value of an ADMX element.
pub fn element_value(e: &PolicyElement) -> String {
    match &e.kind {
        ElementKind::Boolean { .. } => "true".into(),
        ElementKind::Decimal { min, .. } => min.to_string(),
        ElementKind::LongDecimal { min, .. } => min.to_string(),
        ElementKind::Text { .. } => "text".into(),
        ElementKind::MultiText { .. } => "one&#xF000;two".into(),
        ElementKind::Enum { items } => items
            .iter()
            .find_map(|i| i.value.as_ref().map(admx::Value::to_payload_string))
            .unwrap_or_default(),
        ElementKind::List {
            value_prefix,
            explicit_value,
            ..
        } => {
            if *explicit_value {
                "name&#xF000;value".into()
            } else if let Some(prefix) = value_prefix {
                format!("{prefix}1&#xF000;value")
            } else if e.id == crate::HELPER_LIST_ID {
                "CONTOSO\\helpdesk&#xF000;CONTOSO\\helpdesk".into()
            } else {
                "value&#xF000;value".into()
            }
        }
    }
}

/// A valid payload that enables `policy` with every element set (as it stands in `Data`
/// before escaping).
pub fn enabled_payload(policy: &Policy) -> String {
    let mut out = String::from("<enabled/>");
    for e in &policy.elements {
        out.push_str(&format!(
            "<data id=\"{}\" value=\"{}\"/>",
            e.id,
            attribute(&element_value(e))
        ));
    }
    out
}

/// `value` as an attribute value: `"`, `<` and a bare `&` escaped; references written by
/// [`element_value`] (`&#xF000;`) kept.
fn attribute(value: &str) -> String {
    value
        .replace("&#xF000;", "\u{F000}")
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('\u{F000}', "&#xF000;")
}
