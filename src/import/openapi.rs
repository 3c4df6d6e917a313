//! OpenAPI 3.0 and 3.1 (JSON or YAML) -> imported operations. Pure: takes the spec's text and
//! its path (for errors), reads nothing.
//!
//! Every operation becomes an endpoint whose facts come from the spec, plus English message
//! skeletons from its summary, description and parameter and response descriptions.
//!
//! The request body is of the first content type in the order JSON, form, multipart/form-data,
//! text (text/*, XML, CSV, …), a file's bytes; the others are named in a note. Auth comes from
//! the first security requirement apiglot can send (bearer for http bearer, OAuth 2 and OpenID
//! Connect; `{BASIC_USER}`/`{BASIC_PASSWORD}` for http basic; an API key in a header, the
//! query or a cookie). Values from the spec are data: a `{` is written `{{` unless it opens a
//! `{NAME}` placeholder. What is left out is noted per operation; an operation whose request
//! the samples cannot send is left out and reported.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

use super::{data_json, data_text, kebab, placeholder_message_id, Imported, ImportedOperation, Message};
use crate::endpoint::{
    ApiKey, ApiKeyLocation, Auth, BasicAuth, Body, Endpoint, NameValue, Part, Placeholder, Response,
};
use crate::error::{Error, Location, Result};

/// Which operations to import and how hosts are spelled.
pub struct Options<'a> {
    /// Only operations with one of these tags; every operation when empty.
    pub tags: &'a [String],
    /// How a templated server host is written, e.g. `{yourDomain}`.
    pub host_placeholder: &'a str,
}

/// The operations of a path item. `trace` is one, but not every sample can send it
/// ([`crate::request::METHODS`]): such operations are left out with a note.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
/// How deep a body built from a schema may nest before it stops (schemas can be very deep).
const MAX_DEPTH: usize = 12;
/// How many values a body built from a schema may hold before it stops.
const MAX_BODY_VALUES: usize = 2_000;
/// The placeholder of the access token of every authenticated operation.
pub const TOKEN_PLACEHOLDER: &str = "ACCESS_TOKEN";
/// The placeholders of the user and password of HTTP basic authentication: named for basic
/// auth, so that they never meet a body field's (`username`, `client_id`).
pub const BASIC_USER: &str = "BASIC_USER";
pub const BASIC_PASSWORD: &str = "BASIC_PASSWORD";

/// Parses `text` (the spec at `file`) into operations.
pub fn parse(text: &str, file: &Path, options: &Options) -> Result<Imported> {
    let root = parse_document(text, file)?;
    let spec = Spec { root: &root, text, file };
    let version = match root.get("openapi") {
        Some(Value::String(v)) => v.clone(),
        Some(_) => return Err(spec.error("/openapi", "`openapi` is not a string", "write e.g. openapi: 3.1.0")),
        None if root.get("swagger").is_some() => {
            return Err(spec.error(
                "",
                "this is a Swagger 2.0 description; apiglot reads OpenAPI 3.0 and 3.1",
                "convert it first, e.g. with swagger2openapi or the Swagger Editor",
            ))
        }
        None => return Err(spec.error("", "no `openapi` field", "an OpenAPI description starts with openapi: 3.1.0")),
    };
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err(spec.error("/openapi", format!("OpenAPI {version} is not supported"), "use OpenAPI 3.0 or 3.1"));
    }
    let root_map = spec.object(&root, "")?;
    let server = spec.server(root_map, "", options.host_placeholder)?.unwrap_or_else(|| Server {
        origin: format!("https://{}", options.host_placeholder),
        base_path: String::new(),
    });
    let paths = match root.get("paths") {
        None => {
            return Ok(Imported { operations: Vec::new(), all_ids: BTreeSet::new(), title: None, skipped: Vec::new() })
        }
        Some(p) => spec.object(p, "/paths")?,
    };
    let root_security = root.get("security");
    let mut used_ids = BTreeSet::new();
    let mut operations = Vec::new();
    let mut skipped = Vec::new();
    let mut all_tags = BTreeSet::new();
    for (path, item) in paths {
        let item_ptr = format!("/paths/{}", escape_pointer(path));
        let (item, item_ptr) = spec.deref(item, &item_ptr)?;
        let item = spec.object(item, &item_ptr)?;
        for (method, operation) in item.iter().filter(|(k, _)| METHODS.contains(&k.as_str())) {
            let ptr = format!("{item_ptr}/{method}");
            let operation = spec.object(operation, &ptr)?;
            if let Err(refusal) = crate::request::check_method(&method.to_ascii_uppercase()) {
                skipped.push((
                    format!("{} {path}", method.to_ascii_uppercase()),
                    format!("not imported: {}", refusal.message),
                ));
                continue;
            }
            let wanted = operation_id(operation, method, path);
            // A guide named like one of apiglot's own files would replace it (or be replaced).
            let renamed = crate::load::reserved_guide(&wanted).map(|what| (wanted.clone(), what));
            let wanted = if renamed.is_some() { format!("{wanted}-guide") } else { wanted };
            let short_id = crate::fsutil::shorten_id(&wanted);
            let id = unique_id(short_id.clone().unwrap_or_else(|| wanted.clone()), &mut used_ids);
            let tags: Vec<String> = match operation.get("tags") {
                Some(t) => spec
                    .array(t, &format!("{ptr}/tags"))?
                    .iter()
                    .map(|t| t.as_str().unwrap_or_default().to_string())
                    .collect(),
                None => Vec::new(),
            };
            all_tags.extend(tags.iter().cloned());
            if !options.tags.is_empty() && !tags.iter().any(|t| options.tags.contains(t)) {
                continue;
            }
            let op = OperationInput { id: &id, method, path, item, operation, ptr: &ptr };
            // Servers of the operation, else of its path item, else of the spec.
            let own_server = match spec.server(operation, &ptr, options.host_placeholder)? {
                Some(server) => Some(server),
                None => spec.server(item, &item_ptr, options.host_placeholder)?,
            };
            let mut imported = spec.operation(&op, own_server.as_ref().unwrap_or(&server), root_security)?;
            crate::request::check_path_segments(&imported.endpoint.path)
                .map_err(|r| spec.error(&item_ptr, r.message, r.help))?;
            // What is written must build: an operation the samples cannot send is left out and
            // reported with why, not written as a file the build then refuses.
            let src = crate::request::Source { file, text: "" };
            if let Err(e) = crate::request::resolve(&imported.endpoint, options.host_placeholder, &src) {
                let why = match e {
                    Error::Input { message, help, .. } => format!("{message} ({help})"),
                    other => other.to_string(),
                };
                skipped.push((format!("{} {path}", method.to_ascii_uppercase()), format!("not imported: {why}")));
                continue;
            }
            if let Some((name, what)) = renamed {
                imported
                    .notes
                    .push(format!("imported as `{id}`: a guide named `{name}` would have the name of {what}"));
            }
            if let Some(short) = &short_id {
                imported.notes.insert(0, crate::fsutil::shortened_id_note(&wanted, short));
            }
            operations.push(imported);
        }
    }
    if let Some(unknown) = options.tags.iter().find(|t| !all_tags.contains(*t)) {
        return Err(Error::project(
            file,
            format!("no operation has the tag `{unknown}`"),
            format!("use the spec's tags: {}", all_tags.into_iter().collect::<Vec<_>>().join(", ")),
        ));
    }
    let title = root.pointer("/info/title").and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty());
    Ok(Imported { operations, all_ids: used_ids, title: title.map(str::to_string), skipped })
}

fn parse_document(text: &str, file: &Path) -> Result<Value> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| {
            Error::input(
                Location::new(file, e.line().max(1), e.column().max(1)),
                format!("not valid JSON: {}", e.to_string().split(" at line ").next().unwrap_or_default()),
                "fix the JSON syntax of the OpenAPI description",
            )
        })
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            Error::input(
                Location::new(file, line, column),
                format!("not valid YAML: {}", e.to_string().split(" at line ").next().unwrap_or_default()),
                "fix the YAML syntax of the OpenAPI description",
            )
        })
    }
}

/// `get_users` -> `get-users`, `getUsers` -> `get-users`; else method and path.
fn operation_id(operation: &Map<String, Value>, method: &str, path: &str) -> String {
    let raw = match operation.get("operationId").and_then(Value::as_str) {
        Some(id) if !kebab(id).is_empty() => id.to_string(),
        _ => format!("{method} {path}"),
    };
    kebab(&raw)
}

/// The first operation keeps the id; later ones with the same id get `-2`, `-3`, ...
fn unique_id(id: String, used: &mut BTreeSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// RFC 6901: `~` -> `~0`, `/` -> `~1`.
fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

struct OperationInput<'a> {
    id: &'a str,
    method: &'a str,
    path: &'a str,
    item: &'a Map<String, Value>,
    operation: &'a Map<String, Value>,
    ptr: &'a str,
}

/// The server of every endpoint: scheme and host (templated hosts become the placeholder) and
/// the base path that prefixes every path.
struct Server {
    origin: String,
    base_path: String,
}

/// The request's own query parameters, headers and cookies, as the importer gathers them.
#[derive(Default)]
struct Sent {
    query: Vec<NameValue>,
    headers: Vec<NameValue>,
    cookies: Vec<NameValue>,
}

/// What a security scheme makes a request send.
enum Sends {
    /// `authorization: Bearer {ACCESS_TOKEN}`: http bearer, OAuth 2 and OpenID Connect.
    Bearer,
    /// http basic: `{BASIC_USER}` and `{BASIC_PASSWORD}`.
    Basic,
    ApiKey {
        name: String,
        location: ApiKeyLocation,
    },
    /// What it is, for a note: `HTTP `digest` authentication`.
    Unsupported(String),
}

impl Sends {
    fn of(scheme: &Map<String, Value>) -> Sends {
        let text = |key: &str| scheme.get(key).and_then(Value::as_str).unwrap_or_default();
        match text("type") {
            "http" => match text("scheme").to_ascii_lowercase().as_str() {
                "bearer" => Sends::Bearer,
                "basic" => Sends::Basic,
                other => Sends::Unsupported(format!("HTTP `{other}` authentication")),
            },
            "oauth2" | "openIdConnect" => Sends::Bearer,
            "apiKey" => {
                let location = match text("in") {
                    "header" => Some(ApiKeyLocation::Header),
                    "query" => Some(ApiKeyLocation::Query),
                    "cookie" => Some(ApiKeyLocation::Cookie),
                    _ => None,
                };
                match (text("name"), location) {
                    (name, Some(location)) if !name.is_empty() => Sends::ApiKey { name: name.to_string(), location },
                    _ => Sends::Unsupported(
                        "an API key without a `name`, or not in a header, the query or a cookie".into(),
                    ),
                }
            }
            "mutualTLS" => Sends::Unsupported("mutual TLS, a client certificate".into()),
            other => Sends::Unsupported(format!("of type `{other}`")),
        }
    }
}

struct Spec<'a> {
    root: &'a Value,
    text: &'a str,
    file: &'a Path,
}

/// Placeholders of one operation under construction, in table order.
#[derive(Default)]
struct Placeholders {
    list: Vec<(String, String)>,
}

impl Placeholders {
    /// Declares `name` (first description wins) and returns it.
    fn add(&mut self, name: String, description: String) -> String {
        if !self.list.iter().any(|(n, _)| *n == name) {
            self.list.push((name.clone(), description));
        }
        name
    }
}

impl<'a> Spec<'a> {
    /// An input error at a JSON pointer, with the line and column of its last key where the
    /// text shows it.
    fn error(&self, pointer: &str, message: impl Into<String>, help: impl Into<String>) -> Error {
        let at = Location::at_offset(self.file, self.text, locate(self.text, pointer));
        let message = message.into();
        let shown = if pointer.is_empty() { "#".to_string() } else { format!("#{pointer}") };
        Error::input(at, format!("{shown}: {message}"), help)
    }

    fn object(&self, v: &'a Value, ptr: &str) -> Result<&'a Map<String, Value>> {
        v.as_object().ok_or_else(|| {
            self.error(ptr, format!("expected an object, found {}", kind(v)), "see the OpenAPI specification")
        })
    }

    fn array(&self, v: &'a Value, ptr: &str) -> Result<&'a Vec<Value>> {
        v.as_array().ok_or_else(|| {
            self.error(ptr, format!("expected an array, found {}", kind(v)), "see the OpenAPI specification")
        })
    }

    /// Follows `$ref`s from `v` (at `ptr`) to the value they name, and its pointer.
    fn deref(&self, v: &'a Value, ptr: &str) -> Result<(&'a Value, String)> {
        let mut current = v;
        let mut at = ptr.to_string();
        let mut seen = BTreeSet::new();
        while let Some(r) = current.get("$ref") {
            let Some(target) = r.as_str() else {
                return Err(self.error(
                    &format!("{at}/$ref"),
                    "`$ref` is not a string",
                    "write $ref: '#/components/...'",
                ));
            };
            if !seen.insert(target.to_string()) {
                return Err(self.error(
                    &format!("{at}/$ref"),
                    format!("`$ref` {target} refers to itself"),
                    "break the cycle of references",
                ));
            }
            let Some(pointer) = target.strip_prefix('#') else {
                return Err(self.error(
                    &format!("{at}/$ref"),
                    format!("`$ref` {target} points into another file"),
                    "bundle the description into one file first (e.g. redocly bundle)",
                ));
            };
            let Some(found) = self.root.pointer(pointer) else {
                let place = Location::of_text(self.file, self.text, &format!("\"{target}\""));
                let place = if place.line == 1 && place.column == 1 {
                    Location::of_text(self.file, self.text, target)
                } else {
                    place
                };
                return Err(Error::input(
                    place,
                    format!("#{at}/$ref: `{target}` refers to nothing"),
                    "point $ref at an existing component, e.g. #/components/schemas/User",
                ));
            };
            current = found;
            at = pointer.to_string();
        }
        Ok((current, at))
    }

    /// The first server of `holder` (the spec, a path item or an operation) at `ptr`; `None`
    /// when it lists none.
    fn server(&self, holder: &Map<String, Value>, ptr: &str, host_placeholder: &str) -> Result<Option<Server>> {
        let first = match holder.get("servers") {
            Some(servers) => self.array(servers, &format!("{ptr}/servers"))?.first(),
            None => None,
        };
        let Some(server) = first else { return Ok(None) };
        let server = self.object(server, &format!("{ptr}/servers/0"))?;
        let url = match server.get("url") {
            Some(Value::String(url)) => url.as_str(),
            _ => {
                return Err(self.error(
                    &format!("{ptr}/servers/0"),
                    "the server has no `url` string",
                    "write url: https://...",
                ))
            }
        };
        let (scheme, rest) = match url.split_once("://") {
            Some((scheme, rest)) => (scheme, rest),
            None => ("https", url.trim_start_matches('/')),
        };
        let (host, base) = if url.contains("://") {
            match rest.find('/') {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, ""),
            }
        } else {
            ("", url)
        };
        let variables = server.get("variables").and_then(Value::as_object);
        let with_defaults = |text: &str| {
            let mut text = text.to_string();
            for (name, var) in variables.into_iter().flatten() {
                if let Some(default) = var.get("default").and_then(Value::as_str) {
                    text = text.replace(&format!("{{{name}}}"), default);
                }
            }
            text
        };
        // Checked as the spec's defaults fill it in: no user info, an http(s) scheme, a port
        // from 1 to 65535, no `..` in the base path.
        let port = if url.contains("://") {
            let filled = with_defaults(url);
            let checked = crate::request::check_server(&filled)
                .map_err(|r| self.error(&format!("{ptr}/servers/0/url"), r.message, r.help))?;
            checked.port.map(str::to_string)
        } else {
            None
        };
        let host = match host.rfind(':') {
            Some(i) if port.is_some() && !host[i..].contains(']') => &host[..i],
            _ => host,
        };
        // Variables in the path take their default; a templated or missing host is the placeholder.
        let mut base_path = base.trim_end_matches('/').to_string();
        if let Some(vars) = variables {
            for (name, var) in vars {
                if let Some(default) = var.get("default").and_then(Value::as_str) {
                    base_path = base_path.replace(&format!("{{{name}}}"), default);
                }
            }
        }
        let host = if host.is_empty() || host.contains('{') { host_placeholder } else { host };
        // A templated host keeps its port.
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        Ok(Some(Server { origin: format!("{}://{host}{port}", scheme.to_ascii_lowercase()), base_path }))
    }

    fn operation(
        &self,
        op: &OperationInput,
        server: &Server,
        root_security: Option<&Value>,
    ) -> Result<ImportedOperation> {
        let id = op.id;
        let mut placeholders = Placeholders::default();
        let mut messages = Vec::new();
        let text_of =
            |key: &str| op.operation.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        let summary = text_of("summary").map(str::to_string);
        let description = text_of("description").map(str::to_string);
        let title = summary.clone().unwrap_or_else(|| format!("{} {}", op.method.to_ascii_uppercase(), op.path));
        messages.push(Message::plain(format!("{id}-title"), &title));
        messages.push(Message::plain(format!("{id}-intro"), description.as_deref().unwrap_or(&title)));
        messages.push(Message::fluent(format!("{id}-api-intro"), "Make a { $method } request to `{ $path }`."));

        // Parameters: the path item's, overridden by the operation's of the same name and place.
        let mut params: Vec<(String, String, &Map<String, Value>)> = Vec::new();
        for (source, base_ptr) in [(op.item, op.ptr.rsplit_once('/').map_or("", |p| p.0)), (op.operation, op.ptr)] {
            let Some(list) = source.get("parameters") else { continue };
            for (i, p) in self.array(list, &format!("{base_ptr}/parameters"))?.iter().enumerate() {
                let (p, p_ptr) = self.deref(p, &format!("{base_ptr}/parameters/{i}"))?;
                let p = self.object(p, &p_ptr)?;
                let name = self.string_field(p, "name", &p_ptr)?;
                let place = self.string_field(p, "in", &p_ptr)?;
                params.retain(|(n, w, _)| !(*n == name && *w == place));
                params.push((name, place, p));
            }
        }
        let describe = |p: &Map<String, Value>, name: &str| {
            p.get("description")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map_or_else(|| format!("The `{name}` parameter."), str::to_string)
        };
        let mut path = op.path.to_string();
        let segments: Vec<&str> = op.path.split('/').collect();
        for (name, _, p) in params.iter().filter(|(_, place, _)| place == "path") {
            let upper = path_placeholder(name, &segments);
            let upper = placeholders.add(upper, describe(p, name));
            path = path.replace(&format!("{{{name}}}"), &format!("{{{upper}}}"));
        }
        // Any path template the parameters did not declare still gets a placeholder.
        for segment in segments.iter().filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))) {
            if !params.iter().any(|(n, w, _)| n == segment && w == "path") {
                let upper =
                    placeholders.add(path_placeholder(segment, &segments), format!("The `{segment}` parameter."));
                path = path.replace(&format!("{{{segment}}}"), &format!("{{{upper}}}"));
            }
        }
        let mut sent = Sent::default();
        for (name, place, p) in &params {
            let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
            if !required || !matches!(place.as_str(), "query" | "header" | "cookie") {
                continue;
            }
            if place == "header" && matches!(name.to_ascii_lowercase().as_str(), "authorization" | "content-type") {
                continue;
            }
            let upper = placeholders.add(upper_snake(name), describe(p, name));
            let pair = NameValue { name: crate::request::literal(name), value: format!("{{{upper}}}") };
            match place.as_str() {
                "query" => sent.query.push(pair),
                "header" => sent.headers.push(pair),
                _ => sent.cookies.push(pair),
            }
        }

        let mut notes = Vec::new();
        let (auth, mut scopes) = self.security(op, root_security, &mut placeholders, &mut sent, &mut notes)?;
        if auth.as_ref().is_some_and(|a| a.bearer.is_some())
            && !placeholders.list.iter().any(|(n, _)| n == TOKEN_PLACEHOLDER)
        {
            let text = match scopes.len() {
                0 => "Access token for the API.",
                1 => "Access token for the API with the scope `{ $scope }`.",
                _ => "Access token for the API with the scopes `{ $scope }`.",
            };
            // The token comes after the path parameters, as on the reference pages.
            let after_path = placeholders
                .list
                .iter()
                .position(|(n, _)| !path.contains(&format!("{{{n}}}")))
                .unwrap_or(placeholders.list.len());
            placeholders.list.insert(after_path, (TOKEN_PLACEHOLDER.to_string(), text.to_string()));
        }

        let body = match op.operation.get("requestBody") {
            Some(rb) => self.body(rb, &format!("{}/requestBody", op.ptr), &mut placeholders, &mut notes)?,
            None => None,
        };
        let responses = self.responses(op, &mut messages)?;

        // A `{NAME}` in an example value or key is a placeholder too (the build refuses
        // undeclared ones).
        let mut in_values = Vec::new();
        if let Some(body) = &body {
            crate::request::json_placeholder_names(&serde_json::to_value(body).unwrap_or_default(), &mut in_values);
        }
        for name in in_values {
            placeholders.add(name.clone(), format!("The `{name}` value."));
        }

        // Only those the request uses (a parameter that is an API key went with the key).
        let mut used = Vec::new();
        let request = serde_json::json!([path, sent.query, sent.headers, auth, body, sent.cookies]);
        crate::request::json_placeholder_names(&request, &mut used);
        placeholders.list.retain(|(name, _)| used.contains(name));
        let mut endpoint_placeholders = Vec::new();
        for (name, text) in &placeholders.list {
            let message_id = placeholder_message_id(id, name, &messages);
            if name == TOKEN_PLACEHOLDER {
                messages.push(Message::fluent(message_id.clone(), text));
            } else {
                messages.push(Message::plain(message_id.clone(), text));
            }
            endpoint_placeholders.push(Placeholder { name: name.clone(), description: message_id });
        }
        let (scope, scope_list) = match scopes.len() {
            0 => (None, Vec::new()),
            1 => (scopes.pop(), Vec::new()),
            _ => (None, scopes),
        };
        let endpoint = Endpoint {
            cookies: sent.cookies,
            id: id.to_string(),
            guide: id.to_string(),
            method: op.method.to_ascii_uppercase(),
            server: server.origin.clone(),
            path: format!("{}{}", server.base_path, path),
            query: sent.query,
            headers: sent.headers,
            auth,
            body,
            scope,
            scopes: scope_list,
            limits: Default::default(),
            placeholders: endpoint_placeholders,
            responses,
            group: None,
            parameters: Vec::new(),
            fields: Vec::new(),
        };
        Ok(ImportedOperation {
            endpoint,
            messages,
            operation: format!("{} {}", op.method.to_ascii_uppercase(), op.path),
            notes,
        })
    }

    /// The operation's security (its own `security`, else the spec's): the scopes of every
    /// requirement, and the auth of the first requirement whose schemes apiglot can all send
    /// (bearer for http bearer, OAuth 2 and OpenID Connect; basic; an API key). A second
    /// scheme of the same requirement that is an API key goes with the request's headers, query
    /// or cookies; anything else left out is noted.
    fn security(
        &self,
        op: &OperationInput,
        root_security: Option<&'a Value>,
        placeholders: &mut Placeholders,
        sent: &mut Sent,
        notes: &mut Vec<String>,
    ) -> Result<(Option<Auth>, Vec<String>)> {
        let mut scopes: Vec<String> = Vec::new();
        let Some(security) = op.operation.get("security").or(root_security) else { return Ok((None, scopes)) };
        let sec_ptr =
            if op.operation.contains_key("security") { format!("{}/security", op.ptr) } else { "/security".into() };
        let schemes = self.root.pointer("/components/securitySchemes");
        let mut requirements: Vec<Vec<(&str, Sends)>> = Vec::new();
        for (i, requirement) in self.array(security, &sec_ptr)?.iter().enumerate() {
            let requirement = self.object(requirement, &format!("{sec_ptr}/{i}"))?;
            let mut sends = Vec::new();
            for (scheme_name, scheme_scopes) in requirement {
                let scheme_ptr = format!("/components/securitySchemes/{}", escape_pointer(scheme_name));
                let Some(scheme) = schemes.and_then(|s| s.get(scheme_name)) else {
                    return Err(self.error(
                        &format!("{sec_ptr}/{i}"),
                        format!("security scheme `{scheme_name}` is not defined"),
                        "define it under components.securitySchemes",
                    ));
                };
                let (scheme, scheme_ptr) = self.deref(scheme, &scheme_ptr)?;
                let scheme = self.object(scheme, &scheme_ptr)?;
                for s in self.array(scheme_scopes, &format!("{sec_ptr}/{i}/{}", escape_pointer(scheme_name)))? {
                    if let Some(s) = s.as_str().filter(|s| !scopes.iter().any(|x| x == s)) {
                        scopes.push(s.to_string());
                    }
                }
                sends.push((scheme_name.as_str(), Sends::of(scheme)));
            }
            requirements.push(sends);
        }
        let optional = requirements.iter().any(Vec::is_empty);
        let given: Vec<&Vec<(&str, Sends)>> = requirements.iter().filter(|r| !r.is_empty()).collect();
        let sendable = |r: &[(&str, Sends)]| r.iter().all(|(_, s)| !matches!(s, Sends::Unsupported(_)));
        let chosen = given.iter().position(|r| sendable(r)).unwrap_or(0);
        let Some(requirement) = given.get(chosen) else { return Ok((None, scopes)) };
        let names = |r: &[(&str, Sends)]| r.iter().map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(" and ");
        for skipped in &given[..chosen] {
            let why: Vec<String> = skipped
                .iter()
                .filter_map(|(n, s)| match s {
                    Sends::Unsupported(what) => Some(format!("`{n}` is {what}")),
                    _ => None,
                })
                .collect();
            notes.push(format!(
                "security: the samples authenticate with {}, not with {} ({}, which apiglot cannot send)",
                names(requirement),
                names(skipped),
                why.join(", ")
            ));
        }
        let mut auth: Option<Auth> = None;
        let mut first = "";
        for (scheme_name, sends) in requirement.iter() {
            match sends {
                Sends::Unsupported(what) => notes.push(format!(
                    "security scheme `{scheme_name}` ({what}) not imported: apiglot sends bearer tokens, basic \
                     auth and API keys; add what it needs to the endpoint by hand"
                )),
                Sends::Bearer | Sends::Basic if auth.is_some() => notes.push(format!(
                    "security scheme `{scheme_name}` not imported: the request already authenticates with \
                     `{first}`, and an endpoint has one `auth`"
                )),
                Sends::Bearer => {
                    first = scheme_name;
                    auth = Some(Auth { bearer: Some(format!("{{{TOKEN_PLACEHOLDER}}}")), ..Auth::default() });
                }
                Sends::Basic => {
                    first = scheme_name;
                    let user = placeholders.add(BASIC_USER.into(), "The user of HTTP basic authentication.".into());
                    let password =
                        placeholders.add(BASIC_PASSWORD.into(), "The password of HTTP basic authentication.".into());
                    let basic = BasicAuth { user: format!("{{{user}}}"), password: format!("{{{password}}}") };
                    auth = Some(Auth { basic: Some(basic), ..Auth::default() });
                }
                Sends::ApiKey { name, location } => {
                    // Named after the key (`X-API-Key` -> `X_API_KEY`), as a parameter of that name is.
                    let upper = placeholders.add(upper_snake(name), format!("Your `{name}` API key."));
                    let value = format!("{{{upper}}}");
                    let name = crate::request::literal(name);
                    // A required parameter of the same name and place is the key itself.
                    let list = match location {
                        ApiKeyLocation::Header => &mut sent.headers,
                        ApiKeyLocation::Query => &mut sent.query,
                        ApiKeyLocation::Cookie => &mut sent.cookies,
                    };
                    let same = |n: &str| match location {
                        ApiKeyLocation::Header => n.eq_ignore_ascii_case(&name),
                        _ => n == name,
                    };
                    list.retain(|pair| !same(&pair.name));
                    if auth.is_none() {
                        first = scheme_name;
                        let key = ApiKey { name, location: *location, value };
                        auth = Some(Auth { api_key: Some(key), ..Auth::default() });
                    } else {
                        list.push(NameValue { name, value });
                    }
                }
            }
        }
        if optional && auth.is_some() {
            notes.push(format!(
                "security: authentication is optional (the spec lists an empty requirement `{{}}`); the samples \
                 authenticate with {}",
                names(requirement)
            ));
        }
        Ok((auth, scopes))
    }

    fn string_field(&self, map: &Map<String, Value>, key: &str, ptr: &str) -> Result<String> {
        match map.get(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(self.error(
                &format!("{ptr}/{key}"),
                format!("`{key}` should be a string, found {}", kind(other)),
                "see the OpenAPI specification",
            )),
            None => Err(self.error(ptr, format!("no `{key}` field"), "see the OpenAPI specification")),
        }
    }

    /// The request body, of the content type apiglot ranks first (JSON, a form, multipart, text,
    /// then a file's bytes; the others are named in a note): the spec's example, else one
    /// built from the schema. Values from the spec are data ([`data_json`]).
    fn body(
        &self,
        rb: &'a Value,
        ptr: &str,
        placeholders: &mut Placeholders,
        notes: &mut Vec<String>,
    ) -> Result<Option<Body>> {
        let (rb, rb_ptr) = self.deref(rb, ptr)?;
        let rb = self.object(rb, &rb_ptr)?;
        let Some(content) = rb.get("content") else { return Ok(None) };
        let content = self.object(content, &format!("{rb_ptr}/content"))?;
        let Some((_, (content_type, media))) =
            content.iter().enumerate().min_by_key(|(i, (ct, _))| (BodyKind::of(ct), *i))
        else {
            return Ok(None);
        };
        let kind = BodyKind::of(content_type);
        let quoted =
            |types: &mut dyn Iterator<Item = &String>| types.map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
        if kind == BodyKind::Unsupported {
            notes.push(format!(
                "request body not imported: apiglot cannot send {} (it sends JSON, forms, multipart/form-data, \
                 text and a file's bytes)",
                quoted(&mut content.keys())
            ));
            return Ok(None);
        }
        if content.len() > 1 {
            notes.push(format!(
                "request body sent as `{content_type}`; the spec also offers {}",
                quoted(&mut content.keys().filter(|t| *t != content_type))
            ));
        }
        let media_ptr = format!("{rb_ptr}/content/{}", escape_pointer(content_type));
        let media = self.object(media, &media_ptr)?;
        let example = self.media_example(media, &media_ptr)?;
        let schema_ptr = format!("{media_ptr}/schema");
        let schema = media.get("schema");
        let essence = crate::request::media_essence(content_type);
        let body = match kind {
            BodyKind::Json => {
                let json = match (example, schema) {
                    (Some(example), _) => data_json(&example),
                    (None, Some(schema)) => {
                        let mut builder = BodyBuilder {
                            spec: self,
                            placeholders,
                            stack: Vec::new(),
                            item_description: None,
                            budget: MAX_BODY_VALUES,
                        };
                        let body = builder.sample(schema, &schema_ptr, None, 0)?;
                        if builder.budget == 0 {
                            notes.push(format!(
                                "request body cut short: its schema gives more than {MAX_BODY_VALUES} values; \
                                 give the request body an `example` to import instead"
                            ));
                        }
                        body
                    }
                    (None, None) => Value::Object(Map::new()),
                };
                Body { content_type: Some(content_type.to_ascii_lowercase()), json: Some(json), ..Body::default() }
            }
            BodyKind::Form | BodyKind::Multipart => {
                let multipart = kind == BodyKind::Multipart;
                let encoding = media.get("encoding").and_then(Value::as_object);
                let fields = self.fields(example.as_ref(), schema, &schema_ptr, multipart, encoding, placeholders)?;
                if fields.is_empty() {
                    notes.push(format!(
                        "request body not imported: the `{content_type}` body has no fields (give its schema \
                         `properties` or the request body an `example`)"
                    ));
                    return Ok(None);
                }
                // What `encoding` asks of a text field that a text field does not carry.
                for (name, part) in encoding.into_iter().flatten() {
                    let text_field = fields
                        .iter()
                        .any(|f| matches!(f, Field::Text { name: n, .. } if *n == crate::request::literal(name)));
                    let part_type = part.get("contentType").and_then(Value::as_str).unwrap_or("text/plain");
                    if multipart && text_field && crate::request::media_essence(part_type) != "text/plain" {
                        notes.push(format!(
                            "part `{name}` is sent as a text field, without the content type `{part_type}` its \
                             `encoding` gives (a text field has none)"
                        ));
                    }
                    if part.get("headers").and_then(Value::as_object).is_some_and(|h| !h.is_empty()) {
                        notes.push(format!("the headers the `encoding` of `{name}` gives are not sent"));
                    }
                }
                if multipart {
                    let parts = fields
                        .into_iter()
                        .map(|f| match f {
                            Field::Text { name, value } => {
                                Part { name, value: Some(value), file: None, filename: None, content_type: None }
                            }
                            Field::File { name, file, filename, content_type } => Part {
                                name,
                                value: None,
                                file: Some(file),
                                filename: Some(filename),
                                content_type: Some(content_type),
                            },
                        })
                        .collect();
                    Body { multipart: Some(parts), ..Body::default() }
                } else {
                    let form = fields
                        .into_iter()
                        .filter_map(|f| match f {
                            Field::Text { name, value } => Some(NameValue { name, value }),
                            Field::File { .. } => None,
                        })
                        .collect();
                    // A content type with parameters (`; charset=utf-8`) is kept.
                    let content_type = (essence != *content_type).then(|| content_type.clone());
                    Body { content_type, form: Some(form), ..Body::default() }
                }
            }
            BodyKind::Text => {
                let content_type = if essence.contains('*') { "text/plain".to_string() } else { content_type.clone() };
                let from_schema = || {
                    let schema = self.deref(schema?, &schema_ptr).ok()?.0;
                    schema.get("example").cloned().or_else(|| schema.get("examples")?.as_array()?.first().cloned())
                };
                let text = match example.or_else(from_schema) {
                    Some(Value::String(text)) if !text.is_empty() => data_text(&text),
                    Some(other) if !other.is_string() && !other.is_object() && !other.is_array() => other.to_string(),
                    _ => {
                        let what = self.schema_description(schema, &schema_ptr)?;
                        let name = placeholders.add(
                            "BODY".into(),
                            what.unwrap_or_else(|| format!("The request body (`{content_type}`).")),
                        );
                        format!("{{{name}}}")
                    }
                };
                Body { content_type: Some(content_type), text: Some(text), ..Body::default() }
            }
            BodyKind::Binary | BodyKind::Unsupported => {
                let content_type =
                    if essence.contains('*') { "application/octet-stream".to_string() } else { content_type.clone() };
                let name = placeholders.add(
                    "BODY_FILE".into(),
                    format!("The path of the file whose bytes are the request body (`{content_type}`)."),
                );
                Body { content_type: Some(content_type), binary: Some(format!("{{{name}}}")), ..Body::default() }
            }
        };
        Ok(Some(body))
    }

    /// The media type's `example`, else the value of its first `examples` entry.
    fn media_example(&self, media: &'a Map<String, Value>, media_ptr: &str) -> Result<Option<Value>> {
        if let Some(example) = media.get("example") {
            return Ok(Some(example.clone()));
        }
        let Some(examples) = media.get("examples") else { return Ok(None) };
        let examples = self.object(examples, &format!("{media_ptr}/examples"))?;
        match examples.iter().next() {
            Some((name, ex)) => {
                let (ex, _) = self.deref(ex, &format!("{media_ptr}/examples/{}", escape_pointer(name)))?;
                Ok(ex.get("value").cloned())
            }
            None => Ok(None),
        }
    }

    fn schema_description(&self, schema: Option<&'a Value>, ptr: &str) -> Result<Option<String>> {
        let Some(schema) = schema else { return Ok(None) };
        let (schema, _) = self.deref(schema, ptr)?;
        Ok(schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string))
    }

    /// The fields of a form or multipart body, in order: the example's entries when it is an
    /// object, else every property of the schema (not only the required ones: a form's fields
    /// are its documentation). A value is the example's, else the property's example, const,
    /// default or first enum value, else a placeholder; an array is one field per item, an
    /// object its JSON text. In multipart, a file property (`format: binary`,
    /// `contentMediaType`, or a non-text `encoding` content type) is a file part.
    fn fields(
        &self,
        example: Option<&Value>,
        schema: Option<&'a Value>,
        schema_ptr: &str,
        multipart: bool,
        encoding: Option<&'a Map<String, Value>>,
        placeholders: &mut Placeholders,
    ) -> Result<Vec<Field>> {
        let mut properties = Vec::new();
        if let Some(schema) = schema {
            self.properties(schema, schema_ptr, &mut properties, 0)?;
        }
        let names: Vec<String> = match example {
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            _ => properties.iter().map(|(name, _, _)| name.clone()).collect(),
        };
        let mut out = Vec::new();
        for name in names {
            let property = properties.iter().find(|(n, _, _)| *n == name);
            let map = match property {
                Some((_, prop, ptr)) => self.deref(prop, ptr)?.0.as_object(),
                None => None,
            };
            let part_type = encoding
                .and_then(|e| e.get(&name))
                .and_then(|e| e.get("contentType"))
                .and_then(Value::as_str)
                .and_then(|t| t.split(',').next())
                .map(|t| t.trim().to_string());
            if multipart && is_file(map, part_type.as_deref()) {
                let items = map.and_then(|m| m.get("items")).and_then(Value::as_object);
                let content_type = part_type
                    .or_else(|| map.and_then(|m| m.get("contentMediaType")).and_then(Value::as_str).map(str::to_string))
                    .or_else(|| {
                        items.and_then(|m| m.get("contentMediaType")).and_then(Value::as_str).map(str::to_string)
                    })
                    .filter(|t| !t.contains('*') && !t.trim().is_empty())
                    .unwrap_or_else(|| "application/octet-stream".into());
                let described = map.map(|m| describe_schema(m, &name)).filter(|d| !d.starts_with("The `"));
                let upper = placeholders.add(
                    format!("{}_FILE", upper_snake(&name)),
                    match described {
                        Some(d) => format!("The path of the file sent as `{name}`: {d}"),
                        None => format!("The path of the file sent as `{name}`."),
                    },
                );
                out.push(Field::File {
                    name: crate::request::literal(&name),
                    file: format!("{{{upper}}}"),
                    filename: crate::request::literal(&file_name(&name, &content_type)),
                    content_type,
                });
                continue;
            }
            let given = match example {
                Some(Value::Object(values)) => values.get(&name).cloned(),
                _ => map.and_then(given_value),
            };
            let values = match given {
                Some(Value::Array(items)) => items.iter().map(field_text).collect(),
                Some(value) => vec![field_text(&value)],
                None => {
                    let description = map.map_or_else(|| format!("The `{name}` value."), |m| describe_schema(m, &name));
                    vec![format!("{{{}}}", placeholders.add(upper_snake(&name), description))]
                }
            };
            for value in values {
                out.push(Field::Text { name: crate::request::literal(&name), value });
            }
        }
        Ok(out)
    }

    /// The properties of an object schema in order, those of `allOf` branches merged and of the
    /// first `oneOf`/`anyOf` branch.
    fn properties(
        &self,
        schema: &'a Value,
        ptr: &str,
        out: &mut Vec<(String, &'a Value, String)>,
        depth: usize,
    ) -> Result<()> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        let (schema, ptr) = self.deref(schema, ptr)?;
        let Some(map) = schema.as_object() else { return Ok(()) };
        if let Some(props) = map.get("properties") {
            for (name, prop) in self.object(props, &format!("{ptr}/properties"))? {
                if !out.iter().any(|(n, _, _)| n == name) {
                    out.push((name.clone(), prop, format!("{ptr}/properties/{}", escape_pointer(name))));
                }
            }
        }
        if let Some(all) = map.get("allOf") {
            for (i, branch) in self.array(all, &format!("{ptr}/allOf"))?.iter().enumerate() {
                self.properties(branch, &format!("{ptr}/allOf/{i}"), out, depth + 1)?;
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = map.get(key).and_then(Value::as_array).and_then(|o| o.first()) {
                self.properties(first, &format!("{ptr}/{key}/0"), out, depth + 1)?;
            }
        }
        Ok(())
    }

    fn responses(&self, op: &OperationInput, messages: &mut Vec<Message>) -> Result<Vec<Response>> {
        let Some(responses) = op.operation.get("responses") else { return Ok(Vec::new()) };
        let ptr = format!("{}/responses", op.ptr);
        let mut out = Vec::new();
        for (status, response) in self.object(responses, &ptr)? {
            let Ok(code) = status.parse::<u16>() else { continue };
            let (response, r_ptr) = self.deref(response, &format!("{ptr}/{}", escape_pointer(status)))?;
            let response = self.object(response, &r_ptr)?;
            let mut texts = Vec::new();
            if let Some(d) = response.get("description").and_then(Value::as_str) {
                texts.push(d.trim().to_string());
            }
            // Further descriptions of the same status (`x-description-1`, ...), one row each.
            for (key, value) in response {
                if key.starts_with("x-description-") {
                    if let Some(d) = value.as_str() {
                        texts.push(d.trim().to_string());
                    }
                }
            }
            if texts.is_empty() {
                texts.push(status.clone());
            }
            for (n, text) in texts.iter().enumerate() {
                let message = if n == 0 {
                    format!("{}-response-{code}", op.id)
                } else {
                    format!("{}-response-{code}-{}", op.id, n + 1)
                };
                let text = if text.is_empty() { status.as_str() } else { text.as_str() };
                messages.push(Message::plain(message.clone(), text));
                out.push(Response { status: code, error_code: None, message, cause: None, example: None });
            }
        }
        Ok(out)
    }
}

/// Builds a body from a schema: required properties only, the schema's own example, default,
/// const or first enum value where it has one, strings as placeholders named after their property.
struct BodyBuilder<'s, 'a> {
    spec: &'s Spec<'a>,
    placeholders: &'s mut Placeholders,
    /// `$ref`s being expanded, to stop at a cycle.
    stack: Vec<String>,
    /// The description of the array whose items are being built.
    item_description: Option<String>,
    /// How many more values the body may get: each `$ref` may be expanded many times, so
    /// twenty required properties that each refer to the next level would grow as 20^depth.
    budget: usize,
}

impl<'a> BodyBuilder<'_, 'a> {
    fn sample(&mut self, schema: &'a Value, ptr: &str, name: Option<&str>, depth: usize) -> Result<Value> {
        if self.budget == 0 {
            return Ok(Value::Object(Map::new()));
        }
        self.budget -= 1;
        let reference = schema.get("$ref").and_then(Value::as_str).map(str::to_string);
        if let Some(r) = &reference {
            if self.stack.contains(r) || depth > MAX_DEPTH {
                return Ok(Value::Object(Map::new()));
            }
            self.stack.push(r.clone());
        }
        let result = self.sample_resolved(schema, ptr, name, depth);
        if reference.is_some() {
            self.stack.pop();
        }
        result
    }

    fn sample_resolved(&mut self, schema: &'a Value, ptr: &str, name: Option<&str>, depth: usize) -> Result<Value> {
        let (schema, ptr) = self.spec.deref(schema, ptr)?;
        let Some(map) = schema.as_object() else {
            // `true` / `false` schemas (3.1) accept anything.
            return Ok(Value::Null);
        };
        if let Some(given) = given_value(map) {
            return Ok(data_json(&given));
        }
        if let Some(all) = map.get("allOf") {
            return self.all_of(map, all, &ptr, name, depth);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(options) = map.get(key) {
                let options = self.spec.array(options, &format!("{ptr}/{key}"))?;
                // The first branch that is not just `null`.
                let chosen =
                    options.iter().enumerate().find(|(_, o)| o.get("type").and_then(Value::as_str) != Some("null"));
                if let Some((i, option)) = chosen {
                    return self.sample(option, &format!("{ptr}/{key}/{i}"), name, depth + 1);
                }
                return Ok(Value::Null);
            }
        }
        let kind = match map.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(Value::Array(types)) => {
                types.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("null")
            }
            Some(other) => {
                return Err(self.spec.error(
                    &format!("{ptr}/type"),
                    format!("`type` should be a string or an array of strings, found {}", kind(other)),
                    "use one of object, array, string, number, integer, boolean, null",
                ))
            }
            None if map.contains_key("properties") => "object",
            None if map.contains_key("items") => "array",
            None => "object",
        };
        Ok(match kind {
            "object" => self.object(map, &ptr, depth)?,
            "array" => {
                let count = map.get("minItems").and_then(Value::as_u64).unwrap_or(1).clamp(1, 3);
                let item_name = name.map(singular);
                let mut items = Vec::new();
                // An item without a description of its own is described by the array's.
                let outer = self.item_description.take();
                self.item_description = map.get("description").and_then(Value::as_str).map(str::to_string);
                if let Some(item) = map.get("items") {
                    for _ in 0..count {
                        items.push(self.sample(item, &format!("{ptr}/items"), item_name.as_deref(), depth + 1)?);
                    }
                }
                self.item_description = outer;
                Value::Array(items)
            }
            "string" => match name {
                Some(name) => {
                    let description = match (map.get("description"), &self.item_description) {
                        (None, Some(outer)) if !outer.trim().is_empty() => outer.trim().to_string(),
                        _ => describe_schema(map, name),
                    };
                    Value::String(format!("{{{}}}", self.placeholders.add(upper_snake(name), description)))
                }
                None => Value::String("string".into()),
            },
            "integer" => map.get("minimum").filter(|m| m.is_i64() || m.is_u64()).cloned().unwrap_or(Value::from(0)),
            "number" => map.get("minimum").cloned().unwrap_or(Value::from(0)),
            "boolean" => Value::Bool(false),
            "null" => Value::Null,
            other => {
                return Err(self.spec.error(
                    &format!("{ptr}/type"),
                    format!("unknown type `{other}`"),
                    "use one of object, array, string, number, integer, boolean, null",
                ))
            }
        })
    }

    /// Required properties, in the order `required` lists them.
    fn object(&mut self, map: &'a Map<String, Value>, ptr: &str, depth: usize) -> Result<Value> {
        let outer = self.item_description.take();
        let result = self.object_properties(map, ptr, depth);
        self.item_description = outer;
        result
    }

    fn object_properties(&mut self, map: &'a Map<String, Value>, ptr: &str, depth: usize) -> Result<Value> {
        let mut out = Map::new();
        let properties = match map.get("properties") {
            Some(p) => Some(self.spec.object(p, &format!("{ptr}/properties"))?),
            None => None,
        };
        let required = match map.get("required") {
            Some(r) => self.spec.array(r, &format!("{ptr}/required"))?.iter().filter_map(Value::as_str).collect(),
            None => Vec::new(),
        };
        for key in required {
            let value = match properties.and_then(|p| p.get(key)) {
                Some(prop) => {
                    self.sample(prop, &format!("{ptr}/properties/{}", escape_pointer(key)), Some(key), depth + 1)?
                }
                None => Value::String(format!(
                    "{{{}}}",
                    self.placeholders.add(upper_snake(key), format!("The `{key}` value."))
                )),
            };
            out.insert(key.to_string(), value);
        }
        Ok(Value::Object(out))
    }

    /// Merges the branches' properties and required lists into one object (non-object
    /// branches: the first one's sample).
    fn all_of(
        &mut self,
        map: &'a Map<String, Value>,
        all: &'a Value,
        ptr: &str,
        name: Option<&str>,
        depth: usize,
    ) -> Result<Value> {
        let branches = self.spec.array(all, &format!("{ptr}/allOf"))?;
        let mut merged = Map::new();
        let mut any_object = false;
        let own = map.iter().filter(|(k, _)| *k != "allOf").map(|(k, v)| (k.clone(), v.clone())).collect::<Map<_, _>>();
        if own.contains_key("properties") || own.contains_key("required") {
            if let Value::Object(o) = self.object(map, ptr, depth)? {
                merged.extend(o);
                any_object = true;
            }
        }
        for (i, branch) in branches.iter().enumerate() {
            match self.sample(branch, &format!("{ptr}/allOf/{i}"), name, depth + 1)? {
                Value::Object(o) => {
                    any_object = true;
                    merged.extend(o);
                }
                other if !any_object && i == branches.len() - 1 => return Ok(other),
                _ => {}
            }
        }
        Ok(Value::Object(merged))
    }
}

/// The kinds of request body, in the order an importer picks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum BodyKind {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
    /// Another multipart type (`multipart/mixed`): parts apiglot does not write.
    Unsupported,
}

impl BodyKind {
    fn of(content_type: &str) -> BodyKind {
        let essence = crate::request::media_essence(content_type);
        if crate::request::is_json_media_type(&essence) {
            BodyKind::Json
        } else if essence == crate::request::FORM_URLENCODED {
            BodyKind::Form
        } else if essence == "multipart/form-data" {
            BodyKind::Multipart
        } else if essence.starts_with("multipart/") {
            BodyKind::Unsupported
        } else if essence.starts_with("text/") || crate::request::is_textual_media_type(&essence) {
            BodyKind::Text
        } else {
            BodyKind::Binary
        }
    }
}

/// A field of a form or multipart body.
enum Field {
    Text { name: String, value: String },
    File { name: String, file: String, filename: String, content_type: String },
}

/// A schema's own value: its example, first of `examples`, const, default or first enum value.
fn given_value(map: &Map<String, Value>) -> Option<Value> {
    map.get("example")
        .or_else(|| map.get("examples").and_then(Value::as_array).and_then(|e| e.first()))
        .or_else(|| map.get("const"))
        .or_else(|| map.get("default"))
        .or_else(|| map.get("enum").and_then(Value::as_array).and_then(|e| e.iter().find(|v| !v.is_null())))
        .cloned()
}

/// A value as a form field's text: strings as data, other JSON as its compact text.
fn field_text(value: &Value) -> String {
    match value {
        Value::String(s) => data_text(s),
        Value::Null => String::new(),
        other => data_text(&other.to_string()),
    }
}

/// Is a multipart property a file: `format: binary`, a `contentMediaType` (OpenAPI 3.1), an
/// array of such items, or an `encoding` content type that is not text?
fn is_file(map: Option<&Map<String, Value>>, part_type: Option<&str>) -> bool {
    let file_schema = |m: &Map<String, Value>| {
        m.get("format").and_then(Value::as_str) == Some("binary")
            || (m.contains_key("contentMediaType") && !m.contains_key("contentEncoding"))
    };
    let textual = |t: &str| {
        let essence = crate::request::media_essence(t);
        essence == "text/plain" || crate::request::is_json_media_type(&essence)
    };
    map.is_some_and(|m| file_schema(m) || m.get("items").and_then(Value::as_object).is_some_and(file_schema))
        || part_type.is_some_and(|t| !textual(t))
}

/// The file name a file part sends: the field's name, with the extension of its content type
/// where it has a usual one (`users` + `application/json` -> `users.json`).
fn file_name(field: &str, content_type: &str) -> String {
    let extension = match crate::request::media_essence(content_type).as_str() {
        "application/json" => "json",
        "text/csv" => "csv",
        "text/plain" => "txt",
        "application/xml" | "text/xml" => "xml",
        "application/pdf" => "pdf",
        "application/zip" => "zip",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => "",
    };
    let safe: String = field.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '/')).collect();
    let safe = if safe.is_empty() { "file".to_string() } else { safe };
    if extension.is_empty() || safe.ends_with(&format!(".{extension}")) {
        safe
    } else {
        format!("{safe}.{extension}")
    }
}

fn describe_schema(map: &Map<String, Value>, name: &str) -> String {
    map.get("description")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map_or_else(|| format!("The `{name}` value."), str::to_string)
}

/// `members` -> `member`, `policies` -> `policy`.
fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if name.ends_with("ss") {
        name.to_string()
    } else {
        name.strip_suffix('s').unwrap_or(name).to_string()
    }
}

/// A path parameter's placeholder: `user_id` -> `USER_ID`; a bare `id` takes the singular of
/// the segment before it (`/organizations/{id}` -> `ORGANIZATION_ID`), as guides name it.
fn path_placeholder(name: &str, segments: &[&str]) -> String {
    if name.eq_ignore_ascii_case("id") {
        let template = format!("{{{name}}}");
        if let Some(i) = segments.iter().position(|s| *s == template) {
            if let Some(before) = segments[..i].iter().rev().find(|s| !s.is_empty() && !s.starts_with('{')) {
                return upper_snake(&format!("{}_id", singular(before)));
            }
        }
    }
    upper_snake(name)
}

/// `connectionId` -> `CONNECTION_ID`, `auth0-custom-domain` -> `AUTH0_CUSTOM_DOMAIN`; never
/// starts with a digit.
pub fn upper_snake(name: &str) -> String {
    let words = kebab(name);
    let mut out = words.replace('-', "_").to_ascii_uppercase();
    if !out.starts_with(|c: char| c.is_ascii_uppercase()) {
        out.insert_str(0, "P_");
    }
    out
}

/// Where `pointer` leads in `text`: exactly in a JSON spec; in YAML, where its last key is,
/// each key searched after the previous one.
fn locate(text: &str, pointer: &str) -> usize {
    if let Some(offset) = crate::json::pointer_offset(text, pointer) {
        return offset;
    }
    let mut offset = 0;
    let mut found = 0;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if token.parse::<usize>().is_ok() {
            continue;
        }
        for needle in [format!("\"{token}\""), format!("{token}:")] {
            if let Some(i) = text[offset..].find(&needle) {
                found = offset + i;
                offset = found + needle.len();
                break;
            }
        }
    }
    found
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_names() {
        let segments: Vec<&str> = "/organizations/{id}/members/{user_id}".split('/').collect();
        assert_eq!(path_placeholder("id", &segments), "ORGANIZATION_ID");
        assert_eq!(path_placeholder("user_id", &segments), "USER_ID");
        assert_eq!(upper_snake("connectionId"), "CONNECTION_ID");
        assert_eq!(upper_snake("2fa"), "P_2FA");
        let segments: Vec<&str> = "/policies/{id}".split('/').collect();
        assert_eq!(path_placeholder("id", &segments), "POLICY_ID");
    }

    #[test]
    fn ids_are_kebab_and_unique() {
        let mut used = BTreeSet::new();
        assert_eq!(unique_id(kebab("get_users"), &mut used), "get-users");
        assert_eq!(unique_id(kebab("getUsers"), &mut used), "get-users-2");
        assert_eq!(kebab("get /organizations/{id}/members"), "get-organizations-id-members");
    }

    #[test]
    fn locates_the_last_key() {
        let text = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {}\n    }\n  }\n}";
        let at = locate(text, "/paths/~1a/get");
        assert_eq!(crate::error::line_col(text, at), (4, 7));
    }

    fn body_of(schema: &str) -> Value {
        let spec = format!(
            "openapi: 3.1.0\npaths:\n  /n:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{ $ref: '#/components/schemas/Root' }}\n      responses: {{}}\ncomponents:\n  schemas:\n{schema}"
        );
        let options = Options { tags: &[], host_placeholder: "{yourDomain}" };
        let imported = parse(&spec, Path::new("spec.yaml"), &options).unwrap_or_else(|e| panic!("{e}\n{spec}"));
        imported.operations[0].endpoint.body.clone().unwrap().json.unwrap()
    }

    #[test]
    fn bodies_follow_refs_combinators_and_stop_at_cycles() {
        // A node that requires a child node: the cycle stops at the repeated reference.
        let cycle = "    Root:\n      type: object\n      required: [name, child]\n      properties:\n        name: { type: string }\n        child: { $ref: '#/components/schemas/Root' }\n";
        assert_eq!(body_of(cycle), serde_json::json!({ "name": "{NAME}", "child": {} }));
        let all_of = "    Root:\n      allOf:\n        - { $ref: '#/components/schemas/Base' }\n        - { type: object, required: [count], properties: { count: { type: integer, minimum: 1 } } }\n    Base:\n      type: object\n      required: [kind]\n      properties:\n        kind: { type: string, enum: [a, b] }\n";
        assert_eq!(body_of(all_of), serde_json::json!({ "kind": "a", "count": 1 }));
        let any_of = "    Root:\n      type: object\n      required: [v, flags]\n      properties:\n        v: { anyOf: [{ type: 'null' }, { type: boolean }] }\n        flags: { type: array, minItems: 2, items: { type: [string, 'null'], examples: [x] } }\n";
        assert_eq!(body_of(any_of), serde_json::json!({ "v": false, "flags": ["x", "x"] }));
    }

    #[test]
    fn example_placeholders_are_declared_and_message_ids_never_collide() {
        let spec = "openapi: 3.0.0\npaths:\n  /p:\n    post:\n      operationId: make\n      requestBody:\n        content:\n          application/json:\n            example: { domain: '{TENANT}.example.com' }\n      responses: {}\n  /q:\n    post:\n      operationId: named\n      requestBody:\n        content:\n          application/json:\n            schema: { type: object, required: [title], properties: { title: { type: string } } }\n      responses: {}\n";
        let options = Options { tags: &[], host_placeholder: "{yourDomain}" };
        let imported = parse(spec, Path::new("spec.yaml"), &options).unwrap();
        let make = &imported.operations[0].endpoint;
        assert_eq!(make.placeholders[0].name, "TENANT");
        let named = &imported.operations[1];
        assert_eq!(named.endpoint.placeholders[0].description, "named-title-value");
        let ids: Vec<&str> = named.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["named-title", "named-intro", "named-api-intro", "named-title-value"]);
    }

    #[test]
    fn servers_of_an_operation_or_path_item_win() {
        let spec = "openapi: 3.0.0\ninfo: { title: Files API, version: '1' }\nservers: [{ url: 'https://{tenant}.example.com/api' }]\npaths:\n  /a:\n    get: { responses: {} }\n  /b:\n    servers: [{ url: 'https://uploads.example.com/v2' }]\n    get: { responses: {} }\n    put: { servers: [{ url: /local }], responses: {} }\n";
        let options = Options { tags: &[], host_placeholder: "{yourDomain}" };
        let imported = parse(spec, Path::new("spec.yaml"), &options).unwrap();
        let at: Vec<(String, String)> =
            imported.operations.iter().map(|o| (o.endpoint.server.clone(), o.endpoint.path.clone())).collect();
        assert_eq!(
            at,
            [
                ("https://{yourDomain}".to_string(), "/api/a".to_string()),
                ("https://uploads.example.com".to_string(), "/v2/b".to_string()),
                ("https://{yourDomain}".to_string(), "/local/b".to_string()),
            ]
        );
        assert_eq!(imported.title.as_deref(), Some("Files API"));
        let ids: Vec<&str> = imported.operations.iter().map(|o| o.endpoint.id.as_str()).collect();
        assert_eq!(ids, ["get-a", "get-b", "put-b"]);
    }

    fn import(spec: &str) -> Result<Imported> {
        parse(spec, Path::new("spec.yaml"), &Options { tags: &[], host_placeholder: "{yourDomain}" })
    }

    #[test]
    fn deep_documents_are_an_error_not_a_stack_overflow() {
        let deep_json = format!("{{\"openapi\": \"3.1.0\", \"x\": {}{}}}", "[".repeat(15_000), "]".repeat(15_000));
        let message = import(&deep_json).unwrap_err().to_string();
        assert!(message.starts_with("spec.yaml:1:") && message.contains("recursion limit exceeded"), "{message}");
        let deep_yaml = format!("openapi: 3.1.0\nx: {}{}\n", "[".repeat(15_000), "]".repeat(15_000));
        let message = import(&deep_yaml).unwrap_err().to_string();
        assert!(message.starts_with("spec.yaml:2:") && message.contains("recursion limit exceeded"), "{message}");
        let nested_yaml = format!(
            "openapi: 3.1.0\nx:\n{}",
            (1..2_000).map(|d| format!("{}- \n", "  ".repeat(d))).collect::<String>()
        );
        assert!(import(&nested_yaml).is_err(), "block style nests as deep as flow style");
    }

    #[test]
    fn a_body_whose_refs_multiply_stops_at_its_budget() {
        // Ten required properties per level, each the next level: 10^12 values unbounded.
        let mut schemas = String::new();
        for level in 0..13 {
            let next = if level == 12 {
                "{ type: string }".to_string()
            } else {
                format!("{{ $ref: '#/components/schemas/L{}' }}", level + 1)
            };
            let name = if level == 0 { "Root".to_string() } else { format!("L{level}") };
            let props: Vec<String> = (0..10).map(|p| format!("p{p}: {next}")).collect();
            let required: Vec<String> = (0..10).map(|p| format!("p{p}")).collect();
            schemas.push_str(&format!(
                "    {name}:\n      type: object\n      required: [{}]\n      properties: {{ {} }}\n",
                required.join(", "),
                props.join(", ")
            ));
        }
        let spec = format!(
            "openapi: 3.1.0\npaths:\n  /n:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{ $ref: '#/components/schemas/Root' }}\n      responses: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let started = std::time::Instant::now();
        let imported = import(&spec).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert!(
            imported.operations[0].notes.iter().any(|n| n.starts_with("request body cut short")),
            "{:?}",
            imported.operations[0].notes
        );
        assert!(
            crate::json::spaced(&imported.operations[0].endpoint.body.clone().unwrap().json.unwrap()).len() < 200_000
        );
    }

    #[test]
    fn trace_is_left_out_and_reserved_guide_names_are_renamed() {
        let spec = "openapi: 3.1.0\npaths:\n  /debug:\n    trace: { responses: {} }\n    get: { operationId: index, responses: {} }\n  /x:\n    get: { operationId: Assets, responses: {} }\n";
        let imported = import(spec).unwrap();
        let ids: Vec<&str> = imported.operations.iter().map(|o| o.endpoint.id.as_str()).collect();
        assert_eq!(ids, ["index-guide", "assets-guide"]);
        assert_eq!(imported.operations[0].endpoint.guide, "index-guide");
        assert!(imported.operations[0].notes[0].starts_with("imported as `index-guide`: a guide named `index`"));
        assert_eq!(imported.skipped.len(), 1);
        assert_eq!(imported.skipped[0].0, "TRACE /debug");
        assert!(
            imported.skipped[0].1.contains("`TRACE` is not a method every sample can send"),
            "{:?}",
            imported.skipped
        );
    }

    #[test]
    fn servers_and_paths_samples_cannot_send_alike_are_refused() {
        let with_server = |url: &str| {
            format!("openapi: 3.1.0\nservers:\n  - url: '{url}'\n    variables: {{ port: {{ default: '8443' }} }}\npaths:\n  /a:\n    get: {{ responses: {{}} }}\n")
        };
        for (url, why) in [
            ("https://u:p@api.example.com", "has user info"),
            ("https://api.example.com:99999", "has the port `99999`"),
            ("ftp://api.example.com", "uses the scheme `ftp`"),
            ("https://api.example.com/v1/../admin", "has a `..` segment"),
        ] {
            let message = import(&with_server(url)).unwrap_err().to_string();
            assert!(message.starts_with("spec.yaml:3:") && message.contains(why), "{url}: {message}");
        }
        let origin = |url: &str| import(&with_server(url)).unwrap().operations[0].endpoint.server.clone();
        assert_eq!(origin("https://{tenant}.example.com:8443/v1"), "https://{yourDomain}:8443");
        assert_eq!(origin("https://{tenant}.example.com:{port}"), "https://{yourDomain}:8443");
        assert_eq!(origin("HTTPS://api.example.com:8443"), "https://api.example.com:8443");
        let dots = "openapi: 3.1.0\npaths:\n  /a/%2e%2e/b:\n    get: { responses: {} }\n";
        let message = import(dots).unwrap_err().to_string();
        assert!(
            message.starts_with("spec.yaml:3:3: #/paths/~1a~1%2e%2e~1b: path `/a/%2e%2e/b` has a `%2e%2e` segment"),
            "{message}"
        );
    }
    fn post(content: &str) -> ImportedOperation {
        let spec = format!(
            "openapi: 3.1.0\npaths:\n  /p:\n    post:\n      operationId: make\n      requestBody:\n        content:\n{content}      responses: {{}}\n"
        );
        let mut imported = import(&spec).unwrap_or_else(|e| panic!("{e}\n{spec}"));
        assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
        imported.operations.remove(0)
    }

    fn body_json(op: &ImportedOperation) -> Value {
        serde_json::to_value(&op.endpoint.body).unwrap()
    }

    #[test]
    fn content_types_are_ranked_and_the_others_noted() {
        let op = post(
            "          text/plain: { example: hi }\n          '*/*': {}\n          multipart/form-data: { schema: { properties: { a: { type: string } } } }\n          application/x-www-form-urlencoded: { schema: { properties: { a: { type: string, default: x } } } }\n",
        );
        assert_eq!(body_json(&op), serde_json::json!({ "form": [{ "name": "a", "value": "x" }] }));
        assert_eq!(
            op.notes,
            ["request body sent as `application/x-www-form-urlencoded`; the spec also offers `text/plain`, `*/*`, \
              `multipart/form-data`"]
        );
        let op = post("          text/plain: { example: hi }\n          multipart/form-data: { schema: { properties: { a: { type: string } } } }\n");
        assert_eq!(body_json(&op), serde_json::json!({ "multipart": [{ "name": "a", "value": "{A}" }] }));
        let op = post("          image/png: {}\n          text/*: { schema: { example: 'a {b}' } }\n");
        assert_eq!(body_json(&op), serde_json::json!({ "content_type": "text/plain", "text": "a {{b}" }));
        let op = post("          '*/*': {}\n");
        assert_eq!(
            body_json(&op),
            serde_json::json!({ "content_type": "application/octet-stream", "binary": "{BODY_FILE}" })
        );
        assert!(op.notes.is_empty(), "{:?}", op.notes);
    }

    #[test]
    fn form_fields_from_an_example_and_schema_values_as_data() {
        let op = post(
            "          application/x-www-form-urlencoded:\n            example: { a: 1, b: [x, '{y}'], c: { d: true }, e: null, f: '{F}' }\n",
        );
        assert_eq!(
            body_json(&op),
            serde_json::json!({ "form": [
                { "name": "a", "value": "1" },
                { "name": "b", "value": "x" },
                { "name": "b", "value": "{{y}" },
                { "name": "c", "value": "{{\"d\":true}" },
                { "name": "e", "value": "" },
                { "name": "f", "value": "{F}" },
            ] })
        );
        let names: Vec<&str> = op.endpoint.placeholders.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["F"]);
        // Schema defaults and enums are data in a JSON body too.
        let op = post(
            "          application/json:\n            schema: { type: object, required: [t, k], properties: { t: { type: string, default: 'Hi {{ name }}' }, k: { enum: ['{a}'] } } }\n",
        );
        assert_eq!(body_json(&op)["json"], serde_json::json!({ "t": "Hi {{{{ name }}", "k": "{{a}" }));
        // What a text field cannot carry is noted.
        let op = post(
            "          multipart/form-data:\n            schema: { properties: { meta: { type: object, example: { a: 1 } }, f: { type: string, format: binary } } }\n            encoding: { meta: { contentType: application/json }, f: { headers: { X-Part: { schema: { type: string } } } } }\n",
        );
        assert_eq!(
            body_json(&op),
            serde_json::json!({ "multipart": [
                { "name": "meta", "value": "{{\"a\":1}" },
                { "name": "f", "file": "{F_FILE}", "filename": "f", "content_type": "application/octet-stream" },
            ] })
        );
        assert_eq!(
            op.notes,
            [
                "part `meta` is sent as a text field, without the content type `application/json` its `encoding` \
                 gives (a text field has none)",
                "the headers the `encoding` of `f` gives are not sent",
            ]
        );
        let op = post("          application/x-www-form-urlencoded; charset=utf-8: { example: { a: b } }\n");
        assert_eq!(
            body_json(&op),
            serde_json::json!({ "content_type": "application/x-www-form-urlencoded; charset=utf-8", "form": [{ "name": "a", "value": "b" }] })
        );
        // Nothing to send: noted, no body.
        let op = post("          multipart/form-data: { schema: { type: object } }\n");
        assert!(op.endpoint.body.is_none());
        assert_eq!(
            op.notes,
            ["request body not imported: the `multipart/form-data` body has no fields (give its schema `properties` \
              or the request body an `example`)"]
        );
    }

    #[test]
    fn an_operation_the_samples_cannot_send_is_left_out_and_reported() {
        let spec = "openapi: 3.1.0\npaths:\n  /p:\n    post:\n      requestBody:\n        content:\n          multipart/form-data:\n            example: { note: \"one\\ntwo\" }\n      responses: {}\n  /q:\n    get: { responses: {} }\n";
        let imported = import(spec).unwrap();
        let ids: Vec<&str> = imported.operations.iter().map(|o| o.endpoint.id.as_str()).collect();
        assert_eq!(ids, ["get-q"]);
        assert_eq!(imported.skipped.len(), 1);
        assert_eq!(imported.skipped[0].0, "POST /p");
        assert!(
            imported.skipped[0].1.starts_with("not imported: part `note` has a line break that is not CRLF"),
            "{:?}",
            imported.skipped
        );
    }

    #[test]
    fn security_alternatives_and_empty_requirements() {
        let with = |security: &str| {
            let spec = format!(
                "openapi: 3.1.0\ncomponents:\n  securitySchemes:\n    b: {{ type: http, scheme: Bearer }}\n    k: {{ type: apiKey, in: header }}\n    h: {{ type: http, scheme: hoba }}\npaths:\n  /p:\n    get: {{ security: {security}, responses: {{}} }}\n"
            );
            import(&spec).unwrap().operations.remove(0)
        };
        let op = with("[{}]");
        assert!(op.endpoint.auth.is_none() && op.notes.is_empty(), "{:?}", op.notes);
        let op = with("[{ h: [] }, { k: [] }, { b: [] }]");
        assert_eq!(op.endpoint.auth.unwrap().bearer.as_deref(), Some("{ACCESS_TOKEN}"));
        assert_eq!(
            op.notes,
            [
                "security: the samples authenticate with `b`, not with `h` (`h` is HTTP `hoba` authentication, which \
                 apiglot cannot send)",
                "security: the samples authenticate with `b`, not with `k` (`k` is an API key without a `name`, or \
                 not in a header, the query or a cookie, which apiglot cannot send)",
            ]
        );
        let missing = "openapi: 3.1.0\npaths:\n  /p:\n    get: { security: [{ nope: [] }], responses: {} }\n";
        let message = import(missing).unwrap_err().to_string();
        assert!(message.contains("#/paths/~1p/get/security/0: security scheme `nope` is not defined"), "{message}");
    }
}
