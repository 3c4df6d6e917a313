//! Reads a Dart package:http sample back into its request (tree-sitter-dart): a verb call
//! (`http.post(uri, headers: ..., body: ...)`), or an `http.Request` / `http.MultipartRequest`
//! set up statement by statement and sent; and certificate checks turned off
//! (`badCertificateCallback` accepting every certificate).
//!
//! Values: string literals (adjacent ones joined, `${...}` of known values evaluated),
//! `utf8.encode`, `base64Encode`, `File(path).readAsBytes()`, map literals, `Uri.parse`,
//! `MultipartFile.fromString` / `fromPath` parts, and the variables that name them.
//!
//! Not read: a request built in a function of its own, `http.Client` methods other than
//! `send`, `MultipartFile.fromBytes`.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::parse::{
    descendants, line, parse, returns_only_true, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart,
    ParsedRequest,
};

/// Bounds recursion through nested values and variables that name each other.
const MAX_DEPTH: usize = 24;

/// What http labels a String body and a Map body with when the sample sets no content-type.
const TEXT: &str = "text/plain; charset=utf-8";
const FORM: &str = "application/x-www-form-urlencoded; charset=utf-8";

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Str(String),
    /// Bytes: the UTF-8 of a text, or a file's.
    Bytes(String),
    FileBytes(String),
    /// A `File(path)`.
    File(String),
    Map(Vec<(String, Val)>),
    Part(ParsedPart),
    /// An `http.Request` or `http.MultipartRequest`, by the variable that holds it.
    Request(String),
}

/// A request object a sample sets up, and what it has set so far.
#[derive(Debug, Default)]
struct Built {
    request: ParsedRequest,
    multipart: bool,
    fields: Vec<ParsedPart>,
    files: Vec<ParsedPart>,
}

struct Eval<'a> {
    code: &'a str,
    vars: HashMap<String, Node<'a>>,
    built: HashMap<String, Built>,
}

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::dart(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new(), built: HashMap::new() };
    let mut request = None;
    let mut first_built: Option<String> = None;
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "initialized_variable_declaration" | "static_final_declaration" => {
                let (Some(name), Some(value)) = (node.named_child(0), node.named_children(&mut node.walk()).last())
                else {
                    continue;
                };
                if name.kind() != "identifier" || name.id() == value.id() {
                    continue;
                }
                let name = text(name, code).to_string();
                eval.built.remove(&name);
                if let Some((method, url, multipart)) = eval.request_object(value) {
                    let request = ParsedRequest { method: Some(method), url, ..Default::default() };
                    eval.built.insert(name.clone(), Built { request, multipart, ..Default::default() });
                    first_built.get_or_insert(name.clone());
                }
                eval.vars.insert(name, value);
            }
            "assignment_expression" => {
                if text(node, code).contains("badCertificateCallback") {
                    let value = node.named_children(&mut node.walk()).last();
                    if value.is_some_and(|v| accepts_everything(v, code)) {
                        issues.push(Issue {
                            kind: IssueKind::Security,
                            line: line(node),
                            message: "the sample accepts every certificate: anyone on the network can read and change the request".into(),
                        });
                    }
                }
                eval.set(node);
            }
            "call_expression" if !eval.call_on_request(node) && request.is_none() => request = eval.verb_call(node),
            _ => {}
        }
    }
    let request = request.or_else(|| {
        let mut built = eval.built.remove(first_built.as_deref()?)?;
        if built.multipart {
            let mut parts = std::mem::take(&mut built.fields);
            parts.append(&mut built.files);
            built.request.parts = Some(parts);
            built.request.body_defaults_to("multipart/form-data");
        }
        built.request.basic = built.request.basic_in_header();
        Some(built.request)
    });
    issues.sort_by_key(|i| i.line);
    Analysis { request: request.unwrap_or_default(), issues }
}

/// A callback that returns true whatever it is given: `(cert, host, port) => true`.
fn accepts_everything(node: Node, code: &str) -> bool {
    node.kind() == "function_expression"
        && node.child_by_field_name("body").or_else(|| node.named_children(&mut node.walk()).last()).is_some_and(
            |body| {
                let t: String = text(body, code).split_whitespace().collect();
                returns_only_true(body, code) || matches!(t.as_str(), "=>true" | "{returntrue;}")
            },
        )
}

fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// A call's function, positional arguments and named ones.
type CallParts<'t> = (Node<'t>, Vec<Node<'t>>, Vec<(String, Node<'t>)>);

fn call_parts<'t>(node: Node<'t>, code: &str) -> Option<CallParts<'t>> {
    if node.kind() != "call_expression" {
        return None;
    }
    let children = named(node);
    let function = *children.first()?;
    let args = children.iter().find(|c| c.kind() == "arguments")?;
    let mut positional = Vec::new();
    let mut named_args = Vec::new();
    for arg in named(*args) {
        if arg.kind() == "named_argument" {
            let parts = named(arg);
            if let (Some(label), Some(value)) = (parts.first(), parts.last()) {
                named_args.push((text(*label, code).trim_end_matches(':').trim().to_string(), *value));
            }
        } else {
            positional.push(arg);
        }
    }
    Some((function, positional, named_args))
}

/// `http.post` or `post` (a prefix-less import): the function's last name, when it is one
/// of package:http's.
fn http_name<'a>(function: Node, code: &'a str) -> &'a str {
    let t = text(function, code);
    t.strip_prefix("http.").unwrap_or(t)
}

/// Through `await` and parentheses to the expression.
fn inner(mut node: Node) -> Node {
    while matches!(node.kind(), "unary_expression" | "await_expression" | "parenthesized_expression")
        && node.named_child_count() >= 1
    {
        match node.named_children(&mut node.walk()).last() {
            Some(child) => node = child,
            None => break,
        }
    }
    node
}

impl<'a> Eval<'a> {
    fn string(&self, node: Node, depth: usize) -> Option<String> {
        match self.value(node, depth)? {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    fn value(&self, node: Node, depth: usize) -> Option<Val> {
        if depth > MAX_DEPTH {
            return None;
        }
        let node = inner(node);
        let code = self.code;
        match node.kind() {
            "string_literal" => {
                let mut out = String::new();
                for piece in named(node) {
                    out.push_str(&self.literal_piece(piece, depth)?);
                }
                Some(Val::Str(out))
            }
            "identifier" | "identifier_dollar_escaped" => {
                let name = text(node, code);
                if self.built.contains_key(name) {
                    return Some(Val::Request(name.to_string()));
                }
                self.value(*self.vars.get(name)?, depth + 1)
            }
            "set_or_map_literal" => {
                let mut entries = Vec::new();
                for element in named(node) {
                    if element.kind() != "map_element" {
                        return None;
                    }
                    let pair = named(element);
                    let (key, value) = (pair.first()?, pair.last()?);
                    entries.push((self.string(*key, depth + 1)?, self.value(*value, depth + 1)?));
                }
                Some(Val::Map(entries))
            }
            "call_expression" => self.call_value(node, depth),
            _ => None,
        }
    }

    /// One string literal of adjacent ones: its characters, escapes and interpolations.
    fn literal_piece(&self, node: Node, depth: usize) -> Option<String> {
        let raw = node.kind().contains("raw");
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let mut out = String::new();
        if raw || children.len() < 2 {
            // r'...': everything between the quotes as it is.
            let t = text(node, self.code);
            let t = t.strip_prefix('r').unwrap_or(t);
            let quote = if t.starts_with("'''") || t.starts_with("\"\"\"") { 3 } else { 1 };
            return t.get(quote..t.len().checked_sub(quote)?).map(str::to_string);
        }
        let (first, last) = (children[0], children[children.len() - 1]);
        let opening = text(first, self.code);
        for (i, child) in children[1..children.len() - 1].iter().enumerate() {
            let t = text(*child, self.code);
            match child.kind() {
                "escape_sequence" => out.push_str(&unescape(t)?),
                "template_substitution" => match self.value(child.named_child(0)?, depth + 1)? {
                    Val::Str(s) => out.push_str(&s),
                    _ => return None,
                },
                _ => {
                    // The opening of a multi-line string drops a line break right after it.
                    if i == 0 && opening.len() == 3 {
                        out.push_str(t.strip_prefix("\r\n").or_else(|| t.strip_prefix('\n')).unwrap_or(t));
                    } else {
                        out.push_str(t);
                    }
                }
            }
        }
        let _ = last;
        Some(out)
    }

    /// The value of a call: `utf8.encode`, `base64Encode`, `File(p).readAsBytes()`,
    /// `Uri.parse`, `MultipartFile.fromString` / `fromPath`, `MediaType.parse`.
    fn call_value(&self, node: Node, depth: usize) -> Option<Val> {
        use base64::Engine as _;
        let (function, args, named_args) = call_parts(node, self.code)?;
        let arg = |i: usize| args.get(i).and_then(|a| self.value(*a, depth + 1));
        let named_arg = |n: &str| named_args.iter().find(|(k, _)| k == n).and_then(|(_, v)| self.value(*v, depth + 1));
        let name = http_name(function, self.code);
        match name {
            "utf8.encode" => match arg(0)? {
                Val::Str(s) => Some(Val::Bytes(s)),
                _ => None,
            },
            "base64Encode" | "base64.encode" => match arg(0)? {
                Val::Bytes(s) => Some(Val::Str(base64::engine::general_purpose::STANDARD.encode(s.as_bytes()))),
                _ => None,
            },
            "Uri.parse" | "Uri.https" if name == "Uri.parse" => arg(0),
            "File" => match arg(0)? {
                Val::Str(path) => Some(Val::File(path)),
                _ => None,
            },
            "MediaType.parse" => arg(0),
            "MultipartFile.fromString" => {
                let filename = match named_arg("filename") {
                    Some(Val::Str(f)) => Some(f),
                    _ => None,
                };
                let content_type = match named_arg("contentType") {
                    Some(Val::Str(t)) => Some(t),
                    _ => None,
                };
                Some(Val::Part(ParsedPart {
                    name: self.string(*args.first()?, depth + 1)?,
                    value: Some(self.string(*args.get(1)?, depth + 1)?),
                    filename: filename.clone(),
                    content_type: content_type.filter(|_| filename.is_some()),
                    file: None,
                }))
            }
            "MultipartFile.fromPath" => {
                let path = self.string(*args.get(1)?, depth + 1)?;
                let filename = match named_arg("filename") {
                    Some(Val::Str(f)) => f,
                    // http names the part after the path's last segment.
                    _ => path.rsplit('/').next().unwrap_or(&path).to_string(),
                };
                let content_type = match named_arg("contentType") {
                    Some(Val::Str(t)) => t,
                    _ => "application/octet-stream".into(),
                };
                Some(Val::Part(ParsedPart {
                    name: self.string(*args.first()?, depth + 1)?,
                    file: Some(path),
                    filename: Some(filename),
                    content_type: Some(content_type),
                    value: None,
                }))
            }
            _ => {
                // `File(path).readAsBytes()` / `readAsBytesSync()`.
                let t = text(function, self.code);
                let object = function.named_child(0).filter(|_| function.kind() == "member_expression")?;
                if t.ends_with(".readAsBytes") || t.ends_with(".readAsBytesSync") {
                    if let Val::File(path) = self.value(object, depth + 1)? {
                        return Some(Val::FileBytes(path));
                    }
                }
                None
            }
        }
    }

    /// `http.Request(method, uri)` or `http.MultipartRequest(method, uri)`.
    fn request_object(&self, node: Node) -> Option<(String, Option<String>, bool)> {
        let (function, args, _) = call_parts(inner(node), self.code)?;
        let multipart = match http_name(function, self.code) {
            "Request" => false,
            "MultipartRequest" => true,
            _ => return None,
        };
        let method = self.string(*args.first()?, 0)?;
        let url = args.get(1).and_then(|u| self.string(*u, 0));
        Some((method, url, multipart))
    }

    /// `request.headers['k'] = v`, `request.fields['k'] = v`, `request.body = ...`,
    /// `request.bodyBytes = ...`, `request.bodyFields = ...`.
    fn set(&mut self, node: Node<'a>) {
        let children = named(node);
        let (Some(target), Some(value)) = (children.first(), children.last()) else { return };
        let target_text = text(*target, self.code);
        let Some((object, rest)) = target_text.split_once('.') else { return };
        if !self.built.contains_key(object) {
            return;
        }
        let key = named(*target).into_iter().find(|c| c.kind() == "string_literal").and_then(|k| self.string(k, 0));
        let value = self.value(*value, 0);
        let Some(built) = self.built.get_mut(object) else { return };
        let r = &mut built.request;
        match (rest.split('[').next().unwrap_or(rest).trim(), key, value) {
            ("headers", Some(k), Some(Val::Str(v))) => {
                r.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&k));
                r.headers.push((k, v));
            }
            ("fields", Some(k), Some(Val::Str(v))) => {
                built.fields.retain(|p| p.name != k);
                built.fields.push(ParsedPart { name: k, value: Some(v), ..Default::default() });
            }
            ("body", None, Some(Val::Str(s))) => {
                r.body = Some(s);
                r.body_defaults_to(TEXT);
            }
            ("bodyBytes", None, Some(Val::Bytes(s))) => r.body = Some(s),
            ("bodyBytes", None, Some(Val::FileBytes(p))) => r.file = Some(p),
            ("bodyFields", None, Some(Val::Map(fields))) => {
                r.form = Some(map_strings(fields));
                r.body_defaults_to(FORM);
            }
            _ => {}
        }
    }

    /// `request.headers.addAll(map)`, `request.fields.addAll(map)`, `request.files.add(part)`:
    /// records it; false for a call on no request.
    fn call_on_request(&mut self, node: Node<'a>) -> bool {
        let Some((function, args, _)) = call_parts(node, self.code) else { return false };
        let t = text(function, self.code);
        let Some((object, rest)) = t.split_once('.') else { return false };
        if !self.built.contains_key(object) {
            return false;
        }
        let arg = args.first().and_then(|a| self.value(*a, 0));
        let Some(built) = self.built.get_mut(object) else { return false };
        match (rest, arg) {
            ("headers.addAll", Some(Val::Map(entries))) => {
                for (k, v) in map_strings(entries) {
                    built.request.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&k));
                    built.request.headers.push((k, v));
                }
            }
            ("fields.addAll", Some(Val::Map(entries))) => {
                for (k, v) in map_strings(entries) {
                    built.fields.retain(|p| p.name != k);
                    built.fields.push(ParsedPart { name: k, value: Some(v), ..Default::default() });
                }
            }
            ("files.add", Some(Val::Part(part))) => built.files.push(part),
            _ => {}
        }
        true
    }

    /// `http.get(uri, headers: ...)`, `http.post(uri, headers: ..., body: ...)` and the
    /// other verbs.
    fn verb_call(&self, node: Node<'a>) -> Option<ParsedRequest> {
        let (function, args, named_args) = call_parts(node, self.code)?;
        let name = text(function, self.code);
        let verb = name.strip_prefix("http.")?;
        if !matches!(verb, "get" | "post" | "put" | "patch" | "delete" | "head") {
            return None;
        }
        let url = args.first().and_then(|u| self.string(*u, 0));
        let mut request = ParsedRequest { method: Some(verb.to_ascii_uppercase()), url, ..Default::default() };
        let named_arg = |n: &str| named_args.iter().find(|(k, _)| k == n).and_then(|(_, v)| self.value(*v, 0));
        if let Some(Val::Map(headers)) = named_arg("headers") {
            request.headers = map_strings(headers);
        }
        request.basic = request.basic_in_header();
        match named_arg("body") {
            Some(Val::Str(s)) => {
                request.body = Some(s);
                request.body_defaults_to(TEXT);
            }
            Some(Val::Bytes(s)) => request.body = Some(s),
            Some(Val::FileBytes(p)) => request.file = Some(p),
            Some(Val::Map(fields)) => {
                request.form = Some(map_strings(fields));
                request.body_defaults_to(FORM);
            }
            _ => {}
        }
        Some(request)
    }
}

/// A map's string entries, in order.
fn map_strings(entries: Vec<(String, Val)>) -> Vec<(String, String)> {
    entries
        .into_iter()
        .filter_map(|(k, v)| match v {
            Val::Str(s) => Some((k, s)),
            _ => None,
        })
        .collect()
}

/// One escape sequence of a Dart string: `\n`, `\x41`, `\u0041`, `\u{1F600}`, `\$`, or any
/// other character after a backslash as itself.
fn unescape(escape: &str) -> Option<String> {
    let body = escape.strip_prefix('\\')?;
    let mut chars = body.chars();
    let c = chars.next()?;
    let rest = chars.as_str();
    let code = |hex: &str| u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map(String::from);
    Some(match c {
        'n' => "\n".into(),
        'r' => "\r".into(),
        't' => "\t".into(),
        'b' => "\u{8}".into(),
        'f' => "\u{c}".into(),
        'v' => "\u{b}".into(),
        'x' => code(rest)?,
        'u' => code(rest.trim_start_matches('{').trim_end_matches('}'))?,
        other => format!("{other}{rest}"),
    })
}

/// The value of one Dart string literal's source text, read as the reader reads it (for the
/// literal writer's tests).
#[cfg(test)]
pub(crate) fn string_value(literal: &str) -> Option<String> {
    let code = format!("final x = {literal};\n");
    let tree = parse(crate::grammars::dart(), &code);
    if tree.root_node().has_error() {
        return None;
    }
    let eval = Eval { code: &code, vars: HashMap::new(), built: HashMap::new() };
    let node = descendants(tree.root_node()).into_iter().find(|n| n.kind() == "string_literal")?;
    eval.string(node, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::kinds;

    fn pair(n: &str, v: &str) -> (String, String) {
        (n.to_string(), v.to_string())
    }

    #[test]
    fn reads_verb_calls_and_request_objects() {
        let code = "import 'package:http/http.dart' as http;\nconst token = 'T';\n\
            Future<void> main() async {\n  final uri = Uri.parse('https://h/x?a=1');\n\
              final r = await http.put(uri, headers: {'authorization': 'Bearer $token', \"x\": 'a' r'\\n'}, body: 'a=1');\n}\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.method.as_deref(), Some("PUT"));
        assert_eq!(a.request.url.as_deref(), Some("https://h/x?a=1"));
        assert_eq!(a.request.headers, vec![pair("authorization", "Bearer T"), pair("x", "a\\n")]);
        assert_eq!(a.request.implicit_headers, vec![pair("content-type", TEXT)]);

        let code =
            "Future<void> main() async {\n  final request = http.MultipartRequest('POST', Uri.parse('https://h/u'));\n\
              request.files.add(await http.MultipartFile.fromPath('f', 'd/a.png'));\n  request.fields['t'] = 'v';\n\
              request.headers['authorization'] = 'Basic ${base64Encode(utf8.encode('u:p'))}';\n\
              final response = await http.Response.fromStream(await request.send());\n}\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.basic, Some(pair("u", "p")));
        assert_eq!(
            a.request.parts,
            Some(vec![
                ParsedPart { name: "t".into(), value: Some("v".into()), ..Default::default() },
                crate::parse::testing::file_part("f", "d/a.png", "a.png", "application/octet-stream"),
            ])
        );
        let form = analyze(
            "void main() async {\n  await http.post(Uri.parse('https://h/f'), body: {'a': '1', 'b': 'x y'});\n}\n",
        );
        assert_eq!(form.request.form, Some(vec![pair("a", "1"), pair("b", "x y")]));
        assert_eq!(form.request.implicit_headers, vec![pair("content-type", FORM)]);
    }

    #[test]
    fn reports_certificate_checks_turned_off() {
        let code = "import 'dart:io';\nvoid main() {\n  final client = HttpClient();\n\
            client.badCertificateCallback = (cert, host, port) => true;\n}\n";
        let a = analyze(code);
        assert_eq!(kinds(&a), vec![IssueKind::Security]);
        assert_eq!(a.issues[0].line, 4);
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("final a = b;\nfinal b = a;\nvoid main() { http.post(a, headers: b, body: a); a.headers['x'] = a; }\n");
        analyze("final r = http.Request(r, r);\nvoid main() { r.files.add(r); r.bodyBytes = r; }\n");
    }
}
