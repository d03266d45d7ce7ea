//! The catalog the rules consult: the CSP nodes (every node of Microsoft's DDF files, from the
//! `csp` crate), the ADMX definitions behind ADMX-backed nodes (built in, or `--admx-dir`), and
//! the areas of ADMX files ingested by the message itself (`ADMXInstall`), added per file with
//! [`Catalog::with_ingested`].

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

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
    /// CSP policy name → (ingested file index, policy index, scopes).
    policies: HashMap<String, (usize, usize, Scopes)>,
    /// The policy names, sorted, for did-you-mean.
    names: Vec<String>,
}

/// Where an ADMX file comes from; it is read when a check first needs it.
#[derive(Debug)]
enum Source {
    /// The compiled inbox table.
    Builtin(&'static str),
    /// A file of an `--admx-dir` folder, with the ADML language.
    Disk(PathBuf, String),
    /// Already read.
    Ready(Box<LoadedAdmx>),
}

/// One ADMX file of the catalog.
#[derive(Debug)]
struct Slot {
    source: Source,
    loaded: OnceLock<Result<LoadedAdmx, String>>,
}

impl Slot {
    fn get(&self) -> Option<&LoadedAdmx> {
        if let Source::Ready(f) = &self.source {
            return Some(f);
        }
        self.loaded
            .get_or_init(|| match &self.source {
                Source::Builtin(stem) => {
                    admx::builtin::load(stem).ok_or_else(|| format!("no built-in `{stem}`"))
                }
                Source::Disk(path, lang) => {
                    admx::fs::load_file(path, lang).map_err(|e| e.to_string())
                }
                Source::Ready(_) => Err(String::new()),
            })
            .as_ref()
            .ok()
    }
}

/// The ADMX files the catalog can read, by lower-case stem.
#[derive(Debug, Default)]
struct AdmxFiles {
    slots: Vec<Slot>,
    by_stem: HashMap<String, usize>,
}

impl AdmxFiles {
    fn add(&mut self, stem: &str, source: Source) {
        let i = self.slots.len();
        self.slots.push(Slot {
            source,
            loaded: OnceLock::new(),
        });
        // a later file of the same name replaces an earlier one
        self.by_stem.insert(stem.to_ascii_lowercase(), i);
    }
}

/// The catalog: CSP nodes, ADMX definitions and the ingested areas that address them.
#[derive(Clone, Debug)]
pub struct Catalog {
    csp: Arc<csp::Catalog>,
    admx: Arc<AdmxFiles>,
    /// ADMX files ingested by the message.
    ingested: Vec<LoadedAdmx>,
    areas: HashMap<String, Area>,
    /// `(App~Type, policy)` → the `area/policy` path where an ingested policy really lives, to
    /// name it when it is asked for elsewhere (`Contoso~Policy`, `P` →
    /// `Contoso~Policy~App~Sec/P`).
    paths: HashMap<(String, String), String>,
    /// The ADMX policy of each CSP node that is ADMX-backed, as (file slot, policy index),
    /// resolved when first asked for: one slot per node of `csp`, made on first use.
    admx_of: Arc<OnceLock<Box<[AdmxOf]>>>,
}

/// Where a CSP node's ADMX policy stands (see `Catalog::admx_of`), once resolved.
type AdmxOf = OnceLock<Option<(u32, u32)>>;

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            csp: csp::Catalog::shared(),
            admx: Arc::default(),
            ingested: Vec::new(),
            areas: HashMap::default(),
            paths: HashMap::default(),
            admx_of: Arc::default(),
        }
    }
}

impl Catalog {
    /// The catalog of the built-in definitions: every CSP node, every inbox ADMX file.
    pub fn builtin() -> Catalog {
        Catalog::with_files(Vec::new())
    }

    /// The built-in definitions, then `extra` (already read): a file replaces a built-in one
    /// with the same target namespace or the same file name.
    pub fn with_files(extra: Vec<LoadedAdmx>) -> Catalog {
        let mut files = AdmxFiles::default();
        let namespaces: Vec<Option<&str>> = extra.iter().map(|f| f.namespace()).collect();
        for (stem, section) in admx::builtin::index() {
            // the F line names the namespace: a file of `extra` with it replaces this one
            let ns = section.lines().next().and_then(|l| l.split('\t').nth(3));
            if ns.is_some_and(|ns| namespaces.contains(&Some(ns))) {
                continue;
            }
            files.add(stem, Source::Builtin(stem));
        }
        for f in extra {
            let stem = f.stem.clone();
            files.add(&stem, Source::Ready(Box::new(f)));
        }
        Catalog {
            admx: Arc::new(files),
            ..Catalog::default()
        }
    }

    /// The built-in definitions, and the `*.admx` files of `dirs` (with their ADML in
    /// `lang`), which replace built-in files of the same name. Only the folders are listed
    /// here: a file is read when a check first needs it (see [`Catalog::load_errors`]).
    pub fn with_admx_dirs(dirs: &[PathBuf], lang: &str) -> Result<Catalog, String> {
        let mut c = Catalog::builtin();
        let files = Arc::get_mut(&mut c.admx).ok_or("the catalog is shared")?;
        for dir in dirs {
            let paths = admx::fs::admx_files(dir)
                .map_err(|e| format!("`--admx-dir {}`: {e}", dir.display()))?;
            for path in paths {
                let stem = admx::file_stem(&path.to_string_lossy()).to_string();
                files.add(&stem, Source::Disk(path, lang.to_string()));
            }
        }
        Ok(c)
    }

    /// The files of `--admx-dir` folders that could not be read, so far.
    pub fn load_errors(&self) -> Vec<String> {
        self.admx
            .slots
            .iter()
            .filter_map(|s| s.loaded.get()?.as_ref().err().cloned())
            .collect()
    }

    /// The same ADMX definitions over another CSP catalog (`--ddf-dir`).
    pub fn with_csp(mut self, csp: Arc<csp::Catalog>) -> Catalog {
        self.csp = csp;
        // resolved against other nodes
        self.admx_of = Arc::default();
        self
    }

    /// The CSP nodes.
    pub fn csp(&self) -> &csp::Catalog {
        &self.csp
    }

    /// The ADMX policy `name` of the file with stem `stem` (case-insensitive), with its file.
    pub fn admx_policy(&self, stem: &str, name: &str) -> Option<(&LoadedAdmx, &Policy)> {
        self.at(self.locate(stem, name)?)
    }

    /// The ADMX policy that `node` is backed by (the DDF's `MSFT:AdmxBacked`), with its file:
    /// [`Catalog::admx_policy`], found once for each node of a message's many items.
    pub fn admx_policy_of(&self, node: csp::NodeRef<'_>) -> Option<(&LoadedAdmx, &Policy)> {
        let admx = node.facts().admx()?;
        let locate = || self.locate(admx.stem(), &admx.policy);
        let slots = self
            .admx_of
            .get_or_init(|| (0..self.csp.len()).map(|_| OnceLock::new()).collect());
        let place = match self.csp.index_of(node).and_then(|i| slots.get(i)) {
            Some(slot) => *slot.get_or_init(locate),
            None => locate(),
        };
        self.at(place?)
    }

    /// The file and policy that [`Catalog::locate`] found.
    fn at(&self, (file, policy): (u32, u32)) -> Option<(&LoadedAdmx, &Policy)> {
        let file = self.admx.slots.get(file as usize)?.get()?;
        Some((file, file.admx.policies.get(policy as usize)?))
    }

    /// Where policy `name` of the file with stem `stem` stands: the file's slot and the
    /// policy's index in it.
    fn locate(&self, stem: &str, name: &str) -> Option<(u32, u32)> {
        let slot = self.slot(stem)?;
        let file = self.admx.slots.get(slot)?.get()?;
        let policy = file.admx.policies.iter().position(|p| p.name == name)?;
        Some((u32::try_from(slot).ok()?, u32::try_from(policy).ok()?))
    }

    /// The stems of the ADMX files the catalog can read.
    pub fn stems(&self) -> impl Iterator<Item = &str> {
        self.admx.by_stem.keys().map(String::as_str)
    }

    /// The slot of the ADMX file with stem `stem` (case-insensitive), whose file is read when
    /// first asked for.
    fn slot(&self, stem: &str) -> Option<usize> {
        // a stem in lower case (as the DDF mostly writes them) is looked up without a copy
        let index = if stem.bytes().any(|b| b.is_ascii_uppercase()) {
            self.admx.by_stem.get(&stem.to_ascii_lowercase())
        } else {
            self.admx.by_stem.get(stem)
        };
        index.copied()
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
            let fi = c.ingested.len();
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
            c.ingested.push(file);
        }
        c
    }

    /// Resolves `area` / `policy` of a LocURI into an area of ingested ADMX
    /// (`App~Policy~Category`).
    pub fn lookup<'c>(&'c self, area: &str, policy: &str) -> Lookup<'c> {
        if let Some(a) = self.areas.get(area) {
            return match a.policies.get(policy).and_then(|&(fi, pi, scopes)| {
                let file = self.ingested.get(fi)?;
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

    #[test]
    fn each_node_resolves_to_the_policy_its_facts_name() {
        let c = Catalog::builtin();
        let mut backed = 0;
        // twice: the second time from what the first resolved
        for _ in 0..2 {
            for node in c.csp().nodes() {
                let Some(admx) = node.facts().admx() else {
                    assert!(c.admx_policy_of(node).is_none());
                    continue;
                };
                backed += 1;
                let of = c
                    .admx_policy_of(node)
                    .map(|(f, p)| (f.stem.as_str(), &p.name));
                let named = c
                    .admx_policy(admx.stem(), &admx.policy)
                    .map(|(f, p)| (f.stem.as_str(), &p.name));
                assert_eq!(of, named, "{}", node.name());
            }
        }
        assert!(backed > 2 * 2_000, "{backed}");
        // a node of another catalog is looked up by its facts, not by its place
        let other = Catalog::builtin().with_csp(Arc::new(csp::Catalog::new(Vec::new())));
        let node = c
            .csp()
            .nodes()
            .find(|n| n.facts().admx().is_some())
            .unwrap();
        let admx = node.facts().admx().unwrap();
        let name = |r: Option<(&LoadedAdmx, &Policy)>| r.map(|(_, p)| p.name.clone());
        assert!(name(other.admx_policy_of(node)).is_some());
        assert_eq!(
            name(other.admx_policy_of(node)),
            name(c.admx_policy(admx.stem(), &admx.policy))
        );
    }
}
