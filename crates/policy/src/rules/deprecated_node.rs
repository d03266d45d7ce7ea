//! A LocURI addresses a node that Microsoft marks deprecated.
//!
//! ## What it checks
//! Nodes whose DDF definition carries `MSFT:Deprecated` (for example the Defender and
//! Experience settings retired in Windows 11). The message names the build that deprecated
//! the node when the DDF gives one.
//!
//! ## Why it matters
//! A deprecated node may still be accepted and do nothing, or be removed in a later release:
//! the profile looks applied while the setting has no effect.
//!
//! ## Example
//! ```xml
//! <LocURI>./Device/Vendor/MSFT/Policy/Config/FileSystem/EnableTxfDeprecatedFunctionality</LocURI>
//! ```
//!
//! ## Fix
//! Remove the setting, or replace it with the node that Microsoft's documentation names as its
//! successor.

use diagnostics::Diagnostic;

use crate::check::Cx;
use crate::node::NodeUri;

pub(crate) const CODE: &str = "deprecated-node";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;

pub(crate) fn check(cx: &mut Cx<'_>, uri: &NodeUri<'_>, node: csp::NodeRef<'_>) {
    let Some(since) = &node.facts().deprecated else {
        return;
    };
    let when = csp::Build::parse(since)
        .map(|b| match b.release() {
            Some(r) => format!(" since {r} ({b})"),
            None => format!(" since build {b}"),
        })
        .unwrap_or_default();
    cx.emit(
        Diagnostic::new(
            CODE,
            SEVERITY,
            uri.last_span(),
            format!("`{}` is deprecated{when}", node.name()),
        )
        .with_help("remove the setting, or use the node that replaces it"),
    );
}
