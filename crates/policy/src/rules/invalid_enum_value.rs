//! An enum value matches none of the element's items.
//!
//! ## What it checks
//! The value of an `enum` element equals the value of one of its items (the decimal or string
//! the ADMX gives each item). The help lists the valid values with their display names.
//!
//! ## Why it matters
//! The device writes the item's registry value; an unknown one fails the policy.
//!
//! ## Example
//! ```xml
//! <data id="RA_Unsolicit_Control_List" value="2"/>
//! ```
//!
//! ## Fix
//! ```xml
//! <data id="RA_Unsolicit_Control_List" value="1"/>
//! ```

use crate::node::NativeValue;
use admx::EnumItem;
use diagnostics::Diagnostic;

use crate::check::{Cx, ValueSite};

pub(crate) const CODE: &str = "invalid-enum-value";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(cx: &mut Cx<'_>, v: &ValueSite<'_>, items: &[EnumItem]) {
    if items
        .iter()
        .any(|i| i.value.as_ref().is_some_and(|val| val.is_payload(v.value)))
    {
        return;
    }
    let values: Vec<(String, &str)> = items
        .iter()
        .filter_map(|i| {
            Some((
                i.value.as_ref()?.to_payload_string(),
                v.file.display(&i.display_name).unwrap_or(""),
            ))
        })
        .collect();
    let list = values
        .iter()
        .map(|(val, name)| {
            if name.is_empty() {
                format!("`{val}`")
            } else {
                format!("`{val}` ({name})")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let case_hint = values
        .iter()
        .find(|(val, _)| val.eq_ignore_ascii_case(v.value))
        .map(|(val, _)| format!("values are case-sensitive: `{val}`; "));
    cx.emit(
        Diagnostic::error(
            CODE,
            v.whole(),
            format!("`{}` is not a value of `{}`", v.value, v.id),
        )
        .with_help(format!(
            "{}valid values: {list}",
            case_hint.unwrap_or_default()
        )),
    );
}

/// Reports a native value that is not one of the node's DDF values (numbers compare by value:
/// `01` is `1`).
pub(crate) fn check_native(cx: &mut Cx<'_>, v: &NativeValue<'_>, values: &[csp::EnumValue]) {
    let (t, span) = v.trimmed();
    let number = |s: &str| s.parse::<i64>().ok();
    if values
        .iter()
        .any(|e| e.value == t || number(&e.value).is_some_and(|a| Some(a) == number(t)))
    {
        return;
    }
    let list = listed(values);
    let case_hint = values
        .iter()
        .find(|e| e.value.eq_ignore_ascii_case(t))
        .map(|e| format!("values are case-sensitive: `{}`; ", e.value));
    cx.emit(
        Diagnostic::error(
            CODE,
            span,
            format!("`{t}` is not a value of `{}`", v.name()),
        )
        .with_help(format!(
            "{}valid values: {list}",
            case_hint.unwrap_or_default()
        )),
    );
}

/// The values of a DDF enumeration or flag set with their labels: `` `1` (On), `0` (Off) ``.
pub(crate) fn listed(values: &[csp::EnumValue]) -> String {
    values
        .iter()
        .map(|e| {
            if e.label.is_empty() {
                format!("`{}`", e.value)
            } else {
                format!("`{}` ({})", e.value, e.label)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
