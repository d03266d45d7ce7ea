//! A `<data id>` is not an element of the policy.
//!
//! ## What it checks
//! Every `id` of an enabled payload against the element ids of the policy's ADMX definition
//! (case-sensitive), with a did-you-mean; an id of another policy of the same ADMX file (ids
//! copied from a neighbouring policy's profile) is named as such, with that policy.
//!
//! ## Why it matters
//! The device fails the whole policy with "element Id not found" (0x87d1fde8 in Intune) and
//! none of its values is applied.
//!
//! ## Example
//! ```xml
//! <data id="RA_Unsolicit_DACL" value="CONTOSO\helpdesk&#xF000;CONTOSO\helpdesk"/>
//! ```
//!
//! ## Fix
//! ```xml
//! <data id="RA_Unsolicit_DACL_Edit" value="CONTOSO\helpdesk&#xF000;CONTOSO\helpdesk"/>
//! ```
//!
//! `--fix` writes the suggested id: a safe fix when only the case differs, an unsafe one (`--unsafe-fixes`) otherwise.

use admx::{LoadedAdmx, Policy, PolicyElement};
use diagnostics::Diagnostic;
use syncml::{DataText, PayloadItem};

use crate::check::Cx;
use crate::suggest::did_you_mean;

pub(crate) const CODE: &str = "unknown-data-id";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Reports unknown ids; returns the element ids suggested instead (their absence is then not
/// reported again by `missing-data-id`).
pub(crate) fn check<'p>(
    cx: &mut Cx<'_>,
    dt: &DataText<'_>,
    items: &[PayloadItem<'_>],
    elements: &[Option<&PolicyElement>],
    policy: &'p Policy,
    file: &LoadedAdmx,
) -> Vec<&'p str> {
    let mut suggested = Vec::new();
    for (item, element) in items.iter().zip(elements) {
        let PayloadItem::Data(d) = item else { continue };
        let Some(id) = d.id else { continue };
        if element.is_some() {
            continue;
        }
        let ids = policy.elements.iter().map(|e| e.id.as_str());
        let span = dt.to_source(id.value_span);
        // safe when only the case differs: the author evidently meant it
        let fix = crate::suggest::rename_fix(id.value, ids.clone(), span);
        let owner = owner_of(file, policy, id.value);
        let help = match did_you_mean(id.value, ids) {
            Some((best, msg)) => {
                suggested.push(best);
                Some(match owner {
                    Some(other) => format!("{}: {msg}", belongs(id.value, other, file, policy)),
                    None => msg,
                })
            }
            None if owner.is_some() => owner.map(|other| {
                format!(
                    "{}, whose elements are: {}",
                    belongs(id.value, other, file, policy),
                    element_list(policy)
                )
            }),
            None if policy.elements.is_empty() => Some(format!(
                "policy `{}` has no elements: send `<enabled/>` alone",
                policy.name
            )),
            None => Some(format!(
                "the elements of `{}` are: {}",
                policy.name,
                element_list(policy)
            )),
        };
        let mut d = Diagnostic::error(
            CODE,
            span,
            format!("`{}` is not an element of policy {}", id.value, policy.name),
        )
        .with_help_opt(help);
        d.fix = fix;
        cx.emit(d);
    }
    suggested
}

/// Another policy of the same file that has an element `id` (the first in file order).
fn owner_of<'f>(file: &'f LoadedAdmx, policy: &Policy, id: &str) -> Option<&'f Policy> {
    file.admx
        .policies
        .iter()
        .filter(|p| p.name != policy.name)
        .find(|p| p.element(id).is_some())
}

fn belongs(id: &str, other: &Policy, file: &LoadedAdmx, policy: &Policy) -> String {
    format!(
        "`{id}` belongs to policy `{}` of {}.admx, not to `{}`",
        other.name, file.stem, policy.name
    )
}

fn element_list(policy: &Policy) -> String {
    policy
        .elements
        .iter()
        .map(|e| format!("`{}`", e.id))
        .collect::<Vec<_>>()
        .join(", ")
}
