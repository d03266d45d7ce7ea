//! A boolean value is not `true` or `false`.
//!
//! ## What it checks
//! The value of a `boolean` element is `true` or `false` (any case).
//!
//! ## Why it matters
//! Policy CSP maps exactly these two words to the element's true and false values; `1`, `0`,
//! `yes` or `on` fail the policy.
//!
//! ## Example
//! ```xml
//! <data id="IgnoreUnknownCA" value="1"/>
//! ```
//!
//! ## Fix
//! ```xml
//! <data id="IgnoreUnknownCA" value="true"/>
//! ```

use crate::node::NativeValue;
use diagnostics::Diagnostic;

use crate::check::{Cx, ValueSite};

pub(crate) const CODE: &str = "invalid-boolean";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(cx: &mut Cx<'_>, v: &ValueSite<'_>) {
    if v.value.eq_ignore_ascii_case("true") || v.value.eq_ignore_ascii_case("false") {
        return;
    }
    let guess = match v.value.trim().to_ascii_lowercase().as_str() {
        "1" | "yes" | "on" | "enabled" => Some("true"),
        "0" | "no" | "off" | "disabled" => Some("false"),
        _ => None,
    };
    let help = match guess {
        Some(g) => format!("write `{g}`"),
        None => "write `true` or `false`".to_string(),
    };
    cx.emit(
        Diagnostic::error(
            CODE,
            v.whole(),
            format!(
                "`{}` is not `true` or `false` (element `{}`)",
                v.value, v.id
            ),
        )
        .with_help(help),
    );
}

/// Reports a native `bool` that is not `true` or `false` (any case; surrounding whitespace is
/// ignored).
pub(crate) fn check_native(cx: &mut Cx<'_>, v: &NativeValue<'_>) {
    let (t, span) = v.trimmed();
    if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false") {
        return;
    }
    let help = match t.to_ascii_lowercase().as_str() {
        "1" | "yes" | "on" | "enabled" => "write `true`",
        "0" | "no" | "off" | "disabled" => "write `false`",
        _ => "write `true` or `false`",
    };
    cx.emit(
        Diagnostic::error(
            CODE,
            span,
            format!("`{t}` is not `true` or `false` (`{}` is `bool`)", v.name()),
        )
        .with_help(help),
    );
}
