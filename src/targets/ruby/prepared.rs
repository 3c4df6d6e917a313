//! The values of a request that Ruby's built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::Context;

use crate::lang;
use crate::request::Request;
use crate::targets::prepared::{put, block, line, body_literal, capitalize};

/// Puts into `context` the values of `request` this target's built-in template uses.
pub fn insert(context: &mut Context, request: &Request) {
    let body = request.body.as_ref();
    let form = body.is_some_and(|b| b.format == "form");
    put(context, "ruby_url", lang::ruby(&request.url));
    put(context, "ruby_method", capitalize(&request.method));
    // A form sends its own content type (set_form_data).
    put(
        context,
        "ruby_headers",
        block(request, |h, out| {
            if !(form && h.name == "content-type") {
                line(out, &["request[", &lang::ruby(&h.name), "] = ", &lang::ruby_single(&h.value), "\n"]);
            }
        }),
    );
    if let Some(body) = body {
        put(context, "ruby_body", body_literal(body, lang::ruby, lang::ruby_lines));
    }
}
