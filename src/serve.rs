//! `apiglot serve`: a preview of the site on 127.0.0.1 that rebuilds when endpoints, locales,
//! templates or apiglot.toml change, and reloads the open page.
//!
//! The site is built in memory and served from there: the preview never writes `out/` (only
//! `output` does). HTML responses get a small script that polls `/__apiglot/version` and
//! reloads when a rebuild finished; built files never contain it.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::BuildOptions;

/// Where the reload script asks whether the site changed.
pub const VERSION_PATH: &str = "/__apiglot/version";

/// What the project folder holds that a build reads; changes elsewhere (out/, target/) are
/// ignored.
const WATCHED_DIRS: [&str; 3] = ["endpoints", "locales", "templates"];

/// The site as last built: its files, or the error that stopped the build.
struct Site {
    version: u64,
    files: HashMap<String, Vec<u8>>,
    error: Option<String>,
}

/// A running preview: the address it listens on and the loop that answers requests.
pub struct Preview {
    server: tiny_http::Server,
    site: Arc<RwLock<Site>>,
    /// Kept alive while serving: dropping it stops the watching.
    _watcher: notify::RecommendedWatcher,
}

/// Builds the project at `root` and listens on 127.0.0.1:`port` (0 picks a free port).
pub fn start(root: &Path, options: BuildOptions, port: u16) -> std::io::Result<Preview> {
    let site = Arc::new(RwLock::new(Site { version: 0, files: HashMap::new(), error: None }));
    rebuild(root, &options, &site);
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(std::io::Error::other)?;

    let (events, changes) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(events).map_err(std::io::Error::other)?;
    // The root itself (not recursive: it may hold target/), for apiglot.toml and new folders.
    watcher.watch(root, RecursiveMode::NonRecursive).map_err(std::io::Error::other)?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive).map_err(std::io::Error::other)?;
        }
    }
    let root_owned = root.to_path_buf();
    let rebuilt = Arc::clone(&site);
    std::thread::spawn(move || watch_loop(&root_owned, &options, &rebuilt, &changes));
    Ok(Preview { server, site, _watcher: watcher })
}

impl Preview {
    pub fn addr(&self) -> Option<SocketAddr> {
        self.server.server_addr().to_ip()
    }

    /// Answers requests until the process ends.
    pub fn run(&self) {
        for request in self.server.incoming_requests() {
            let response = respond(&self.site, request.url());
            // A client that went away is no error of the preview's.
            let _ = request.respond(response);
        }
    }
}

/// Does a change at `path` concern the build?
fn affects_build(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else { return false };
    let first = relative.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
    match first.as_deref() {
        Some(crate::load::CONFIG_FILE) => true,
        Some(dir) => WATCHED_DIRS.contains(&dir),
        None => false,
    }
}

/// Does an event of this kind change what a build reads? A build's own reads are access
/// events (and may touch access times): taking them for changes would rebuild forever.
fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::event::ModifyKind;
    use notify::EventKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

fn watch_loop(
    root: &Path,
    options: &BuildOptions,
    site: &RwLock<Site>,
    changes: &mpsc::Receiver<notify::Result<notify::Event>>,
) {
    // Events carry absolute paths; compare against the canonical root.
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let relevant = |event: &notify::Result<notify::Event>| match event {
        Ok(e) => {
            changes_content(&e.kind) && e.paths.iter().any(|p| affects_build(&canonical, p) || affects_build(root, p))
        }
        Err(_) => true,
    };
    while let Ok(event) = changes.recv() {
        if !relevant(&event) {
            continue;
        }
        // An editor's save is several events: wait until they stop, then build once.
        while changes.recv_timeout(Duration::from_millis(150)).is_ok() {}
        rebuild(root, options, site);
    }
}

fn rebuild(root: &Path, options: &BuildOptions, site: &RwLock<Site>) {
    let started = std::time::Instant::now();
    let result = crate::build(root, options);
    let mut site = site.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    site.version += 1;
    match result {
        Ok(build) => {
            site.files = build
                .rendered
                .files
                .into_iter()
                .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.contents))
                .collect();
            site.error = None;
            eprintln!("rebuilt {} files in {:.2} s", site.files.len(), started.elapsed().as_secs_f64());
        }
        Err(e) => {
            eprintln!("error: {e}");
            site.error = Some(e.to_string());
        }
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("md" | "mdx") => "text/markdown; charset=utf-8",
        Some("toml" | "txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The script that reloads the page after a rebuild; only the preview adds it.
fn reload_script(version: u64) -> String {
    format!(
        "<script>(function(){{var v='{version}';setInterval(function(){{fetch('{VERSION_PATH}',{{cache:'no-store'}})\
         .then(function(r){{return r.text();}}).then(function(t){{if(t!==v)location.reload();}},function(){{}});}},500);}})();</script>"
    )
}

fn with_reload(html: &[u8], version: u64) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let script = reload_script(version);
    match text.rfind("</body>") {
        Some(at) => format!("{}{script}\n{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn respond(site: &RwLock<Site>, url: &str) -> Response {
    let site = site.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let text = |status: u16, body: String, kind: &str| {
        tiny_http::Response::from_data(body.into_bytes())
            .with_status_code(status)
            .with_header(header("Content-Type", kind))
            .with_header(header("Cache-Control", "no-store"))
    };
    if path == VERSION_PATH {
        return text(200, site.version.to_string(), "text/plain; charset=utf-8");
    }
    let mut file = path.trim_start_matches('/').to_string();
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    if let Some(error) = &site.error {
        let mut body = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>apiglot: build error</title></head><body><h1>The build failed</h1><pre>");
        crate::highlight::escape_into(&mut body, error);
        body.push_str("</pre><p>Fix the file; this page reloads when the build succeeds.</p></body></html>");
        let body = with_reload(body.as_bytes(), site.version);
        return text(500, String::from_utf8_lossy(&body).into_owned(), "text/html; charset=utf-8");
    }
    match site.files.get(&file) {
        Some(bytes) => {
            let kind = content_type(&file);
            let body = if kind.starts_with("text/html") { with_reload(bytes, site.version) } else { bytes.clone() };
            tiny_http::Response::from_data(body)
                .with_header(header("Content-Type", kind))
                .with_header(header("Cache-Control", "no-store"))
        }
        None => text(404, format!("not found: /{file}\n"), "text/plain; charset=utf-8"),
    }
}

/// The folder a preview watches, for messages.
pub fn describe(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_project_sources_trigger_a_rebuild() {
        let root = Path::new("/p");
        assert!(affects_build(root, Path::new("/p/locales/en/a.ftl")));
        assert!(affects_build(root, Path::new("/p/apiglot.toml")));
        assert!(affects_build(root, Path::new("/p/templates/pages/guide.html.tera")));
        assert!(!affects_build(root, Path::new("/p/out/en/a.html")));
        assert!(!affects_build(root, Path::new("/p/target/debug/x")));
        assert!(!affects_build(root, Path::new("/elsewhere/locales/x.ftl")));
    }

    #[test]
    fn reading_files_is_no_change() {
        use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, ModifyKind};
        use notify::EventKind;
        assert!(!changes_content(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(!changes_content(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Data(DataChange::Any))));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let html = with_reload(b"<html><body><p>x</p></body></html>", 7);
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("<p>x</p><script>"), "{html}");
        assert!(html.contains("var v='7'") && html.ends_with("</body></html>"), "{html}");
    }
}
