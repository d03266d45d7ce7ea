//! The same list entry appears twice.
//!
//! ## What it checks
//! Repeated entries of a list: for lists with explicit names, repeated names; otherwise
//! repeated values. Helper names compare case-insensitively, as Windows account names do.
//!
//! ## Why it matters
//! The registry holds each name once: the repeat is redundant at best, and with explicit names
//! the later value silently replaces the earlier.
//!
//! ## Example
//! ```xml
//! <data id="RA_Unsolicit_DACL_Edit" value="CONTOSO\helpdesk&#xF000;CONTOSO\helpdesk&#xF000;contoso\HelpDesk&#xF000;contoso\HelpDesk"/>
//! ```
//!
//! ## Fix
//! Remove the repeated pair.

use std::borrow::Cow;

use diagnostics::Diagnostic;

use crate::check::{Cx, ValueSite};
use crate::list::Pair;
use crate::seen::FirstSeen;

pub(crate) const CODE: &str = "duplicate-list-item";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;

pub(crate) fn check(cx: &mut Cx<'_>, v: &ValueSite<'_>, pairs: &[Pair<'_>], explicit_names: bool) {
    let mut seen = FirstSeen::new();
    for pair in pairs {
        let field = if explicit_names { pair.name } else { pair.value };
        let key: Cow<'_, str> = if v.is_helper_list() { Cow::Owned(field.text.to_lowercase()) } else { Cow::Borrowed(field.text) };
        if let Some(first) = seen.repeat_of(key, field.span) {
            cx.emit(
                Diagnostic::warning(CODE, v.span(field.span), format!("`{}` is already in the list", field.text))
                    .with_label(v.span(first), "first listed here")
                    .with_help("remove the repeated pair"),
            );
        }
    }
}
