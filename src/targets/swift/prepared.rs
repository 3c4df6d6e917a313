//! The values of a request that Swift's built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::Context;

use crate::lang;
use crate::request::Request;
use crate::targets::prepared::{put, block, line};

/// Puts into `context` the values of `request` this target's built-in template uses.
pub fn insert(context: &mut Context, request: &Request) {
    let body = request.body.as_ref();
    put(context, "swift_url", lang::swift(&request.url));
    put(context, "swift_method", lang::swift(&request.method));
    // The dictionary's entries, separated by commas.
    put(
        context,
        "swift_headers",
        block(request, |h, out| {
            let sep = if out.is_empty() { "" } else { "," };
            line(out, &[sep, "\n  ", &lang::swift(&h.name), ": ", &lang::swift(&h.value)]);
        }),
    );
    if let Some(body) = body {
        // JSON is sent as a native value, other text as it is (no form across lines).
        let literal = if body.format == "json" && body.kind != "scalar" {
            lang::swift_value(&body.json)
        } else {
            lang::swift(&body.text)
        };
        put(context, "swift_body", literal);
    }
}
