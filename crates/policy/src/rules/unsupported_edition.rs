//! A node does not apply to one of the Windows editions the profiles must support.
//!
//! ## What it checks
//! Only with `--target-edition NAME,...` (or `[target] editions` in `syncml-lint.toml`): the
//! node's DDF `EditionAllowList` (Windows product types) must include every target edition
//! (`home`, `pro`, `enterprise`, `education`, `pro-education`, `pro-workstation`,
//! `enterprise-ltsc`, `iot-enterprise`, `iot-enterprise-ltsc`, `holographic`, `team`, `se`,
//! ...). A node without an allow list applies to every edition.
//!
//! ## Why it matters
//! On another edition the device ignores the setting or rejects it (often a 405 or a
//! "not applicable" in the MDM report), so a Pro machine silently keeps its old value.
//!
//! ## Example
//! With `--target-edition pro`:
//! ```xml
//! <LocURI>./Device/Vendor/MSFT/Policy/Config/Experience/AllowWindowsSpotlight</LocURI>
//! ```
//!
//! ## Fix
//! Use a setting that the edition supports, or scope the profile to the editions that have it.

use diagnostics::Diagnostic;

use crate::check::Cx;
use crate::node::NodeUri;

pub(crate) const CODE: &str = "unsupported-edition";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;

pub(crate) fn check(cx: &mut Cx<'_>, uri: &NodeUri<'_>, node: csp::NodeRef<'_>) {
    let Some(allowed) = &node.facts().editions else {
        return;
    };
    let missing: Vec<&str> = cx
        .config
        .target_editions
        .iter()
        .filter(|(_, t)| !allowed.contains(t))
        .map(|(n, _)| n.as_str())
        .collect();
    if missing.is_empty() {
        return;
    }
    let mut has: Vec<&str> = allowed
        .iter()
        .filter_map(|t| csp::editions::name_of(*t))
        .collect();
    has.sort_unstable();
    has.dedup();
    cx.emit(
        Diagnostic::new(
            CODE,
            SEVERITY,
            uri.span,
            format!(
                "`{}` does not apply to {}",
                node.name(),
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .with_help(format!("it applies to: {}", has.join(", "))),
    );
}
