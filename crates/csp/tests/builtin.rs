//! The committed table: current with Microsoft's files, and holding what the DDF drop holds.

use std::path::Path;

use csp::{Allowed, Catalog, Format, Resolution, Scope};

/// Says that a test could not run here, past the test harness's capture of `eprintln!` (a
/// direct write to standard error), so that a fresh clone without `../shared` shows it.
fn skipped(why: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

fn ddf_dir() -> Option<&'static Path> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/ddf/2026-01"
    ));
    if dir.is_dir() {
        Some(dir)
    } else {
        skipped(format_args!("{} is absent: the committed table is not compared with Microsoft's files on this machine", dir.display()));
        None
    }
}

#[test]
fn committed_table_is_what_the_ddf_compiles_to() {
    let Some(dir) = ddf_dir() else { return };
    let (table, _) = csp::ddf::compile_dir(dir).expect("reads the DDF folder");
    let committed = include_str!("../data/ddf.tsv");
    assert!(
        table == committed,
        "crates/csp/data/ddf.tsv is stale: run `cargo run -p xtask -- catalog`"
    );
}

#[test]
fn the_drop_loads_without_problems() {
    let Some(dir) = ddf_dir() else { return };
    let (nodes, problems) = csp::ddf::load_dir(dir).expect("reads");
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(nodes.len() >= 5955, "{}", nodes.len());
}

#[test]
fn builtin_catalog_holds_the_drop() {
    let c = Catalog::builtin();
    // the DDF nodes, and the ancestors no file defines: Vendor and MSFT of both trees, SyncML
    assert_eq!(c.len(), 5955 + 5);
    let leaves = c
        .nodes()
        .filter(|n| n.facts().format != Format::Node)
        .count();
    assert_eq!(leaves, 5146);
    let config: Vec<_> = c
        .nodes()
        .filter(|n| n.is_policy() && n.segments().get(3).is_some_and(|s| s == "Config"))
        .filter(|n| !n.is_dynamic())
        .collect();
    // every leaf of the 261 area files (3,700, of which 2,573 device: counted independently
    // with Python's ElementTree on the same files)
    assert_eq!(config.len(), 3700);
    assert_eq!(
        config.iter().filter(|n| n.tree() == Scope::Device).count(),
        2573
    );
    let admx = c.nodes().filter(|n| n.facts().admx().is_some()).count();
    assert_eq!(admx, 2516);
    let enums = c
        .nodes()
        .filter(|n| matches!(n.facts().allowed, Allowed::Enum(_)))
        .count();
    assert_eq!(enums, 1202);
    let Resolution::Found(n) = c.resolve(
        Scope::Device,
        "Vendor/MSFT/BitLocker/EncryptionMethodByDriveType".split('/'),
    ) else {
        panic!("BitLocker is in the catalog")
    };
    assert_eq!(
        n.facts().admx().map(|a| a.policy.as_str()),
        Some("EncryptionMethodWithXts_Name"),
        "the correction is applied"
    );
}

#[test]
fn the_compiled_tree_is_the_tree_of_the_table_read_back() {
    let table = include_str!("../data/ddf.tsv");
    let fast = Catalog::builtin();
    let general = Catalog::new(csp::table::read(table).expect("the committed table reads"));
    assert_eq!(fast.len(), general.len());
    for n in general.nodes() {
        let segs = n.segments();
        let Resolution::Found(m) = fast.resolve(
            n.tree(),
            segs.iter().map(|s| {
                if s.starts_with('{') {
                    "App~Policy~Inst1"
                } else {
                    s.as_str()
                }
            }),
        ) else {
            panic!("{} is missing", n.loc_uri())
        };
        if m.via_result {
            // Policy/Result mirrors Policy/Config
            continue;
        }
        assert_eq!(m.loc_uri(), n.loc_uri());
        assert_eq!(m.facts(), n.facts(), "{}", n.loc_uri());
    }
}
