//! A LocURI names a node that its CSP does not have.
//!
//! ## What it checks
//! Every segment of a LocURI under a CSP that the built-in catalog knows (BitLocker, Defender,
//! Firewall, DMClient, LAPS, PassportForWork, VPNv2, WiFi, ... every CSP of Microsoft's DDF
//! files) must be a node of that CSP. Names are case-sensitive; a dynamic node (`{ProviderID}`,
//! `{FirewallRuleName}`) takes any instance name. The help names the closest sibling, and says
//! so when only the case differs. (Policy CSP areas and policies are `unknown-policy`.)
//!
//! ## Why it matters
//! The device answers 404 (Not found) and nothing is set, hours later, on every device.
//!
//! ## Example
//! ```xml
//! <LocURI>./Device/Vendor/MSFT/BitLocker/RequireDeviceEncrytion</LocURI>
//! ```
//!
//! ## Fix
//! ```xml
//! <LocURI>./Device/Vendor/MSFT/BitLocker/RequireDeviceEncryption</LocURI>
//! ```
//!
//! `--fix` writes the suggested name: a safe fix when only the case differs, an unsafe one (`--unsafe-fixes`) otherwise.

use diagnostics::Diagnostic;

use crate::check::Cx;
use crate::node::NodeUri;
use crate::suggest::did_you_mean;

pub(crate) const CODE: &str = "unknown-node";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Reports segment `at` of `uri`, which is not a child of `parent`.
pub(crate) fn report(cx: &mut Cx<'_>, uri: &NodeUri<'_>, parent: csp::NodeRef<'_>, at: usize) {
    let Some((name, span)) = uri.segment(at) else {
        return;
    };
    let parent_name = parent.name();
    let (msg, help) = if !parent.has_children() {
        (
            format!("`{parent_name}` is a setting: it has no node `{name}` below it"),
            Some(format!(
                "end the LocURI at `{parent_name}`, or check the CSP's documentation"
            )),
        )
    } else {
        let help = did_you_mean(name, parent.child_names())
            .map(|(_, m)| m)
            .or_else(|| {
                let names: Vec<&str> = parent.child_names().collect();
                (names.len() <= 12 && !names.is_empty())
                    .then(|| format!("the nodes of `{parent_name}` are: {}", names.join(", ")))
            });
        (format!("`{name}` is not a node of `{parent_name}`"), help)
    };
    let mut d = Diagnostic::error(CODE, span, msg)
        .with_label(uri.segment_span(at.saturating_sub(1)), "under this node")
        .with_help_opt(help);
    d.fix = crate::suggest::rename_fix(name, parent.child_names(), span);
    cx.emit(d);
}
