//! Finding the files to check: explicit files, directories walked like ripgrep does (hidden
//! and git-ignored files skipped), standard input.

use std::path::{Path, PathBuf};

/// One input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file, with the path to show.
    File(PathBuf, String),
    /// Standard input.
    Stdin,
}

impl Input {
    /// The path as shown in output.
    pub fn display(&self) -> String {
        match self {
            Input::File(_, shown) => shown.clone(),
            Input::Stdin => "<stdin>".to_string(),
        }
    }
}

/// Whether a walked file is checked, by its extension: SyncML (`.xml`, `.syncml`) and Intune
/// exports (`.json`; one that is not an export is skipped when read).
fn is_syncml(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        e.eq_ignore_ascii_case("xml")
            || e.eq_ignore_ascii_case("syncml")
            || e.eq_ignore_ascii_case("json")
    })
}

/// Whether an input is a `.json` file (never formatted).
pub fn is_json(input: &Input) -> bool {
    matches!(input, Input::File(p, _) if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")))
}

/// A path as the user wrote it, with `/` separators.
fn shown(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    s.replace('\\', "/")
}

/// Expands the command-line paths. Returns the inputs and the paths that could not be read.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    for p in paths {
        if p.as_os_str() == "-" {
            if inputs.contains(&Input::Stdin) {
                errors.push("standard input (`-`) is given twice: it is read once".to_string());
            } else {
                inputs.push(Input::Stdin);
            }
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => errors.push(format!("cannot read `{}`: {e}", p.display())),
            Ok(m) if m.is_dir() => {
                let mut found: Vec<PathBuf> = Vec::new();
                // symbolic links are followed (a folder of links to profiles is checked);
                // the walker detects loops, which are skipped with a note
                let walker = ignore::WalkBuilder::new(p)
                    .hidden(true)
                    .git_ignore(true)
                    .require_git(false)
                    .follow_links(true)
                    .build();
                for entry in walker {
                    match entry {
                        Ok(e)
                            if e.file_type().is_some_and(|t| t.is_file())
                                && is_syncml(e.path()) =>
                        {
                            found.push(e.into_path())
                        }
                        Ok(_) => {}
                        Err(e) if e.to_string().contains("File system loop") => {
                            eprintln!("note: skipped a symbolic link loop: {e}");
                        }
                        Err(e) => {
                            errors.push(format!("cannot read a path under `{}`: {e}", p.display()))
                        }
                    }
                }
                found.sort();
                inputs.extend(found.into_iter().map(|f| {
                    let s = shown(&f);
                    Input::File(f, s)
                }));
            }
            Ok(_) => inputs.push(Input::File(p.clone(), shown(p))),
        }
    }
    (inputs, errors)
}

/// Reads an input into memory, refusing files over `max` bytes without reading them whole.
///
/// Files are read, never mapped: a map shared with another process that rewrites the file
/// could change text after it was validated as UTF-8, under the `&str` that std's string code
/// relies on. Reading costs 5 to 25 ms on a 46 MB message (about a tenth of its check), nothing
/// measurable on the kilobytes of real profiles.
pub fn read(input: &Input, max: usize) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let limit = (max as u64).saturating_add(1);
    let mut buf = Vec::new();
    let result = match input {
        Input::Stdin => std::io::stdin().lock().take(limit).read_to_end(&mut buf),
        Input::File(p, _) => std::fs::File::open(p).and_then(|f| {
            let size = f.metadata()?.len();
            // one allocation of the file's size, not a doubling buffer
            buf.reserve_exact(usize::try_from(size.min(limit)).unwrap_or(0));
            f.take(limit).read_to_end(&mut buf)
        }),
    };
    result
        .map(|_| buf)
        .map_err(|e| format!("cannot read `{}`: {e}", input.display()))
}
