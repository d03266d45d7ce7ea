//! A policy is addressed in a scope it does not support.
//!
//! ## What it checks
//! `./User/...` for a policy of class Machine (or a device-only Policy CSP node such as the
//! Remote Assistance policies), and `./Device/...` or no scope for a policy of class User.
//! Class Both accepts either.
//!
//! ## Why it matters
//! The node does not exist in the other scope: the device answers 404 and nothing is set.
//!
//! ## Example
//! ```xml
//! <LocURI>./User/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging</LocURI>
//! ```
//!
//! ## Fix
//! ```xml
//! <LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging</LocURI>
//! ```
//!
//! `--fix --unsafe-fixes` writes the scope the node has (an unsafe fix).

use crate::node::NodeUri;
use diagnostics::Diagnostic;

use crate::catalog::Resolved;
use crate::check::{Cx, MappedUri};
use crate::uri::Scope;

pub(crate) const CODE: &str = "scope-mismatch";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(cx: &mut Cx<'_>, uri: &MappedUri<'_>, r: &Resolved<'_>) {
    if r.scopes.allows(uri.scope) {
        return;
    }
    let policy = uri.policy.map_or("", |p| p.0);
    let (msg, help) = match uri.scope {
        Scope::User => (
            format!(
                "`{policy}` is a device policy (class {}), not available under `./User`",
                r.policy.class.as_str()
            ),
            "address it as `./Device/Vendor/MSFT/Policy/Config/...`",
        ),
        _ => (
            format!(
                "`{policy}` is a user policy (class {}), not available for the device",
                r.policy.class.as_str()
            ),
            "address it as `./User/Vendor/MSFT/Policy/Config/...`",
        ),
    };
    cx.emit(Diagnostic::error(CODE, uri.scope_span, msg).with_help(help));
}

/// Reports a node addressed in the scope it does not exist in; `node` is where it does.
pub(crate) fn report_node(cx: &mut Cx<'_>, uri: &NodeUri<'_>, node: csp::NodeRef<'_>) {
    let name = node.name();
    let (msg, help) = match node.tree() {
        csp::Tree::Device => (
            format!("`{name}` exists only for the device, not under `./User`"),
            format!("address it as `{}`", node.loc_uri()),
        ),
        csp::Tree::User => (
            format!("`{name}` exists only under `./User`, not for the device"),
            format!("address it as `{}`", node.loc_uri()),
        ),
    };
    // the scope the node has: `./User` written as `./Device`, or the other way round
    let implicit = uri.scope == crate::uri::Scope::Implicit;
    let content = match (node.tree(), implicit) {
        (csp::Tree::User, true) => "./User/",
        (csp::Tree::User, false) => "User",
        (csp::Tree::Device, _) => "Device",
    };
    cx.emit(
        Diagnostic::error(CODE, uri.scope_span(), msg)
            .with_label(uri.last_span(), "this node")
            .with_help(help)
            .with_fix(diagnostics::Fix::one(
                diagnostics::Applicability::Unsafe,
                format!("address the node's own scope ({content})"),
                uri.scope_span(),
                content,
            )),
    );
}
