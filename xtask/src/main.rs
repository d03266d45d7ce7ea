//! `cargo run -p xtask -- catalog [DDF_DIR]`: compiles Microsoft's DDF v2 files (default
//! `../shared/ddf/2026-01`) into the built-in table `crates/csp/data/ddf.tsv`. Run it when
//! Microsoft publishes a new drop; the diff of the table shows what changed.
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
    let out = root().join("crates/csp/data/ddf.tsv");
    if check {
        let committed = std::fs::read_to_string(&out).unwrap_or_default();
        if committed != table {
            eprintln!(
                "error: {} is not what {} compiles to: run `cargo run -p xtask -- catalog`",
                out.display(),
                dir.display()
            );
            return ExitCode::from(1);
        }
        eprintln!("{} is current", out.display());
        return ExitCode::SUCCESS;
    }
    if let Err(e) = std::fs::write(&out, &table) {
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
