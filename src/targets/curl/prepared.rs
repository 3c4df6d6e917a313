//! The values of a request that curl's built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::Context;

use crate::lang;
use crate::request::Request;
use crate::targets::prepared::{put, body_literal, sorted_lines};

/// Puts into `context` the values of `request` this target's built-in template uses.
pub fn insert(context: &mut Context, request: &Request) {
    let body = request.body.as_ref();
    put(context, "curl_url", lang::shell(&request.url));
    context.insert_value("curl_headers", sorted_lines(request, lang::shell));
    if let Some(body) = body {
        put(context, "curl_body", body_literal(body, lang::shell, lang::shell_lines));
    }
}
