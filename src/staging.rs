//! Old or new, never mixed: an output folder is replaced whole, in one step.
//!
//! A [`Staging`] builds the complete new tree in a folder beside the output folder,
//! `.<name>.apiglot-new-<pid>/tree`, next to a marker file that says what the folder is (and is
//! locked while the build runs). Unchanged files are hard links to the old ones (so their
//! modification time, which the build stamp compares, stays); files in the output folder that
//! apiglot did not write are linked over too, so nothing of the user's is lost. [`Staging::commit`]
//! then flushes the new tree to disk (Linux: one `syncfs`), swaps the two folders with one
//! `renameat2(RENAME_EXCHANGE)` on Linux (elsewhere, or on a file system without it, two
//! renames) and removes the old tree, which now sits in the staging folder. A full disk, a
//! permission error, a kill or a crash before the swap leave the old output folder as it was;
//! the staging folder left behind is removed by the next build and reported by
//! `apiglot build --check` ([`leftovers`]). A folder with the staging name is only ever deleted
//! when it holds the [`MARKER`] file and no running build holds the marker's lock.
//!
//! Nothing is written, linked or deleted through a symbolic link inside the output folder: a
//! path of the old tree that apiglot would replace or remove and that has a link in it is an
//! error, and the old tree is deleted without following links.
//!
//! Files come in one at a time through [`Staging::add`] (from any thread), so a build can
//! stream its pages into the staging tree as it renders them instead of holding them all.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// The file in every staging folder that marks it as apiglot's; a folder with the staging name
/// but without this file is never deleted.
pub const MARKER: &str = "APIGLOT-STAGING";

const MARKER_TEXT: &str = "This folder holds an apiglot build in progress, or one that was interrupted.\n\
    The next `apiglot build` into the folder beside it removes it; deleting it by hand is safe.\n";

/// The name of the staging folders of the output folder named `out_name`, without the pid.
fn staging_prefix(out_name: &str) -> String {
    format!(".{out_name}.apiglot-new-")
}

/// Is `name` a temporary file of apiglot's per-file writer (`.apiglot-` and six letters or
/// digits), as earlier versions left in the output folder when killed?
pub fn is_stray_temp_file(name: &str) -> bool {
    name.strip_prefix(".apiglot-")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// The error for a path inside the output folder that is a symbolic link.
pub fn link_error(shown: &Path) -> Error {
    Error::project(
        shown,
        "is a symbolic link inside a folder apiglot writes; nothing is written or deleted through a link",
        format!("remove the link (`rm {}`) and build again: apiglot recreates what it needs", shown.display()),
    )
}

/// Does `rel` (a relative path below `base`) pass through a symbolic link, the last component
/// included? Returns the first link found. Components that do not exist end the search.
pub fn first_link(base: &Path, rel: &Path) -> Option<PathBuf> {
    let mut path = base.to_path_buf();
    let mut shown = PathBuf::new();
    for component in rel.components() {
        path.push(component);
        shown.push(component);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Some(shown),
            Ok(meta) if meta.is_dir() => continue,
            _ => return None,
        }
    }
    None
}

/// A staging folder beside the output folder, locked while this process builds in it.
struct Folder {
    /// `.<name>.apiglot-new-<pid>`: the marker and `tree/`.
    dir: PathBuf,
    /// Held open with an exclusive lock, so another build never takes this folder for a
    /// leftover; the lock goes with the process, however it ends.
    _lock: File,
}

/// A new output tree in the making. See the module documentation.
pub struct Staging {
    /// The output folder, resolved (no link).
    out: PathBuf,
    /// The output folder as the user named it, for messages.
    shown: PathBuf,
    out_exists: bool,
    folder: Option<Folder>,
    tree: PathBuf,
    /// The files the previous build wrote (its manifest), each checked for links.
    previous: BTreeSet<PathBuf>,
    added: Mutex<BTreeMap<PathBuf, bool>>,
    /// Folders of the old tree already checked for links.
    checked: Mutex<HashSet<PathBuf>>,
    count: AtomicUsize,
}

/// What [`Staging::commit`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Committed {
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    pub removed: Vec<PathBuf>,
}

impl Staging {
    /// Starts a new tree for the output folder `out` (resolved, see `output::OutDir`), shown
    /// to the user as `shown`. Removes the staging folders of interrupted builds first.
    /// `previous` lists the files the last build wrote; each is checked for links.
    pub fn begin(out: &Path, shown: &Path, previous: BTreeSet<PathBuf>) -> Result<Staging> {
        let (parent, name) = split(out)?;
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        remove_leftovers(out)?;
        let out_exists = std::fs::symlink_metadata(out).is_ok();
        if out_exists {
            for rel in &previous {
                if let Some(link) = first_link(out, rel) {
                    return Err(link_error(&shown.join(link)));
                }
            }
        }
        let dir = parent.join(format!("{}{}", staging_prefix(&name), std::process::id()));
        std::fs::create_dir(&dir).map_err(|e| {
            Error::project(
                &dir,
                format!("cannot prepare the new output folder beside {}: {e}", shown.display()),
                format!("apiglot builds the new tree next to the output folder: make {} writable", parent.display()),
            )
        })?;
        let marker = dir.join(MARKER);
        let made = (|| {
            let lock = File::create(&marker).map_err(io(&marker))?;
            lock_exclusive(&lock).map_err(io(&marker))?;
            std::fs::write(&marker, MARKER_TEXT).map_err(io(&marker))?;
            let tree = dir.join("tree");
            std::fs::create_dir(&tree).map_err(io(&tree))?;
            Ok((lock, tree))
        })();
        let (lock, tree) = match made {
            Ok(made) => made,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                return Err(e);
            }
        };
        Ok(Staging {
            out: out.to_path_buf(),
            shown: shown.to_path_buf(),
            out_exists,
            folder: Some(Folder { dir, _lock: lock }),
            tree,
            previous,
            added: Default::default(),
            checked: Default::default(),
            count: AtomicUsize::new(0),
        })
    }

    /// Puts `bytes` at `rel` (relative, plain components) in the new tree: a hard link to the
    /// old file when it holds exactly these bytes, else a new file. Safe to call from many
    /// threads; each path once.
    pub fn add(&self, rel: &Path, bytes: &[u8]) -> Result<()> {
        debug_assert!(rel.components().all(|c| matches!(c, Component::Normal(_))), "{}", rel.display());
        if self.out_exists {
            self.refuse_links(rel)?;
        }
        let dest = self.tree.join(rel);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        let old = self.out.join(rel);
        let same = self.out_exists
            && std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(&old).is_ok_and(|existing| existing == bytes);
        let linked = same && link_or_copy(&old, &dest).is_ok();
        if !linked {
            let _ = std::fs::remove_file(&dest);
            write_new(&dest, bytes)?;
        }
        self.added.lock().expect("not poisoned").insert(rel.to_path_buf(), !linked);
        fault_for_tests(self.count.fetch_add(1, Ordering::Relaxed) + 1).map_err(io(&dest))
    }

    /// Puts the old tree's files at `paths` into the new tree as they are (hard links), for
    /// an incremental build that did not render them again. False, with nothing put, when one
    /// of them is not a regular file of the old tree; an error for a link on the way.
    pub fn keep(&self, paths: &[PathBuf]) -> Result<bool> {
        if !self.out_exists {
            return Ok(false);
        }
        for rel in paths {
            debug_assert!(rel.components().all(|c| matches!(c, Component::Normal(_))), "{}", rel.display());
            self.refuse_links(rel)?;
            if !std::fs::symlink_metadata(self.out.join(rel)).is_ok_and(|m| m.is_file()) {
                return Ok(false);
            }
        }
        for rel in paths {
            let dest = self.tree.join(rel);
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
            }
            link_or_copy(&self.out.join(rel), &dest).map_err(io(&dest))?;
            self.added.lock().expect("not poisoned").insert(rel.clone(), false);
            fault_for_tests(self.count.fetch_add(1, Ordering::Relaxed) + 1).map_err(io(&dest))?;
        }
        Ok(true)
    }

    /// Refuses `rel` when a folder on its way, or the file itself, is a link in the old tree.
    fn refuse_links(&self, rel: &Path) -> Result<()> {
        let mut prefix = PathBuf::new();
        let components: Vec<Component> = rel.components().collect();
        for (i, component) in components.iter().enumerate() {
            prefix.push(component);
            let last = i + 1 == components.len();
            if !last && self.checked.lock().expect("not poisoned").contains(&prefix) {
                continue;
            }
            match std::fs::symlink_metadata(self.out.join(&prefix)) {
                Ok(meta) if meta.file_type().is_symlink() => return Err(link_error(&self.shown.join(&prefix))),
                Ok(meta) if meta.is_dir() && !last => {
                    self.checked.lock().expect("not poisoned").insert(prefix.clone());
                }
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    /// The folder of the new tree, for files written straight into it (the stamp).
    pub fn tree(&self) -> &Path {
        &self.tree
    }

    /// Carries over what the old tree holds that apiglot did not write, then makes the new
    /// tree the output folder in one step and removes the old one. `extra` are top-level files
    /// written straight into [`Staging::tree`] (the stamp): never carried over from the old
    /// tree. When no file changed, nothing is swapped: only the `extra` files are replaced.
    pub fn commit(mut self, extra: &[&str]) -> Result<Committed> {
        let added = std::mem::take(&mut *self.added.lock().expect("not poisoned"));
        let mut report = Committed::default();
        for (path, written) in &added {
            if *written {
                report.written.push(path.clone());
            } else {
                report.unchanged += 1;
            }
        }
        let mut changed = !report.written.is_empty();
        if self.out_exists {
            changed |= self.carry_over(&added, extra, &mut report)?;
        }
        if !changed && self.out_exists {
            // Every file as it was: the old tree stays (and keeps its folders' identity); only
            // the extra files, which did change, are replaced, one atomic rename each.
            for name in extra {
                let staged = self.tree.join(name);
                let bytes = std::fs::read(&staged).map_err(io(&staged))?;
                if std::fs::symlink_metadata(self.out.join(name)).is_ok_and(|m| m.file_type().is_symlink()) {
                    return Err(link_error(&self.shown.join(name)));
                }
                crate::fsutil::write_atomic(&self.out.join(name), &bytes)?;
            }
            return Ok(report);
        }
        swap(&self.tree, &self.out, self.out_exists).map_err(|e| match e {
            // A mount point (a container volume) cannot be replaced by a rename.
            Error::Io { source, .. } if matches!(source.raw_os_error(), Some(libc::EXDEV) | Some(libc::EBUSY)) => {
                Error::project(
                    &self.shown,
                    format!("cannot replace the output folder in one step: {source}"),
                    format!(
                        "the folder is probably a mount point; build into a folder inside it, e.g. --out {}",
                        self.shown.join("site").display()
                    ),
                )
            }
            other => other,
        })?;
        abort_for_tests_at("swap");
        if let Some(folder) = self.folder.take() {
            // The old tree, now in the staging folder. Should it fail (a folder without write
            // permission), the next build tries again and `build --check` reports it.
            let _ = std::fs::remove_dir_all(&folder.dir);
        }
        Ok(report)
    }

    /// Links into the new tree every entry of the old one that apiglot did not write; fills
    /// `report.removed` with the previous outputs left out. Says whether anything of the old
    /// tree is left out (outputs no longer generated, stray temporary files, empty folders of
    /// removed outputs).
    fn carry_over(&self, added: &BTreeMap<PathBuf, bool>, extra: &[&str], report: &mut Committed) -> Result<bool> {
        let mut changed = false;
        let walk = walkdir::WalkDir::new(&self.out).min_depth(1).follow_links(false).sort_by_file_name();
        let added_dirs: HashSet<&Path> = added.keys().flat_map(|p| p.ancestors().skip(1)).collect();
        for entry in walk {
            let entry = entry.map_err(|e| Error::Io {
                path: e.path().map_or_else(|| self.shown.clone(), |p| self.shown_of(p)),
                source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop")),
            })?;
            let rel = entry.path().strip_prefix(&self.out).expect("below out").to_path_buf();
            let kind = entry.file_type();
            let top_level_extra = rel.components().count() == 1 && extra.iter().any(|e| rel == Path::new(e));
            if top_level_extra {
                if kind.is_dir() {
                    return Err(conflict(&self.shown.join(&rel), "a folder"));
                }
                continue;
            }
            if kind.is_dir() {
                if added.contains_key(&rel) {
                    return Err(conflict(&self.shown.join(&rel), "a folder"));
                }
                let empty = std::fs::read_dir(entry.path()).map_err(io(entry.path()))?.next().is_none();
                if empty {
                    std::fs::create_dir_all(self.tree.join(&rel)).map_err(io(&self.tree.join(&rel)))?;
                }
                continue;
            }
            if added.contains_key(&rel) {
                continue;
            }
            if added_dirs.contains(rel.as_path()) {
                return Err(conflict(&self.shown.join(&rel), "a file"));
            }
            if self.previous.contains(&rel) {
                changed = true;
                report.removed.push(rel);
                continue;
            }
            if kind.is_file() && entry.file_name().to_str().is_some_and(is_stray_temp_file) {
                changed = true;
                continue;
            }
            let dest = self.tree.join(&rel);
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
            }
            link_or_copy(entry.path(), &dest).map_err(io(&self.shown_of(entry.path())))?;
        }
        // Folders that only held outputs no longer generated are gone from the new tree.
        changed |= !report.removed.is_empty();
        Ok(changed)
    }

    fn shown_of(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.out).map_or_else(|_| path.to_path_buf(), |rel| self.shown.join(rel))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Not committed (an error): the old tree was never touched; the new one goes.
        if let Some(folder) = self.folder.take() {
            let _ = std::fs::remove_dir_all(&folder.dir);
        }
    }
}

fn conflict(shown: &Path, what: &str) -> Error {
    Error::project(
        shown,
        format!("is {what} where apiglot writes {}", if what == "a file" { "a folder" } else { "a file" }),
        "move it out of the output folder, then build again",
    )
}

/// The parent folder and the name of `out`.
fn split(out: &Path) -> Result<(PathBuf, String)> {
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) => Ok((parent.to_path_buf(), name.to_string_lossy().into_owned())),
        _ => {
            Err(Error::project(out, "is not a folder apiglot can replace", "name a folder of its own, e.g. --out out"))
        }
    }
}

/// A hard link of `from` at `to` (a link, when `from` is one, is linked itself, not followed);
/// a copy with the same modification time and permissions where hard links are refused.
fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    let linked = std::fs::hard_link(from, to);
    if linked.is_ok() {
        return Ok(());
    }
    let meta = std::fs::symlink_metadata(from)?;
    if meta.file_type().is_symlink() {
        #[cfg(unix)]
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
    }
    if !meta.is_file() {
        return linked;
    }
    std::fs::copy(from, to)?;
    let file = File::options().write(true).open(to)?;
    file.set_modified(meta.modified()?)?;
    Ok(())
}

/// A new file at `path` (never an existing one) holding `bytes`, readable like any file the
/// user creates.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file = File::options().write(true).create_new(true).open(path).map_err(io(path))?;
    file.write_all(bytes).map_err(io(path))
}

fn lock_exclusive(file: &File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: flock on a file descriptor this process owns.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    let _ = file;
    Ok(())
}

/// Is the staging folder `dir` in use by a running build (its marker locked)?
fn in_use(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        let Ok(marker) = File::open(dir.join(MARKER)) else { return false };
        use std::os::fd::AsRawFd;
        // SAFETY: flock on a file descriptor this process owns; closing it drops the lock.
        unsafe { libc::flock(marker.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) != 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        false
    }
}

/// The staging folders of interrupted builds beside the output folder `out` (the name
/// pattern, a real folder, the marker a file, not locked by a running build).
pub fn leftovers(out: &Path) -> Vec<PathBuf> {
    let Ok((parent, name)) = split(out) else { return Vec::new() };
    let prefix = staging_prefix(&name);
    let Ok(entries) = std::fs::read_dir(&parent) else { return Vec::new() };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_prefix(&prefix))
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|e| e.path())
        .filter(|dir| std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()))
        .filter(|dir| std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file()))
        .filter(|dir| !in_use(dir))
        .collect();
    found.extend(earlier_leftovers(&parent, &name));
    found.sort();
    found
}

/// What a first build of apiglot before the staging marker left when it was killed:
/// `.<name>.apiglot-<pid>`, a whole output tree with its manifest, written by a process that is
/// gone. Only a real folder holding `.apiglot-manifest` as a file, whose process no longer runs.
fn earlier_leftovers(parent: &Path, name: &str) -> Vec<PathBuf> {
    let prefix = format!(".{name}.apiglot-");
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file_name = e.file_name().to_str()?.to_string();
            let pid = file_name.strip_prefix(&prefix)?;
            (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && !process_runs(pid)).then(|| e.path())
        })
        .filter(|dir| std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()))
        .filter(|dir| std::fs::symlink_metadata(dir.join(crate::output::MANIFEST)).is_ok_and(|m| m.is_file()))
        .collect()
}

/// Does the process `pid` still run? Where that cannot be told, it is taken to run.
fn process_runs(pid: &str) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid).exists()
    } else {
        true
    }
}

/// Removes the staging folders of interrupted builds beside `out`. Where the swap of the
/// two-rename fallback was cut between its renames (no `out`, the old tree in `old/`), the old
/// tree is put back first.
fn remove_leftovers(out: &Path) -> Result<()> {
    for dir in leftovers(out) {
        let old = dir.join("old");
        let ours = std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file());
        if ours && std::fs::symlink_metadata(out).is_err() && std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_dir())
        {
            std::fs::rename(&old, out).map_err(io(out))?;
        }
        // remove_dir_all deletes links, never what they point to.
        std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
    }
    Ok(())
}

/// Makes `tree` the output folder `out`: one exchange when `out` exists. The new tree is
/// flushed to disk first, so that after a power loss `out` is not a tree of empty files.
fn swap(tree: &Path, out: &Path, out_exists: bool) -> Result<()> {
    flush(tree).map_err(io(tree))?;
    if !out_exists {
        return std::fs::rename(tree, out).map_err(io(out));
    }
    #[cfg(target_os = "linux")]
    {
        match exchange(tree, out) {
            Ok(()) => return Ok(()),
            // A file system without RENAME_EXCHANGE: the fallback below.
            Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) => {}
            Err(e) => return Err(io(out)(e)),
        }
    }
    swap_by_renames(tree, out)
}

/// The swap as two renames: between them `out` is missing and the old tree is in
/// `<staging>/old`, which the next build puts back should this process die there.
fn swap_by_renames(tree: &Path, out: &Path) -> Result<()> {
    let old = tree.with_file_name("old");
    std::fs::rename(out, &old).map_err(io(out))?;
    std::fs::rename(tree, out).map_err(io(out))?;
    let _ = std::fs::rename(&old, tree);
    Ok(())
}

/// Writes what the file system holds in memory for `dir` (and everything else on it) to disk:
/// one `syncfs` on Linux, cheaper than an fsync per file for thousands of pages.
fn flush(dir: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let handle = File::open(dir)?;
        // SAFETY: syncfs on a file descriptor this process owns.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two valid NUL-terminated paths, relative to the current directory.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Debug builds only, for the tests of interrupted and failing builds: once N files are
/// staged, `APIGLOT_TEST_ABORT_AFTER=N` kills the process (abort: no clean-up, like `kill -9`)
/// and `APIGLOT_TEST_FAIL_AFTER=N` fails as a full disk would.
fn fault_for_tests(staged: usize) -> std::io::Result<()> {
    #[cfg(debug_assertions)]
    {
        let at = |name| std::env::var(name).ok().and_then(|v| v.parse::<usize>().ok()) == Some(staged);
        if at("APIGLOT_TEST_ABORT_AFTER") {
            std::process::abort();
        }
        if at("APIGLOT_TEST_FAIL_AFTER") {
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left (APIGLOT_TEST_FAIL_AFTER)",
            ));
        }
    }
    let _ = staged;
    Ok(())
}

/// Debug builds only: `APIGLOT_TEST_ABORT_AFTER=swap` kills the process right after the swap,
/// before the old tree is removed.
fn abort_for_tests_at(step: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("APIGLOT_TEST_ABORT_AFTER").is_ok_and(|v| v == step) {
        std::process::abort();
    }
    let _ = step;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree_with(dir: &Path, file: &str, text: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(file), text).unwrap();
    }

    #[test]
    fn the_two_rename_fallback_swaps_and_a_cut_between_its_renames_is_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        tree_with(&out, "page.md", "old");
        let staging = Staging::begin(&out, Path::new("out"), BTreeSet::new()).unwrap();
        staging.add(Path::new("page.md"), b"new").unwrap();
        let tree = staging.tree().to_path_buf();
        swap_by_renames(&tree, &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("page.md")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(tree.join("page.md")).unwrap(), "old", "the old tree, to be removed");
        drop(staging);
        assert!(leftovers(&out).is_empty() && !tree.exists());

        // Killed between the renames: no `out`, the old tree in `old/` of a staging folder
        // whose lock went with the process.
        let folder = dir.path().join(".out.apiglot-new-999999");
        tree_with(&folder, MARKER, MARKER_TEXT);
        std::fs::rename(&out, folder.join("old")).unwrap();
        assert!(!out.exists());
        remove_leftovers(&out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("page.md")).unwrap(), "new", "the tree put back");
        assert!(!folder.exists());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_first_build_of_an_earlier_apiglot_that_was_killed_is_a_leftover() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        // No process has pid 4194305 (above Linux's pid_max); this process's pid is alive.
        let gone = dir.path().join(".out.apiglot-4194305");
        tree_with(&gone, crate::output::MANIFEST, "en/a.md\n");
        let running = dir.path().join(format!(".out.apiglot-{}", std::process::id()));
        tree_with(&running, crate::output::MANIFEST, "en/a.md\n");
        let foreign = dir.path().join(".out.apiglot-4194306");
        tree_with(&foreign, "notes.txt", "not apiglot's");
        assert_eq!(leftovers(&out), std::slice::from_ref(&gone));
        remove_leftovers(&out).unwrap();
        assert!(!gone.exists() && running.exists() && foreign.exists());
    }

    #[test]
    fn a_running_build_s_staging_folder_is_not_a_leftover() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let staging = Staging::begin(&out, Path::new("out"), BTreeSet::new()).unwrap();
        let folder = staging.tree().parent().unwrap().to_path_buf();
        assert!(folder.join(MARKER).is_file());
        #[cfg(unix)]
        assert!(leftovers(&out).is_empty(), "locked by this build");
        drop(staging);
        assert!(!folder.exists(), "an uncommitted staging folder is removed");
    }

    #[test]
    fn stray_temporary_files_are_recognized_by_their_exact_shape() {
        assert!(is_stray_temp_file(".apiglot-Ab12Cd"));
        for name in [".apiglot-manifest", ".apiglot-stamp", ".apiglot-Ab12C", "apiglot-Ab12Cd", ".apiglot-Ab-2Cd"] {
            assert!(!is_stray_temp_file(name), "{name}");
        }
    }
}
