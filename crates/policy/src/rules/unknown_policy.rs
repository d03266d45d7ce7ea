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
    let help = match elsewhere {
        Some(path) => Some(format!("`{policy}` is exposed as `{path}`")),
        None => did_you_mean(policy, candidates.iter().copied()).map(|(_, msg)| msg),
    };
    let help = help.or_else(|| {
        (candidates.len() <= 12).then(|| {
            format!(
                "the policies of `{}` are: {}",
                uri.area,
                candidates.join(", ")
            )
        })
    });
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
