//! The LocURI names a policy that its (known) area does not have.
//!
//! ## What it checks
//! For an area the catalog knows completely (built-in Policy CSP areas such as
//! `RemoteAssistance`, and `ADMX_<Name>` areas whose ADMX file is loaded), the policy segment
//! must name one of its policies. Names are case-sensitive; a did-you-mean names the closest
//! policy, and a case-only difference is called out. For ADMX ingested by the message, a
//! policy addressed under another category path than its own is reported with its real path.
//!
//! ## Why it matters
//! The device answers an unknown node with status 404 (or 0x87d1fde8 in Intune), and the
//! setting silently never applies.
//!
//! ## Example
//! ```xml
//! <LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/UnsolicitedRemoteAssistence</LocURI>
//! ```
//!
//! ## Fix
//! ```xml
//! <LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/UnsolicitedRemoteAssistance</LocURI>
//! ```
//!
//! `--fix` writes the suggested area or policy: a safe fix when only the case differs, an unsafe one (`--unsafe-fixes`) otherwise.

use crate::catalog::Catalog;
use crate::node::NodeUri;
use diagnostics::Diagnostic;

use crate::check::{Cx, MappedUri};
use crate::suggest::did_you_mean;

pub(crate) const CODE: &str = "unknown-policy";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(
    cx: &mut Cx<'_>,
    uri: &MappedUri<'_>,
    candidates: &[&str],
    elsewhere: Option<&str>,
) {
    let Some((policy, span)) = &uri.policy else {
        return;
    };
    let help = policy_help(policy, uri.area, candidates, elsewhere);
    cx.emit(
        Diagnostic::error(
            CODE,
            *span,
            format!("`{policy}` is not a policy of area `{}`", uri.area),
        )
        .with_label(uri.area_span, "in this area")
        .with_help_opt(help),
    );
}

/// The help for policy `name` unknown in `area`: where the DDF exposes it when it is another
/// area's, else the closest of `candidates`, else all of them when they are few.
fn policy_help(
    name: &str,
    area: &str,
    candidates: &[&str],
    elsewhere: Option<&str>,
) -> Option<String> {
    if let Some(path) = elsewhere {
        return Some(format!("`{name}` is exposed as `{path}`"));
    }
    did_you_mean(name, candidates.iter().copied())
        .map(|(_, m)| m)
        .or_else(|| {
            (candidates.len() <= 12)
                .then(|| format!("the policies of `{area}` are: {}", candidates.join(", ")))
        })
}

/// Reports segment `at` of a Policy CSP LocURI that the catalog does not have below `parent`:
/// an unknown area (below `Config`/`Result`), an unknown policy (below an area), or a segment
/// after a policy.
pub(crate) fn report_node(
    cx: &mut Cx<'_>,
    catalog: &Catalog,
    uri: &NodeUri<'_>,
    parent: csp::NodeRef<'_>,
    at: usize,
) {
    let Some((name, span)) = uri.segment(at) else {
        return;
    };
    let depth = parent.segments().len();
    let parent_name = parent.name();
    let candidates: Vec<&str> = parent.child_names().collect();
    let (msg, help) = match depth {
        4 => (
            format!("`{name}` is not a Policy CSP area"),
            did_you_mean(name, candidates.iter().copied()).map(|(_, m)| m),
        ),
        5 => {
            // a policy asked for under the wrong area: name where the DDF exposes it
            let stem = parent
                .children()
                .find_map(|c| c.facts().admx().map(|a| a.stem().to_string()));
            let elsewhere =
                stem.and_then(|stem| catalog.csp().admx_paths(&stem, name).into_iter().next());
            (
                format!("`{name}` is not a policy of area `{parent_name}`"),
                policy_help(name, &parent_name, &candidates, elsewhere.as_deref()),
            )
        }
        _ => (
            format!("`{parent_name}` is a policy: nothing is below it"),
            Some(format!("end the LocURI at `{parent_name}`")),
        ),
    };
    let mut d = Diagnostic::error(CODE, span, msg)
        .with_label(uri.segment_span(at.saturating_sub(1)), "under this node")
        .with_help_opt(help);
    if depth <= 5 {
        d.fix = crate::suggest::rename_fix(name, candidates.iter().copied(), span);
    }
    cx.emit(d);
}
