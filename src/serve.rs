//! `apiglot serve`: a preview of the site on 127.0.0.1 that rebuilds when endpoints, locales,
//! templates or apiglot.toml change, and reloads the open page.
//!
//! The site is built in memory and served from there: the preview never writes `out/` (only
//! `output` does). HTML responses get a small script that polls `/__apiglot/version` and
//! reloads when a rebuild finished; built files never contain it.
//!
//! The server is a small HTTP/1.1 loop of its own: the preview answers GET and HEAD, one
//! request a connection, and refuses any request body before reading it (the HTTP library
//! it used allocated whatever `Content-Length` a request claimed, 99999999999 bytes too).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
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
    /// Shared with the next build, which keeps the files of the guides it need not render.
    files: HashMap<String, Arc<[u8]>>,
    error: Option<String>,
}

/// What the watch loop keeps from build to build: each guide's record, so that a rebuild
/// renders only the guides whose inputs changed and takes the others' files from the site.
struct Memo {
    records: crate::incremental::Records,
    /// The project as last read, patched file by file from the watcher's events; none when it
    /// is to be read again whole.
    project: Option<crate::load::Project>,
    /// The locales parsed for the last build.
    cache: crate::Cache,
}

/// The sink of a preview rebuild: new files are collected, and a guide's files are kept
/// when the site being served holds them all.
struct Update<'a> {
    served: &'a HashMap<String, Arc<[u8]>>,
    files: std::sync::Mutex<Vec<(String, Arc<[u8]>)>>,
}

/// The site's name of an output file: its path with `/` separators.
fn site_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl crate::output::Sink for Update<'_> {
    fn add(&self, files: &[crate::render::OutputFile]) -> crate::Result<()> {
        let mut new = files.iter().map(|f| (site_path(&f.path), Arc::from(f.contents.as_slice()))).collect();
        self.files.lock().expect("not poisoned").append(&mut new);
        Ok(())
    }

    fn keep(&self, paths: &[PathBuf]) -> crate::Result<bool> {
        let kept: Option<Vec<(String, Arc<[u8]>)>> = paths
            .iter()
            .map(|p| {
                let path = site_path(p);
                self.served.get(&path).map(|bytes| (path, Arc::clone(bytes)))
            })
            .collect();
        let Some(mut kept) = kept else { return Ok(false) };
        self.files.lock().expect("not poisoned").append(&mut kept);
        Ok(true)
    }
}

/// A running preview: the address it listens on and the loop that answers requests.
pub struct Preview {
    listener: TcpListener,
    site: Arc<RwLock<Site>>,
    /// Kept alive while serving: dropping it stops the watching.
    _watcher: notify::RecommendedWatcher,
}

/// The most a request's line and headers may take; a browser sends well under 2 KiB.
const HEAD_LIMIT: usize = 16 * 1024;
/// Connections answered at once; more are closed unanswered until one ends.
const MAX_CONNECTIONS: usize = 32;
/// How long a connection may take to send its request or read the answer.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds the project at `root` and listens on 127.0.0.1:`port` (0 picks a free port).
pub fn start(root: &Path, options: BuildOptions, port: u16) -> std::io::Result<Preview> {
    let site = Arc::new(RwLock::new(Site { version: 0, files: HashMap::new(), error: None }));
    let mut memo = Memo { records: Default::default(), project: None, cache: crate::Cache::remembering() };
    rebuild(root, &options, &site, &mut memo, &Default::default());
    let listener = TcpListener::bind(("127.0.0.1", port))?;

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
    std::thread::spawn(move || watch_loop(&root_owned, &options, &rebuilt, &changes, memo));
    Ok(Preview { listener, site, _watcher: watcher })
}

impl Preview {
    pub fn addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Answers requests until the process ends, each connection on its own thread.
    pub fn run(&self) {
        let open = Arc::new(AtomicUsize::new(0));
        for stream in self.listener.incoming() {
            let Ok(stream) = stream else { continue };
            if open.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                continue;
            }
            open.fetch_add(1, Ordering::SeqCst);
            let (site, open) = (Arc::clone(&self.site), Arc::clone(&open));
            std::thread::spawn(move || {
                // A client that went away or stalled is no error of the preview's.
                let _ = answer(stream, &site);
                open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    }
}

/// A response before it is written.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    /// Extra header lines, e.g. `Allow: GET, HEAD`.
    extra: &'static str,
}

impl Reply {
    fn text(status: u16, body: impl Into<String>) -> Reply {
        Reply { status, content_type: "text/plain; charset=utf-8", body: body.into().into_bytes(), extra: "" }
    }
}

/// Reads one request's head, answers it and closes the connection. A request body is never
/// read: only GET and HEAD are answered, and a request that announces a body gets 413.
fn answer(mut stream: TcpStream, site: &RwLock<Site>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let complete = loop {
        if let Some(end) = head_end(&head) {
            head.truncate(end);
            break true;
        }
        if head.len() > HEAD_LIMIT {
            break false;
        }
        let read = stream.read(&mut chunk)?;
        if read == 0 {
            return Ok(());
        }
        head.extend_from_slice(&chunk[..read]);
    };
    let (reply, is_head) = if complete {
        let text = String::from_utf8_lossy(&head);
        decide(&text, site)
    } else {
        (Reply::text(431, "the request's headers are too large\n"), false)
    };
    write_reply(&mut stream, &reply, is_head)?;
    // Close gently: a peer still sending (a body it announced) would otherwise get a reset
    // that can discard the reply before it reads it.
    stream.shutdown(std::net::Shutdown::Write)?;
    stream.set_read_timeout(Some(Duration::from_millis(500)))?;
    let mut drained = 0;
    while drained < 64 * 1024 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
    Ok(())
}

/// Where the head of a request ends (after its blank line), if it has ended.
fn head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = bytes.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The reply to a request head, and whether it is a HEAD request (headers only).
fn decide(head: &str, site: &RwLock<Site>) -> (Reply, bool) {
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return (Reply::text(400, "not an HTTP request\n"), false);
    };
    if !version.starts_with("HTTP/1.") {
        return (Reply::text(505, "the preview speaks HTTP/1.1\n"), false);
    }
    let is_head = method == "HEAD";
    if method != "GET" && !is_head {
        let mut reply = Reply::text(405, "the preview answers GET and HEAD only\n");
        reply.extra = "Allow: GET, HEAD\r\n";
        return (reply, false);
    }
    let announces_body = lines.filter_map(|line| line.split_once(':')).any(|(name, value)| {
        let name = name.trim();
        name.eq_ignore_ascii_case("transfer-encoding")
            || (name.eq_ignore_ascii_case("content-length") && value.trim() != "0")
    });
    if announces_body {
        return (Reply::text(413, "the preview takes no request body\n"), is_head);
    }
    (respond(site, target), is_head)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

fn write_reply(stream: &mut TcpStream, reply: &Reply, is_head: bool) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{}Connection: close\r\n\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len(),
        reply.extra
    );
    stream.write_all(head.as_bytes())?;
    if !is_head {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
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
    mut memo: Memo,
) {
    // Events carry absolute paths; compare against the canonical root.
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let relevant = |event: &notify::Result<notify::Event>| match event {
        Ok(e) => {
            e.need_rescan()
                || changes_content(&e.kind)
                    && e.paths.iter().any(|p| affects_build(&canonical, p) || affects_build(root, p))
        }
        Err(_) => true,
    };
    while let Ok(event) = changes.recv() {
        if !relevant(&event) {
            continue;
        }
        // An editor's save is several events, a few milliseconds apart: wait until they
        // stop, then build once, from what they changed.
        let mut changed = Changed::default();
        changed.note(root, &canonical, &event);
        while let Ok(event) = changes.recv_timeout(SETTLE) {
            if relevant(&event) {
                changed.note(root, &canonical, &event);
            }
        }
        if changed.whole {
            memo.project = None;
        }
        rebuild(root, options, site, &mut memo, &changed.files);
    }
}

/// How long the events of one save may be apart.
const SETTLE: Duration = Duration::from_millis(15);

/// What the events of one save changed: endpoint and message files, which the kept project is
/// patched with, or something else (the settings, a template, a folder, a lost event), for
/// which the project is read again whole.
#[derive(Default)]
struct Changed {
    /// Endpoint (`.yaml`, `.yml` below endpoints/) and message (`.ftl` below
    /// `locales/<locale>/`) files, and paths there that are gone, as `root` joined with their
    /// path in the project.
    files: std::collections::BTreeSet<PathBuf>,
    whole: bool,
}

impl Changed {
    fn note(&mut self, root: &Path, canonical: &Path, event: &notify::Result<notify::Event>) {
        use notify::event::{CreateKind, ModifyKind, RemoveKind};
        use notify::EventKind;
        // A lost event (an error, or the kernel's queue overflowed) may hide any change.
        let Some(event) = event.as_ref().ok().filter(|e| !e.need_rescan()) else {
            self.whole = true;
            return;
        };
        // Of a file's own events, those of files a build does not read are no change; a
        // folder's, or a rename's (which may move a folder of sources), may be.
        let of_a_file = matches!(
            event.kind,
            EventKind::Create(CreateKind::File)
                | EventKind::Remove(RemoveKind::File)
                | EventKind::Modify(ModifyKind::Data(_))
        );
        for path in &event.paths {
            let Some(relative) = path.strip_prefix(canonical).or_else(|_| path.strip_prefix(root)).ok() else {
                continue;
            };
            let parts: Vec<&std::ffi::OsStr> = relative.iter().collect();
            let extension = relative.extension().and_then(|e| e.to_str());
            let source = match (parts.first().and_then(|p| p.to_str()), extension) {
                (Some("endpoints"), Some("yaml" | "yml")) => parts.len() >= 2,
                (Some("locales"), Some("ftl")) => parts.len() >= 3,
                (Some("endpoints" | "locales"), _)
                    if relative.file_name().is_some_and(|n| n != crate::import::TRANSLATED_FROM) =>
                {
                    match std::fs::symlink_metadata(path) {
                        // A file a build does not read (an editor's backup or swap file).
                        Ok(meta) if meta.is_file() => continue,
                        _ if of_a_file => continue,
                        // Gone, and maybe a folder (a rename's side does not say): the patch
                        // reads the project whole if sources were below it.
                        Err(_) => {
                            self.files.insert(root.join(relative));
                            continue;
                        }
                        Ok(_) => false,
                    }
                }
                _ => false,
            };
            if source
                && !matches!(event.kind, EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder))
            {
                self.files.insert(root.join(relative));
            } else {
                self.whole = true;
            }
        }
    }
}

/// Patches `project` with the current text of each of `files` (see [`Changed`]): read and
/// parsed again, added, or removed (a path that is gone and is no source file counts only
/// when sources were below it). False when a file cannot be taken so (it does not read,
/// or it is a folder, or an id is taken twice): the project is then read whole, which reports
/// the problem as a build would.
/// What each file changed is named to `cache`: the guides of an endpoint file before and
/// after, the messages of a `.ftl` file whose text differs.
fn patch(
    project: &mut crate::load::Project,
    files: &std::collections::BTreeSet<PathBuf>,
    cache: &crate::Cache,
) -> bool {
    let root = project.root.clone();
    for path in files {
        let Ok(relative) = path.strip_prefix(&root) else { return false };
        let meta = std::fs::symlink_metadata(path);
        if meta.as_ref().is_ok_and(|m| !m.is_file()) {
            return false;
        }
        let exists = meta.is_ok();
        // A path that is gone may have been a folder: of the sources below it, none is left.
        let below = |p: &Path| p != path && p.starts_with(path);
        let sources_below = project.endpoints.iter().any(|f| below(&f.path))
            || project.locales.iter().flat_map(|l| &l.files).any(|(p, _)| below(p));
        if !exists && sources_below {
            return false;
        }
        if relative.starts_with("endpoints") {
            let list = &mut project.endpoints;
            let at = list.binary_search_by(|f| f.path.as_path().cmp(path));
            if let Ok(at) = at {
                cache.guide_changed(&list[at].endpoint.guide);
            }
            if !exists {
                if let Ok(at) = at {
                    list.remove(at);
                }
                continue;
            }
            let parsed = crate::load::source_text(path).and_then(|text| crate::load::parse_endpoint(path, text));
            let Ok(file) = parsed else { return false };
            cache.guide_changed(&file.endpoint.guide);
            match at {
                Ok(at) => list[at] = file,
                Err(at) => list.insert(at, file),
            }
        } else {
            let Some(locale) = relative.iter().nth(1).and_then(|l| l.to_str()) else { return false };
            let Some(source) = project.locales.iter_mut().find(|l| l.locale == locale) else {
                // A folder of a locale that is not configured is not read.
                continue;
            };
            let list = &mut source.files;
            let at = list.binary_search_by(|(p, _)| p.as_path().cmp(path));
            let old = at.map_or("", |at| list[at].1.as_str());
            if !exists {
                match crate::locale::changed_entries(old, "") {
                    Some(ids) => cache.messages_changed(ids),
                    None => cache.forget_model(),
                }
                if let Ok(at) = at {
                    list.remove(at);
                }
                continue;
            }
            let Ok(text) = crate::load::source_text(path) else { return false };
            if crate::locale::too_deep(&text).is_some() {
                return false;
            }
            match crate::locale::changed_entries(old, &text) {
                Some(ids) => cache.messages_changed(ids),
                None => cache.forget_model(),
            }
            match at {
                Ok(at) => list[at].1 = text,
                Err(at) => list.insert(at, (path.clone(), text)),
            }
        }
    }
    // Ids are checked across files: a taken one is reported by a whole read.
    let mut ids = std::collections::HashSet::new();
    project.endpoints.iter().all(|f| ids.insert(f.endpoint.id.as_str()))
}

fn rebuild(
    root: &Path,
    options: &BuildOptions,
    site: &RwLock<Site>,
    memo: &mut Memo,
    files: &std::collections::BTreeSet<PathBuf>,
) {
    let started = std::time::Instant::now();
    let patched = memo.project.as_mut().is_some_and(|project| patch(project, files, &memo.cache));
    if !patched {
        memo.project = None;
        memo.cache.forget_model();
    }
    let (project, load_errors) = match memo.project.take() {
        Some(project) => (project, Vec::new()),
        None => match crate::load_for(root, options) {
            Ok(read) => read,
            Err(error) => {
                let mut site = site.write().unwrap_or_else(|poisoned| poisoned.into_inner());
                site.version += 1;
                eprintln!("error: {error}");
                site.error = Some(error.to_string());
                return;
            }
        },
    };
    // A project read with problems is read again whole next time, so they are reported.
    let keep = load_errors.is_empty();
    // The site being served is only read while the build runs: requests go on being answered.
    let result = {
        let served = site.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        let open = || Ok(Update { served: &served.files, files: Default::default() });
        let built = crate::build_loaded(&project, load_errors, options, &(), &memo.records, &memo.cache, open);
        built.map(|(build, update)| {
            let files: HashMap<String, Arc<[u8]>> =
                update.files.into_inner().expect("not poisoned").into_iter().collect();
            (build, files)
        })
    };
    if keep {
        memo.project = Some(project);
    }
    let mut site = site.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    site.version += 1;
    match result {
        Ok((build, files)) => {
            site.files = files;
            site.error = None;
            memo.records = build.records;
            eprintln!(
                "rebuilt {} files ({} of {} pages rendered) in {:.3} s",
                site.files.len(),
                build.rendered.pages - build.kept_pages,
                build.rendered.pages,
                started.elapsed().as_secs_f64()
            );
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

fn respond(site: &RwLock<Site>, url: &str) -> Reply {
    let site = site.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let html = |status: u16, body: Vec<u8>| Reply { status, content_type: "text/html; charset=utf-8", body, extra: "" };
    if path == VERSION_PATH {
        return Reply::text(200, site.version.to_string());
    }
    let mut file = path.trim_start_matches('/').to_string();
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    if let Some(error) = &site.error {
        let mut body = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>apiglot: build error</title></head><body><h1>The build failed</h1><pre>");
        crate::highlight::escape_into(&mut body, error);
        body.push_str("</pre><p>Fix the file; this page reloads when the build succeeds.</p></body></html>");
        return html(500, with_reload(body.as_bytes(), site.version));
    }
    match site.files.get(&file) {
        Some(bytes) => {
            let kind = content_type(&file);
            let body = if kind.starts_with("text/html") { with_reload(bytes, site.version) } else { bytes.to_vec() };
            Reply { status: 200, content_type: kind, body, extra: "" }
        }
        None => Reply::text(404, format!("not found: /{file}\n")),
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
