//! An ingested ADMX file writes to a registry key Windows refuses for ingestion.
//!
//! ## What it checks
//! For ADMX carried by an `ADMXInstall` command: the `key` of every policy and element must not
//! lie under `System`, `Software\Microsoft` or `Software\Policies\Microsoft`, except the
//! subkeys Windows allows (Office, Edge, OneDrive, Exchange, Windows Search preferences, and a
//! few others).
//!
//! ## Why it matters
//! Windows rejects the ingestion of the whole file, and none of its policies can be set.
//!
//! ## Example
//! ```xml
//! <policy name="P" class="Machine" key="Software\Policies\Microsoft\Windows\Contoso" .../>
//! ```
//!
//! ## Fix
//! Write the app's policies under its own key, e.g. `Software\Policies\Contoso\App`.

use admx::LoadedAdmx;
use diagnostics::{Diagnostic, Span};
use syncml::DataText;

use crate::check::Cx;

pub(crate) const CODE: &str = "admx-forbidden-key";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

const FORBIDDEN: [&str; 3] = [
    "system",
    "software\\microsoft",
    "software\\policies\\microsoft",
];

const ALLOWED: [&str; 21] = [
    "software\\policies\\microsoft\\office\\",
    "software\\microsoft\\office\\",
    "software\\microsoft\\windows\\currentversion\\explorer\\",
    "software\\microsoft\\internet explorer\\",
    "software\\policies\\microsoft\\shared tools\\proofing tools\\",
    "software\\policies\\microsoft\\imejp\\",
    "software\\policies\\microsoft\\ime\\shared\\",
    "software\\policies\\microsoft\\shared tools\\graphics filters\\",
    "software\\policies\\microsoft\\windows\\currentversion\\explorer\\",
    "software\\policies\\microsoft\\softwareprotectionplatform\\",
    "software\\policies\\microsoft\\officesoftwareprotectionplatform\\",
    "software\\policies\\microsoft\\windows\\windows search\\preferences\\",
    "software\\policies\\microsoft\\exchange\\",
    "software\\microsoft\\shared tools\\proofing tools\\",
    "software\\microsoft\\shared tools\\graphics filters\\",
    "software\\microsoft\\windows\\windows search\\preferences\\",
    "software\\microsoft\\exchange\\",
    "software\\policies\\microsoft\\vba\\security\\",
    "software\\microsoft\\onedrive",
    "software\\microsoft\\edge",
    "software\\microsoft\\edgeupdate\\",
];

/// Whether ingestion may write under `key`.
pub(crate) fn is_forbidden(key: &str) -> bool {
    let k = key.trim_matches('\\').to_ascii_lowercase();
    let with_slash = format!("{k}\\");
    let under = |root: &str| k == root || with_slash.starts_with(&format!("{root}\\"));
    // `with_slash` starts with every prefix `k` starts with, and with an allowed root written
    // with its closing backslash (`software\microsoft\office\`) when `k` is that root
    FORBIDDEN.iter().any(|root| under(root)) && !ALLOWED.iter().any(|a| with_slash.starts_with(a))
}

pub(crate) fn check(cx: &mut Cx<'_>, file: &LoadedAdmx, data: &DataText<'_>) {
    let mut keys: Vec<(&str, Span)> = Vec::new();
    for p in &file.admx.policies {
        keys.push((&p.key, p.key_span));
        for e in &p.elements {
            if let (Some(k), Some(span)) = (&e.key, e.key_span) {
                keys.push((k, span));
            }
        }
    }
    for (key, span) in keys {
        if is_forbidden(key) {
            cx.emit(
                Diagnostic::error(CODE, data.to_source(span), format!("ingested ADMX may not write to `{key}`"))
                    .with_help("Windows refuses ADMX ingestion under System, Software\\Microsoft and Software\\Policies\\Microsoft (except a few Office, Edge and Windows Search keys): use the app's own key"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_forbidden;

    #[test]
    fn forbids_microsoft_keys_except_allowed() {
        assert!(is_forbidden(
            "Software\\Policies\\Microsoft\\Windows\\Contoso"
        ));
        assert!(is_forbidden("SYSTEM\\CurrentControlSet"));
        assert!(!is_forbidden("Software\\Policies\\Microsoft\\Office\\16.0"));
        assert!(!is_forbidden("Software\\Microsoft\\Edge"));
        assert!(!is_forbidden("Software\\Policies\\Contoso\\App"));
        assert!(!is_forbidden("Software\\MicrosoftX"));
        // an allowed root itself, written without its closing backslash
        assert!(!is_forbidden("Software\\Microsoft\\EdgeUpdate"));
        assert!(!is_forbidden("Software\\Microsoft\\Office"));
        assert!(is_forbidden("Software\\Microsoft\\OfficeX"));
    }
}
