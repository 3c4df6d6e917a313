//! Runs samples as a user would, against a capture server on 127.0.0.1 over HTTPS with a
//! certificate from a test CA that the runtimes are told to trust (certificate checks stay
//! on). Only the host placeholder is replaced; the server must receive exactly the
//! endpoint's method, path and query, headers and body bytes, and the sample must print the
//! response. With `CI=true` a missing runtime fails; elsewhere it is skipped with a loud line.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

use apiglot::request::Request;
use apiglot::target::SampleTarget;

use crate::helpers::repo;

/// What the server received.
#[derive(Debug, Clone, Default)]
struct Received {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

const REPLY: &str = "apiglot-capture-ok";

struct Capture {
    port: u16,
    ca_file: tempfile::NamedTempFile,
    received: Arc<Mutex<Vec<Received>>>,
}

fn start_capture() -> Capture {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "apiglot test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let ca_issuer = rcgen::Issuer::new(ca_params, ca_key);
    let server_key = rcgen::KeyPair::generate().unwrap();
    let server_params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    let server_cert = server_params.signed_by(&server_key, &ca_issuer).unwrap();

    let mut ca_file = tempfile::NamedTempFile::new().unwrap();
    ca_file.write_all(ca_cert.pem().as_bytes()).unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![server_cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into()),
        )
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let sink = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let config = config.clone();
            let sink = sink.clone();
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(20)));
                let Ok(connection) = rustls::ServerConnection::new(config) else { return };
                let mut tls = rustls::StreamOwned::new(connection, stream);
                if let Some(request) = read_request(&mut tls) {
                    sink.lock().unwrap().push(request);
                    let reply = format!("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{REPLY}", REPLY.len());
                    let _ = tls.write_all(reply.as_bytes());
                    let _ = tls.flush();
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                }
            });
        }
    });
    Capture { port, ca_file, received }
}

fn read_request(stream: &mut impl Read) -> Option<Received> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.trim_end().splitn(3, ' ');
    let (method, target) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        let mut header = Vec::new();
        reader.read_until(b'\n', &mut header).ok()?;
        let header = String::from_utf8_lossy(&header).trim_end().to_string();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received { method, target, headers, body })
}

/// Is `program` on this machine? With CI=true its absence fails the test.
fn runtime_present(program: &str, install: &str) -> bool {
    let flag = if program == "go" { "version" } else { "--version" };
    let found = Command::new(program).arg(flag).output().is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{program} is missing and CI=true: {install}");
        }
        eprintln!("\n!!! SKIPPED: {program} is not installed; {install}\n");
    }
    found
}

/// How a target's samples run: the program, its arguments, and the sample's file extension.
/// PHP samples are statements of a script, so they run with `php -r`, the way a user's
/// script would run them; the others run as a file.
struct Runtime {
    target: &'static str,
    program: &'static str,
    args: &'static [&'static str],
    extension: &'static str,
}

/// Runs `code` after replacing only the host placeholder `host`.
fn run(capture: &Capture, host: &str, runtime: &Runtime, code: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let code = code.replace(host, &format!("localhost:{}", capture.port));
    let file = dir.path().join(format!("sample.{}", runtime.extension));
    std::fs::write(&file, &code).unwrap();
    let ca = capture.ca_file.path();
    let mut command = Command::new(runtime.program);
    command.args(runtime.args);
    if runtime.target == "php" {
        command.arg("-d").arg(format!("curl.cainfo={}", ca.display())).arg("-r").arg(&code);
    } else {
        command.arg(&file);
    }
    let output = command
        .current_dir(dir.path())
        .env("CURL_CA_BUNDLE", ca)
        .env("SSL_CERT_FILE", ca)
        .env("NODE_EXTRA_CA_CERTS", ca)
        .env("NODE_PATH", node_modules())
        .output()
        .unwrap();
    assert!(output.status.success(), "{} failed: {}\n{code}", runtime.program, String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Where axios is installed: `.ci/run` puts it there.
fn node_modules() -> std::path::PathBuf {
    std::env::var_os("APIGLOT_NODE_MODULES").map(Into::into).unwrap_or_else(|| {
        std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
            .join(".cache/apiglot-runtimes/node_modules")
    })
}

fn assert_received(target: &str, request: &Request, got: &Received, code: &str) {
    assert_eq!(got.method, request.method, "{target}: method\n{code}");
    assert_eq!(got.target, request.path_and_query, "{target}: path and query\n{code}");
    for h in &request.headers {
        let sent: Vec<&String> = got.headers.iter().filter(|(n, _)| *n == h.name).map(|(_, v)| v).collect();
        assert_eq!(sent, [&h.value], "{target}: header {}\n{code}", h.name);
    }
    // Targets that send a native value send what their library serializes: compact JSON.
    let native = matches!(target, "node" | "objc" | "swift");
    let body = request
        .body
        .as_ref()
        .map(|b| if native && b.kind != "scalar" { b.compact.as_bytes().to_vec() } else { b.text.as_bytes().to_vec() })
        .unwrap_or_default();
    assert_eq!(String::from_utf8_lossy(&got.body), String::from_utf8_lossy(&body), "{target}: body\n{code}");
}

fn run_project(root: &Path, capture: &Capture, runtimes: &[Runtime]) -> usize {
    let project = apiglot::load::project(root).unwrap();
    let (model, engine) = apiglot::prepare(&project, &project.config.locales).unwrap();
    let mut ran = 0;
    let templated = |r: &Request| r.scheme == "https" && apiglot::request::is_templated_host(&r.host);
    for endpoint in model.endpoints.iter().filter(|e| templated(&e.request)) {
        for runtime in runtimes {
            let target = SampleTarget::by_id(runtime.target).unwrap();
            let sample = apiglot::render::sample(&engine, target, &endpoint.request).unwrap();
            let before = capture.received.lock().unwrap().len();
            let printed = run(capture, &endpoint.request.host, runtime, &sample.code);
            let received = capture.received.lock().unwrap();
            assert_eq!(received.len(), before + 1, "{}: one request\n{}", runtime.target, sample.code);
            assert_received(runtime.target, &endpoint.request, &received[before], &sample.code);
            assert!(printed.contains(REPLY), "{}: the sample prints the response: {printed}", runtime.target);
            ran += 1;
        }
    }
    ran
}

/// The runtimes of the targets this machine can run, with how to install each.
fn runtimes() -> Vec<Runtime> {
    let all = [
        (Runtime { target: "curl", program: "bash", args: &[], extension: "sh" }, "curl", "apt-get install curl"),
        (Runtime { target: "go", program: "go", args: &["run"], extension: "go" }, "go", "apt-get install golang-go"),
        (Runtime { target: "node", program: "node", args: &[], extension: "js" }, "node", "apt-get install nodejs"),
        (
            Runtime { target: "php", program: "php", args: &[], extension: "php" },
            "php",
            "apt-get install php-cli php-curl",
        ),
        (
            Runtime { target: "python", program: "python3", args: &[], extension: "py" },
            "python3",
            "apt-get install python3",
        ),
        (Runtime { target: "ruby", program: "ruby", args: &[], extension: "rb" }, "ruby", "apt-get install ruby"),
    ];
    let mut found = Vec::new();
    for (runtime, program, install) in all {
        if !runtime_present(program, install) {
            continue;
        }
        let library = match runtime.target {
            "node" => node_modules().join("axios").is_dir().then_some(()).ok_or("axios (.ci/run installs it from npm)"),
            "php" => Command::new("php")
                .arg("-m")
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.eq_ignore_ascii_case("curl")))
                .then_some(())
                .ok_or("ext-curl (apt-get install php-curl)"),
            _ => Ok(()),
        };
        match library {
            Ok(()) => found.push(runtime),
            Err(missing) if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("{missing} is missing and CI=true")
            }
            Err(missing) => eprintln!("\n!!! SKIPPED: {} samples; {missing} is missing\n", runtime.target),
        }
    }
    found
}

#[test]
fn samples_send_exactly_their_request_to_a_real_server() {
    let runtimes = runtimes();
    let capture = start_capture();
    let mut ran = run_project(&repo(), &capture, &runtimes);
    ran += run_project(&repo().join("tests/cases/shapes"), &capture, &runtimes);
    let names: Vec<&str> = runtimes.iter().map(|r| r.target).collect();
    eprintln!("ran {ran} samples against the capture server: {}", names.join(", "));
    assert_eq!(ran, 5 * runtimes.len(), "two example endpoints and three shapes with a templated https host");
}
