//! Reads captured HTTP requests (HAR) into endpoints. Pure: text and its file name in,
//! endpoints out.
//!
//! Three shapes are read: a HAR log (`{"log": {"entries": [{"request": …}]}}`, what a
//! browser's developer tools save), a JSON list of HAR requests, and an object with a
//! `requests` list of them. A templated host (`https://{yourDomain}`) and `{UPPER_SNAKE}`
//! placeholders survive: each placeholder found is declared, with the description message id
//! `placeholder-<name>` (`{ORG_ID}` → `placeholder-org-id`).
//!
//! What becomes of a request:
//! - the URL gives `server` (scheme and host, kept verbatim) and `path` (percent-decoded; the
//!   render stage encodes it again); the query comes from `queryString`, else from the URL;
//! - `authorization: Bearer …` becomes `auth.bearer` with the placeholder `{ACCESS_TOKEN}`,
//!   `authorization: Basic …` `auth.basic` with `{BASIC_USER}` and `{BASIC_PASSWORD}` (never
//!   the captured secret, noted; a captured `{PLACEHOLDER}` is kept); other API key headers stay headers; `content-type` becomes the
//!   body's content type; HTTP/2 pseudo-headers (`:authority`) and `host` and `content-length`
//!   are dropped (the client derives them); a header named twice is sent once, its values
//!   joined with `, `; the `cookie` header (else `cookies`) becomes the `cookies` list;
//! - the body: JSON (`application/json`, `application/*+json`) becomes `body.json`; a form
//!   `body.form` (from `params`, else its text); `multipart/form-data` `body.multipart` from
//!   `params`, else from its text split at the boundary (a part with a file name is a file
//!   part read from `{<NAME>_FILE}`, its captured bytes not kept, noted); other text
//!   `body.text`; any other type `body.binary` from `{BODY_FILE}` (noted). Other multipart
//!   types, and multipart that is neither, are errors that name the request.
//! - every captured value is data: a `{` is written `{{`, except in a `{NAME}` placeholder.
//!   The endpoint is resolved as a build would, so what cannot be sent is an error here.
//!
//! Every request becomes its own guide (`guide` = `id`). Ids come from the request's `id`, else
//! from its method and path, made file-name safe and unique (`-2`, `-3`, … on repeats).

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use crate::endpoint::{Auth, BasicAuth, Body, Endpoint, NameValue, Part, Placeholder};
use crate::error::{Error, Location, Result};
use crate::import::{data_json, data_text};
use crate::request::is_json_media_type;

/// One captured request read as an endpoint, with where it sits in the file.
#[derive(Debug, Clone)]
pub struct HarRequest {
    /// JSON pointer of the request object, e.g. `/log/entries/3/request`.
    pub pointer: String,
    pub endpoint: Endpoint,
    /// What an import should report about the request (a shortened id).
    pub notes: Vec<String>,
    /// The endpoint resolved with the default host placeholder (`{yourDomain}`), as the check
    /// that it can be sent made it: `apiglot samples` renders it without resolving it again.
    pub request: crate::request::Request,
}

#[derive(Deserialize)]
struct Document {
    log: Option<Log>,
    requests: Option<Vec<RawRequest>>,
}

#[derive(Deserialize)]
struct Log {
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    request: RawRequest,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRequest {
    #[serde(default)]
    id: Option<String>,
    method: String,
    url: String,
    #[serde(default)]
    headers: Vec<RawPair>,
    #[serde(default)]
    query_string: Vec<RawPair>,
    #[serde(default)]
    cookies: Vec<RawPair>,
    #[serde(default)]
    post_data: Option<RawPostData>,
}

#[derive(Deserialize)]
struct RawPair {
    name: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPostData {
    #[serde(default)]
    mime_type: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    params: Vec<serde_json::Value>,
}

/// Reads every request of a HAR file (any of the three shapes) as an endpoint.
pub fn parse(text: &str, file: &Path) -> Result<Vec<HarRequest>> {
    read(
        text,
        file,
        |r| r,
        |r, id, note| {
            r.notes.extend(note);
            r.endpoint.guide = id.clone();
            r.endpoint.id = id;
        },
    )
}

/// The id and resolved request of every request of a HAR file, what `apiglot samples` renders:
/// each endpoint is dropped on the thread that read it, so no step after reading walks them.
pub fn requests(text: &str, file: &Path) -> Result<Vec<(String, crate::request::Request)>> {
    read(text, file, |r| (String::new(), r.request), |(slot, _), id, _| *slot = id)
}

/// Reads every request of `text` in parallel, hands each to `keep` on the thread that read it,
/// then gives ids, unique in request order, one after the other: `name` gets what `keep`
/// returned, its id, and a note when the id had to be shortened. The first error in request
/// order is the one reported.
fn read<T: Send>(
    text: &str,
    file: &Path,
    keep: impl Fn(HarRequest) -> T + Sync,
    mut name: impl FnMut(&mut T, String, Option<String>),
) -> Result<Vec<T>> {
    let syntax = |e: serde_json::Error| {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or_default().to_string();
        Error::input(
            Location::new(file, e.line().max(1), e.column().max(1)),
            message,
            "fix the JSON; apiglot reads a HAR log, a list of HAR requests, or an object with a `requests` list",
        )
    };
    let (requests, prefix) = if text.trim_start().starts_with('[') {
        (serde_json::from_str::<Vec<RawRequest>>(text).map_err(syntax)?, "")
    } else {
        match serde_json::from_str::<Document>(text).map_err(syntax)? {
            Document { log: Some(log), .. } => (log.entries.into_iter().map(|e| e.request).collect(), "/log/entries"),
            Document { requests: Some(requests), .. } => (requests, "/requests"),
            Document { .. } => {
                return Err(Error::project(
                    file,
                    "no requests found: the object has neither `log.entries` nor `requests`",
                    "pass a HAR log, a list of HAR requests, or an object with a `requests` list",
                ))
            }
        }
    };
    use rayon::prelude::*;
    let read: Vec<Result<(T, String)>> = requests
        .into_par_iter()
        .enumerate()
        .map(|(i, raw)| {
            let pointer =
                if prefix == "/log/entries" { format!("{prefix}/{i}/request") } else { format!("{prefix}/{i}") };
            let mut notes = Vec::new();
            let (endpoint, request, given, id_path) = endpoint(raw, &At { file, text, pointer: &pointer }, &mut notes)?;
            let base = given.unwrap_or_else(|| slug(&format!("{} {id_path}", endpoint.method)));
            Ok((keep(HarRequest { pointer, endpoint, notes, request }), base))
        })
        .collect();
    let mut ids = HashSet::new();
    let mut out = Vec::with_capacity(read.len());
    for r in read {
        let (mut item, base) = r?;
        let (id, note) = unique_id(base, &mut ids);
        name(&mut item, id, note);
        out.push(item);
    }
    Ok(out)
}

/// Where in the file a request is, for errors.
struct At<'a> {
    file: &'a Path,
    text: &'a str,
    pointer: &'a str,
}

impl At<'_> {
    fn error(&self, field: &str, message: impl Into<String>, help: impl Into<String>) -> Error {
        Error::json(self.file, self.text, &format!("{}{field}", self.pointer), message, help)
    }
}

/// The endpoint of one captured request (its id and guide still empty: ids are given in
/// request order by [`parse`]), the request it resolves to, the id the request names (made
/// file-name safe) and the decoded path an id is otherwise made from.
fn endpoint(
    raw: RawRequest,
    at: &At,
    notes: &mut Vec<String>,
) -> Result<(Endpoint, crate::request::Request, Option<String>, String)> {
    let method = crate::request::check_method(&raw.method).map_err(|r| at.error("/method", r.message, r.help))?;
    let url = Url::split(&raw.url).ok_or_else(|| {
        at.error("/url", format!("`{}` is not an http(s) URL", raw.url), "write the URL as https://host/path?query")
    })?;
    let path = decode_path(url.path).ok_or_else(|| {
        at.error(
            "/url",
            format!("the path of `{}` holds an encoded `/` (%2F) or bytes that are not UTF-8", raw.url),
            "the endpoint format keeps paths as text: decode the path or rename the segment",
        )
    })?;
    let server = format!("{}://{}", url.scheme.to_ascii_lowercase(), url.authority);
    crate::request::check_server(&server).map_err(|r| at.error("/url", r.message, r.help))?;
    crate::request::check_path_segments(&path).map_err(|r| at.error("/url", r.message, r.help))?;

    let query: Vec<NameValue> = if raw.query_string.is_empty() {
        form_pairs(url.query)
    } else {
        raw.query_string.into_iter().map(|p| NameValue { name: p.name, value: p.value }).collect()
    };
    let query: Vec<NameValue> =
        query.into_iter().map(|q| NameValue { name: data_text(&q.name), value: data_text(&q.value) }).collect();

    let mut headers: Vec<NameValue> = Vec::new();
    let mut auth = None;
    let mut content_type = None;
    let mut cookie_header: Option<String> = None;
    for (i, h) in raw.headers.iter().enumerate() {
        let name = h.name.to_ascii_lowercase();
        if name.starts_with(':') || name == "host" || name == "content-length" {
            continue;
        }
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) {
            return Err(at.error(
                &format!("/headers/{i}/name"),
                format!("`{}` is not a valid header name", h.name),
                "header names are letters, digits and !#$%&'*+-.^_`|~",
            ));
        }
        let value = h.value.trim_matches([' ', '\t']);
        if value.chars().any(|c| c.is_ascii_control() && c != '\t') {
            return Err(at.error(
                &format!("/headers/{i}/value"),
                format!("header `{name}` has a control character (a line break, NUL, ...) in its value"),
                "HTTP header values are one line of visible characters: remove the control character",
            ));
        }
        match name.as_str() {
            "authorization" if auth.is_none() && bearer_token(value).is_some() => {
                let token = bearer_token(value).unwrap_or_default();
                let written = placeholder_or(token, crate::import::openapi::TOKEN_PLACEHOLDER);
                if written != token {
                    notes.push(format!("bearer token: the captured token is written as {written}, never as captured"));
                }
                auth = Some(Auth { bearer: Some(written), ..Auth::default() });
            }
            "authorization" if auth.is_none() && is_basic(value) => {
                let Some((user, password)) = basic_credentials(value) else {
                    return Err(at.error(
                        &format!("/headers/{i}/value"),
                        "the `authorization: Basic` credentials are not base64 of `user:password`",
                        "fix the captured header, or remove it",
                    ));
                };
                let user = placeholder_or(&user, crate::import::openapi::BASIC_USER);
                let password = placeholder_or(&password, crate::import::openapi::BASIC_PASSWORD);
                notes.push(format!(
                    "basic auth: the captured user and password are written as {user} and {password}, never as \
                     captured"
                ));
                auth = Some(Auth { basic: Some(BasicAuth { user, password }), ..Auth::default() });
            }
            "content-type" if content_type.is_none() => content_type = Some(value.to_string()),
            "cookie" => match &mut cookie_header {
                Some(existing) => {
                    existing.push_str("; ");
                    existing.push_str(value);
                }
                None => cookie_header = Some(value.to_string()),
            },
            _ => match headers.iter_mut().find(|existing| existing.name == name) {
                Some(existing) => {
                    existing.value.push_str(", ");
                    existing.value.push_str(&data_text(value));
                }
                None => headers.push(NameValue { name, value: data_text(value) }),
            },
        }
    }
    // The cookie header, else the captured `cookies`.
    let cookies: Vec<NameValue> = match cookie_header {
        Some(header) => header
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| {
                let (name, value) = c.split_once('=').unwrap_or((c, ""));
                NameValue { name: data_text(name.trim()), value: data_text(value.trim()) }
            })
            .collect(),
        None => {
            raw.cookies.iter().map(|c| NameValue { name: data_text(&c.name), value: data_text(&c.value) }).collect()
        }
    };

    let body = match raw.post_data {
        Some(post) if post.text.as_deref().is_some_and(|t| !t.is_empty()) || !post.params.is_empty() => {
            let content_type = content_type
                .take()
                .or_else(|| (!post.mime_type.is_empty()).then(|| post.mime_type.clone()))
                .unwrap_or_else(|| "application/json".to_string());
            Some(body(post, content_type, at, notes)?)
        }
        _ => None,
    };
    // Without a body, a content-type header is just a header.
    if let Some(content_type) = content_type {
        headers.insert(0, NameValue { name: "content-type".into(), value: data_text(&content_type) });
    }

    let given = raw.id.as_deref().map(slug).filter(|s| !s.is_empty());
    let mut endpoint = Endpoint {
        cookies,
        guide: String::new(),
        id: String::new(),
        method,
        server,
        path: data_text(&path),
        query,
        headers,
        auth,
        body,
        scope: None,
        scopes: Vec::new(),
        limits: Default::default(),
        placeholders: Vec::new(),
        responses: Vec::new(),
        group: None,
        parameters: Vec::new(),
        fields: Vec::new(),
    };
    endpoint.placeholders = crate::request::endpoint_placeholder_names(&endpoint)
        .into_iter()
        .map(|name| Placeholder {
            description: format!("placeholder-{}", name.to_ascii_lowercase().replace('_', "-")),
            name,
        })
        .collect();
    // What is handed over must be sendable by every sample: a refusal names the request.
    let src = crate::request::Source { file: at.file, text: "" };
    match crate::request::resolve(&endpoint, "{yourDomain}", &src) {
        Ok(request) => Ok((endpoint, request, given, path)),
        Err(e) => Err(match e {
            Error::Input { message, help, .. } => at.error("", message, help),
            other => other,
        }),
    }
}

/// A captured body as the endpoint format's: JSON, a form (`params`, else the text), multipart
/// (`params`: those with a `fileName` are files, read from a path placeholder), other text as
/// it is, and any other type as a file's bytes (a path placeholder, noted).
fn body(post: RawPostData, content_type: String, at: &At, notes: &mut Vec<String>) -> Result<Body> {
    let essence = crate::request::media_essence(&content_type);
    let text = post.text.unwrap_or_default();
    let params = || -> Result<Vec<RawParam>> {
        post.params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                serde_json::from_value(p.clone()).map_err(|e| {
                    at.error(
                        &format!("/postData/params/{i}"),
                        format!("not a HAR param: {e}"),
                        "a param has a `name`, and a `value` or a `fileName`",
                    )
                })
            })
            .collect()
    };
    if is_json_media_type(&content_type) {
        if text.is_empty() {
            return Err(at.error(
                "/postData",
                "the body is form parameters (`params`), not JSON",
                "a JSON body is the `text` of postData: send the body as JSON text, or remove postData to \
                 render the request without it",
            ));
        }
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            at.error(
                "/postData/text",
                format!("the body is not valid JSON: {e}"),
                "fix the captured body, or remove postData to render the request without it",
            )
        })?;
        return Ok(Body { content_type: Some(content_type), json: Some(data_json(&json)), ..Body::default() });
    }
    if essence == crate::request::FORM_URLENCODED {
        let params = params()?;
        let fields: Vec<NameValue> = if params.is_empty() {
            form_pairs(&text)
        } else {
            params.into_iter().map(|p| NameValue { name: p.name, value: p.value.unwrap_or_default() }).collect()
        };
        let fields = fields.into_iter().map(|f| NameValue { name: data_text(&f.name), value: data_text(&f.value) });
        // A content type with parameters (`; charset=UTF-8`) is kept.
        let content_type = (essence != content_type).then(|| data_text(&content_type));
        return Ok(Body { content_type, form: Some(fields.collect()), ..Body::default() });
    }
    if essence == "multipart/form-data" {
        let mut params = params()?;
        if params.is_empty() {
            params = multipart_params(&text, &content_type).ok_or_else(|| {
                at.error(
                    "/postData",
                    "the multipart body has neither `params` nor a text of parts apiglot can read",
                    "apiglot reads a captured multipart body from postData.params (one per part, a file's with \
                     its `fileName`), else from its text with the boundary of its content type: fix the capture, \
                     or write the endpoint by hand",
                )
            })?;
        }
        let mut parts = Vec::new();
        let mut files = Vec::new();
        for p in params {
            match p.file_name {
                Some(filename) => {
                    // A file each: a name sent twice reads a second file.
                    let base = format!("{}_FILE", crate::import::openapi::upper_snake(&p.name));
                    let mut placeholder = base.clone();
                    let mut n = 1;
                    while parts.iter().any(|part: &Part| part.file.as_deref() == Some(&format!("{{{placeholder}}}"))) {
                        n += 1;
                        placeholder = format!("{base}_{n}");
                    }
                    files.push(format!("`{}` ({filename})", p.name));
                    parts.push(Part {
                        name: data_text(&p.name),
                        value: None,
                        file: Some(format!("{{{placeholder}}}")),
                        filename: Some(data_text(&filename)),
                        content_type: Some(p.content_type.unwrap_or_else(|| "application/octet-stream".into())),
                    });
                }
                None => parts.push(Part {
                    name: data_text(&p.name),
                    value: Some(data_text(&p.value.unwrap_or_default())),
                    file: None,
                    filename: None,
                    content_type: None,
                }),
            }
        }
        if !files.is_empty() {
            notes.push(format!(
                "the captured bytes of the file parts {} are not kept: each sample reads its file from the \
                 path placeholder",
                files.join(", ")
            ));
        }
        return Ok(Body { multipart: Some(parts), ..Body::default() });
    }
    if essence.starts_with("multipart/") {
        return Err(at.error(
            "/postData",
            format!("the body is `{content_type}`"),
            "apiglot sends multipart/form-data bodies, not other multipart types: write the endpoint by hand",
        ));
    }
    if crate::request::is_textual_media_type(&content_type) && !text.is_empty() {
        return Ok(Body { content_type: Some(content_type), text: Some(data_text(&text)), ..Body::default() });
    }
    notes.push(format!(
        "the captured `{content_type}` body is not kept: the samples send the bytes of the file {{BODY_FILE}}"
    ));
    Ok(Body { content_type: Some(content_type), binary: Some("{BODY_FILE}".into()), ..Body::default() })
}

/// A `postData.params` entry: a form field or a multipart part.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawParam {
    name: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    file_name: Option<String>,
    #[serde(default)]
    content_type: Option<String>,
}

/// The parts of a captured `multipart/form-data` text (what a browser may save instead of
/// `params`), split at the boundary of `content_type`; `None` when the text is not that.
fn multipart_params(text: &str, content_type: &str) -> Option<Vec<RawParam>> {
    let boundary = content_type.split(';').skip(1).find_map(|p| {
        let (key, value) = p.split_once('=')?;
        key.trim().eq_ignore_ascii_case("boundary").then(|| value.trim().trim_matches('"').to_string())
    })?;
    let delimiter = format!("--{boundary}");
    let mut sections = text.split(delimiter.as_str());
    sections.next()?;
    let mut out = Vec::new();
    for section in sections {
        if section.starts_with("--") {
            break;
        }
        let section = section.strip_prefix("\r\n").or_else(|| section.strip_prefix('\n'))?;
        let (head, value) = section.split_once("\r\n\r\n").or_else(|| section.split_once("\n\n"))?;
        let value = value.strip_suffix("\r\n").or_else(|| value.strip_suffix('\n')).unwrap_or(value);
        let (mut name, mut file_name, mut part_type) = (None, None, None);
        for line in head.lines() {
            let (key, field) = line.split_once(':')?;
            match key.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for param in field.split(';').skip(1) {
                        let (key, value) = param.split_once('=')?;
                        let value = value.trim().trim_matches('"').to_string();
                        match key.trim().to_ascii_lowercase().as_str() {
                            "name" => name = Some(value),
                            "filename" => file_name = Some(value),
                            _ => {}
                        }
                    }
                }
                "content-type" => part_type = Some(field.trim().to_string()),
                _ => {}
            }
        }
        out.push(RawParam { name: name?, value: Some(value.to_string()), file_name, content_type: part_type });
    }
    (!out.is_empty()).then_some(out)
}

fn is_basic(value: &str) -> bool {
    value.split_once(' ').is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
}

/// The user and password of `Basic <base64(user:password)>`.
fn basic_credentials(value: &str) -> Option<(String, String)> {
    use base64::Engine as _;
    let (_, encoded) = value.split_once(' ')?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// The parts of a URL as written; the host is not parsed, so a templated one survives.
struct Url<'a> {
    scheme: &'a str,
    authority: &'a str,
    path: &'a str,
    query: &'a str,
}

impl<'a> Url<'a> {
    fn split(url: &'a str) -> Option<Url<'a>> {
        let (scheme, rest) = url.split_once("://")?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        let rest = rest.split('#').next().unwrap_or_default();
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(end);
        if authority.is_empty() {
            return None;
        }
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        Some(Url { scheme, authority, path: if path.is_empty() { "/" } else { path }, query })
    }
}

/// The path as text; `None` when decoding would change its meaning (an encoded `/`) or it
/// is not UTF-8.
fn decode_path(path: &str) -> Option<String> {
    if path.to_ascii_lowercase().contains("%2f") {
        return None;
    }
    percent_encoding::percent_decode_str(path).decode_utf8().ok().map(|p| p.into_owned())
}

/// `a=1&b=x+y` as decoded name/value pairs, in order (`+` is a space, as browsers send it).
fn form_pairs(query: &str) -> Vec<NameValue> {
    let decode = |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            NameValue { name: decode(name), value: decode(value) }
        })
        .collect()
}

/// A captured credential as an endpoint writes it: never the captured secret, but the
/// placeholder `{placeholder}`, unless the capture already holds one (`{NAME}`).
fn placeholder_or(text: &str, placeholder: &str) -> String {
    let inner = text.strip_prefix('{').and_then(|t| t.strip_suffix('}'));
    match inner.filter(|n| crate::request::is_placeholder_name(n)) {
        Some(_) => text.to_string(),
        None => format!("{{{placeholder}}}"),
    }
}

fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Lower-case letters and digits, every other run of characters one `-`.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A request's id from its base (its own id, else its method and path): shortened when too
/// long to name a file (with a note), then made unique.
fn unique_id(base: String, ids: &mut HashSet<String>) -> (String, Option<String>) {
    let (base, note) = match crate::fsutil::shorten_id(&base) {
        Some(short) => {
            let note = crate::fsutil::shortened_id_note(&base, &short);
            (short, Some(note))
        }
        None => (base, None),
    };
    let mut id = base.clone();
    let mut n = 1;
    while !ids.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    (id, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Endpoint {
        let mut all = parse(text, Path::new("capture.har")).unwrap();
        assert_eq!(all.len(), 1);
        all.remove(0).endpoint
    }

    #[test]
    fn reads_the_three_shapes_alike() {
        let request = r#"{"method": "get", "url": "https://api.example.com/v1/items?limit=10"}"#;
        let shapes = [
            format!(r#"{{"log": {{"version": "1.2", "entries": [{{"request": {request}}}]}}}}"#),
            format!("[{request}]"),
            format!(r#"{{"seed": 1, "requests": [{request}]}}"#),
        ];
        let pointers = ["/log/entries/0/request", "/0", "/requests/0"];
        for (text, pointer) in shapes.iter().zip(pointers) {
            let all = parse(text, Path::new("x.json")).unwrap();
            assert_eq!(all[0].pointer, pointer);
            let e = &all[0].endpoint;
            assert_eq!(
                (e.method.as_str(), e.server.as_str(), e.path.as_str()),
                ("GET", "https://api.example.com", "/v1/items")
            );
            assert_eq!(e.query, [NameValue { name: "limit".into(), value: "10".into() }]);
            assert_eq!(e.id, "get-v1-items");
        }
    }

    /// The placeholders are found by walking the fields' strings as serde writes them; a JSON
    /// text of the same fields holds the same strings in the same order.
    #[test]
    fn placeholders_are_those_of_the_fields_json() {
        for text in [
            r#"[{"method": "POST", "url": "https://{yourDomain}/o/{ORG_ID}?q={QUERY}&{KEY_NAME}=1",
                "headers": [{"name": "x-api-key", "value": "{API_KEY}"}, {"name": "cookie", "value": "s={SESSION}"}],
                "postData": {"mimeType": "application/x-www-form-urlencoded",
                             "params": [{"name": "{FIELD}", "value": "{VALUE}"}, {"name": "b", "value": "{ORG_ID}"}]}}]"#,
            r#"[{"method": "PUT", "url": "https://h/u/{USER_ID}",
                "headers": [{"name": "Authorization", "value": "Basic dXNlcjpwYXNz"}],
                "postData": {"mimeType": "multipart/form-data",
                             "params": [{"name": "doc", "fileName": "a.pdf", "contentType": "application/pdf"},
                                        {"name": "note", "value": "{NOTE}"}]}}]"#,
        ] {
            let e = one(text);
            let fields = serde_json::json!([e.path, e.query, e.headers, e.auth, e.body, e.cookies]);
            let mut expected = Vec::new();
            crate::request::json_placeholder_names(&fields, &mut expected);
            assert!(expected.len() >= 3, "{expected:?}");
            assert_eq!(crate::request::endpoint_placeholder_names(&e), expected);
        }
    }

    #[test]
    fn templated_host_and_placeholders_survive() {
        let e = one(
            r#"[{"method": "POST", "url": "https://{yourDomain}/api/v2/organizations/%7BORG_ID%7D/members?q={QUERY}",
                "headers": [{"name": "Authorization", "value": "Bearer {MGMT_API_ACCESS_TOKEN}"},
                            {"name": "Content-Type", "value": "application/json"}],
                "postData": {"mimeType": "application/json", "text": "{\"members\": [\"{USER_ID}\"], \"{ORG_ID}\": 1}"}}]"#,
        );
        assert_eq!(e.server, "https://{yourDomain}");
        assert_eq!(e.path, "/api/v2/organizations/{ORG_ID}/members");
        assert_eq!(e.query, [NameValue { name: "q".into(), value: "{QUERY}".into() }]);
        assert_eq!(e.auth.unwrap().bearer.as_deref(), Some("{MGMT_API_ACCESS_TOKEN}"));
        let body = e.body.unwrap();
        assert_eq!(body.content_type.as_deref(), Some("application/json"));
        assert_eq!(body.json, Some(serde_json::json!({"members": ["{USER_ID}"], "{ORG_ID}": 1})));
        assert!(e.headers.is_empty(), "{:?}", e.headers);
        let names: Vec<(&str, &str)> =
            e.placeholders.iter().map(|p| (p.name.as_str(), p.description.as_str())).collect();
        assert_eq!(
            names,
            [
                ("ORG_ID", "placeholder-org-id"),
                ("QUERY", "placeholder-query"),
                ("MGMT_API_ACCESS_TOKEN", "placeholder-mgmt-api-access-token"),
                ("USER_ID", "placeholder-user-id")
            ]
        );
    }

    #[test]
    fn a_captured_bearer_token_is_never_written() {
        let all = parse(
            r#"[{"method": "GET", "url": "https://h.example/a", "headers": [{"name": "Authorization", "value": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"}]},
                {"method": "GET", "url": "https://h.example/b", "headers": [{"name": "Authorization", "value": "Bearer {MGMT_TOKEN}"}]}]"#,
            Path::new("capture.har"),
        )
        .unwrap();
        assert_eq!(all[0].endpoint.auth.as_ref().unwrap().bearer.as_deref(), Some("{ACCESS_TOKEN}"));
        assert!(all[0].notes.iter().any(|n| n.contains("never as captured")), "{:?}", all[0].notes);
        assert_eq!(all[0].endpoint.placeholders[0].name, "ACCESS_TOKEN");
        assert_eq!(all[1].endpoint.auth.as_ref().unwrap().bearer.as_deref(), Some("{MGMT_TOKEN}"));
        assert!(all[1].notes.is_empty(), "{:?}", all[1].notes);
    }

    #[test]
    fn headers_repeated_keys_cookies_and_basic_auth() {
        let e = one(r#"[{"method": "GET", "url": "https://h.example/p?a=1&a=2&b=x+y%26z", "queryString": [],
                "headers": [{"name": ":authority", "value": "h.example"}, {"name": "Host", "value": "h.example"},
                            {"name": "Accept", "value": " text/html "}, {"name": "accept", "value": "application/json"},
                            {"name": "Authorization", "value": "Basic dXNlcjpzM2NyZXQ="},
                            {"name": "X-Api-Key", "value": "k-123"}],
                "cookies": [{"name": "s", "value": "1"}, {"name": "t", "value": "2"}]}]"#);
        let q: Vec<(&str, &str)> = e.query.iter().map(|q| (q.name.as_str(), q.value.as_str())).collect();
        assert_eq!(q, [("a", "1"), ("a", "2"), ("b", "x y&z")]);
        let h: Vec<(&str, &str)> = e.headers.iter().map(|h| (h.name.as_str(), h.value.as_str())).collect();
        assert_eq!(h, [("accept", "text/html, application/json"), ("x-api-key", "k-123")]);
        let c: Vec<(&str, &str)> = e.cookies.iter().map(|c| (c.name.as_str(), c.value.as_str())).collect();
        assert_eq!(c, [("s", "1"), ("t", "2")]);
        // `user:s3cret`: never the captured secret.
        let basic = e.auth.unwrap().basic.unwrap();
        assert_eq!((basic.user.as_str(), basic.password.as_str()), ("{BASIC_USER}", "{BASIC_PASSWORD}"));
        let names: Vec<&str> = e.placeholders.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["BASIC_USER", "BASIC_PASSWORD"]);

        // A cookie header wins over `cookies`; placeholders in captured credentials are kept.
        let all = parse(
            r#"[{"method": "GET", "url": "https://h.example/", "cookies": [{"name": "x", "value": "9"}],
                 "headers": [{"name": "Cookie", "value": "a=1; b={SESSION}"}, {"name": "cookie", "value": "c=3"},
                             {"name": "authorization", "value": "basic e0NMSUVOVF9JRH06e0NMSUVOVF9TRUNSRVR9"}]}]"#,
            Path::new("c.har"),
        )
        .unwrap();
        let e = &all[0].endpoint;
        let c: Vec<(&str, &str)> = e.cookies.iter().map(|c| (c.name.as_str(), c.value.as_str())).collect();
        assert_eq!(c, [("a", "1"), ("b", "{SESSION}"), ("c", "3")]);
        assert!(e.headers.is_empty(), "{:?}", e.headers);
        let basic = e.auth.as_ref().unwrap().basic.as_ref().unwrap();
        assert_eq!((basic.user.as_str(), basic.password.as_str()), ("{CLIENT_ID}", "{CLIENT_SECRET}"));
        let names: Vec<&str> = e.placeholders.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["CLIENT_ID", "CLIENT_SECRET", "SESSION"]);
        assert!(all[0].notes[0].starts_with("basic auth: the captured user and password are written as {CLIENT_ID}"));
    }

    #[test]
    fn every_kind_of_body() {
        let all = parse(
            r#"[{"id": "form", "method": "POST", "url": "https://h/token",
                 "postData": {"mimeType": "application/x-www-form-urlencoded; charset=UTF-8", "text": "ignored=1",
                              "params": [{"name": "grant_type", "value": "client_credentials"},
                                         {"name": "scope", "value": "a b"}, {"name": "scope", "value": "{c}"}]}},
                {"id": "form-text", "method": "POST", "url": "https://h/token",
                 "postData": {"mimeType": "application/x-www-form-urlencoded", "text": "a=1+2&b=%7Bx%7D&a="}},
                {"id": "upload", "method": "POST", "url": "https://h/jobs",
                 "headers": [{"name": "Content-Type", "value": "multipart/form-data; boundary=----x"}],
                 "postData": {"mimeType": "multipart/form-data; boundary=----x",
                              "params": [{"name": "users", "fileName": "users.json", "contentType": "application/json", "value": "[]"},
                                         {"name": "connection_id", "value": "con_1"},
                                         {"name": "avatar", "fileName": "me.png"},
                                         {"name": "avatar", "fileName": "me2.png", "contentType": "image/png"}]}},
                {"id": "xml", "method": "PUT", "url": "https://h/doc",
                 "postData": {"mimeType": "application/xml", "text": "<a b=\"{x}\">{NAME}</a>"}},
                {"id": "csv", "method": "PUT", "url": "https://h/doc",
                 "headers": [{"name": "content-type", "value": "text/csv"}],
                 "postData": {"mimeType": "", "text": "a,b\n1,2\n"}},
                {"id": "image", "method": "PUT", "url": "https://h/img",
                 "postData": {"mimeType": "image/png", "text": "\u0089PNG"}},
                {"id": "json", "method": "POST", "url": "https://h/j",
                 "postData": {"mimeType": "application/json", "text": "{\"t\": \"Hi {{ user }}\", \"{K}\": \"{V}\"}"}}]"#,
            Path::new("c.har"),
        )
        .unwrap();
        let body = |i: usize| all[i].endpoint.body.clone().unwrap();
        let pairs = |list: &[NameValue]| list.iter().map(|f| format!("{}={}", f.name, f.value)).collect::<Vec<_>>();
        assert_eq!(pairs(&body(0).form.unwrap()), ["grant_type=client_credentials", "scope=a b", "scope={{c}"]);
        assert_eq!(body(0).content_type.as_deref(), Some("application/x-www-form-urlencoded; charset=UTF-8"));
        assert!(body(1).content_type.is_none());
        assert_eq!(pairs(&body(1).form.unwrap()), ["a=1 2", "b={{x}", "a="]);
        let parts = body(2).multipart.unwrap();
        let shown: Vec<String> = parts
            .iter()
            .map(|p| match &p.file {
                Some(file) => {
                    format!(
                        "{} <{file}> {} {}",
                        p.name,
                        p.filename.as_deref().unwrap(),
                        p.content_type.as_deref().unwrap()
                    )
                }
                None => format!("{}={}", p.name, p.value.as_deref().unwrap()),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "users <{USERS_FILE}> users.json application/json",
                "connection_id=con_1",
                "avatar <{AVATAR_FILE}> me.png application/octet-stream",
                "avatar <{AVATAR_FILE_2}> me2.png image/png"
            ]
        );
        assert!(all[2].endpoint.headers.is_empty(), "the boundary is the client's: {:?}", all[2].endpoint.headers);
        assert_eq!(
            all[2].notes,
            ["the captured bytes of the file parts `users` (users.json), `avatar` (me.png), `avatar` (me2.png) are \
              not kept: each sample reads its file from the path placeholder"]
        );
        let names: Vec<&str> = all[2].endpoint.placeholders.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["USERS_FILE", "AVATAR_FILE", "AVATAR_FILE_2"]);
        let xml = body(3);
        assert_eq!(xml.text.as_deref(), Some("<a b=\"{{x}\">{NAME}</a>"));
        assert_eq!(xml.content_type.as_deref(), Some("application/xml"));
        assert_eq!(all[3].endpoint.placeholders[0].name, "NAME");
        let csv = body(4);
        assert_eq!((csv.text.as_deref(), csv.content_type.as_deref()), (Some("a,b\n1,2\n"), Some("text/csv")));
        let image = body(5);
        assert_eq!((image.binary.as_deref(), image.content_type.as_deref()), (Some("{BODY_FILE}"), Some("image/png")));
        assert!(all[5].notes[0].contains("the captured `image/png` body is not kept"), "{:?}", all[5].notes);
        assert_eq!(body(6).json, Some(serde_json::json!({"t": "Hi {{{{ user }}", "{K}": "{V}"})));
    }

    #[test]
    fn a_multipart_text_without_params_is_read_at_its_boundary() {
        let text = "--XyZ\r\nContent-Disposition: form-data; name=\"users\"; filename=\"users.json\"\r\n\
                    Content-Type: application/json\r\n\r\n[{\"email\": \"a@example.com\"}]\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nline one\r\nline {two}\r\n\
                    --XyZ--\r\n";
        let har = serde_json::json!([{ "method": "POST", "url": "https://h/jobs",
            "headers": [{ "name": "content-type", "value": "multipart/form-data; boundary=\"XyZ\"" }],
            "postData": { "mimeType": "multipart/form-data; boundary=\"XyZ\"", "text": text } }]);
        let e = one(&har.to_string());
        let parts = e.body.unwrap().multipart.unwrap();
        assert_eq!(
            serde_json::to_value(&parts).unwrap(),
            serde_json::json!([
                { "name": "users", "file": "{USERS_FILE}", "filename": "users.json", "content_type": "application/json" },
                { "name": "note", "value": "line one\r\nline {{two}" },
            ])
        );
    }

    #[test]
    fn ids_are_safe_and_unique() {
        let all = parse(
            r#"[{"id": "Req 1!", "method": "GET", "url": "http://h/a"}, {"id": "req-1", "method": "GET", "url": "http://h/a"},
                {"method": "GET", "url": "http://h"}, {"method": "GET", "url": "http://h/"}]"#,
            Path::new("x"),
        )
        .unwrap();
        let ids: Vec<&str> = all.iter().map(|r| r.endpoint.id.as_str()).collect();
        assert_eq!(ids, ["req-1", "req-1-2", "get", "get-2"]);
        assert_eq!(all[2].endpoint.path, "/");
    }

    fn error(text: &str) -> String {
        parse(text, Path::new("capture.har")).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_the_place() {
        assert!(
            error("[{\"method\": \"GET\",\n \"url\": 3}]").starts_with("capture.har:2:"),
            "{}",
            error("[{\"method\": \"GET\",\n \"url\": 3}]")
        );
        assert!(error("{\"x\": 1}").contains("neither `log.entries` nor `requests`"));
        let mixed = error(
            r#"{"requests": [{"method": "GET", "url": "http://h/"}, {"method": "POST", "url": "http://h/",
                "postData": {"mimeType": "multipart/mixed; boundary=x", "text": "--x--"}}]}"#,
        );
        assert!(
            mixed.starts_with("capture.har:2:17: at /requests/1/postData: the body is `multipart/mixed; boundary=x`"),
            "{mixed}"
        );
        let no_params = r#"[{"method": "POST", "url": "http://h/", "postData": {"mimeType": "multipart/form-data; boundary=x", "text": "--x--"}}]"#;
        assert!(
            error(no_params).contains("at /0/postData: the multipart body has neither `params` nor a text of parts"),
            "{}",
            error(no_params)
        );
        let basic = r#"[{"method": "GET", "url": "http://h/", "headers": [{"name": "Authorization", "value": "Basic dXNlcg=="}]}]"#;
        assert!(
            error(basic).contains("at /0/headers/0/value: the `authorization: Basic` credentials are not base64"),
            "{}",
            error(basic)
        );
        // What the samples cannot send alike is refused here, not at the build.
        let cookie = r#"[{"method": "GET", "url": "http://h/", "cookies": [{"name": "a", "value": "x y"}]}]"#;
        assert!(error(cookie).contains("at /0: cookie `a` has the character ' ' in its value"), "{}", error(cookie));
        let line = r#"[{"method": "POST", "url": "http://h/", "postData": {"mimeType": "multipart/form-data", "params": [{"name": "a", "value": "1\n2"}]}}]"#;
        assert!(error(line).contains("at /0: part `a` has a line break that is not CRLF"), "{}", error(line));
        assert!(
            error(r#"[{"method": "GET", "url": "ftp://h/"}]"#).contains("at /0/url: `ftp://h/` is not an http(s) URL")
        );
        assert!(error(r#"[{"method": "GE T", "url": "http://h/"}]"#).contains("at /0/method:"));
        // Unknown fields are skipped without recursing; `params` is read as JSON values.
        let deep = format!(
            r#"[{{"method": "GET", "url": "http://h/", "x": {0}{1}, "postData": {{"params": [{0}{1}]}}}}]"#,
            "[".repeat(15_000),
            "]".repeat(15_000)
        );
        let message = error(&deep);
        assert!(message.starts_with("capture.har:1:") && message.contains("recursion limit exceeded"), "{message}");
        let body = format!("{}{}", "[".repeat(15_000), "]".repeat(15_000));
        let deep_body = format!(
            r#"[{{"method": "POST", "url": "http://h/", "postData": {{"mimeType": "application/json", "text": "{body}"}}}}]"#
        );
        let message = error(&deep_body);
        assert!(
            message.contains("at /0/postData/text: the body is not valid JSON: recursion limit exceeded"),
            "{message}"
        );
        let foo = error("[{\"url\": \"http://h/\",\n  \"method\": \"FOO\"}]");
        assert!(foo.starts_with("capture.har:2:3: at /0/method: `FOO` is not a method every sample can send"), "{foo}");
        for (url, why) in [
            ("http://h/a/../../etc/passwd", "has a `..` segment"),
            ("http://h/a/%2e%2E/b", "has a `..` segment"),
            ("http://h/./b", "has a `.` segment"),
            ("https://u:p@h:8443/", "has user info"),
            ("https://h:99999/", "has the port `99999`"),
        ] {
            let message = error(&format!(r#"[{{"method": "GET", "url": "{url}"}}]"#));
            assert!(message.contains("at /0/url: ") && message.contains(why), "{url}: {message}");
        }
        assert!(error(
            r#"[{"method": "POST", "url": "http://h/", "postData": {"mimeType": "application/json", "text": "{"}}]"#
        )
        .contains("at /0/postData/text: the body is not valid JSON"));
        assert!(error(r#"[{"method": "GET", "url": "http://h/", "headers": [{"name": "x", "value": "a\nb"}]}]"#)
            .contains("at /0/headers/0/value: header `x` has a control character"));
        assert!(error(r#"[{"method": "GET", "url": "http://h/a%2Fb"}]"#).contains("encoded `/`"));
        let params = r#"[{"method": "POST", "url": "http://h/", "postData": {"mimeType": "application/json", "params": [{"name": "a"}]}}]"#;
        assert!(
            error(params).contains("at /0/postData: the body is form parameters (`params`), not JSON"),
            "{}",
            error(params)
        );
    }
}
