//! The values of a request that C#'s built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::Context;

use crate::lang;
use crate::request::Request;
use crate::targets::prepared::{put, block, line, body_literal, capitalize};

/// Puts into `context` the values of `request` this target's built-in template uses.
pub fn insert(context: &mut Context, request: &Request) {
    let body = request.body.as_ref();
    put(context, "csharp_url", lang::csharp(&request.url));
    put(context, "csharp_method", capitalize(&request.method));
    put(
        context,
        "csharp_headers",
        block(request, |h, out| {
            line(
                out,
                &["request.AddHeader(", &lang::csharp(&h.name), ", ", &lang::csharp(&h.value), ");\n"],
            )
        }),
    );
    if let Some(body) = body {
        put(context, "csharp_body", body_literal(body, lang::csharp, lang::csharp_lines));
        let media = body.content_type.split(';').next().unwrap_or("").trim();
        put(context, "csharp_content_type", lang::csharp(media));
    }
}
