//! The command is not one of the node's access types.
//!
//! ## What it checks
//! Every node of the catalog accepts the commands of its DDF `AccessType`: Policy CSP policies
//! under `Policy/Config` accept `Add`, `Delete`, `Get` and `Replace`; `Policy/Result` accepts
//! only `Get`; many nodes of other CSPs are read-only or `Exec`-only, and interior nodes such
//! as a Policy CSP area accept only `Get`. Anything else (`Exec` on a policy, `Replace` of a
//! result or of a Get-only node) is reported.
//!
//! `Add` of a setting below a dynamic instance (a new firewall rule, a new Wi-Fi profile) is
//! accepted wherever the DDF allows `Replace`: it creates the instance with the setting.
//!
//! ## Why it matters
//! The device answers with status 405 (command not allowed) and nothing changes.
//!
//! ## Example
//! ```xml
//! <Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Result/RemoteAssistance/SessionLogging</LocURI></Target>...</Item></Replace>
//! ```
//!
//! ## Fix
//! Write settings under `Policy/Config`; read resolved values from `Policy/Result` with `Get`.

use crate::node::NodeUri;
use diagnostics::Diagnostic;
use syncml::Command;

use crate::check::{Cx, MappedUri};
use crate::uri::Tree;

pub(crate) const CODE: &str = "command-not-allowed";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Reports a command the node does not accept; `true` when it is allowed.
pub(crate) fn check(cx: &mut Cx<'_>, command: &Command<'_>, uri: &MappedUri<'_>) -> bool {
    let access = match uri.tree {
        Tree::Config => csp::Access(
            csp::Access::ADD | csp::Access::DELETE | csp::Access::GET | csp::Access::REPLACE,
        ),
        Tree::Result => csp::Access(csp::Access::GET),
    };
    let name = command.kind.name();
    let allowed = csp::Access::bit(name).is_none() || access.allows(name);
    if allowed {
        return true;
    }
    let help = match uri.tree {
        Tree::Result => {
            "`Policy/Result` is read-only: write the setting under `Policy/Config`".to_string()
        }
        Tree::Config => format!("this node accepts {}", access.names().join(", ")),
    };
    cx.emit(
        Diagnostic::error(
            CODE,
            command.element.start_tag(),
            format!("`{}` is not allowed on this node", command.kind.name()),
        )
        .with_label(uri.span, "this node")
        .with_help(help),
    );
    false
}

/// Reports a command that `node` does not accept (`Policy/Result` is read-only); `true` when
/// it is allowed.
pub(crate) fn check_node(
    cx: &mut Cx<'_>,
    command: &Command<'_>,
    uri: &NodeUri<'_>,
    node: csp::NodeRef<'_>,
) -> bool {
    let access = if node.via_result {
        csp::Access(csp::Access::GET)
    } else {
        node.facts().access
    };
    let name = command.kind.name();
    if csp::Access::bit(name).is_none() || access.allows(name) {
        return true;
    }
    // `Add` of a setting below a dynamic instance creates the instance with it (a new firewall
    // rule, a new Wi-Fi profile): devices take it wherever they take `Replace`, although the
    // DDF lists `Replace` alone for many of these settings
    if name == "Add" && access.allows("Replace") && has_dynamic_ancestor(node) {
        return true;
    }
    // a command the DDF lists and the device refuses: what to do instead
    let corrected = csp::ddf::ACCESS_CORRECTIONS
        .iter()
        .find(|(suffix, taken, _, _)| {
            csp::Access::bit(name).is_some_and(|b| taken & b != 0) && ends_with_path(node, suffix)
        })
        .map(|(_, _, instead, _)| (*instead).to_string());
    let help = if let Some(instead) = corrected {
        instead
    } else if node.via_result {
        "`Policy/Result` is read-only: write the setting under `Policy/Config`".to_string()
    } else if access.0 == 0 {
        "this node accepts no command".to_string()
    } else if node.has_children() && node.facts().format == csp::Format::Node {
        format!(
            "`{}` is an interior node that accepts {}: address one of its settings",
            node.name(),
            access.names().join(", ")
        )
    } else {
        format!("this node accepts {}", access.names().join(", "))
    };
    cx.emit(
        Diagnostic::error(
            CODE,
            command.element.start_tag(),
            format!("`{name}` is not allowed on `{}`", node.name()),
        )
        .with_label(uri.span, "this node")
        .with_help(help),
    );
    false
}

fn has_dynamic_ancestor(node: csp::NodeRef<'_>) -> bool {
    let mut at = node.parent();
    while let Some(n) = at {
        if n.is_dynamic() {
            return true;
        }
        at = n.parent();
    }
    false
}

/// Whether the path of `node` ends with `suffix` (segments as the DDF names them, dynamic ones
/// in braces).
fn ends_with_path(node: csp::NodeRef<'_>, suffix: &str) -> bool {
    let mut at = Some(node);
    for want in suffix.rsplit('/') {
        match at {
            Some(n) if n.name() == want => at = n.parent(),
            _ => return false,
        }
    }
    true
}
