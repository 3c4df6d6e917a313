//! File-system helpers that always put the path in the error.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub fn read_to_string(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

/// Files directly or recursively below `dir` whose extension is `ext`, sorted by path
/// so that every run sees them in the same order. A missing folder yields nothing.
pub fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Io {
            path: e.path().map_or_else(|| dir.to_path_buf(), Path::to_path_buf),
            source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop")),
        })?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == ext) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Replaces `path` with `contents` atomically (written beside it, then renamed), creating its
/// folder; a reader sees the old file or the new one, never half of it. A file that already
/// holds `contents` is not touched. Says whether it wrote.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<bool> {
    use std::io::Write;
    if std::fs::read(path).is_ok_and(|existing| existing == contents) {
        return Ok(false);
    }
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".apiglot-");
    // A project file, not a secret: readable like any file the user creates (tempfile's 0600
    // otherwise), or with the permissions of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(contents).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(true)
}
