//! The catalog the rules consult: the CSP nodes (every node of Microsoft's DDF files, from the
//! `csp` crate), the ADMX definitions behind ADMX-backed nodes (built in, or `--admx-dir`), and
//! the areas of ADMX files ingested by the message itself (`ADMXInstall`), added per file with
//! [`Catalog::with_ingested`].

use std::sync::Arc;

use foldhash::HashMap;

use admx::{Class, LoadedAdmx, Policy};

use crate::uri::Scope;

/// Which scopes a policy accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scopes {
    /// `./Device` (or no scope).
    pub device: bool,
    /// `./User`.
    pub user: bool,
}

impl Scopes {
    /// The scopes that follow from an ADMX class.
    pub const fn of_class(class: Class) -> Scopes {
        match class {
            Class::Machine => Scopes {
                device: true,
                user: false,
            },
            Class::User => Scopes {
                device: false,
                user: true,
            },
            Class::Both => Scopes {
                device: true,
                user: true,
            },
        }
    }

    /// Whether `scope` is accepted.
    pub const fn allows(&self, scope: Scope) -> bool {
        match scope {
            Scope::Device | Scope::Implicit => self.device,
            Scope::User => self.user,
        }
    }
}

/// What a LocURI's area and policy resolve to.
#[derive(Clone, Debug)]
pub enum Lookup<'c> {
    /// A known policy.
    Policy(Resolved<'c>),
    /// A known area without such a policy; `candidates` are the names it does have.
    UnknownPolicy {
        /// The policy names of the area, for did-you-mean.
        candidates: Vec<&'c str>,
        /// Where a policy of that name lives instead, e.g. the CSP name of an ADMX policy
        /// asked for under the wrong area.
        elsewhere: Option<&'c str>,
    },
    /// An area the catalog does not know; `admx_backed` when it is one by construction
    /// (`ADMX_*`, ingested `App~Policy~...`).
    NotInCatalog {
        /// Whether the area holds only ADMX-backed policies.
        admx_backed: bool,
    },
}

/// A resolved policy.
#[derive(Clone, Copy, Debug)]
pub struct Resolved<'c> {
    /// The ADMX policy.
    pub policy: &'c Policy,
    /// The file it comes from (for display names).
    pub file: &'c LoadedAdmx,
    /// The scopes of the node.
    pub scopes: Scopes,
}

/// A known area.
#[derive(Clone, Debug)]
struct Area {
    /// CSP policy name → (file index, policy index, scopes).
    policies: HashMap<String, (usize, usize, Scopes)>,
    /// The policy names, sorted, for did-you-mean.
    names: Vec<String>,
}

/// The catalog: CSP nodes, ADMX definitions and the ingested areas that address them.
#[derive(Clone, Debug)]
pub struct Catalog {
    csp: Arc<csp::Catalog>,
    files: Vec<LoadedAdmx>,
    /// Lower-case file stem → index into `files`; later files win.
    by_stem: HashMap<String, usize>,
    areas: HashMap<String, Area>,
    /// `(App~Type, policy)` → the `area/policy` path where an ingested policy really lives, to
    /// name it when it is asked for elsewhere (`Contoso~Policy`, `P` →
    /// `Contoso~Policy~App~Sec/P`).
    paths: HashMap<(String, String), String>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            csp: csp::Catalog::shared(),
            files: Vec::new(),
            by_stem: HashMap::default(),
            areas: HashMap::default(),
            paths: HashMap::default(),
        }
    }
}

impl Catalog {
    /// The catalog of the built-in definitions only.
    pub fn builtin() -> Catalog {
        Catalog::new(admx::builtin::definitions())
    }

    /// The built-in definitions, then `extra` (from `--admx-dir`): a loaded file replaces a
    /// built-in one with the same target namespace.
    pub fn with_files(extra: Vec<LoadedAdmx>) -> Catalog {
        let mut files = admx::builtin::definitions();
        for f in extra {
            match files
                .iter()
                .position(|b| b.namespace().is_some() && b.namespace() == f.namespace())
            {
                Some(i) => {
                    if let Some(slot) = files.get_mut(i) {
                        *slot = f;
                    }
                }
                None => files.push(f),
            }
        }
        Catalog::new(files)
    }

    /// A catalog over `files`.
    pub fn new(files: Vec<LoadedAdmx>) -> Catalog {
        let mut c = Catalog {
            files,
            ..Catalog::default()
        };
        for (i, f) in c.files.iter().enumerate() {
            c.by_stem.insert(f.stem.to_ascii_lowercase(), i);
        }
        c
    }

    /// The same ADMX definitions over another CSP catalog (`--ddf-dir`).
    pub fn with_csp(mut self, csp: Arc<csp::Catalog>) -> Catalog {
        self.csp = csp;
        self
    }

    /// The CSP nodes.
    pub fn csp(&self) -> &csp::Catalog {
        &self.csp
    }

    /// The ADMX policy `name` of the file with stem `stem` (case-insensitive), with its file.
    pub fn admx_policy(&self, stem: &str, name: &str) -> Option<(&LoadedAdmx, &Policy)> {
        let file = self.file(stem)?;
        Some((file, file.admx.policy(name)?))
    }

    /// The loaded definitions.
    pub fn files(&self) -> &[LoadedAdmx] {
        &self.files
    }

    /// The ADMX file with stem `stem` (case-insensitive).
    pub fn file(&self, stem: &str) -> Option<&LoadedAdmx> {
        self.by_stem
            .get(&stem.to_ascii_lowercase())
            .and_then(|&i| self.files.get(i))
    }

    /// Whether `area` may be one that ADMX ingestion defines: [`Catalog::with_ingested`] names
    /// them `app~type~category~...`, and no other area holds a `~`.
    pub fn may_be_ingested(area: &str) -> bool {
        area.contains('~')
    }

    /// A copy with the areas of ingested ADMX files: `app` is the ADMXInstall app name,
    /// `setting_type` `Policy` or `Preference`.
    pub fn with_ingested(&self, ingested: Vec<(String, String, LoadedAdmx)>) -> Catalog {
        let mut c = self.clone();
        for (app, setting_type, file) in ingested {
            let fi = c.files.len();
            for (pi, p) in file.admx.policies.iter().enumerate() {
                let mut area = vec![app.clone(), setting_type.clone()];
                if let Some(cat) = &p.parent_category {
                    area.extend(file.admx.category_path(cat).into_iter().map(str::to_string));
                }
                let area = area.join("~");
                c.paths.insert(
                    (format!("{app}~{setting_type}"), p.name.clone()),
                    format!("{area}/{}", p.name),
                );
                let entry = c.areas.entry(area).or_insert_with(|| Area {
                    policies: HashMap::default(),
                    names: Vec::new(),
                });
                entry
                    .policies
                    .insert(p.name.clone(), (fi, pi, Scopes::of_class(p.class)));
                entry.names.push(p.name.clone());
            }
            c.files.push(file);
        }
        c
    }

    /// Resolves `area` / `policy` of a LocURI into an area of ingested ADMX
    /// (`App~Policy~Category`).
    pub fn lookup<'c>(&'c self, area: &str, policy: &str) -> Lookup<'c> {
        if let Some(a) = self.areas.get(area) {
            return match a.policies.get(policy).and_then(|&(fi, pi, scopes)| {
                let file = self.files.get(fi)?;
                Some(Resolved {
                    policy: file.admx.policies.get(pi)?,
                    file,
                    scopes,
                })
            }) {
                Some(r) => Lookup::Policy(r),
                None => Lookup::UnknownPolicy {
                    candidates: a.names.iter().map(String::as_str).collect(),
                    elsewhere: None,
                },
            };
        }
        let mut parts = area.split('~');
        let (app, setting_type) = (parts.next().unwrap_or(""), parts.next());
        let ingested = setting_type.is_some_and(|t| t == "Policy" || t == "Preference");
        if ingested {
            // the app's ADMX was ingested, but the area (its category path) is not the policy's
            let group = format!("{app}~{}", setting_type.unwrap_or(""));
            if let Some(path) = self.elsewhere(&group, policy) {
                return Lookup::UnknownPolicy {
                    candidates: Vec::new(),
                    elsewhere: Some(path),
                };
            }
        }
        Lookup::NotInCatalog {
            admx_backed: ingested,
        }
    }

    /// The `area/policy` path where `policy` of `group` lives (see `paths`).
    fn elsewhere(&self, group: &str, policy: &str) -> Option<&str> {
        self.paths
            .get(&(group.to_string(), policy.to_string()))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_ingested_areas() {
        let c = Catalog::builtin();
        assert!(c.admx_policy("remoteassistance", "RA_Logging").is_some());
        let ingested = c.with_ingested(vec![(
            "Contoso".into(),
            "Policy".into(),
            admx::LoadedAdmx::load(
                "x.admx",
                br#"<policyDefinitions><policyNamespaces><target prefix="c" namespace="C"/></policyNamespaces><categories><category name="App" displayName="$(string.A)"/><category name="Sec" displayName="$(string.S)"><parentCategory ref="App"/></category></categories><policies><policy name="P" class="User" displayName="$(string.P)" key="Software\Contoso"><parentCategory ref="Sec"/></policy></policies></policyDefinitions>"#,
                None,
                None,
            ),
        )]);
        assert!(matches!(
            ingested.lookup("Contoso~Policy~App~Sec", "P"),
            Lookup::Policy(_)
        ));
        let Lookup::UnknownPolicy { elsewhere, .. } = ingested.lookup("Contoso~Policy~Sec", "P")
        else {
            panic!("a wrong category path")
        };
        assert_eq!(elsewhere, Some("Contoso~Policy~App~Sec/P"));
        assert!(matches!(
            c.lookup("Other~Policy~X", "P"),
            Lookup::NotInCatalog { admx_backed: true }
        ));
    }
}
