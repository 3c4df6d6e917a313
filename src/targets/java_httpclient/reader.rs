//! Reads a Java `java.net.http.HttpClient` sample back into its request (tree-sitter-java),
//! with the walker and literal decoding of the Unirest reader (`java::reader`): the
//! `HttpRequest.newBuilder(URI.create(url)).header(..).method(..).build()` chain and its body
//! publisher, and certificate checks replaced or turned off.
//!
//! Bodies: `ofString(text)`, `ofFile(path)`, a form urlencoded from a `String[][]` of name
//! and value pairs joined by a `StringJoiner`, and a multipart body written part by part into
//! the list given to `ofByteArrays` (strings and `Files.readAllBytes(path)`), read back by its
//! boundary. Basic credentials as the `authorization` header the sample builds with
//! `Base64.getEncoder().encodeToString(...)`.
//!
//! Not read: a body built otherwise (`ofByteArray`, an `InputStream` supplier).

use tree_sitter::Node;

use crate::parse::{descendants, text, Analysis, ParsedPart, ParsedRequest};
use crate::targets::java::reader::{analyze_with, arguments, client_string, named, Eval};

/// Bounds recursion through variable chains (`a = b; b = a`).
const MAX_DEPTH: usize = 100;
/// Stands for a value the sample computes when it runs (a multipart boundary), around its
/// variable's name: no text of a request holds it.
const UNKNOWN: char = '\u{0}';
/// Stands for a file's bytes in a multipart body, around the file's index.
const FILE: char = '\u{2}';

pub fn analyze(code: &str) -> Analysis {
    analyze_with(code, builder)
}

/// One piece of the body a sample writes into the list of `ofByteArrays`.
enum Piece {
    Text(String),
    File(String),
}

/// Reads `HttpRequest.newBuilder(uri)...` (or `.newBuilder().uri(uri)`) ending at `outer`.
fn builder(eval: &Eval, outer: Node, request: &mut ParsedRequest) {
    let mut links = vec![outer];
    while let Some(inner) =
        links.last().and_then(|l| l.child_by_field_name("object")).filter(|o| o.kind() == "method_invocation")
    {
        links.push(inner);
    }
    links.reverse();
    let root = links[0];
    let name = |n: Node| n.child_by_field_name("name").map(|n| text(n, eval.code)).unwrap_or_default();
    let on_request = root.child_by_field_name("object").is_some_and(|o| text(o, eval.code).ends_with("HttpRequest"));
    if name(root) != "newBuilder" || !on_request {
        return;
    }
    let mut method = "GET".to_string();
    request.url = arguments(root).first().and_then(|u| uri(eval, *u));
    for link in &links[1..] {
        let args = arguments(*link);
        let arg = |i: usize| args.get(i).and_then(|a| string(eval, *a, 0));
        match name(*link) {
            "uri" => request.url = args.first().and_then(|u| uri(eval, *u)),
            "header" => request.headers.extend(arg(0).zip(arg(1))),
            "setHeader" => {
                if let (Some(n), Some(v)) = (arg(0), arg(1)) {
                    request.headers.retain(|(h, _)| !h.eq_ignore_ascii_case(&n));
                    request.headers.push((n, v));
                }
            }
            "headers" => {
                let values: Vec<Option<String>> = (0..args.len()).map(arg).collect();
                request.headers.extend(values.chunks(2).filter_map(|p| p[0].clone().zip(p.get(1).cloned()?)));
            }
            verb @ ("GET" | "DELETE") => method = verb.to_string(),
            verb @ ("POST" | "PUT") => {
                method = verb.to_string();
                if let Some(publisher) = args.first() {
                    body(eval, *publisher, request);
                }
            }
            "method" => {
                method = arg(0).unwrap_or_default();
                if let Some(publisher) = args.get(1) {
                    body(eval, *publisher, request);
                }
            }
            _ => {}
        }
    }
    request.method = Some(method);
    request.basic = request.basic_in_header();
}

/// `URI.create(s)` or `new URI(s)`.
fn uri(eval: &Eval, node: Node) -> Option<String> {
    let node = resolved(eval, node, 0)?;
    let first = *arguments(node).first()?;
    match node.kind() {
        "method_invocation" if node.child_by_field_name("name").is_some_and(|n| text(n, eval.code) == "create") => {
            string(eval, first, 0)
        }
        "object_creation_expression" => string(eval, first, 0),
        _ => None,
    }
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

/// What a body publisher sends: `BodyPublishers.ofString(s)`, `ofFile(path)`,
/// `ofByteArrays(list)`; `noBody()` sends nothing.
fn body(eval: &Eval, publisher: Node, request: &mut ParsedRequest) {
    let Some(publisher) = resolved(eval, publisher, 0) else { return };
    let Some(first) = arguments(publisher).first().copied() else { return };
    match publisher.child_by_field_name("name").map(|n| text(n, eval.code)) {
        Some("ofString") => match joined_form(eval, first) {
            Some(fields) => request.form = Some(fields),
            None => request.body = string(eval, first, 0),
        },
        Some("ofFile") => request.file = eval.file(first, 0),
        Some("ofByteArrays") => request.parts = multipart(eval, first),
        _ => {}
    }
}

/// `form.toString()` of a `StringJoiner` filled in a loop over a `String[][]` of pairs: the
/// pairs.
fn joined_form(eval: &Eval, node: Node) -> Option<Vec<(String, String)>> {
    let joiner = node.child_by_field_name("object").filter(|o| o.kind() == "identifier")?;
    (node.kind() == "method_invocation"
        && node.child_by_field_name("name").is_some_and(|n| text(n, eval.code) == "toString"))
    .then_some(())?;
    let joiner = text(joiner, eval.code);
    let root = std::iter::successors(Some(node), |n| n.parent()).last()?;
    let adds = format!("{joiner}.add(");
    let fields = descendants(root).into_iter().find_map(|n| {
        (n.kind() == "enhanced_for_statement"
            && n.child_by_field_name("body").is_some_and(|b| text(b, eval.code).contains(&adds)))
        .then(|| n.child_by_field_name("value"))
        .flatten()
    })?;
    let mut value = resolved(eval, fields, 0)?;
    if value.kind() == "array_creation_expression" {
        value = value.child_by_field_name("value")?;
    }
    (value.kind() == "array_initializer").then_some(())?;
    named(value)
        .into_iter()
        .map(|pair| match named(pair).as_slice() {
            [n, v] if pair.kind() == "array_initializer" => Some((string(eval, *n, 0)?, string(eval, *v, 0)?)),
            _ => None,
        })
        .collect()
}

/// The parts of the multipart body a sample adds to `list` (`list.add(...)`, in order), read
/// by the boundary its first line gives.
fn multipart(eval: &Eval, list: Node) -> Option<Vec<ParsedPart>> {
    (list.kind() == "identifier").then_some(())?;
    let name = text(list, eval.code);
    let root = std::iter::successors(Some(list), |n| n.parent()).last()?;
    let mut pieces = Vec::new();
    for call in descendants(root) {
        let is_add = call.kind() == "method_invocation"
            && call.child_by_field_name("name").is_some_and(|n| text(n, eval.code) == "add")
            && call.child_by_field_name("object").is_some_and(|o| text(o, eval.code) == name);
        if !is_add {
            continue;
        }
        let arg = *arguments(call).first()?;
        let bytes_of = (arg.kind() == "method_invocation"
            && arg.child_by_field_name("name").is_some_and(|n| text(n, eval.code) == "getBytes"))
        .then(|| arg.child_by_field_name("object"))
        .flatten();
        pieces.push(match bytes_of {
            Some(object) => Piece::Text(string(eval, object, 0)?),
            None => Piece::File(eval.file(arg, 0)?),
        });
    }
    let mut files = Vec::new();
    let mut whole = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => whole.push_str(&t),
            Piece::File(path) => {
                whole.push_str(&format!("{FILE}{}{FILE}", files.len()));
                files.push(path);
            }
        }
    }
    crate::parse::multipart::parts(&whole, &files, FILE)
}

/// The text an expression stands for: literals and variables (as the Unirest reader reads
/// them), `a + b`, `Base64.getEncoder().encodeToString(s.getBytes(...))`, and a variable the
/// sample computes when it runs (a boundary) as its [`UNKNOWN`]-marked name.
fn string(eval: &Eval, node: Node, depth: usize) -> Option<String> {
    client_string(eval, node, depth, base64_call, Some(|name| format!("{UNKNOWN}{name}{UNKNOWN}")))
}

/// `Base64.getEncoder().encodeToString(s.getBytes(...))` as the text it makes.
fn base64_call(eval: &Eval, node: Node, depth: usize) -> Option<String> {
    use base64::Engine as _;
    let code = eval.code;
    let name = text(node.child_by_field_name("name")?, code);
    let object = text(node.child_by_field_name("object")?, code);
    (name == "encodeToString" && object.ends_with("getEncoder()")).then_some(())?;
    let bytes = *arguments(node).first()?;
    let getbytes = bytes.child_by_field_name("name").is_some_and(|n| text(n, code) == "getBytes");
    (bytes.kind() == "method_invocation" && getbytes).then_some(())?;
    let plain = string(eval, bytes.child_by_field_name("object")?, depth + 1)?;
    Some(base64::engine::general_purpose::STANDARD.encode(plain))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::{self, kinds};
    use crate::parse::IssueKind;

    #[test]
    fn reads_the_builder_chain_and_its_publishers() {
        let code = "HttpClient client = HttpClient.newHttpClient();\nString base = \"https://h.example\";\n\
            HttpRequest request = HttpRequest.newBuilder()\n    .uri(URI.create(base + \"/a?q=1\"))\n    .header(\"x-a\", \"1\")\n    \
            .headers(\"x-b\", \"2\", \"x-c\", \"3\")\n    .setHeader(\"X-A\", \"4\")\n    .header(\"authorization\", \"Basic \" + Base64.getEncoder().encodeToString((\"u\" + \":\" + \"p:w\").getBytes(StandardCharsets.UTF_8)))\n    \
            .method(\"PATCH\", BodyPublishers.ofString(\"{\\\"a\\\": 1}\"))\n    .build();\n\
            HttpResponse<String> response = client.send(request, BodyHandlers.ofString());\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("https://h.example/a?q=1"));
        let pair = |n: &str, v: &str| (n.to_string(), v.to_string());
        assert_eq!(
            a.request.headers,
            vec![pair("x-b", "2"), pair("x-c", "3"), pair("X-A", "4"), pair("authorization", "Basic dTpwOnc=")]
        );
        assert_eq!(a.request.body.as_deref(), Some("{\"a\": 1}"));
        assert!(a.request.implicit_headers.is_empty());

        let get = analyze("var r = HttpRequest.newBuilder(new URI(\"https://h/g\")).build();");
        assert_eq!((get.request.method.as_deref(), get.request.url.as_deref()), (Some("GET"), Some("https://h/g")));
        let file = analyze("var r = HttpRequest.newBuilder(URI.create(\"u\")).PUT(BodyPublishers.ofFile(Path.of(\"a b.bin\"))).build();");
        assert_eq!((file.request.method.as_deref(), file.request.file.as_deref()), (Some("PUT"), Some("a b.bin")));
    }

    #[test]
    fn reads_forms_and_multipart_bodies_as_written() {
        let (_, code) = testing::render("java-httpclient", testing::HOSTILE_KINDS[0]);
        assert!(code.contains("String[][] fields") && code.contains("form.toString()"), "{code}");
        let a = analyze(&code);
        assert_eq!(a.request.form.as_ref().map(Vec::len), Some(3));
        // A multipart body written by hand reads back part by part, the boundary unknown.
        let broken = "String boundary = UUID.randomUUID().toString();\nList<byte[]> body = new ArrayList<>();\n\
            body.add((\"--\" + boundary + \"\\r\\nContent-Disposition: form-data; name=\\\"a\\\"\\r\\n\\r\\nv\\r\\n\").getBytes(UTF_8));\n\
            body.add((\"--\" + boundary + \"\\r\\nContent-Disposition: form-data; name=\\\"f\\\"; filename=\\\"x.png\\\"\\r\\nContent-Type: image/png\\r\\n\\r\\n\").getBytes(UTF_8));\n\
            body.add(Files.readAllBytes(Path.of(\"d.png\")));\nbody.add(\"\\r\\n\".getBytes(UTF_8));\nbody.add((\"--\" + boundary + \"--\\r\\n\").getBytes(UTF_8));\n\
            var r = HttpRequest.newBuilder(URI.create(\"u\")).header(\"content-type\", \"multipart/form-data; boundary=\" + boundary).POST(BodyPublishers.ofByteArrays(body)).build();\n";
        let a = analyze(broken);
        assert_eq!(
            a.request.parts,
            Some(vec![
                ParsedPart { name: "a".into(), value: Some("v".into()), ..Default::default() },
                testing::file_part("f", "d.png", "x.png", "image/png"),
            ])
        );
        let header = &a.request.headers[0].1;
        assert!(header.starts_with("multipart/form-data; boundary=\u{0}boundary"), "{header:?}");
    }

    #[test]
    fn reports_certificate_checks_turned_off() {
        let code = "SSLContext ssl = SSLContext.getInstance(\"TLS\");\nssl.init(null, new TrustManager[] { new X509TrustManager() {\n  \
            public void checkServerTrusted(X509Certificate[] c, String a) {}\n} }, null);\n\
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();\n";
        assert_eq!(kinds(&analyze(code)), vec![IssueKind::Security]);
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("String a = b; String b = a; HttpRequest.newBuilder(URI.create(a)).method(b, BodyPublishers.ofByteArrays(a)).build();");
        analyze("List<byte[]> l = x; l.add(l); HttpRequest.newBuilder().POST(BodyPublishers.ofByteArrays(l));");
    }
}
