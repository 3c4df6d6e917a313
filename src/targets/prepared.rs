//! What the built-in templates get already written: a request's values as each target's
//! literals, computed once per request in Rust and handed to the sample templates as plain
//! strings (`go_url`, `go_headers`, ...: the target's id, then the value). A filter call in a
//! template costs a value conversion and allocations of its own each time, and a loop over the
//! headers an iteration of the interpreter per header; these cost one string each. Each target
//! that has them writes them in its folder's `prepared.rs` (`SampleTarget::prepare`); what they
//! share is here. Only the chosen targets' values are made, each a variable of its own in its
//! target's context (a map per target would be hashed twice over: once built, once
//! converted). `r` stays as it is, so a project's own templates still read it.

use tera::{Context, Value};

use crate::endpoint::NameValue;
use crate::request::{Request, RequestBody};

pub(crate) fn put(context: &mut Context, key: &'static str, value: String) {
    context.insert_value(key, Value::from(value));
}

/// The header block a template writes as it is: `each` appends a header's line.
pub(crate) fn block(request: &Request, each: impl Fn(&NameValue, &mut String)) -> String {
    let mut out = String::new();
    for h in &request.headers {
        each(h, &mut out);
    }
    out
}

pub(crate) fn line(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
}

/// The body's text as the templates send it: its form across lines where it has one.
pub(crate) fn body_literal(body: &RequestBody, string: impl Fn(&str) -> String, lines: fn(&str) -> String) -> String {
    if body.lines.is_empty() {
        string(&body.text)
    } else {
        lines(&body.lines)
    }
}

/// curl and PHP: the literal of each header line (`name: value`), in name order, less the
/// two each sends by an option of its own: the cookie header when there are cookies, and a
/// form's content type (the client writes it).
pub(crate) fn listed_header_lines(request: &Request, string: fn(&str) -> String) -> Vec<String> {
    let form = request.body.as_ref().is_some_and(|b| b.format == "form");
    let sent_by_an_option =
        |h: &NameValue| (h.name == "cookie" && !request.cookies.is_empty()) || (h.name == "content-type" && form);
    let mut headers: Vec<&NameValue> = request.headers.iter().filter(|h| !sent_by_an_option(h)).collect();
    headers.sort_by(|a, b| a.name.cmp(&b.name));
    let mut text = String::new();
    headers
        .into_iter()
        .map(|h| {
            text.clear();
            line(&mut text, &[&h.name, ": ", &h.value]);
            string(&text)
        })
        .collect()
}

/// The headers as one JSON object, as `r.header_map` holds them (a repeated name keeps its
/// first place and its last value).
pub(crate) fn header_object(request: &Request) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> =
        request.headers.iter().map(|h| (h.name.clone(), serde_json::Value::String(h.value.clone()))).collect();
    serde_json::Value::Object(map)
}

/// Tera's `capitalize`: the first character upper-case, the rest lower-case.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => first.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase(),
    }
}
