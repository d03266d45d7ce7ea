//! A node needs a newer Windows build than the profiles must support.
//!
//! ## What it checks
//! Only with `--target-build VERSION` (or `[target] min-build` in `syncml-lint.toml`): each
//! node's DDF `OsBuildVersion`, the build it appeared in for each servicing line (for
//! example `10.0.22000, 10.0.19041.1202`: from Windows 11 21H2 on, and on Windows 10 2004 and
//! later from update revision 1202). A node is fine when the target is at or above one of
//! them. The DDF's placeholder `99.9.99999` (a build not yet named) is not reported.
//!
//! ## Why it matters
//! On an older build the node does not exist: the device answers 404 and the setting is not
//! applied, on exactly the machines the profile was meant to cover.
//!
//! ## Example
//! With `--target-build 10.0.19045`:
//! ```xml
//! <LocURI>./Device/Vendor/MSFT/Policy/Config/WindowsAI/DisableAIDataAnalysis</LocURI>
//! ```
//!
//! ## Fix
//! Target those devices with a separate profile, or raise the minimum build.

use diagnostics::Diagnostic;

use crate::check::Cx;
use crate::node::NodeUri;

pub(crate) const CODE: &str = "unsupported-os";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;

pub(crate) fn check(cx: &mut Cx<'_>, uri: &NodeUri<'_>, node: csp::NodeRef<'_>) {
    let Some(target) = cx.config.target_build else {
        return;
    };
    let facts = node.facts();
    if facts.available_in(target) != Some(false) {
        return;
    }
    let needs = facts
        .builds
        .iter()
        .filter(|b| !b.is_placeholder())
        .map(|b| match b.release() {
            Some(r) => format!("{b} ({r})"),
            None => b.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let target_name = target
        .release()
        .map_or(String::new(), |r| format!(" ({r})"));
    cx.emit(
        Diagnostic::new(
            CODE,
            SEVERITY,
            uri.span,
            format!(
                "`{}` needs Windows build {needs}; the target is {target}{target_name}",
                node.name()
            ),
        )
        .with_help("target older devices with a separate profile, or raise `--target-build`"),
    );
}
