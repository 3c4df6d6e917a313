//! Reads a Java OkHttp 3 sample back into its request (tree-sitter-java), with the walker
//! and literal decoding of the Unirest reader (`java::reader`): the
//! `new Request.Builder().url(url).method(verb, body).addHeader(..).build()` chain and the
//! `RequestBody` it sends.
//!
//! Bodies: `RequestBody.create(MediaType.parse(type), content)` (OkHttp 3's order, or 4's
//! `create(content, type)`) from a string, its `getBytes(...)` or a `File`;
//! `new FormBody.Builder().add(n, v)...build()`; `new MultipartBody.Builder()
//! .addFormDataPart(...)...build()`. The body's media type is the request's content type.
//! Basic credentials from `Credentials.basic(user, password)` in an `authorization` header.

use tree_sitter::Node;

use crate::parse::{text, Analysis, ParsedPart, ParsedRequest};
use crate::targets::java::reader::{analyze_with, arguments, client_string, named, Eval};

/// Bounds recursion through variable chains (`a = b; b = a`).
const MAX_DEPTH: usize = 100;
/// What OkHttp labels a `FormBody` with.
const FORM: &str = "application/x-www-form-urlencoded";

pub fn analyze(code: &str) -> Analysis {
    analyze_with(code, builder)
}

/// The name of a called method.
fn name<'a>(eval: &Eval<'a>, call: Node) -> &'a str {
    call.child_by_field_name("name").map(|n| text(n, eval.code)).unwrap_or_default()
}

/// The calls of a chain ending at `outer`, innermost first, and what the innermost is called on.
fn links<'a>(outer: Node<'a>) -> (Vec<Node<'a>>, Option<Node<'a>>) {
    let mut links = vec![outer];
    while let Some(inner) =
        links.last().and_then(|l| l.child_by_field_name("object")).filter(|o| o.kind() == "method_invocation")
    {
        links.push(inner);
    }
    links.reverse();
    let root = links[0].child_by_field_name("object");
    (links, root)
}

/// Is `node` `new <type>()` of a type named `Request.Builder` (or `Builder` of `owner`)?
fn is_new(eval: &Eval, node: Option<Node>, owner: &str) -> bool {
    node.filter(|n| n.kind() == "object_creation_expression")
        .and_then(|n| n.child_by_field_name("type"))
        .is_some_and(|t| text(t, eval.code).trim_start_matches("okhttp3.") == format!("{owner}.Builder"))
}

/// Reads `new Request.Builder()...build()` ending at `outer`.
fn builder(eval: &Eval, outer: Node, request: &mut ParsedRequest) {
    let (links, root) = links(outer);
    if outer.kind() != "method_invocation" || !is_new(eval, root, "Request") {
        return;
    }
    let mut method = "GET".to_string();
    let mut content = None;
    for link in &links {
        let args = arguments(*link);
        let arg = |i: usize| args.get(i).and_then(|a| string(eval, *a, 0));
        match name(eval, *link) {
            "url" => request.url = arg(0),
            "addHeader" => request.headers.extend(arg(0).zip(arg(1))),
            "header" => {
                if let (Some(n), Some(v)) = (arg(0), arg(1)) {
                    request.headers.retain(|(h, _)| !h.eq_ignore_ascii_case(&n));
                    request.headers.push((n, v));
                }
            }
            "get" => method = "GET".into(),
            "head" => method = "HEAD".into(),
            verb @ ("post" | "put" | "patch" | "delete") => {
                method = verb.to_uppercase();
                content = args.first().copied();
            }
            "method" => {
                method = arg(0).unwrap_or_default();
                content = args.get(1).copied();
            }
            _ => {}
        }
    }
    if let Some(content) = content {
        body(eval, content, request);
    }
    request.method = Some(method);
    request.basic = request.basic_in_header();
}

/// The node a variable stands for, through variables and parentheses.
fn resolved<'a>(eval: &Eval<'a>, node: Node<'a>, depth: usize) -> Option<Node<'a>> {
    match node.kind() {
        _ if depth > MAX_DEPTH => None,
        "identifier" => resolved(eval, *eval.vars.get(text(node, eval.code))?, depth + 1),
        "parenthesized_expression" => resolved(eval, *named(node).first()?, depth + 1),
        _ => Some(node),
    }
}

/// What a `RequestBody` is made of.
enum Content {
    Text(String),
    File(String),
}

/// `RequestBody.create(type, content)` (or `create(content, type)`): its media type and content.
fn created(eval: &Eval, node: Node) -> Option<(Option<String>, Option<Content>)> {
    let node = resolved(eval, node, 0)?;
    let on_body = node.child_by_field_name("object").is_some_and(|o| text(o, eval.code).ends_with("RequestBody"));
    (node.kind() == "method_invocation" && name(eval, node) == "create" && on_body).then_some(())?;
    let args = arguments(node);
    let is_type =
        |n: &Node| resolved(eval, *n, 0).is_some_and(|n| n.kind() == "null_literal" || name(eval, n) == "parse");
    let (kind, content) = match args.as_slice() {
        [a, b] if is_type(a) => (*a, *b),
        [a, b] if is_type(b) => (*b, *a),
        _ => return None,
    };
    let kind = resolved(eval, kind, 0)
        .filter(|k| k.kind() == "method_invocation")
        .and_then(|k| arguments(k).first().copied())
        .and_then(|t| string(eval, t, 0));
    let content = resolved(eval, content, 0)?;
    let bytes_of = (content.kind() == "method_invocation" && name(eval, content) == "getBytes")
        .then(|| content.child_by_field_name("object"))
        .flatten();
    let read = match bytes_of {
        Some(s) => string(eval, s, 0).map(Content::Text),
        None if content.kind() == "object_creation_expression" => eval.file(content, 0).map(Content::File),
        None if content.kind() == "array_creation_expression" => None,
        None => string(eval, content, 0).map(Content::Text),
    };
    Some((kind, read))
}

/// What the body the request sends is: created, a form or a multipart body.
fn body(eval: &Eval, node: Node, request: &mut ParsedRequest) {
    let Some(node) = resolved(eval, node, 0) else { return };
    if node.kind() == "method_invocation" && name(eval, node) == "build" {
        let (links, root) = links(node);
        if is_new(eval, root, "FormBody") {
            let mut fields = Vec::new();
            for link in &links {
                let args = arguments(*link);
                if matches!(name(eval, *link), "add" | "addEncoded") {
                    let arg = |i: usize| args.get(i).and_then(|a| string(eval, *a, 0));
                    fields.extend(arg(0).zip(arg(1)));
                }
            }
            request.form = Some(fields);
            request.body_defaults_to(FORM);
        } else if is_new(eval, root, "MultipartBody") {
            let mut parts = Vec::new();
            for link in &links {
                let args = arguments(*link);
                if name(eval, *link) == "addFormDataPart" {
                    let arg = |i: usize| args.get(i).and_then(|a| string(eval, *a, 0));
                    let mut part = ParsedPart { name: arg(0).unwrap_or_default(), ..Default::default() };
                    match args.len() {
                        2 => part.value = arg(1),
                        _ => {
                            part.filename = arg(1);
                            if let Some((kind, content)) = args.get(2).and_then(|c| created(eval, *c)) {
                                part.content_type = kind;
                                match content {
                                    Some(Content::File(path)) => part.file = Some(path),
                                    Some(Content::Text(t)) => part.value = Some(t),
                                    None => {}
                                }
                            }
                        }
                    }
                    parts.push(part);
                }
            }
            request.parts = Some(parts);
            request.body_defaults_to("multipart/form-data");
        }
        return;
    }
    let Some((kind, content)) = created(eval, node) else { return };
    match content {
        Some(Content::Text(t)) if !t.is_empty() || kind.is_some() => request.body = Some(t),
        Some(Content::File(path)) => request.file = Some(path),
        _ => {}
    }
    if let Some(kind) = kind.filter(|_| request.has_body()) {
        request.headers.insert(0, ("content-type".into(), kind));
    }
}

/// The text an expression stands for: literals and variables (as the Unirest reader reads
/// them), `a + b`, and `Credentials.basic(user, password)` as the header value it makes.
fn string(eval: &Eval, node: Node, depth: usize) -> Option<String> {
    client_string(eval, node, depth, basic_call, None)
}

/// `Credentials.basic(user, password)` as the header value it makes.
fn basic_call(eval: &Eval, node: Node, depth: usize) -> Option<String> {
    use base64::Engine as _;
    let object = text(node.child_by_field_name("object")?, eval.code);
    (name(eval, node) == "basic" && object.ends_with("Credentials")).then_some(())?;
    let args = arguments(node);
    let user = string(eval, *args.first()?, depth + 1)?;
    let password = string(eval, *args.get(1)?, depth + 1)?;
    Some(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing;

    #[test]
    fn reads_the_builder_chain_and_its_body() {
        let code = "OkHttpClient client = new OkHttpClient();\nString base = \"https://h.example\";\n\
            RequestBody body = RequestBody.create(MediaType.parse(\"application/json\"), \"{\\\"a\\\": 1}\".getBytes(StandardCharsets.UTF_8));\n\
            Request request = new Request.Builder()\n    .url(base + \"/a?q=1\")\n    .method(\"PATCH\", body)\n    \
            .addHeader(\"x-a\", \"1\")\n    .header(\"X-A\", \"4\")\n    .addHeader(\"authorization\", Credentials.basic(\"u\", \"p:w\"))\n    .build();\n\
            try (Response response = client.newCall(request).execute()) {\n    System.out.println(response.body().string());\n}\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("https://h.example/a?q=1"));
        let pair = |n: &str, v: &str| (n.to_string(), v.to_string());
        assert_eq!(
            a.request.headers,
            vec![pair("content-type", "application/json"), pair("X-A", "4"), pair("authorization", "Basic dTpwOnc=")]
        );
        assert_eq!(a.request.basic, Some(("u".into(), "p:w".into())));
        assert_eq!(a.request.body.as_deref(), Some("{\"a\": 1}"));
        // OkHttp 4's argument order, and a file body.
        let four = analyze("Request r = new Request.Builder().url(\"u\").post(RequestBody.create(new File(\"a b.bin\"), MediaType.parse(\"image/png\"))).build();");
        assert_eq!((four.request.method.as_deref(), four.request.file.as_deref()), (Some("POST"), Some("a b.bin")));
        assert_eq!(four.request.headers, vec![pair("content-type", "image/png")]);
        let get = analyze("Request r = new Request.Builder().url(\"https://h/g\").build();");
        assert_eq!((get.request.method.as_deref(), get.request.url.as_deref()), (Some("GET"), Some("https://h/g")));
    }

    #[test]
    fn reads_forms_and_multipart_bodies_as_built() {
        let (_, code) = testing::render("java-okhttp", testing::HOSTILE_KINDS[0]);
        assert!(code.contains("new FormBody.Builder()"), "{code}");
        let a = analyze(&code);
        assert_eq!(a.request.form.as_ref().map(Vec::len), Some(3));
        let code = "RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)\n\
            .addFormDataPart(\"a\", \"v\")\n\
            .addFormDataPart(\"f\", \"x.png\", RequestBody.create(MediaType.parse(\"image/png\"), new File(\"d.png\")))\n.build();\n\
            Request request = new Request.Builder().url(\"u\").post(body).build();\n";
        let a = analyze(code);
        assert_eq!(
            a.request.parts,
            Some(vec![
                ParsedPart { name: "a".into(), value: Some("v".into()), ..Default::default() },
                testing::file_part("f", "d.png", "x.png", "image/png"),
            ])
        );
        assert_eq!(a.request.implicit_headers, vec![("content-type".to_string(), "multipart/form-data".to_string())]);
    }

    #[test]
    fn reports_certificate_checks_turned_off() {
        let code = "OkHttpClient client = new OkHttpClient.Builder().hostnameVerifier((h, s) -> true).build();\n";
        assert_eq!(testing::kinds(&analyze(code)), vec![crate::parse::IssueKind::Security]);
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("String a = b; String b = a; new Request.Builder().url(a).method(b, a).build();");
        analyze("RequestBody x = RequestBody.create(x, x); new Request.Builder().post(x).build();");
    }
}
