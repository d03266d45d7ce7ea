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

use std::hash::Hash;

use diagnostics::Diagnostic;

use crate::check::{Cx, ValueSite};
use crate::list::Pair;
use crate::seen::{Caseless, FirstSeen};

pub(crate) const CODE: &str = "duplicate-list-item";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;

pub(crate) fn check(cx: &mut Cx<'_>, v: &ValueSite<'_>, pairs: &[Pair<'_>], explicit_names: bool) {
    // helper entries name accounts, which Windows compares without case
    if v.is_helper_list() {
        report(cx, v, pairs, explicit_names, Caseless);
    } else {
        report(cx, v, pairs, explicit_names, |text| text);
    }
}

fn report<'v, K: Eq + Hash>(
    cx: &mut Cx<'_>,
    v: &ValueSite<'_>,
    pairs: &[Pair<'v>],
    explicit_names: bool,
    key: impl Fn(&'v str) -> K,
) {
    let mut seen = FirstSeen::new();
    for pair in pairs {
        let field = if explicit_names {
            pair.name
        } else {
            pair.value
        };
        if let Some(first) = seen.repeat_of(key(field.text), field.span) {
            cx.emit(
                Diagnostic::warning(
                    CODE,
                    v.span(field.span),
                    format!("`{}` is already in the list", field.text),
                )
                .with_label(v.span(first), "first listed here")
                .with_help("remove the repeated pair"),
            );
        }
    }
}
