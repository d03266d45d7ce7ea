//! The node tree and its lookups.
//!
//! Matching follows what devices do: the scope (`./Device`, `./User`, none = device) and
//! `Vendor/MSFT` match case-insensitively, every other segment exactly. A dynamic node
//! (`{ProviderID}`) takes any instance name, except under `Policy/Config` and
//! `Policy/Result`, whose areas and policies are all listed: there an instance name is only
//! an area of ingested ADMX (`App~Policy~Category`). `Policy/Result/<Area>/<Policy>` is the
//! read-only mirror of `Policy/Config/<Area>/<Policy>`.

use std::sync::{Arc, OnceLock};

use crate::model::*;
use crate::table;

/// The scope of a LocURI: the catalog's two trees.
pub type Scope = Tree;

#[derive(Clone, Debug)]
struct Node {
    seg: Seg,
    tree: Tree,
    parent: Option<u32>,
    /// Fixed children, sorted by name.
    children: Vec<(Box<str>, u32)>,
    dynamic: Option<u32>,
    /// A dynamic child that takes only ingested-area names (`~`).
    closed: bool,
    /// Children are looked up under this node instead (Policy/Result → Policy/Config).
    mirror: Option<u32>,
    facts: Facts,
}

/// The catalog of CSP nodes.
#[derive(Clone, Debug)]
pub struct Catalog {
    nodes: Vec<Node>,
}

/// A node of the catalog.
#[derive(Clone, Copy, Debug)]
pub struct NodeRef<'c> {
    catalog: &'c Catalog,
    index: u32,
    /// Reached through `Policy/Result`: read-only.
    pub via_result: bool,
}

/// What a LocURI's segments resolve to.
#[derive(Clone, Copy, Debug)]
pub enum Resolution<'c> {
    /// The node.
    Found(NodeRef<'c>),
    /// Segment `at` (0-based) is not a child of `parent`.
    Missing {
        /// The last node that exists.
        parent: NodeRef<'c>,
        /// The index of the first segment that does not.
        at: usize,
    },
}

/// The built-in table, generated from the DDF drop named in `data/`.
const BUILTIN: &str = include_str!("../data/ddf.tsv");

/// The Windows build of the built-in table's DDF drop.
pub const BUILTIN_DROP: &str = "2026-01 (Windows 11 25H2, build 26200)";

impl Catalog {
    /// The built-in catalog, read once.
    pub fn builtin() -> &'static Catalog {
        Catalog::builtin_arc()
    }

    /// The built-in catalog, shared.
    pub fn shared() -> Arc<Catalog> {
        Arc::clone(Catalog::builtin_arc())
    }

    fn builtin_arc() -> &'static Arc<Catalog> {
        static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
        CATALOG.get_or_init(|| {
            // the table is generated and tested: a failure here is a build defect, and an empty
            // catalog (everything `not-in-catalog`) is the safe way to survive it
            Arc::new(Catalog::new(table::read(BUILTIN).unwrap_or_default()))
        })
    }

    /// A catalog of `defs` (any order; a node defined twice keeps its first definition;
    /// missing ancestors are made as interior nodes).
    pub fn new(defs: Vec<NodeDef>) -> Catalog {
        let mut c = Catalog {
            nodes: [Tree::Device, Tree::User]
                .into_iter()
                .map(|tree| Node {
                    seg: Seg::Named(String::new()),
                    tree,
                    parent: None,
                    children: Vec::new(),
                    dynamic: None,
                    closed: false,
                    mirror: None,
                    facts: Facts::default(),
                })
                .collect(),
        };
        let mut defined = vec![true, true];
        for def in defs {
            let mut at = u32::from(def.tree == Tree::User);
            for seg in &def.path {
                at = c.child_or_new(at, seg, def.tree, &mut defined);
            }
            if let Some(slot) = defined.get_mut(at as usize) {
                if !*slot {
                    *slot = true;
                    if let Some(n) = c.nodes.get_mut(at as usize) {
                        n.facts = def.facts;
                    }
                }
            }
        }
        for n in &mut c.nodes {
            n.children.sort();
        }
        for tree in [Tree::Device, Tree::User] {
            let root = u32::from(tree == Tree::User);
            let config = c.walk_names(root, &["Vendor", "MSFT", "Policy", "Config"]);
            let result = c.walk_names(root, &["Vendor", "MSFT", "Policy", "Result"]);
            for n in [config, result].into_iter().flatten() {
                if let Some(node) = c.nodes.get_mut(n as usize) {
                    node.closed = true;
                }
            }
            if let (Some(config), Some(result)) = (config, result) {
                if let Some(node) = c.nodes.get_mut(result as usize) {
                    node.mirror = Some(config);
                }
            }
        }
        c
    }

    fn child_or_new(&mut self, at: u32, seg: &Seg, tree: Tree, defined: &mut Vec<bool>) -> u32 {
        let existing = self.nodes.get(at as usize).and_then(|n| match seg {
            Seg::Named(name) => n
                .children
                .iter()
                .find(|(c, _)| **c == **name)
                .map(|(_, i)| *i),
            Seg::Dynamic(_) => n.dynamic,
        });
        if let Some(i) = existing {
            return i;
        }
        let index = self.nodes.len() as u32;
        self.nodes.push(Node {
            seg: seg.clone(),
            tree,
            parent: Some(at),
            children: Vec::new(),
            dynamic: None,
            closed: false,
            mirror: None,
            facts: Facts {
                access: Access(Access::GET),
                ..Facts::default()
            },
        });
        defined.push(false);
        if let Some(parent) = self.nodes.get_mut(at as usize) {
            match seg {
                Seg::Named(name) => parent.children.push((name.as_str().into(), index)),
                Seg::Dynamic(_) => parent.dynamic = Some(index),
            }
        }
        index
    }

    fn walk_names(&self, mut at: u32, names: &[&str]) -> Option<u32> {
        for name in names {
            at = self.fixed_child(at, name)?;
        }
        Some(at)
    }

    fn fixed_child(&self, at: u32, name: &str) -> Option<u32> {
        let n = self.nodes.get(at as usize)?;
        n.children
            .binary_search_by(|(c, _)| (**c).cmp(name))
            .ok()
            .and_then(|i| n.children.get(i))
            .map(|(_, i)| *i)
    }

    /// The number of nodes (both trees, interior nodes included).
    pub fn len(&self) -> usize {
        self.nodes.len().saturating_sub(2)
    }

    /// Whether the catalog is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every node but the two roots.
    pub fn nodes(&self) -> impl Iterator<Item = NodeRef<'_>> {
        (2..self.nodes.len() as u32).map(move |index| NodeRef {
            catalog: self,
            index,
            via_result: false,
        })
    }

    /// The root of `tree`.
    pub fn root(&self, tree: Tree) -> NodeRef<'_> {
        NodeRef {
            catalog: self,
            index: u32::from(tree == Tree::User),
            via_result: false,
        }
    }

    /// Resolves the segments of a LocURI after its scope (`Vendor`, `MSFT`, `Policy`, ...).
    /// The first two segments match case-insensitively when they are `Vendor/MSFT`. Allocates
    /// nothing.
    pub fn resolve<'c, 's>(
        &'c self,
        tree: Tree,
        segments: impl IntoIterator<Item = &'s str>,
    ) -> Resolution<'c> {
        let mut at = self.root(tree);
        for (i, seg) in segments.into_iter().enumerate() {
            let here = at.node();
            let lookup_at = here.and_then(|n| n.mirror).unwrap_or(at.index);
            let fixed = self.fixed_child(lookup_at, seg).or_else(|| {
                // `Vendor/MSFT` in any case
                let canonical = match i {
                    0 if seg.eq_ignore_ascii_case("Vendor") => "Vendor",
                    1 if seg.eq_ignore_ascii_case("MSFT") => "MSFT",
                    _ => return None,
                };
                self.fixed_child(lookup_at, canonical)
            });
            let next = fixed.or_else(|| {
                let n = self.nodes.get(lookup_at as usize)?;
                let dynamic = n.dynamic?;
                (!n.closed || seg.contains('~')).then_some(dynamic)
            });
            match next {
                Some(index) => {
                    at = NodeRef {
                        catalog: self,
                        index,
                        via_result: at.via_result || here.is_some_and(|n| n.mirror.is_some()),
                    }
                }
                None => return Resolution::Missing { parent: at, at: i },
            }
        }
        Resolution::Found(at)
    }

    /// The `Area/Policy` paths of the Policy CSP nodes that the DDF maps to ADMX policy
    /// `policy` of file `stem` (case-insensitive), for naming where a policy really lives.
    pub fn admx_paths(&self, stem: &str, policy: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .nodes()
            .filter(|n| {
                n.facts()
                    .admx()
                    .is_some_and(|a| a.policy == policy && a.stem().eq_ignore_ascii_case(stem))
            })
            .filter_map(|n| {
                let area = n.parent()?;
                Some(format!("{}/{}", area.name(), n.name()))
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

impl<'c> NodeRef<'c> {
    fn node(&self) -> Option<&'c Node> {
        self.catalog.nodes.get(self.index as usize)
    }

    /// The node's facts.
    pub fn facts(&self) -> &'c Facts {
        static NONE: OnceLock<Facts> = OnceLock::new();
        self.node()
            .map_or_else(|| NONE.get_or_init(Facts::default), |n| &n.facts)
    }

    /// The tree it is in.
    pub fn tree(&self) -> Tree {
        self.node().map_or(Tree::Device, |n| n.tree)
    }

    /// Whether it is a tree's root.
    pub fn is_root(&self) -> bool {
        self.index < 2
    }

    /// Its name; `{Title}` for a dynamic node.
    pub fn name(&self) -> String {
        self.node().map_or(String::new(), |n| n.seg.display())
    }

    /// Whether it takes any instance name.
    pub fn is_dynamic(&self) -> bool {
        self.node()
            .is_some_and(|n| matches!(n.seg, Seg::Dynamic(_)))
    }

    /// The parent, `None` for a root.
    pub fn parent(&self) -> Option<NodeRef<'c>> {
        let parent = self.node()?.parent?;
        Some(NodeRef {
            catalog: self.catalog,
            index: parent,
            via_result: false,
        })
    }

    /// The names of its fixed children (of the mirrored node for `Policy/Result`), sorted.
    pub fn child_names(&self) -> impl Iterator<Item = &'c str> {
        let at = self.node().and_then(|n| n.mirror).unwrap_or(self.index);
        self.catalog
            .nodes
            .get(at as usize)
            .into_iter()
            .flat_map(|n| n.children.iter().map(|(c, _)| &**c))
    }

    /// Its children (of the mirrored node for `Policy/Result`): fixed ones by name, then the
    /// dynamic one.
    pub fn children(&self) -> impl Iterator<Item = NodeRef<'c>> + 'c {
        let catalog = self.catalog;
        let at = self.node().and_then(|n| n.mirror).unwrap_or(self.index);
        catalog
            .nodes
            .get(at as usize)
            .into_iter()
            .flat_map(move |n| {
                n.children
                    .iter()
                    .map(|(_, i)| *i)
                    .chain(n.dynamic)
                    .map(move |index| NodeRef {
                        catalog,
                        index,
                        via_result: false,
                    })
            })
    }

    /// Whether it has children (fixed or dynamic).
    pub fn has_children(&self) -> bool {
        let at = self.node().and_then(|n| n.mirror).unwrap_or(self.index);
        self.catalog
            .nodes
            .get(at as usize)
            .is_some_and(|n| !n.children.is_empty() || n.dynamic.is_some())
    }

    /// Its segments below the tree's root.
    pub fn segments(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = Some(*self);
        while let Some(n) = at.filter(|n| !n.is_root()) {
            out.push(n.name());
            at = n.parent();
        }
        out.reverse();
        out
    }

    /// Its LocURI: `./Device/Vendor/MSFT/...` or `./User/...`.
    pub fn loc_uri(&self) -> String {
        let scope = match self.tree() {
            Tree::Device => "./Device",
            Tree::User => "./User",
        };
        let mut s = scope.to_string();
        for seg in self.segments() {
            s.push('/');
            s.push_str(&seg);
        }
        s
    }

    /// Whether it is `Vendor/MSFT/Policy/Config/<Area>/<Policy>` (or `Result`), and so an
    /// area's policy.
    pub fn is_policy(&self) -> bool {
        let segs = self.segments();
        segs.len() == 6
            && segs.get(2).is_some_and(|s| s == "Policy")
            && segs.get(3).is_some_and(|s| s == "Config" || s == "Result")
    }

    /// Whether it is in the Policy CSP's `Config` or `Result` tree (an area or below).
    pub fn in_policy_tree(&self) -> bool {
        let segs = self.segments();
        segs.len() >= 4
            && segs.get(2).is_some_and(|s| s == "Policy")
            && segs.get(3).is_some_and(|s| s == "Config" || s == "Result")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(tree: Tree, path: &str, format: Format) -> NodeDef {
        NodeDef {
            tree,
            path: path
                .split('/')
                .map(
                    |s| match s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
                        Some(t) => Seg::Dynamic(t.into()),
                        None => Seg::Named(s.into()),
                    },
                )
                .collect(),
            facts: Facts {
                format,
                ..Facts::default()
            },
        }
    }

    fn small() -> Catalog {
        Catalog::new(vec![
            def(
                Tree::Device,
                "Vendor/MSFT/Policy/Config/{AreaName}",
                Format::Node,
            ),
            def(
                Tree::Device,
                "Vendor/MSFT/Policy/Result/{AreaName}",
                Format::Node,
            ),
            def(
                Tree::Device,
                "Vendor/MSFT/Policy/Config/Update/ActiveHoursStart",
                Format::Int,
            ),
            def(
                Tree::Device,
                "Vendor/MSFT/DMClient/Provider/{ProviderID}/EntDMID",
                Format::Chr,
            ),
        ])
    }

    #[test]
    fn fixed_dynamic_closed_and_mirrored() {
        let c = small();
        let found = |uri: &str| match c.resolve(Tree::Device, uri.split('/')) {
            Resolution::Found(n) => Some((n.loc_uri(), n.via_result)),
            Resolution::Missing { .. } => None,
        };
        assert_eq!(
            found("vendor/msft/Policy/Config/Update/ActiveHoursStart"),
            Some((
                "./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart".into(),
                false
            ))
        );
        assert_eq!(
            found("Vendor/MSFT/Policy/Result/Update/ActiveHoursStart"),
            Some((
                "./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart".into(),
                true
            ))
        );
        assert!(found("Vendor/MSFT/Policy/Config/update/ActiveHoursStart").is_none());
        assert!(found("Vendor/MSFT/Policy/Config/Nope").is_none());
        assert!(found("Vendor/MSFT/Policy/Config/App~Policy~Cat").is_some());
        assert!(found("Vendor/MSFT/DMClient/Provider/MS DM Server/EntDMID").is_some());
        let Resolution::Missing { parent, at } = c.resolve(
            Tree::Device,
            "Vendor/MSFT/Policy/Config/Update/ActiveHourStart".split('/'),
        ) else {
            panic!("missing")
        };
        assert_eq!(at, 5);
        assert_eq!(
            parent.child_names().collect::<Vec<_>>(),
            ["ActiveHoursStart"]
        );
        assert!(matches!(
            c.resolve(Tree::User, "Vendor/MSFT/Policy".split('/')),
            Resolution::Missing { at: 0, .. }
        ));
    }
}
