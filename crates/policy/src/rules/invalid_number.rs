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

use crate::node::NativeValue;
use diagnostics::Diagnostic;

use crate::check::{Cx, ValueSite};

pub(crate) const CODE: &str = "invalid-number";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Reports a value that is not digits. Returns `None` after reporting, else the number read
/// with checked arithmetic: `Some(None)` when it does not fit a `u64` (which
/// `value-out-of-range` reports).
pub(crate) fn check(cx: &mut Cx<'_>, v: &ValueSite<'_>) -> Option<Option<u64>> {
    if !v.value.is_empty() && v.value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(digits_value(v.value));
    }
    // suggest only a number that keeps the meaning: the value without spaces or a `+`
    let t = v.value.trim();
    let kept = t.strip_prefix('+').unwrap_or(t);
    let what = what_is_wrong(t);
    let help = if !kept.is_empty() && kept.bytes().all(|b| b.is_ascii_digit()) {
        format!("write the number alone: `{kept}`")
    } else {
        format!("`{}` takes an unsigned decimal number such as `1`", v.id)
    };
    cx.emit(
        Diagnostic::error(
            CODE,
            v.whole(),
            format!("`{}` is {what} (element `{}`)", v.value, v.id),
        )
        .with_help(help),
    );
    None
}

/// What is wrong with a number that is not digits: a fraction, hexadecimal, a sign.
fn what_is_wrong(t: &str) -> &'static str {
    let digits_and =
        |sep: &[char]| t.contains(sep) && t.replace(sep, "").bytes().all(|b| b.is_ascii_digit());
    if digits_and(&['.', ',']) {
        "a fraction: the element takes a whole number"
    } else if t.starts_with("0x") || t.starts_with("0X") {
        "hexadecimal: the element takes a decimal number"
    } else if t.starts_with('-') {
        "negative: the element takes no sign"
    } else {
        "not an unsigned number"
    }
}

/// The value of a string of ASCII digits, `None` when it does not fit a `u64`.
pub(crate) fn digits_value(digits: &str) -> Option<u64> {
    digits.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(10)?
            .checked_add(u64::from(b.wrapping_sub(b'0')))
    })
}

/// Reports a native integer that is not one: ASCII digits, with a `-` only where the range is
/// signed (`signed`); surrounding whitespace is ignored. Returns its value; a number beyond
/// `i128` reads as `i128::MAX` (beyond every range).
pub(crate) fn check_native(cx: &mut Cx<'_>, v: &NativeValue<'_>, signed: bool) -> Option<i128> {
    let (t, span) = v.trimmed();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(d) if signed => (true, d),
        _ => (false, t.strip_prefix('+').filter(|_| signed).unwrap_or(t)),
    };
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let n = digits
            .bytes()
            .try_fold(0i128, |n, b| {
                n.checked_mul(10)?.checked_add(i128::from(b - b'0'))
            })
            .unwrap_or(i128::MAX);
        return Some(if negative { -n } else { n });
    }
    let what = what_is_wrong(t);
    cx.emit(
        Diagnostic::error(
            CODE,
            span,
            format!("`{t}` is {what} (`{}` is `int`)", v.name()),
        )
        .with_help("write the number in decimal digits, e.g. `1`"),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::digits_value;

    #[test]
    fn digits_are_read_with_checked_arithmetic() {
        assert_eq!(digits_value("0"), Some(0));
        assert_eq!(digits_value("00042"), Some(42));
        assert_eq!(digits_value("18446744073709551615"), Some(u64::MAX));
        assert_eq!(digits_value("018446744073709551615"), Some(u64::MAX));
        assert_eq!(digits_value("18446744073709551616"), None);
        assert_eq!(digits_value("99999999999999999999"), None);
        assert_eq!(digits_value(&"9".repeat(100)), None);
    }
}
