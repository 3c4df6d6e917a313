//! The values of a request that Go's built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::Context;

use crate::lang;
use crate::request::Request;
use crate::targets::prepared::{put, block, line, body_literal};

/// Puts into `context` the values of `request` this target's built-in template uses.
pub fn insert(context: &mut Context, request: &Request) {
    let body = request.body.as_ref();
    put(context, "go_url", lang::go(&request.url));
    put(context, "go_method", lang::go(&request.method));
    put(
        context,
        "go_headers",
        block(request, |h, out| {
            line(out, &["\treq.Header.Add(", &lang::go(&h.name), ", ", &lang::go(&h.value), ")\n"])
        }),
    );
    if let Some(body) = body {
        put(context, "go_body", body_literal(body, lang::go, lang::go_lines));
    }
}
