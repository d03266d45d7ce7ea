//! The LocURI is a Policy CSP path whose area the catalog does not know.
//!
//! ## What it checks
//! Policy CSP areas that are neither built in nor backed by a loaded ADMX file. The payload of
//! such a policy is checked for syntax only (for `ADMX_*` and ingested areas, which are
//! ADMX-backed by construction, the format and payload shape are still checked).
//!
//! ## Why it matters
//! This is information, not a defect: it says which settings were validated only shallowly.
//! Point `--admx-dir` at a PolicyDefinitions folder to validate `ADMX_*` areas completely.
//!
//! ## Example
//! ```xml
//! <LocURI>./Device/Vendor/MSFT/Policy/Config/ADMX_TerminalServer/TS_SESSIONS_Idle_Limit_1</LocURI>
//! ```
//!
//! ## Fix
//! Run `syncml-lint check --admx-dir C:\Windows\PolicyDefinitions ...` (or a copy of it), or
//! turn this rule off in `syncml-lint.toml`.

use crate::node::NodeUri;
use diagnostics::Diagnostic;

use crate::check::{Cx, MappedUri};

pub(crate) const CODE: &str = "not-in-catalog";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Info;

pub(crate) fn check(cx: &mut Cx<'_>, uri: &MappedUri<'_>, admx_backed: bool) {
    let (what, help) = match uri.area.strip_prefix("ADMX_") {
        Some(file) => (
            "its payload is checked for shape only",
            format!("load `{file}.admx` with `--admx-dir <PolicyDefinitions>` to check ids and values"),
        ),
        None if admx_backed => ("its payload is checked for shape only", "ingest the ADMX file in the same message to check ids and values".to_string()),
        None => ("its value is not checked", "syncml-lint knows the Policy CSP areas of its catalog and `ADMX_*` areas of loaded ADMX files".to_string()),
    };
    cx.emit(
        Diagnostic::new(
            CODE,
            SEVERITY,
            uri.area_span,
            format!("area `{}` is not in the catalog: {what}", uri.area),
        )
        .with_help(help),
    );
}

/// Reports a LocURI under a CSP root the catalog does not know (segment `at`).
pub(crate) fn report_root(cx: &mut Cx<'_>, catalog: &csp::Catalog, uri: &NodeUri<'_>, at: usize) {
    let Some((name, span)) = uri.segment(at) else {
        return;
    };
    let csp_root = at >= 2;
    let suggestion = match &cx.memo.unknown_root {
        _ if !csp_root => None,
        Some((last, suggestion)) if last == name => suggestion.clone(),
        _ => {
            let root = csp_names(catalog);
            let suggestion = crate::suggest::did_you_mean(name, root.iter().map(String::as_str))
                .map(|(c, _)| c.to_string());
            cx.memo.unknown_root = Some((name.to_string(), suggestion.clone()));
            suggestion
        }
    };
    let help = match suggestion {
        Some(c) => format!("did you mean the CSP `{c}`? Otherwise only the LocURI's syntax is checked"),
        None => "only the LocURI's syntax is checked: the catalog holds Microsoft's CSPs (`./Vendor/MSFT/...`, `./DevDetail`, `./DevInfo`, ...)".to_string(),
    };
    let what = if csp_root {
        format!("`{name}` is not a CSP the catalog knows")
    } else {
        format!("`{name}` is not a root the catalog knows")
    };
    cx.emit(
        Diagnostic::new(
            CODE,
            SEVERITY,
            span,
            format!("{what}: its value is not checked"),
        )
        .with_help(help),
    );
}

/// The names of the CSPs below `./Device/Vendor/MSFT` and `./User/Vendor/MSFT`.
fn csp_names(c: &csp::Catalog) -> Vec<String> {
    let mut names: Vec<String> = [csp::Tree::Device, csp::Tree::User]
        .into_iter()
        .filter_map(|t| match c.resolve(t, ["Vendor", "MSFT"]) {
            csp::Resolution::Found(n) => {
                Some(n.child_names().map(str::to_string).collect::<Vec<_>>())
            }
            csp::Resolution::Missing { .. } => None,
        })
        .flatten()
        .collect();
    names.sort();
    names.dedup();
    names
}
