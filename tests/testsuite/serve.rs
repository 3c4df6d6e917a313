//! `apiglot serve`: the preview answers on 127.0.0.1, rebuilds when a locale changes, shows a
//! build error as a page and recovers, and never writes the project's out/.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::example_project;

/// The preview process; killed when the test ends, pass or fail.
struct Preview(Child);

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(url: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response = agent.get(url).call().unwrap_or_else(|e| panic!("{url}: {e}"));
    (response.status().as_u16(), response.body_mut().read_to_string().unwrap())
}

/// Polls `url` until its body satisfies `done` (the rebuild runs in the background).
fn wait_for(url: &str, what: &str, done: impl Fn(u16, &str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let (status, body) = get(url);
        if done(status, &body) {
            return body;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{what}: still {status} after 30 s:\n{body}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts a preview of the project at `root` on a free port: the process and its base URL.
fn start_preview(root: &std::path::Path) -> (Preview, String) {
    let (preview, base, _) = start_preview_logged(root);
    (preview, base)
}

/// [`start_preview`], with the lines the preview prints after its address.
fn start_preview_logged(root: &std::path::Path) -> (Preview, String, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_apiglot"))
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let preview = Preview(child);
    let mut lines = BufReader::new(stderr).lines();
    let base = loop {
        let line = lines.next().expect("the preview prints its address").unwrap();
        if let Some(at) = line.find("http://127.0.0.1:") {
            break line[at..].split_whitespace().next().unwrap().trim_end_matches('/').to_string();
        }
    };
    // Keep reading stderr so the preview never blocks on a full pipe.
    let (sender, log) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    (preview, base, log)
}

/// The lines the preview printed about its rebuilds since the last call: an editor's save
/// may come as events far enough apart for two rebuilds, the second rendering nothing.
fn rebuilds(log: &std::sync::mpsc::Receiver<String>) -> String {
    std::thread::sleep(Duration::from_millis(300));
    let lines: Vec<String> = log.try_iter().filter(|l| l.starts_with("rebuilt") || l.starts_with("error")).collect();
    lines.join("\n")
}

/// Asserts that the preview serves every file of a clean build of `root`, byte for byte
/// (HTML pages without the reload script the preview adds).
fn assert_serves_a_clean_build(base: &str, root: &std::path::Path, after: &str) {
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("out");
    let run = crate::helpers::apiglot(root, &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, expected) in crate::helpers::snapshot_dir(&out) {
        let name = path.to_string_lossy().replace('\\', "/");
        if name == apiglot::output::MANIFEST {
            continue;
        }
        let (status, mut served) = get(&format!("{base}/{name}"));
        assert_eq!(status, 200, "after {after}: /{name}");
        if let Some(start) = served.find("<script>(function(){var v='") {
            let end = start + served[start..].find("</script>\n").expect("the script ends") + "</script>\n".len();
            served.replace_range(start..end, "");
        }
        assert!(served.as_bytes() == expected, "after {after}: /{name} differs from a clean build");
    }
}

#[test]
fn the_preview_renders_only_the_pages_a_change_touches_and_serves_a_clean_build() {
    let project = example_project(None);
    let root = project.path();
    let (_preview, base, log) = start_preview_logged(root);
    assert_serves_a_clean_build(&base, root, "the first build");
    rebuilds(&log);

    let page_url = format!("{base}/ja/remove-members.html");
    let ftl = root.join("locales/ja/remove-members.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, text.replacen("remove-members-title = ", "remove-members-title = 新: ", 1)).unwrap();
    wait_for(&page_url, "the new title", |_, body| body.contains("新: "));
    let rebuilt = rebuilds(&log);
    assert!(rebuilt.contains("(1 of 18 pages rendered)"), "{rebuilt}");
    assert_serves_a_clean_build(&base, root, "a message");

    let endpoint = root.join("endpoints/get-report-key-in-header.yaml");
    let text = std::fs::read_to_string(&endpoint).unwrap();
    std::fs::write(&endpoint, text.replacen("path: /", "path: /v2/", 1)).unwrap();
    wait_for(&format!("{base}/fr/api-keys.md"), "the new path", |_, body| body.contains("/v2/"));
    let rebuilt = rebuilds(&log);
    assert!(rebuilt.contains("(3 of 18 pages rendered)"), "{rebuilt}");
    assert_serves_a_clean_build(&base, root, "an endpoint");

    // A guide's only endpoint removed, then back under another file name.
    let saml = root.join("endpoints/put-saml-metadata.yaml");
    let text = std::fs::read_to_string(&saml).unwrap();
    std::fs::remove_file(&saml).unwrap();
    let saml_page = format!("{base}/en/update-saml-metadata.html");
    wait_for(&saml_page, "the page gone", |status, _| status == 404);
    assert_serves_a_clean_build(&base, root, "an endpoint removed");
    std::fs::write(root.join("endpoints/saml.yaml"), text).unwrap();
    wait_for(&saml_page, "the page back", |status, _| status == 200);
    assert_serves_a_clean_build(&base, root, "an endpoint added");
    rebuilds(&log);

    // A broken file, then fixed: the preview goes back to rendering what changed since the
    // last good build.
    std::fs::write(&ftl, "remove-members-title = {\n").unwrap();
    wait_for(&page_url, "the error page", |status, _| status == 500);
    assert!(rebuilds(&log).contains("error"));
    std::fs::write(&ftl, text_of_the_example("locales/ja/remove-members.ftl")).unwrap();
    wait_for(&page_url, "recovery", |status, body| status == 200 && !body.contains("新: "));
    let rebuilt = rebuilds(&log);
    assert!(rebuilt.contains("(1 of 18 pages rendered)"), "{rebuilt}");
    assert_serves_a_clean_build(&base, root, "a fixed error");

    // A message the title names, then a term: changing either changes the page, though the
    // page asked for neither.
    let original = text_of_the_example("locales/ja/remove-members.ftl");
    let named = original.replacen(
        "remove-members-title = ",
        "shared-name = Alpha\n-brand = Acme\nremove-members-title = { shared-name } { -brand } ",
        1,
    );
    std::fs::write(&ftl, &named).unwrap();
    wait_for(&page_url, "the named message", |_, body| body.contains("Alpha Acme "));
    std::fs::write(&ftl, named.replace("= Alpha", "= Beta")).unwrap();
    wait_for(&page_url, "the message it names", |_, body| body.contains("Beta Acme "));
    let rebuilt = rebuilds(&log);
    assert!(rebuilt.contains("(1 of 18 pages rendered)"), "{rebuilt}");
    assert_serves_a_clean_build(&base, root, "a named message");
    std::fs::write(&ftl, named.replace("= Alpha", "= Beta").replace("= Acme", "= Apex")).unwrap();
    wait_for(&page_url, "the term", |_, body| body.contains("Beta Apex "));
    assert_serves_a_clean_build(&base, root, "a term");
    rebuilds(&log);

    // An atomic save (a new file renamed over the old one, as `sed -i` and many editors do).
    let saved = root.join("locales/ja/.remove-members.ftl.new");
    std::fs::write(&saved, original.replacen("remove-members-title = ", "remove-members-title = 原子: ", 1)).unwrap();
    std::fs::rename(&saved, &ftl).unwrap();
    wait_for(&page_url, "the atomic save", |_, body| body.contains("原子: "));
    let rebuilt = rebuilds(&log);
    assert!(rebuilt.contains("(1 of 18 pages rendered)"), "{rebuilt}");
    assert_serves_a_clean_build(&base, root, "an atomic save");

    // A folder of endpoints moved in, then out of the project: its sources come and go.
    let cookie = root.join("endpoints/get-report-key-in-cookie.yaml");
    let moved = tempfile::tempdir().unwrap();
    std::fs::create_dir(moved.path().join("sub")).unwrap();
    std::fs::rename(&cookie, moved.path().join("sub/cookie.yaml")).unwrap();
    let api_keys = format!("{base}/en/api-keys.md");
    wait_for(&api_keys, "the endpoint gone", |_, body| !body.contains("fr-FR"));
    std::fs::rename(moved.path().join("sub"), root.join("endpoints/sub")).unwrap();
    wait_for(&api_keys, "the folder in", |_, body| body.contains("fr-FR"));
    assert_serves_a_clean_build(&base, root, "a folder moved in");
    std::fs::rename(root.join("endpoints/sub"), moved.path().join("back")).unwrap();
    wait_for(&api_keys, "the folder out", |_, body| !body.contains("fr-FR"));
    assert_serves_a_clean_build(&base, root, "a folder moved out");
    rebuilds(&log);

    std::fs::create_dir_all(root.join("templates/pages")).unwrap();
    let template = text_of_the_example("templates/pages/guide.md.tera");
    std::fs::write(root.join("templates/pages/guide.md.tera"), format!("{template}\nOur footer.\n")).unwrap();
    wait_for(&format!("{base}/en/api-keys.md"), "the footer", |_, body| body.contains("Our footer."));
    let rebuilt = rebuilds(&log);
    assert!(rebuilt.contains("(18 of 18 pages rendered)"), "{rebuilt}");
    assert_serves_a_clean_build(&base, root, "a template");
}

fn text_of_the_example(path: &str) -> String {
    std::fs::read_to_string(crate::helpers::repo().join(path)).unwrap()
}

#[test]
fn the_preview_rebuilds_on_change_and_reloads_the_page() {
    let project = example_project(None);
    let root = project.path();
    let (_preview, base) = start_preview(root);

    let page_url = format!("{base}/en/remove-members.html");
    let (status, page) = get(&page_url);
    assert_eq!(status, 200);
    assert!(page.contains("<title>Remove members from organizations</title>"), "{page}");
    assert!(page.contains("/__apiglot/version"), "the preview adds its reload script");
    let (_, version) = get(&format!("{base}/__apiglot/version"));
    assert_eq!(get(&format!("{base}/")).1, get(&format!("{base}/index.html")).1, "/ is the home page");
    assert!(get(&format!("{base}/assets/apiglot.js")).1.contains("apiglot.target"));
    assert_eq!(get(&format!("{base}/en/nothing.html")).0, 404);

    let ftl = root.join("locales/en/remove-members.ftl");
    let original = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, original.replace("Remove members from organizations", "Remove members, previewed")).unwrap();
    wait_for(&page_url, "the new title", |_, body| body.contains("<title>Remove members, previewed</title>"));
    let (_, newer) = get(&format!("{base}/__apiglot/version"));
    assert_ne!(newer, version, "the version changes, so open pages reload");
    // A rebuild reads the watched files; reading is no change, so the site settles.
    std::thread::sleep(Duration::from_millis(800));
    let (_, settled) = get(&format!("{base}/__apiglot/version"));
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(get(&format!("{base}/__apiglot/version")).1, settled, "no rebuild without a change");

    std::fs::write(root.join("endpoints/broken.yaml"), "id: [\n").unwrap();
    let error = wait_for(&page_url, "the error page", |status, _| status == 500);
    assert!(error.contains("broken.yaml"), "the error names the file: {error}");
    std::fs::remove_file(root.join("endpoints/broken.yaml")).unwrap();
    wait_for(&page_url, "recovery", |status, body| status == 200 && body.contains("Remove members, previewed"));

    assert!(!root.join("out").exists(), "the preview writes nothing");
}

/// Sends `request` as raw bytes and returns the status line of the answer.
fn raw_status(base: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).lines().next().unwrap_or_default().to_string()
}

#[test]
fn a_huge_request_body_is_refused_unread_and_the_preview_stays_up() {
    let project = example_project(None);
    let (_preview, base) = start_preview(project.path());
    let huge = "Content-Length: 99999999999\r\n";
    let post = raw_status(&base, &format!("POST /en/index.html HTTP/1.1\r\nHost: x\r\n{huge}\r\nabc"));
    assert_eq!(post, "HTTP/1.1 405 Method Not Allowed");
    let get_with_body = raw_status(&base, &format!("GET /en/index.html HTTP/1.1\r\nHost: x\r\n{huge}\r\n"));
    assert_eq!(get_with_body, "HTTP/1.1 413 Content Too Large");
    let chunked = raw_status(&base, "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\n");
    assert_eq!(chunked, "HTTP/1.1 413 Content Too Large");
    let endless_head = format!("GET / HTTP/1.1\r\nX-Long: {}\r\n\r\n", "a".repeat(64 * 1024));
    assert_eq!(raw_status(&base, &endless_head), "HTTP/1.1 431 Request Header Fields Too Large");
    let head = raw_status(&base, "HEAD /en/index.html HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(head, "HTTP/1.1 200 OK");
    let (status, page) = get(&format!("{base}/en/index.html"));
    assert_eq!(status, 200, "the preview is still up");
    assert!(page.contains("remove-members.html"), "{page}");
}
