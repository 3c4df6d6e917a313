//! The only module that writes the output folder.
//!
//! Everything is rendered before anything is written, so an input error leaves `out/` as it
//! was. Each file is replaced atomically (written beside it, then renamed); files whose bytes
//! did not change are not touched; outputs of a previous build that this build no longer
//! produces are removed, tracked by a manifest so that nothing else in `out/` is ever deleted.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::OutputFile;

/// Lists the files the last build wrote, one relative path a line.
pub const MANIFEST: &str = ".apiglot-manifest";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    pub removed: Vec<PathBuf>,
}

/// Why a file in `out/` does not match the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    Missing(PathBuf),
    Differs(PathBuf),
    /// Written by an earlier build for an endpoint, guide or locale that is gone.
    Leftover(PathBuf),
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stale::Missing(p) => write!(f, "missing: {}", p.display()),
            Stale::Differs(p) => write!(f, "differs: {}", p.display()),
            Stale::Leftover(p) => write!(f, "no longer generated: {}", p.display()),
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

fn previous_outputs(out: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_to_string(out.join(MANIFEST))
        .map(|text| {
            text.lines()
                .map(PathBuf::from)
                .filter(|p| p.components().all(|c| matches!(c, std::path::Component::Normal(_))))
                .collect()
        })
        .unwrap_or_default()
}

fn manifest(files: &[OutputFile]) -> Vec<u8> {
    let mut text = String::new();
    for f in files {
        text.push_str(&f.path.to_string_lossy().replace('\\', "/"));
        text.push('\n');
    }
    text.into_bytes()
}

/// Writes `files` under `out`, atomically per file, skipping unchanged ones.
pub fn write(out: &Path, files: &[OutputFile]) -> Result<WriteReport> {
    let mut report = WriteReport::default();
    let previous = previous_outputs(out);
    let mut all = files.to_vec();
    all.push(OutputFile { path: PathBuf::from(MANIFEST), contents: manifest(files) });
    for file in &all {
        let path = out.join(&file.path);
        if std::fs::read(&path).is_ok_and(|existing| existing == file.contents) {
            report.unchanged += 1;
            continue;
        }
        let dir = path.parent().expect("output paths are below out/");
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let mut tmp = tempfile::Builder::new().prefix(".apiglot-").tempfile_in(dir).map_err(io(dir))?;
        tmp.write_all(&file.contents).map_err(io(&path))?;
        tmp.persist(&path).map_err(|e| Error::Io { path: path.clone(), source: e.error })?;
        if file.path != Path::new(MANIFEST) {
            report.written.push(file.path.clone());
        }
    }
    let current: BTreeSet<&PathBuf> = files.iter().map(|f| &f.path).collect();
    for old in previous.iter().filter(|p| !current.contains(p)) {
        let path = out.join(old);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(io(&path))?;
            report.removed.push(old.clone());
        }
    }
    Ok(report)
}

/// Compares `out` with what a build would write, without writing.
pub fn check(out: &Path, files: &[OutputFile]) -> Vec<Stale> {
    let mut stale = Vec::new();
    for file in files {
        match std::fs::read(out.join(&file.path)) {
            Err(_) => stale.push(Stale::Missing(file.path.clone())),
            Ok(existing) if existing != file.contents => stale.push(Stale::Differs(file.path.clone())),
            Ok(_) => {}
        }
    }
    let current: BTreeSet<&PathBuf> = files.iter().map(|f| &f.path).collect();
    for old in previous_outputs(out) {
        if !current.contains(&old) && out.join(&old).is_file() {
            stale.push(Stale::Leftover(old));
        }
    }
    stale
}
