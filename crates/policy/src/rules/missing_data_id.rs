//! An enabled policy lacks a `<data>` for one of its elements.
//!
//! ## What it checks
//! With `<enabled/>`, every element of the policy's ADMX definition needs a `<data id>`; one
//! diagnostic per missing id.
//!
//! ## Why it matters
//! Windows requires a value for every element shown on the policy's Group Policy page; a
//! missing one fails the policy or leaves the setting at an unintended default.
//!
//! ## Example
//! ```xml
//! <Data>&lt;enabled/&gt;&lt;data id="RA_Unsolicit_Control_List" value="1"/&gt;</Data>
//! ```
//!
//! ## Fix
//! ```xml
//! <Data>&lt;enabled/&gt;&lt;data id="RA_Unsolicit_Control_List" value="1"/&gt;&lt;data id="RA_Unsolicit_DACL_Edit" value="CONTOSO\helpdesk&amp;#xF000;CONTOSO\helpdesk"/&gt;</Data>
//! ```

use admx::{Policy, PolicyElement};
use diagnostics::Diagnostic;
use syncml::{DataText, PayloadItem, State};

use crate::check::Cx;

pub(crate) const CODE: &str = "missing-data-id";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(
    cx: &mut Cx<'_>,
    dt: &DataText<'_>,
    items: &[PayloadItem<'_>],
    elements: &[Option<&PolicyElement>],
    policy: &Policy,
    suggested: &[&str],
) {
    let Some(enabled) = items.iter().find_map(|i| match i {
        PayloadItem::State(State::Enabled, e) => Some(*e),
        _ => None,
    }) else {
        return;
    };
    for element in &policy.elements {
        let given = elements
            .iter()
            .flatten()
            .any(|e| crate::check::same_element(e, element));
        if given || suggested.contains(&element.id.as_str()) {
            continue;
        }
        cx.emit(
            Diagnostic::error(
                CODE,
                dt.to_source(enabled.span()),
                format!(
                    "policy {} is enabled without a value for `{}`",
                    policy.name, element.id
                ),
            )
            .with_help(format!(
                "add `<data id=\"{}\" value=\"...\"/>` ({})",
                element.id,
                element.kind.type_name()
            )),
        );
    }
}
