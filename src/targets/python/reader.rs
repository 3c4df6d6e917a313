//! Reads a Python http.client sample back into its request (tree-sitter-python), decoding
//! Python string literals, and reports certificate checks turned off. A body is read as a
//! string, a form (`urllib.parse.urlencode`), a file (`open(path).read()`) or apiglot's
//! multipart shape (`text_part` and `file_part` calls); `base64.b64encode` of a literal is
//! computed, so an `authorization: Basic` header built from `user:password` reads as such.
//!
//! Not read: `\N{...}` escapes and f-string fields (kept as written).

use std::collections::HashMap;

use tree_sitter::Node;

use crate::parse::literal::Unescape;
use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest,
};

/// Bounds recursion through variable chains (`a = b; b = a`).
const MAX_DEPTH: usize = 100;
const INSECURE: &str =
    "The sample turns certificate checks off (unverified SSL context, check_hostname = False, CERT_NONE, verify=False or ssl=False), so anyone on the network could read or change the request.";

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(tree_sitter_python::LANGUAGE.into(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new() };
    let mut request = ParsedRequest::default();
    // Scheme and `host[:port]` of the first `HTTP(S)Connection`.
    let mut origin: Option<(&str, String)> = None;
    let mut path = None;
    let insecure = |issues: &mut Vec<Issue>, node: Node| {
        issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() })
    };
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "assignment" => {
                let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                else {
                    continue;
                };
                let attribute =
                    left.child_by_field_name("attribute").filter(|_| left.kind() == "attribute").map(|a| text(a, code));
                match attribute {
                    _ if left.kind() == "identifier" => {
                        eval.vars.insert(text(left, code).to_string(), right);
                    }
                    Some("check_hostname" | "verify" | "verify_ssl" | "assert_hostname") if falsy(right, code) => {
                        insecure(&mut issues, node)
                    }
                    Some("verify_mode") if text(right, code).trim() == "0" => insecure(&mut issues, node),
                    _ => {}
                }
            }
            // `with open(path, "rb") as file:` binds `file` to the `open(...)` call.
            "as_pattern" => {
                let target = node.child_by_field_name("alias").and_then(|a| named(a).into_iter().next());
                if let (Some(value), Some(target)) = (named(node).first(), target) {
                    if target.kind() == "identifier" {
                        eval.vars.insert(text(target, code).to_string(), *value);
                    }
                }
            }
            // requests and httpx `verify=False`, aiohttp `ssl=False` / `verify_ssl=False`, urllib3
            // `cert_reqs='CERT_NONE'` / `assert_hostname=False`.
            "keyword_argument" => {
                let name = node.child_by_field_name("name").map(|n| text(n, code));
                let Some(value) = node.child_by_field_name("value") else { continue };
                let off = match name {
                    Some("check_hostname" | "verify" | "verify_ssl" | "ssl" | "assert_hostname") => falsy(value, code),
                    Some("cert_reqs" | "verify_mode") => {
                        value.kind() == "string" && text(value, code).contains("CERT_NONE") || text(value, code) == "0"
                    }
                    _ => false,
                };
                if off {
                    insecure(&mut issues, node)
                }
            }
            "identifier" if matches!(text(node, code), "CERT_NONE" | "_create_unverified_context") => {
                // The outermost reference (`ssl.CERT_NONE`), unless it is only compared.
                let mut outer = node;
                while let Some(parent) = outer.parent().filter(|p| p.kind() == "attribute") {
                    outer = parent;
                }
                if outer.parent().is_none_or(|p| p.kind() != "comparison_operator") {
                    insecure(&mut issues, node);
                }
            }
            "call" => {
                let Some(function) = node.child_by_field_name("function") else { continue };
                let name = text(function.child_by_field_name("attribute").unwrap_or(function), code);
                let (positional, keywords) = arguments(node, code);
                let arg = |index: usize, keyword: &str| {
                    keywords.get(keyword).copied().or_else(|| positional.get(index).copied())
                };
                match name {
                    "HTTPSConnection" | "HTTPConnection" if origin.is_none() => {
                        let host = arg(0, "host").and_then(|h| eval.string(h, 0)).unwrap_or_default();
                        let port =
                            arg(1, "port").and_then(|p| eval.string(p, 0)).map(|p| format!(":{p}")).unwrap_or_default();
                        origin = Some((if name == "HTTPSConnection" { "https" } else { "http" }, host + &port));
                    }
                    "request" if function.kind() == "attribute" && request.method.is_none() => {
                        request.method = arg(0, "method").and_then(|m| eval.string(m, 0)).map(|m| m.to_uppercase());
                        path = arg(1, "url").and_then(|u| eval.string(u, 0));
                        if let Some(body) = arg(2, "body") {
                            eval.body(body, &mut request);
                        }
                        let headers =
                            arg(3, "headers").and_then(|h| eval.resolve(h, 0)).filter(|h| h.kind() == "dictionary");
                        for pair in headers.map(named).unwrap_or_default() {
                            let key = pair.child_by_field_name("key").and_then(|k| eval.string(k, 0));
                            if let (Some(name), Some(value)) =
                                (key, pair.child_by_field_name("value").and_then(|v| eval.string(v, 0)))
                            {
                                request.headers.push((name, value));
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    request.url = match (path, origin) {
        (Some(path), Some((scheme, host))) if !path.starts_with("http://") && !path.starts_with("https://") => {
            Some(format!("{scheme}://{host}{path}"))
        }
        (path, _) => path,
    };
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// `False`, `0` or `not True`: a setting written to be off.
fn falsy(node: Node, code: &str) -> bool {
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

struct Eval<'a> {
    code: &'a str,
    vars: HashMap<String, Node<'a>>,
}

impl<'a> Eval<'a> {
    /// Follows variables to the expression last assigned to them.
    fn resolve(&self, node: Node<'a>, depth: usize) -> Option<Node<'a>> {
        match node.kind() {
            _ if depth > MAX_DEPTH => None,
            "identifier" => self.resolve(*self.vars.get(text(node, self.code))?, depth + 1),
            "parenthesized_expression" => self.resolve(*named(node).last()?, depth + 1),
            _ => Some(node),
        }
    }

    /// The string a node stands for: a literal (str or bytes), adjacent literals, a variable,
    /// `a + b`, `"...".encode(...)` or a number.
    fn string(&self, node: Node, depth: usize) -> Option<String> {
        let node = self.resolve(node, depth)?;
        let code = self.code;
        match node.kind() {
            "string" => Some(python_string(text(node, code))),
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
}

impl<'a> Eval<'a> {
    /// Reads the body given to `request()`: `urllib.parse.urlencode(pairs or dict)` (a form);
    /// `file.read()` of a `with open(path) as file` or `open(path).read()` (a file's bytes); an
    /// expression of `text_part(name, value)` and `file_part(name, path, filename,
    /// content_type)` calls, apiglot's multipart shape (the parts in order); else a string.
    fn body(&self, node: Node<'a>, request: &mut ParsedRequest) {
        let Some(node) = self.resolve(node, 0) else { return };
        let code = self.code;
        if node.kind() == "call" {
            let args = || node.child_by_field_name("arguments").map(named).unwrap_or_default();
            match callee(node, code) {
                Some("urlencode") => {
                    request.form = args().first().and_then(|a| self.resolve(*a, 0)).map(|fields| self.fields(fields));
                    return;
                }
                Some("read") => {
                    let object = node
                        .child_by_field_name("function")
                        .and_then(|f| f.child_by_field_name("object"))
                        .and_then(|o| self.resolve(o, 0));
                    if let Some(open) = object.filter(|o| callee(*o, code) == Some("open")) {
                        let path = open.child_by_field_name("arguments").and_then(|a| named(a).into_iter().next());
                        request.file = path.and_then(|p| self.string(p, 0));
                        return;
                    }
                }
                _ => {}
            }
        }
        let parts: Vec<ParsedPart> = descendants(node)
            .into_iter()
            .filter(|n| n.kind() == "call")
            .filter_map(|call| {
                let args = call.child_by_field_name("arguments").map(named).unwrap_or_default();
                let arg = |i: usize| args.get(i).and_then(|a| self.string(*a, 0));
                match callee(call, code)? {
                    "text_part" => Some(ParsedPart { name: arg(0)?, value: arg(1), ..ParsedPart::default() }),
                    "file_part" => Some(ParsedPart {
                        name: arg(0)?,
                        value: None,
                        file: arg(1),
                        filename: arg(2),
                        content_type: arg(3),
                    }),
                    _ => None,
                }
            })
            .collect();
        if parts.is_empty() {
            request.body = self.string(node, 0);
        } else {
            request.parts = Some(parts);
        }
    }

    /// Form fields of a list of `(name, value)` pairs or of a dict.
    fn fields(&self, node: Node<'a>) -> Vec<(String, String)> {
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
        named(node).into_iter().filter_map(pair).collect()
    }
}

/// The name a call calls: `open` of `open(...)`, `urlencode` of `urllib.parse.urlencode(...)`.
fn callee<'c>(call: Node, code: &'c str) -> Option<&'c str> {
    let function = call.child_by_field_name("function")?;
    Some(text(function.child_by_field_name("attribute").unwrap_or(function), code))
}

fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect()
}

/// Positional arguments and keyword arguments by name.
fn arguments<'t>(call: Node<'t>, code: &str) -> (Vec<Node<'t>>, HashMap<String, Node<'t>>) {
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
fn python_string(literal: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::{self, kinds};

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn reads_published_samples() {
        let body = r#"{ "members": [ "USER_ID", "USER_ID", "USER_ID" ] }"#;
        let (auth, cache) = (pair("authorization", "Bearer MGMT_API_ACCESS_TOKEN"), pair("cache-control", "no-cache"));
        let ja = analyze(&testing::published("ja-remove-members.txt", "python"));
        assert_eq!(ja.request.method.as_deref(), Some("DELETE"));
        // The page gives an empty host and puts the domain in the path.
        assert_eq!(ja.request.url.as_deref(), Some("https:///{yourDomain}/api/v2/organizations/ORG_ID/members"));
        assert_eq!(ja.request.headers, vec![auth.clone(), cache.clone()]);
        assert!(ja.request.implicit_headers.is_empty());
        assert_eq!(ja.request.body.as_deref(), Some(body));
        assert!(ja.issues.is_empty(), "{:?}", ja.issues);

        let fr = analyze(&testing::published("fr-assign-members.txt", "python"));
        assert_eq!(fr.request.method.as_deref(), Some("POST"));
        assert_eq!(fr.request.url.as_deref(), Some("https://your_auth0_domain/api/v2/organizations/ORG_ID/members"));
        assert_eq!(fr.request.headers, vec![pair("content-type", "application/json"), auth, cache]);
        assert!(fr.request.implicit_headers.is_empty());
        assert_eq!(fr.request.body.as_deref(), Some(body));
        assert!(fr.issues.is_empty(), "{:?}", fr.issues);
    }

    #[test]
    fn decodes_literals_and_other_shapes() {
        let code = "import ssl\nfrom http.client import HTTPConnection\nctx = ssl._create_unverified_context()\n\
            conn = HTTPConnection(host='h', port=8080, context=ctx)\nbase = r'/a\\n' \"/\\x41\\u00e9\\U0001F600\\101\\q\"\n\
            h = {\"x-a\": '''it's''', 'x-b': 'c' + \"d\"}\nconn.request(url=base, method='patch', headers=h, body=b'\\xc3\\xa9\\x41')\n\
            ctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\nok = mode == ssl.CERT_NONE\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("http://h:8080/a\\n/Aé😀A\\q"));
        assert_eq!(a.request.headers, vec![pair("x-a", "it's"), pair("x-b", "cd")]);
        assert_eq!(a.request.body.as_deref(), Some("éA"));
        assert_eq!(kinds(&a), vec![IssueKind::Security; 3]);
        assert_eq!(a.issues.iter().map(|i| i.line).collect::<Vec<_>>(), vec![3, 8, 9]);
    }

    #[test]
    fn reads_forms_files_and_credentials() {
        let code = "import base64\nconn = http.client.HTTPSConnection(\"h\")\n\
            body = urllib.parse.urlencode({\"a\": \"1\", \"b\": \"x y\"})\n\
            conn.request(\"POST\", \"/x\", body, {\"authorization\": \"Basic \" + base64.b64encode(b\"u:p\").decode()})\n";
        let a = analyze(code);
        assert_eq!(a.request.form, Some(vec![pair("a", "1"), pair("b", "x y")]));
        assert_eq!(a.request.headers, vec![pair("authorization", "Basic dTpw")]);
        let pairs = analyze("c.request('POST', '/', urlencode([('a', '1'), ('a', '2')]))");
        assert_eq!(pairs.request.form, Some(vec![pair("a", "1"), pair("a", "2")]));
        let file = analyze("conn.request(\"PUT\", \"/y\", open(\"f.bin\", \"rb\").read())\n");
        assert_eq!((file.request.file.as_deref(), file.request.body), (Some("f.bin"), None));
    }

    #[test]
    fn hostile_strings_in_every_request_kind_read_back_exactly() {
        testing::hostile_kinds_read_back("python", analyze);
    }

    #[test]
    fn survives_broken_input() {
        testing::survives_broken_input("python", analyze);
        analyze("a = b\nb = a\nc.request(a, b, 'x', a)\n");
        analyze(r#"c.request(a, b, '\U0011ffff\x4\N{DASH}', b'\777\', f"{x}\"", """\"#);
    }
}
