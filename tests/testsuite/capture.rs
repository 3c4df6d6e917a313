//! A capture server for running samples: HTTPS on 127.0.0.1 with a certificate for
//! `localhost` signed by a test CA made for this test run, which the runtimes are told to
//! trust (certificate checks stay on). Each run gets its own listener on a free port, so runs
//! can go in parallel and each request is known by the port it arrived on.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What the server received.
#[derive(Debug, Clone, Default)]
pub struct Received {
    pub method: String,
    /// The request target: path and query as sent.
    pub target: String,
    /// Names lower-cased, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The body every reply carries; a sample that prints the response prints this.
pub const REPLY: &str = "apiglot-capture-ok";

/// The test CA, the server's TLS configuration, and the CA's certificate as a PEM file.
pub struct TestCa {
    dir: tempfile::TempDir,
    config: Arc<rustls::ServerConfig>,
}

impl TestCa {
    pub fn new() -> TestCa {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(rcgen::DnType::CommonName, "apiglot test CA");
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let ca_issuer = rcgen::Issuer::new(ca_params, ca_key);
        let server_key = rcgen::KeyPair::generate().unwrap();
        let server_params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        let server_cert = server_params.signed_by(&server_key, &ca_issuer).unwrap();

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ca.pem"), ca_cert.pem()).unwrap();

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
        TestCa { dir, config: Arc::new(config) }
    }

    /// The CA certificate, PEM.
    pub fn pem(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// A folder that lives as long as the CA, for trust stores and compiled helpers.
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }

    /// Starts a listener on a free port; it answers every request with [`REPLY`].
    pub fn listen(&self) -> Listener {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let sink = received.clone();
        let config = self.config.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let config = config.clone();
                let sink = sink.clone();
                std::thread::spawn(move || serve(stream, config, sink));
            }
        });
        Listener { port, received }
    }
}

/// One port, and what arrived on it.
pub struct Listener {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Listener {
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn serve(stream: std::net::TcpStream, config: Arc<rustls::ServerConfig>, sink: Arc<Mutex<Vec<Received>>>) {
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(30)));
    let Ok(connection) = rustls::ServerConnection::new(config) else { return };
    let mut tls = rustls::StreamOwned::new(connection, stream);
    if let Some(request) = read_request(&mut tls) {
        sink.lock().unwrap().push(request);
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{REPLY}",
            REPLY.len()
        );
        let _ = tls.write_all(reply.as_bytes());
        let _ = tls.flush();
        tls.conn.send_close_notify();
        let _ = tls.flush();
    }
}

/// Reads one HTTP/1.1 request (a body by content-length or chunked).
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
    let value = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if value("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        let length: usize = value("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
    }
    Some(Received { method, target, headers, body })
}

/// One part of a `multipart/form-data` body as the server reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedPart {
    pub name: String,
    /// From `filename="..."`, or `filename*=UTF-8''...` decoded.
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// Splits a `multipart/form-data` body by the boundary its content type names.
pub fn multipart_parts(content_type: &str, body: &[u8]) -> Result<Vec<ReceivedPart>, String> {
    let boundary = content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim_matches('"').to_string())
        .ok_or_else(|| format!("no boundary in content-type {content_type:?}"))?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut at = find(body, &delimiter, 0).ok_or("the body has no boundary line")?;
    loop {
        at += delimiter.len();
        if body[at..].starts_with(b"--") {
            return Ok(parts);
        }
        at +=
            if body[at..].starts_with(b"\r\n") { 2 } else { return Err("a boundary line is not ended by CRLF".into()) };
        let head_end = find(body, b"\r\n\r\n", at).ok_or("a part has no end of its headers")?;
        let head = String::from_utf8_lossy(&body[at..head_end]).to_string();
        let next =
            find(body, &[b"\r\n".as_slice(), &delimiter].concat(), head_end + 4).ok_or("a part is not closed")?;
        let bytes = body[head_end + 4..next].to_vec();
        let mut part = ReceivedPart { name: String::new(), filename: None, content_type: None, bytes };
        for line in head.split("\r\n") {
            let Some((name, value)) = line.split_once(':') else { continue };
            match name.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for param in disposition_params(value) {
                        match param {
                            (k, v) if k == "name" => part.name = v,
                            (k, v) if k == "filename" && part.filename.is_none() => part.filename = Some(v),
                            (k, v) if k == "filename*" => {
                                let encoded = v.split_once("''").map_or(v.as_str(), |(_, e)| e).to_string();
                                part.filename = Some(percent_decoded_utf8(&encoded));
                            }
                            _ => {}
                        }
                    }
                }
                "content-type" => part.content_type = Some(value.trim().to_string()),
                _ => {}
            }
        }
        parts.push(part);
        at = next + 2;
    }
}

/// `form-data; name="a"; filename="b"` as (key, unquoted value) pairs; `\"` and `\\` unescaped.
fn disposition_params(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(semi) = rest.find(';') {
        rest = rest[semi + 1..].trim_start();
        let Some(eq) = rest.find('=') else { break };
        let key = rest[..eq].trim().to_ascii_lowercase();
        rest = &rest[eq + 1..];
        let mut text = String::new();
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => text.extend(chars.next().map(|(_, c)| c)),
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => text.push(c),
                }
            }
            rest = &quoted[end..];
        } else {
            let end = rest.find(';').unwrap_or(rest.len());
            text = rest[..end].trim().to_string();
            rest = &rest[end..];
        }
        out.push((key, text));
    }
    out
}

fn percent_decoded_utf8(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()),
        ) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `application/x-www-form-urlencoded` fields, decoded (`+` is a space).
pub fn form_fields(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body).replace('+', " ");
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (n, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decoded_utf8(n), percent_decoded_utf8(v))
        })
        .collect()
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

/// The bytes of a file a sample uploads, made from its path: text, every byte value, and a
/// line that looks like a multipart boundary.
pub fn file_bytes(path: &str) -> Vec<u8> {
    let mut bytes = format!("apiglot upload {path}\r\n--not-a-boundary\r\n").into_bytes();
    bytes.extend(0..=255u8);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_bodies_split_into_their_parts() {
        let body = b"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz\r\nContent-Disposition: form-data; name=\"f\"; filename*=UTF-8''%C3%A9t%C3%A9.png\r\nContent-Type: image/png\r\n\r\n\x00\r\n--x\r\n--xyz--\r\n";
        let parts = multipart_parts("multipart/form-data; boundary=xyz", body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].name.as_str(), parts[0].bytes.as_slice()), ("a", b"1".as_slice()));
        assert_eq!(parts[1].filename.as_deref(), Some("été.png"));
        assert_eq!(parts[1].bytes, b"\x00\r\n--x");
        assert_eq!(
            form_fields(b"a=1+2&b=%C3%A9&a="),
            [("a".into(), "1 2".into()), ("b".into(), "é".into()), ("a".into(), String::new())]
        );
    }
}
