//! The values of a request that Python's built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::{Context, Value};

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
    // The headers stay a loop in the template (basic credentials go among them), each
    // as `[name, name literal, value literal]`: a list costs less than a map.
    let headers: Vec<Value> = request
        .headers
        .iter()
        .map(|h| {
            Value::from(vec![
                Value::from(h.name.as_str()),
                lang::python(&h.name, '\'').into(),
                py(&h.value).into(),
            ])
        })
        .collect();
    context.insert_value("python_headers", Value::from(headers));
    if let Some(body) = body {
        put(context, "python_body", body_literal(body, py, lang::python_lines));
    }
}
