//! `syncml-lint fmt`: canonical formatting through the encoder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use diagnostics::{Encoding, Source};

use crate::files::{self, Input};
use crate::report::{self, FileReport};

/// The canonical form of `bytes`, in the file's own encoding; `Err` with the diagnostic when
/// the file is not well-formed.
pub fn canonical(bytes: &[u8]) -> Result<Vec<u8>, diagnostics::Diagnostic> {
    let source = Source::decode(bytes).map_err(|e| e.into_diagnostic(syncml::codes::XML_SYNTAX))?;
    let doc = syncml::parse(&source.text).map_err(|d| d.map_spans(|s| source.span_to_file(s)))?;
    let text = syncml::encode_with(&doc.to_tree(), syncml::detect_newline(&source.text));
    Ok(match source.encoding {
        Encoding::Utf8 => text.into_bytes(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Encoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
    })
}

/// Replaces `path` with `bytes` by writing a sibling temporary file and renaming it.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.syncml-lint-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Runs `fmt`.
pub fn run(paths: &[PathBuf], check: bool, write: bool) -> ExitCode {
    let (inputs, errors) = files::collect(paths);
    let mut failed = !errors.is_empty();
    for e in &errors {
        eprintln!("error: {e}");
    }
    let mut changed = 0usize;
    let mut broken = Vec::new();
    for input in &inputs {
        let bytes = match files::read(input, syncml::Limits::default().max_size) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
                continue;
            }
        };
        let formatted = match canonical(&bytes) {
            Ok(f) => f,
            Err(d) => {
                broken.push(FileReport::new(input.display(), &bytes, vec![d]));
                continue;
            }
        };
        if !check && !write {
            crate::out_bytes(&formatted);
            continue;
        }
        if formatted[..] == bytes[..] {
            continue;
        }
        changed += 1;
        match (input, write) {
            (Input::File(path, shown), true) => match write_atomically(path, &formatted) {
                Ok(()) => crate::outln!("formatted {shown}"),
                Err(e) => {
                    eprintln!("error: cannot write `{shown}`: {e}");
                    failed = true;
                }
            },
            (Input::Stdin, true) => {
                crate::out_bytes(&formatted);
            }
            (_, false) => crate::outln!("would reformat {}", input.display()),
        }
    }
    if !broken.is_empty() {
        eprint!("{}", report::human(&broken, false));
    }
    if failed {
        ExitCode::from(2)
    } else if !broken.is_empty() || (check && changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
