//! Runs samples as a user would, against the capture server (HTTPS on 127.0.0.1, a test CA
//! the runtimes are told to trust; certificate checks stay on). Only placeholders are
//! replaced: the host by `localhost:PORT`, the others by values picked here. The server must
//! receive exactly the endpoint's method, path and query, headers and body bytes, and the
//! sample must print the response. With `CI=true` a missing runtime fails; elsewhere it is
//! skipped with a loud line. Runs go in parallel, each on its own port.
//!
//! How a target's samples run is its own: `src/targets/<folder>/run.sh` (the contract is in
//! `src/targets/runner.sh`). A target with that script is executed here; this file holds what
//! every run shares: the CA and what each runtime family trusts of it, the server, the cases,
//! and the comparison of what the server got with what the endpoint says.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use apiglot::endpoint::Endpoint;
use apiglot::request::Request;
use apiglot::targets::SampleTarget;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rayon::prelude::*;

use crate::capture::{file_bytes, form_fields, multipart_parts, Received, TestCa, REPLY};
use crate::helpers::{header_value, repo};
use crate::prove::{hostile, kind_requests, shape_request};

/// A target whose samples this harness executes: one with a runner script in its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Runtime(SampleTarget);

impl Runtime {
    /// Every target with a runner, in `BUILTIN` order.
    fn all() -> Vec<Runtime> {
        SampleTarget::BUILTIN.iter().copied().map(Runtime).filter(|r| r.script().exists()).collect()
    }

    fn of(id: &str) -> Runtime {
        Runtime(SampleTarget::by_id(id).unwrap_or_else(|| panic!("no target {id}")))
    }

    fn target(self) -> &'static str {
        self.0.id
    }

    fn folder(self) -> PathBuf {
        repo().join("src/targets").join(self.0.id.replace('-', "_"))
    }

    fn script(self) -> PathBuf {
        self.folder().join("run.sh")
    }

    /// What is missing to run this target's samples, as its runner says: one line each, with
    /// how to install it. Empty when everything is there.
    fn missing(self) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let output = self
            .command("needs", dir.path(), &environment(&bench_ca_free()))
            .output()
            .unwrap_or_else(|e| panic!("{}: cannot start bash: {e}", self.target()));
        if output.status.success() {
            return Vec::new();
        }
        let said = String::from_utf8_lossy(&output.stdout);
        let mut lines: Vec<String> = said.lines().map(str::to_string).collect();
        if lines.is_empty() {
            lines.push(format!("its runner failed: {}", String::from_utf8_lossy(&output.stderr)));
        }
        lines
    }

    /// `bash run.sh MODE` in `here`, with the runner's environment.
    fn command(self, mode: &str, here: &Path, env: &[(&'static str, PathBuf)]) -> Command {
        let mut c = Command::new("bash");
        c.arg(self.script()).arg(mode).current_dir(here).stdin(Stdio::null());
        c.env("APIGLOT_TARGET_DIR", self.folder()).env("APIGLOT_CACHE", cache());
        for (name, value) in env {
            c.env(name, value);
        }
        c
    }
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// What CI keeps between runs: npm packages, the Swift root, toolchains' dependency builds.
fn cache() -> PathBuf {
    PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/apiglot-runtimes")
}

/// The runtimes present; with CI=true a missing one panics with how to install it.
/// `APIGLOT_RUNTIMES=curl,python` limits a run to those targets while working on them; CI
/// never sets it.
fn available() -> Vec<Runtime> {
    let only = std::env::var("APIGLOT_RUNTIMES").ok();
    let mut found = Vec::new();
    for runtime in Runtime::all() {
        if only.as_deref().is_some_and(|only| !only.split(',').any(|t| t.trim() == runtime.target())) {
            continue;
        }
        let missing = runtime.missing();
        if missing.is_empty() {
            found.push(runtime);
        } else if ci() {
            panic!("{} samples cannot run and CI=true; missing:\n  {}", runtime.target(), missing.join("\n  "));
        } else {
            eprintln!("\n!!! SKIPPED: {} samples; missing:\n  {}\n", runtime.target(), missing.join("\n  "));
        }
    }
    found
}

/// What the runtimes are told to trust: a CA's PEM, a Java trust store and a mono certificate
/// store holding it (the stores where keytool and cert-sync are there to make them).
struct Trust {
    pem: PathBuf,
    java_store: PathBuf,
    mono_config: PathBuf,
}

impl Trust {
    fn of(ca: &TestCa) -> Trust {
        let scratch = ca.scratch();
        let trust =
            Trust { pem: ca.pem(), java_store: scratch.join("truststore.p12"), mono_config: scratch.join("mono") };
        if present("keytool") {
            must(
                Command::new("keytool")
                    .args(["-importcert", "-noprompt", "-alias", "apiglot-test-ca", "-storetype", "PKCS12"])
                    .args(["-storepass", "apiglot", "-keystore"])
                    .arg(&trust.java_store)
                    .arg("-file")
                    .arg(&trust.pem),
            );
        }
        if present("cert-sync") {
            must(Command::new("cert-sync").arg("--user").arg(&trust.pem).env("XDG_CONFIG_HOME", &trust.mono_config));
        }
        trust
    }
}

fn present(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", "command -v \"$1\"", "sh", program])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The environment of a runner: see `src/targets/runner.sh`.
fn environment(trust: &Trust) -> Vec<(&'static str, PathBuf)> {
    let pem = &trust.pem;
    let node_modules = std::env::var_os("APIGLOT_NODE_MODULES").map(PathBuf::from);
    let mut env = vec![
        ("APIGLOT_CA", pem.clone()),
        ("CURL_CA_BUNDLE", pem.clone()),
        ("SSL_CERT_FILE", pem.clone()),
        ("REQUESTS_CA_BUNDLE", pem.clone()),
        ("NODE_EXTRA_CA_CERTS", pem.clone()),
        ("APIGLOT_JAVA_TRUSTSTORE", trust.java_store.clone()),
        ("APIGLOT_MONO_CONFIG", trust.mono_config.clone()),
        ("APIGLOT_SCRATCH", scratch().to_path_buf()),
    ];
    env.extend(node_modules.map(|m| ("APIGLOT_NODE_MODULES", m)));
    env
}

/// The directory every run of this test process shares (the runners build there what every
/// run reuses, once).
fn scratch() -> &'static Path {
    static SCRATCH: OnceLock<tempfile::TempDir> = OnceLock::new();
    SCRATCH.get_or_init(|| tempfile::Builder::new().prefix("apiglot-runners-").tempdir().unwrap()).path()
}

/// The trust a `needs` check runs with: nothing is sent, so no CA is made for it.
fn bench_ca_free() -> Trust {
    Trust { pem: PathBuf::new(), java_store: PathBuf::new(), mono_config: PathBuf::new() }
}

/// The CA that signs the server's certificate, another CA that does not, and what the
/// runtimes trust of each.
struct Bench {
    ca: TestCa,
    trusted: Trust,
    /// Told to the runtimes instead of `trusted` to show that certificate checks are on.
    stranger: Trust,
    _stranger_ca: TestCa,
    runtimes: Vec<Runtime>,
}

fn bench() -> &'static Bench {
    static BENCH: OnceLock<Bench> = OnceLock::new();
    BENCH.get_or_init(|| {
        let ca = TestCa::new();
        let stranger_ca = TestCa::new();
        let runtimes = available();
        Bench { trusted: Trust::of(&ca), stranger: Trust::of(&stranger_ca), ca, _stranger_ca: stranger_ca, runtimes }
    })
}

/// How a sample is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Run it, trusting the test CA; it must succeed.
    Send,
    /// Only compile it: the runtime here cannot send this request (see the case's reason).
    CompileOnly,
    /// Run it trusting another CA: the TLS handshake must fail, whatever the exit code.
    Untrusted,
}

fn must(command: &mut Command) {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(output.status.success(), "{command:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
}

/// What one run printed and what the server received.
struct Outcome {
    printed: String,
    received: Vec<Received>,
    code: String,
}

/// Runs `code` in `runtime` after replacing the host placeholder `host` with the server's
/// address. Fails with the runtime's own output when it exits badly or hangs.
fn run(runtime: Runtime, host: &str, code: &str, mode: Mode, uploads: &[String]) -> Outcome {
    let bench = bench();
    let listener = bench.ca.listen();
    let code = code.replace(host, &format!("localhost:{}", listener.port));
    let dir = tempfile::tempdir().unwrap();
    let here = dir.path();
    // The files the sample uploads, at the (relative) paths its placeholders were filled with.
    for path in uploads {
        std::fs::write(here.join(path), file_bytes(path)).unwrap();
    }
    std::fs::write(here.join(format!("sample.{}", runtime.0.extension)), &code).unwrap();
    let trust = if mode == Mode::Untrusted { &bench.stranger } else { &bench.trusted };
    let runner_mode = if mode == Mode::CompileOnly { "compile" } else { "send" };
    let mut command = runtime.command(runner_mode, here, &environment(trust));
    let printed = finish(&mut command, here, runtime, &code, mode);
    Outcome { printed, received: listener.received(), code }
}

/// How long a run may take: compiling and running, on a loaded machine.
const RUN_LIMIT: Duration = Duration::from_secs(180);

/// Waits for the sample and returns what it printed, stdout then stderr. A run over the limit
/// is killed with everything it started.
fn finish(command: &mut Command, here: &Path, runtime: Runtime, code: &str, mode: Mode) -> String {
    use std::os::unix::process::CommandExt;
    let out = here.join("stdout");
    let err = here.join("stderr");
    let mut child = command
        .process_group(0)
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: cannot start: {e}", runtime.target()));
    let deadline = Instant::now() + RUN_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).status();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let printed = format!(
        "{}{}",
        std::fs::read_to_string(&out).unwrap_or_default(),
        std::fs::read_to_string(&err).unwrap_or_default()
    );
    match status {
        Some(s) if s.success() || mode == Mode::Untrusted => printed,
        Some(s) => panic!("{} sample failed ({s}):\n{printed}\n--- sample ---\n{code}", runtime.target()),
        None => panic!(
            "{} sample did not finish in {} s:\n{printed}\n--- sample ---\n{code}",
            runtime.target(),
            RUN_LIMIT.as_secs()
        ),
    }
}

/// Differences between what `request` says and what the server got, one line each.
fn differences(runtime: Runtime, request: &Request, outcome: &Outcome) -> Vec<String> {
    let [got] = outcome.received.as_slice() else {
        return vec![format!("expected one request, the server got {}", outcome.received.len())];
    };
    let mut wrong = Vec::new();
    if got.method != request.method {
        wrong.push(format!("method: expected {}, got {}", request.method, got.method));
    }
    // Four runtimes rewrite the URL the sample gives them (the URL literal itself is proven
    // exact by the round trip in `prove`), each in a way servers read alike:
    // - GNUstep's NSURLConnection sends the path percent-decoded, even `%3F` (Apple's sends
    //   it as given), so only the decoded target can be compared;
    // - Unirest 1.x decodes the path and re-encodes it with java.net.URI, which leaves
    //   sub-delimiters such as `$` or `+` bare;
    // - mono's System.Uri, under the RestSharp stand-in and HttpClient, unescapes `!*'()` (.NET's does not)
    //   and drops the bidi controls U+200E, U+200F and U+202A to U+202E, escaped or not.
    let sub_delims = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b);
    let marks = |b: u8| b"!*'()".contains(&b);
    let (path, query) = split_target(&request.path_and_query);
    let (got_path, got_query) = split_target(&got.target);
    let target_matches = match runtime.target() {
        "objc" => percent_decoded(&got.target, |_| true) == percent_decoded(&request.path_and_query, |_| true),
        "java" => percent_decoded(got_path, sub_delims) == percent_decoded(path, sub_delims) && got_query == query,
        "csharp" | "csharp-httpclient" => {
            let bidi = ["%E2%80%8E", "%E2%80%8F", "%E2%80%AA", "%E2%80%AB", "%E2%80%AC", "%E2%80%AD", "%E2%80%AE"];
            let expected = bidi.iter().fold(request.path_and_query.clone(), |t, b| t.replace(b, ""));
            percent_decoded(&got.target, marks) == percent_decoded(&expected, marks)
        }
        // Faraday parses the query and writes it again with its params encoder, names sorted
        // (a repeated name keeps its values' order) and form-escaped (a space as `+`).
        "ruby-faraday" => {
            let mut pairs = form_fields(query.as_bytes());
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            got_path == path && form_fields(got_query.as_bytes()) == pairs
        }
        _ => got.target == request.path_and_query,
    };
    if !target_matches {
        wrong.push(format!("path and query: expected {:?}, got {:?}", request.path_and_query, got.target));
    }
    for h in &request.sent_headers() {
        let sent: Vec<&String> = got.headers.iter().filter(|(n, _)| *n == h.name).map(|(_, v)| v).collect();
        if sent != [&h.value] {
            wrong.push(format!("header {}: expected {:?}, got {:?}", h.name, h.value, sent));
        }
    }
    if let Some(body) = request.body.as_ref().filter(|b| b.format != "json") {
        wrong.extend(body_differences(runtime, body, got));
        return finish_differences(runtime, outcome, wrong);
    }
    // Node sends what axios or JSON.stringify serializes: compact JSON. Objective-C's
    // NSDictionary and Swift's Dictionary have no key order, and JSONSerialization writes
    // compact JSON, so their bodies are compared as JSON values; every other target must send
    // the sample's text byte for byte.
    let body = request
        .body
        .as_ref()
        .map(|b| {
            let serialized = matches!(runtime.target(), "node" | "node-fetch");
            if serialized && b.kind != "scalar" {
                b.compact.clone()
            } else {
                b.text.clone()
            }
        })
        .unwrap_or_default();
    let same = match (runtime.target(), &request.body) {
        ("objc" | "swift", Some(b)) if b.kind != "scalar" => {
            serde_json::from_slice::<serde_json::Value>(&got.body).is_ok_and(|v| v == b.json)
        }
        // requests and httpx serialize the sample's Python value themselves, in their layout
        // (`json.dumps`, non-ASCII as \u escapes): the same value, keys in the same order.
        ("python-requests" | "python-httpx", Some(b)) if b.kind != "scalar" => {
            serde_json::from_slice::<serde_json::Value>(&got.body).map(|v| v.to_string()).is_ok_and(|t| t == b.compact)
        }
        // A long JSON body may be sent across lines (`lines`) by the targets that write it so:
        // either layout, byte for byte.
        (_, Some(b)) if !b.lines.is_empty() && got.body == b.lines.as_bytes() => true,
        _ => got.body == body.as_bytes(),
    };
    if !same {
        wrong.push(format!("body: expected {:?}, got {:?}", body, String::from_utf8_lossy(&got.body)));
    }
    finish_differences(runtime, outcome, wrong)
}

/// What the server got of a form, multipart, text or binary body, against the request:
/// form fields decoded and in order; multipart parts with their names, file names, types and
/// bytes; text and files byte for byte. Four clients cannot send every part as written:
/// - RestSharp (107 and later) writes every file before the other fields, whatever order they
///   are added in (restsharp/RestSharp#1773, #2098: by design), so its sample adds them in
///   that order and the parts are expected so;
/// - Unirest 1.x leaves httpmime's part headers in US-ASCII (it sets no charset), so each
///   non-ASCII character of a file name arrives as `?` (the sample gives it exactly);
/// - mono's System.Net.Http writes a file name's `filename*` one UTF-16 unit at a time, so a
///   character beyond U+FFFF arrives there as two U+FFFD (its MIME-encoded `filename` is
///   exact, and the sample gives the name exactly);
/// - Faraday's multipart (multipart-post's UploadIO, in Faraday 1 and faraday-multipart alike)
///   keeps `File.basename` of a file name, so one holding `/` arrives as its last segment.
fn body_differences(runtime: Runtime, body: &apiglot::request::RequestBody, got: &Received) -> Vec<String> {
    let mut wrong = Vec::new();
    let content_type = got.headers.iter().find(|(n, _)| n == "content-type").map(|(_, v)| v.as_str()).unwrap_or("");
    match body.format {
        "form" => {
            let fields = form_fields(&got.body);
            let expected: Vec<(String, String)> =
                body.fields.iter().map(|f| (f.name.clone(), f.value.clone())).collect();
            if fields != expected {
                wrong.push(format!(
                    "form fields: expected {expected:?}, got {fields:?} ({:?})",
                    String::from_utf8_lossy(&got.body)
                ));
            }
        }
        "multipart" => match multipart_parts(content_type, &got.body) {
            Err(why) => wrong.push(format!(
                "multipart body: {why}; content-type {content_type:?}; body {:?}",
                String::from_utf8_lossy(&got.body)
            )),
            Ok(parts) => {
                if parts.len() != body.parts.len() {
                    wrong.push(format!(
                        "multipart: expected {} parts, got {}: {parts:?}",
                        body.parts.len(),
                        parts.len()
                    ));
                }
                let mut sent: Vec<&apiglot::request::RequestPart> = body.parts.iter().collect();
                if runtime.target() == "csharp" {
                    sent.sort_by_key(|p| !p.is_file);
                }
                for (want, got) in sent.into_iter().zip(&parts) {
                    let mut problems = Vec::new();
                    if got.name != want.name {
                        problems.push(format!("name {:?}", got.name));
                    }
                    if want.is_file {
                        let filename: String = match runtime.target() {
                            "java" => want.filename.chars().map(|c| if c.is_ascii() { c } else { '?' }).collect(),
                            // multipart-post sends Ruby's File.basename of the name.
                            "ruby-faraday" => ruby_basename(&want.filename),
                            "csharp-httpclient" => want
                                .filename
                                .chars()
                                .flat_map(|c| if c.len_utf16() == 2 { vec!['\u{FFFD}'; 2] } else { vec![c] })
                                .collect(),
                            _ => want.filename.clone(),
                        };
                        if got.filename.as_deref() != Some(filename.as_str()) {
                            problems.push(format!("filename {:?}", got.filename));
                        }
                        let media = got
                            .content_type
                            .as_deref()
                            .map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
                        if media.as_deref() != Some(want.content_type.as_str()) {
                            problems.push(format!("content type {:?}", got.content_type));
                        }
                        if got.bytes != file_bytes(&want.file) {
                            problems.push(format!("bytes {:?}", String::from_utf8_lossy(&got.bytes)));
                        }
                    } else {
                        if got.filename.is_some() {
                            problems.push(format!("a file name {:?} on a text field", got.filename));
                        }
                        // Some clients label a text field text/plain; none may call it anything else.
                        if got
                            .content_type
                            .as_deref()
                            .is_some_and(|c| !c.to_ascii_lowercase().starts_with("text/plain"))
                        {
                            problems.push(format!("content type {:?}", got.content_type));
                        }
                        if got.bytes != want.value.as_bytes() {
                            problems.push(format!("value {:?}", String::from_utf8_lossy(&got.bytes)));
                        }
                    }
                    if !problems.is_empty() {
                        wrong.push(format!("multipart part {:?}: {}", want.name, problems.join(", ")));
                    }
                }
            }
        },
        "binary" => {
            if got.body != file_bytes(&body.file) {
                wrong.push(format!(
                    "binary body: expected the bytes of {:?}, got {:?}",
                    body.file,
                    String::from_utf8_lossy(&got.body)
                ));
            }
        }
        _ => {
            if got.body != body.text.as_bytes() {
                wrong.push(format!(
                    "text body: expected {:?}, got {:?}",
                    body.text,
                    String::from_utf8_lossy(&got.body)
                ));
            }
        }
    }
    if body.format == "multipart" && !content_type.to_ascii_lowercase().starts_with("multipart/form-data;") {
        wrong.push(format!("content-type: expected multipart/form-data with a boundary, got {content_type:?}"));
    }
    wrong
}

/// The paths of the files a request uploads (multipart file parts, a binary body).
fn uploads(request: &Request) -> Vec<String> {
    let Some(body) = &request.body else { return Vec::new() };
    let mut paths: Vec<String> = body.parts.iter().filter(|p| p.is_file).map(|p| p.file.clone()).collect();
    if body.format == "binary" {
        paths.push(body.file.clone());
    }
    paths
}

/// Adds a line when the sample did not print the response.
fn finish_differences(runtime: Runtime, outcome: &Outcome, mut wrong: Vec<String>) -> Vec<String> {
    // Objective-C's and Swift's samples print the response object, the others its body.
    let printed = match runtime.target() {
        "objc" => outcome.printed.contains("NSHTTPURLResponse"),
        "swift" => outcome.printed.contains("<HTTPURLResponse") && outcome.printed.contains("status: 200"),
        _ => outcome.printed.contains(REPLY),
    };
    if !printed {
        wrong.push(format!("the sample did not print the response; it printed {:?}", outcome.printed));
    }
    // PHP shows every notice and deprecation of Guzzle's run: none may appear.
    if runtime.target() == "php-guzzle"
        && ["Deprecated:", "Warning:", "Notice:"].iter().any(|w| outcome.printed.contains(w))
    {
        wrong.push(format!("PHP warned: {:?}", outcome.printed));
    }
    wrong
}

/// A request target's path and query (without the `?`).
fn split_target(target: &str) -> (&str, &str) {
    target.split_once('?').unwrap_or((target, ""))
}

/// `text` with the percent escapes of the bytes `decode` picks decoded.
fn percent_decoded(text: &str, decode: impl Fn(u8) -> bool) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) if decode(b) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// A value for each placeholder that is not the host, unlike any text of a sample.
fn placeholder_values(endpoint: &Endpoint) -> Vec<(String, String)> {
    let mut values: Vec<(String, String)> = endpoint
        .placeholders
        .iter()
        .map(|p| (p.name.clone(), format!("{}-4711", p.name.to_ascii_lowercase().replace('_', "-"))))
        .collect();
    // Longer names first, so ORG_USER_ID is not replaced as ORG_ + USER_ID.
    values.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    values
}

/// The endpoint with `{NAME}` replaced by its value everywhere, keys included.
fn filled(endpoint: &Endpoint, values: &[(String, String)]) -> Endpoint {
    fn fill(value: serde_json::Value, values: &[(String, String)]) -> serde_json::Value {
        let text = |s: String| values.iter().fold(s, |s, (name, v)| s.replace(&format!("{{{name}}}"), v));
        match value {
            serde_json::Value::String(s) => serde_json::Value::String(text(s)),
            serde_json::Value::Array(a) => a.into_iter().map(|v| fill(v, values)).collect(),
            serde_json::Value::Object(o) => o.into_iter().map(|(k, v)| (text(k), fill(v, values))).collect(),
            other => other,
        }
    }
    let mut endpoint = endpoint.clone();
    let server = endpoint.server.clone();
    endpoint.placeholders.clear();
    let mut value = fill(serde_json::to_value(&endpoint).unwrap(), values);
    value["server"] = server.into();
    serde_json::from_value(value).unwrap()
}

/// `code` with each placeholder name replaced by its value. Longest names go first and the
/// values are lower case, so no name is found inside another's value. Not whole words only: a
/// name in a query value sits between percent escapes (`%22USER_NAME%22`).
fn fill_code(code: &str, values: &[(String, String)]) -> String {
    values.iter().fold(code.to_string(), |code, (name, value)| code.replace(name.as_str(), value))
}

/// One sample to run: what it should send, its code, and the host placeholder to point at the server.
#[derive(Clone)]
struct Case {
    label: String,
    /// Why this sample is only compiled, not sent: a limit of the runtime here, not of the sample.
    compile_only: Option<&'static str>,
    request: Request,
    code: String,
    host: String,
}

/// Every endpoint of `root` with a templated https host, in every available runtime.
fn project_cases(root: &Path, runtimes: &[Runtime]) -> Vec<(Runtime, Case)> {
    let project = apiglot::load::project(root).unwrap();
    let (model, engine) = apiglot::prepare(&project, &project.config.locales).unwrap();
    let mut cases = Vec::new();
    for (loaded, resolved) in project.endpoints.iter().zip(&model.endpoints) {
        let request = &resolved.request;
        if request.scheme != "https" || !apiglot::request::is_templated_host(&request.host) {
            continue;
        }
        let values = placeholder_values(&loaded.endpoint);
        let src = apiglot::request::Source { file: Path::new("filled.yaml"), text: "" };
        let expected =
            apiglot::request::resolve(&filled(&loaded.endpoint, &values), &project.config.host_placeholder, &src)
                .unwrap();
        for &runtime in runtimes {
            let target = SampleTarget::by_id(runtime.target()).unwrap();
            let sample = apiglot::render::sample(&engine, target, request).unwrap();
            let case = Case {
                label: format!("{} ({})", resolved.id, root.display()),
                compile_only: (runtime.target() == "objc" && request.method == "PATCH")
                    .then_some("GNUstep 1.28's NSURLConnection refuses PATCH (\"Invalid HTTP Method\")"),
                request: expected.clone(),
                code: fill_code(&sample.code, &values),
                host: request.host.clone(),
            };
            cases.push((runtime, case));
        }
    }
    cases
}

impl Case {
    fn mode(&self) -> Mode {
        if self.compile_only.is_some() {
            Mode::CompileOnly
        } else {
            Mode::Send
        }
    }
}

/// Runs every case in parallel; returns one message per case that went wrong.
fn run_cases(cases: &[(Runtime, Case)]) -> Vec<String> {
    cases
        .par_iter()
        .filter_map(|(runtime, case)| {
            let files = uploads(&case.request);
            let outcome = match std::panic::catch_unwind(|| run(*runtime, &case.host, &case.code, case.mode(), &files))
            {
                Ok(outcome) => outcome,
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    return Some(format!("{} {}: {message}", runtime.target(), case.label));
                }
            };
            if case.compile_only.is_some() {
                return None;
            }
            let wrong = differences(*runtime, &case.request, &outcome);
            (!wrong.is_empty()).then(|| {
                format!(
                    "{} {}:\n  {}\n--- printed ---\n{}\n--- sample ---\n{}",
                    runtime.target(),
                    case.label,
                    wrong.join("\n  "),
                    outcome.printed,
                    outcome.code
                )
            })
        })
        .collect()
}

#[test]
fn samples_send_exactly_their_request_to_a_real_server() {
    let runtimes = &bench().runtimes;
    let mut cases = project_cases(&repo(), runtimes);
    cases.extend(project_cases(&repo().join("tests/cases/shapes"), runtimes));
    let failures = run_cases(&cases);
    assert!(failures.is_empty(), "{} of {} runs went wrong:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
    let names: Vec<&str> = runtimes.iter().map(|r| r.target()).collect();
    let compiled: Vec<String> = cases
        .iter()
        .filter_map(|(r, c)| c.compile_only.map(|why| format!("{} {}: {why}", r.target(), c.label)))
        .collect();
    eprintln!(
        "ran {} samples against the capture server ({}); compiled only: {}",
        cases.len() - compiled.len(),
        names.join(", "),
        compiled.join("; ")
    );
    assert_eq!(cases.len(), 12 * runtimes.len(), "eight example endpoints and four shapes with a templated https host");
}

/// Every body kind and way to authenticate (tests/cases/kinds): forms with basic auth,
/// multipart uploads, text and binary bodies, API keys in a header, the query and a cookie.
#[test]
fn every_request_kind_arrives_exactly() {
    let runtimes = &bench().runtimes;
    let cases = project_cases(&repo().join("tests/cases/kinds"), runtimes);
    assert_eq!(cases.len(), 6 * runtimes.len(), "six endpoints with a templated https host");
    let failures = run_cases(&cases);
    assert!(failures.is_empty(), "{} of {} runs went wrong:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

/// `apiglot targets` says which targets the harness executes: exactly those with a runtime here.
#[test]
fn the_targets_said_to_run_are_the_ones_this_harness_runs() {
    let said: Vec<&str> = SampleTarget::BUILTIN.iter().filter(|t| t.runs_on.is_some()).map(|t| t.id).collect();
    let run: Vec<&str> = Runtime::all().iter().map(|r| r.target()).collect();
    assert_eq!(said, run, "runs_on is set exactly for the targets with a runner (run.sh)");
}

#[test]
fn certificate_checks_stay_on_in_every_runtime() {
    // Told to trust another CA than the server's, every runtime must refuse the connection.
    let cases = project_cases(&repo(), &bench().runtimes);
    let deletes: Vec<&(Runtime, Case)> = cases.iter().filter(|(_, c)| c.request.method == "DELETE").collect();
    assert_eq!(deletes.len(), bench().runtimes.len());
    let accepted: Vec<String> = deletes
        .par_iter()
        .filter_map(|(runtime, case)| {
            let outcome = run(*runtime, &case.host, &case.code, Mode::Untrusted, &[]);
            if !outcome.received.is_empty() || outcome.printed.contains(REPLY) {
                return Some(format!(
                    "{}: sent a request over a connection it should not trust:\n{}",
                    runtime.target(),
                    outcome.printed
                ));
            }
            // Swift's sample prints the error it gets (FoundationNetworking reports the failed
            // handshake as NSURLErrorDomain -1004): proof that the run lasted until the answer.
            (runtime.target() == "swift" && !outcome.printed.contains("NSURLErrorDomain"))
                .then(|| format!("swift: ended without reporting the refused connection:\n{}", outcome.printed))
        })
        .collect();
    assert!(accepted.is_empty(), "{}", accepted.join("\n\n"));
}

/// How many requests of hostile texts the executed leg sends: each runs in every runtime, so
/// a case costs seconds; the parse-only property in `prove` tries 200.
const HOSTILE_RUNS: u32 = 4;

#[test]
fn hostile_strings_arrive_byte_for_byte() {
    let runtimes = &bench().runtimes;
    let engine = apiglot::templates::Engine::new(&[]).unwrap();
    let mut runner = TestRunner::new(Config { cases: HOSTILE_RUNS, failure_persistence: None, ..Config::default() });
    // Four independent texts a request: the header value, the query value, the path segment, the body.
    let result = runner.run(&(hostile(), hostile(), hostile(), hostile()), |(header, query, segment, body)| {
        let (request, _) = shape_request(&header_value(&header), &query, &segment, &body);
        let label = format!("header {header:?}, query {query:?}, segment {segment:?}, body {body:?}");
        let cases: Vec<(Runtime, Case)> = runtimes
            .iter()
            .map(|&runtime| {
                let target = SampleTarget::by_id(runtime.target()).unwrap();
                let code = apiglot::render::sample(&engine, target, &request).unwrap().code;
                let host = request.host.clone();
                (runtime, Case { label: label.clone(), compile_only: None, request: request.clone(), code, host })
            })
            .collect();
        let failures = run_cases(&cases);
        prop_assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// How many hostile texts the executed leg of the other request kinds tries: each gives four
/// requests (form with basic auth, multipart, text, cookies) in every runtime.
const HOSTILE_KIND_RUNS: u32 = 2;

#[test]
fn hostile_strings_in_every_request_kind_arrive_exactly() {
    let runtimes = &bench().runtimes;
    let engine = apiglot::templates::Engine::new(&[]).unwrap();
    let mut runner =
        TestRunner::new(Config { cases: HOSTILE_KIND_RUNS, failure_persistence: None, ..Config::default() });
    let result = runner.run(&hostile(), |text| {
        let mut cases = Vec::new();
        for (kind, request) in kind_requests(&text) {
            for &runtime in runtimes {
                let target = SampleTarget::by_id(runtime.target()).unwrap();
                let code = apiglot::render::sample(&engine, target, &request).unwrap().code;
                let label = format!("{kind} with {text:?}");
                let host = request.host.clone();
                cases.push((runtime, Case { label, compile_only: None, request: request.clone(), code, host }));
            }
        }
        let failures = run_cases(&cases);
        prop_assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn a_sample_that_sends_the_wrong_request_fails_with_a_clear_diff() {
    let cases = project_cases(&repo(), &[Runtime::of("python")]);
    let (runtime, case) = cases.iter().find(|(_, c)| c.code.contains("\"DELETE\"")).unwrap();
    // The Japanese page's mistake: the host moved into the request path.
    let code = case.code.replace("conn.request(\"DELETE\", \"/api", "conn.request(\"DELETE\", \"/{yourDomain}/api");
    assert_ne!(code, case.code, "the sample changed");
    let failures = run_cases(&[(*runtime, Case { code, ..case.clone() })]);
    let [failure] = failures.as_slice() else { panic!("expected one failure, got {failures:?}") };
    assert!(
        failure.contains(r#"path and query: expected "/api/v2/organizations/org-id-4711/members", got "/localhost:"#),
        "{failure}"
    );
}

/// Ruby's `File.basename`: the last segment of `/`-separated `name`, trailing slashes ignored
/// (`"a/b/"` is `"b"`, `"/"` is `"/"`).
fn ruby_basename(name: &str) -> String {
    let trimmed = name.trim_end_matches('/');
    if trimmed.is_empty() {
        return if name.is_empty() { String::new() } else { "/".to_string() };
    }
    trimmed.rsplit('/').next().unwrap_or_default().to_string()
}

#[test]
fn ruby_basename_is_rubys() {
    for (name, base) in [("f*/", "f*"), ("a/b", "b"), ("a//", "a"), ("/", "/"), ("//", "/"), ("x", "x"), ("", "")] {
        assert_eq!(ruby_basename(name), base, "{name}");
    }
}
