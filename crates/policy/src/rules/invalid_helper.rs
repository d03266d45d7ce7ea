//! A Remote Assistance helper is not `<Domain Name>\<User Name>` or `<Domain Name>\<Group Name>`.
//!
//! ## What it checks
//! Each entry of the helper list `RA_Unsolicit_DACL_Edit` of "Configure Offer Remote
//! Assistance": exactly one backslash, a domain (a NetBIOS name of at most 15 characters, a DNS
//! name, or a well-known authority such as `BUILTIN` or `NT AUTHORITY`) and a user or group
//! name without `" / \ [ ] : ; | = , + * ? < >`, and no surrounding spaces. The help explains
//! the usual mistakes: a UPN (`user@contoso.com`), a forward slash, a missing domain, a doubled
//! backslash.
//!
//! ## Why it matters
//! Windows resolves each helper to an account; an entry it cannot resolve is dropped or fails
//! the policy, and the help desk cannot offer assistance.
//!
//! ## Example
//! ```xml
//! <data id="RA_Unsolicit_DACL_Edit" value="helpdesk@contoso.com&#xF000;helpdesk@contoso.com"/>
//! ```
//!
//! ## Fix
//! ```xml
//! <data id="RA_Unsolicit_DACL_Edit" value="CONTOSO\helpdesk&#xF000;CONTOSO\helpdesk"/>
//! ```

use diagnostics::Diagnostic;

use crate::check::{Cx, ValueSite};
use crate::helper;
use crate::list::Pair;

pub(crate) const CODE: &str = "invalid-helper";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(cx: &mut Cx<'_>, v: &ValueSite<'_>, pairs: &[Pair<'_>]) {
    for pair in pairs {
        let entry = pair.value;
        if let Some(p) = helper::check(entry.text) {
            let span = entry.span;
            cx.emit(
                Diagnostic::error(CODE, v.span(span), p.message)
                    .with_span_label(
                        "not `<Domain Name>\\<User Name>` or `<Domain Name>\\<Group Name>`",
                    )
                    .with_help(p.help),
            );
        }
    }
}
