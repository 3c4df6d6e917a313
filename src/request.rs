//! Resolves an `Endpoint` into the concrete HTTP request every sample sends.
//!
//! Pure: placeholders are checked and replaced by their display names, the path and query are
//! percent-encoded, and the header order is fixed here once so that all targets agree.

use serde::Serialize;

use crate::endpoint::{Auth, Endpoint, NameValue};
use crate::error::{Error, Location, Result};
use crate::json;

/// The request as every target must send it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    /// Upper-case method.
    pub method: String,
    /// `https`.
    pub scheme: String,
    /// Host (and port); a templated host is the configured placeholder spelling, verbatim.
    pub host: String,
    /// `scheme://host`.
    pub origin: String,
    /// Percent-encoded path, starting with `/`.
    pub path: String,
    /// Percent-encoded query string without `?`, empty when there is none.
    pub query_string: String,
    /// `path` plus `?query_string` when there is one.
    pub path_and_query: String,
    /// `origin` plus `path_and_query`.
    pub url: String,
    /// Query parameters, decoded, in order.
    pub query: Vec<NameValue>,
    /// Headers in the canonical order: content-type, authorization, then the endpoint's own.
    pub headers: Vec<NameValue>,
    pub body: Option<RequestBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestBody {
    pub content_type: String,
    /// The JSON value with placeholders replaced.
    pub json: serde_json::Value,
    /// The exact bytes sent by targets that send a string: `{ "a": [ 1, 2 ] }` layout.
    pub text: String,
    /// The compact JSON that targets serializing a native value (axios, NSJSONSerialization) send.
    pub compact: String,
    /// `object`, `array` or `scalar`: targets that build a native value need to know.
    pub kind: &'static str,
    /// Whether `text` is pure ASCII (Python's http.client sends a str body as Latin-1).
    pub ascii: bool,
}

/// The endpoint's source file, for error locations.
pub struct Source<'a> {
    pub file: &'a std::path::Path,
    pub text: &'a str,
}

impl Source<'_> {
    fn at(&self, needle: &str) -> Location {
        Location::of_text(self.file, self.text, needle)
    }

    /// The value of the top-level field `key` (a line `key: value`), else the first mention
    /// of the key.
    fn field(&self, key: &str) -> Location {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                let value = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                return Location::at_offset(self.file, self.text, offset + key.len() + 1 + value);
            }
            offset += line.len();
        }
        self.at(key)
    }
}

/// Why a value cannot be sent the same way by every sample, and what to do: the caller adds
/// the place (a line in an endpoint file, a JSON pointer in a HAR file or an OpenAPI spec).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub help: String,
}

impl Refusal {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Refusal {
        Refusal { message: message.into(), help: help.into() }
    }
}

/// The methods every target can send as written. TRACE and CONNECT are left out: RestSharp's
/// `Method` enum (C#) and Unirest (Java) have no member for them, fetch-based clients forbid
/// them, and CONNECT asks a proxy for a tunnel rather than a resource.
pub const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// `method` upper-cased, when it is one of [`METHODS`]. The samples name the method in code
/// (`Method.Delete`, `Unirest.delete(`, `Net::HTTP::Delete`), so any other would not compile.
pub fn check_method(method: &str) -> Result<String, Refusal> {
    let upper = method.to_ascii_uppercase();
    if METHODS.contains(&upper.as_str()) {
        return Ok(upper);
    }
    Err(Refusal::new(
        format!("`{method}` is not a method every sample can send"),
        format!(
            "use one of {}: C#, Java and Ruby name the method in code (Method.Get, Unirest.get, Net::HTTP::Get), \
             and those exist only for these",
            METHODS.join(", ")
        ),
    ))
}

/// Refuses `.` and `..` segments, also percent-encoded (`%2e%2e`): curl, PHP and Node remove
/// them before sending (`/a/../b` becomes `/b`) while Python, Go and Ruby send them as written.
pub fn check_path_segments(path: &str) -> Result<(), Refusal> {
    for segment in path.split('/') {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        if decoded == "." || decoded == ".." {
            return Err(Refusal::new(
                format!("path `{path}` has a `{segment}` segment"),
                "curl, PHP and Node resolve `.` and `..` before sending while Python, Go and Ruby send them, \
                 so the samples would request different paths: write the path without them",
            ));
        }
    }
    Ok(())
}

/// A server split into its parts, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server<'a> {
    /// `http` or `https`, lower-case.
    pub scheme: String,
    /// The host as written (a templated one verbatim), without the port.
    pub host: &'a str,
    /// The port as written, when there is one (1 to 65535).
    pub port: Option<&'a str>,
    /// The path after the host, without a trailing `/`; may be empty.
    pub base_path: &'a str,
}

/// Splits and checks `scheme://host[:port][/base]`: http(s) only, no user info (the clients
/// disagree on sending it, and Python's HTTPSConnection takes it for the host), a port from 1
/// to 65535.
pub fn check_server(server: &str) -> Result<Server<'_>, Refusal> {
    let Some((scheme, rest)) = server.split_once("://") else {
        return Err(Refusal::new(
            format!("server `{server}` has no scheme"),
            "write the server as https://host, e.g. https://{yourDomain}",
        ));
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(Refusal::new(
            format!("server `{server}` uses the scheme `{scheme}`"),
            "samples are HTTP requests: write the server as https://host or http://host",
        ));
    }
    let (authority, base_path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
        None => (rest, ""),
    };
    if base_path.contains(['?', '#']) {
        return Err(Refusal::new(
            format!("server `{server}` has a query or fragment"),
            "a server is scheme, host and an optional base path: move query parameters to `query`",
        ));
    }
    if authority.contains('@') {
        return Err(Refusal::new(
            format!("server `{server}` has user info (`user:password@`)"),
            "the clients disagree on sending credentials in the URL (Python's HTTPSConnection takes them for \
             the host): remove them, and send credentials with `auth: bearer` or a header",
        ));
    }
    // A bracketed IPv6 address holds colons of its own.
    let port_colon = match authority.rfind(']') {
        Some(close) => authority[close..].find(':').map(|i| close + i),
        None => authority.rfind(':'),
    };
    let (host, port) = match port_colon {
        Some(i) => (&authority[..i], Some(&authority[i + 1..])),
        None => (authority, None),
    };
    if host.is_empty() {
        return Err(Refusal::new(format!("server `{server}` has no host"), "write https://host"));
    }
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
        if !valid {
            return Err(Refusal::new(
                format!("server `{server}` has the port `{port}`"),
                "a port is a number from 1 to 65535: fix it, or remove it to use the scheme's default",
            ));
        }
    }
    check_path_segments(base_path)?;
    Ok(Server { scheme, host, port, base_path })
}

/// Refuses a header value that some client cannot send as written. HTTP values are one line
/// of visible ASCII characters, spaces and tabs (RFC 9110, 5.5); beyond ASCII the clients
/// disagree (curl sends UTF-8, Python Latin-1, Node refuses), so no sample could be right in
/// every language.
fn check_header_value(name: &str, value: &str, at: impl Fn() -> Location) -> Result<()> {
    if value.chars().any(|c| c.is_ascii_control() && c != '\t') {
        return Err(Error::input(
            at(),
            format!("header `{name}` has a control character (a line break, NUL, ...) in its value"),
            "HTTP header values are one line of visible characters: remove the control character",
        ));
    }
    if let Some(c) = value.chars().find(|c| !c.is_ascii()) {
        return Err(Error::input(
            at(),
            format!("header `{name}` has a non-ASCII character ({:?}, U+{:04X}) in its value", c, c as u32),
            "clients send such a value differently (curl as UTF-8, Python as Latin-1, Node refuses it): \
             percent-encode it (é is %C3%A9) or use the RFC 8187 form UTF-8''%C3%A9",
        ));
    }
    if value.is_empty() {
        return Err(Error::input(
            at(),
            format!("header `{name}` has an empty value"),
            "curl and PHP's cURL drop a header whose value is empty, so not every sample could send it: \
             give it a value or remove it",
        ));
    }
    if value.trim_matches([' ', '\t']) != value {
        return Err(Error::input(
            at(),
            format!("header `{name}` has white space at the start or end of its value"),
            "HTTP removes white space around header values, so no client can send it: remove it",
        ));
    }
    Ok(())
}

/// Is `host` a template for the user to fill in (`{yourDomain}`, `YOUR_DOMAIN`,
/// `${account.namespace}`, `your_auth0_domain`) rather than a real host name?
pub fn is_templated_host(host: &str) -> bool {
    host.chars().any(|c| matches!(c, '{' | '}' | '$' | '_') || c.is_ascii_uppercase())
}

pub fn resolve(endpoint: &Endpoint, host_placeholder: &str, src: &Source) -> Result<Request> {
    let refused = |at: Location, r: Refusal| Error::input(at, r.message, r.help);
    let method = check_method(&endpoint.method).map_err(|r| refused(src.field("method"), r))?;
    let declared: Vec<&str> = endpoint.placeholders.iter().map(|p| p.name.as_str()).collect();
    for p in &endpoint.placeholders {
        if !is_placeholder_name(&p.name) {
            return Err(Error::input(
                src.at(&p.name),
                format!("placeholder name `{}` is not UPPER_SNAKE", p.name),
                "name placeholders like ORG_ID: capital letters, digits and underscores",
            ));
        }
    }
    let fill = |text: &str, field: &str| fill_placeholders(text, &declared, field, src);

    let server = check_server(&endpoint.server).map_err(|r| refused(src.field("server"), r))?;
    let (scheme, base_path) = (server.scheme.as_str(), server.base_path);
    // A templated host keeps its port: the samples connect to `{yourDomain}:8443`.
    let host = match (is_templated_host(server.host), server.port) {
        (true, Some(port)) => format!("{host_placeholder}:{port}"),
        (true, None) => host_placeholder.to_string(),
        (false, Some(port)) => format!("{}:{port}", server.host),
        (false, None) => server.host.to_string(),
    };

    if !endpoint.path.starts_with('/') {
        return Err(Error::input(src.at("path"), "path must start with `/`", "write it as /api/v2/..."));
    }
    check_path_segments(&endpoint.path).map_err(|r| refused(src.field("path"), r))?;
    let path = format!("{}{}", encode(base_path, PATH_SAFE), encode(&fill(&endpoint.path, "path")?, PATH_SAFE));
    if path.contains("//") {
        return Err(Error::input(
            src.at("path"),
            format!("path `{path}` has an empty segment (`//`)"),
            "Java's HttpClient and others merge `//` into `/`, so not every sample would send it: \
             remove the empty segment",
        ));
    }

    let mut query = Vec::new();
    for q in &endpoint.query {
        query.push(NameValue { name: fill(&q.name, "query")?, value: fill(&q.value, "query")? });
    }
    let query_string = query
        .iter()
        .map(|q| format!("{}={}", encode(&q.name, QUERY_SAFE), encode(&q.value, QUERY_SAFE)))
        .collect::<Vec<_>>()
        .join("&");
    let path_and_query = if query_string.is_empty() { path.clone() } else { format!("{path}?{query_string}") };
    let origin = format!("{scheme}://{host}");

    let mut headers = Vec::new();
    let body = match &endpoint.body {
        Some(b) => {
            if !is_json_media_type(&b.content_type) {
                return Err(Error::input(
                    src.at("content_type"),
                    format!("content type `{}` is not JSON", b.content_type),
                    "bodies are JSON: use application/json or application/<name>+json",
                ));
            }
            headers.push(NameValue { name: "content-type".into(), value: b.content_type.clone() });
            let json = fill_json(&b.json, &declared, src)?;
            Some(RequestBody {
                content_type: b.content_type.clone(),
                text: json::spaced(&json),
                compact: serde_json::to_string(&json).expect("JSON values always serialize"),
                kind: match &json {
                    serde_json::Value::Object(_) => "object",
                    serde_json::Value::Array(_) => "array",
                    _ => "scalar",
                },
                ascii: json::spaced(&json).is_ascii(),
                json,
            })
        }
        None => None,
    };
    if let Some(Auth { bearer: token }) = &endpoint.auth {
        let value = format!("Bearer {}", fill(token, "auth")?);
        check_header_value("authorization", &value, || src.at("bearer"))?;
        headers.push(NameValue { name: "authorization".into(), value });
    }
    for h in &endpoint.headers {
        let name = h.name.to_ascii_lowercase();
        if !is_token(&name) {
            return Err(Error::input(
                src.at(&h.name),
                format!("`{}` is not a valid header name", h.name),
                "header names are letters, digits and !#$%&'*+-.^_`|~",
            ));
        }
        if headers.iter().any(|existing| existing.name == name) {
            return Err(Error::input(
                src.at(&h.name),
                format!("header `{name}` is set twice"),
                "content-type comes from body.content_type and authorization from auth: remove the duplicate",
            ));
        }
        let value = fill(&h.value, "headers")?;
        check_header_value(&name, &value, || src.at(&h.name))?;
        headers.push(NameValue { name, value });
    }

    Ok(Request {
        method,
        scheme: scheme.to_string(),
        url: format!("{origin}{path_and_query}"),
        host,
        origin,
        path,
        query_string,
        path_and_query,
        query,
        headers,
        body,
    })
}

/// `application/json` or `application/<name>+json`, parameters aside.
pub fn is_json_media_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `[A-Z][A-Z0-9_]*`
pub fn is_placeholder_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Replaces each `{NAME}` by `NAME`, failing on a name that is not declared.
/// Adds each `{UPPER_SNAKE}` name in `text` not yet in `names`, in order: the placeholders an
/// importer must declare.
pub fn placeholder_names(text: &str, names: &mut Vec<String>) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find('}') {
            let name = &rest[..close];
            if is_placeholder_name(name) && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
}

/// [`placeholder_names`] of every string and key of a JSON value.
pub fn json_placeholder_names(value: &serde_json::Value, names: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => placeholder_names(s, names),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_placeholder_names(v, names)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                placeholder_names(k, names);
                json_placeholder_names(v, names);
            }
        }
        _ => {}
    }
}

fn fill_placeholders(text: &str, declared: &[&str], field: &str, src: &Source) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_placeholder_name(&after[..close]) => {
                let name = &after[..close];
                if !declared.contains(&name) {
                    return Err(Error::input(
                        src.at(&format!("{{{name}}}")),
                        format!("placeholder `{name}` is used in {field} but not declared"),
                        format!("add `- name: {name}` with a `description` message id under `placeholders:`"),
                    ));
                }
                out.push_str(name);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn fill_json(value: &serde_json::Value, declared: &[&str], src: &Source) -> Result<serde_json::Value> {
    use serde_json::Value;
    Ok(match value {
        Value::String(s) => Value::String(fill_placeholders(s, declared, "body", src)?),
        Value::Array(items) => Value::Array(items.iter().map(|v| fill_json(v, declared, src)).collect::<Result<_>>()?),
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                out.insert(fill_placeholders(k, declared, "body", src)?, fill_json(v, declared, src)?);
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

/// Bytes a path keeps as they are besides the unreserved ones.
pub const PATH_SAFE: &[u8] = b"-._~/:@";
/// Bytes a query name or value keeps besides the unreserved ones.
pub const QUERY_SAFE: &[u8] = b"-._~";

/// Percent-encodes every byte outside the unreserved set and `safe`.
pub fn encode(text: &str, safe: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || safe.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_outside_unreserved() {
        assert_eq!(encode("a b/ü?", PATH_SAFE), "a%20b/%C3%BC%3F");
        assert_eq!(encode("x&y=z", QUERY_SAFE), "x%26y%3Dz");
    }

    #[test]
    fn templated_hosts() {
        for h in ["{yourDomain}", "YOUR_DOMAIN", "${account.namespace}", "your_auth0_domain"] {
            assert!(is_templated_host(h), "{h}");
        }
        for h in ["api.example.com", "localhost:8443"] {
            assert!(!is_templated_host(h), "{h}");
        }
    }

    fn endpoint(yaml: &str) -> Endpoint {
        serde_yaml_ng::from_str(yaml).unwrap()
    }

    fn refusal(yaml: &str) -> String {
        let src = Source { file: std::path::Path::new("e.yaml"), text: yaml };
        resolve(&endpoint(yaml), "{yourDomain}", &src).unwrap_err().to_string()
    }

    fn resolved(yaml: &str) -> Request {
        let src = Source { file: std::path::Path::new("e.yaml"), text: yaml };
        resolve(&endpoint(yaml), "{yourDomain}", &src).unwrap()
    }

    const BASE: &str = "id: a\nguide: a\n";

    #[test]
    fn only_the_standard_methods() {
        for method in ["get", "HEAD", "Post", "PUT", "patch", "DELETE", "options"] {
            let r = resolved(&format!("{BASE}method: {method}\nserver: https://h.example\npath: /x\n"));
            assert_eq!(r.method, method.to_ascii_uppercase());
        }
        for method in ["FOO", "TRACE", "CONNECT", "PROPFIND"] {
            let message = refusal(&format!("{BASE}method: {method}\nserver: https://h.example\npath: /x\n"));
            assert!(
                message.starts_with(&format!("e.yaml:3:9: `{method}` is not a method every sample can send")),
                "{message}"
            );
            assert!(message.contains("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"), "{message}");
        }
    }

    #[test]
    fn dot_segments_are_refused() {
        for path in ["/a/../../etc/passwd", "/a/./b", "/a/..", "/a/%2e%2E/b", "/a/.%2e", "/%2E"] {
            let message = refusal(&format!("{BASE}method: GET\nserver: https://h.example\npath: {path}\n"));
            assert!(message.starts_with("e.yaml:5:7: path `"), "{path}: {message}");
            assert!(message.contains("Python, Go and Ruby send them"), "{message}");
        }
        let message = refusal(&format!("{BASE}method: GET\nserver: https://h.example/v1/..\npath: /x\n"));
        assert!(message.starts_with("e.yaml:4:9: path `/v1/..` has a `..` segment"), "{message}");
        for path in ["/a/.b/c", "/a/b../c", "/.well-known/x", "/a/...", "/a/%2e%2e%2e"] {
            resolved(&format!("{BASE}method: GET\nserver: https://h.example\npath: {path}\n"));
        }
    }

    #[test]
    fn servers_are_http_with_a_host_and_a_valid_port() {
        let cases = [
            ("https://u:p@h.example:8443", "has user info"),
            ("https://u@{yourDomain}", "has user info"),
            ("https://h.example:99999", "has the port `99999`"),
            ("https://h.example:0", "has the port `0`"),
            ("https://h.example:", "has the port ``"),
            ("https://h.example:+80", "has the port `+80`"),
            ("https://{yourDomain}:65536", "has the port `65536`"),
            ("ftp://h.example", "uses the scheme `ftp`"),
            ("file:///etc", "uses the scheme `file`"),
            ("h.example", "has no scheme"),
            ("https://:8443", "has no host"),
            ("https://h.example?x=1", "has a query or fragment"),
        ];
        for (server, why) in cases {
            let message = refusal(&format!("{BASE}method: GET\nserver: '{server}'\npath: /x\n"));
            assert!(message.starts_with(&format!("e.yaml:4:9: server `{server}` {why}")), "{server}: {message}");
        }
    }

    #[test]
    fn a_templated_host_keeps_its_port() {
        let r = resolved(&format!("{BASE}method: GET\nserver: https://{{yourDomain}}:8443/v1\npath: /x\n"));
        assert_eq!((r.host.as_str(), r.url.as_str()), ("{yourDomain}:8443", "https://{yourDomain}:8443/v1/x"));
        let r = resolved(&format!("{BASE}method: GET\nserver: HTTP://YOUR_DOMAIN:80\npath: /x\n"));
        assert_eq!((r.scheme.as_str(), r.url.as_str()), ("http", "http://{yourDomain}:80/x"));
        let r = resolved(&format!("{BASE}method: GET\nserver: https://[::1]:8443\npath: /x\n"));
        assert_eq!(r.host, "[::1]:8443");
        let r = resolved(&format!("{BASE}method: GET\nserver: https://h.example:65535/\npath: /x\n"));
        assert_eq!(r.url, "https://h.example:65535/x");
    }
}
