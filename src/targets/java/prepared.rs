//! The values of a request that Java's built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::Context;

use crate::lang;
use crate::request::Request;
use crate::targets::prepared::{put, block, line, body_literal};

/// Puts into `context` the values of `request` this target's built-in template uses.
pub fn insert(context: &mut Context, request: &Request) {
    let body = request.body.as_ref();
    put(context, "java_url", lang::java(&request.url));
    put(context, "java_method", request.method.to_lowercase());
    put(
        context,
        "java_headers",
        block(request, |h, out| {
            line(out, &["\n  .header(", &lang::java(&h.name), ", ", &lang::java(&h.value), ")"])
        }),
    );
    if let Some(body) = body {
        put(context, "java_body", body_literal(body, lang::java, lang::java_lines));
    }
}
