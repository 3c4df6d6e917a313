//! The values of a request that Objective-C's built-in template uses, written as its literals once
//! per request (see `src/targets/prepared.rs`).

use tera::Context;

use crate::lang;
use crate::request::Request;
use crate::targets::prepared::{put, header_object};

/// Puts into `context` the values of `request` this target's built-in template uses.
pub fn insert(context: &mut Context, request: &Request) {
    let body = request.body.as_ref();
    put(context, "objc_url", lang::objc(&request.url));
    put(context, "objc_method", lang::objc(&request.method));
    if !request.headers.is_empty() {
        put(context, "objc_headers", lang::objc_value(&header_object(request), 24));
    }
    if let Some(body) = body {
        let data = match body.kind {
            "object" => lang::objc_value(&body.json, 27),
            "array" => lang::objc_value(&body.json, 22),
            _ => lang::objc(&body.text),
        };
        put(context, "objc_body", data);
    }
}
