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
