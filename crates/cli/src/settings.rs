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
//!
//! [[overrides]]                        # later overrides win
//! paths = ["legacy/**"]                # globs, relative to the file
//! rules = { not-in-catalog = "off" }
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
    /// Rule levels for some paths.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// The folder of the file, which the paths of `overrides` are relative to.
    #[serde(skip)]
    pub base: Option<PathBuf>,
}

/// `[[overrides]]`: rule levels for the files that match `paths`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Globs (`legacy/**`, `*.json`): a glob without `/` matches a file name in any folder.
    pub paths: Vec<String>,
    /// Rule levels, as in `[rules]`.
    #[serde(default)]
    pub rules: HashMap<String, String>,
}

/// The overrides of a settings file, compiled.
#[derive(Debug, Default)]
pub struct Overrides {
    base: PathBuf,
    each: Vec<(globset::GlobSet, Vec<(String, policy::RuleLevel)>)>,
}

impl Overrides {
    /// Compiles the overrides of `settings`, checking their globs and rule levels.
    pub fn new(settings: &Settings) -> Result<Overrides, String> {
        let base = absolute(&settings.base.clone().unwrap_or_default());
        let mut each = Vec::new();
        for (n, o) in settings.overrides.iter().enumerate() {
            let mut set = globset::GlobSetBuilder::new();
            for p in &o.paths {
                let pattern = if p.contains('/') {
                    p.trim_start_matches("./").to_string()
                } else {
                    format!("**/{p}")
                };
                let glob = globset::GlobBuilder::new(&pattern)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| format!("`overrides` #{}: `{p}`: {e}", n + 1))?;
                set.add(glob);
            }
            let set = set
                .build()
                .map_err(|e| format!("`overrides` #{}: {e}", n + 1))?;
            let mut rules = Vec::new();
            for (code, level) in &o.rules {
                rules.push((code.clone(), rule_level(code, level)?));
            }
            rules.sort_by(|a, b| a.0.cmp(&b.0));
            let named = policy::Config {
                rules: rules.iter().cloned().collect(),
                ..policy::Config::default()
            };
            named
                .validate()
                .map_err(|e| format!("`overrides` #{}: {e}", n + 1))?;
            each.push((set, rules));
        }
        Ok(Overrides { base, each })
    }

    /// The rule levels that apply to `path`, in order (later ones win); empty when no
    /// override matches.
    pub fn for_path(&self, path: &Path) -> Vec<(String, policy::RuleLevel)> {
        if self.each.is_empty() {
            return Vec::new();
        }
        let absolute = absolute(path);
        let relative = absolute.strip_prefix(&self.base).unwrap_or(path);
        self.each
            .iter()
            .filter(|(set, _)| set.is_match(relative))
            .flat_map(|(_, rules)| rules.iter().cloned())
            .collect()
    }
}

/// `path` made absolute, with `.` and `..` resolved by name (not through links, as the
/// user reads the path).
fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A rule level as written in `[rules]` or an override.
pub fn rule_level(code: &str, level: &str) -> Result<policy::RuleLevel, String> {
    policy::RuleLevel::parse(level)
        .ok_or_else(|| format!("rule `{code}`: `{level}` is not one of off, info, warning, error"))
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
    s.base = Some(base.to_path_buf());
    Ok(s)
}
