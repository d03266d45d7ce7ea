//! `syncml-lint.toml`: found upward from the working directory, or given with `--config`.
//!
//! ```toml
//! admx-dirs = ["PolicyDefinitions"]   # relative to the file
//! ddf-dirs = ["ddf/2026-01"]           # instead of the built-in CSP catalog
//! lang = "en-US"
//! max-diagnostics = 1000
//! deny-warnings = false
//!
//! [rules]
//! not-in-catalog = "off"
//! missing-final = "error"
//!
//! [target]
//! min-build = "10.0.19045"
//! editions = ["pro", "enterprise"]
//!
//! [limits]
//! max-depth = 256
//! max-size = 268435456
//! max-attributes = 256
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file name looked up.
pub const FILE_NAME: &str = "syncml-lint.toml";

/// The settings a file may hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// ADMX folders, relative to the settings file.
    #[serde(default)]
    pub admx_dirs: Vec<PathBuf>,
    /// DDF folders, relative to the settings file.
    #[serde(default)]
    pub ddf_dirs: Vec<PathBuf>,
    /// ADML language.
    pub lang: Option<String>,
    /// Diagnostics per file.
    pub max_diagnostics: Option<usize>,
    /// Warnings fail the run.
    pub deny_warnings: Option<bool>,
    /// Rule levels: `off`, `info`, `warning`, `error`.
    #[serde(default)]
    pub rules: HashMap<String, String>,
    /// Parser limits.
    #[serde(default)]
    pub limits: Limits,
    /// Variables the MDM server substitutes (`$MY_VAR_*`, `{{TenantId}}`).
    #[serde(default)]
    pub server_variables: Vec<String>,
    /// The Windows the profiles target.
    #[serde(default)]
    pub target: Target,
}

/// `[target]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Target {
    /// The oldest build (`10.0.19045`).
    pub min_build: Option<String>,
    /// Edition names.
    #[serde(default)]
    pub editions: Vec<String>,
}

/// `[limits]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Limits {
    /// Deepest nesting.
    pub max_depth: Option<usize>,
    /// Largest file in bytes.
    pub max_size: Option<usize>,
    /// Most attributes on an element.
    pub max_attributes: Option<usize>,
}

/// Finds `syncml-lint.toml` in `start` or a parent.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads and parses a settings file; paths in it become relative to its folder.
pub fn load(path: &Path) -> Result<Settings, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let mut s: Settings =
        toml::from_str(&text).map_err(|e| format!("invalid `{}`: {e}", path.display()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    s.admx_dirs = s.admx_dirs.into_iter().map(|d| base.join(d)).collect();
    s.ddf_dirs = s.ddf_dirs.into_iter().map(|d| base.join(d)).collect();
    Ok(s)
}
