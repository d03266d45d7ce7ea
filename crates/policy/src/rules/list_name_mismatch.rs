//! A list pair's name does not follow the list's naming rule.
//!
//! ## What it checks
//! In a list whose ADMX `valuePrefix` attribute is absent and `explicitValue` is false (such as
//! the Remote Assistance helper list), each pair's name must equal its value. With
//! `valuePrefix` present (even `""`), names are the prefix plus 1, 2, 3...
//!
//! ## Why it matters
//! A mismatch almost always means the entries were not written as pairs: `A&#xF000;B` is one
//! entry named `A` with value `B`, not two entries.
//!
//! ## Example
//! ```xml
//! <data id="RA_Unsolicit_DACL_Edit" value="CONTOSO\helpdesk&#xF000;CONTOSO\tier2"/>
//! ```
//!
//! ## Fix
//! ```xml
//! <data id="RA_Unsolicit_DACL_Edit" value="CONTOSO\helpdesk&#xF000;CONTOSO\helpdesk&#xF000;CONTOSO\tier2&#xF000;CONTOSO\tier2"/>
//! ```

use diagnostics::Diagnostic;

use crate::check::{Cx, ValueSite};
use crate::list::Pair;

pub(crate) const CODE: &str = "list-name-mismatch";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(cx: &mut Cx<'_>, v: &ValueSite<'_>, pairs: &[Pair<'_>], prefix: Option<&str>) {
    for (i, pair) in pairs.iter().enumerate() {
        let named = match prefix {
            Some(prefix) => is_numbered(pair.name.text, prefix, i + 1),
            None => pair.name.text == pair.value.text,
        };
        if named {
            continue;
        }
        let values = pairs.iter().map(|p| p.value.text);
        let (msg, help) = match prefix {
            None => {
                let all: Vec<&str> = pairs
                    .iter()
                    .flat_map(|p| [p.name.text, p.value.text])
                    .collect();
                (
                    format!("the name `{}` differs from its value `{}`: in `{}` each name equals its value", pair.name.text, pair.value.text, v.id),
                    format!("write every entry twice: `{}`", all.iter().flat_map(|e| [*e, *e]).collect::<Vec<_>>().join("&#xF000;")),
                )
            }
            Some(p) => (
                format!(
                    "pair {} is named `{}`, but names in `{}` are `{p}1`, `{p}2`, ...",
                    i + 1,
                    pair.name.text,
                    v.id
                ),
                format!(
                    "number the names: `{}`",
                    values
                        .enumerate()
                        .map(|(k, val)| format!("{p}{}&#xF000;{val}", k + 1))
                        .collect::<Vec<_>>()
                        .join("&#xF000;")
                ),
            ),
        };
        cx.emit(Diagnostic::error(CODE, v.span(pair.name.span), msg).with_help(help));
        return;
    }
}

/// Whether `name` is `prefix` followed by `n` written in decimal (`Item1`; not `Item01`).
fn is_numbered(name: &str, prefix: &str, n: usize) -> bool {
    name.strip_prefix(prefix).is_some_and(|digits| {
        !digits.starts_with('0')
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits.parse() == Ok(n)
    })
}

#[cfg(test)]
mod tests {
    use super::is_numbered;

    #[test]
    fn names_are_the_prefix_and_the_position() {
        assert!(is_numbered("Item1", "Item", 1));
        assert!(is_numbered("Item12", "Item", 12));
        assert!(is_numbered("7", "", 7));
        for (name, n) in [
            ("Item01", 1),
            ("Item+1", 1),
            ("Item2", 1),
            ("item1", 1),
            ("Item", 1),
            ("Item1 ", 1),
            ("Item", 0),
        ] {
            assert!(!is_numbered(name, "Item", n), "{name} {n}");
        }
    }
}
