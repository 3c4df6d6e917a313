//! Reads a C# RestSharp sample back into its request (tree-sitter-c-sharp), decoding C# string
//! literals, and reports the API RestSharp 107 removed and certificate checks turned off.
//!
//! Bodies are read as RestSharp sends them: `AddParameter` fields of a POST, PUT or PATCH as a
//! urlencoded form (of another method, in the query string); with an `AddFile` or
//! `AlwaysMultipartFormData`, a multipart body of every file first, then the fields;
//! `AddBody(File.ReadAllBytes(path), type)` as the file's bytes; an `HttpBasicAuthenticator`'s
//! user and password as basic credentials.
//!
//! Not read: interpolated strings (`$"..."`).

use std::collections::HashMap;

use serde_json::{Map, Value};
use tree_sitter::Node;

use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest,
};

/// Bounds recursion through variable chains (`a = b; b = a`).
pub(crate) const MAX_DEPTH: usize = 100;
const JSON: &str = "application/json";
/// What RestSharp labels `AddParameter` fields sent as a form (StringContent in UTF-8).
const FORM_UTF8: &str = "application/x-www-form-urlencoded; charset=utf-8";
/// What RestSharp labels a file given without a content type.
const OCTET_STREAM: &str = "application/octet-stream";
const INSECURE: &str =
    "The sample turns certificate checks off (a validation callback that accepts every certificate), so anyone on the network could read or change the request.";
const VERBS: [&str; 7] = ["Get", "Post", "Put", "Patch", "Delete", "Head", "Options"];

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::c_sharp(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new() };
    let mut request = ParsedRequest::default();
    let deprecated = |issues: &mut Vec<Issue>, node: Node, what: String| {
        issues.push(Issue {
            kind: IssueKind::Deprecated,
            line: line(node),
            message: format!("RestSharp 107 removed this API: {what}."),
        });
    };
    let (mut base, mut resource, mut query) = (None, None, String::new());
    // The content type a body parameter names, and whether RestSharp picks it by itself.
    let mut body_type: Option<(String, bool)> = None;
    // The body came from `AddParameter(name, value, ParameterType.RequestBody)`.
    let mut by_parameter = false;
    // `AddParameter` fields and `AddFile` files, in order; `AlwaysMultipartFormData` set.
    let (mut fields, mut files, mut always_multipart) = (Vec::new(), Vec::new(), false);
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
                match text(member, code) {
                    "ServerCertificateCustomValidationCallback" => insecure(&mut issues, node),
                    "RemoteCertificateValidationCallback" | "ServerCertificateValidationCallback"
                        if accepts_all(right, code) =>
                    {
                        insecure(&mut issues, node)
                    }
                    "Method" if left.kind() == "member_access_expression" => {
                        request.method = eval.method(right).or(request.method)
                    }
                    "AlwaysMultipartFormData" => always_multipart = text(right, code) == "true",
                    _ if left.kind() == "identifier" => {
                        eval.vars.insert(text(left, code).to_string(), right);
                    }
                    _ => {}
                }
            }
            "object_creation_expression" => {
                let args = arguments(node);
                match node.child_by_field_name("type").map(|t| text(t, code)) {
                    Some("RestClient") if base.is_none() => base = eval.url(node, 0),
                    Some(t) if t.ends_with("HttpBasicAuthenticator") => {
                        if let (Some(user), Some(password)) = (
                            args.first().and_then(|a| eval.string(*a, 0)),
                            args.get(1).and_then(|a| eval.string(*a, 0)),
                        ) {
                            request.basic = Some((user, password));
                        }
                    }
                    Some("RestRequest") if request.method.is_none() => {
                        let method = args.iter().find_map(|a| eval.method(*a));
                        if let Some(first) = args.first().filter(|a| eval.method(**a).is_some()) {
                            let verb = text(*first, code).rsplit('.').next().unwrap_or_default();
                            deprecated(
                                &mut issues,
                                node,
                                format!(
                                    "`new RestRequest(Method.{verb})` is now `new RestRequest(\"\", Method.{})`",
                                    pascal(verb)
                                ),
                            );
                        }
                        request.method = Some(method.unwrap_or_else(|| "GET".into()));
                        resource = args.first().and_then(|a| eval.string(*a, 0));
                    }
                    _ => {}
                }
            }
            "invocation_expression" => {
                let Some(function) =
                    node.child_by_field_name("function").filter(|f| f.kind() == "member_access_expression")
                else {
                    continue;
                };
                let Some(name) = function.child_by_field_name("name") else { continue };
                let name = text(name.child(0).filter(|_| name.kind() == "generic_name").unwrap_or(name), code);
                let args = arguments(node);
                let arg = |i: usize| args.get(i).and_then(|a| eval.string(*a, 0));
                match name {
                    "AddHeader" | "AddDefaultHeader" | "AddOrUpdateHeader" => {
                        let (Some(header), Some(value)) = (arg(0), arg(1)) else { continue };
                        if name == "AddOrUpdateHeader" {
                            request.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&header));
                        }
                        request.headers.push((header, value));
                    }
                    "AddParameter"
                        if args.get(2).is_some_and(|a| text(*a, code).ends_with("ParameterType.RequestBody")) =>
                    {
                        // RestSharp sends the name of a body parameter as its content type.
                        body_type = arg(0).map(|t| (t, false));
                        by_parameter = true;
                        request.body = arg(1);
                    }
                    "AddParameter" => {
                        let (Some(field), Some(value)) = (arg(0), args.get(1).and_then(|a| eval.value(*a))) else {
                            continue;
                        };
                        match args.get(2).map(|a| text(*a, code).rsplit('.').next().unwrap_or_default()) {
                            Some("QueryString" | "QueryStringWithoutEncode") => query.push_str(&format!(
                                "{}{}={}",
                                if query.is_empty() { "" } else { "&" },
                                escape_data(&field),
                                escape_data(&value)
                            )),
                            Some("HttpHeader") => request.headers.push((field, value)),
                            Some("UrlSegment" | "Cookie") => {}
                            _ => fields.push((field, value)),
                        }
                    }
                    "AddFile" => files.extend(eval.file(&args)),
                    "AddStringBody" | "AddBody" if name == "AddStringBody" || arg(0).is_some() => {
                        by_parameter = false;
                        request.body = arg(0);
                        body_type = args.get(1).and_then(|a| eval.content_type(*a)).map(|t| (t, false));
                        if let Some((t, _)) = body_type.as_ref().filter(|(t, _)| t.contains(';')) {
                            issues.push(Issue {
                                kind: IssueKind::Broken,
                                line: line(node),
                                message: format!(
                                    "RestSharp hands `{t}` to .NET's StringContent, which throws a FormatException on a content type with parameters: give the media type alone."
                                ),
                            });
                        }
                    }
                    "AddBody" => {
                        by_parameter = false;
                        request.file = args.first().and_then(|a| eval.file_path(*a, 0));
                        body_type = args.get(1).and_then(|a| eval.content_type(*a)).map(|t| (t, false));
                    }
                    "AddJsonBody" => {
                        by_parameter = false;
                        request.body = args
                            .first()
                            .and_then(|a| eval.string(*a, 0).or_else(|| eval.json(*a, 0).map(|v| v.to_string())));
                        body_type = Some((
                            args.get(1).and_then(|a| eval.content_type(*a)).unwrap_or_else(|| JSON.into()),
                            args.len() < 2,
                        ));
                    }
                    "AddQueryParameter" => {
                        if let (Some(key), Some(value)) = (arg(0), arg(1)) {
                            query.push_str(&format!(
                                "{}{}={}",
                                if query.is_empty() { "" } else { "&" },
                                escape_data(&key),
                                escape_data(&value)
                            ));
                        }
                    }
                    verb => {
                        // `client.PostAsync(request)`, `client.ExecuteDelete(request)`.
                        let verb = verb.strip_prefix("Execute").unwrap_or(verb);
                        if let Some(verb) = VERBS.iter().find(|v| verb.strip_suffix("Async").unwrap_or(verb) == **v) {
                            request.method = Some(verb.to_uppercase());
                        }
                    }
                }
            }
            "member_access_expression" => {
                let verb = node.child_by_field_name("name").map(|n| text(n, code)).unwrap_or_default();
                if eval.method(node).is_some()
                    && verb.len() > 1
                    && verb.chars().all(|c| c.is_ascii_uppercase())
                    && !opens_old_constructor(node, code)
                {
                    deprecated(&mut issues, node, format!("`Method.{verb}` is now `Method.{}`", pascal(verb)));
                }
            }
            "identifier" if matches!(text(node, code), "IRestResponse" | "IRestRequest") => {
                let old = text(node, code);
                deprecated(&mut issues, node, format!("`{old}` is now `{}`", &old[1..]));
            }
            _ => {}
        }
    }
    let post = request.method.as_deref().is_some_and(|m| matches!(m, "POST" | "PUT" | "PATCH"));
    if !files.is_empty() || always_multipart {
        // RestSharp writes the files, then the fields (of a POST, PUT or PATCH).
        let texts = fields.iter().filter(|_| post).map(|(name, value)| ParsedPart {
            name: name.clone(),
            value: Some(value.clone()),
            ..Default::default()
        });
        request.parts = Some(files.into_iter().chain(texts).collect());
        request.files_first = true;
    } else if post && !fields.is_empty() {
        request.form = Some(fields.clone());
        request.body_defaults_to(FORM_UTF8);
    }
    if !post {
        for (name, value) in &fields {
            let separator = if query.is_empty() { "" } else { "&" };
            query.push_str(&format!("{separator}{}={}", escape_data(name), escape_data(value)));
        }
    }
    let base = match resource.filter(|r| !r.is_empty()) {
        Some(r) if r.contains("://") => Some(r),
        Some(r) => base.map(|b| format!("{}/{}", b.trim_end_matches('/'), r.trim_start_matches('/'))),
        None => base,
    };
    request.url =
        base.map(
            |b| if query.is_empty() { b } else { format!("{b}{}{query}", if b.contains('?') { '&' } else { '?' }) },
        );
    // RestSharp up to 106 sends a body parameter's name as the content type, over any
    // content-type header the sample adds: `AddParameter("undefined", ...)` sends `undefined`.
    if let Some((content_type, _)) = body_type.as_ref().filter(|_| by_parameter) {
        if let Some(header) = request.headers.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
            header.1.clone_from(content_type);
        }
    }
    if let Some((content_type, implicit)) =
        body_type.filter(|_| !request.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")))
    {
        let header = ("content-type".to_string(), content_type);
        if implicit {
            request.implicit_headers.push(header);
        } else {
            request.headers.insert(0, header);
        }
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// Is `node` the first argument of `new RestRequest(...)`, reported as a whole?
fn opens_old_constructor(node: Node, code: &str) -> bool {
    let argument = node.parent().filter(|a| a.kind() == "argument" && a.prev_named_sibling().is_none());
    let creation = argument.and_then(|a| a.parent()).and_then(|list| list.parent());
    creation.is_some_and(|c| {
        c.kind() == "object_creation_expression"
            && c.child_by_field_name("type").is_some_and(|t| text(t, code) == "RestRequest")
    })
}

pub(crate) fn insecure(issues: &mut Vec<Issue>, node: Node) {
    issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() });
}

/// A certificate callback that says yes to everything: `(...) => true`, a block returning
/// true, or .NET's `DangerousAcceptAnyServerCertificateValidator`.
pub(crate) fn accepts_all(callback: Node, code: &str) -> bool {
    if matches!(callback.kind(), "lambda_expression" | "anonymous_method_expression")
        && crate::parse::returns_only_true(callback, code)
    {
        return true;
    }
    let body = callback.child_by_field_name("body").filter(|_| callback.kind() == "lambda_expression");
    text(callback, code).contains("DangerousAcceptAny")
        || body.is_some_and(|b| {
            text(b, code) == "true"
                || descendants(b)
                    .iter()
                    .any(|n| n.kind() == "return_statement" && text(*n, code).starts_with("return true"))
        })
}

/// `DELETE` → `Delete`.
fn pascal(verb: &str) -> String {
    let lower = verb.to_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Evaluates the C# expressions a sample builds its request from, through its variables;
/// shared with the HttpClient reader.
pub(crate) struct Eval<'a> {
    pub(crate) code: &'a str,
    pub(crate) vars: HashMap<String, Node<'a>>,
}

impl Eval<'_> {
    /// The string a node stands for: a literal, a variable, `a + b` or a parenthesized string.
    pub(crate) fn string(&self, node: Node, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match node.kind() {
            "argument" => self.string(*named(node).last()?, depth + 1),
            "string_literal" | "verbatim_string_literal" | "raw_string_literal" => {
                Some(csharp_string(text(node, self.code)))
            }
            "identifier" => self.string(*self.vars.get(text(node, self.code))?, depth + 1),
            "parenthesized_expression" => self.string(*named(node).first()?, depth + 1),
            "binary_expression" if node.child_by_field_name("operator").is_some_and(|o| text(o, self.code) == "+") => {
                Some(
                    self.string(node.child_by_field_name("left")?, depth + 1)?
                        + &self.string(node.child_by_field_name("right")?, depth + 1)?,
                )
            }
            _ => None,
        }
    }

    /// The base URL of `new RestClient(...)`: a string, `new Uri(...)`, or
    /// `new RestClientOptions(...)` / `{ BaseUrl = ... }`, possibly through variables.
    fn url(&self, node: Node, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match node.kind() {
            "argument" => self.url(*named(node).last()?, depth + 1),
            "identifier" => self.url(*self.vars.get(text(node, self.code))?, depth + 1),
            "object_creation_expression" => {
                let from_initializer = || {
                    let initializer = node.child_by_field_name("initializer")?;
                    let base = named(initializer)
                        .into_iter()
                        .find(|a| a.child_by_field_name("left").is_some_and(|l| text(l, self.code) == "BaseUrl"))?;
                    self.url(base.child_by_field_name("right")?, depth + 1)
                };
                arguments(node).first().and_then(|a| self.url(*a, depth + 1)).or_else(from_initializer)
            }
            _ => self.string(node, depth + 1),
        }
    }

    /// A parameter's value: a string, or a number or boolean as RestSharp writes it.
    fn value(&self, node: Node) -> Option<String> {
        let node = if node.kind() == "argument" { *named(node).last()? } else { node };
        match node.kind() {
            "integer_literal" | "real_literal" => {
                Some(text(node, self.code).replace('_', "").trim_end_matches(|c: char| c.is_ascii_alphabetic()).into())
            }
            "boolean_literal" => Some(if text(node, self.code) == "true" { "True" } else { "False" }.into()),
            _ => self.string(node, 0),
        }
    }

    /// An `AddFile` call: `(name, path[, type])` sends the file under its own name;
    /// `(name, bytes or stream, fileName[, type])` under `fileName`.
    fn file(&self, args: &[Node]) -> Option<ParsedPart> {
        let name = self.string(*args.first()?, 0)?;
        let source = *args.get(1)?;
        let content_type =
            |i: usize| args.get(i).and_then(|a| self.content_type(*a)).or_else(|| Some(OCTET_STREAM.to_string()));
        let part = match self.string(source, 0) {
            Some(path) => ParsedPart {
                name,
                value: None,
                filename: Some(path.rsplit(['/', '\\']).next().unwrap_or(&path).to_string()),
                file: Some(path),
                content_type: content_type(2),
            },
            None => ParsedPart {
                name,
                value: None,
                file: Some(self.file_path(source, 0)?),
                filename: self.string(*args.get(2)?, 0),
                content_type: content_type(3),
            },
        };
        Some(part)
    }

    /// The path of the file an expression reads: `File.ReadAllBytes(p)`, `File.OpenRead(p)`,
    /// `() => File.OpenRead(p)`, `new FileStream(p, ...)`, possibly through variables.
    pub(crate) fn file_path(&self, node: Node, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let code = self.code;
        match node.kind() {
            "argument" | "parenthesized_expression" => self.file_path(*named(node).last()?, depth + 1),
            "identifier" => self.file_path(*self.vars.get(text(node, code))?, depth + 1),
            "lambda_expression" => self.file_path(node.child_by_field_name("body")?, depth + 1),
            "invocation_expression" => {
                let function = node.child_by_field_name("function")?;
                let method = function.child_by_field_name("name").map(|n| text(n, code))?;
                let reads = matches!(method, "ReadAllBytes" | "OpenRead" | "Open" | "ReadAllBytesAsync");
                reads.then(|| self.string(*arguments(node).first()?, depth + 1)).flatten()
            }
            "object_creation_expression" => {
                let class = node.child_by_field_name("type").map(|t| text(t, code))?;
                class.ends_with("FileStream").then(|| self.string(*arguments(node).first()?, depth + 1)).flatten()
            }
            _ => None,
        }
    }

    /// `Method.Post` (or `Method.POST`, `RestSharp.Method.Post`) → `POST`.
    fn method(&self, node: Node) -> Option<String> {
        let node = if node.kind() == "argument" { *named(node).last()? } else { node };
        let (owner, verb) =
            text(node, self.code).rsplit_once('.').filter(|_| node.kind() == "member_access_expression")?;
        (owner == "Method" || owner.ends_with(".Method")).then(|| verb.to_uppercase())
    }

    /// A content type given as a string or as `DataFormat.Json` / `ContentType.Json`.
    fn content_type(&self, node: Node) -> Option<String> {
        let known = match text(node, self.code).rsplit('.').next() {
            Some("Json") => Some(JSON),
            Some("Xml") => Some("application/xml"),
            Some("Plain") => Some("text/plain"),
            _ => None,
        };
        known.map(str::to_string).or_else(|| self.string(node, 0))
    }

    /// The JSON RestSharp's System.Text.Json serializer (web defaults: camelCase names) makes
    /// of an anonymous object, an array or a literal.
    fn json(&self, node: Node, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let code = self.code;
        Some(match node.kind() {
            "argument" | "parenthesized_expression" => return self.json(*named(node).last()?, depth + 1),
            "identifier" => return self.json(*self.vars.get(text(node, code))?, depth + 1),
            "null_literal" => Value::Null,
            "boolean_literal" => Value::Bool(text(node, code) == "true"),
            "integer_literal" | "real_literal" => {
                let digits =
                    text(node, code).replace('_', "").trim_end_matches(|c: char| c.is_ascii_alphabetic()).to_string();
                serde_json::from_str::<serde_json::Number>(&digits).ok().map(Value::Number)?
            }
            "prefix_unary_expression" if text(node, code).starts_with('-') => {
                match self.json(*named(node).first()?, depth + 1)? {
                    Value::Number(n) => serde_json::from_str(&format!("-{n}")).ok()?,
                    _ => return None,
                }
            }
            "implicit_array_creation_expression" | "array_creation_expression" => {
                let items = named(node)
                    .into_iter()
                    .find(|c| c.kind() == "initializer_expression")
                    .map(named)
                    .unwrap_or_default();
                Value::Array(items.into_iter().map(|i| self.json(i, depth + 1)).collect::<Option<_>>()?)
            }
            "anonymous_object_creation_expression" => {
                // Members are `name = value` or a bare `value` named after its last identifier.
                let mut map = Map::new();
                let mut cursor = node.walk();
                let children: Vec<Node> = node.children(&mut cursor).collect();
                for member in children.split(|c| matches!(c.kind(), "," | "{" | "}")) {
                    let parts: Vec<Node> =
                        member.iter().copied().filter(|c| c.is_named() && !c.kind().ends_with("comment")).collect();
                    let (name, value) = match parts.as_slice() {
                        [name, value] => (text(*name, code), *value),
                        [value] => (text(*value, code).rsplit('.').next().unwrap_or_default(), *value),
                        _ => continue,
                    };
                    map.insert(camel(name), self.json(value, depth + 1)?);
                }
                Value::Object(map)
            }
            _ => Value::String(self.string(node, depth + 1)?),
        })
    }
}

/// System.Text.Json's `JsonNamingPolicy.CamelCase`: lower-cases the leading capitals, except
/// the last of a run that starts a new word (`URLValue` → `urlValue`).
fn camel(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    for i in 0..chars.len() {
        if i == 1 && !chars[i].is_uppercase() {
            break;
        }
        if i > 0 && chars.get(i + 1).is_some_and(|c| !c.is_uppercase()) {
            if chars[i + 1] == ' ' {
                chars[i] = chars[i].to_lowercase().next().unwrap_or(chars[i]);
            }
            break;
        }
        chars[i] = chars[i].to_lowercase().next().unwrap_or(chars[i]);
    }
    chars.into_iter().collect()
}

/// `Uri.EscapeDataString`, which RestSharp applies to query parameters.
fn escape_data(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub(crate) fn named<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| !c.kind().ends_with("comment")).collect()
}

pub(crate) fn arguments<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    call.child_by_field_name("arguments").map(named).unwrap_or_default()
}

/// Decodes a C# string literal (with its quotes): regular `"..."` with C#'s escapes (on
/// UTF-16 units, so escaped surrogate pairs join), verbatim `@"..."`, and raw `"""..."""`.
fn csharp_string(literal: &str) -> String {
    if let Some(verbatim) = literal.strip_prefix("@\"") {
        return verbatim.strip_suffix('"').unwrap_or(verbatim).replace("\"\"", "\"");
    }
    let quotes = literal.chars().take_while(|c| *c == '"').count();
    if quotes >= 3 {
        return raw(literal, quotes);
    }
    let body = literal.strip_prefix('"').unwrap_or(literal);
    let body =
        body.strip_suffix('"').filter(|b| b.chars().rev().take_while(|c| *c == '\\').count() % 2 == 0).unwrap_or(body);
    let units: Vec<u16> = body.encode_utf16().collect();
    let hex = |from: usize, max: usize| {
        let len = units
            .iter()
            .skip(from)
            .take(max)
            .take_while(|u| char::from_u32(u32::from(**u)).is_some_and(|c| c.is_ascii_hexdigit()))
            .count();
        let digits = String::from_utf16_lossy(units.get(from..from + len)?);
        Some((u32::from_str_radix(&digits, 16).ok()?, len))
    };
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let unit = units[i];
        i += 1;
        if unit != u16::from(b'\\') {
            out.push(unit);
            continue;
        }
        let Some(&e) = units.get(i) else { break };
        i += 1;
        let fixed = match u8::try_from(e).unwrap_or(0) {
            b'0' => Some(0),
            b'a' => Some(0x07),
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            b'n' => Some(0x0a),
            b'r' => Some(0x0d),
            b't' => Some(0x09),
            b'v' => Some(0x0b),
            b'e' => Some(0x1b),
            _ => None,
        };
        let code = match u8::try_from(e).unwrap_or(0) {
            b'x' => hex(i, 4).filter(|(_, len)| *len > 0),
            b'u' => hex(i, 4).filter(|(_, len)| *len == 4),
            b'U' => hex(i, 8).filter(|(_, len)| *len == 8),
            _ => None,
        };
        match (fixed, code) {
            (Some(unit), _) => out.push(unit),
            (None, Some((value, len))) => {
                let c = char::from_u32(value).unwrap_or('\u{FFFD}');
                if value <= 0xFFFF {
                    out.push(value as u16);
                } else {
                    out.extend_from_slice(c.encode_utf16(&mut [0; 2]));
                }
                i += len;
            }
            (None, None) => out.push(e),
        }
    }
    String::from_utf16_lossy(&out)
}

/// A raw string literal: on one line, the text between the quotes; on several, the lines
/// between the opening and closing lines without the closing line's indentation.
fn raw(literal: &str, quotes: usize) -> String {
    let body = literal.get(quotes..).unwrap_or_default();
    let body = body.strip_suffix(&"\"".repeat(quotes)).unwrap_or(body);
    let Some((_, rest)) = body.split_once('\n') else { return body.to_string() };
    let (content, indent) = rest.rsplit_once('\n').unwrap_or(("", rest));
    let content = content.strip_suffix('\r').unwrap_or(content);
    content.split('\n').map(|l| l.strip_prefix(indent).unwrap_or(l.trim_start())).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::{self, kinds};

    /// RestSharp up to 106 sends the body parameter's name as the content type, whatever
    /// content-type header the sample adds.
    #[test]
    fn a_body_parameter_name_is_the_content_type_over_an_added_header() {
        let published = testing::published("ja-remove-members.txt", "csharp");
        let with_header = published.replace(
            "request.AddHeader(\"authorization\"",
            "request.AddHeader(\"content-type\", \"application/json\");\nrequest.AddHeader(\"authorization\"",
        );
        let a = analyze(&with_header);
        let content_types: Vec<&str> = a
            .request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(content_types, vec!["undefined"]);
        // A body set by AddStringBody afterwards keeps the header the sample adds.
        let string_body = format!("{with_header}request.AddStringBody(\"{{}}\", \"text/plain\");\n");
        let b = analyze(&string_body);
        assert!(b.request.headers.contains(&("content-type".to_string(), "application/json".to_string())));
    }

    #[test]
    fn reads_published_samples() {
        let body = r#"{ "members": [ "USER_ID", "USER_ID", "USER_ID" ] }"#;
        let header = |n: &str, v: &str| (n.to_string(), v.to_string());
        let (auth, cache) =
            (header("authorization", "Bearer MGMT_API_ACCESS_TOKEN"), header("cache-control", "no-cache"));
        let ja = analyze(&testing::published("ja-remove-members.txt", "csharp"));
        assert_eq!(ja.request.method.as_deref(), Some("DELETE"));
        assert_eq!(ja.request.url.as_deref(), Some("https://{yourDomain}/api/v2/organizations/ORG_ID/members"));
        assert_eq!(ja.request.headers, vec![header("content-type", "undefined"), auth.clone(), cache.clone()]);
        assert!(ja.request.implicit_headers.is_empty());
        assert_eq!(ja.request.body.as_deref(), Some(body));
        assert_eq!(kinds(&ja), vec![IssueKind::Deprecated, IssueKind::Deprecated]);
        assert_eq!(ja.issues.iter().map(|i| i.line).collect::<Vec<_>>(), vec![2, 6]);

        let fr = analyze(&testing::published("fr-assign-members.txt", "csharp"));
        assert_eq!(fr.request.method.as_deref(), Some("POST"));
        assert_eq!(fr.request.url.as_deref(), Some("https://your_auth0_domain/api/v2/organizations/ORG_ID/members"));
        assert_eq!(fr.request.headers, vec![header("content-type", JSON), auth, cache]);
        assert!(fr.request.implicit_headers.is_empty());
        assert_eq!(fr.request.body.as_deref(), Some(body));
        assert_eq!(kinds(&fr), vec![IssueKind::Deprecated, IssueKind::Deprecated]);
    }

    #[test]
    fn decodes_literals_and_other_shapes() {
        let code = "var options = new RestClientOptions(@\"https://h.example/\") {\n  RemoteCertificateValidationCallback = (s, c, ch, e) => true\n};\n\
            var client = new RestClient(options);\nvar request = new RestRequest(\"/a\" + \"/b\", Method.POST);\n\
            request.AddQueryParameter(\"q\", \"a b\");\nrequest.AddHeader(\"x-a\", \"\\x41\\x0041g\\u00e9\\U0001F600\\uD83D\\uDE00\\0\\\\\\\"\\'\");\n\
            request.AddJsonBody(new { Name = 1.5, URLValue = new[] { \"x\", null }, Nested = new { Ok = true, N = -2 } });\n\
            var raw = \"\"\"\n    {\"a\": \"\\n\"}\n      b\n    \"\"\";\nvar response = await client.PatchAsync<Thing>(request);\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("https://h.example/a/b?q=a%20b"));
        assert_eq!(a.request.headers, vec![("x-a".to_string(), "AAgé😀😀\0\\\"'".to_string())]);
        assert_eq!(a.request.implicit_headers, vec![("content-type".to_string(), JSON.to_string())]);
        assert_eq!(
            a.request.body.as_deref(),
            Some(r#"{"name":1.5,"urlValue":["x",null],"nested":{"ok":true,"n":-2}}"#)
        );
        assert_eq!(kinds(&a), vec![IssueKind::Security, IssueKind::Deprecated]);
        assert_eq!(csharp_string("\"\"\"\n    {\"a\": \"\\n\"}\n      b\n    \"\"\""), "{\"a\": \"\\n\"}\n  b");
        assert_eq!(csharp_string("@\"a\\\"\"b\""), "a\\\"b");
        let handler = analyze("handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;\n");
        assert_eq!(kinds(&handler), vec![IssueKind::Security]);
        let options = analyze("var o = new RestClientOptions { BaseUrl = new Uri(\"https://x\") };\nvar c = new RestClient(o);\nvar r = new RestRequest(\"y\");\n");
        assert_eq!(
            (options.request.url.as_deref(), options.request.method.as_deref()),
            (Some("https://x/y"), Some("GET"))
        );
    }

    /// Hostile strings in every new position (parse::testing::HOSTILE_KINDS); form fields are
    /// parameters, and a text body's charset goes in the header, not AddStringBody.
    #[test]
    fn reads_back_hostile_kinds() {
        let (_, fields) = testing::render("csharp", testing::HOSTILE_KINDS[1]);
        assert_eq!(fields.matches("AddParameter(").count(), 3, "{fields}");
        let (_, text) = testing::render("csharp", testing::HOSTILE_KINDS[3]);
        assert!(text.contains("\", \"text/plain\");"), "{text}");
    }

    /// RestSharp sends the files first and the fields of a GET in the query; a file given by
    /// path goes under its own name; a charset in AddStringBody's type throws.
    #[test]
    fn reads_bodies_as_restsharp_sends_them() {
        let code = "var client = new RestClient(\"https://h/x\");\nvar request = new RestRequest(\"\", Method.Post) { AlwaysMultipartFormData = true };\nrequest.AddParameter(\"a\", \"1\");\nrequest.AddFile(\"f\", \"dir/a b.png\", \"image/png\");\nrequest.AddFile(\"g\", () => File.OpenRead(\"g.bin\"), \"g.json\");\n";
        let read = analyze(code).request;
        assert!(read.files_first);
        let parts: Vec<_> = read
            .parts
            .expect("a multipart body")
            .into_iter()
            .map(|p| (p.name, p.file, p.filename, p.content_type, p.value))
            .collect();
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            parts,
            vec![
                ("f".into(), s("dir/a b.png"), s("a b.png"), s("image/png"), None),
                ("g".into(), s("g.bin"), s("g.json"), s(OCTET_STREAM), None),
                ("a".into(), None, None, None, s("1")),
            ]
        );
        let get = analyze("var client = new RestClient(\"https://h/x\");\nvar request = new RestRequest(\"\", Method.Get);\nrequest.AddParameter(\"q\", \"a b\");\nrequest.AddParameter(\"n\", 2);\n");
        assert_eq!(get.request.url.as_deref(), Some("https://h/x?q=a%20b&n=2"));
        assert_eq!(get.request.form, None);
        let broken = analyze("var request = new RestRequest(\"\", Method.Put);\nrequest.AddStringBody(\"x\", \"text/plain; charset=utf-8\");\n");
        assert_eq!((kinds(&broken), broken.issues[0].line), (vec![IssueKind::Broken], 2));
        let bytes = analyze("var request = new RestRequest(\"\", Method.Put);\nvar data = File.ReadAllBytes(\"a.bin\");\nrequest.AddBody(data, \"image/png\");\n");
        assert_eq!(bytes.request.file.as_deref(), Some("a.bin"));
        assert_eq!(bytes.request.body, None);
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("var a = b; var b = a; var c = new RestClient(a); c.AddHeader(a, \"\\U0011FFFF\\x\\u12\\\"); c.AddJsonBody(new { a });");
        analyze("\"\"\"\n\"\"\" @\"");
    }
}
