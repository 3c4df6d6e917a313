//! Resolves an `Endpoint` into the concrete HTTP request every sample sends.
//!
//! Pure: placeholders are checked and replaced by their display names, the path and query are
//! percent-encoded, and the header order is fixed here once so that all targets agree.

use serde::Serialize;

use crate::endpoint::{ApiKeyLocation, Body, Endpoint, NameValue};
use crate::error::{Error, Location, Result};
use crate::json;

/// The request as every target must send it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    /// Upper-case method.
    pub method: String,
    /// `https`.
    pub scheme: String,
    /// Host (and port): a host that is only a template is the configured placeholder; one with
    /// a template inside a longer name (`api.{yourDomain}`) is kept as written.
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
    /// Query parameters, decoded, in order (an API key sent in the query last).
    pub query: Vec<NameValue>,
    /// The headers a sample writes as headers, in the canonical order: content-type (except for
    /// multipart, whose client writes it with its boundary), authorization for a bearer token,
    /// an API key sent in a header, cookie, then the endpoint's own.
    pub headers: Vec<NameValue>,
    /// Basic credentials, which each client sends its own way (`--user`, `SetBasicAuth`);
    /// [`Request::sent_headers`] holds the header they make.
    pub basic: Option<Basic>,
    /// The cookies, in order; they are also the `cookie` header in `headers`.
    pub cookies: Vec<NameValue>,
    pub body: Option<RequestBody>,
}

/// HTTP basic credentials, placeholders replaced by their display names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Basic {
    pub user: String,
    pub password: String,
}

impl Basic {
    /// `Basic <base64(user:password)>`, the authorization header the server receives.
    pub fn header_value(&self) -> String {
        format!("Basic {}", base64(format!("{}:{}", self.user, self.password).as_bytes()))
    }
}

impl Request {
    /// Every header the server receives whose value the sample decides: `headers` plus the
    /// authorization header of basic credentials (multipart's content-type, whose boundary
    /// the client picks, is not among them).
    pub fn sent_headers(&self) -> Vec<NameValue> {
        let mut headers = self.headers.clone();
        if let Some(basic) = &self.basic {
            let at = headers.iter().position(|h| h.name != "content-type").unwrap_or(headers.len());
            headers.insert(at, NameValue { name: "authorization".into(), value: basic.header_value() });
        }
        headers
    }
}

/// The body kinds of the endpoint format, as templates test them (`r.body.format == "form"`).
pub const BODY_FORMATS: &[&str] = &["json", "form", "multipart", "text", "binary"];

/// How long a JSON body may be on one line before targets that can write it across lines do.
pub const JSON_WIDTH: usize = 80;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestBody {
    /// `json`, `form`, `multipart`, `text` or `binary`.
    pub format: &'static str,
    /// The media type: for multipart `multipart/form-data`, without the boundary the client adds.
    pub content_type: String,
    /// JSON: the value with placeholders replaced; `null` for other formats.
    pub json: serde_json::Value,
    /// The exact bytes sent by targets that send a string: JSON in the `{ "a": [ 1, 2 ] }`
    /// layout, a form as `application/x-www-form-urlencoded` (RFC 3986 unreserved bytes kept,
    /// space as `+`), text as written; empty for multipart and binary.
    pub text: String,
    /// JSON: the compact text that targets serializing a native value (axios,
    /// NSJSONSerialization) send; else the same as `text`.
    pub compact: String,
    /// JSON longer than [`JSON_WIDTH`] on one line: the same value across lines (two spaces
    /// an indent), which targets whose string literals can span lines send instead of `text`
    /// so that no sample runs off the screen; else empty.
    pub lines: String,
    /// JSON: `object`, `array` or `scalar` (targets that build a native value need to know);
    /// else the format.
    pub kind: &'static str,
    /// Whether `text` is pure ASCII (Python's http.client sends a str body as Latin-1).
    pub ascii: bool,
    /// Form: the fields, decoded, in order.
    pub fields: Vec<NameValue>,
    /// Multipart: the parts, in order.
    pub parts: Vec<RequestPart>,
    /// Binary: the path of the file whose bytes are the body.
    pub file: String,
}

/// A multipart part: a text field (`value`) or a file (`file`, `filename`, `content_type`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestPart {
    pub name: String,
    /// A text field's value; empty for a file.
    pub value: String,
    /// Whether this part is a file.
    pub is_file: bool,
    /// The path the sample reads the file from; empty for a text field.
    pub file: String,
    /// The file name the server receives; empty for a text field.
    pub filename: String,
    /// The file's content type; empty for a text field.
    pub content_type: String,
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

    /// The first `needle` after the first `anchor` (a key such as `basic:`), else `anchor`.
    fn after(&self, anchor: &str, needle: &str) -> Location {
        match self.text.find(anchor) {
            Some(start) => match self.text[start..].find(needle) {
                Some(i) => Location::at_offset(self.file, self.text, start + i),
                None => Location::at_offset(self.file, self.text, start),
            },
            None => self.at(needle),
        }
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
    // Only a segment with a dot or a percent sign can read as `.` or `..`.
    for segment in path.split('/').filter(|s| s.contains(['.', '%'])) {
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

/// The host the samples show for `server`'s host: the configured placeholder for a host that
/// is only a template, anything else exactly as written.
pub fn sample_host(host: &str, host_placeholder: &str) -> String {
    if is_whole_template(host) {
        host_placeholder.to_string()
    } else {
        host.to_string()
    }
}

/// A host that is one template and nothing else: `{yourDomain}`, `${account.namespace}`,
/// `YOUR_DOMAIN`, `your_auth0_domain`. `api.{yourDomain}` or `{region}.example.com` hold a
/// template inside a longer name, and are kept as written.
pub fn is_whole_template(host: &str) -> bool {
    let inner = host.strip_prefix('$').unwrap_or(host);
    if let Some(name) = inner.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        return !name.is_empty() && !name.contains(['{', '}']);
    }
    is_templated_host(host) && !host.contains(['.', '{', '}', '$', ':', '[', ']'])
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
    let host = match server.port {
        Some(port) => format!("{}:{port}", sample_host(server.host, host_placeholder)),
        None => sample_host(server.host, host_placeholder),
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

    let mut headers = Vec::new();
    let body = match &endpoint.body {
        Some(b) => Some(resolve_body(b, &fill, src)?),
        None => None,
    };
    if let Some(b) = &body {
        if b.format != "multipart" {
            headers.push(NameValue { name: "content-type".into(), value: b.content_type.clone() });
        }
    }

    let mut cookies = Vec::new();
    let mut basic = None;
    if let Some(auth) = &endpoint.auth {
        let given = [auth.bearer.is_some(), auth.basic.is_some(), auth.api_key.is_some()];
        if given.iter().filter(|g| **g).count() != 1 {
            return Err(Error::input(
                src.field("auth"),
                "`auth` needs exactly one of `bearer`, `basic` or `api_key`",
                "write one, e.g. `auth: { bearer: \"{ACCESS_TOKEN}\" }`, `auth: { basic: { user: \"{CLIENT_ID}\", \
                 password: \"{CLIENT_SECRET}\" } }` or `auth: { api_key: { name: x-api-key, in: header, value: \
                 \"{API_KEY}\" } }`",
            ));
        }
        if let Some(token) = &auth.bearer {
            let value = format!("Bearer {}", fill(token, "auth")?);
            check_header_value("authorization", &value, || src.at("bearer"))?;
            headers.push(NameValue { name: "authorization".into(), value });
        }
        if let Some(b) = &auth.basic {
            let user = fill(&b.user, "auth")?;
            let password = fill(&b.password, "auth")?;
            if user.contains(':') {
                return Err(Error::input(
                    src.after("basic", "user"),
                    format!("basic auth user `{user}` has a `:`"),
                    "the first `:` of basic credentials ends the user, so the server would read another user: \
                     remove it",
                ));
            }
            for (what, text) in [("user", &user), ("password", &password)] {
                if let Some(c) = text.chars().find(|c| c.is_control() || !c.is_ascii()) {
                    return Err(Error::input(
                        src.after("basic", what),
                        format!("basic auth {what} has the character {c:?} (U+{:04X})", c as u32),
                        "clients encode credentials beyond visible ASCII differently (UTF-8 or Latin-1), so not \
                         every sample would send the same: use visible ASCII characters",
                    ));
                }
            }
            basic = Some(Basic { user, password });
        }
        if let Some(key) = &auth.api_key {
            let name = fill(&key.name, "auth")?;
            let value = fill(&key.value, "auth")?;
            match key.location {
                ApiKeyLocation::Header => {
                    let name = name.to_ascii_lowercase();
                    if !is_token(&name) || RESERVED_HEADERS.contains(&name.as_str()) {
                        return Err(Error::input(
                            src.at(&key.name),
                            format!("`{name}` cannot be the header of an API key"),
                            "name it with letters, digits and !#$%&'*+-.^_`|~, and not content-type, \
                             authorization or cookie (which come from body, auth and cookies)",
                        ));
                    }
                    check_header_value(&name, &value, || src.at(&key.value))?;
                    headers.push(NameValue { name, value });
                }
                ApiKeyLocation::Query => query.push(NameValue { name, value }),
                ApiKeyLocation::Cookie => cookies.push(NameValue { name, value }),
            }
        }
    }
    for c in &endpoint.cookies {
        cookies.push(NameValue { name: fill(&c.name, "cookies")?, value: fill(&c.value, "cookies")? });
    }
    for c in &cookies {
        if !is_token(&c.name) {
            return Err(Error::input(
                src.at(&c.name),
                format!("`{}` is not a valid cookie name", c.name),
                "cookie names are letters, digits and !#$%&'*+-.^_`|~",
            ));
        }
        if let Some(bad) = c.value.chars().find(|&ch| !is_cookie_octet(ch)) {
            return Err(Error::input(
                src.at(&c.name),
                format!("cookie `{}` has the character {bad:?} in its value", c.name),
                "cookie values are visible ASCII without spaces, `\"`, `,`, `;` and `\\` (RFC 6265): \
                 percent-encode the value",
            ));
        }
    }
    if !cookies.is_empty() {
        let value = cookies.iter().map(|c| format!("{}={}", c.name, c.value)).collect::<Vec<_>>().join("; ");
        headers.push(NameValue { name: "cookie".into(), value });
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
        let basic_sets = name == "authorization" && basic.is_some();
        let multipart_sets = name == "content-type" && body.as_ref().is_some_and(|b| b.format == "multipart");
        if headers.iter().any(|existing| existing.name == name) || basic_sets || multipart_sets {
            return Err(Error::input(
                src.at(&h.name),
                format!("header `{name}` is set twice"),
                "content-type comes from the body, authorization from auth, cookie from cookies: remove the \
                 header",
            ));
        }
        let value = fill(&h.value, "headers")?;
        check_header_value(&name, &value, || src.at(&h.name))?;
        headers.push(NameValue { name, value });
    }

    let query_string = query
        .iter()
        .map(|q| format!("{}={}", encode(&q.name, QUERY_SAFE), encode(&q.value, QUERY_SAFE)))
        .collect::<Vec<_>>()
        .join("&");
    let path_and_query = if query_string.is_empty() { path.clone() } else { format!("{path}?{query_string}") };
    let origin = format!("{scheme}://{host}");

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
        basic,
        cookies,
        body,
    })
}

/// Headers that come from other fields of the endpoint.
const RESERVED_HEADERS: &[&str] = &["content-type", "authorization", "cookie"];

/// RFC 6265 cookie-octet.
fn is_cookie_octet(c: char) -> bool {
    matches!(c, '\u{21}' | '\u{23}'..='\u{2B}' | '\u{2D}'..='\u{3A}' | '\u{3C}'..='\u{5B}' | '\u{5D}'..='\u{7E}')
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `application/x-www-form-urlencoded` serialization: RFC 3986 unreserved bytes as they are,
/// space as `+`, every other byte percent-encoded.
pub fn form_urlencoded(fields: &[NameValue]) -> String {
    let one = |text: &str| encode(text, b"-._~ ").replace(' ', "+");
    fields.iter().map(|f| format!("{}={}", one(&f.name), one(&f.value))).collect::<Vec<_>>().join("&")
}

/// The media type's essence, lower-cased: `text/plain` of `Text/Plain; charset=utf-8`.
pub fn media_essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// `type/subtype` of tokens, optional parameters, one line of visible ASCII.
fn is_media_type(content_type: &str) -> bool {
    let essence = media_essence(content_type);
    let valid_essence = essence.split_once('/').is_some_and(|(t, s)| is_token(t) && is_token(s));
    valid_essence && content_type.chars().all(|c| c == ' ' || c == '\t' || c.is_ascii_graphic())
}

/// Is a body of this type text that every client can send as a string?
pub fn is_textual_media_type(content_type: &str) -> bool {
    let essence = media_essence(content_type);
    let Some((kind, sub)) = essence.split_once('/') else { return false };
    kind == "text"
        || sub.ends_with("+xml")
        || sub.ends_with("+json")
        || matches!(
            sub,
            "xml"
                | "json"
                | "csv"
                | "x-ndjson"
                | "ndjson"
                | "jsonl"
                | "x-yaml"
                | "yaml"
                | "graphql"
                | "javascript"
                | "sql"
                | "x-sql"
                | "soap+xml"
                | "ld+json"
                | "x-www-form-urlencoded"
        )
}

fn resolve_body(b: &Body, fill: &dyn Fn(&str, &str) -> Result<String>, src: &Source) -> Result<RequestBody> {
    let given = [b.json.is_some(), b.form.is_some(), b.multipart.is_some(), b.text.is_some(), b.binary.is_some()];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(Error::input(
            src.field("body"),
            "`body` needs exactly one of `json`, `form`, `multipart`, `text` or `binary`",
            "write the body as one kind: `json:` a value, `form:` a list of name and value, `multipart:` a \
             list of parts, `text:` exact text with its `content_type`, or `binary:` a file path",
        ));
    }
    let content_type_at = || src.at("content_type");
    if let Some(ct) = &b.content_type {
        if !is_media_type(ct) {
            return Err(Error::input(
                content_type_at(),
                format!("`{ct}` is not a media type"),
                "write type/subtype, e.g. application/json or text/plain; charset=utf-8",
            ));
        }
    }
    let empty = |format: &'static str, content_type: String| RequestBody {
        format,
        content_type,
        json: serde_json::Value::Null,
        text: String::new(),
        compact: String::new(),
        lines: String::new(),
        kind: format,
        ascii: true,
        fields: Vec::new(),
        parts: Vec::new(),
        file: String::new(),
    };
    if let Some(value) = &b.json {
        let content_type = b.content_type.clone().unwrap_or_else(|| "application/json".into());
        if !is_json_media_type(&content_type) {
            return Err(Error::input(
                content_type_at(),
                format!("content type `{content_type}` is not JSON"),
                "a `json` body is sent as application/json or application/<name>+json; for other text use \
                 `text:` with this content type",
            ));
        }
        let json = fill_json(value, fill)?;
        let text = json::spaced(&json);
        let lines = if text.chars().count() > JSON_WIDTH && (json.is_object() || json.is_array()) {
            serde_json::to_string_pretty(&json).expect("JSON values always serialize")
        } else {
            String::new()
        };
        return Ok(RequestBody {
            lines,
            compact: serde_json::to_string(&json).expect("JSON values always serialize"),
            kind: match &json {
                serde_json::Value::Object(_) => "object",
                serde_json::Value::Array(_) => "array",
                _ => "scalar",
            },
            ascii: text.is_ascii(),
            text,
            json,
            ..empty("json", content_type)
        });
    }
    if let Some(form) = &b.form {
        let content_type = b.content_type.clone().unwrap_or_else(|| FORM_URLENCODED.into());
        if media_essence(&content_type) != FORM_URLENCODED {
            return Err(Error::input(
                content_type_at(),
                format!("a form body is sent as {FORM_URLENCODED}, not `{content_type}`"),
                "remove `content_type`, or use `multipart:` for multipart/form-data",
            ));
        }
        let mut fields = Vec::new();
        for f in form {
            fields.push(NameValue { name: fill(&f.name, "body")?, value: fill(&f.value, "body")? });
        }
        if fields.is_empty() {
            return Err(Error::input(src.at("form"), "the form has no fields", "list its fields, or remove the body"));
        }
        let text = form_urlencoded(&fields);
        return Ok(RequestBody { ascii: true, compact: text.clone(), text, fields, ..empty("form", content_type) });
    }
    if let Some(parts) = &b.multipart {
        if let Some(ct) = &b.content_type {
            if media_essence(ct) != "multipart/form-data" {
                return Err(Error::input(
                    content_type_at(),
                    format!("a multipart body is sent as multipart/form-data, not `{ct}`"),
                    "remove `content_type`: each client writes multipart/form-data with its boundary",
                ));
            }
        }
        if parts.is_empty() {
            return Err(Error::input(src.at("multipart"), "the multipart body has no parts", "list its parts"));
        }
        let mut out = Vec::new();
        for p in parts {
            out.push(resolve_part(p, fill, src)?);
        }
        return Ok(RequestBody { parts: out, ..empty("multipart", "multipart/form-data".into()) });
    }
    if let Some(text) = &b.text {
        let Some(content_type) = b.content_type.clone() else {
            return Err(Error::input(
                src.at("text"),
                "a text body needs a `content_type`",
                "add e.g. `content_type: text/plain; charset=utf-8` or `content_type: application/xml`",
            ));
        };
        let essence = media_essence(&content_type);
        if essence.starts_with("multipart/") || essence == FORM_URLENCODED {
            return Err(Error::input(
                content_type_at(),
                format!("a text body cannot be sent as `{content_type}`"),
                "use `multipart:` or `form:`, whose clients write the encoding themselves",
            ));
        }
        if !is_textual_media_type(&content_type) {
            return Err(Error::input(
                content_type_at(),
                format!("`{content_type}` is not a text type"),
                "a `text` body is text/*, XML, JSON, CSV, YAML or NDJSON; send other bytes with `binary:` and a \
                 file path",
            ));
        }
        let text = fill(text, "body")?;
        if text.is_empty() {
            return Err(Error::input(src.at("text"), "the text body is empty", "write its text, or remove the body"));
        }
        return Ok(RequestBody { ascii: text.is_ascii(), compact: text.clone(), text, ..empty("text", content_type) });
    }
    let path = b.binary.as_deref().unwrap_or_default();
    let file = fill(path, "body")?;
    check_file_path(&file, || src.at("binary"))?;
    let content_type = b.content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
    Ok(RequestBody { file, ..empty("binary", content_type) })
}

/// `application/x-www-form-urlencoded`.
pub const FORM_URLENCODED: &str = "application/x-www-form-urlencoded";

fn resolve_part(
    p: &crate::endpoint::Part,
    fill: &dyn Fn(&str, &str) -> Result<String>,
    src: &Source,
) -> Result<RequestPart> {
    let at = || if src.text.contains(p.name.as_str()) { src.at(&p.name) } else { src.at("multipart") };
    let name = fill(&p.name, "body")?;
    check_part_text("part name", &name, at)?;
    match (&p.value, &p.file) {
        (Some(value), None) => {
            if p.filename.is_some() || p.content_type.is_some() {
                return Err(Error::input(
                    at(),
                    format!("part `{name}` is a text field with a filename or content_type"),
                    "a text field has `name` and `value`; a file has `name`, `file`, `filename` and `content_type`",
                ));
            }
            let value = fill(value, "body")?;
            if has_lone_line_break(&value) {
                return Err(Error::input(
                    at(),
                    format!("part `{name}` has a line break that is not CRLF in its value"),
                    "FormData in fetch and axios sends every line break as CRLF while other clients send it as \
                     written: write line breaks as \\r\\n, or send the text as a file part",
                ));
            }
            Ok(RequestPart {
                name,
                value,
                is_file: false,
                file: String::new(),
                filename: String::new(),
                content_type: String::new(),
            })
        }
        (None, Some(file)) => {
            let file = fill(file, "body")?;
            check_file_path(&file, at)?;
            let Some(filename) = &p.filename else {
                return Err(Error::input(
                    at(),
                    format!("file part `{name}` has no `filename`"),
                    "add the file name the server receives, e.g. `filename: users.json` (clients would otherwise \
                     each send another)",
                ));
            };
            let filename = fill(filename, "body")?;
            check_part_text("file name", &filename, at)?;
            let content_type = p.content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
            if !is_media_type(&content_type) {
                return Err(Error::input(
                    at(),
                    format!("`{content_type}` is not a media type"),
                    "write type/subtype, e.g. application/json",
                ));
            }
            Ok(RequestPart { name, value: String::new(), is_file: true, file, filename, content_type })
        }
        _ => Err(Error::input(
            at(),
            format!("part `{name}` needs exactly one of `value` or `file`"),
            "a text field has `value`; a file has `file` (its path, e.g. \"{USERS_FILE}\"), `filename` and \
             `content_type`",
        )),
    }
}

/// A part name or file name every client writes the same way in its Content-Disposition: no
/// quote, backslash or control character (curl escapes a quote with `\`, FormData as `%22`).
fn check_part_text(what: &str, text: &str, at: impl Fn() -> Location) -> Result<()> {
    if text.is_empty() {
        return Err(Error::input(at(), format!("a {what} is empty"), format!("give the {what} a value")));
    }
    if let Some(c) = text.chars().find(|c| what == "part name" && !c.is_ascii()) {
        return Err(Error::input(
            at(),
            format!("the part name `{text}` has the non-ASCII character {c:?}"),
            "clients write a part name beyond ASCII differently (Unirest 1.x as `?`, RestSharp in RFC 2047 \
             `=?utf-8?B?...?=`, the others as UTF-8), so no server would read it alike: use ASCII",
        ));
    }
    if what == "part name" && text.contains('=') {
        return Err(Error::input(
            at(),
            format!("the part name `{}` has a `=`", text.escape_debug()),
            "curl's --form ends a part's name at the first `=`, so its sample would send another name: leave it out",
        ));
    }
    if let Some(c) = text.chars().find(|c| c.is_control() || matches!(c, '"' | '\\')) {
        return Err(Error::input(
            at(),
            format!("the {what} `{}` has the character {c:?}", text.escape_debug()),
            "clients write quotes, backslashes and line breaks in a multipart name differently (curl as \\\", \
             FormData as %22): leave them out",
        ));
    }
    Ok(())
}

fn check_file_path(path: &str, at: impl Fn() -> Location) -> Result<()> {
    if path.is_empty() || path.chars().any(|c| c.is_control()) {
        return Err(Error::input(
            at(),
            "a file path is empty or has a control character",
            "write the path the sample reads, usually a placeholder such as \"{USERS_FILE}\"",
        ));
    }
    Ok(())
}

/// A CR or LF that is not part of a CRLF pair.
fn has_lone_line_break(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        b'\n' => i == 0 || bytes[i - 1] != b'\r',
        _ => false,
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

/// Adds each `{UPPER_SNAKE}` name in `text` not yet in `names`, in order: the placeholders an
/// importer must declare. `{{` is a literal brace.
pub fn placeholder_names(text: &str, names: &mut Vec<String>) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(escaped) = rest.strip_prefix('{') {
            rest = escaped;
            continue;
        }
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

/// Replaces each declared `{NAME}` by `NAME` and `{{` by `{`. Any other `{name}` (a word in
/// braces: `{charge_id}`, `{userId}`) is refused: it looks like a placeholder that was never
/// declared, and would otherwise go out as literal text.
fn fill_placeholders(text: &str, declared: &[&str], field: &str, src: &Source) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some(escaped) = after.strip_prefix('{') {
            out.push('{');
            rest = escaped;
            continue;
        }
        let name = after.find('}').map(|close| &after[..close]).filter(|name| is_brace_word(name));
        match name {
            Some(name) if declared.contains(&name) => {
                out.push_str(name);
                rest = &after[name.len() + 1..];
            }
            Some(name) if is_placeholder_name(name) => {
                return Err(Error::input(
                    src.at(&format!("{{{name}}}")),
                    format!("placeholder `{name}` is used in {field} but not declared"),
                    format!("add `- name: {name}` with a `description` message id under `placeholders:`"),
                ));
            }
            Some(name) => {
                let upper = upper_snake(name);
                return Err(Error::input(
                    src.at(&format!("{{{name}}}")),
                    format!("`{{{name}}}` in {field} is not a declared placeholder"),
                    format!(
                        "to make it a placeholder, write `{{{upper}}}` and add `- name: {upper}` with a `description` \
                         under `placeholders:`; if the braces are part of the value, write `{{{{{name}}}`"
                    ),
                ));
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// A word in braces that reads as a placeholder: a letter or `_`, then letters, digits, `_`,
/// `-` or `.`.
fn is_brace_word(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// `chargeId`, `charge-id` or `charge_id` as `CHARGE_ID`.
fn upper_snake(name: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' });
    }
    out
}

/// Writes `text` so that the endpoint format reads it back literally: `{` as `{{`. For
/// importers, whose values are data, not templates.
pub fn literal(text: &str) -> String {
    text.replace('{', "{{")
}

/// The `{NAME}` placeholders the request fields of `e` use (path, query, headers, auth, body,
/// cookies), in order: what an importer declares.
pub fn endpoint_placeholder_names(e: &Endpoint) -> Vec<String> {
    let mut names = Vec::new();
    crate::strings::each_string(&(&e.path, &e.query, &e.headers, &e.auth, &e.body, &e.cookies), &mut |s| {
        placeholder_names(s, &mut names)
    });
    names
}

/// The declared placeholders that no request field uses, for a warning.
pub fn unused_placeholders(endpoint: &Endpoint) -> Vec<&str> {
    let used = endpoint_placeholder_names(endpoint);
    endpoint.placeholders.iter().map(|p| p.name.as_str()).filter(|n| !used.iter().any(|u| u == n)).collect()
}

fn fill_json(value: &serde_json::Value, fill: &dyn Fn(&str, &str) -> Result<String>) -> Result<serde_json::Value> {
    use serde_json::Value;
    Ok(match value {
        Value::String(s) => Value::String(fill(s, "body")?),
        Value::Array(items) => Value::Array(items.iter().map(|v| fill_json(v, fill)).collect::<Result<_>>()?),
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                out.insert(fill(k, "body")?, fill_json(v, fill)?);
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

    #[test]
    fn a_host_with_a_template_inside_a_longer_name_is_kept_as_written() {
        for (server, host) in [
            ("https://api.{yourDomain}", "api.{yourDomain}"),
            ("https://{region}.example.com:8443/v1", "{region}.example.com:8443"),
            ("https://YOUR_DOMAIN.auth0.com", "YOUR_DOMAIN.auth0.com"),
            ("https://{yourDomain}", "{yourDomain}"),
            ("https://{tenant}", "{yourDomain}"),
            ("https://${account.namespace}", "{yourDomain}"),
            ("https://your_auth0_domain:8443", "{yourDomain}:8443"),
        ] {
            let r = resolved(&format!("{BASE}method: GET\nserver: '{server}'\npath: /x\n"));
            assert_eq!(r.host, host, "{server}");
            assert_eq!(r.url, format!("https://{host}{}/x", if server.ends_with("/v1") { "/v1" } else { "" }));
        }
    }

    #[test]
    fn braces_are_placeholders_literals_or_refused() {
        let yaml = |path: &str| {
            format!("{BASE}method: GET\nserver: https://h.example\npath: '{path}'\nplaceholders:\n  - {{ name: CHARGE_ID, description: d }}\n")
        };
        assert_eq!(resolved(&yaml("/c/{CHARGE_ID}")).path, "/c/CHARGE_ID");
        assert_eq!(resolved(&yaml("/c/{{charge_id}/{CHARGE_ID}")).path, "/c/%7Bcharge_id%7D/CHARGE_ID");
        assert_eq!(resolved(&yaml("/c/{ }/{}/{0}/{CHARGE_ID}")).path, "/c/%7B%20%7D/%7B%7D/%7B0%7D/CHARGE_ID");
        let message = refusal(&yaml("/c/{charge_id}"));
        assert!(message.starts_with("e.yaml:5:11: `{charge_id}` in path is not a declared placeholder"), "{message}");
        assert!(message.contains("write `{CHARGE_ID}`") && message.contains("write `{{charge_id}`"), "{message}");
        let message = refusal(&yaml("/c/{CHARGE_ID}/{userId}"));
        assert!(message.contains("`{userId}` in path") && message.contains("`{USER_ID}`"), "{message}");
        assert_eq!(literal("{a} {{b}"), "{{a} {{{{b}");
    }

    #[test]
    fn unused_placeholders_are_found() {
        let e = endpoint(&format!(
            "{BASE}method: GET\nserver: https://h.example\npath: /x/{{USED}}\nplaceholders:\n  - {{ name: USED, description: d }}\n  - {{ name: UNUSED, description: d }}\n"
        ));
        assert_eq!(unused_placeholders(&e), ["UNUSED"]);
    }

    #[test]
    fn forms_are_encoded_and_basic_credentials_become_one_header() {
        let r = resolved(&format!(
            "{BASE}method: POST\nserver: https://h.example\npath: /t\nauth:\n  basic: {{ user: a, password: 'p:w' }}\nbody:\n  form:\n    - {{ name: 'a b', value: 'x&y=z+é~' }}\n    - {{ name: a b, value: '' }}\n"
        ));
        let body = r.body.as_ref().unwrap();
        assert_eq!((body.format, body.text.as_str()), ("form", "a+b=x%26y%3Dz%2B%C3%A9~&a+b="));
        assert_eq!(r.headers[0].value, FORM_URLENCODED);
        assert!(r.headers.iter().all(|h| h.name != "authorization"), "basic credentials are no header of the sample");
        let sent = r.sent_headers();
        assert_eq!(sent[1].name, "authorization");
        assert_eq!(sent[1].value, format!("Basic {}", base64(b"a:p:w")));
    }
}
