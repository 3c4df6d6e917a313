//! What the Python readers (http.client, requests, httpx) share: decoding string literals,
//! following variables to what was assigned to them, reading a Python value as JSON, and
//! spotting certificate checks turned off.
//!
//! Not read: `\N{...}` escapes and f-string fields (kept as written).

use std::collections::HashMap;

use serde_json::Value;
use tree_sitter::Node;

use super::literal::Unescape;
use super::text;

/// Bounds recursion through variable chains (`a = b; b = a`) and nested values.
const MAX_DEPTH: usize = 100;

/// What a reader says of a sample that turns certificate checks off.
pub const INSECURE: &str =
    "The sample turns certificate checks off (unverified SSL context, check_hostname = False, CERT_NONE, verify=False or ssl=False), so anyone on the network could read or change the request.";

/// Does `node` turn certificate checks off? An assignment to `check_hostname`, `verify`,
/// `verify_ssl` or `assert_hostname` of a false value or `verify_mode = 0`; a keyword argument
/// `verify=False` (requests, httpx), `ssl=False` / `verify_ssl=False` (aiohttp),
/// `cert_reqs='CERT_NONE'` (urllib3); a use of `CERT_NONE` or `_create_unverified_context`
/// other than a comparison.
pub fn turns_checks_off(node: Node, code: &str) -> bool {
    match node.kind() {
        "assignment" => {
            let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
            else {
                return false;
            };
            match left.child_by_field_name("attribute").filter(|_| left.kind() == "attribute").map(|a| text(a, code)) {
                Some("check_hostname" | "verify" | "verify_ssl" | "assert_hostname") => falsy(right, code),
                Some("verify_mode") => text(right, code).trim() == "0",
                _ => false,
            }
        }
        "keyword_argument" => {
            let Some(value) = node.child_by_field_name("value") else { return false };
            match node.child_by_field_name("name").map(|n| text(n, code)) {
                Some("check_hostname" | "verify" | "verify_ssl" | "ssl" | "assert_hostname") => falsy(value, code),
                Some("cert_reqs" | "verify_mode") => {
                    value.kind() == "string" && text(value, code).contains("CERT_NONE") || text(value, code) == "0"
                }
                _ => false,
            }
        }
        "identifier" if matches!(text(node, code), "CERT_NONE" | "_create_unverified_context") => {
            // The outermost reference (`ssl.CERT_NONE`), unless it is only compared.
            let mut outer = node;
            while let Some(parent) = outer.parent().filter(|p| p.kind() == "attribute") {
                outer = parent;
            }
            outer.parent().is_none_or(|p| p.kind() != "comparison_operator")
        }
        _ => false,
    }
}

/// `False`, `0` or `not True`: a setting written to be off.
pub fn falsy(node: Node, code: &str) -> bool {
    match node.kind() {
        "false" => true,
        "integer" => text(node, code) == "0",
        "parenthesized_expression" => node.named_child(0).is_some_and(|n| falsy(n, code)),
        "not_operator" => node
            .child_by_field_name("argument")
            .is_some_and(|a| matches!(a.kind(), "true" | "integer") && text(a, code) != "0"),
        _ => false,
    }
}

/// Variables of a sample and the expressions last assigned to them, read in source order.
pub struct Eval<'a> {
    pub code: &'a str,
    pub vars: HashMap<String, Node<'a>>,
}

impl<'a> Eval<'a> {
    pub fn new(code: &'a str) -> Self {
        Eval { code, vars: HashMap::new() }
    }

    /// Records what `node` binds, if it binds: `name = value`, and `with open(path) as file:`,
    /// which binds `file` to the `open(...)` call.
    pub fn bind(&mut self, node: Node<'a>) {
        match node.kind() {
            "assignment" => {
                if let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                {
                    if left.kind() == "identifier" {
                        self.vars.insert(text(left, self.code).to_string(), right);
                    }
                }
            }
            "as_pattern" => {
                let target = node.child_by_field_name("alias").and_then(|a| named(a).into_iter().next());
                if let (Some(value), Some(target)) = (named(node).first(), target) {
                    if target.kind() == "identifier" {
                        self.vars.insert(text(target, self.code).to_string(), *value);
                    }
                }
            }
            _ => {}
        }
    }

    /// Follows variables to the expression last assigned to them.
    pub fn resolve(&self, node: Node<'a>, depth: usize) -> Option<Node<'a>> {
        match node.kind() {
            _ if depth > MAX_DEPTH => None,
            "identifier" => self.resolve(*self.vars.get(text(node, self.code))?, depth + 1),
            "parenthesized_expression" => self.resolve(*named(node).last()?, depth + 1),
            _ => Some(node),
        }
    }

    /// The string a node stands for: a literal (str or bytes), adjacent literals, a variable,
    /// `a + b`, `"...".encode(...)`, `base64.b64encode(...)` of a string, or a number.
    pub fn string(&self, node: Node, depth: usize) -> Option<String> {
        let node = self.resolve(node, depth)?;
        let code = self.code;
        match node.kind() {
            "string" => Some(string_literal(text(node, code))),
            "concatenated_string" => named(node).into_iter().map(|s| self.string(s, depth + 1)).collect(),
            "integer" | "float" => Some(text(node, code).replace('_', "")),
            "binary_operator" if node.child_by_field_name("operator").is_some_and(|o| text(o, code) == "+") => {
                let left = self.string(node.child_by_field_name("left")?, depth + 1)?;
                Some(left + &self.string(node.child_by_field_name("right")?, depth + 1)?)
            }
            "call" if callee(node, code) == Some("b64encode") => {
                let argument = node.child_by_field_name("arguments").and_then(|a| named(a).into_iter().next())?;
                Some(crate::request::base64(self.string(argument, depth + 1)?.as_bytes()))
            }
            "call" => {
                let function = node.child_by_field_name("function").filter(|f| f.kind() == "attribute")?;
                let method = text(function.child_by_field_name("attribute")?, code);
                matches!(method, "encode" | "decode").then_some(())?;
                self.string(function.child_by_field_name("object")?, depth + 1)
            }
            _ => None,
        }
    }

    /// A Python value as the JSON `json.dumps` makes of it: dicts (string keys), lists and
    /// tuples, strings, numbers, `True`, `False` and `None`.
    pub fn json(&self, node: Node, depth: usize) -> Option<Value> {
        let node = self.resolve(node, depth)?;
        let code = self.code;
        Some(match node.kind() {
            "dictionary" => {
                let mut map = serde_json::Map::new();
                for pair in named(node) {
                    (pair.kind() == "pair").then_some(())?;
                    let key = self.string(pair.child_by_field_name("key")?, depth + 1)?;
                    map.insert(key, self.json(pair.child_by_field_name("value")?, depth + 1)?);
                }
                Value::Object(map)
            }
            "list" | "tuple" => {
                Value::Array(named(node).into_iter().map(|v| self.json(v, depth + 1)).collect::<Option<_>>()?)
            }
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "none" => Value::Null,
            "integer" | "float" | "unary_operator" => serde_json::from_str(&text(node, code).replace('_', "")).ok()?,
            _ => Value::String(self.string(node, depth)?),
        })
    }

    /// Name and value pairs of a list (or tuple) of `(name, value)` pairs or of a dict, in order.
    pub fn pairs(&self, node: Node<'a>) -> Option<Vec<(String, String)>> {
        let node = self.resolve(node, 0)?;
        matches!(node.kind(), "list" | "tuple" | "dictionary").then_some(())?;
        let pair = |item: Node<'a>| -> Option<(String, String)> {
            let (name, value) = match item.kind() {
                "pair" => (item.child_by_field_name("key")?, item.child_by_field_name("value")?),
                _ => match named(self.resolve(item, 0)?)[..] {
                    [name, value] => (name, value),
                    _ => return None,
                },
            };
            Some((self.string(name, 0)?, self.string(value, 0)?))
        };
        Some(named(node).into_iter().filter_map(pair).collect())
    }

    /// The path of the file a node reads: `open(path, ...)` (or a variable bound to it by
    /// `with open(path) as file`), `open(path).read()`, `Path(path).read_bytes()`.
    pub fn file(&self, node: Node<'a>) -> Option<String> {
        let node = self.resolve(node, 0)?;
        let first = |call: Node<'a>| call.child_by_field_name("arguments").and_then(|a| named(a).into_iter().next());
        match callee(node, self.code)? {
            "open" => self.string(first(node)?, 0),
            "read" | "read_bytes" => {
                let object = node.child_by_field_name("function")?.child_by_field_name("object")?;
                let object = self.resolve(object, 0)?;
                match callee(object, self.code)? {
                    "open" | "Path" => self.string(first(object)?, 0),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// The name a call calls: `open` of `open(...)`, `urlencode` of `urllib.parse.urlencode(...)`.
pub fn callee<'c>(call: Node, code: &'c str) -> Option<&'c str> {
    (call.kind() == "call").then_some(())?;
    let function = call.child_by_field_name("function")?;
    Some(text(function.child_by_field_name("attribute").unwrap_or(function), code))
}

/// A node's named children, comments left out.
pub fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect()
}

/// Positional arguments and keyword arguments by name.
pub fn arguments<'t>(call: Node<'t>, code: &str) -> (Vec<Node<'t>>, HashMap<String, Node<'t>>) {
    let (mut positional, mut keywords) = (Vec::new(), HashMap::new());
    for arg in call.child_by_field_name("arguments").map(named).unwrap_or_default() {
        match (arg.kind(), arg.child_by_field_name("name"), arg.child_by_field_name("value")) {
            ("keyword_argument", Some(name), Some(value)) => {
                keywords.insert(text(name, code).to_string(), value);
            }
            ("keyword_argument" | "list_splat" | "dictionary_splat", _, _) => {}
            _ => positional.push(arg),
        }
    }
    (positional, keywords)
}

/// Decodes a Python string literal with its prefix and quotes. In a `str`, `\xhh` and octal
/// escapes are code points; in `bytes` they are bytes (read back as UTF-8). `\N{...}` and
/// f-string fields stay as written.
pub fn string_literal(literal: &str) -> String {
    let start = literal.find(['"', '\'']).unwrap_or(literal.len());
    let prefix = literal[..start].to_ascii_lowercase();
    let rest = &literal[start..];
    let quote = [r#"""""#, "'''", "\"", "'"].into_iter().find(|q| rest.starts_with(q)).unwrap_or("");
    let body = &rest[quote.len()..];
    let body = body
        .strip_suffix(quote)
        .filter(|b| b.chars().rev().take_while(|c| *c == '\\').count() % 2 == 0)
        .unwrap_or(body);
    if prefix.contains('r') {
        return body.to_string();
    }
    let bytes = prefix.contains('b');
    // A code point in a str, a byte in bytes.
    let unit = |u: &mut Unescape, n: u32| if bytes { u.byte((n & 0xff) as u8) } else { u.code_point(n) };
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
            '\n' => {}
            '\\' | '\'' | '"' => u.char(e),
            'a' => u.byte(0x07),
            'b' => u.byte(0x08),
            'f' => u.byte(0x0c),
            'n' => u.byte(b'\n'),
            'r' => u.byte(b'\r'),
            't' => u.byte(b'\t'),
            'v' => u.byte(0x0b),
            '0'..='7' => {
                let n = u.octal(e, 0, 2).unwrap_or_default();
                unit(&mut u, n);
            }
            'x' | 'u' | 'U' if e == 'x' || !bytes => {
                let len = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                match u.digits(len, len, 16) {
                    Some((n, _)) => unit(&mut u, n),
                    None => {
                        u.byte(b'\\');
                        u.char(e);
                    }
                }
            }
            other => {
                u.byte(b'\\');
                u.char(other);
            }
        }
    }
    u.finish()
}

/// `pairs` as a query string the way `urllib.parse.urlencode` writes it (what requests and
/// httpx append for `params=`): RFC 3986 unreserved bytes kept, space as `+`.
pub fn urlencode(pairs: &[(String, String)]) -> String {
    let encode = |s: &str| {
        let mut out = String::new();
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    pairs.iter().map(|(n, v)| format!("{}={}", encode(n), encode(v))).collect::<Vec<_>>().join("&")
}

/// Reads a sample of a client with requests' call shape (requests, httpx): the first
/// `<module>.request(method, url, ...)` or `<module>.<verb>(url, ...)` call, or the same call on
/// a session made by `<module>.<class>()` (`requests.Session`, `httpx.Client`). Read from its
/// keywords: `params=` (added to the URL as `urlencode` writes it), `headers=`, `cookies=`
/// (a cookie header), `auth=`
/// (a pair or a `...BasicAuth(user, password)`), `json=` (the value, as compact JSON), `data=`
/// (a string, `json.dumps(value)`, a file, or pairs: a form, or the first multipart fields when `files=` is
/// given), `content=` (httpx: a string, a file or `urlencode(pairs)`), `files=` (pairs of a
/// name and `(filename, file, content_type)`, or `(None, value)` for a text field).
pub fn analyze_client(code: &str, module: &str, classes: &[&str]) -> super::Analysis {
    use super::{descendants, line, parse, syntax_issues, Analysis, Issue, IssueKind};
    let tree = parse(crate::grammars::python(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval::new(code);
    let mut request = super::ParsedRequest::default();
    let mut found = false;
    for node in descendants(tree.root_node()) {
        eval.bind(node);
        if turns_checks_off(node, code) {
            issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() });
        }
        if found || node.kind() != "call" {
            continue;
        }
        let Some(function) = node.child_by_field_name("function").filter(|f| f.kind() == "attribute") else {
            continue;
        };
        let (Some(object), Some(attribute)) =
            (function.child_by_field_name("object"), function.child_by_field_name("attribute"))
        else {
            continue;
        };
        let verb = text(attribute, code);
        let client = text(object, code) == module
            || eval.resolve(object, 0).and_then(|o| callee(o, code)).is_some_and(|c| classes.contains(&c));
        if client && matches!(verb, "request" | "get" | "post" | "put" | "patch" | "delete" | "head" | "options") {
            found = true;
            read_call(&eval, node, verb, &mut request);
        }
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// Reads one `request(method, url, ...)` or `<verb>(url, ...)` call into `request`.
fn read_call<'a>(eval: &Eval<'a>, call: Node<'a>, verb: &str, request: &mut super::ParsedRequest) {
    let code = eval.code;
    let (positional, keywords) = arguments(call, code);
    let first = usize::from(verb == "request");
    let arg = |index: usize, keyword: &str| keywords.get(keyword).copied().or_else(|| positional.get(index).copied());
    request.method = match verb {
        "request" => arg(0, "method").and_then(|m| eval.string(m, 0)).map(|m| m.to_uppercase()),
        _ => Some(verb.to_uppercase()),
    };
    let mut url = arg(first, "url").and_then(|u| eval.string(u, 0));
    if let (Some(url), Some(params)) = (url.as_mut(), keywords.get("params").and_then(|p| eval.pairs(*p))) {
        if !params.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&urlencode(&params));
        }
    }
    request.url = url;
    if let Some(headers) = keywords.get("headers").and_then(|h| eval.pairs(*h)) {
        request.headers = headers;
    }
    // `cookies=` pairs are sent in one cookie header, as the endpoint's cookies are.
    if let Some(cookies) = keywords.get("cookies").and_then(|c| eval.pairs(*c)).filter(|c| !c.is_empty()) {
        let value: Vec<String> = cookies.iter().map(|(n, v)| format!("{n}={v}")).collect();
        request.headers.push(("cookie".into(), value.join("; ")));
    }
    if let Some(auth) = keywords.get("auth").and_then(|a| eval.resolve(*a, 0)) {
        let items = match auth.kind() {
            "tuple" | "list" => named(auth),
            "call" => auth.child_by_field_name("arguments").map(named).unwrap_or_default(),
            _ => Vec::new(),
        };
        if let [user, password] = items[..] {
            request.basic = eval.string(user, 0).zip(eval.string(password, 0));
        }
    }
    // `requests.post(url, data, json)` takes the body positionally too.
    let data =
        keywords.get("data").copied().or_else(|| (verb != "request").then(|| positional.get(1).copied()).flatten());
    let json =
        keywords.get("json").copied().or_else(|| (verb != "request").then(|| positional.get(2).copied()).flatten());
    let files = keywords.get("files").and_then(|f| eval.resolve(*f, 0));
    let mut implicit = None;
    if let Some(value) = json.and_then(|j| eval.json(j, 0)) {
        request.body = Some(value.to_string());
        implicit = Some("application/json");
    }
    for body in [data, keywords.get("content").copied()].into_iter().flatten() {
        let Some(node) = eval.resolve(body, 0) else { continue };
        let first = node.child_by_field_name("arguments").and_then(|a| named(a).into_iter().next());
        if let Some(path) = eval.file(node) {
            request.file = Some(path);
        } else if callee(node, code) == Some("dumps") {
            // `data=json.dumps(payload)`: the value, as `json=` would send it.
            request.body = first.and_then(|v| eval.json(v, 0)).map(|v| v.to_string());
        } else if callee(node, code) == Some("urlencode") {
            request.form = first.and_then(|p| eval.pairs(p));
        } else if let Some(pairs) = eval.pairs(node) {
            match files {
                Some(_) => {
                    request.parts = Some(pairs.into_iter().map(|(name, value)| text_part(name, value)).collect())
                }
                None => {
                    request.form = Some(pairs);
                    implicit = Some(super::FORM);
                }
            }
        } else {
            request.body = eval.string(node, 0);
        }
    }
    if let Some(files) = files.filter(|f| matches!(f.kind(), "list" | "tuple" | "dictionary")) {
        let parts = request.parts.get_or_insert_with(Vec::new);
        for item in named(files) {
            let (name, value) = match item.kind() {
                "pair" => (item.child_by_field_name("key"), item.child_by_field_name("value")),
                _ => match eval.resolve(item, 0).map(named).as_deref() {
                    Some([name, value]) => (Some(*name), Some(*value)),
                    _ => (None, None),
                },
            };
            let (Some(name), Some(value)) = (name.and_then(|n| eval.string(n, 0)), value) else { continue };
            parts.push(file_part(eval, name, value));
        }
    }
    if let Some(content_type) = implicit.filter(|_| !request.sets_header("content-type")) {
        request.implicit_headers.push(("content-type".into(), content_type.into()));
    }
}

fn text_part(name: String, value: String) -> super::ParsedPart {
    super::ParsedPart { name, value: Some(value), ..Default::default() }
}

/// One entry of `files=`: `(None, value)` is a text field; `(filename, file[, content_type])`
/// or a bare file is a file part (a bare file is named by its path's last segment).
fn file_part<'a>(eval: &Eval<'a>, name: String, value: Node<'a>) -> super::ParsedPart {
    let resolved = eval.resolve(value, 0);
    let items = resolved.filter(|v| matches!(v.kind(), "tuple" | "list")).map(named).unwrap_or_default();
    match items[..] {
        [filename, content, ..] if eval.resolve(filename, 0).is_some_and(|f| f.kind() == "none") => {
            text_part(name, eval.string(content, 0).unwrap_or_default())
        }
        [filename, content, ..] => super::ParsedPart {
            name,
            value: None,
            file: eval.file(content),
            filename: eval.string(filename, 0),
            content_type: items.get(2).and_then(|t| eval.string(*t, 0)),
        },
        _ => {
            let file = eval.file(value);
            let filename = file.as_deref().map(|f| f.rsplit(['/', '\\']).next().unwrap_or(f).to_string());
            super::ParsedPart { name, value: None, file, filename, content_type: None }
        }
    }
}
