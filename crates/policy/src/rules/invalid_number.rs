//! A `decimal` or `longDecimal` value is not a plain unsigned number.
//!
//! ## What it checks
//! The value of a decimal element is ASCII digits only: no sign, no spaces, no decimal point,
//! no hexadecimal (leading zeros are fine).
//!
//! ## Why it matters
//! The device stores the value as a registry number; text that is not one fails the policy.
//!
//! ## Example
//! ```xml
//! <data id="RA_Solicit_ExpireValue_Edt" value=" 24h"/>
//! ```
//!
//! ## Fix
//! ```xml
//! <data id="RA_Solicit_ExpireValue_Edt" value="24"/>
//! ```

use diagnostics::Diagnostic;

use crate::check::{Cx, ValueSite};

pub(crate) const CODE: &str = "invalid-number";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Reports a value that is not digits; returns its number (saturated at `u64::MAX` when it
/// overflows, which `value-out-of-range` reports).
pub(crate) fn check(cx: &mut Cx<'_>, v: &ValueSite<'_>) -> Option<u64> {
    if !v.value.is_empty() && v.value.bytes().all(|b| b.is_ascii_digit()) {
        let n = v.value.bytes().fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b - b'0')));
        return Some(n);
    }
    let digits: String = v.value.chars().filter(char::is_ascii_digit).collect();
    let help = if digits.is_empty() {
        format!("`{}` takes an unsigned number", v.id)
    } else {
        format!("write the number alone: `{digits}`")
    };
    cx.emit(Diagnostic::error(CODE, v.whole(), format!("`{}` is not an unsigned number (element `{}`)", v.value, v.id)).with_help(help));
    None
}
