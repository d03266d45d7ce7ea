//! The node tree and its lookups.
//!
//! Matching follows what devices do: the scope (`./Device`, `./User`, none = device) and
//! `Vendor/MSFT` match case-insensitively, every other segment exactly. A dynamic node
//! (`{ProviderID}`) takes any instance name, except under `Policy/Config` and
//! `Policy/Result`, whose areas and policies are all listed: there an instance name is only
//! an area of ingested ADMX (`App~Policy~Category`). `Policy/Result/<Area>/<Policy>` is the
//! read-only mirror of `Policy/Config/<Area>/<Policy>`.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use crate::builder::{NodeRec, CLOSED, DYNAMIC, NONE};
use crate::model::*;
use crate::table;

/// The scope of a LocURI: the catalog's two trees.
pub type Scope = Tree;

mod builtin {
    use crate::builder::NodeRec;
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// The catalog of CSP nodes: the table's text and its tree as flat arrays (see
/// [`crate::builder`]); each node's facts are read from its line when first asked for.
#[derive(Debug)]
pub struct Catalog {
    text: Cow<'static, str>,
    nodes: Cow<'static, [NodeRec]>,
    children: Cow<'static, [u32]>,
    facts: Box<[OnceLock<Box<Facts>>]>,
    /// The table's edition lists, read when first needed.
    editions: OnceLock<Vec<(u32, u32)>>,
    /// `(parent, hash of the name)` → fixed child, built when first needed: a lookup is one
    /// probe per segment instead of a binary search of string comparisons.
    index: OnceLock<HashMap<(u32, u64), u32>>,
}

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// The parent node of the last LocURI resolved through [`Catalog::resolve_memo`]: its path's
/// text, and where it stands in the catalog that resolved it.
#[derive(Clone, Debug, Default)]
pub struct ParentMemo {
    tree: Option<Tree>,
    key: String,
    depth: usize,
    /// The parent, which only the catalog that resolved it recalls.
    parent: Option<NodeKey>,
    /// The parent's own parent, whose key is `key` up to this length: the items of a list
    /// under a dynamic node (`FirewallRules/{rule}/Name`) have a parent each, and one
    /// grandparent.
    grand: Option<(usize, NodeKey)>,
}

/// Where the key of a parent's parent ends in the parent's `key` (before the `/` of its last
/// segment; a trailing `/` is not a segment).
fn grand_len(key: &str) -> Option<usize> {
    key.strip_suffix('/').unwrap_or(key).rfind('/')
}

fn name_hash(name: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x5eed).hash_one(name)
}

/// A node of the catalog.
#[derive(Clone, Copy, Debug)]
pub struct NodeRef<'c> {
    catalog: &'c Catalog,
    index: u32,
    /// Reached through `Policy/Result`: read-only.
    pub via_result: bool,
}

/// A node remembered without borrowing its catalog: [`Catalog::recall`] gives it back, in the
/// catalog that made it only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeKey {
    /// The address of the catalog.
    catalog: usize,
    index: u32,
    via_result: bool,
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

/// The built-in table, generated from the DDF drop named in [`BUILTIN_DROP`].
const BUILTIN: &str = include_str!("../data/ddf.tsv");

/// The DDF drop of the built-in table.
pub const BUILTIN_DROP: &str = "2026-01 (Windows 11 25H2, build 26200)";

impl Catalog {
    /// The built-in catalog (its tree is compiled into the binary).
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
            Arc::new(Catalog::with_arrays(
                Cow::Borrowed(BUILTIN),
                Cow::Borrowed(&builtin::NODES[..]),
                Cow::Borrowed(&builtin::CHILDREN[..]),
            ))
        })
    }

    fn with_arrays(
        text: Cow<'static, str>,
        nodes: Cow<'static, [NodeRec]>,
        children: Cow<'static, [u32]>,
    ) -> Catalog {
        let facts = (0..nodes.len()).map(|_| OnceLock::new()).collect();
        Catalog {
            text,
            nodes,
            children,
            facts,
            editions: OnceLock::new(),
            index: OnceLock::new(),
        }
    }

    /// A catalog of a table (see [`table`]) as [`table::write()`] writes it.
    pub fn from_table(text: String) -> Catalog {
        let (nodes, children) = crate::builder::build(&text);
        Catalog::with_arrays(Cow::Owned(text), Cow::Owned(nodes), Cow::Owned(children))
    }

    /// A catalog of `defs` (any order; a node defined twice keeps its first definition;
    /// missing ancestors are made as interior nodes).
    pub fn new(defs: Vec<NodeDef>) -> Catalog {
        Catalog::from_table(table::write(&defs))
    }

    fn rec(&self, index: u32) -> Option<&NodeRec> {
        self.nodes.get(index as usize)
    }

    fn str_of(&self, range: (u32, u32)) -> &str {
        self.text
            .get(range.0 as usize..range.1 as usize)
            .unwrap_or("")
    }

    fn child_indices(&self, index: u32) -> &[u32] {
        self.rec(index)
            .and_then(|n| {
                self.children
                    .get(n.children.0 as usize..n.children.1 as usize)
            })
            .unwrap_or(&[])
    }

    /// Where the children of `index` are looked up (`Policy/Result` → `Policy/Config`).
    fn lookup_at(&self, index: u32) -> u32 {
        self.rec(index)
            .map(|n| n.mirror)
            .filter(|m| *m != NONE)
            .unwrap_or(index)
    }

    fn fixed_child(&self, at: u32, name: &str) -> Option<u32> {
        let index = self.index.get_or_init(|| {
            let mut map = HashMap::default();
            for (parent, n) in self.nodes.iter().enumerate() {
                for &c in self.child_indices(parent as u32) {
                    let child = self.rec(c).map_or("", |r| self.str_of(r.name));
                    // two names of one hash under one parent: the first is indexed, the other is
                    // found by the binary search below
                    map.entry((parent as u32, name_hash(child))).or_insert(c);
                }
                let _ = n;
            }
            map
        });
        if let Some(&c) = index.get(&(at, name_hash(name))) {
            if self.rec(c).is_some_and(|r| self.str_of(r.name) == name) {
                return Some(c);
            }
        }
        let kids = self.child_indices(at);
        kids.binary_search_by(|c| self.rec(*c).map_or("", |n| self.str_of(n.name)).cmp(name))
            .ok()
            .and_then(|i| kids.get(i).copied())
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
        self.resolve_from(self.root(tree), 0, segments)
    }

    /// [`Catalog::resolve`] of `segments`, all but the last of which are the parent path
    /// `key` (the LocURI's text up to its last segment): the parent is taken from `memo` when
    /// the last call resolved the same one. The items of a profile mostly share their area, so
    /// most lookups are one segment. Allocates only when the parent changes.
    pub fn resolve_memo<'c>(
        &'c self,
        memo: &mut ParentMemo,
        tree: Tree,
        key: &str,
        segments: &[&str],
    ) -> Resolution<'c> {
        let Some((last, parents)) = segments.split_last() else {
            return Resolution::Found(self.root(tree));
        };
        let depth = parents.len();
        let same_shape = memo.tree == Some(tree) && memo.depth == depth;
        let kept = memo
            .parent
            .filter(|_| same_shape && memo.key == key)
            .and_then(|k| self.recall(k));
        if let Some(parent) = kept {
            return self.resolve_from(parent, depth, [*last]);
        }
        // the parent's parent, from the memo when only the parent's last segment changed
        let grand = match (parents.split_last(), grand_len(key)) {
            (Some((parent_name, grand_names)), Some(g)) => {
                let kept = memo
                    .grand
                    .filter(|&(len, _)| same_shape && len == g && memo.key.get(..g) == key.get(..g))
                    .and_then(|(_, k)| self.recall(k));
                let found = match kept {
                    Some(node) => Resolution::Found(node),
                    None => self.resolve(tree, grand_names.iter().copied()),
                };
                match found {
                    Resolution::Found(node) => Some((g, node, *parent_name)),
                    missing => return missing,
                }
            }
            _ => None,
        };
        let found = match grand {
            Some((_, node, parent_name)) => self.resolve_from(node, depth - 1, [parent_name]),
            None => self.resolve(tree, parents.iter().copied()),
        };
        let Resolution::Found(parent) = found else {
            return found;
        };
        memo.tree = Some(tree);
        memo.depth = depth;
        memo.parent = Some(parent.key());
        memo.grand = grand.map(|(g, node, _)| (g, node.key()));
        // the key's buffer is reused
        memo.key.clear();
        memo.key.push_str(key);
        self.resolve_from(parent, depth, [*last])
    }

    /// The node that [`NodeRef::key`] remembered, when this catalog made it.
    pub fn recall(&self, key: NodeKey) -> Option<NodeRef<'_>> {
        (key.catalog == std::ptr::from_ref(self) as usize && self.rec(key.index).is_some())
            .then_some(NodeRef {
                catalog: self,
                index: key.index,
                via_result: key.via_result,
            })
    }

    /// Where `node` stands among this catalog's nodes (below [`Catalog::len`], in the order
    /// of [`Catalog::nodes`]), for tables kept beside the catalog; `None` for a node of another
    /// catalog and for the two roots.
    pub fn index_of(&self, node: NodeRef<'_>) -> Option<usize> {
        let place = (node.index as usize).checked_sub(2)?;
        std::ptr::eq(node.catalog, self).then_some(place)
    }

    /// Resolves `segments` below `from`, the node of the first `depth` segments.
    fn resolve_from<'c, 's>(
        &'c self,
        from: NodeRef<'c>,
        depth: usize,
        segments: impl IntoIterator<Item = &'s str>,
    ) -> Resolution<'c> {
        let mut at = from;
        for (i, seg) in segments.into_iter().enumerate() {
            let i = depth + i;
            let lookup_at = self.lookup_at(at.index);
            let mirrored = lookup_at != at.index;
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
                let n = self.rec(lookup_at)?;
                let open = n.flags & CLOSED == 0 || seg.contains('~');
                (n.dynamic != NONE && open).then_some(n.dynamic)
            });
            match next {
                Some(index) => {
                    at = NodeRef {
                        catalog: self,
                        index,
                        via_result: at.via_result || mirrored,
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
            .filter(|n| n.raw().contains(policy))
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
    /// The node, to be recalled later from its catalog ([`Catalog::recall`]).
    pub fn key(self) -> NodeKey {
        NodeKey {
            catalog: std::ptr::from_ref(self.catalog) as usize,
            index: self.index,
            via_result: self.via_result,
        }
    }

    fn rec(&self) -> Option<&'c NodeRec> {
        self.catalog.rec(self.index)
    }

    fn raw(&self) -> &'c str {
        self.rec().map_or("", |n| self.catalog.str_of(n.raw))
    }

    /// The node's facts (an ancestor that no line defines: an interior node that takes
    /// `Get`).
    pub fn facts(&self) -> &'c Facts {
        static NONE_FACTS: OnceLock<Facts> = OnceLock::new();
        let Some(slot) = self.catalog.facts.get(self.index as usize) else {
            return NONE_FACTS.get_or_init(Facts::default);
        };
        slot.get_or_init(|| {
            let raw = self.raw();
            Box::new(if raw.is_empty() {
                Facts {
                    access: Access(Access::GET),
                    ..Facts::default()
                }
            } else {
                let c = self.catalog;
                let ranges = c.editions.get_or_init(|| {
                    let base = c.text.as_ptr() as usize;
                    table::edition_lists(&c.text)
                        .into_iter()
                        .map(|l| {
                            let start = (l.as_ptr() as usize - base) as u32;
                            (start, start + l.len() as u32)
                        })
                        .collect()
                });
                let lists: Vec<&str> = ranges.iter().map(|r| c.str_of(*r)).collect();
                table::parse_facts(raw, &lists).unwrap_or_default()
            })
        })
    }

    /// The tree it is in.
    pub fn tree(&self) -> Tree {
        match self.rec().map_or(0, |n| n.tree) {
            1 => Tree::User,
            _ => Tree::Device,
        }
    }

    /// Whether it is a tree's root.
    pub fn is_root(&self) -> bool {
        self.index < 2
    }

    /// Its name as written in the table; `{Title}` for a dynamic node.
    pub fn name_str(&self) -> &'c str {
        self.rec().map_or("", |n| self.catalog.str_of(n.name))
    }

    /// Its name; `{Title}` for a dynamic node.
    pub fn name(&self) -> String {
        self.name_str().to_string()
    }

    /// Whether it takes any instance name.
    pub fn is_dynamic(&self) -> bool {
        self.rec().is_some_and(|n| n.flags & DYNAMIC != 0)
    }

    /// The parent, `None` for a root.
    pub fn parent(&self) -> Option<NodeRef<'c>> {
        if self.is_root() {
            return None;
        }
        Some(NodeRef {
            catalog: self.catalog,
            index: self.rec()?.parent,
            via_result: false,
        })
    }

    /// The names of its fixed children (of the mirrored node for `Policy/Result`), sorted.
    pub fn child_names(&self) -> impl Iterator<Item = &'c str> + 'c {
        let c = self.catalog;
        c.child_indices(c.lookup_at(self.index))
            .iter()
            .map(move |i| c.rec(*i).map_or("", |n| c.str_of(n.name)))
    }

    /// Its children (of the mirrored node for `Policy/Result`): fixed ones by name, then the
    /// dynamic one.
    pub fn children(&self) -> impl Iterator<Item = NodeRef<'c>> + 'c {
        let c = self.catalog;
        let at = c.lookup_at(self.index);
        let dynamic = c.rec(at).map(|n| n.dynamic).filter(|d| *d != NONE);
        c.child_indices(at)
            .iter()
            .copied()
            .chain(dynamic)
            .map(move |index| NodeRef {
                catalog: c,
                index,
                via_result: false,
            })
    }

    /// Whether it has children (fixed or dynamic).
    pub fn has_children(&self) -> bool {
        let c = self.catalog;
        let at = c.lookup_at(self.index);
        !c.child_indices(at).is_empty() || c.rec(at).is_some_and(|n| n.dynamic != NONE)
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

    #[test]
    fn a_node_is_recalled_by_the_catalog_that_made_it_only() {
        let (a, b) = (small(), small());
        for n in a.nodes() {
            let back = a.recall(n.key()).map(|r| (r.segments(), r.via_result));
            assert_eq!(back, Some((n.segments(), n.via_result)));
            assert!(b.recall(n.key()).is_none());
        }
        let via_result = match a.resolve(
            Tree::Device,
            ["Vendor", "MSFT", "Policy", "Result", "Update"],
        ) {
            Resolution::Found(n) => n,
            Resolution::Missing { .. } => panic!("Policy/Result resolves through Policy/Config"),
        };
        assert!(via_result.via_result);
        assert!(a.recall(via_result.key()).is_some_and(|r| r.via_result));
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

    /// What a resolution names: the node's LocURI and whether it was reached through
    /// `Policy/Result`, or the index of the missing segment and its parent's LocURI.
    fn named(r: Resolution<'_>) -> (String, bool, Option<usize>) {
        match r {
            Resolution::Found(n) => (n.loc_uri(), n.via_result, None),
            Resolution::Missing { parent, at } => (parent.loc_uri(), parent.via_result, Some(at)),
        }
    }

    /// Resolves `path` (segments after the scope) through `memo`, keyed by its text up to the
    /// last segment, as the rules call it.
    fn through_memo<'c>(
        c: &'c Catalog,
        memo: &mut ParentMemo,
        tree: Tree,
        path: &str,
    ) -> Resolution<'c> {
        let segments: Vec<&str> = path.split('/').collect();
        let key = path.rfind('/').map_or("", |i| &path[..i]);
        c.resolve_memo(memo, tree, key, &segments)
    }

    #[test]
    fn the_parent_memo_resolves_every_node_as_a_full_lookup_does() {
        let c = Catalog::shared();
        let mut memo = ParentMemo::default();
        let mut checked = 0;
        for node in c.nodes() {
            let path = node.segments().join("/");
            let tree = if node.loc_uri().starts_with("./User/") {
                Tree::User
            } else {
                Tree::Device
            };
            // each path, its Result mirror and a misspelt last segment, in the catalog's order,
            // so that the memo is hit by siblings and missed by every change of parent
            let mirror = path.replacen("Policy/Config/", "Policy/Result/", 1);
            for p in [path.clone(), mirror, format!("{path}x")] {
                assert_eq!(
                    named(through_memo(&c, &mut memo, tree, &p)),
                    named(c.resolve(tree, p.split('/'))),
                    "{p}"
                );
                checked += 1;
            }
        }
        assert!(checked > 15_000, "{checked} lookups");
    }

    #[test]
    fn the_parent_memo_keeps_a_list_s_grandparent() {
        let c = Catalog::shared();
        let rules = "Vendor/MSFT/Firewall/MdmStore/FirewallRules";
        let mut memo = ParentMemo::default();
        // instances of one list (a parent each, one grandparent), a missing node below one,
        // deeper and shallower paths, a grandparent of another name, in the other tree
        for (tree, path) in [
            (Tree::Device, format!("{rules}/R1/Name")),
            (Tree::Device, format!("{rules}/R2/Name")),
            // a grandparent whose key starts the kept one's
            (
                Tree::Device,
                "Vendor/MSFT/Firewall/MdmStore/Firewall/R2/Name".into(),
            ),
            (Tree::Device, format!("{rules}/R2/Name")),
            (Tree::Device, format!("{rules}/R2/Nope")),
            (Tree::Device, format!("{rules}/R3/Nope")),
            (Tree::Device, format!("{rules}/R4/Action/Type")),
            (Tree::Device, format!("{rules}/R5/Action/Type")),
            (Tree::Device, format!("{rules}/R5/Name")),
            (
                Tree::Device,
                "Vendor/MSFT/Firewall/MdmStore/Nope/R6/Name".into(),
            ),
            (Tree::Device, format!("{rules}/R7/Name")),
            (
                Tree::Device,
                "Vendor/MSFT/Firewall/MdmStore/DomainProfile/X".into(),
            ),
            (Tree::Device, format!("{rules}/R8/Name")),
            (Tree::User, format!("{rules}/R9/Name")),
            (Tree::Device, format!("{rules}/R9/Name")),
            (
                Tree::Device,
                "Vendor/MSFT/Nope/MdmStore/FirewallRules/R10/Name".into(),
            ),
            (Tree::Device, format!("{rules}/R11/Name")),
        ] {
            assert_eq!(
                named(through_memo(&c, &mut memo, tree, &path)),
                named(c.resolve(tree, path.split('/'))),
                "{path}"
            );
        }
        // the key of a parent's parent: before the last segment, a trailing `/` aside
        assert_eq!(grand_len("./Device/A/B/"), Some(10));
        assert_eq!(grand_len("A/B"), Some(1));
        assert_eq!(grand_len("A/"), None);
    }

    #[test]
    fn a_node_stands_at_its_own_place_in_its_own_catalog() {
        let c = small();
        let places: Vec<usize> = c.nodes().filter_map(|n| c.index_of(n)).collect();
        assert_eq!(places.len(), c.len());
        // one place each, below the number of nodes, in the order of `nodes`; none for a root
        assert_eq!(places, (0..c.len()).collect::<Vec<_>>());
        let mut sorted = places.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), places.len());
        assert!(places.iter().all(|&i| i < c.len()));
        assert!([Tree::Device, Tree::User]
            .iter()
            .all(|&t| c.index_of(c.root(t)).is_none()));
        // the same node found again stands at the same place
        for node in c.nodes() {
            let segments = node.segments();
            let again = c.resolve(Tree::Device, segments.iter().map(String::as_str));
            if let Resolution::Found(found) = again {
                assert_eq!(c.index_of(found), c.index_of(node));
            }
        }
        // a node of another catalog has no place here
        let other = small();
        assert!(other.nodes().all(|n| c.index_of(n).is_none()));
    }

    #[test]
    fn a_parent_memo_serves_only_its_catalog_tree_depth_and_key() {
        let big = Catalog::shared();
        let c = small();
        let policy = "Vendor/MSFT/Policy/Config/Update/ActiveHoursStart";
        let provider = "Vendor/MSFT/DMClient/Provider/X/EntDMID";
        let full = |c: &Catalog, tree, p: &str| named(c.resolve(tree, p.split('/')));
        // filled by another catalog, whose node indices mean other nodes
        let mut memo = ParentMemo::default();
        let _ = through_memo(&big, &mut memo, Tree::Device, policy);
        assert_eq!(
            named(through_memo(&c, &mut memo, Tree::Device, policy)),
            full(&c, Tree::Device, policy)
        );
        // the same key asked in the other tree, or with another number of segments
        let mut memo = ParentMemo::default();
        let _ = through_memo(&c, &mut memo, Tree::Device, policy);
        let key = "Vendor/MSFT/Policy/Config/Update";
        assert_eq!(
            named(c.resolve_memo(
                &mut memo,
                Tree::User,
                key,
                &policy.split('/').collect::<Vec<_>>()
            )),
            full(&c, Tree::User, policy)
        );
        let _ = through_memo(&c, &mut memo, Tree::Device, policy);
        let shorter = ["Vendor", "MSFT", "Policy", "Config", "Update"];
        assert_eq!(
            named(c.resolve_memo(&mut memo, Tree::Device, key, &shorter)),
            full(&c, Tree::Device, "Vendor/MSFT/Policy/Config/Update")
        );
        // another key of the same depth
        let _ = through_memo(&c, &mut memo, Tree::Device, policy);
        assert_eq!(
            named(through_memo(&c, &mut memo, Tree::Device, provider)),
            full(&c, Tree::Device, provider)
        );
        // a parent that is missing is not kept
        let mut memo = ParentMemo::default();
        let nowhere = "Vendor/MSFT/Nope/Update/ActiveHoursStart";
        assert_eq!(
            named(through_memo(&c, &mut memo, Tree::Device, nowhere)),
            full(&c, Tree::Device, nowhere)
        );
        assert_eq!(
            named(c.resolve_memo(&mut memo, Tree::Device, "", &[])),
            (String::from("./Device"), false, None)
        );
    }
}
