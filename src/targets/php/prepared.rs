//! The values of a request that PHP (cURL)'s built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::Context;

use crate::lang;
use crate::request::Request;
use crate::targets::prepared::{put, body_literal, listed_header_lines};

/// Puts into `context` the values of `request` this target's built-in template uses.
pub fn insert(context: &mut Context, request: &Request) {
    let body = request.body.as_ref();
    put(context, "php_url", lang::php(&request.url));
    put(context, "php_method", lang::php(&request.method));
    // The listed headers as the array's items, one per line.
    put(context, "php_headers", listed_header_lines(request, lang::php).join(",\n    "));
    if let Some(body) = body {
        put(context, "php_body", body_literal(body, lang::php, lang::php_lines));
    }
}
