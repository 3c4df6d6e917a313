//! The values of a request that Node's built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::Context;

use crate::lang;
use crate::request::Request;
use crate::targets::prepared::{put, header_object};

/// Puts into `context` the values of `request` this target's built-in template uses.
pub fn insert(context: &mut Context, request: &Request) {
    let body = request.body.as_ref();
    let js = |s: &str| lang::javascript(s, '\'');
    put(context, "node_url", js(&request.url));
    put(context, "node_method", js(&request.method));
    if !request.headers.is_empty() {
        put(context, "node_headers", lang::javascript_value(&header_object(request), 2));
    }
    if let Some(body) = body {
        let data = if body.format == "text" || body.kind == "scalar" {
            js(&body.text)
        } else {
            lang::javascript_value(&body.json, 2)
        };
        put(context, "node_body", data);
    }
}
