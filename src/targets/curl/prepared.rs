//! The values of a request that curl's built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::Context;

use crate::lang;
use crate::request::Request;
use crate::targets::prepared::{put, body_literal, listed_header_lines};

/// Puts into `context` the values of `request` this target's built-in template uses.
pub fn insert(context: &mut Context, request: &Request) {
    let body = request.body.as_ref();
    put(context, "curl_url", lang::shell(&request.url));
    // Each listed header as a `--header` option on a continued line of its own.
    let mut headers = String::new();
    for header in listed_header_lines(request, lang::shell) {
        headers.push_str(" \\\n  --header ");
        headers.push_str(&header);
    }
    put(context, "curl_headers", headers);
    if let Some(body) = body {
        put(context, "curl_body", body_literal(body, lang::shell, lang::shell_lines));
    }
}
