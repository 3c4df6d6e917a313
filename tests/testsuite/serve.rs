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
    std::thread::spawn(move || lines.for_each(drop));
    (preview, base)
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
