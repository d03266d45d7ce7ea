//! A number lies outside the element's `minValue..maxValue`.
//!
//! ## What it checks
//! The value of a `decimal` / `longDecimal` element against its inclusive range (ADMX defaults
//! 0..9999), and against the largest u32 / u64.
//!
//! ## Why it matters
//! The device rejects the policy, or clamps the value, depending on the client: either way the
//! setting is not what was written.
//!
//! ## Example
//! ```xml
//! <data id="RA_Solicit_ExpireValue_Edt" value="120"/>
//! ```
//!
//! ## Fix
//! ```xml
//! <data id="RA_Solicit_ExpireValue_Edt" value="99"/>
//! ```

use crate::node::NativeValue;
use diagnostics::Diagnostic;

use crate::check::{Cx, ValueSite};

pub(crate) const CODE: &str = "value-out-of-range";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// `n` is the value, `None` when it does not even fit a `u64`.
pub(crate) fn check(
    cx: &mut Cx<'_>,
    v: &ValueSite<'_>,
    n: Option<u64>,
    min: u64,
    max: u64,
    type_max: u64,
) {
    let message = if n.is_none_or(|n| n > type_max) {
        format!(
            "`{}` does not fit the element's {}-bit number",
            v.value,
            if type_max == u64::MAX { 64 } else { 32 }
        )
    } else if n.is_some_and(|n| n < min || n > max) {
        format!(
            "`{}` is outside the range {min}..={max} of `{}`",
            v.value, v.id
        )
    } else {
        return;
    };
    cx.emit(
        Diagnostic::error(CODE, v.whole(), message)
            .with_help(format!("use a value from {min} to {max}")),
    );
}

/// Reports a native number outside the node's DDF range `min..=max`.
pub(crate) fn check_native(cx: &mut Cx<'_>, v: &NativeValue<'_>, n: i128, min: i64, max: i64) {
    if (i128::from(min)..=i128::from(max)).contains(&n) {
        return;
    }
    let (t, span) = v.trimmed();
    cx.emit(
        Diagnostic::error(
            CODE,
            span,
            format!("`{t}` is outside the range {min}..={max} of `{}`", v.name()),
        )
        .with_help(format!("use a value from {min} to {max}")),
    );
}
