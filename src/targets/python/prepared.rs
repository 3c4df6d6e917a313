//! The values of a request that Python's built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::Context;

use crate::lang;
use crate::request::Request;
use crate::targets::prepared::{put, body_literal};

/// Puts into `context` the values of `request` this target's built-in template uses.
pub fn insert(context: &mut Context, request: &Request) {
    let body = request.body.as_ref();
    let py = |s: &str| lang::python(s, '"');
    put(context, "python_host", py(&request.host));
    put(context, "python_method", py(&request.method));
    put(context, "python_path_and_query", py(&request.path_and_query));
    put(context, "python_headers", header_entries(request, py));
    if let Some(body) = body {
        put(context, "python_body", body_literal(body, py, lang::python_lines));
    }
}

/// The entries of the headers dict, one per line: a multipart body's content type first (it
/// names the boundary the sample makes), then the headers in order, with basic credentials as
/// `authorization` after the content type (http.client has no API of its own for them).
fn header_entries(request: &Request, py: impl Fn(&str) -> String) -> String {
    const AUTHORIZATION: &str = "'authorization': \"Basic \" + credentials";
    let mut entries: Vec<String> = Vec::with_capacity(request.headers.len() + 2);
    if request.body.as_ref().is_some_and(|b| b.format == "multipart") {
        entries.push("'content-type': f\"multipart/form-data; boundary={boundary}\"".to_string());
    }
    let mut authorized = request.basic.is_none();
    for h in &request.headers {
        if !authorized && h.name != "content-type" {
            entries.push(AUTHORIZATION.to_string());
            authorized = true;
        }
        entries.push(format!("{}: {}", lang::python(&h.name, '\''), py(&h.value)));
    }
    if !authorized {
        entries.push(AUTHORIZATION.to_string());
    }
    entries.join(",\n    ")
}
