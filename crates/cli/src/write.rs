//! Rewriting a user's file in place without damaging it: through a symbolic link to its
//! target, keeping owner, group, mode and hard links, refusing a read-only file, and never
//! leaving it half-written (a full disk or a kill mid-write leaves the original, or a verified
//! copy of it beside the file).

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file was not rewritten.
#[derive(Debug)]
pub enum WriteError {
    /// The file's mode allows no writing: it is not changed.
    ReadOnly(PathBuf),
    /// An I/O error; the file is unchanged unless the message says where its copy is.
    Io(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::ReadOnly(p) => write!(
                f,
                "`{}` is read-only: not rewritten (make it writable to format it)",
                p.display()
            ),
            WriteError::Io(m) => f.write_str(m),
        }
    }
}

fn io(what: &str, path: &Path, e: std::io::Error) -> WriteError {
    WriteError::Io(format!("cannot {what} `{}`: {e}", path.display()))
}

/// A sibling of `path` named for this process.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(
        ".{name}.syncml-lint-{}.{suffix}",
        std::process::id()
    ))
}

/// Writes `bytes` to a new file at `tmp`, synced, and reads it back to verify it.
fn write_verified(tmp: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let result = (|| {
        let mut f = File::create(tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if fs::read(tmp)? != bytes {
            return Err(std::io::Error::other(
                "the written copy reads back differently",
            ));
        }
        Ok(())
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(tmp);
        io("write a temporary copy beside", tmp, e)
    })
}

/// Replaces the content of `path` with `bytes`.
pub fn rewrite(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    // through a symbolic link, the target is rewritten (as editors do), not the link
    let target = fs::canonicalize(path).map_err(|e| io("resolve", path, e))?;
    let meta = fs::metadata(&target).map_err(|e| io("read the metadata of", &target, e))?;
    if !writable(&meta) {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    if keeps_identity_by_rename(&meta) {
        let tmp = sibling(&target, "tmp");
        write_verified(&tmp, bytes)?;
        let done = (|| {
            fs::set_permissions(&tmp, meta.permissions())?;
            set_owner(&tmp, &meta)?;
            fs::rename(&tmp, &target)
        })();
        if done.is_ok() {
            return Ok(());
        }
        let _ = fs::remove_file(&tmp);
    }
    // hard links, or a file this process cannot recreate with its owner: write in place, after
    // a verified copy of the original beside it, removed once the new content is synced
    let original = fs::read(&target).map_err(|e| io("read", &target, e))?;
    let backup = sibling(&target, "orig");
    write_verified(&backup, &original)?;
    let written = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&target)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match written {
        Ok(()) => {
            let _ = fs::remove_file(&backup);
            Ok(())
        }
        Err(e) => Err(WriteError::Io(format!(
            "cannot write `{}`: {e}; its original content is kept in `{}`",
            target.display(),
            backup.display()
        ))),
    }
}

#[cfg(unix)]
fn writable(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    // the mode, not the process's rights: root can write anything, but a file made read-only
    // was made so on purpose
    meta.permissions().mode() & 0o222 != 0
}

#[cfg(not(unix))]
fn writable(meta: &fs::Metadata) -> bool {
    !meta.permissions().readonly()
}

/// Whether a renamed copy can stand for the file: one link, and an owner the copy can get.
#[cfg(unix)]
fn keeps_identity_by_rename(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() <= 1
}

#[cfg(not(unix))]
fn keeps_identity_by_rename(_: &fs::Metadata) -> bool {
    true
}

#[cfg(unix)]
fn set_owner(tmp: &Path, meta: &fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let mine = fs::metadata(tmp)?;
    if mine.uid() == meta.uid() && mine.gid() == meta.gid() {
        return Ok(());
    }
    std::os::unix::fs::chown(tmp, Some(meta.uid()), Some(meta.gid()))
}

#[cfg(not(unix))]
fn set_owner(_: &Path, _: &fs::Metadata) -> std::io::Result<()> {
    Ok(())
}
