//! `syncml-lint fmt`: canonical formatting through the encoder.

use std::path::PathBuf;
use std::process::ExitCode;

use diagnostics::{Encoding, Source};

use crate::files::{self, Input};
use crate::report::{self, FileReport};

/// The canonical form of `bytes`, in the file's own encoding; `Err` with the diagnostic when
/// the file is not well-formed.
pub fn canonical(bytes: &[u8]) -> Result<Vec<u8>, diagnostics::Diagnostic> {
    let source = Source::decode(bytes).map_err(|e| e.into_diagnostic(syncml::codes::XML_SYNTAX))?;
    let doc = syncml::parse(&source.text).map_err(|d| d.map_spans(|s| source.span_to_file(s)))?;
    if doc.elements().next().is_none() {
        // empty, blank or comments only: nothing to format, and not a SyncML file
        return Err(diagnostics::Diagnostic::error(
            syncml::codes::XML_SYNTAX,
            diagnostics::Span::empty(bytes.len()),
            "the file holds no element: nothing to format",
        )
        .with_help("a file holds a `<SyncML>` message or SyncML commands such as `<Replace>`"));
    }
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

/// Runs `fmt`.
pub fn run(paths: &[PathBuf], check: bool, write: bool) -> ExitCode {
    let (inputs, errors) = files::collect(paths);
    // JSON (Intune exports) is never formatted
    let inputs: Vec<Input> = inputs.into_iter().filter(|i| !files::is_json(i)).collect();
    if !check && !write && inputs.len() > 1 {
        return crate::usage_error(
            "`fmt` prints one file; give `--write` or `--check` to format several",
        );
    }
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
        // a Windows Configuration Designer file is not SyncML: left as it is
        if policy::wcd::is_customizations_file(&bytes) {
            if !check && !write {
                crate::out_bytes(&bytes);
            }
            continue;
        }
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
            (Input::File(path, shown), true) => match crate::write::rewrite(path, &formatted) {
                Ok(()) => crate::outln!("formatted {shown}"),
                Err(e) => {
                    eprintln!("error: {e}");
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
