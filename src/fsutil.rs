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

/// The longest id apiglot gives an endpoint it makes (import, HAR samples), in bytes. Ids name
/// files (`<id>.yaml`, `<id>.ftl`, `<guide>.html`, `<id>/` of `samples --out`), and a file
/// name holds at most 255 bytes on common file systems; ids this long are unreadable anyway.
pub const MAX_ID_LEN: usize = 100;

/// `id` cut to [`MAX_ID_LEN`] bytes with a hash of the whole id appended, so distinct long ids
/// stay distinct and the same id always gives the same result; `None` when it fits.
pub fn shorten_id(id: &str) -> Option<String> {
    if id.len() <= MAX_ID_LEN {
        return None;
    }
    // FNV-1a: stable across Rust versions and platforms (the standard hasher is not).
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let mut end = MAX_ID_LEN - 9;
    while !id.is_char_boundary(end) {
        end -= 1;
    }
    Some(format!("{}-{:08x}", id[..end].trim_end_matches('-'), hash as u32))
}

/// The note an import reports for an id [`shorten_id`] shortened.
pub fn shortened_id_note(original: &str, id: &str) -> String {
    format!(
        "the id is shortened to `{id}` (it was {} characters; ids name files, which hold at most 255 bytes)",
        original.chars().count()
    )
}

/// Writes every file of `writes` or none: each is first written beside its target (folders
/// created as needed), and only when all are written are they renamed into place; on any
/// error the written files and the folders made for them are removed. Files that already hold
/// their bytes are not touched. Returns the paths written.
pub fn write_all_or_nothing(writes: &[(PathBuf, &[u8])]) -> Result<Vec<PathBuf>> {
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let mut staged: Vec<(tempfile::NamedTempFile, &Path)> = Vec::new();
    let result = (|| {
        for (path, contents) in writes {
            if std::fs::read(path).is_ok_and(|existing| existing == *contents) {
                continue;
            }
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
                let source = std::io::Error::new(std::io::ErrorKind::IsADirectory, "a folder where a file goes");
                return Err(Error::Io { path: path.clone(), source });
            }
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let missing: Vec<&Path> =
                dir.ancestors().take_while(|a| !a.as_os_str().is_empty() && !a.exists()).collect();
            std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
            made_dirs.extend(missing.into_iter().map(Path::to_path_buf));
            staged.push((temp_beside(path, contents)?, path));
        }
        Ok(())
    })();
    if let Err(e) = result {
        drop(staged);
        // Deepest first; a folder something else wrote into meanwhile stays.
        made_dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for dir in made_dirs {
            let _ = std::fs::remove_dir(dir);
        }
        return Err(e);
    }
    let mut written = Vec::new();
    for (tmp, path) in staged {
        tmp.persist(path).map_err(|e| Error::Io { path: path.to_path_buf(), source: e.error })?;
        written.push(path.to_path_buf());
    }
    Ok(written)
}

/// A temporary file beside `path` holding `contents`, readable like any file the user creates
/// (tempfile's 0600 otherwise), or with the permissions of the file it is to replace.
fn temp_beside(path: &Path, contents: &[u8]) -> Result<tempfile::NamedTempFile> {
    use std::io::Write;
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".apiglot-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(contents).map_err(io)?;
    Ok(tmp)
}

/// Replaces `path` with `contents` atomically (written beside it, then renamed), creating its
/// folder; a reader sees the old file or the new one, never half of it. A file that already
/// holds `contents` is not touched. Says whether it wrote.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<bool> {
    if std::fs::read(path).is_ok_and(|existing| existing == contents) {
        return Ok(false);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let tmp = temp_beside(path, contents)?;
    tmp.persist(path).map_err(|e| Error::Io { path: path.to_path_buf(), source: e.error })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_ids_are_shortened_stably_and_stay_distinct() {
        assert_eq!(shorten_id("get-users"), None);
        let long = "x".repeat(5000);
        let short = shorten_id(&long).unwrap();
        assert!(short.len() <= MAX_ID_LEN, "{short}");
        assert_eq!(shorten_id(&long), Some(short.clone()), "the same id gives the same result");
        assert_ne!(shorten_id(&format!("{long}y")), Some(short), "distinct ids stay distinct");
    }

    #[test]
    fn a_failing_write_leaves_no_file_and_no_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("taken.txt")).unwrap();
        let first = dir.path().join("new/a.txt");
        let writes = [(first.clone(), &b"a"[..]), (dir.path().join("taken.txt"), &b"b"[..])];
        assert!(write_all_or_nothing(&writes).is_err());
        assert!(!dir.path().join("new").exists(), "no file, no folder made for it");
        let writes = [(first.clone(), &b"a"[..])];
        assert_eq!(write_all_or_nothing(&writes).unwrap(), vec![first]);
        assert_eq!(write_all_or_nothing(&writes).unwrap(), Vec::<PathBuf>::new(), "unchanged");
    }
}
