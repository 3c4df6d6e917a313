//! The only module that writes the output folder.
//!
//! A build hands its files to a [`Sink`] as it renders them, a guide at a time: a [`Writer`]
//! stages them, [`Compare`] compares them with `out/` (`build --check`), [`Memory`] keeps them
//! (the preview), so that a build holds the pages in flight and never the whole site. The
//! output folder must be new, empty or apiglot's ([`claim`]); the new tree is prepared beside
//! it and replaces it in one step ([`crate::staging`]) once every file is staged, so an error
//! at any page leaves `out/` as it was, and `out/` is the old tree or the new one, never a mix. Files whose bytes did not change keep their identity
//! (hard links); outputs of a previous build that this build no longer produces are left out,
//! tracked by a manifest so that nothing else in `out/` is ever lost.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::render::OutputFile;
use crate::staging::{self, Staging};

/// Lists the files the last build wrote, one relative path a line.
pub const MANIFEST: &str = ".apiglot-manifest";

/// What the last build was made from and the size and modification time of each file it left,
/// so that a rebuild from the same inputs can tell, by a `stat` per file, that there is
/// nothing to do. Machine-specific (times): keep it out of version control.
pub const STAMP: &str = ".apiglot-stamp";

/// The content of [`STAMP`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    /// Hash of the inputs, the build options and the apiglot binary.
    pub fingerprint: String,
    pub pages: usize,
    pub samples: usize,
    /// Warnings the build printed, printed again when it is skipped.
    pub warnings: Vec<String>,
    /// Every output file (the manifest included): path, size, modification time in ns.
    pub files: Vec<(PathBuf, u64, u128)>,
    /// What each page was rendered from and to (see [`crate::incremental`]); none in the
    /// stamps of apiglot before 0.3.
    #[serde(default)]
    pub records: crate::incremental::Records,
}

/// The stamp of the last build in `out` if `fingerprint` matches it and every file it lists
/// is as that build left it.
pub fn up_to_date(out: &Path, fingerprint: &str) -> Option<Stamp> {
    file_state(&out.join(STAMP))?;
    let stamp: Stamp = serde_json::from_slice(&std::fs::read(out.join(STAMP)).ok()?).ok()?;
    let unchanged = stamp.fingerprint == fingerprint
        && stamp.files.iter().all(|(path, size, mtime)| file_state(&out.join(path)) == Some((*size, *mtime)));
    unchanged.then_some(stamp)
}

/// The pages of the last build in `out` whose files are all as that build left them (by
/// its stamp's size and modification time of each): what an incremental build may keep.
/// Empty when there is no stamp, or an interrupted build left its staging folder.
pub fn previous_records(out: &Path) -> crate::incremental::Records {
    let read = || -> Option<Stamp> {
        file_state(&out.join(STAMP))?;
        serde_json::from_slice(&std::fs::read(out.join(STAMP)).ok()?).ok()
    };
    let Some(stamp) = read() else { return Default::default() };
    let left: std::collections::HashMap<&Path, (u64, u128)> =
        stamp.files.iter().map(|(path, size, mtime)| (path.as_path(), (*size, *mtime))).collect();
    let as_left = |path: &PathBuf| {
        path.components().all(|c| matches!(c, std::path::Component::Normal(_)))
            && left.get(path.as_path()).is_some_and(|state| file_state(&out.join(path)) == Some(*state))
    };
    let mut pages = stamp.records.clone();
    pages.retain(|_, record| record.files.iter().all(as_left));
    pages
}

fn file_state(path: &Path) -> Option<(u64, u128)> {
    // A link is never what a build left: not trusted, not followed.
    let meta = std::fs::symlink_metadata(path).ok().filter(|m| m.is_file())?;
    let mtime = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
    Some((meta.len(), mtime))
}

/// What [`write`] did.
pub type WriteReport = crate::staging::Committed;

/// Why a file in `out/` does not match the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    Missing(PathBuf),
    Differs(PathBuf),
    /// Written by an earlier build for an endpoint, guide or locale that is gone.
    Leftover(PathBuf),
    /// A path apiglot writes passes through a symbolic link (the build refuses it).
    Link(PathBuf),
    /// The staging folder of an interrupted build, beside the output folder.
    Interrupted(PathBuf),
    /// A temporary file an interrupted build of an earlier apiglot left in the output folder.
    TempFile(PathBuf),
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stale::Missing(p) => write!(f, "missing: {}", p.display()),
            Stale::Differs(p) => write!(f, "differs: {}", p.display()),
            Stale::Leftover(p) => write!(f, "no longer generated: {}", p.display()),
            Stale::Link(p) => write!(f, "symbolic link where apiglot writes (the build refuses it): {}", p.display()),
            Stale::Interrupted(p) => {
                write!(f, "left by an interrupted build (the next build removes it): {}", p.display())
            }
            Stale::TempFile(p) => {
                write!(f, "temporary file of an interrupted build (the next build removes it): {}", p.display())
            }
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// The files the last build in `out` wrote, from its manifest (a regular file only: a link
/// there is never read through).
fn previous_outputs(out: &Path) -> BTreeSet<PathBuf> {
    let manifest = out.join(MANIFEST);
    if !std::fs::symlink_metadata(&manifest).is_ok_and(|m| m.is_file()) {
        return BTreeSet::new();
    }
    std::fs::read_to_string(manifest)
        .map(|text| {
            text.lines()
                .map(PathBuf::from)
                .filter(|p| p.components().all(|c| matches!(c, std::path::Component::Normal(_))))
                .collect()
        })
        .unwrap_or_default()
}

fn manifest(paths: &[PathBuf]) -> Vec<u8> {
    let mut text = String::new();
    for path in paths {
        text.push_str(&path.to_string_lossy().replace('\\', "/"));
        text.push('\n');
    }
    text.into_bytes()
}

/// Where a build puts its files as it renders them (from any thread, a guide's files at a
/// time). A sink that fails stops the build.
pub trait Sink: Sync {
    fn add(&self, files: &[OutputFile]) -> Result<()>;

    /// Keeps the files at `paths` as the previous build left them, instead of having them
    /// rendered again (an incremental build, [`crate::build_incremental`]): true when the
    /// sink kept them all, false when they must be rendered and added.
    fn keep(&self, _paths: &[PathBuf]) -> Result<bool> {
        Ok(false)
    }
}

/// Keeps every file in memory: the preview's sink, and [`crate::build`]'s.
#[derive(Default)]
pub struct Memory {
    files: Mutex<Vec<OutputFile>>,
}

impl Memory {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().expect("not poisoned");
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Memory {
    fn add(&self, files: &[OutputFile]) -> Result<()> {
        self.files.lock().expect("not poisoned").extend_from_slice(files);
        Ok(())
    }
}

/// Stages files into a new tree beside `out` as they come ([`Staging::add`]: unchanged files
/// hard-linked), then [`Writer::finish`] swaps it in. Dropped unfinished (an error), it removes
/// the staging folder and `out` is as it was.
pub struct Writer {
    staging: Staging,
    /// Every path staged, for the manifest: the paths are all a writer holds.
    paths: Mutex<Vec<PathBuf>>,
}

impl Writer {
    /// Starts the new tree of `out` (see [`Staging::begin`]).
    pub fn begin(out: &OutDir) -> Result<Writer> {
        let staging = Staging::begin(&out.real, &out.shown, previous_outputs(&out.real))?;
        Ok(Writer { staging, paths: Mutex::new(Vec::new()) })
    }

    /// Makes `out` hold exactly the files added, their manifest and `stamp` (when given), plus
    /// whatever `out` held that apiglot did not write; outputs of the previous build that were
    /// not added are gone. One step (see [`crate::staging`]): on any error `out` is as it was.
    pub fn finish(self, stamp: Option<Stamp>) -> Result<WriteReport> {
        let Writer { staging, paths } = self;
        let mut paths = paths.into_inner().expect("not poisoned");
        paths.sort();
        staging.add(Path::new(MANIFEST), &manifest(&paths))?;
        let mut extra = Vec::new();
        if let Some(mut stamp) = stamp {
            let tree = staging.tree();
            let all = paths.into_iter().chain([PathBuf::from(MANIFEST)]);
            stamp.files =
                all.filter_map(|p| file_state(&tree.join(&p)).map(|(size, mtime)| (p, size, mtime))).collect();
            let path = tree.join(STAMP);
            std::fs::write(&path, serde_json::to_vec(&stamp).expect("a stamp always serializes")).map_err(io(&path))?;
            extra.push(STAMP);
        }
        let mut report = staging.commit(&extra)?;
        // The manifest is apiglot's bookkeeping, not an output.
        let counted = report.written.len();
        report.written.retain(|p| p != Path::new(MANIFEST));
        if report.written.len() == counted {
            report.unchanged -= 1;
        }
        Ok(report)
    }
}

impl Sink for Writer {
    fn add(&self, files: &[OutputFile]) -> Result<()> {
        for file in files {
            self.staging.add(&file.path, &file.contents)?;
        }
        self.paths.lock().expect("not poisoned").extend(files.iter().map(|f| f.path.clone()));
        Ok(())
    }

    /// Links each old file into the new tree ([`Staging::keep`]); false, with nothing kept,
    /// when one is not a regular file of the old tree any more.
    fn keep(&self, paths: &[PathBuf]) -> Result<bool> {
        if !self.staging.keep(paths)? {
            return Ok(false);
        }
        self.paths.lock().expect("not poisoned").extend(paths.iter().cloned());
        Ok(true)
    }
}

/// Makes `out` hold exactly `files` (see [`Writer::finish`]).
pub fn write(out: &OutDir, files: &[OutputFile], stamp: Option<Stamp>) -> Result<WriteReport> {
    use rayon::prelude::*;
    let writer = Writer::begin(out)?;
    files.par_iter().try_for_each(|file| writer.add(std::slice::from_ref(file)))?;
    writer.finish(stamp)
}

/// Compares files with `out` as they come, without writing and without holding them
/// (`build --check`); [`Compare::finish`] adds what only the whole build can tell.
pub struct Compare {
    out: OutDir,
    found: Mutex<Found>,
}

#[derive(Default)]
struct Found {
    /// The first link on the way to each path apiglot writes.
    links: BTreeSet<PathBuf>,
    /// Missing and differing files.
    stale: Vec<Stale>,
    paths: BTreeSet<PathBuf>,
}

impl Compare {
    pub fn new(out: &OutDir) -> Compare {
        Compare { out: out.clone(), found: Mutex::new(Found::default()) }
    }

    /// How many files were compared.
    pub fn files(&self) -> usize {
        self.found.lock().expect("not poisoned").paths.len()
    }

    /// Links where apiglot writes, stale and missing outputs, leftover ones, and what
    /// interrupted builds left, in that order.
    pub fn finish(self) -> Vec<Stale> {
        let Compare { out, found } = self;
        let Found { mut links, stale: mut compared, paths } = found.into_inner().expect("not poisoned");
        let root = &out.real;
        let previous = previous_outputs(root);
        for file in [Path::new(MANIFEST), Path::new(STAMP)].into_iter().chain(previous.iter().map(PathBuf::as_path)) {
            if let Some(link) = staging::first_link(root, file) {
                links.insert(link);
            }
        }
        let mut stale: Vec<Stale> = links.iter().cloned().map(Stale::Link).collect();
        let through_link = |p: &Path| links.iter().any(|l| p.starts_with(l));
        // As a build of the whole site would list them: by path.
        compared.sort_by(|a, b| stale_path(a).cmp(stale_path(b)));
        stale.extend(compared);
        for old in previous {
            if !paths.contains(&old) && !through_link(&old) && root.join(&old).is_file() {
                stale.push(Stale::Leftover(old));
            }
        }
        let walk = walkdir::WalkDir::new(root).min_depth(1).follow_links(false).sort_by_file_name();
        for entry in walk.into_iter().filter_map(|e| e.ok()) {
            if entry.file_type().is_file() && entry.file_name().to_str().is_some_and(staging::is_stray_temp_file) {
                stale.push(Stale::TempFile(entry.path().strip_prefix(root).expect("below out").to_path_buf()));
            }
        }
        let parent = out.shown.parent().unwrap_or(Path::new(""));
        for dir in staging::leftovers(root) {
            stale.push(Stale::Interrupted(parent.join(dir.file_name().expect("a named folder"))));
        }
        stale
    }
}

fn stale_path(stale: &Stale) -> &Path {
    match stale {
        Stale::Missing(p)
        | Stale::Differs(p)
        | Stale::Leftover(p)
        | Stale::Link(p)
        | Stale::Interrupted(p)
        | Stale::TempFile(p) => p,
    }
}

impl Sink for Compare {
    fn add(&self, files: &[OutputFile]) -> Result<()> {
        let root = &self.out.real;
        let mut links = Vec::new();
        let mut stale = Vec::new();
        for file in files {
            // A path through a link is reported as the link, never read through it.
            if let Some(link) = staging::first_link(root, &file.path) {
                links.push(link);
                continue;
            }
            match std::fs::read(root.join(&file.path)) {
                Err(_) => stale.push(Stale::Missing(file.path.clone())),
                Ok(existing) if existing != file.contents => stale.push(Stale::Differs(file.path.clone())),
                Ok(_) => {}
            }
        }
        let mut found = self.found.lock().expect("not poisoned");
        found.links.extend(links);
        found.stale.extend(stale);
        found.paths.extend(files.iter().map(|f| f.path.clone()));
        Ok(())
    }
}

/// Compares `out` with `files`, without writing (see [`Compare`]).
pub fn check(out: &OutDir, files: &[OutputFile]) -> Vec<Stale> {
    let compare = Compare::new(out);
    compare.add(files).expect("comparing never fails");
    compare.finish()
}

/// A folder apiglot writes into (`build --out`, `samples --out`, `import --into`), checked by
/// [`claim`].
#[derive(Debug, Clone)]
pub struct OutDir {
    /// As the user named it, for messages.
    pub shown: PathBuf,
    /// Absolute, with no link in it (a link given with `--follow-out-link` is resolved).
    pub real: PathBuf,
}

/// What a folder must hold, when it is not empty, for apiglot to write into it without
/// `--force`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// An output folder: it holds apiglot's manifest ([`MANIFEST`], a file).
    Manifest,
    /// An endpoints folder (`import --into`): every file below it is an endpoint file
    /// (`.yaml`, `.yml`) or a hidden file (`.gitkeep`), and it holds no link.
    Endpoints,
}

/// How [`claim`] is to treat a folder.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// The option that named the folder, for messages: `--out`, `--into`.
    pub option: &'a str,
    pub owner: Owner,
    /// Write into a folder that is not empty and not apiglot's (`--force`).
    pub force: bool,
    /// The folder may be a link; use the folder it points to.
    pub follow_link: bool,
    /// The option that allows a link, for messages: `--follow-out-link`.
    pub link_option: &'a str,
}

/// Checks that apiglot may write into `dir`: not a link (unless `rules.follow_link`), not the
/// file-system root and not a folder that is or holds one of `protected` (the project, the
/// current folder), even with `--force`; new, empty or already apiglot's (`rules.owner`)
/// unless `rules.force`. `protected` names each folder: "the project folder".
pub fn claim(dir: &Path, rules: &Rules, protected: &[(&Path, &str)]) -> Result<OutDir> {
    // `out/` and `out/.` name `out` itself, not what it may point to.
    let dir: PathBuf = dir.components().collect();
    let shown = dir.clone();
    let option = rules.option;
    let real = match std::fs::symlink_metadata(&dir) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::canonicalize(&dir).map_err(io(&dir))?;
            if !rules.follow_link {
                return Err(Error::project(
                    &shown,
                    format!(
                        "{option} names a symbolic link (to {}); apiglot writes nothing through a link",
                        target.display()
                    ),
                    format!("pass {} to write into {}, or name a real folder", rules.link_option, target.display()),
                ));
            }
            target
        }
        Ok(_) => std::fs::canonicalize(&dir).map_err(io(&dir))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => resolve_new(&dir)?,
        Err(e) => return Err(io(&dir)(e)),
    };
    if real.parent().is_none() {
        return Err(Error::project(
            &shown,
            format!("{option} names the file-system root"),
            format!("name a folder of its own, e.g. {option} out"),
        ));
    }
    for (place, what) in protected {
        if let Ok(place) = std::fs::canonicalize(place) {
            if place.starts_with(&real) {
                let names = if place == real { what.to_string() } else { format!("a folder that holds {what}") };
                return Err(Error::project(
                    &shown,
                    format!("{option} names {names} ({}), which apiglot never replaces", place.display()),
                    format!("name a folder of its own inside it, e.g. {option} out"),
                ));
            }
        }
    }
    match std::fs::symlink_metadata(&real) {
        Ok(meta) if !meta.is_dir() => {
            return Err(Error::project(&shown, format!("{option} names a file, not a folder"), "name a folder"))
        }
        Ok(_) if !rules.force => {
            if let Some(foreign) = foreign_content(&real, rules.owner)? {
                let ours = match rules.owner {
                    Owner::Manifest => format!("it holds no {MANIFEST}, so it is not an apiglot output folder"),
                    Owner::Endpoints => "apiglot writes only into a folder of endpoint files (.yaml, .yml)".into(),
                };
                return Err(Error::project(
                    &shown,
                    format!("{option} names a folder that holds {}; {ours}", foreign.display()),
                    "name a new or empty folder, or pass --force to write into this one (files apiglot did not write are kept)",
                ));
            }
        }
        _ => {}
    }
    Ok(OutDir { shown, real })
}

/// The first entry of `dir` that tells it is not apiglot's, if any.
fn foreign_content(dir: &Path, owner: Owner) -> Result<Option<PathBuf>> {
    let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
    let Some(first) = entries.next() else { return Ok(None) };
    let first = first.map_err(io(dir))?;
    match owner {
        Owner::Manifest => {
            let ours = std::fs::symlink_metadata(dir.join(MANIFEST)).is_ok_and(|m| m.is_file());
            Ok((!ours).then(|| PathBuf::from(first.file_name())))
        }
        Owner::Endpoints => {
            for entry in walkdir::WalkDir::new(dir).min_depth(1).follow_links(false).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::Io {
                    path: e.path().unwrap_or(dir).to_path_buf(),
                    source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop")),
                })?;
                let name = entry.file_name().to_string_lossy();
                let endpoint_file = entry.file_type().is_file()
                    && (name.starts_with('.') || name.ends_with(".yaml") || name.ends_with(".yml"));
                if !(entry.file_type().is_dir() || endpoint_file) {
                    return Ok(Some(entry.path().strip_prefix(dir).expect("below dir").to_path_buf()));
                }
            }
            Ok(None)
        }
    }
}

/// The absolute path of a folder that does not exist yet: its nearest existing ancestor
/// resolved, then the rest, which may not climb (`..`).
fn resolve_new(dir: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(dir).map_err(io(dir))?;
    let existing = absolute.ancestors().find(|a| std::fs::symlink_metadata(a).is_ok()).expect("the root exists");
    let rest = absolute.strip_prefix(existing).expect("an ancestor");
    if !rest.components().all(|c| matches!(c, std::path::Component::Normal(_))) {
        return Err(Error::project(
            dir,
            "the folder does not exist and its path climbs with `..`",
            "name it without `..`",
        ));
    }
    Ok(std::fs::canonicalize(existing).map_err(io(existing))?.join(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(force: bool) -> Rules<'static> {
        Rules { option: "--out", owner: Owner::Manifest, force, follow_link: false, link_option: "--follow-out-link" }
    }

    #[test]
    fn the_file_system_root_is_never_an_output_folder() {
        for force in [false, true] {
            let refused = claim(Path::new("/"), &rules(force), &[]).unwrap_err().to_string();
            assert!(refused.contains("--out names the file-system root"), "{refused}");
        }
        let refused = claim(Path::new("/.."), &rules(true), &[]).unwrap_err().to_string();
        assert!(refused.contains("--out names the file-system root"), "{refused}");
    }

    #[test]
    fn a_new_folder_is_resolved_and_may_not_climb() {
        let dir = tempfile::tempdir().unwrap();
        let out = claim(&dir.path().join("a/b"), &rules(false), &[]).unwrap();
        assert_eq!(out.real, std::fs::canonicalize(dir.path()).unwrap().join("a/b"));
        let refused = claim(&dir.path().join("a/../b"), &rules(false), &[]).unwrap_err().to_string();
        assert!(refused.contains("climbs with `..`"), "{refused}");
    }
}
