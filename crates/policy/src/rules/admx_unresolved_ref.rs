//! A reference in an ADMX/ADML file points to nothing.
//!
//! ## What it checks
//! `$(string.X)` and `$(presentation.X)` that the ADML does not define, presentation controls
//! whose `refId` is not an element of the policy, and `parentCategory` / `supportedOn`
//! references into the file's own namespace that do not exist. References into `using`
//! namespaces (such as `windows:System`) are not checked: those files may not be loaded.
//!
//! ## Why it matters
//! Management consoles show the raw reference or fail to show the policy, and a presentation
//! control without element is never written.
//!
//! ## Example
//! ```xml
//! <policy name="P" displayName="$(string.P_Missing)" .../>
//! ```
//!
//! ## Fix
//! Define the string in the ADML's `stringTable`, or correct the reference.

pub(crate) const CODE: &str = admx::codes::ADMX_UNRESOLVED_REF;
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Warning;
