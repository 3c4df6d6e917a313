//! Reads a C# `System.Net.Http.HttpClient` sample back into its request (tree-sitter-c-sharp),
//! with the C# string and variable evaluation of the RestSharp reader.
//!
//! Read as HttpClient sends it: an `HttpRequestMessage(method, url)` or a shortcut
//! (`client.PostAsync(url, content)`); headers added to `request.Headers` or the client's
//! `DefaultRequestHeaders`; an `AuthenticationHeaderValue("Basic", base64(UTF-8 of
//! "user:password"))` as basic credentials; the content as its type writes it: `StringContent`
//! (text, labelled `text/plain; charset=utf-8`, or its media type with `; charset=utf-8`,
//! unless the sample sets `Headers.ContentType`), `ByteArrayContent`/`StreamContent` of a file,
//! `FormUrlEncodedContent` over name and value pairs, `MultipartFormDataContent` with its
//! `Add(content, name[, fileName])` parts.
//!
//! Not read: interpolated strings (`$"..."`), `JsonContent`.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::parse::{descendants, parse, syntax_issues, text, Analysis, ParsedPart, ParsedRequest, FORM};
use crate::targets::csharp::reader::{accepts_all, arguments, insecure, named, Eval, MAX_DEPTH};

/// What `new StringContent(text)` labels its text.
const TEXT_UTF8: &str = "text/plain; charset=utf-8";
const VERBS: [&str; 7] = ["Get", "Post", "Put", "Patch", "Delete", "Head", "Options"];

/// An HttpContent as the sample builds it.
enum Content {
    Text(String),
    File(String),
    Form(Vec<(String, String)>),
    /// A `MultipartFormDataContent`: its parts are added to the variable.
    Multipart,
}

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::c_sharp(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new() };
    let mut request = ParsedRequest::default();
    // The content the request sends, and content types set on contents by their owner's text
    // (`content`, `request.Content`) after they were made.
    let mut content: Option<Node> = None;
    let mut types: HashMap<String, String> = HashMap::new();
    // Parts added to each multipart variable, in order.
    let mut parts: HashMap<String, Vec<ParsedPart>> = HashMap::new();
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "variable_declarator" => {
                let name = node.child_by_field_name("name");
                if let (Some(name), Some(value)) = (name, named(node).last().copied().filter(|v| Some(*v) != name)) {
                    eval.vars.insert(text(name, code).to_string(), value);
                }
            }
            "assignment_expression" => {
                let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                else {
                    continue;
                };
                let member = left.child_by_field_name("name").unwrap_or(left);
                let owner = left.child_by_field_name("expression").map(|o| text(o, code)).unwrap_or_default();
                match text(member, code) {
                    "ServerCertificateCustomValidationCallback" => insecure(&mut issues, node),
                    "RemoteCertificateValidationCallback" | "ServerCertificateValidationCallback"
                        if accepts_all(right, code) =>
                    {
                        insecure(&mut issues, node)
                    }
                    "Content" if left.kind() == "member_access_expression" => content = Some(right),
                    "Method" if left.kind() == "member_access_expression" => {
                        request.method = method(&eval, right, 0).or(request.method)
                    }
                    "RequestUri" if left.kind() == "member_access_expression" => {
                        request.url = url(&eval, right, 0).or(request.url)
                    }
                    "Authorization" if owner.ends_with("Headers") => authorization(&eval, right, &mut request),
                    "ContentType" if owner.ends_with(".Headers") => {
                        if let Some(t) = media_type(&eval, right, 0) {
                            types.insert(owner.trim_end_matches(".Headers").to_string(), t);
                        }
                    }
                    _ if left.kind() == "identifier" => {
                        eval.vars.insert(text(left, code).to_string(), right);
                    }
                    _ => {}
                }
            }
            "object_creation_expression"
                if node.child_by_field_name("type").is_some_and(|t| text(t, code) == "HttpRequestMessage") =>
            {
                let args = arguments(node);
                if let Some(m) = args.first().and_then(|a| method(&eval, *a, 0)) {
                    request.method = Some(m);
                }
                if let Some(u) = args.get(1).and_then(|a| url(&eval, *a, 0)) {
                    request.url = Some(u);
                }
            }
            "invocation_expression" => {
                let Some(function) =
                    node.child_by_field_name("function").filter(|f| f.kind() == "member_access_expression")
                else {
                    continue;
                };
                let Some(name) = function.child_by_field_name("name") else { continue };
                let name = text(name, code);
                let owner = function.child_by_field_name("expression");
                let owner_text = owner.map(|o| text(o, code)).unwrap_or_default();
                let args = arguments(node);
                let arg = |i: usize| args.get(i).and_then(|a| eval.string(*a, 0));
                match name {
                    "Add" | "TryAddWithoutValidation" if owner_text.ends_with("Headers") => {
                        let (Some(header), Some(value)) = (arg(0), arg(1)) else { continue };
                        if header.eq_ignore_ascii_case("content-type") {
                            types.insert(owner_text.trim_end_matches(".Headers").to_string(), value);
                        } else {
                            request.headers.push((header, value));
                        }
                    }
                    "Add" if owner.is_some_and(|o| is_multipart(&eval, o, 0)) => {
                        if let Some(part) = part(&eval, &types, &args) {
                            parts.entry(owner_text.to_string()).or_default().push(part);
                        }
                    }
                    verb => {
                        // `client.PostAsync(url, content)`, `client.DeleteAsync(url)`.
                        let verb = verb.strip_suffix("Async").unwrap_or(verb);
                        if let Some(verb) = VERBS.iter().find(|v| **v == verb) {
                            request.method = Some(verb.to_uppercase());
                            request.url = args.first().and_then(|a| url(&eval, *a, 0)).or(request.url.take());
                            content = args.get(1).copied().or(content);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(node) = content {
        let owner = text(node, code);
        let declared = types.get(owner).or_else(|| types.get("request.Content")).cloned();
        let (built, own_type) = content_of(&eval, node, 0).unzip();
        let content_type = declared.or(own_type.flatten());
        match built {
            Some(Content::Text(t)) => request.body = Some(t),
            Some(Content::File(path)) => request.file = Some(path),
            Some(Content::Form(fields)) => request.form = Some(fields),
            Some(Content::Multipart) => {
                let variable = text(unwrap(node), code);
                request.parts = Some(parts.remove(variable).unwrap_or_default())
            }
            None => {}
        }
        match content_type {
            Some(t) => request.headers.insert(0, ("content-type".into(), t)),
            // What each content type labels itself with when the sample sets no type.
            None if request.form.is_some() => request.body_defaults_to(FORM),
            None if request.parts.is_some() => request.body_defaults_to("multipart/form-data"),
            None if request.body.is_some() => request.body_defaults_to(TEXT_UTF8),
            None => {}
        }
    }
    Analysis { request, issues }
}

/// `HttpMethod.Post` or `new HttpMethod("POST")` → `POST`.
fn method(eval: &Eval, node: Node, depth: usize) -> Option<String> {
    let node = unwrap(node);
    if depth > MAX_DEPTH {
        return None;
    }
    match node.kind() {
        "member_access_expression" => {
            let (owner, verb) = text(node, eval.code).rsplit_once('.')?;
            (owner == "HttpMethod" || owner.ends_with(".HttpMethod")).then(|| verb.to_uppercase())
        }
        "object_creation_expression" => Some(eval.string(*arguments(node).first()?, 0)?.to_uppercase()),
        "identifier" => method(eval, *eval.vars.get(text(node, eval.code))?, depth + 1),
        _ => None,
    }
}

/// A URL given as a string or as `new Uri(string)`.
fn url(eval: &Eval, node: Node, depth: usize) -> Option<String> {
    let node = unwrap(node);
    if depth > MAX_DEPTH {
        return None;
    }
    match node.kind() {
        "object_creation_expression" => eval.string(*arguments(node).first()?, 0),
        "identifier" => eval.string(node, 0).or_else(|| url(eval, *eval.vars.get(text(node, eval.code))?, depth + 1)),
        _ => eval.string(node, 0),
    }
}

/// An argument's or parenthesized expression's inner expression.
fn unwrap(node: Node) -> Node {
    match node.kind() {
        "argument" | "parenthesized_expression" => named(node).last().copied().map(unwrap).unwrap_or(node),
        _ => node,
    }
}

/// `new AuthenticationHeaderValue(scheme, parameter)`: basic credentials when the parameter is
/// `Convert.ToBase64String(Encoding.X.GetBytes("user:password"))`, else the header it makes.
fn authorization(eval: &Eval, value: Node, request: &mut ParsedRequest) {
    let value = unwrap(value);
    if value.kind() != "object_creation_expression" {
        return;
    }
    let args = arguments(value);
    let Some(scheme) = args.first().and_then(|a| eval.string(*a, 0)) else { return };
    let Some(parameter) = args.get(1).map(|a| unwrap(*a)) else {
        request.headers.push(("authorization".into(), scheme));
        return;
    };
    let credentials = scheme.eq_ignore_ascii_case("basic").then(|| encoded(eval, parameter, 0)).flatten();
    if let Some((user, password)) = credentials.as_deref().and_then(|c| c.split_once(':')) {
        request.basic = Some((user.to_string(), password.to_string()));
    } else if let Some(parameter) = eval.string(parameter, 0) {
        request.headers.push(("authorization".into(), format!("{scheme} {parameter}")));
    }
}

/// The text of `Convert.ToBase64String(Encoding.UTF8.GetBytes(text))` (or ASCII), through variables.
fn encoded(eval: &Eval, node: Node, depth: usize) -> Option<String> {
    let node = unwrap(node);
    if depth > MAX_DEPTH {
        return None;
    }
    if node.kind() == "identifier" {
        return encoded(eval, *eval.vars.get(text(node, eval.code))?, depth + 1);
    }
    let calls = |node: Node, name: &str| {
        node.kind() == "invocation_expression"
            && node
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("name"))
                .is_some_and(|n| text(n, eval.code) == name)
    };
    let bytes = unwrap(*arguments(node).first().filter(|_| calls(node, "ToBase64String"))?);
    let bytes = match bytes.kind() {
        "identifier" => unwrap(*eval.vars.get(text(bytes, eval.code))?),
        _ => bytes,
    };
    calls(bytes, "GetBytes").then(|| eval.string(*arguments(bytes).first()?, 0)).flatten()
}

/// `MediaTypeHeaderValue.Parse(t)`, `new MediaTypeHeaderValue(t)` or a string → `t`.
fn media_type(eval: &Eval, node: Node, depth: usize) -> Option<String> {
    let node = unwrap(node);
    if depth > MAX_DEPTH {
        return None;
    }
    match node.kind() {
        "invocation_expression" | "object_creation_expression" => eval.string(*arguments(node).first()?, 0),
        "identifier" => {
            eval.string(node, 0).or_else(|| media_type(eval, *eval.vars.get(text(node, eval.code))?, depth + 1))
        }
        _ => eval.string(node, 0),
    }
}

/// Is `node` (a variable) a `new MultipartFormDataContent(...)`?
fn is_multipart(eval: &Eval, node: Node, depth: usize) -> bool {
    let node = unwrap(node);
    match node.kind() {
        _ if depth > MAX_DEPTH => false,
        "identifier" => eval.vars.get(text(node, eval.code)).is_some_and(|v| is_multipart(eval, *v, depth + 1)),
        "object_creation_expression" => {
            node.child_by_field_name("type").is_some_and(|t| text(t, eval.code).ends_with("MultipartFormDataContent"))
        }
        _ => false,
    }
}

/// The content an expression builds, and the content type the sample gives it (in an
/// initializer, or StringContent's media type with the charset it adds).
fn content_of(eval: &Eval, node: Node, depth: usize) -> Option<(Content, Option<String>)> {
    let node = unwrap(node);
    if depth > MAX_DEPTH {
        return None;
    }
    if node.kind() == "identifier" {
        return content_of(eval, *eval.vars.get(text(node, eval.code))?, depth + 1);
    }
    if node.kind() != "object_creation_expression" {
        return None;
    }
    let class = node.child_by_field_name("type").map(|t| text(t, eval.code)).unwrap_or_default();
    let class = class.rsplit('.').next().unwrap_or(class);
    let args = arguments(node);
    // A type set in the initializer: `{ Headers = { ContentType = ... } }`.
    let initialized = node.child_by_field_name("initializer").and_then(|i| {
        descendants(i).into_iter().find_map(|a| {
            let left = a.child_by_field_name("left").filter(|_| a.kind() == "assignment_expression")?;
            (text(left, eval.code) == "ContentType").then(|| media_type(eval, a.child_by_field_name("right")?, 0))?
        })
    });
    let (content, own) = match class {
        "StringContent" => {
            let text = eval.string(*args.first()?, 0)?;
            // With a media type, StringContent adds the encoding's charset (UTF-8 here).
            let own = args.get(2).and_then(|a| media_type(eval, *a, 0)).map(|media| format!("{media}; charset=utf-8"));
            (Content::Text(text), own)
        }
        "ByteArrayContent" | "StreamContent" => (Content::File(eval.file_path(*args.first()?, 0)?), None),
        "FormUrlEncodedContent" => (Content::Form(pairs(eval, *args.first()?, 0)?), None),
        "MultipartFormDataContent" => (Content::Multipart, None),
        _ => return None,
    };
    Some((content, initialized.or(own)))
}

/// Name and value pairs: an array or list of `new KeyValuePair<string, string>(a, b)` (or
/// `KeyValuePair.Create(a, b)`, `new(a, b)`), or a dictionary's `{ a, b }` entries.
fn pairs(eval: &Eval, node: Node, depth: usize) -> Option<Vec<(String, String)>> {
    let node = unwrap(node);
    if depth > MAX_DEPTH {
        return None;
    }
    if node.kind() == "identifier" {
        return pairs(eval, *eval.vars.get(text(node, eval.code))?, depth + 1);
    }
    let initializer = named(node).into_iter().find(|c| c.kind() == "initializer_expression")?;
    named(initializer)
        .into_iter()
        .map(|item| {
            let values = match item.kind() {
                "initializer_expression" => named(item),
                _ => arguments(item),
            };
            Some((eval.string(*values.first()?, 0)?, eval.string(*values.get(1)?, 0)?))
        })
        .collect()
}

/// A multipart `Add(content, name[, fileName])`.
fn part(eval: &Eval, types: &HashMap<String, String>, args: &[Node]) -> Option<ParsedPart> {
    let source = unwrap(*args.first()?);
    let name = eval.string(*args.get(1)?, 0)?;
    let (content, own) = content_of(eval, source, 0)?;
    let content_type = types.get(text(source, eval.code)).cloned().or(own);
    Some(match content {
        Content::Text(value) => ParsedPart { name, value: Some(value), ..Default::default() },
        Content::File(path) => ParsedPart {
            name,
            file: Some(path),
            filename: args.get(2).and_then(|a| eval.string(*a, 0)),
            content_type,
            value: None,
        },
        Content::Form(_) | Content::Multipart => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::kinds;
    use crate::parse::IssueKind;

    #[test]
    fn survives_its_own_broken_input() {
        analyze("var a = b; var b = a; var c = new HttpRequestMessage(a, b); c.Content = a; var m = new MultipartFormDataContent(); m.Add(m, \"x\");");
    }

    /// Other ways to write the same request: shortcuts, `new Uri`, dictionaries, content types
    /// set after the fact, StringContent's own charset, and certificate checks turned off.
    #[test]
    fn reads_other_shapes() {
        let code = "var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (m, c, ch, e) => true };\n\
            var client = new HttpClient(handler);\nclient.DefaultRequestHeaders.Add(\"x-a\", \"1\");\n\
            var form = new Dictionary<string, string> { { \"a\", \"b c\" }, { \"d\", \"e\" } };\n\
            var response = await client.PostAsync(new Uri(\"https://h/x\"), new FormUrlEncodedContent(form));\n";
        let a = analyze(code);
        assert_eq!(kinds(&a), vec![IssueKind::Security]);
        assert_eq!(a.request.method.as_deref(), Some("POST"));
        assert_eq!(a.request.url.as_deref(), Some("https://h/x"));
        assert_eq!(a.request.headers, vec![("x-a".to_string(), "1".to_string())]);
        assert_eq!(a.request.form, Some(vec![("a".into(), "b c".into()), ("d".into(), "e".into())]));
        assert_eq!(a.request.implicit_headers, vec![("content-type".to_string(), FORM.to_string())]);

        let text = analyze("var request = new HttpRequestMessage(new HttpMethod(\"patch\"), \"https://h/y\");\nrequest.Content = new StringContent(\"{}\", Encoding.UTF8, \"application/json\");\n");
        assert_eq!(text.request.method.as_deref(), Some("PATCH"));
        assert_eq!(text.request.headers, vec![("content-type".into(), "application/json; charset=utf-8".into())]);
        let later = analyze("var request = new HttpRequestMessage(HttpMethod.Put, \"https://h/y\");\nvar body = new StreamContent(File.OpenRead(\"a.bin\"));\nbody.Headers.ContentType = new MediaTypeHeaderValue(\"image/png\");\nrequest.Content = body;\nvar token = Convert.ToBase64String(Encoding.ASCII.GetBytes(\"u:p:q\"));\nrequest.Headers.Authorization = new AuthenticationHeaderValue(\"Basic\", token);\n");
        assert_eq!(later.request.file.as_deref(), Some("a.bin"));
        assert_eq!(later.request.headers, vec![("content-type".into(), "image/png".into())]);
        assert_eq!(later.request.basic, Some(("u".into(), "p:q".into())));
        let bearer = analyze("request.Headers.Authorization = new AuthenticationHeaderValue(\"Bearer\", \"t\");");
        assert_eq!(bearer.request.headers, vec![("authorization".into(), "Bearer t".into())]);
    }
}
