//! The node tree of a catalog table as flat arrays of offsets, built in one pass over the
//! table's text. The build script runs it on the committed table and writes the arrays as
//! Rust statics, so the built-in catalog costs nothing at start-up; `--ddf-dir` runs it at
//! run time on the table it compiles. Self-contained: the build script includes this file.

/// One node: offsets into the table's text and indices into the node and child arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeRec {
    /// The name (`{Title}` for a dynamic node): `text[name.0..name.1]`.
    pub name: (u32, u32),
    /// The facts columns of the node's line, `(0, 0)` for an ancestor no line defines.
    pub raw: (u32, u32),
    /// The parent (a root is its own parent).
    pub parent: u32,
    /// The fixed children: `children[range.0..range.1]`, sorted by name.
    pub children: (u32, u32),
    /// The dynamic child, [`NONE`] when there is none.
    pub dynamic: u32,
    /// Looked up under this node's children instead ([`NONE`]: its own).
    pub mirror: u32,
    /// `1` for `./User`, `0` for `./Device`.
    pub tree: u8,
    /// [`DYNAMIC`], [`CLOSED`].
    pub flags: u8,
}

/// No node.
pub const NONE: u32 = u32::MAX;
/// The node takes any instance name.
pub const DYNAMIC: u8 = 1;
/// Its dynamic child takes only ingested-area names (`~`): `Policy/Config`, `Policy/Result`.
pub const CLOSED: u8 = 2;

/// Builds the arrays of a table sorted as the table writer sorts it (lines sharing a path
/// prefix are contiguous). Nodes 0 and 1 are the roots of `./Device` and `./User`.
pub fn build(text: &str) -> (Vec<NodeRec>, Vec<u32>) {
    let root = |tree: u8| NodeRec {
        name: (0, 0),
        raw: (0, 0),
        parent: u32::from(tree),
        children: (0, 0),
        dynamic: NONE,
        mirror: NONE,
        tree,
        flags: 0,
    };
    let mut nodes = vec![root(0), root(1)];
    let mut kids: Vec<Vec<u32>> = vec![Vec::new(), Vec::new()];
    let base = text.as_ptr() as usize;
    let offset = |s: &str| (s.as_ptr() as usize - base) as u32;
    let mut open: Vec<(u32, &str)> = Vec::new();
    let mut open_tree = 0u8;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let tree = match cols.next() {
            Some("D") => 0u8,
            Some("U") => 1u8,
            _ => continue,
        };
        let (Some(path), Some(facts)) = (cols.next(), cols.next()) else {
            continue;
        };
        if tree != open_tree {
            open.clear();
            open_tree = tree;
        }
        // the segments this line shares with the open path are not split again
        let mut at = u32::from(tree);
        let mut rest = path;
        let mut depth = 0;
        for &(i, name) in &open {
            let Some(after) = rest.strip_prefix(name) else {
                break;
            };
            match after.strip_prefix('/') {
                Some(r) => rest = r,
                None if after.is_empty() => rest = "",
                None => break,
            }
            at = i;
            depth += 1;
            if rest.is_empty() {
                break;
            }
        }
        open.truncate(depth);
        for name in rest.split('/').filter(|n| !n.is_empty()) {
            let index = nodes.len() as u32;
            let dynamic = name.starts_with('{') && name.ends_with('}');
            // a node has one dynamic child: a second one (another title, in a malformed
            // file) is the same node
            let existing = nodes.get(at as usize).map_or(NONE, |p| p.dynamic);
            if dynamic && existing != NONE {
                at = existing;
                open.push((existing, name));
                continue;
            }
            nodes.push(NodeRec {
                name: (offset(name), offset(name) + name.len() as u32),
                raw: (0, 0),
                parent: at,
                children: (0, 0),
                dynamic: NONE,
                mirror: NONE,
                tree,
                flags: if dynamic { DYNAMIC } else { 0 },
            });
            kids.push(Vec::new());
            if dynamic {
                if let Some(p) = nodes.get_mut(at as usize) {
                    p.dynamic = index;
                }
            } else if let Some(k) = kids.get_mut(at as usize) {
                k.push(index);
            }
            at = index;
            open.push((index, name));
        }
        if let Some(n) = nodes.get_mut(at as usize) {
            n.raw = (offset(facts), offset(facts) + facts.len() as u32);
        }
    }
    let name_of = |nodes: &[NodeRec], i: u32| -> &str {
        nodes
            .get(i as usize)
            .and_then(|n| text.get(n.name.0 as usize..n.name.1 as usize))
            .unwrap_or("")
    };
    let mut children = Vec::new();
    for (i, mut k) in kids.into_iter().enumerate() {
        k.sort_by(|a, b| name_of(&nodes, *a).cmp(name_of(&nodes, *b)));
        let start = children.len() as u32;
        children.extend(k);
        if let Some(n) = nodes.get_mut(i) {
            n.children = (start, children.len() as u32);
        }
    }
    let child = |nodes: &[NodeRec], at: u32, name: &str| -> Option<u32> {
        let n = nodes.get(at as usize)?;
        let range = children.get(n.children.0 as usize..n.children.1 as usize)?;
        range.iter().copied().find(|c| name_of(nodes, *c) == name)
    };
    for tree in [0u32, 1] {
        let walk = |names: &[&str]| {
            names
                .iter()
                .try_fold(tree, |at, name| child(&nodes, at, name))
        };
        let config = walk(&["Vendor", "MSFT", "Policy", "Config"]);
        let result = walk(&["Vendor", "MSFT", "Policy", "Result"]);
        for n in [config, result].into_iter().flatten() {
            if let Some(node) = nodes.get_mut(n as usize) {
                node.flags |= CLOSED;
            }
        }
        if let (Some(config), Some(result)) = (config, result) {
            if let Some(node) = nodes.get_mut(result as usize) {
                node.mirror = config;
            }
        }
    }
    (nodes, children)
}
