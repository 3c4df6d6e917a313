//! Reads a Rust reqwest sample back into its request (tree-sitter-rust), decoding Rust string
//! literals exactly (plain, raw, byte strings, `\u{...}`, line continuations); a `format!` or
//! any other expression is no literal. The request is the builder chain that ends in
//! `.send()`: its verb (`.post(url)`, `.request(Method::PATCH, url)`), `.header`,
//! `.basic_auth`, `.bearer_auth`, `.query`, and its body: `.body` (a string, or a file's bytes
//! from `std::fs::read`), `.form` (pairs), `.json(&json!(...))` and `.multipart(form)` with
//! the `Form` chain that builds the form (`text`, `part` with `Part::bytes`, `file_name`,
//! `mime_str`). Turning certificate checks off (`danger_accept_invalid_*`) is reported.

use tree_sitter::Node;

use crate::parse::literal::Unescape;
use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest,
};

/// Bounds recursion through variable chains (`let a = b; let b = a;`).
const MAX_DEPTH: usize = 100;
const INSECURE: &str =
    "The sample turns certificate checks off (danger_accept_invalid_certs or _hostnames), so anyone on the network could read or change the request.";

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::rust(), code);
    let mut issues = syntax_issues(&tree, code);
    let nodes = descendants(tree.root_node());
    let mut eval = Eval { code, lets: Vec::new() };
    for node in &nodes {
        if node.kind() == "let_declaration" {
            let pattern = node.child_by_field_name("pattern").filter(|p| p.kind() == "identifier");
            if let (Some(pattern), Some(value)) = (pattern, node.child_by_field_name("value")) {
                eval.lets.push((text(pattern, code), node.end_byte(), value));
            }
        }
    }
    let mut request = ParsedRequest::default();
    let mut sent = false;
    for node in &nodes {
        if node.kind() != "call_expression" {
            continue;
        }
        let (name, args) = (eval.method_name(*node), arguments(*node));
        if name.starts_with("danger_accept_invalid") && args.first().is_some_and(|a| text(*a, code) == "true") {
            issues.push(Issue { kind: IssueKind::Security, line: line(*node), message: INSECURE.into() });
        }
        if !sent && name == "send" {
            sent = eval.read_request(*node, &mut request);
        }
    }
    if !sent {
        // `reqwest::get(url)`, the shortcut for one GET.
        let get = nodes.iter().find(|n| {
            n.kind() == "call_expression"
                && n.child_by_field_name("function").is_some_and(|f| text(f, code).ends_with("reqwest::get"))
        });
        if let Some(get) = get {
            request.method = Some("GET".into());
            request.url = arguments(*get).first().and_then(|u| eval.string(*u, 0));
        }
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// The arguments of a call.
fn arguments(call: Node) -> Vec<Node> {
    let Some(args) = call.child_by_field_name("arguments") else { return Vec::new() };
    let mut cursor = args.walk();
    args.named_children(&mut cursor).filter(|n| !n.kind().contains("comment") && n.kind() != "attribute_item").collect()
}

/// The named children of a node, comments left out.
fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|n| !n.kind().contains("comment")).collect()
}

struct Eval<'a> {
    code: &'a str,
    /// `let name = value;` in source order, with where each ends.
    lets: Vec<(&'a str, usize, Node<'a>)>,
}

impl<'a> Eval<'a> {
    /// The value of the last `let` of `ident` that ends before it is used.
    fn resolve(&self, ident: Node<'a>) -> Option<Node<'a>> {
        let name = text(ident, self.code);
        self.lets.iter().rev().find(|(n, end, _)| *n == name && *end <= ident.start_byte()).map(|(_, _, v)| *v)
    }

    /// The expression under `?`, `.await`, `.unwrap()`, parentheses, `&` and variables (a name bound by no
    /// `let`, a constant or parameter, is itself).
    fn unwrap(&self, mut node: Node<'a>, depth: usize) -> Option<Node<'a>> {
        for _ in depth..MAX_DEPTH {
            node = match node.kind() {
                "try_expression" | "await_expression" | "parenthesized_expression" => *named(node).first()?,
                "call_expression"
                    if matches!(self.method_name(node), "unwrap" | "expect")
                        && node.child_by_field_name("function").is_some() =>
                {
                    node.child_by_field_name("function")?.child_by_field_name("value")?
                }
                "reference_expression" => node.child_by_field_name("value")?,
                "identifier" => match self.resolve(node) {
                    Some(value) => value,
                    None => return Some(node),
                },
                _ => return Some(node),
            };
        }
        None
    }

    /// The method a call calls: `send` of `client.post(url).send()`; empty for a function.
    fn method_name(&self, call: Node) -> &'a str {
        call.child_by_field_name("function")
            .filter(|f| f.kind() == "field_expression")
            .and_then(|f| f.child_by_field_name("field"))
            .map(|f| text(f, self.code))
            .unwrap_or_default()
    }

    /// The path a function call calls, e.g. `std::fs::read`.
    fn function(&self, call: Node) -> &'a str {
        match call.child_by_field_name("function") {
            Some(f) if call.kind() == "call_expression" && f.kind() != "field_expression" => text(f, self.code),
            _ => "",
        }
    }

    /// The method calls of a chain ending at `outer`, innermost first, and what they are called
    /// on: through `?`, `.await` and variables (`let request = client.post(url);`).
    fn chain(&self, outer: Node<'a>) -> (Vec<Node<'a>>, Option<Node<'a>>) {
        let mut links = Vec::new();
        let mut at = self.unwrap(outer, 0);
        while let Some(node) = at {
            let receiver = node
                .child_by_field_name("function")
                .filter(|f| node.kind() == "call_expression" && f.kind() == "field_expression")
                .and_then(|f| f.child_by_field_name("value"));
            let Some(receiver) = receiver else { break };
            if links.len() > MAX_DEPTH {
                return (Vec::new(), None);
            }
            links.push(node);
            at = self.unwrap(receiver, 0);
        }
        links.reverse();
        (links, at)
    }

    /// Reads the builder chain ending in `.send()`; false when it names no verb.
    fn read_request(&self, send: Node<'a>, request: &mut ParsedRequest) -> bool {
        let (links, _) = self.chain(send);
        let Some(start) = links.iter().position(|l| {
            matches!(self.method_name(*l), "get" | "post" | "put" | "patch" | "delete" | "head" | "request")
        }) else {
            return false;
        };
        let mut query = Vec::new();
        let mut implicit = None;
        for link in &links[start..] {
            let args = arguments(*link);
            let arg = |i: usize| args.get(i).and_then(|a| self.string(*a, 0));
            match self.method_name(*link) {
                "request" => {
                    request.method = args.first().and_then(|m| self.method(*m));
                    request.url = arg(1);
                }
                verb @ ("get" | "post" | "put" | "patch" | "delete" | "head") => {
                    request.method = Some(verb.to_uppercase());
                    request.url = arg(0);
                }
                "header" => {
                    let name = args.first().and_then(|n| self.header_name(*n));
                    request.headers.extend(name.zip(args.get(1).and_then(|v| self.header_value(*v))));
                }
                "headers" => {
                    if let Some(map) = args.first().and_then(|m| self.unwrap_to_name(*m)) {
                        self.header_map(map, *link, &mut request.headers);
                    }
                }
                "basic_auth" => {
                    let password = match args.get(1).and_then(|p| self.unwrap(*p, 0)) {
                        Some(p) if p.kind() == "call_expression" && self.function(p) == "Some" => {
                            arguments(p).first().and_then(|p| self.string(*p, 0))
                        }
                        Some(p) if text(p, self.code).starts_with("None") => Some(String::new()),
                        _ => None,
                    };
                    request.basic = arg(0).zip(password);
                }
                "bearer_auth" => {
                    request.headers.extend(arg(0).map(|t| ("authorization".into(), format!("Bearer {t}"))))
                }
                "query" => query.extend(args.first().and_then(|p| self.pairs(*p)).unwrap_or_default()),
                "body" => match args.first().and_then(|b| self.file(*b)) {
                    Some(path) => request.file = Some(path),
                    None => request.body = arg(0),
                },
                "form" => {
                    request.form = args.first().and_then(|p| self.pairs(*p));
                    implicit = Some(crate::parse::FORM);
                }
                "json" => {
                    request.body = args.first().and_then(|j| self.json(*j));
                    implicit = Some("application/json");
                }
                "multipart" => {
                    request.parts = args.first().and_then(|f| self.form(*f));
                    implicit = Some("multipart/form-data");
                }
                _ => {}
            }
        }
        if let Some(url) = request.url.as_mut().filter(|_| !query.is_empty()) {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&form_urlencoded(&query));
        }
        if let Some(content_type) = implicit {
            request.body_defaults_to(content_type);
        }
        true
    }

    /// `reqwest::Method::PATCH`, `Method::from_bytes(b"PATCH")?`, `"PATCH".parse()?`.
    fn method(&self, node: Node<'a>) -> Option<String> {
        let node = self.unwrap(node, 0)?;
        match node.kind() {
            "scoped_identifier" => Some(text(node.child_by_field_name("name")?, self.code).to_string()),
            "call_expression" if self.function(node).ends_with("Method::from_bytes") => {
                self.string(*arguments(node).first()?, 0)
            }
            "call_expression" if self.method_name(node) == "parse" => {
                let value = node.child_by_field_name("function")?.child_by_field_name("value")?;
                self.string(value, 0)
            }
            _ => self.string(node, 0),
        }
    }

    /// A header name: a string, or a constant of `reqwest::header` (`CONTENT_TYPE`).
    fn header_name(&self, node: Node<'a>) -> Option<String> {
        let resolved = self.unwrap(node, 0)?;
        let constant = match resolved.kind() {
            "scoped_identifier" => resolved.child_by_field_name("name").map(|n| text(n, self.code)),
            "identifier" => Some(text(resolved, self.code)),
            _ => None,
        };
        if resolved.kind() == "call_expression" && self.function(resolved).ends_with("HeaderName::from_static") {
            return self.string(*arguments(resolved).first()?, 0);
        }
        match constant {
            Some(c) if c.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit()) => {
                Some(c.to_ascii_lowercase().replace('_', "-"))
            }
            _ => self.string(node, 0),
        }
    }

    /// A header value: a string, `"v".parse()?`, `HeaderValue::from_static("v")` (or `from_str`).
    fn header_value(&self, node: Node<'a>) -> Option<String> {
        let node = self.unwrap(node, 0)?;
        if node.kind() == "call_expression" {
            let function = self.function(node);
            if function.ends_with("HeaderValue::from_static") || function.ends_with("HeaderValue::from_str") {
                return self.string(*arguments(node).first()?, 0);
            }
            if self.method_name(node) == "parse" && arguments(node).is_empty() {
                return self.string(node.child_by_field_name("function")?.child_by_field_name("value")?, 0);
            }
        }
        self.string(node, 0)
    }

    /// The variable an argument names, under `&`, `.clone()` and parentheses.
    fn unwrap_to_name(&self, mut node: Node<'a>) -> Option<&'a str> {
        for _ in 0..MAX_DEPTH {
            node = match node.kind() {
                "identifier" => return Some(text(node, self.code)),
                "reference_expression" => node.child_by_field_name("value")?,
                "parenthesized_expression" => *named(node).first()?,
                "call_expression" if self.method_name(node) == "clone" => {
                    node.child_by_field_name("function")?.child_by_field_name("value")?
                }
                _ => return None,
            };
        }
        None
    }

    /// The headers of a `HeaderMap` variable, as the `insert` (which replaces a name) and
    /// `append` calls on it before `used` give them, in order.
    fn header_map(&self, map: &str, used: Node<'a>, headers: &mut Vec<(String, String)>) {
        let root = {
            let mut n = used;
            while let Some(p) = n.parent() {
                n = p;
            }
            n
        };
        for call in descendants(root) {
            if call.kind() != "call_expression" || call.start_byte() >= used.start_byte() {
                continue;
            }
            let on_map = call
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("value"))
                .is_some_and(|v| v.kind() == "identifier" && text(v, self.code) == map);
            let method = self.method_name(call);
            if !on_map || !matches!(method, "insert" | "append") {
                continue;
            }
            let args = arguments(call);
            let name = args.first().and_then(|n| self.header_name(*n));
            let value = args.get(1).and_then(|v| self.header_value(*v));
            if let (Some(name), Some(value)) = (name, value) {
                if method == "insert" {
                    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
                }
                headers.push((name, value));
            }
        }
    }

    /// The text an expression stands for: a string literal, a variable, and the conversions
    /// that keep the text (`.to_string()`, `String::from(..)`, `.into()`...).
    fn string(&self, node: Node<'a>, depth: usize) -> Option<String> {
        let node = self.unwrap(node, depth)?;
        match node.kind() {
            "string_literal" | "raw_string_literal" => decode(text(node, self.code)),
            "call_expression" if depth < MAX_DEPTH => {
                let function = self.function(node);
                if matches!(function, "String::from" | "str::to_string" | "str::to_owned" | "Url::parse")
                    || function.ends_with("Url::parse")
                {
                    return self.string(*arguments(node).first()?, depth + 1);
                }
                let keeps = matches!(
                    self.method_name(node),
                    "to_string" | "to_owned" | "into" | "as_str" | "as_bytes" | "to_vec" | "as_ref" | "clone"
                );
                (keeps && arguments(node).is_empty()).then_some(())?;
                self.string(node.child_by_field_name("function")?.child_by_field_name("value")?, depth + 1)
            }
            _ => None,
        }
    }

    /// The path of `std::fs::read(path)` (or `fs::read`, `tokio::fs::read(path).await`).
    fn file(&self, node: Node<'a>) -> Option<String> {
        let node = self.unwrap(node, 0)?;
        let function = self.function(node);
        (function == "read" || function.ends_with("fs::read")).then_some(())?;
        self.string(*arguments(node).first()?, 0)
    }

    /// `&[("a", "1"), ("b", "2")]` (or `vec![...]`) as pairs, in order.
    fn pairs(&self, node: Node<'a>) -> Option<Vec<(String, String)>> {
        let node = self.unwrap(node, 0)?;
        let items = match node.kind() {
            "array_expression" => named(node),
            "macro_invocation" if node.child_by_field_name("macro").is_some_and(|m| text(m, self.code) == "vec") => {
                return self.vec_pairs(node);
            }
            _ => return None,
        };
        items
            .into_iter()
            .map(|item| match named(item).as_slice() {
                [n, v] if item.kind() == "tuple_expression" => Some((self.string(*n, 0)?, self.string(*v, 0)?)),
                _ => None,
            })
            .collect()
    }

    /// The pairs of `vec![("a", "1"), ...]`, whose items are token trees to tree-sitter.
    fn vec_pairs(&self, node: Node<'a>) -> Option<Vec<(String, String)>> {
        let tokens = named(node).into_iter().find(|n| n.kind() == "token_tree")?;
        named(tokens)
            .into_iter()
            .map(|pair| match named(pair).as_slice() {
                [n, v] if pair.kind() == "token_tree" => Some((self.string(*n, 0)?, self.string(*v, 0)?)),
                _ => None,
            })
            .collect()
    }

    /// `&serde_json::json!(...)` whose tokens are JSON, or `serde_json::from_str(text)?`, as
    /// compact JSON (what `.json` sends).
    fn json(&self, node: Node<'a>) -> Option<String> {
        let node = self.unwrap(node, 0)?;
        if node.kind() == "call_expression" && self.function(node).ends_with("from_str") {
            let text = self.string(*arguments(node).first()?, 0)?;
            let value: serde_json::Value = serde_json::from_str(&text).ok()?;
            return serde_json::to_string(&value).ok();
        }
        let is_json = node.child_by_field_name("macro").is_some_and(|m| text(m, self.code).ends_with("json"));
        (node.kind() == "macro_invocation" && is_json).then_some(())?;
        let tokens = named(node).into_iter().find(|n| n.kind() == "token_tree")?;
        let inner = text(tokens, self.code);
        let value: serde_json::Value = serde_json::from_str(inner.get(1..inner.len().checked_sub(1)?)?).ok()?;
        serde_json::to_string(&value).ok()
    }

    /// The parts of a `Form::new()` chain: `.text(name, value)`, `.part(name, part)`.
    fn form(&self, node: Node<'a>) -> Option<Vec<ParsedPart>> {
        let (links, root) = self.chain(node);
        (self.function(root?).ends_with("Form::new")).then_some(())?;
        let mut parts = Vec::new();
        for link in links {
            let args = arguments(link);
            let arg = |i: usize| args.get(i).and_then(|a| self.string(*a, 0));
            match self.method_name(link) {
                "text" => parts.push(ParsedPart { name: arg(0)?, value: Some(arg(1)?), ..Default::default() }),
                "part" => parts.push(self.part(arg(0)?, *args.get(1)?)?),
                _ => {}
            }
        }
        Some(parts)
    }

    /// A `Part::bytes(std::fs::read(path)?)` (or `Part::text(value)`) chain with its
    /// `file_name` and `mime_str`.
    fn part(&self, name: String, node: Node<'a>) -> Option<ParsedPart> {
        let (links, root) = self.chain(node);
        let root = root?;
        let made = self.function(root);
        let content = *arguments(root).first()?;
        let mut part = ParsedPart { name, ..Default::default() };
        if made.ends_with("Part::bytes") || made.ends_with("Part::text") {
            match self.file(content) {
                Some(path) => part.file = Some(path),
                None => part.value = Some(self.string(content, 0)?),
            }
        } else {
            return None;
        }
        for link in links {
            let value = arguments(link).first().and_then(|a| self.string(*a, 0));
            match self.method_name(link) {
                "file_name" => part.filename = value,
                "mime_str" => part.content_type = value,
                _ => {}
            }
        }
        Some(part)
    }
}

/// What reqwest's `.query` appends: `application/x-www-form-urlencoded` as the url crate
/// writes it (alphanumerics and `*-._` kept, space as `+`).
fn form_urlencoded(pairs: &[(String, String)]) -> String {
    let encode = |s: &str| {
        let mut out = String::new();
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(b as char),
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    pairs.iter().map(|(n, v)| format!("{}={}", encode(n), encode(v))).collect::<Vec<_>>().join("&")
}

/// The value of a Rust string literal as written: `"..."` with its escapes, raw `r#"..."#`,
/// and their byte-string forms (`b"..."`, `br"..."`, read as UTF-8). A line break in the
/// source is CRLF or LF, and is LF in the value (rustc normalizes it). `None` for what would
/// not compile: an unknown escape, a `\x` above 7F in a string, an unclosed literal.
pub(crate) fn decode(literal: &str) -> Option<String> {
    let (bytes, rest) = match literal.strip_prefix('b') {
        Some(rest) => (true, rest),
        None => (false, literal),
    };
    if let Some(raw) = rest.strip_prefix('r') {
        let hashes = raw.chars().take_while(|c| *c == '#').count();
        let fence = "#".repeat(hashes);
        let body = raw[hashes..].strip_prefix('"')?.strip_suffix(fence.as_str())?.strip_suffix('"')?;
        return Some(body.replace("\r\n", "\n"));
    }
    let body = rest.strip_prefix('"')?.strip_suffix('"')?;
    let body = body.replace("\r\n", "\n");
    let mut u = Unescape::new(&body);
    while let Some(c) = u.next() {
        if c != '\\' {
            u.char(c);
            continue;
        }
        match u.next()? {
            'n' => u.char('\n'),
            'r' => u.char('\r'),
            't' => u.char('\t'),
            '0' => u.char('\0'),
            c @ ('\\' | '\'' | '"') => u.char(c),
            'x' => {
                let (n, _) = u.digits(2, 2, 16)?;
                if n > 0x7F && !bytes {
                    return None;
                }
                u.byte(n as u8);
            }
            'u' if !bytes => {
                let digits = u.braced()?.replace('_', "");
                if digits.is_empty() || digits.len() > 6 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                u.char(char::from_u32(u32::from_str_radix(&digits, 16).ok()?)?);
            }
            '\n' => {
                // A line continuation: the line break and the whitespace that follows go.
                while u.peek().is_some_and(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) {
                    u.next();
                }
            }
            _ => return None,
        }
    }
    Some(u.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing;

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn decodes_every_literal_form() {
        assert_eq!(decode(r#""a\"b\\c\n\r\t\0\x41\u{1F600}\u{1_F6_00}\'""#).as_deref(), Some("a\"b\\c\n\r\t\0A😀😀'"));
        assert_eq!(decode("\"one \\\n    two\\\r\n\t three\"").as_deref(), Some("one twothree"));
        assert_eq!(decode("\"a\r\nb\"").as_deref(), Some("a\nb"));
        assert_eq!(decode(r###"r##"a"#b"##"###).as_deref(), Some("a\"#b"));
        assert_eq!(decode(r#"r"a\n""#).as_deref(), Some("a\\n"));
        assert_eq!(decode(r#"b"\xC3\xA9""#).as_deref(), Some("é"));
        assert_eq!(decode(r##"br#"x"y"#"##).as_deref(), Some("x\"y"));
        for broken in [
            r#""\xC3""#,
            r#""\q""#,
            r#""\u{}""#,
            r#""\u{110000}""#,
            r#""\u{D800}""#,
            "\"a",
            r#"r#"a""#,
            r#""a\""#,
            r#"b"\u{41}""#,
        ] {
            assert_eq!(decode(broken), None, "{broken}");
        }
    }

    #[test]
    fn reads_the_builder_chain_and_its_body() {
        let code = r#"use reqwest::header::{CONTENT_TYPE, AUTHORIZATION};

#[tokio::main]
async fn main() -> Result<(), reqwest::Error> {
    let base = "https://h.example/a";
    let client = reqwest::Client::builder().build()?;
    let request = client
        .request(reqwest::Method::PATCH, base)
        .query(&[("q", "a b"), ("n", "1&2~")])
        .header(CONTENT_TYPE, "application/json")
        .header(reqwest::header::ACCEPT, String::from("*/*"))
        .bearer_auth("T");
    let response = request.json(&serde_json::json!({"a": [1, null, "x"]})).send().await?;
    println!("{}", response.status());
    Ok(())
}
"#;
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("https://h.example/a?q=a+b&n=1%262%7E"));
        assert_eq!(
            a.request.headers,
            vec![pair("content-type", "application/json"), pair("accept", "*/*"), pair("authorization", "Bearer T")]
        );
        assert_eq!(a.request.body.as_deref(), Some(r#"{"a":[1,null,"x"]}"#));
        assert_eq!(a.request.implicit_headers, vec![]);
        let form = analyze(
            "let r = reqwest::blocking::Client::new().post(\"https://h/t\").basic_auth(\"u\", None::<&str>)\
             .form(&vec![(\"a\", \"1\"), (\"a\", \"2\")]).send()?;",
        );
        assert_eq!(form.request.form, Some(vec![pair("a", "1"), pair("a", "2")]));
        assert_eq!(form.request.basic, Some(pair("u", "")));
        assert_eq!(form.request.implicit_headers, vec![pair("content-type", crate::parse::FORM)]);
        let get = analyze("let body = reqwest::get(\"https://h/g\").await?.text().await?;");
        assert_eq!((get.request.method.as_deref(), get.request.url.as_deref()), (Some("GET"), Some("https://h/g")));
        let file = analyze("client.put(\"https://h/b\").body(tokio::fs::read(\"a b.bin\").await?).send().await?;");
        assert_eq!(file.request.file.as_deref(), Some("a b.bin"));
        // A URL built by `format!` is no literal: unknown, not guessed.
        let built = analyze("client.get(format!(\"https://h/{}\", id)).send().await?;");
        assert_eq!((built.request.method.as_deref(), built.request.url), (Some("GET"), None));
    }

    /// The layout Postman's code generator writes: a `HeaderMap` and a JSON string parsed.
    #[test]
    fn reads_a_header_map_and_parsed_json() {
        let code = r##"#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = reqwest::Client::builder()
        .build()?;

    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("Content-Type", "application/json".parse()?);
    headers.insert("x-a", reqwest::header::HeaderValue::from_static("1"));
    headers.append("x-a", "2".parse().unwrap());
    headers.insert("content-type", "application/json; charset=utf-8".parse()?);

    let data = r#"{
    "a": [1, "b"]
}"#;

    let json: serde_json::Value = serde_json::from_str(&data)?;

    let request = client.request(reqwest::Method::POST, "https://h/p")
        .headers(headers)
        .json(&json);

    let response = request.send().await?;
    let body = response.text().await?;

    println!("{}", body);

    Ok(())
}
"##;
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!((a.request.method.as_deref(), a.request.url.as_deref()), (Some("POST"), Some("https://h/p")));
        assert_eq!(
            a.request.headers,
            vec![pair("x-a", "1"), pair("x-a", "2"), pair("content-type", "application/json; charset=utf-8")]
        );
        assert_eq!(a.request.body.as_deref(), Some(r#"{"a":[1,"b"]}"#));
    }

    #[test]
    fn reads_multipart_forms_as_built() {
        let code = "let form = reqwest::multipart::Form::new()\n    .text(\"a\", \"v\")\n    \
            .part(\"f\", reqwest::multipart::Part::bytes(std::fs::read(\"d.png\")?).file_name(\"x.png\").mime_str(\"image/png\")?)\n    \
            .part(\"t\", Part::text(\"w\"));\n\
            let response = client.post(\"https://h/u\").multipart(form).send().await?;\n";
        let a = analyze(code);
        assert_eq!(
            a.request.parts,
            Some(vec![
                ParsedPart { name: "a".into(), value: Some("v".into()), ..Default::default() },
                testing::file_part("f", "d.png", "x.png", "image/png"),
                ParsedPart { name: "t".into(), value: Some("w".into()), ..Default::default() },
            ])
        );
        assert_eq!(a.request.implicit_headers, vec![pair("content-type", "multipart/form-data")]);
    }

    #[test]
    fn reports_certificate_checks_turned_off() {
        let code = "let client = reqwest::Client::builder().danger_accept_invalid_certs(true).build()?;\n";
        assert_eq!(testing::kinds(&analyze(code)), vec![IssueKind::Security]);
        let on = "let client = reqwest::Client::builder().danger_accept_invalid_certs(false).build()?;\n";
        assert_eq!(testing::kinds(&analyze(on)), vec![]);
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("let a = b; let b = a; a.post(b).header(a, b).body(a).send();");
        analyze("let a = a.header(a, a); let a = a.post(a); a.send();");
        analyze("x.multipart(Form::new().part(1, Part::bytes()).text()).post().send();");
        analyze("client.request(Method::from_bytes(), ).json(&json!()).form(&vec![(1,)]).send()");
    }
}
