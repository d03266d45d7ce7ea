//! `syncml-lint admx check` and `admx dump`.

use std::process::ExitCode;

use admx::LoadedAdmx;
use serde_json::{json, Value};

use crate::report::FileReport;
use crate::{emit, exit_code, usage_error, AdmxCommand};

fn load(paths: &[std::path::PathBuf], lang: &str) -> (Vec<LoadedAdmx>, bool) {
    let mut failed = false;
    let mut out = Vec::new();
    for r in admx::fs::load_paths(paths, lang) {
        match r {
            Ok(f) => out.push(f),
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    (out, failed)
}

fn reports(files: &[LoadedAdmx]) -> Vec<FileReport> {
    // the text is read again only for files with something to show
    let report = |path: &str, diagnostics: &[admx::Diagnostic]| {
        let bytes = if diagnostics.is_empty() {
            Vec::new()
        } else {
            std::fs::read(path).unwrap_or_default()
        };
        FileReport::new(path.to_string(), &bytes, diagnostics.to_vec())
    };
    let mut out = Vec::new();
    for f in files {
        out.push(report(&f.path, &f.diagnostics));
        if let Some(adml) = &f.adml_path {
            out.push(report(adml, &f.adml_diagnostics));
        }
    }
    out
}

/// Runs an `admx` subcommand.
pub fn run(cmd: AdmxCommand) -> ExitCode {
    match cmd {
        AdmxCommand::Check {
            paths,
            format,
            lang,
            deny_warnings,
        } => {
            let (files, failed) = load(&paths, &lang);
            let reports = reports(&files);
            emit(&reports, format);
            exit_code(&reports, deny_warnings, failed)
        }
        AdmxCommand::Dump { paths, lang } => {
            let (files, failed) = load(&paths, &lang);
            let reports = reports(&files);
            let diagnostics: Vec<Value> = reports.iter().flat_map(FileReport::json).collect();
            let doc = json!({
                "version": 1,
                "files": files.iter().map(dump_file).collect::<Vec<_>>(),
                "diagnostics": diagnostics,
            });
            match serde_json::to_string_pretty(&doc) {
                Ok(s) => crate::outln!("{s}"),
                Err(e) => return usage_error(e),
            }
            exit_code(&reports, false, failed)
        }
    }
}

fn dump_file(f: &LoadedAdmx) -> Value {
    let display = |r: &str| f.display(r).map(str::to_string);
    json!({
        "path": f.path,
        "target": f.admx.target.as_ref().map(|t| json!({ "prefix": t.prefix, "namespace": t.namespace })),
        "policies": f.admx.policies.iter().map(|p| {
            let mut policy = json!({
                "name": p.name,
                "class": p.class.as_str(),
                "key": p.key,
                "value_name": p.value_name,
                "display_name": display(&p.display_name),
                "elements": p.elements.iter().map(|e| policy::describe::element(f, e)).collect::<Vec<_>>(),
            });
            if p.value_name.is_none() { policy["value_name"] = Value::Null; }
            policy
        }).collect::<Vec<_>>(),
    })
}
