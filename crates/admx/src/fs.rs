//! The one place where this crate touches the file system: finding and reading the ADMX files
//! of PolicyDefinitions folders (`X.admx` beside `<lang>/X.adml`), loading them in parallel.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::LoadedAdmx;

/// An input that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    /// A file or folder could not be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A folder holds no `*.admx` file.
    #[error("no .admx file in `{0}`")]
    Empty(String),
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The ADML of `admx` in language `lang`: `<dir>/<lang>/<stem>.adml`, also when the file name
/// differs in case.
pub fn adml_path(admx: &Path, lang: &str) -> Option<PathBuf> {
    let dir = admx.parent()?.join(lang);
    let stem = admx.file_stem()?.to_string_lossy().to_lowercase();
    let exact = dir.join(format!("{}.adml", admx.file_stem()?.to_string_lossy()));
    if exact.is_file() {
        return Some(exact);
    }
    std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("adml"))
                && p.file_stem()
                    .is_some_and(|s| s.to_string_lossy().to_lowercase() == stem)
        })
}

/// Every `*.admx` file directly in `dir`, sorted.
pub fn admx_files(dir: &Path) -> Result<Vec<PathBuf>, FsError> {
    let entries = std::fs::read_dir(dir).map_err(|source| FsError::Read {
        path: display(dir),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("admx"))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Reads and loads one ADMX file and its ADML in `lang` (an ADML missing is reported as
/// `admx-missing-adml`).
pub fn load_file(path: &Path, lang: &str) -> Result<LoadedAdmx, FsError> {
    let bytes = std::fs::read(path).map_err(|source| FsError::Read {
        path: display(path),
        source,
    })?;
    let adml = adml_path(path, lang).and_then(|p| std::fs::read(&p).ok().map(|b| (display(&p), b)));
    Ok(LoadedAdmx::load(
        &display(path),
        &bytes,
        adml.as_ref().map(|(p, b)| (p.as_str(), b.as_slice())),
        Some(lang),
    ))
}

/// Loads every ADMX file of a PolicyDefinitions folder in parallel, in file-name order. A file
/// that cannot be read is an error of its own; the others still load.
pub fn load_dir(dir: &Path, lang: &str) -> Result<Vec<Result<LoadedAdmx, FsError>>, FsError> {
    let files = admx_files(dir)?;
    if files.is_empty() {
        return Err(FsError::Empty(display(dir)));
    }
    Ok(files.par_iter().map(|p| load_file(p, lang)).collect())
}

/// Loads files and folders: a folder as [`load_dir`], a file as [`load_file`].
pub fn load_paths(paths: &[PathBuf], lang: &str) -> Vec<Result<LoadedAdmx, FsError>> {
    paths
        .iter()
        .flat_map(|p| {
            if p.is_dir() {
                match load_dir(p, lang) {
                    Ok(v) => v,
                    Err(e) => vec![Err(e)],
                }
            } else {
                vec![load_file(p, lang)]
            }
        })
        .collect()
}
