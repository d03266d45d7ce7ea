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
    let values: Vec<&str> = pairs.iter().map(|p| p.value.text).collect();
    for (i, pair) in pairs.iter().enumerate() {
        let expected = match prefix {
            Some(prefix) => format!("{prefix}{}", i + 1),
            None => pair.value.text.to_string(),
        };
        if pair.name.text == expected {
            continue;
        }
        let (msg, help) = match prefix {
            None => {
                let all: Vec<&str> = pairs.iter().flat_map(|p| [p.name.text, p.value.text]).collect();
                (
                    format!("the name `{}` differs from its value `{}`: in `{}` each name equals its value", pair.name.text, pair.value.text, v.id),
                    format!("write every entry twice: `{}`", all.iter().flat_map(|e| [*e, *e]).collect::<Vec<_>>().join("&#xF000;")),
                )
            }
            Some(p) => (
                format!("pair {} is named `{}`, but names in `{}` are `{p}1`, `{p}2`, ...", i + 1, pair.name.text, v.id),
                format!(
                    "number the names: `{}`",
                    values.iter().enumerate().map(|(k, val)| format!("{p}{}&#xF000;{val}", k + 1)).collect::<Vec<_>>().join("&#xF000;")
                ),
            ),
        };
        cx.emit(Diagnostic::error(CODE, v.span(pair.name.span), msg).with_help(help));
        return;
    }
}
