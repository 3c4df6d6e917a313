//! Shared test helpers: copying projects into temporary folders and running the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies every file below `from` into `to`, replacing files of the same name.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of the example project (config, endpoints, locales), with `overlay`'s
/// files laid over it.
pub fn example_project(overlay: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("apiglot.toml"), dir.path().join("apiglot.toml")).unwrap();
    copy_tree(&repo().join("endpoints"), &dir.path().join("endpoints"));
    copy_tree(&repo().join("locales"), &dir.path().join("locales"));
    if let Some(overlay) = overlay {
        copy_tree(overlay, dir.path());
    }
    dir
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The apiglot binary under test: cargo's, or `APIGLOT_TEST_BIN` when set (a copy taken right
/// after building, where several checkouts share one target folder and overwrite its binary).
pub fn bin() -> PathBuf {
    std::env::var_os("APIGLOT_TEST_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_apiglot")), PathBuf::from)
}

pub fn apiglot(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(bin()).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every file below `dir` with its bytes, for comparing a folder before and after. The build
/// stamp is left out: it records file times, which differ from build to build.
pub fn snapshot_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.file_name() != apiglot::output::STAMP {
            files.push((entry.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(entry.path()).unwrap()));
        }
    }
    files
}

/// Renders every sample of a project's endpoints, keyed by endpoint id then target id.
pub fn samples(root: &Path) -> Vec<(String, Vec<apiglot::render::Sample>)> {
    let project = apiglot::load::project(root).unwrap();
    let (model, engine) = apiglot::prepare(&project, &project.config.locales).unwrap();
    apiglot::render::samples(&engine, &project.config, &model.endpoints).unwrap().into_iter().collect()
}

/// What a header may carry of `value`: HTTP header values are visible ASCII, spaces and tabs.
pub fn header_value(value: &str) -> String {
    let visible: String = value.chars().filter(|c| c.is_ascii() && (!c.is_ascii_control() || *c == '\t')).collect();
    visible.trim_matches([' ', '\t']).to_string()
}

/// Compares `got` with the case's `expected.txt` (rewritten first when APIGLOT_BLESS is set,
/// for a person to review); the difference to report, if any.
pub fn differs_from_expected(case: &Path, got: &str) -> Option<String> {
    let expected_file = case.join("expected.txt");
    if std::env::var_os("APIGLOT_BLESS").is_some() {
        std::fs::write(&expected_file, got).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_file).unwrap_or_default();
    (got != expected).then(|| format!("{}:\n--- expected\n{expected}--- got\n{got}", case.display()))
}

/// Serves `body` as a plain-text page to the first request on a free local port; returns the
/// port and the thread, which gives back the request's head when joined.
pub fn serve_once(body: Vec<u8>) -> (u16, std::thread::JoinHandle<String>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 4096];
        let read = stream.read(&mut request).unwrap();
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&body).unwrap();
        String::from_utf8_lossy(&request[..read]).into_owned()
    });
    (port, server)
}
