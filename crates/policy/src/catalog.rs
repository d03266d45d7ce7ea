//! The Policy CSP catalog: which OMA-URI names which ADMX policy, with the CSP facts (scope,
//! access types, format) the validator checks.
//!
//! Three sources, looked up in this order:
//! 1. built-in Policy CSP areas whose policy names differ from their ADMX names
//!    (`RemoteAssistance/SessionLogging` → `RA_Logging`), complete: an unknown name in them is
//!    an `unknown-policy`;
//! 2. `ADMX_<Name>/<Policy>` → policy `<Policy>` of `<Name>.admx` (file names compared
//!    case-insensitively, with a small alias table), for every ADMX file loaded: built in, or
//!    from `--admx-dir`;
//! 3. areas of ADMX files ingested by the message itself (`ADMXInstall`), added per file with
//!    [`Catalog::with_ingested`].

use foldhash::HashMap;

use admx::{Class, LoadedAdmx, Policy};

use crate::uri::{Scope, Tree};

/// The commands a node accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    /// `Add`.
    pub add: bool,
    /// `Delete`.
    pub delete: bool,
    /// `Get`.
    pub get: bool,
    /// `Replace`.
    pub replace: bool,
    /// `Exec`.
    pub exec: bool,
}

impl Access {
    /// Add, Delete, Get, Replace: every Policy/Config policy node.
    pub const CONFIG: Access = Access {
        add: true,
        delete: true,
        get: true,
        replace: true,
        exec: false,
    };
    /// Get only: every Policy/Result node.
    pub const RESULT: Access = Access {
        add: false,
        delete: false,
        get: true,
        replace: false,
        exec: false,
    };

    /// The access types of a Policy CSP tree.
    pub const fn of(tree: Tree) -> Access {
        match tree {
            Tree::Config => Access::CONFIG,
            Tree::Result => Access::RESULT,
        }
    }

    /// The names of the allowed commands, for messages.
    pub fn names(&self) -> Vec<&'static str> {
        [
            (self.add, "Add"),
            (self.delete, "Delete"),
            (self.get, "Get"),
            (self.replace, "Replace"),
            (self.exec, "Exec"),
        ]
        .into_iter()
        .filter_map(|(on, n)| on.then_some(n))
        .collect()
    }
}

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

/// A policy of a built-in Policy CSP area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CspPolicy {
    /// The Policy CSP name (`SessionLogging`).
    pub name: &'static str,
    /// The ADMX policy (`RA_Logging`).
    pub admx_policy: &'static str,
    /// The scopes of the CSP node.
    pub scopes: Scopes,
}

/// A built-in Policy CSP area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CspArea {
    /// The area name (`RemoteAssistance`).
    pub name: &'static str,
    /// The ADMX file stem its policies come from.
    pub admx_file: &'static str,
    /// Its policies; the list is complete.
    pub policies: &'static [CspPolicy],
}

const DEVICE_ONLY: Scopes = Scopes {
    device: true,
    user: false,
};

/// The built-in Policy CSP areas.
pub const CSP_AREAS: &[CspArea] = &[
    CspArea {
        name: "RemoteAssistance",
        admx_file: "RemoteAssistance",
        policies: &[
            CspPolicy {
                name: "CustomizeWarningMessages",
                admx_policy: "RA_Options",
                scopes: DEVICE_ONLY,
            },
            CspPolicy {
                name: "SessionLogging",
                admx_policy: "RA_Logging",
                scopes: DEVICE_ONLY,
            },
            CspPolicy {
                name: "SolicitedRemoteAssistance",
                admx_policy: "RA_Solicit",
                scopes: DEVICE_ONLY,
            },
            CspPolicy {
                name: "UnsolicitedRemoteAssistance",
                admx_policy: "RA_Unsolicit",
                scopes: DEVICE_ONLY,
            },
        ],
    },
    CspArea {
        name: "ADMX_RemoteAssistance",
        admx_file: "RemoteAssistance",
        policies: &[
            CspPolicy {
                name: "RA_EncryptedTicketOnly",
                admx_policy: "RA_EncryptedTicketOnly",
                scopes: DEVICE_ONLY,
            },
            CspPolicy {
                name: "RA_Optimize_Bandwidth",
                admx_policy: "RA_Optimize_Bandwidth",
                scopes: DEVICE_ONLY,
            },
        ],
    },
];

/// `ADMX_<Area>` areas named unlike their ADMX file.
pub const AREA_ALIASES: &[(&str, &str)] = &[("MicrosoftDefenderAntivirus", "WindowsDefender")];

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

/// The catalog: ADMX definitions and the areas that address them.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    files: Vec<LoadedAdmx>,
    /// Lower-case file stem → index into `files`; later files win.
    by_stem: HashMap<String, usize>,
    areas: HashMap<String, Area>,
    /// `(group, policy)` → the `area/policy` path where the policy really lives, to name it
    /// when it is asked for elsewhere. The group is an ADMX file stem for built-in CSP areas
    /// (`RemoteAssistance`, `RA_Logging` → `RemoteAssistance/SessionLogging`) and `App~Type`
    /// for ingested ADMX (`Contoso~Policy`, `P` → `Contoso~Policy~App~Sec/P`).
    paths: HashMap<(String, String), String>,
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
        for area in CSP_AREAS {
            let Some(&fi) = c.by_stem.get(&area.admx_file.to_ascii_lowercase()) else {
                continue;
            };
            let Some(file) = c.files.get(fi) else {
                continue;
            };
            let mut a = Area {
                policies: HashMap::default(),
                names: Vec::new(),
            };
            for p in area.policies {
                if let Some(pi) = file
                    .admx
                    .policies
                    .iter()
                    .position(|x| x.name == p.admx_policy)
                {
                    a.policies.insert(p.name.to_string(), (fi, pi, p.scopes));
                    a.names.push(p.name.to_string());
                    c.paths.insert(
                        (area.admx_file.to_string(), p.admx_policy.to_string()),
                        format!("{}/{}", area.name, p.name),
                    );
                }
            }
            a.names.sort();
            c.areas.insert(area.name.to_string(), a);
        }
        c
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

    /// Resolves `area` / `policy` of a Policy CSP LocURI.
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
                    elsewhere: CSP_AREAS
                        .iter()
                        .find(|a| a.name == area)
                        .and_then(|a| self.elsewhere(a.admx_file, policy)),
                },
            };
        }
        if let Some(name) = area.strip_prefix("ADMX_") {
            let stem = AREA_ALIASES
                .iter()
                .find(|(a, _)| *a == name)
                .map_or(name, |(_, f)| *f);
            if let Some(file) = self.file(stem) {
                return match file.admx.policy(policy) {
                    Some(p) => Lookup::Policy(Resolved {
                        policy: p,
                        file,
                        scopes: Scopes::of_class(p.class),
                    }),
                    None => Lookup::UnknownPolicy {
                        candidates: file.admx.policies.iter().map(|p| p.name.as_str()).collect(),
                        elsewhere: None,
                    },
                };
            }
            return Lookup::NotInCatalog { admx_backed: true };
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
    fn resolves_builtin_areas_and_admx_areas() {
        let c = Catalog::builtin();
        let Lookup::Policy(r) = c.lookup("RemoteAssistance", "SessionLogging") else {
            panic!("known")
        };
        assert_eq!(r.policy.name, "RA_Logging");
        let Lookup::Policy(r) = c.lookup("ADMX_RemoteAssistance", "RA_Optimize_Bandwidth") else {
            panic!("known")
        };
        assert_eq!(r.policy.elements.len(), 1);
        let Lookup::UnknownPolicy { elsewhere, .. } =
            c.lookup("ADMX_RemoteAssistance", "RA_Logging")
        else {
            panic!("unknown")
        };
        assert_eq!(elsewhere, Some("RemoteAssistance/SessionLogging"));
        assert!(matches!(
            c.lookup("ADMX_Foo", "X"),
            Lookup::NotInCatalog { admx_backed: true }
        ));
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
            c.lookup("Camera", "AllowCamera"),
            Lookup::NotInCatalog { admx_backed: false }
        ));
    }
}
