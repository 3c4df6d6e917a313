//! Reads an R httr sample back into its request (tree-sitter-r): the first `VERB()`,
//! `GET()`, `POST()`, ... call (also as `httr::`), following the variables assigned before
//! it. Read from its arguments: the URL (and `query =`), the configs (`add_headers`,
//! `content_type`, `accept`, `user_agent`, `authenticate`, `set_cookies`, and `c()` or
//! `list()` of them), `body =` and `encode =`. String literals are decoded as R's parser does,
//! both quote styles and raw strings; what is computed (`paste0`, a function) is unknown.
//! Certificate checks turned off (`ssl_verifypeer` or `ssl_verifyhost` set to 0 or FALSE in
//! `config()`, `set_config()` or a curl handle) are reported.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::parse::literal::Unescape;
use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest,
};

/// Bounds recursion through variable chains (`a <- b; b <- a`) and nested values.
const MAX_DEPTH: usize = 64;

const INSECURE: &str = "The sample turns certificate checks off (ssl_verifypeer or ssl_verifyhost set to 0 or FALSE), so anyone on the network could read or change the request.";

/// httr's request functions; `VERB` takes the method first.
const VERBS: &[&str] = &["VERB", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::r(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new() };
    let mut request = ParsedRequest::default();
    let mut found = false;
    for node in descendants(tree.root_node()) {
        eval.bind(node);
        if turns_checks_off(&eval, node) {
            issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() });
        }
        if !found && node.kind() == "call" && callee(node, code).is_some_and(|f| VERBS.contains(&f)) {
            found = true;
            read_call(&eval, node, &mut request);
        }
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// The name a call calls: `VERB` of `VERB(...)` and of `httr::VERB(...)`.
fn callee<'c>(call: Node, code: &'c str) -> Option<&'c str> {
    (call.kind() == "call").then_some(())?;
    let function = call.child_by_field_name("function")?;
    let name = match function.kind() {
        "namespace_operator" => function.child_by_field_name("rhs")?,
        _ => function,
    };
    (name.kind() == "identifier").then(|| text(name, code))
}

/// A call's arguments in order: the name (decoded) where one is given, and the value.
fn arguments<'t>(call: Node<'t>, code: &str) -> Vec<(Option<String>, Node<'t>)> {
    let Some(list) = call.child_by_field_name("arguments") else { return Vec::new() };
    let mut cursor = list.walk();
    let mut out = Vec::new();
    for argument in list.named_children(&mut cursor).filter(|a| a.kind() == "argument") {
        let Some(value) = argument.child_by_field_name("value") else { continue };
        let name = argument.child_by_field_name("name").map(|n| name_text(n, code));
        out.push((name, value));
    }
    out
}

/// An argument or list name: an identifier (backquoted or not) or a string.
fn name_text(node: Node, code: &str) -> String {
    let raw = text(node, code);
    match node.kind() {
        "string" => string_literal(raw),
        _ if raw.len() >= 2 && raw.starts_with('`') && raw.ends_with('`') => unescape(&raw[1..raw.len() - 1]),
        _ => raw.to_string(),
    }
}

/// Variables of a sample and the expressions last assigned to them, read in source order.
struct Eval<'a> {
    code: &'a str,
    vars: HashMap<String, Node<'a>>,
}

impl<'a> Eval<'a> {
    /// Records `name <- value`, `name = value`, `name <<- value` and `value -> name`.
    fn bind(&mut self, node: Node<'a>) {
        if node.kind() != "binary_operator" {
            return;
        }
        let (Some(lhs), Some(operator), Some(rhs)) =
            (node.child_by_field_name("lhs"), node.child_by_field_name("operator"), node.child_by_field_name("rhs"))
        else {
            return;
        };
        let (target, value) = match text(operator, self.code) {
            "<-" | "=" | "<<-" => (lhs, rhs),
            "->" | "->>" => (rhs, lhs),
            _ => return,
        };
        if matches!(target.kind(), "identifier" | "string") {
            self.vars.insert(name_text(target, self.code), value);
        }
    }

    /// Follows variables (and parentheses) to the expression last assigned to them.
    fn resolve(&self, node: Node<'a>, depth: usize) -> Option<Node<'a>> {
        match node.kind() {
            _ if depth > MAX_DEPTH => None,
            "identifier" => self.resolve(*self.vars.get(&name_text(node, self.code))?, depth + 1),
            "parenthesized_expression" => self.resolve(node.child_by_field_name("body")?, depth + 1),
            _ => Some(node),
        }
    }

    /// The text a node stands for: a string literal, a number, a variable, or the bytes of
    /// `c()` of `charToRaw(text)` and `as.raw(n)` (how a text with NUL is written).
    fn string(&self, node: Node<'a>, depth: usize) -> Option<String> {
        Some(String::from_utf8_lossy(&self.bytes(node, depth)?).into_owned())
    }

    fn bytes(&self, node: Node<'a>, depth: usize) -> Option<Vec<u8>> {
        let node = self.resolve(node, depth)?;
        let code = self.code;
        match node.kind() {
            "string" => Some(string_literal(text(node, code)).into_bytes()),
            "integer" | "float" => Some(text(node, code).trim_end_matches('L').as_bytes().to_vec()),
            "call" => {
                let args = arguments(node, code);
                match (callee(node, code)?, args.as_slice()) {
                    ("charToRaw", [(None, value)]) => self.bytes(*value, depth + 1),
                    ("as.raw", [(None, value)]) => {
                        let n = number(text(self.resolve(*value, depth + 1)?, code))?;
                        Some(vec![u8::try_from(n).ok()?])
                    }
                    ("c", items) if !items.is_empty() => {
                        let mut out = Vec::new();
                        for (name, value) in items {
                            name.is_none().then_some(())?;
                            out.extend(self.bytes(*value, depth + 1)?);
                        }
                        Some(out)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Named items of `list(...)`, `c(...)` or `add_headers(...)`-like calls, in order; an item
    /// without a name or whose value is unknown is left out.
    fn pairs(&self, node: Node<'a>, depth: usize) -> Option<Vec<(String, Node<'a>)>> {
        let node = self.resolve(node, depth)?;
        (node.kind() == "call").then_some(())?;
        Some(arguments(node, self.code).into_iter().filter_map(|(name, value)| Some((name?, value))).collect())
    }

    /// An R value as the JSON jsonlite writes of it with `auto_unbox = TRUE`: a named list as
    /// an object, an unnamed one as an array, strings, numbers, `TRUE`, `FALSE`, `NA` (null).
    fn json(&self, node: Node<'a>, depth: usize) -> Option<serde_json::Value> {
        use serde_json::Value;
        let node = self.resolve(node, depth)?;
        let code = self.code;
        Some(match node.kind() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "na" => Value::Null,
            "integer" | "float" => serde_json::from_str(text(node, code).trim_end_matches('L')).ok()?,
            "call" if matches!(callee(node, code), Some("list" | "c")) => {
                let args = arguments(node, code);
                if !args.is_empty() && args.iter().all(|(n, _)| n.is_some()) {
                    let mut map = serde_json::Map::new();
                    for (name, value) in args {
                        map.insert(name.unwrap_or_default(), self.json(value, depth + 1)?);
                    }
                    Value::Object(map)
                } else {
                    Value::Array(args.into_iter().map(|(_, v)| self.json(v, depth + 1)).collect::<Option<_>>()?)
                }
            }
            _ => Value::String(self.string(node, depth)?),
        })
    }
}

/// An R number's value as an integer: `0`, `0L`, `0x00`, `1e3`.
fn number(text: &str) -> Option<i64> {
    let text = text.trim_end_matches('L');
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok();
    }
    let value: f64 = text.parse().ok()?;
    (value.fract() == 0.0).then_some(value as i64)
}

/// Reads one httr call into `request`.
fn read_call<'a>(eval: &Eval<'a>, call: Node<'a>, request: &mut ParsedRequest) {
    let code = eval.code;
    let verb = callee(call, code).unwrap_or_default();
    let args = arguments(call, code);
    let mut positional: Vec<Node> = args.iter().filter(|(n, _)| n.is_none()).map(|(_, v)| *v).collect();
    let named = |key: &str| args.iter().find(|(n, _)| n.as_deref() == Some(key)).map(|(_, v)| *v);
    request.method = if verb == "VERB" {
        let method = named("verb").or_else(|| (!positional.is_empty()).then(|| positional.remove(0)));
        method.and_then(|m| eval.string(m, 0)).map(|m| m.to_uppercase())
    } else {
        Some(verb.to_string())
    };
    let url = named("url").or_else(|| (!positional.is_empty()).then(|| positional.remove(0)));
    request.url = url.and_then(|u| eval.string(u, 0));
    if let (Some(url), Some(query)) = (request.url.as_mut(), named("query").and_then(|q| eval.pairs(q, 0))) {
        let encoded: Vec<String> = query
            .into_iter()
            .filter_map(|(n, v)| Some(format!("{}={}", curl_escape(&n), curl_escape(&eval.string(v, 0)?))))
            .collect();
        if !encoded.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&encoded.join("&"));
        }
    }
    for config in named("config").into_iter().chain(positional) {
        read_config(eval, config, request, 0);
    }
    let encode = named("encode").and_then(|e| eval.string(e, 0)).unwrap_or_else(|| "multipart".into());
    if let Some(body) = named("body") {
        read_body(eval, body, &encode, request);
    }
}

/// Reads one config argument: headers, the content type, credentials, cookies, or `c()` /
/// `list()` of configs.
fn read_config<'a>(eval: &Eval<'a>, node: Node<'a>, request: &mut ParsedRequest, depth: usize) {
    let code = eval.code;
    let Some(node) = eval.resolve(node, depth).filter(|n| n.kind() == "call" && depth < MAX_DEPTH) else {
        return;
    };
    let args = arguments(node, code);
    let first = || args.iter().find(|(n, _)| n.is_none()).and_then(|(_, v)| eval.string(*v, 0));
    let mut header = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            request.headers.push((name.to_string(), value));
        }
    };
    match callee(node, code).unwrap_or_default() {
        "add_headers" => {
            for (name, value) in &args {
                match name.as_deref() {
                    // `.headers = c(...)`, or a named vector given whole (`add_headers(headers)`).
                    Some(".headers") | None => {
                        for (name, value) in eval.pairs(*value, 0).unwrap_or_default() {
                            header(&name, eval.string(value, 0));
                        }
                    }
                    Some(name) => header(name, eval.string(*value, 0)),
                }
            }
        }
        "content_type" => header("content-type", first()),
        "content_type_json" => header("content-type", Some("application/json".into())),
        "content_type_xml" => header("content-type", Some("application/xml".into())),
        "accept" => header("Accept", first()),
        "accept_json" => header("Accept", Some("application/json".into())),
        "accept_xml" => header("Accept", Some("application/xml".into())),
        "user_agent" => header("user-agent", first()),
        "set_cookies" => {
            let mut cookies = Vec::new();
            for (name, value) in &args {
                let given = match name.as_deref() {
                    Some(".cookies") => eval.pairs(*value, 0).unwrap_or_default(),
                    Some(name) => vec![(name.to_string(), *value)],
                    None => Vec::new(),
                };
                for (name, value) in given {
                    if let Some(value) = eval.string(value, 0) {
                        cookies.push(format!("{name}={}", curl_escape(&value)));
                    }
                }
            }
            if !cookies.is_empty() {
                request.headers.push(("cookie".into(), cookies.join(";")));
            }
        }
        "authenticate" => {
            let positional: Vec<Node> = args.iter().filter(|(n, _)| n.is_none()).map(|(_, v)| *v).collect();
            let named = |key: &str| args.iter().find(|(n, _)| n.as_deref() == Some(key)).map(|(_, v)| *v);
            let user = named("user").or_else(|| positional.first().copied());
            let password = named("password").or_else(|| positional.get(1).copied());
            let kind = named("type").or_else(|| positional.get(2).copied()).and_then(|t| eval.string(t, 0));
            if kind.is_none_or(|t| t == "basic") {
                request.basic = user.and_then(|u| eval.string(u, 0)).zip(password.and_then(|p| eval.string(p, 0)));
            }
        }
        "c" | "list" => {
            for (_, value) in args {
                read_config(eval, value, request, depth + 1);
            }
        }
        _ => {}
    }
}

/// Reads `body =` as httr sends it for `encode`: a string or raw vector as it is, a file of
/// `upload_file()` (its type the content type), a named list as a form, JSON or multipart.
fn read_body<'a>(eval: &Eval<'a>, body: Node<'a>, encode: &str, request: &mut ParsedRequest) {
    let code = eval.code;
    let Some(node) = eval.resolve(body, 0) else { return };
    if let Some((path, content_type, _)) = file(eval, node) {
        request.file = Some(path);
        if let Some(content_type) = content_type {
            request.headers.push(("content-type".into(), content_type));
        }
        return;
    }
    if callee(node, code) != Some("list") {
        request.body = eval.string(node, 0);
        return;
    }
    match encode {
        "form" => {
            let pairs = eval.pairs(node, 0).unwrap_or_default();
            request.form = Some(pairs.into_iter().filter_map(|(n, v)| Some((n, eval.string(v, 0)?))).collect());
            request.body_defaults_to(crate::parse::FORM);
        }
        "json" => {
            request.body = eval.json(node, 0).map(|v| v.to_string());
            request.body_defaults_to("application/json");
        }
        "multipart" => {
            let mut parts = Vec::new();
            for (name, value) in eval.pairs(node, 0).unwrap_or_default() {
                let resolved = eval.resolve(value, 0);
                let part = match resolved.and_then(|v| file(eval, v)) {
                    Some((path, content_type, filename)) => ParsedPart {
                        name,
                        value: None,
                        filename: Some(filename.unwrap_or_else(|| basename(&path).to_string())),
                        file: Some(path),
                        content_type,
                    },
                    None => {
                        let data = resolved.filter(|v| callee(*v, code) == Some("form_data"));
                        let value = match data {
                            Some(call) => arguments(call, code).first().and_then(|(_, v)| eval.string(*v, 0)),
                            None => eval.string(value, 0),
                        };
                        ParsedPart { name, value: Some(value.unwrap_or_default()), ..Default::default() }
                    }
                };
                parts.push(part);
            }
            request.parts = Some(parts);
        }
        _ => {}
    }
}

/// A file of `upload_file(path, type)` or `curl::form_file(path, type, name)`: its path, type
/// and the file name it is sent under when one is given.
fn file<'a>(eval: &Eval<'a>, call: Node<'a>) -> Option<(String, Option<String>, Option<String>)> {
    matches!(callee(call, eval.code)?, "upload_file" | "form_file").then_some(())?;
    let args = arguments(call, eval.code);
    let positional: Vec<Node> = args.iter().filter(|(n, _)| n.is_none()).map(|(_, v)| *v).collect();
    let named = |key: &str| args.iter().find(|(n, _)| n.as_deref() == Some(key)).map(|(_, v)| *v);
    let get = |key: &str, at: usize| named(key).or_else(|| positional.get(at).copied()).and_then(|v| eval.string(v, 0));
    Some((get("path", 0)?, get("type", 1), get("name", 2)))
}

/// The last segment of a path, as libcurl names an uploaded file.
fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Percent-encodes every byte but RFC 3986's unreserved ones, as `curl::curl_escape` does.
fn curl_escape(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Does `node` turn certificate checks off: an `ssl_verifypeer` or `ssl_verifyhost` argument
/// of 0 or FALSE (in `config()`, `curl::handle_setopt()`, `new_handle()`, ...)?
fn turns_checks_off(eval: &Eval, node: Node) -> bool {
    if node.kind() != "argument" {
        return false;
    }
    let (Some(name), Some(value)) = (node.child_by_field_name("name"), node.child_by_field_name("value")) else {
        return false;
    };
    if !matches!(name_text(name, eval.code).as_str(), "ssl_verifypeer" | "ssl_verifyhost") {
        return false;
    }
    let value = eval.resolve(value, 0).unwrap_or(value);
    match value.kind() {
        "false" => true,
        "identifier" => text(value, eval.code) == "F",
        "integer" | "float" => number(text(value, eval.code)) == Some(0),
        _ => false,
    }
}

/// Decodes an R string literal with its quotes: `"..."`, `'...'` with R's escapes, or a raw
/// string `r"(...)"` (any of `rR`, either quote, `(`, `[` or `{`, and dashes) as written.
pub(crate) fn string_literal(literal: &str) -> String {
    let Some(quote) = literal.chars().find(|c| *c == '"' || *c == '\'') else { return literal.to_string() };
    let start = literal.find(quote).unwrap_or(0);
    let prefix = &literal[..start];
    let rest = &literal[start + 1..];
    if prefix.eq_ignore_ascii_case("r") {
        let dashes = rest.chars().take_while(|c| *c == '-').count();
        let Some(open) = rest[dashes..].chars().next() else { return String::new() };
        let close = match open {
            '(' => ')',
            '[' => ']',
            _ => '}',
        };
        let body = &rest[dashes + open.len_utf8()..];
        let end = format!("{close}{}{quote}", "-".repeat(dashes));
        return body.strip_suffix(end.as_str()).unwrap_or(body).to_string();
    }
    let body = rest.strip_suffix(quote).filter(|b| b.chars().rev().take_while(|c| *c == '\\').count() % 2 == 0);
    unescape(body.unwrap_or(rest))
}

/// R's escapes in a string or backquoted name. `\x`, octal and `\u`/`\U` are read as R reads
/// them (code points; a byte escape as the byte); an escape R does not know stays as written.
fn unescape(body: &str) -> String {
    let mut u = Unescape::new(body);
    while let Some(c) = u.next() {
        if c != '\\' {
            u.char(c);
            continue;
        }
        let Some(e) = u.next() else {
            u.char(c);
            break;
        };
        match e {
            'n' => u.byte(b'\n'),
            'r' => u.byte(b'\r'),
            't' => u.byte(b'\t'),
            'a' => u.byte(0x07),
            'b' => u.byte(0x08),
            'f' => u.byte(0x0c),
            'v' => u.byte(0x0b),
            '\\' | '"' | '\'' | '`' | ' ' | '\n' => u.char(e),
            '0'..='7' => {
                let n = u.octal(e, 0, 2).unwrap_or_default();
                u.byte((n & 0xff) as u8);
            }
            'x' => match u.digits(1, 2, 16) {
                Some((n, _)) => u.byte(n as u8),
                None => {
                    u.char('\\');
                    u.char(e);
                }
            },
            'u' | 'U' => {
                let max = if e == 'u' { 4 } else { 8 };
                let braced = u.peek() == Some('{');
                if braced {
                    u.next();
                }
                let digits = u.digits(1, max, 16);
                let closed = !braced || u.peek() == Some('}');
                match digits {
                    Some((n, _)) if closed => {
                        if braced {
                            u.next();
                        }
                        u.code_point(n);
                    }
                    _ => {
                        u.char('\\');
                        u.char(e);
                        if braced {
                            u.char('{');
                        }
                    }
                }
            }
            other => {
                u.char('\\');
                u.char(other);
            }
        }
    }
    u.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn decodes_r_string_literals() {
        assert_eq!(string_literal(r#""a\"b\\c\n\t\u{e9}\U{1F600}\x41\101\u00e9""#), "a\"b\\c\n\té😀AAé");
        assert_eq!(string_literal(r"'it\'s'"), "it's");
        assert_eq!(string_literal(r#"r"(a\b"c)""#), r#"a\b"c"#);
        assert_eq!(string_literal(r#"R'---[a)"']---'"#), r#"a)"'"#);
        assert_eq!(string_literal(r#"r"{x}""#), "x");
        assert_eq!(string_literal(r#""\q\u{zz}""#), r"\q\u{zz}");
    }

    /// The shapes published pages use: the verb functions, `httr::`, configs in variables and
    /// lists, `query =`, a JSON-encoded list, cookies and a form.
    #[test]
    fn reads_other_published_shapes() {
        let get = analyze(
            "library(httr)\nres <- httr::GET('https://h/x', query = list(q = 'a b', n = '1&2'), \
             add_headers(.headers = c(Authorization = 'Bearer T')), accept_json())\n",
        );
        assert_eq!(get.request.method.as_deref(), Some("GET"));
        assert_eq!(get.request.url.as_deref(), Some("https://h/x?q=a%20b&n=1%262"));
        assert_eq!(get.request.headers, vec![pair("Authorization", "Bearer T"), pair("Accept", "application/json")]);
        let json = analyze(
            "library(httr)\npayload <- list(k = list(1, NA, TRUE), s = \"é\")\n\
             POST(\"https://h/j\", body = payload, encode = \"json\", set_cookies(a = \"1\", b = \"x y\"))\n",
        );
        assert_eq!(json.request.body.as_deref(), Some(r#"{"k":[1,null,true],"s":"é"}"#));
        assert_eq!(json.request.headers, vec![pair("cookie", "a=1;b=x%20y")]);
        assert_eq!(json.request.implicit_headers, vec![pair("content-type", "application/json")]);
        let form = analyze(
            "library(httr)\nauth <- authenticate(\"u\", \"p\")\ncfg <- c(auth, add_headers(`x-a` = \"1\"))\n\
             PUT(\"https://h/t\", cfg, body = list(a = \"1\", `b c` = 'x y'), encode = \"form\")\n",
        );
        assert_eq!(form.request.form, Some(vec![pair("a", "1"), pair("b c", "x y")]));
        assert_eq!(form.request.basic, Some(pair("u", "p")));
        assert_eq!(form.request.headers, vec![pair("x-a", "1")]);
        let upload = analyze(
            "library(httr)\nPOST('https://h/u', body = list(note = 'n', f = upload_file('a/b.png'), \
             g = curl::form_file('c', type = 'text/plain', name = 'd.txt')))\n",
        );
        let parts = upload.request.parts.expect("parts");
        assert_eq!(parts[0], ParsedPart { name: "note".into(), value: Some("n".into()), ..Default::default() });
        assert_eq!((parts[1].file.as_deref(), parts[1].filename.as_deref()), (Some("a/b.png"), Some("b.png")));
        assert_eq!(parts[2], crate::parse::testing::file_part("g", "c", "d.txt", "text/plain"));
        // Postman's layout: a named vector of headers, statements ended by `;`.
        let postman = analyze(
            "library(httr)\n\nheaders = c(\n  'Content-Type' = 'application/json',\n  'x-a' = '1'\n)\n\n\
             body = '{\"a\": 1}';\n\nres <- VERB(\"PATCH\", url = \"https://h/p\", body = body, add_headers(headers))\n\n\
             cat(content(res, 'text'))\n",
        );
        assert_eq!(postman.request.method.as_deref(), Some("PATCH"));
        assert_eq!(postman.request.headers, vec![pair("Content-Type", "application/json"), pair("x-a", "1")]);
        assert_eq!(postman.request.body.as_deref(), Some(r#"{"a": 1}"#));
        let nul = analyze("library(httr)\nVERB('POST', 'https://h/n', body = c(charToRaw('a'), as.raw(0x00)))\n");
        assert_eq!(nul.request.body.as_deref(), Some("a\0"));
    }

    #[test]
    fn reports_certificate_checks_turned_off() {
        for off in [
            "httr::set_config(httr::config(ssl_verifypeer = FALSE))",
            "GET('https://h', config(ssl_verifypeer = 0L))",
            "GET('https://h', config(ssl_verifyhost = 0))",
            "h <- curl::new_handle(ssl_verifypeer = F)",
        ] {
            let analysis = analyze(&format!("library(httr)\n{off}\n"));
            assert_eq!(crate::parse::testing::kinds(&analysis), vec![IssueKind::Security], "{off}");
        }
        assert!(analyze("library(httr)\nGET('https://h', config(ssl_verifypeer = 1L))\n").issues.is_empty());
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("a <- b\nb <- a\nVERB(a, b, a, body = a, encode = a)\nVERB()\nPOST(body = list(a = upload_file()))\n");
        analyze("c(c(c(c(charToRaw(as.raw(1e400)))))\nVERB('x', body = c(as.raw(300), as.raw(-1)))\n");
        analyze("r\"---(\nr'\n\"\\u{\"\n`\\`\n");
    }
}
