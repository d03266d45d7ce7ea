//! Writes the node tree of the committed table (`data/ddf.tsv`) as Rust statics, so that the
//! built-in catalog is ready without reading the table at start-up.

#[path = "src/builder.rs"]
#[allow(dead_code)]
mod builder;

use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=data/ddf.tsv");
    println!("cargo:rerun-if-changed=src/builder.rs");
    let text = std::fs::read_to_string("data/ddf.tsv").unwrap_or_default();
    let (nodes, children) = builder::build(&text);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "pub(crate) static NODES: [NodeRec; {}] = [",
        nodes.len()
    );
    for n in &nodes {
        let _ = writeln!(
            out,
            "NodeRec{{name:({},{}),raw:({},{}),parent:{},children:({},{}),dynamic:{},mirror:{},tree:{},flags:{}}},",
            n.name.0, n.name.1, n.raw.0, n.raw.1, n.parent, n.children.0, n.children.1,
            n.dynamic, n.mirror, n.tree, n.flags
        );
    }
    let _ = writeln!(out, "];");
    let _ = writeln!(
        out,
        "pub(crate) static CHILDREN: [u32; {}] = {:?};",
        children.len(),
        children
    );
    let path =
        std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("builtin.rs");
    if let Err(e) = std::fs::write(&path, out) {
        panic!("cannot write {}: {e}", path.display());
    }
}
