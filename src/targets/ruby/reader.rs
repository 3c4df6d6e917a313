//! Reads a Ruby Net::HTTP sample back into its request (tree-sitter-ruby), decoding Ruby
//! string literals, and reports certificate checks turned off (`VERIFY_NONE`).
//!
//! Bodies: strings, forms (`set_form_data`, `set_form`), multipart (`set_form` with
//! `multipart/form-data`), a file's bytes (`File.binread`, `body_stream = File.open`);
//! `basic_auth` credentials.
//!
//! Not read: heredoc bodies, `to_json` bodies; only the first request constructor counts.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::parse::literal::Unescape;
use crate::parse::FORM;
use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest,
};

/// Bounds recursion through variable chains (`a = b; b = a`).
pub(crate) const MAX_DEPTH: usize = 100;
pub(crate) const INSECURE: &str =
    "The sample turns certificate or host name checks off (VERIFY_NONE, verify_mode = 0, verify_hostname = false, verify: false, or a verify_callback that returns true), so anyone on the network could read or change the request.";

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::ruby(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new() };
    let mut request = ParsedRequest::default();
    // Variables holding a `Net::HTTP::<Method>.new` request, the host of `Net::HTTP.new`
    // (for requests built from a bare path) and whether it uses TLS.
    let mut requests = HashSet::new();
    let (mut host, mut tls) = (None, false);
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "assignment" => {
                let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                else {
                    continue;
                };
                let receiver = left.child_by_field_name("receiver").or_else(|| left.child_by_field_name("object"));
                let on_request = receiver.is_some_and(|r| requests.contains(text(r, code)));
                let attribute = left.child_by_field_name("method").map(|m| text(m, code));
                match left.kind() {
                    "identifier" => {
                        if method_of(right, code).is_some() {
                            requests.insert(text(left, code).to_string());
                        }
                        eval.vars.insert(text(left, code).to_string(), right);
                    }
                    "element_reference" if on_request => {
                        if let (Some(name), Some(value)) =
                            (left.named_child(1).and_then(|n| eval.string(n, 0)), eval.string(right, 0))
                        {
                            set_header(&mut request.headers, name, value, false);
                        }
                    }
                    "call" if on_request && matches!(attribute, Some("body" | "body_stream")) => {
                        match eval.file(right, 0) {
                            Some(path) => request.file = Some(path),
                            None if attribute == Some("body") => request.body = eval.string(right, 0),
                            None => {}
                        }
                    }
                    "call" if on_request && attribute == Some("content_type") => {
                        if let Some(value) = eval.string(right, 0) {
                            set_header(&mut request.headers, "content-type".into(), value, false);
                        }
                    }
                    "call" if attribute == Some("use_ssl") => tls = text(right, code) == "true",
                    "call" if attribute.is_some_and(|a| turns_verification_off(a, right, code)) => {
                        issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() });
                    }
                    _ => {}
                }
            }
            "call" => {
                let method = node.child_by_field_name("method").map(|m| text(m, code));
                let receiver = node.child_by_field_name("receiver");
                let args = arguments(node);
                if let Some(verb) = method_of(node, code).filter(|_| request.method.is_none()) {
                    request.method = Some(verb);
                    request.url = args.first().and_then(|a| eval.url(*a, 0));
                    for pair in args.iter().skip(1).flat_map(|a| if a.kind() == "hash" { named(*a) } else { vec![*a] })
                    {
                        let key = pair.child_by_field_name("key").and_then(|k| eval.string(k, 0));
                        if let (Some(name), Some(value)) =
                            (key, pair.child_by_field_name("value").and_then(|v| eval.string(v, 0)))
                        {
                            set_header(&mut request.headers, name, value, true);
                        }
                    }
                } else if receiver.is_some_and(|r| requests.contains(text(r, code)))
                    && matches!(method, Some("basic_auth" | "set_form_data" | "form_data=" | "set_form"))
                {
                    let arg = |i: usize| args.get(i).and_then(|a| eval.string(*a, 0));
                    match method {
                        Some("basic_auth") => {
                            if let (Some(user), Some(password)) = (arg(0), arg(1)) {
                                request.basic = Some((user, password));
                            }
                        }
                        _ => {
                            let multipart = method == Some("set_form")
                                && arg(1).is_some_and(|e| e.eq_ignore_ascii_case("multipart/form-data"));
                            // A hash, an array of arrays, or bare `name => value` arguments.
                            let bare: Vec<Node> = args.iter().copied().filter(|a| a.kind() == "pair").collect();
                            let params = match args.first() {
                                Some(first) if first.kind() == "pair" => eval.params(&bare),
                                Some(first) => eval.params(&eval.items(*first)),
                                None => Vec::new(),
                            };
                            if multipart {
                                request.parts = Some(params);
                                request.implicit_headers.push(("content-type".into(), "multipart/form-data".into()));
                            } else {
                                let fields = params.into_iter().map(|p| (p.name, p.value.unwrap_or_default()));
                                request.form = Some(fields.collect());
                            }
                        }
                    }
                } else if receiver.is_some_and(|r| requests.contains(text(r, code)))
                    && matches!(method, Some("add_field" | "[]="))
                {
                    if let (Some(name), Some(value)) =
                        (args.first().and_then(|a| eval.string(*a, 0)), args.get(1).and_then(|a| eval.string(*a, 0)))
                    {
                        set_header(&mut request.headers, name, value, method == Some("add_field"));
                    }
                } else if receiver.is_some_and(|r| compact(text(r, code)) == "Net::HTTP")
                    && matches!(method, Some("new" | "start"))
                {
                    host = host.or_else(|| args.first().and_then(|a| eval.string(*a, 0)));
                }
            }
            "pair"
                if node
                    .child_by_field_name("key")
                    .is_some_and(|k| text(k, code).trim_start_matches(':').starts_with("use_ssl")) =>
            {
                tls = node.child_by_field_name("value").is_some_and(|v| text(v, code) == "true");
            }
            // `Net::HTTP.start(host, port, verify_mode: 0)`, Faraday `ssl: { verify: false }`.
            "pair"
                if node.child_by_field_name("key").zip(node.child_by_field_name("value")).is_some_and(|(k, v)| {
                    turns_verification_off(text(k, code).trim_matches([':', '"', '\'']), v, code)
                }) =>
            {
                issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() });
            }
            "constant" if text(node, code) == "VERIFY_NONE" => {
                // The outermost reference (`OpenSSL::SSL::VERIFY_NONE`), unless it is only compared.
                let mut outer = node;
                while let Some(parent) = outer.parent().filter(|p| p.kind() == "scope_resolution") {
                    outer = parent;
                }
                if outer.parent().is_none_or(|p| p.kind() != "binary") {
                    issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() });
                }
            }
            _ => {}
        }
    }
    if let (Some(url), Some(host)) = (&request.url, &host) {
        if url.starts_with('/') {
            request.url = Some(format!("{}://{host}{url}", if tls { "https" } else { "http" }));
        }
    }
    if request.parts.is_none() {
        // `set_form` names multipart itself; any other body goes as a form unless typed.
        request.body_defaults_to(FORM);
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// Is `setting = value` one of the ways Ruby clients turn verification off: `verify_mode = 0`
/// (VERIFY_NONE's value), `verify_hostname = false`, `verify: false` (Faraday, HTTParty),
/// `verify_ssl: false` (rest-client), or a `verify_callback` that only returns true?
pub(crate) fn turns_verification_off(setting: &str, value: Node, code: &str) -> bool {
    let value_text = text(value, code).trim();
    match setting {
        "verify_mode" => value_text == "0",
        "verify_hostname" | "verify" | "verify_ssl" | "ssl_verify" | "verify_peer" => {
            matches!(value_text, "false" | "0" | "!true" | "!1")
        }
        "verify_callback" => crate::parse::returns_only_true(value, code),
        _ => false,
    }
}

/// Evaluates the Ruby expressions a sample builds its request from, through its variables;
/// shared with the Faraday reader.
pub(crate) struct Eval<'a> {
    pub(crate) code: &'a str,
    pub(crate) vars: HashMap<String, Node<'a>>,
}

impl<'a> Eval<'a> {
    /// The string a node stands for: a literal, adjacent literals, a variable, `a + b`, a
    /// symbol or a number.
    pub(crate) fn string(&self, node: Node, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let code = self.code;
        match node.kind() {
            "string" if named(node).iter().any(|c| c.kind() == "interpolation") => {
                Some(inner(text(node, code)).0.to_string())
            }
            "string" => Some(ruby_string(text(node, code))),
            "chained_string" => named(node).into_iter().map(|s| self.string(s, depth + 1)).collect(),
            "identifier" => self.string(*self.vars.get(text(node, code))?, depth + 1),
            "parenthesized_statements" => self.string(*named(node).last()?, depth + 1),
            "simple_symbol" | "hash_key_symbol" => Some(text(node, code).trim_start_matches(':').to_string()),
            "integer" | "float" => Some(text(node, code).replace('_', "")),
            "binary" if node.child_by_field_name("operator").is_some_and(|o| text(o, code) == "+") => Some(
                self.string(node.child_by_field_name("left")?, depth + 1)?
                    + &self.string(node.child_by_field_name("right")?, depth + 1)?,
            ),
            "call" => {
                let receiver = node.child_by_field_name("receiver");
                match (receiver.map(|r| text(r, code)), text(node.child_by_field_name("method")?, code)) {
                    (Some(_), "to_s" | "freeze" | "dup") => self.string(receiver?, depth + 1),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The path of a file read whole: `File.binread(path)`, `File.read(path)`, `IO.binread(path)`,
    /// `File.open(path, ...)`, `File.new(path)`, through variables.
    pub(crate) fn file(&self, node: Node, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match node.kind() {
            "identifier" => self.file(*self.vars.get(text(node, self.code))?, depth + 1),
            "parenthesized_statements" => self.file(*named(node).last()?, depth + 1),
            "call" => {
                let receiver = compact(text(node.child_by_field_name("receiver")?, self.code));
                let method = text(node.child_by_field_name("method")?, self.code);
                match (receiver.trim_start_matches("::"), method) {
                    ("File" | "IO", "binread" | "read" | "open" | "new") => {
                        self.string(*arguments(node).first()?, depth + 1)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The elements of a hash or array literal, or of a variable holding one.
    pub(crate) fn items(&self, node: Node<'a>) -> Vec<Node<'a>> {
        match node.kind() {
            "identifier" => self.vars.get(text(node, self.code)).map(|v| named(*v)).unwrap_or_default(),
            _ => named(node),
        }
    }

    /// The fields of `set_form_data` and `set_form`: a hash, or an array of `[name, value]`
    /// and `[name, file, { filename:, content_type: }]` arrays. A file without `filename`
    /// is sent with its path's base name, and without `content_type` as
    /// `application/octet-stream`, as Net::HTTP does.
    fn params(&self, items: &[Node]) -> Vec<ParsedPart> {
        let mut out = Vec::new();
        for &item in items {
            let (name, value, options) = match item.kind() {
                "pair" => (item.child_by_field_name("key"), item.child_by_field_name("value"), None),
                "array" => {
                    let parts = named(item);
                    (parts.first().copied(), parts.get(1).copied(), parts.get(2).copied())
                }
                _ => continue,
            };
            let Some(name) = name.and_then(|n| self.string(n, 0)) else { continue };
            let Some(value) = value else {
                out.push(ParsedPart { name, value: Some(String::new()), ..Default::default() });
                continue;
            };
            if let Some(path) = self.file(value, 0) {
                let option = |key: &str| {
                    options.into_iter().flat_map(named).find_map(|pair| {
                        let k = pair.child_by_field_name("key").and_then(|k| self.string(k, 0))?;
                        (k == key).then(|| pair.child_by_field_name("value").and_then(|v| self.string(v, 0)))?
                    })
                };
                let base = path.rsplit(['/', '\\']).next().unwrap_or(&path).to_string();
                out.push(ParsedPart {
                    name,
                    filename: Some(option("filename").unwrap_or(base)),
                    content_type: Some(option("content_type").unwrap_or_else(|| "application/octet-stream".into())),
                    file: Some(path),
                    value: None,
                });
            } else {
                out.push(ParsedPart { name, value: self.string(value, 0), ..Default::default() });
            }
        }
        out
    }

    /// The URL a request is built for: a string, `URI(...)`, `URI.parse(...)`, or the path
    /// of a URI variable (`uri.request_uri`), which stands for the whole URI.
    fn url(&self, node: Node, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match node.kind() {
            "identifier" => self.url(*self.vars.get(text(node, self.code))?, depth + 1),
            "call" => {
                let receiver = node.child_by_field_name("receiver");
                let method = text(node.child_by_field_name("method")?, self.code);
                match (receiver.map(|r| text(r, self.code)), method) {
                    (None, "URI") | (Some("URI"), "parse") => self.string(*arguments(node).first()?, depth + 1),
                    (Some(_), "request_uri" | "path" | "to_s") => self.url(receiver?, depth + 1),
                    _ => self.string(node, depth + 1),
                }
            }
            _ => self.string(node, depth + 1),
        }
    }
}

/// `Net::HTTP::Post.new(...)` → `POST`.
fn method_of(node: Node, code: &str) -> Option<String> {
    let receiver = node.child_by_field_name("receiver").filter(|_| node.kind() == "call")?;
    (text(node.child_by_field_name("method")?, code) == "new").then_some(())?;
    let class = compact(text(receiver, code));
    let verb = class.strip_prefix("::").unwrap_or(&class).strip_prefix("Net::HTTP::")?;
    verb.chars().all(|c| c.is_ascii_alphabetic()).then(|| verb.to_uppercase()).filter(|v| !v.is_empty())
}

/// `[]=` replaces a header (Net::HTTP header names are case-insensitive); `add_field` appends.
fn set_header(headers: &mut Vec<(String, String)>, name: String, value: String, add: bool) {
    if !add {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
    }
    headers.push((name, value));
}

pub(crate) fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub(crate) fn named<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect()
}

pub(crate) fn arguments<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    call.child_by_field_name("arguments").map(named).unwrap_or_default()
}

/// The text between a literal's delimiters (`"..."`, `'...'`, `%q(...)`, `%Q[...]`, `%{...}`)
/// and the delimiters.
fn inner(literal: &str) -> (&str, char, char) {
    let open = match literal.get(..2) {
        Some("%q" | "%Q") => 3,
        _ if literal.starts_with('%') => 2,
        _ => usize::from(literal.starts_with(['\'', '"'])),
    };
    let (Some(head), Some(body)) = (literal.get(..open), literal.get(open..)) else { return ("", '"', '"') };
    let Some(first) = head.chars().last() else { return (body, '"', '"') };
    let close = match first {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        '<' => '>',
        c => c,
    };
    let escaped = body.strip_suffix(close).is_some_and(|b| b.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1);
    (body.strip_suffix(close).filter(|_| !escaped).unwrap_or(body), first, close)
}

/// Decodes a Ruby string literal (with its delimiters) to its value: single-quoted forms know
/// only `\\` and `\'`; double-quoted forms know Ruby's escapes, byte escapes included.
fn ruby_string(literal: &str) -> String {
    let (body, open, close) = inner(literal);
    if literal.starts_with('\'') || literal.starts_with("%q") {
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match chars.peek() {
                Some(&n) if c == '\\' && (n == '\\' || n == open || n == close) => {
                    out.push(n);
                    chars.next();
                }
                _ => out.push(c),
            }
        }
        return out;
    }
    let mut u = Unescape::new(body);
    while let Some(c) = u.next() {
        if c != '\\' {
            u.char(c);
            continue;
        }
        let Some(e) = u.next() else { break };
        match e {
            'n' => u.byte(b'\n'),
            't' => u.byte(b'\t'),
            'r' => u.byte(b'\r'),
            's' => u.byte(b' '),
            'e' => u.byte(0x1b),
            'a' => u.byte(0x07),
            'b' => u.byte(0x08),
            'f' => u.byte(0x0c),
            'v' => u.byte(0x0b),
            '\n' => {}
            '0'..='7' => {
                let n = u.octal(e, 0, 2).unwrap_or_default();
                u.byte(n as u8);
            }
            'x' => match u.digits(1, 2, 16) {
                Some((n, _)) => u.byte(n as u8),
                None => u.char('x'),
            },
            'u' => {
                if let Some(list) = u.braced() {
                    // `\u{1F600 20}`: one or more code points separated by spaces.
                    for code in list.split_whitespace() {
                        u.code_point(u32::from_str_radix(code, 16).unwrap_or(0xFFFD));
                    }
                } else {
                    match u.digits(4, 4, 16) {
                        Some((n, _)) => u.code_point(n),
                        None => u.char('u'),
                    }
                }
            }
            other => u.char(other),
        }
    }
    u.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::{self, kinds};

    #[test]
    fn reads_published_samples() {
        let body = r#"{ "members": [ "USER_ID", "USER_ID", "USER_ID" ] }"#;
        let auth = ("authorization".to_string(), "Bearer MGMT_API_ACCESS_TOKEN".to_string());
        let cache = ("cache-control".to_string(), "no-cache".to_string());
        let ja = analyze(&testing::published("ja-remove-members.txt", "ruby"));
        assert_eq!(ja.request.method.as_deref(), Some("DELETE"));
        assert_eq!(ja.request.url.as_deref(), Some("https://{yourDomain}/api/v2/organizations/ORG_ID/members"));
        assert_eq!(ja.request.headers, vec![auth.clone(), cache.clone()]);
        assert_eq!(ja.request.implicit_headers, vec![("content-type".to_string(), FORM.to_string())]);
        assert_eq!(ja.request.body.as_deref(), Some(body));
        assert_eq!(kinds(&ja), vec![IssueKind::Security]);
        assert_eq!(ja.issues[0].line, 9);

        let fr = analyze(&testing::published("fr-assign-members.txt", "ruby"));
        assert_eq!(fr.request.method.as_deref(), Some("POST"));
        assert_eq!(fr.request.url.as_deref(), Some("https://your_auth0_domain/api/v2/organizations/ORG_ID/members"));
        let json = ("content-type".to_string(), "application/json".to_string());
        assert_eq!(fr.request.headers, vec![json, auth, cache]);
        assert!(fr.request.implicit_headers.is_empty());
        assert_eq!(fr.request.body.as_deref(), Some(body));
        assert_eq!(kinds(&fr), vec![IssueKind::Security]);
    }

    #[test]
    fn decodes_literals_and_other_shapes() {
        let code = "http = Net::HTTP.new('h.example', 443)\nhttp.use_ssl = true\npath = '/a' + \"?q=1\"\n\
            req = ::Net::HTTP::Patch.new(path, 'X-A' => %q(it's \\(x\\) (y)))\nreq.add_field \"x-b\", \"\\s\\e\\101\\x41\\u00e9\\u{1F600 21}\\#{x}\\\n.\"\n\
            req['x-c'] = \"t#{token}\"\nreq.body = 'a\\\\b\\n\\''\nNet::HTTP.start(h, p, verify_mode: OpenSSL::SSL::VERIFY_NONE)\nok = mode == VERIFY_NONE\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("https://h.example/a?q=1"));
        let headers: Vec<(String, String)> = vec![
            ("X-A".into(), "it's (x) (y)".into()),
            ("x-b".into(), " \u{1b}AAé😀!#{x}.".into()),
            ("x-c".into(), "t#{token}".into()),
        ];
        assert_eq!(a.request.headers, headers);
        assert_eq!(a.request.body.as_deref(), Some("a\\b\\n'"));
        assert_eq!(kinds(&a), vec![IssueKind::Security]);
        assert_eq!(a.issues[0].line, 9);
    }

    #[test]
    fn reads_hash_forms_default_file_names_and_streams() {
        let code = "uri = URI('https://h/t')\nreq = Net::HTTP::Post.new(uri)\nreq.basic_auth 'u', \"p:w\"\n\
            req.set_form_data('a b' => 'x&y', :n => 1)\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.form, Some(vec![("a b".into(), "x&y".into()), ("n".into(), "1".into())]));
        assert_eq!(a.request.basic, Some(("u".into(), "p:w".into())));
        assert_eq!(a.request.implicit_headers, vec![("content-type".to_string(), FORM.to_string())]);

        let code = "req = Net::HTTP::Post.new(URI('https://h/u'))\nf = File.open('/tmp/d.txt')\n\
            req.set_form([['doc', f], ['t', 'v'], ['img', File.new('i.png'), { content_type: 'image/png' }]], 'multipart/form-data')\n";
        let a = analyze(code);
        let file = testing::file_part;
        assert_eq!(
            a.request.parts,
            Some(vec![
                file("doc", "/tmp/d.txt", "d.txt", "application/octet-stream"),
                ParsedPart { name: "t".into(), value: Some("v".into()), ..Default::default() },
                file("img", "i.png", "i.png", "image/png"),
            ])
        );
        assert_eq!(a.request.implicit_headers, vec![("content-type".to_string(), "multipart/form-data".to_string())]);

        // `set_form` without an enctype sends a form.
        let a = analyze("req = Net::HTTP::Put.new('https://h/x')\nreq.set_form([['a', '1']])\n");
        assert_eq!(a.request.form, Some(vec![("a".into(), "1".into())]));
        let a = analyze("req = Net::HTTP::Put.new('https://h/x')\nreq.body_stream = File.open('big.bin', 'rb')\n");
        assert_eq!(a.request.file.as_deref(), Some("big.bin"));
        let a = analyze("req = Net::HTTP::Put.new('https://h/x')\nreq.body = ::File.read(\"a.xml\")\n");
        assert_eq!(a.request.file.as_deref(), Some("a.xml"));
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("a = b\nb = a\nr = Net::HTTP::Get.new(a)\nr[a] = b\nr.body = \"\\u{110000 zz}\\x\\u{12\" '\\");
        analyze("%q(\n%Q[\n\"\\");
    }
}
