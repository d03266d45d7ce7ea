//! Offer Remote Assistance is enabled with no helper.
//!
//! ## What it checks
//! `RA_Unsolicit_DACL_Edit` with an empty value (`value=""`) while "Configure Offer Remote
//! Assistance" is enabled. Reported instead of `invalid-list`.
//!
//! ## Why it matters
//! With no helper, nobody can offer assistance: the policy is enabled but has no effect.
//!
//! ## Example
//! ```xml
//! <enabled/><data id="RA_Unsolicit_Control_List" value="1"/><data id="RA_Unsolicit_DACL_Edit" value=""/>
//! ```
//!
//! ## Fix
//! List the helpers (`CONTOSO\helpdesk&#xF000;CONTOSO\helpdesk`), or send `<disabled/>`.

use diagnostics::Diagnostic;

use crate::check::{Cx, ValueSite};

pub(crate) const CODE: &str = "empty-helper-list";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;

/// Reports an empty helper list; `true` when it was empty.
pub(crate) fn check(cx: &mut Cx<'_>, v: &ValueSite<'_>) -> bool {
    if !v.value.trim().is_empty() {
        return false;
    }
    cx.emit(
        Diagnostic::warning(CODE, v.whole(), "Offer Remote Assistance is enabled with no helper")
            .with_help("list the helpers as pairs, e.g. `CONTOSO\\helpdesk&#xF000;CONTOSO\\helpdesk`, or send `<disabled/>`"),
    );
    true
}
