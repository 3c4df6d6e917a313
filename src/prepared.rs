//! A request's values already written as each built-in target's literals, computed once per
//! request in Rust and handed to the sample templates as plain strings (`go_url`,
//! `go_headers`, ...: the target's id, then the value). A filter call in a template costs a
//! value conversion and allocations of its own each time, and a loop over the headers an
//! iteration of the interpreter per header; these cost one string each. Only the chosen
//! targets' values are made, each a variable of its own in the context (a map per target would
//! be hashed twice over: once built, once converted). `r` stays as it is, so a project's own
//! templates still read it.

use tera::{Context, Value};

use crate::endpoint::NameValue;
use crate::lang;
use crate::request::{Request, RequestBody};
use crate::targets::SampleTarget;

/// Puts into `context` the values of `request` that the built-in templates of `targets` use.
pub fn insert<'a>(context: &mut Context, request: &Request, targets: impl IntoIterator<Item = &'a SampleTarget>) {
    let body = request.body.as_ref();
    let form = body.is_some_and(|b| b.format == "form");
    for target in targets {
        match target.id {
            "curl" => {
                put(context, "curl_url", lang::shell(&request.url));
                context.insert_value("curl_headers", sorted_lines(request, lang::shell));
                if let Some(body) = body {
                    put(context, "curl_body", body_literal(body, lang::shell, lang::shell_lines));
                }
            }
            "php" => {
                put(context, "php_url", lang::php(&request.url));
                put(context, "php_method", lang::php(&request.method));
                context.insert_value("php_headers", sorted_lines(request, lang::php));
                if let Some(body) = body {
                    put(context, "php_body", body_literal(body, lang::php, lang::php_lines));
                }
            }
            "csharp" => {
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
            "go" => {
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
            "java" => {
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
            "ruby" => {
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
            "swift" => {
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
            "python" => {
                let py = |s: &str| lang::python(s, '"');
                put(context, "python_host", py(&request.host));
                put(context, "python_method", py(&request.method));
                put(context, "python_path_and_query", py(&request.path_and_query));
                // The headers stay a loop in the template (basic credentials go among them), each
                // as `[name, name literal, value literal]`: a list costs less than a map.
                let headers: Vec<Value> = request
                    .headers
                    .iter()
                    .map(|h| {
                        Value::from(vec![
                            Value::from(h.name.as_str()),
                            lang::python(&h.name, '\'').into(),
                            py(&h.value).into(),
                        ])
                    })
                    .collect();
                context.insert_value("python_headers", Value::from(headers));
                if let Some(body) = body {
                    put(context, "python_body", body_literal(body, py, lang::python_lines));
                }
            }
            "node" => {
                let js = |s: &str| lang::javascript(s, '\'');
                put(context, "node_url", js(&request.url));
                put(context, "node_method", js(&request.method));
                if !request.headers.is_empty() {
                    put(context, "node_headers", lang::javascript_value(&header_object(request), 2));
                }
                if let Some(body) = body {
                    let data = if body.format == "text" || body.kind == "scalar" {
                        js(&body.text)
                    } else {
                        lang::javascript_value(&body.json, 2)
                    };
                    put(context, "node_body", data);
                }
            }
            "objc" => {
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
            _ => {}
        }
    }
}

fn put(context: &mut Context, key: &'static str, value: String) {
    context.insert_value(key, Value::from(value));
}

/// The header block a template writes as it is: `each` appends a header's line.
fn block(request: &Request, each: impl Fn(&NameValue, &mut String)) -> String {
    let mut out = String::new();
    for h in &request.headers {
        each(h, &mut out);
    }
    out
}

fn line(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
}

/// The body's text as the templates send it: its form across lines where it has one.
fn body_literal(body: &RequestBody, string: impl Fn(&str) -> String, lines: fn(&str) -> String) -> String {
    if body.lines.is_empty() {
        string(&body.text)
    } else {
        lines(&body.lines)
    }
}

/// curl and PHP: each header as `[name, "name: value" literal]`, in name order (the
/// templates skip some by name).
fn sorted_lines(request: &Request, string: fn(&str) -> String) -> Value {
    let mut headers: Vec<&NameValue> = request.headers.iter().collect();
    headers.sort_by(|a, b| a.name.cmp(&b.name));
    let mut text = String::new();
    let headers: Vec<Value> = headers
        .into_iter()
        .map(|h| {
            text.clear();
            line(&mut text, &[&h.name, ": ", &h.value]);
            Value::from(vec![Value::from(h.name.as_str()), string(&text).into()])
        })
        .collect();
    Value::from(headers)
}

/// The headers as one JSON object, as `r.header_map` holds them (a repeated name keeps its
/// first place and its last value).
fn header_object(request: &Request) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> =
        request.headers.iter().map(|h| (h.name.clone(), serde_json::Value::String(h.value.clone()))).collect();
    serde_json::Value::Object(map)
}

/// Tera's `capitalize`: the first character upper-case, the rest lower-case.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => first.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase(),
    }
}
