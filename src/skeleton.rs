//! `apiglot new endpoint`: an endpoint file with the facts given and every message it needs as
//! a stub in every locale, so that the project builds at once and translators see the new work.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::{load, messages, request};

/// What `apiglot new endpoint` was told.
#[derive(Debug, Clone)]
pub struct NewEndpoint {
    pub id: String,
    pub method: String,
    /// The path, placeholders in capitals (`/api/v1/widgets/{WIDGET_ID}`).
    pub path: String,
    /// The guide it belongs to; its own guide (named like the id) when `None`.
    pub guide: Option<String>,
    /// The server; the one the project's endpoints share, else `https://` and the host
    /// placeholder.
    pub server: Option<String>,
}

/// What was written: the endpoint file and each stub's locale and id.
pub struct Written {
    pub endpoint: PathBuf,
    pub stubs: Vec<messages::Stub>,
    pub files: Vec<PathBuf>,
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Writes the skeleton of `new` into the project at `root`, with its stubs; all or nothing.
pub fn new_endpoint(root: &Path, new: &NewEndpoint) -> Result<Written> {
    let mut project = load::project(root)?;
    let usage = |message: String, help: &str| Error::project(root.join("endpoints"), message, help.to_string());
    let slug = |s: &str| {
        !s.is_empty()
            && !s.starts_with('-')
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    for (what, value) in [("id", Some(&new.id)), ("guide", new.guide.as_ref())] {
        if let Some(value) = value.filter(|v| !slug(v)) {
            return Err(usage(
                format!("{what} `{value}` is not a safe file name"),
                "use lower-case letters, digits and `-` only (it names files under endpoints/ and out/), e.g. create-widget",
            ));
        }
    }
    let method = new.method.to_ascii_uppercase();
    if !METHODS.contains(&method.as_str()) {
        return Err(usage(
            format!("`{}` is not an HTTP method", new.method),
            "use one of GET, POST, PUT, PATCH, DELETE",
        ));
    }
    if !new.path.starts_with('/') {
        return Err(usage(
            format!("path `{}` does not start with `/`", new.path),
            "write the path from the server's root, e.g. /api/v1/widgets",
        ));
    }
    let mut placeholders = Vec::new();
    let mut rest = new.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        if !request::is_placeholder_name(name) {
            return Err(usage(
                format!("`{{{name}}}` in the path is not a placeholder name"),
                "write placeholders in capitals, digits and `_`, e.g. /api/v1/widgets/{WIDGET_ID}",
            ));
        }
        if !placeholders.iter().any(|p| p == name) {
            placeholders.push(name.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    if let Some(taken) = project.endpoints.iter().find(|e| e.endpoint.id == new.id) {
        return Err(usage(
            format!("endpoint id `{}` is already used by {}", new.id, taken.path.display()),
            "choose another id",
        ));
    }
    let path = root.join("endpoints").join(format!("{}.yaml", new.id));
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(usage(format!("{} already exists", path.display()), "choose another id, or edit that file"));
    }
    let server = new.server.clone().unwrap_or_else(|| shared_server(&project));
    let guide = new.guide.clone().unwrap_or_else(|| new.id.clone());
    let text = endpoint_yaml(&new.id, &guide, &method, &server, &new.path, &placeholders);
    // The file is read back as any endpoint file is: an id or guide it refuses is refused here.
    let file = load::parse_endpoint(&path, text.clone())?;
    project.endpoints.push(file);
    let survey = messages::survey_project(project, Vec::new())?;
    let stubs = messages::missing_stubs(&survey, &[]);
    let mut writes: Vec<(PathBuf, Vec<u8>)> = vec![(path.clone(), text.into_bytes())];
    writes.extend(messages::stub_files(&stubs)?);
    let borrowed: Vec<(PathBuf, &[u8])> = writes.iter().map(|(p, b)| (p.clone(), b.as_slice())).collect();
    let files = crate::fsutil::write_all_or_nothing(&borrowed)?;
    Ok(Written { endpoint: path, stubs, files })
}

/// The server every endpoint of the project names, else the host placeholder's.
fn shared_server(project: &load::Project) -> String {
    let mut servers: Vec<&str> = project.endpoints.iter().map(|e| e.endpoint.server.as_str()).collect();
    servers.sort();
    servers.dedup();
    match servers.as_slice() {
        [one] => one.to_string(),
        _ => format!("https://{}", project.config.host_placeholder),
    }
}

/// A message id for placeholder `name` of endpoint `id`: `ORG_ID` of `get-org` is `get-org-org-id`.
fn placeholder_message(id: &str, name: &str) -> String {
    format!("{id}-{}", name.to_ascii_lowercase().replace('_', "-"))
}

/// The endpoint file: every value quoted as a YAML double-quoted scalar (JSON's escapes are
/// YAML's), so any path reads back as written.
fn endpoint_yaml(id: &str, guide: &str, method: &str, server: &str, path: &str, placeholders: &[String]) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string serializes");
    let mut y = String::new();
    y.push_str("# Written by `apiglot new endpoint`: add the query, headers, auth and body the request\n");
    y.push_str("# sends, and the responses it answers (`apiglot schema` prints the format). Every text is\n");
    y.push_str("# a message id; `apiglot messages` lists the stubs to write in each locale.\n");
    y.push_str(&format!("id: {id}\nguide: {guide}\nmethod: {method}\nserver: {}\npath: {}\n", q(server), q(path)));
    if !placeholders.is_empty() {
        y.push_str("placeholders:\n");
        for name in placeholders {
            y.push_str(&format!("  - name: {name}\n    description: {}\n", placeholder_message(id, name)));
        }
    }
    y.push_str(&format!("responses:\n  - status: 200\n    message: {id}-response-200\n"));
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skeleton_reads_back_with_any_path() {
        let path = "/a/{ORG_ID}/\"quoted\" \\ #not-a-comment: x";
        let text = endpoint_yaml("get-org", "orgs", "GET", "https://{yourDomain}", path, &["ORG_ID".into()]);
        let file = load::parse_endpoint(Path::new("endpoints/get-org.yaml"), text).unwrap();
        assert_eq!(file.endpoint.path, path);
        assert_eq!(file.endpoint.placeholders[0].description, "get-org-org-id");
        assert_eq!(file.endpoint.responses[0].message, "get-org-response-200");
    }
}
