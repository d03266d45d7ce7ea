//! `cargo run -p xtask -- catalog [DDF_DIR]`: compiles Microsoft's DDF v2 files (default
//! `../shared/ddf/2026-01`) into the built-in table `crates/csp/data/ddf.tsv`, and the inbox
//! PolicyDefinitions (`../shared/admx-inbox`) into `crates/admx/data/inbox.tsv`, checking that
//! every ADMX policy the DDF names is defined. Run it when Microsoft publishes a new drop;
//! the diff of the tables shows what changed.
//! `cargo run -p xtask -- catalog --check` fails when the committed table differs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("catalog") => {
            let check = args.iter().any(|a| a == "--check");
            let dir = args
                .iter()
                .skip(1)
                .find(|a| !a.starts_with("--"))
                .map(PathBuf::from)
                .unwrap_or_else(|| root().join("../shared/ddf/2026-01"));
            catalog(&dir, check)
        }
        _ => {
            eprintln!("usage: cargo run -p xtask -- catalog [DDF_DIR] [--check]");
            ExitCode::from(2)
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn catalog(dir: &Path, check: bool) -> ExitCode {
    let inbox = root().join("../shared/admx-inbox");
    let admx = admx_facts(&inbox, dir, check);
    if admx != ExitCode::SUCCESS {
        return admx;
    }
    let (table, problems) = match csp::ddf::compile_dir(dir) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for p in &problems {
        eprintln!("note: {p}");
    }
    write_or_check(&root().join("crates/csp/data/ddf.tsv"), &table, check, dir)
}

/// Compiles the inbox PolicyDefinitions into `crates/admx/data/inbox.tsv`, and checks that
/// every ADMX policy the DDF names resolves to one of them.
fn admx_facts(inbox: &Path, ddf: &Path, check: bool) -> ExitCode {
    let mut files = Vec::new();
    for loaded in admx::fs::load_paths(&[inbox.to_path_buf()], "en-US") {
        match loaded {
            Ok(f) => files.push(f),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if files.is_empty() {
        eprintln!("error: no ADMX file in {}", inbox.display());
        return ExitCode::from(2);
    }
    let table = admx::facts::write(&files);
    // every ADMX policy that the DDF names is compiled, or a correction says why not
    let (nodes, _) = match csp::ddf::load_dir(ddf) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut missing = Vec::new();
    for n in &nodes {
        let Some(a) = n.facts.admx() else { continue };
        let found = files
            .iter()
            .any(|f| f.stem.eq_ignore_ascii_case(a.stem()) && f.admx.policy(&a.policy).is_some());
        let known = csp::ddf::ADMX_NOT_INBOX.iter().any(|(file, policy, _)| {
            file.eq_ignore_ascii_case(&a.file) && (policy.is_empty() || *policy == a.policy)
        });
        if !found && !known {
            missing.push(format!("{} {}", a.file, a.policy));
        }
    }
    missing.sort();
    missing.dedup();
    if !missing.is_empty() {
        eprintln!("error: ADMX policies the DDF names that no inbox file defines (add them to csp::ddf::ADMX_NOT_INBOX with the evidence):");
        for m in missing {
            eprintln!("  {m}");
        }
        return ExitCode::from(1);
    }
    write_or_check(
        &root().join("crates/admx/data/inbox.tsv"),
        &table,
        check,
        inbox,
    )
}

fn write_or_check(out: &Path, table: &str, check: bool, from: &Path) -> ExitCode {
    if check {
        let committed = std::fs::read_to_string(out).unwrap_or_default();
        if committed != table {
            eprintln!(
                "error: {} is not what {} compiles to: run `cargo run -p xtask -- catalog`",
                out.display(),
                from.display()
            );
            return ExitCode::from(1);
        }
        eprintln!("{} is current", out.display());
        return ExitCode::SUCCESS;
    }
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(out, table) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::from(2);
    }
    eprintln!(
        "wrote {} ({} lines, {} bytes)",
        out.display(),
        table.lines().count(),
        table.len()
    );
    ExitCode::SUCCESS
}
