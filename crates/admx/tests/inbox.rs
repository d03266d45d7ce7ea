//! The compiled inbox table: current with the inbox PolicyDefinitions folder, and read back
//! without losing a fact.

use std::path::Path;

/// Says that a test could not run here, past the test harness's capture of `eprintln!` (a
/// direct write to standard error), so that a fresh clone without `../shared` shows it.
fn skipped(why: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

#[test]
fn committed_table_is_what_the_inbox_folder_compiles_to() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/admx-inbox"
    ));
    if !dir.is_dir() {
        skipped(format_args!(
            "{} is absent: the committed table is not compared with the folder on this machine",
            dir.display()
        ));
        return;
    }
    let files: Vec<admx::LoadedAdmx> = admx::fs::load_paths(&[dir.to_path_buf()], "en-US")
        .into_iter()
        .map(|f| f.expect("every inbox file loads"))
        .collect();
    assert_eq!(files.len(), 222);
    assert!(
        admx::facts::write(&files) == admx::builtin::TABLE,
        "crates/admx/data/inbox.tsv is stale: run `cargo run -p xtask -- catalog`"
    );
}

#[test]
fn the_table_reads_back_to_the_same_facts() {
    let files = admx::builtin::definitions();
    assert_eq!(files.len(), 222);
    assert_eq!(admx::facts::write(&files), admx::builtin::TABLE);
    let policies: usize = files.iter().map(|f| f.admx.policies.len()).sum();
    let elements: usize = files
        .iter()
        .flat_map(|f| &f.admx.policies)
        .map(|p| p.elements.len())
        .sum();
    eprintln!("{policies} policies, {elements} elements");
    assert!(policies > 3500 && elements > 2300, "{policies} {elements}");
}
