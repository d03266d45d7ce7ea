//! ADMX and ADML: loading Group Policy definition files as they exist on Windows machines and in
//! vendor downloads, and the built-in definitions syncml-lint ships.
//!
//! This crate knows nothing of SyncML or Policy CSP. It reads ADMX/ADML bytes in UTF-8, UTF-8
//! with BOM and UTF-16 (LE/BE, with BOM), fills in the schema defaults, and reports problems in
//! the files as [`Diagnostic`]s (`admx-*` rule codes) with spans into the files' bytes: one
//! broken file never stops the others from loading.
//!
//! ```
//! let set = admx::builtin::definitions();
//! let ra = set.iter().find(|f| f.stem == "RemoteAssistance").expect("built in");
//! let policy = ra.admx.policy("RA_Solicit").expect("defined");
//! let expiry = policy.element("RA_Solicit_ExpireValue_Edt").expect("an element");
//! assert!(matches!(expiry.kind, admx::ElementKind::Decimal { min: 1, max: 99, .. }));
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod builtin;
pub mod facts;
pub mod fs;
pub mod load;
pub mod model;

pub use diagnostics::{Diagnostic, Severity, Span};
pub use load::{check_adml, parse_adml, parse_admx, parse_admx_ingested, Loaded};
pub use model::*;

/// The rule codes this crate emits.
pub mod codes {
    /// Not well-formed XML or not in a supported encoding.
    pub const ADMX_SYNTAX: &str = "admx-syntax";
    /// A required attribute is missing.
    pub const ADMX_MISSING_ATTRIBUTE: &str = "admx-missing-attribute";
    /// Two policies with one name, or two elements with one id in a policy.
    pub const ADMX_DUPLICATE_ID: &str = "admx-duplicate-id";
    /// A reference that nothing defines.
    pub const ADMX_UNRESOLVED_REF: &str = "admx-unresolved-ref";
    /// No ADML in the chosen language.
    pub const ADMX_MISSING_ADML: &str = "admx-missing-adml";
}

/// An ADMX file loaded together with its ADML (when there is one).
#[derive(Clone, Debug, Default)]
pub struct LoadedAdmx {
    /// The path as given (or `<built-in>/Name.admx`).
    pub path: String,
    /// The file name without extension (`RemoteAssistance`), which names Policy CSP areas.
    pub stem: String,
    /// What the ADMX defines.
    pub admx: AdmxFile,
    /// Problems in the ADMX file.
    pub diagnostics: Vec<Diagnostic>,
    /// The ADML path, when one was found.
    pub adml_path: Option<String>,
    /// What the ADML defines.
    pub adml: Option<AdmlFile>,
    /// Problems in the ADML file.
    pub adml_diagnostics: Vec<Diagnostic>,
}

impl LoadedAdmx {
    /// Loads an ADMX file carried by an `ADMXInstall` command: no ADML, and display names are
    /// not required (ingestion reads none).
    pub fn load_ingested(path: &str, bytes: &[u8]) -> LoadedAdmx {
        let Loaded { value, diagnostics } = parse_admx_ingested(bytes);
        LoadedAdmx {
            path: path.to_string(),
            stem: file_stem(path).to_string(),
            admx: value,
            diagnostics,
            ..LoadedAdmx::default()
        }
    }

    /// Loads an ADMX file and optionally its ADML: parses both and checks the references
    /// between them. `adml` is `(path, bytes)`; with `expect_adml` a missing ADML is an
    /// `admx-missing-adml` warning.
    pub fn load(
        path: &str,
        bytes: &[u8],
        adml: Option<(&str, &[u8])>,
        expect_adml: Option<&str>,
    ) -> LoadedAdmx {
        let Loaded {
            value: admx,
            mut diagnostics,
        } = parse_admx(bytes);
        let mut out = LoadedAdmx {
            path: path.to_string(),
            stem: file_stem(path).to_string(),
            ..LoadedAdmx::default()
        };
        match adml {
            Some((adml_path, adml_bytes)) => {
                let Loaded {
                    value,
                    diagnostics: mut adml_diags,
                } = parse_adml(adml_bytes);
                let (in_admx, in_adml) = check_adml(&admx, &value);
                diagnostics.extend(in_admx);
                adml_diags.extend(in_adml);
                out.adml_path = Some(adml_path.to_string());
                out.adml = Some(value);
                out.adml_diagnostics = adml_diags;
            }
            None => {
                if let Some(lang) = expect_adml {
                    diagnostics.push(
                        Diagnostic::warning(
                            codes::ADMX_MISSING_ADML,
                            Span::empty(0),
                            format!(
                                "no `{lang}` ADML for `{}`: display names are unavailable",
                                out.stem
                            ),
                        )
                        .with_help(format!(
                            "put `{}.adml` in the folder `{lang}` beside the ADMX file",
                            out.stem
                        )),
                    );
                }
            }
        }
        out.admx = admx;
        out.diagnostics = diagnostics;
        out
    }

    /// The display name of `reference` (`$(string.X)`) through the ADML, if known.
    pub fn display(&self, reference: &str) -> Option<&str> {
        let adml = self.adml.as_ref()?;
        string_ref(reference)
            .and_then(|id| adml.strings.get(id))
            .map(String::as_str)
    }

    /// The target namespace, if declared.
    pub fn namespace(&self) -> Option<&str> {
        self.admx.target.as_ref().map(|t| t.namespace.as_str())
    }
}

/// The file name without directories and extension.
pub fn file_stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rfind('.') {
        Some(dot) if dot > 0 => name.get(..dot).unwrap_or(name),
        _ => name,
    }
}
