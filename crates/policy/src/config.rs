//! What a run checks: rule selection, severity overrides, limits.

use std::collections::HashMap;

use diagnostics::Severity;
use syncml::Limits;

use crate::rules;

/// The level of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    /// Not run.
    Off,
    /// Run, reporting at this severity.
    On(Severity),
}

impl RuleLevel {
    /// Parses `off`, `error`, `warning` (`warn`), `info`.
    pub fn parse(s: &str) -> Option<RuleLevel> {
        match s {
            "off" | "ignore" => Some(RuleLevel::Off),
            _ => Severity::parse(s).map(RuleLevel::On),
        }
    }
}

/// A configuration problem.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// A rule code that does not exist.
    #[error("unknown rule code `{code}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownRule {
        /// The code as written.
        code: String,
        /// The closest known code.
        suggestion: Option<String>,
    },
}

/// Settings of a validation run.
#[derive(Clone, Debug)]
pub struct Config {
    /// Per-rule levels that override the defaults.
    pub rules: HashMap<String, RuleLevel>,
    /// When set, only these rules run.
    pub select: Option<Vec<String>>,
    /// These rules do not run.
    pub ignore: Vec<String>,
    /// Limits of the message parser.
    pub limits: Limits,
    /// Limits of the payload parser (a payload nests far less than a message).
    pub payload_limits: Limits,
    /// At most this many diagnostics per file; the rest are counted in one
    /// `too-many-diagnostics`.
    pub max_diagnostics: usize,
    /// The oldest Windows build the profiles must work on (`--target-build`): nodes that need
    /// a newer one draw `unsupported-os`.
    pub target_build: Option<csp::Build>,
    /// The editions the profiles must work on (`--target-edition`, product types): nodes that
    /// do not apply to one of them draw `unsupported-edition`.
    pub target_editions: Vec<(String, u16)>,
    /// Variables the MDM server substitutes (`*` matches any text): not placeholders.
    pub server_variables: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            rules: HashMap::new(),
            select: None,
            ignore: Vec::new(),
            limits: Limits::default(),
            payload_limits: Limits {
                max_depth: 32,
                ..Limits::default()
            },
            max_diagnostics: 1000,
            target_build: None,
            target_editions: Vec::new(),
            server_variables: Vec::new(),
        }
    }
}

impl Config {
    /// Checks that every rule code named exists.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let named = self
            .rules
            .keys()
            .chain(self.select.iter().flatten())
            .chain(self.ignore.iter());
        for code in named {
            if rules::find(code).is_none() {
                return Err(ConfigError::UnknownRule {
                    code: code.clone(),
                    suggestion: crate::suggest::did_you_mean(
                        code,
                        rules::RULES.iter().map(|r| r.code),
                    )
                    .map(|(c, _)| c.to_string()),
                });
            }
        }
        Ok(())
    }

    /// Whether rule `code` runs.
    pub fn enabled(&self, code: &str) -> bool {
        if let Some(select) = &self.select {
            if !select.iter().any(|s| s == code) {
                return false;
            }
        }
        !self.ignore.iter().any(|s| s == code) && self.rules.get(code) != Some(&RuleLevel::Off)
    }

    /// The severity rule `code` reports at.
    pub fn severity(&self, code: &str, default: Severity) -> Severity {
        match self.rules.get(code) {
            Some(RuleLevel::On(s)) => *s,
            _ => default,
        }
    }
}
