//! What the tests generated over the catalog share: the built-in catalog, built once, and the
//! LocURI of a node with an instance name for each dynamic segment.

#![allow(dead_code)]

use csp::{NodeRef, Tree};
use policy::Catalog;

/// The built-in catalog, built once for the test binary.
pub fn catalog() -> &'static Catalog {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    C.get_or_init(Catalog::builtin)
}

/// The LocURI of `n` in its own tree, `Inst1` for each dynamic segment.
pub fn loc_uri(n: &NodeRef<'_>) -> String {
    let mut s = match n.tree() {
        Tree::Device => "./Device".to_string(),
        Tree::User => "./User".to_string(),
    };
    for seg in n.segments() {
        s.push('/');
        s.push_str(if seg.starts_with('{') { "Inst1" } else { &seg });
    }
    s
}

/// The built-in ADMX definitions over a catalog of just the CSP nodes `defs` (LocURI, facts),
/// as a `--ddf-dir` may define them.
pub fn catalog_of(defs: Vec<(&str, csp::Facts)>) -> Catalog {
    let defs = defs
        .into_iter()
        .map(|(uri, facts)| {
            let (tree, path) = csp::ddf::split_path(uri);
            csp::NodeDef { tree, path, facts }
        })
        .collect();
    Catalog::builtin().with_csp(std::sync::Arc::new(csp::Catalog::new(defs)))
}

/// The leaves of the built-in catalog that take `Replace`: the settings a profile sets.
pub fn settable_leaves() -> impl Iterator<Item = NodeRef<'static>> {
    catalog()
        .csp()
        .nodes()
        .filter(|n| n.facts().access.allows("Replace") && !n.has_children())
}
