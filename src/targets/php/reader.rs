//! Reads a PHP cURL sample back into its request (tree-sitter-php), decoding PHP string
//! literals, and reports certificate checks turned off and the deprecated `curl_close()`.
//! Post fields are read as a string, a form (`http_build_query`, or name and value pairs
//! joined with `urlencode`), multipart (an array of values and `CURLFile`s, or apiglot's
//! `$textPart`/`$filePart` body) or a file (`file_get_contents`); CURLOPT_USERPWD as basic
//! credentials and CURLOPT_COOKIE as the cookie header.
//!
//! Not read: `json_encode(...)` bodies; a variable takes its last assignment in the file.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::parse::literal::Unescape;
use crate::parse::FORM;
use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest,
};

/// Bounds recursion through variable chains (`$a = $b; $b = $a;`).
pub(crate) const MAX_DEPTH: usize = 100;
const INSECURE: &str =
    "The sample turns certificate checks off (CURLOPT_SSL_VERIFYPEER or CURLOPT_SSL_VERIFYHOST), so anyone on the network could read or change the request.";
const CLOSE: &str = "curl_close() is deprecated since PHP 8.5 and has had no effect since PHP 8.0.";

/// The code with PHP's opening tag, which published samples leave out (without it everything
/// is inline HTML), and how many lines that adds.
pub(crate) fn with_open_tag(code: &str) -> (String, usize) {
    if code.trim_start().starts_with("<?php") {
        (code.to_string(), 0)
    } else {
        (format!("<?php\n{code}"), 1)
    }
}

pub fn analyze(code: &str) -> Analysis {
    let (source, shift) = with_open_tag(code);
    let code = source.as_str();
    let tree = parse(crate::grammars::php(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new() };
    let mut options: Vec<(String, Node)> = Vec::new();
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "assignment_expression" => {
                let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                else {
                    continue;
                };
                if left.kind() == "variable_name" {
                    eval.vars.insert(text(left, code).to_string(), right);
                }
            }
            "function_call_expression" => {
                let Some(function) = node.child_by_field_name("function") else { continue };
                let args: Vec<Node> = node.child_by_field_name("arguments").map(named).unwrap_or_default();
                let args: Vec<Node> = args.into_iter().filter_map(|a| named(a).last().copied()).collect();
                match text(function, code).trim_start_matches('\\') {
                    "curl_init" => options.extend(args.first().map(|url| ("CURLOPT_URL".to_string(), *url))),
                    "curl_setopt" => {
                        if let (Some(key), Some(value)) = (args.get(1), args.get(2)) {
                            options.push((text(*key, code).trim_start_matches('\\').to_string(), *value));
                        }
                    }
                    "curl_setopt_array" => {
                        let array = args
                            .get(1)
                            .and_then(|a| eval.resolve(*a, 0))
                            .filter(|a| a.kind() == "array_creation_expression");
                        for element in array.map(named).unwrap_or_default() {
                            if let [key, value] = named(element)[..] {
                                options.push((text(key, code).trim_start_matches('\\').to_string(), value));
                            }
                        }
                    }
                    "curl_close" => {
                        issues.push(Issue { kind: IssueKind::Deprecated, line: line(node), message: CLOSE.into() })
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let mut request = ParsedRequest::default();
    let (mut method, mut post, mut head) = (None, false, false);
    for (option, value) in options {
        let on = !matches!(text(value, code).to_ascii_lowercase().as_str(), "false" | "0" | "null");
        match option.as_str() {
            "CURLOPT_URL" => request.url = eval.string(value, 0),
            "CURLOPT_CUSTOMREQUEST" => method = eval.string(value, 0).map(|m| m.to_uppercase()),
            "CURLOPT_POST" => post = on,
            "CURLOPT_NOBODY" => head = on,
            "CURLOPT_POSTFIELDS" => {
                post = true;
                eval.body(value, &mut request);
            }
            "CURLOPT_USERPWD" => {
                request.basic = eval.string(value, 0).map(|v| match v.split_once(':') {
                    Some((user, password)) => (user.to_string(), password.to_string()),
                    None => (v, String::new()),
                })
            }
            "CURLOPT_USERNAME" | "CURLOPT_PASSWORD" => {
                let text = eval.string(value, 0).unwrap_or_default();
                let basic = request.basic.get_or_insert_with(Default::default);
                if option == "CURLOPT_USERNAME" {
                    basic.0 = text;
                } else {
                    basic.1 = text;
                }
            }
            "CURLOPT_COOKIE" => request.headers.extend(eval.string(value, 0).map(|c| ("cookie".to_string(), c))),
            "CURLOPT_HTTPHEADER" => {
                let list = eval.resolve(value, 0).filter(|a| a.kind() == "array_creation_expression");
                for element in list.map(named).unwrap_or_default() {
                    let header = named(element).last().and_then(|v| eval.string(*v, 0));
                    if let Some((name, value)) = header
                        .as_deref()
                        .and_then(|h| h.split_once(':').or_else(|| h.strip_suffix(';').map(|n| (n, ""))))
                    {
                        request.headers.push((name.to_string(), value.trim_start().to_string()));
                    }
                }
            }
            "CURLOPT_SSL_VERIFYPEER"
            | "CURLOPT_SSL_VERIFYHOST"
            | "CURLOPT_PROXY_SSL_VERIFYPEER"
            | "CURLOPT_PROXY_SSL_VERIFYHOST"
            | "CURLOPT_DOH_SSL_VERIFYPEER"
            | "CURLOPT_DOH_SSL_VERIFYHOST"
                if !on =>
            {
                issues.push(Issue { kind: IssueKind::Security, line: line(value), message: INSECURE.into() });
            }
            _ => {}
        }
    }
    if request.url.is_some() || method.is_some() || post {
        let default = if head {
            "HEAD"
        } else if post {
            "POST"
        } else {
            "GET"
        };
        request.method = Some(method.unwrap_or_else(|| default.into()));
    }
    request.body_defaults_to(if request.parts.is_some() { "multipart/form-data" } else { FORM });
    for issue in &mut issues {
        issue.line = issue.line.saturating_sub(shift).max(1);
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// Evaluates the PHP expressions a sample builds its request from, through its variables;
/// shared with the Guzzle reader.
pub(crate) struct Eval<'a> {
    pub(crate) code: &'a str,
    pub(crate) vars: HashMap<String, Node<'a>>,
}

impl<'a> Eval<'a> {
    /// Follows variables to the expression they were last assigned.
    pub(crate) fn resolve(&self, node: Node<'a>, depth: usize) -> Option<Node<'a>> {
        match node.kind() {
            _ if depth > MAX_DEPTH => None,
            "variable_name" => self.resolve(*self.vars.get(text(node, self.code))?, depth + 1),
            "parenthesized_expression" => self.resolve(*named(node).last()?, depth + 1),
            _ => Some(node),
        }
    }

    /// The string a node stands for: a literal, a variable, `a . b` or a number.
    pub(crate) fn string(&self, node: Node, depth: usize) -> Option<String> {
        let node = self.resolve(node, depth)?;
        let source = text(node, self.code);
        match node.kind() {
            "encapsed_string" => Some(php_string(source.trim_start_matches(['b', 'B']), true)),
            "string" => Some(php_string(source.trim_start_matches(['b', 'B']), false)),
            "integer" | "float" => Some(source.replace('_', "")),
            "binary_expression" if node.child_by_field_name("operator").is_some_and(|o| text(o, self.code) == ".") => {
                let left = self.string(node.child_by_field_name("left")?, depth + 1)?;
                Some(left + &self.string(node.child_by_field_name("right")?, depth + 1)?)
            }
            _ => None,
        }
    }
}

impl<'a> Eval<'a> {
    /// Reads CURLOPT_POSTFIELDS: a string; `http_build_query([...])` or `implode("&",
    /// array_map(..., $pairs))` of name and value pairs (a form); an array of text values and
    /// `CURLFile`s, or a string of `$textPart(...)` and `$filePart(...)` calls (multipart);
    /// `file_get_contents($path)` (a file's bytes).
    pub(crate) fn body(&self, node: Node<'a>, request: &mut ParsedRequest) {
        let Some(node) = self.resolve(node, 0) else { return };
        match node.kind() {
            "array_creation_expression" => {
                request.parts =
                    Some(self.entries(node).into_iter().map(|(name, value)| self.part(name, value)).collect())
            }
            "function_call_expression" => {
                let args = self.arguments(node);
                match self.function(node) {
                    "http_build_query" => {
                        let Some(array) = args.first().and_then(|a| self.array(*a)) else { return };
                        let fields = self
                            .entries(array)
                            .into_iter()
                            .map(|(name, value)| (name, self.string(value, 0).unwrap_or_default()));
                        request.form = Some(fields.collect());
                    }
                    "implode" => {
                        let mapped = args
                            .get(1)
                            .and_then(|a| self.resolve(*a, 0))
                            .filter(|m| m.kind() == "function_call_expression" && self.function(*m) == "array_map");
                        let Some(pairs) = mapped.and_then(|m| self.arguments(m).last().and_then(|a| self.array(*a)))
                        else {
                            request.body = self.string(node, 0);
                            return;
                        };
                        let pair = |element: Node<'a>| {
                            let array = self.array(*named(element).last()?)?;
                            let items = named(array);
                            let item =
                                |i: usize| items.get(i).and_then(|e| named(*e).last().and_then(|v| self.string(*v, 0)));
                            Some((item(0)?, item(1)?))
                        };
                        request.form = Some(named(pairs).into_iter().filter_map(pair).collect());
                    }
                    "file_get_contents" => request.file = args.first().and_then(|a| self.string(*a, 0)),
                    _ => request.body = self.string(node, 0),
                }
            }
            _ => {
                let parts = self.built_parts(node);
                if parts.is_empty() {
                    request.body = self.string(node, 0);
                } else {
                    request.parts = Some(parts);
                }
            }
        }
    }

    /// The parts of a multipart body built with apiglot's `$textPart($name, $value)` and
    /// `$filePart($name, $path, $filename, $type)` closures, in order.
    fn built_parts(&self, node: Node<'a>) -> Vec<ParsedPart> {
        descendants(node)
            .into_iter()
            .filter(|n| n.kind() == "function_call_expression")
            .filter_map(|call| {
                let args = self.arguments(call);
                let arg = |i: usize| args.get(i).and_then(|a| self.string(*a, 0));
                match self.function(call) {
                    "$textPart" => Some(ParsedPart { name: arg(0)?, value: arg(1), ..ParsedPart::default() }),
                    "$filePart" => Some(ParsedPart {
                        name: arg(0)?,
                        value: None,
                        file: arg(1),
                        filename: arg(2),
                        content_type: arg(3),
                    }),
                    _ => None,
                }
            })
            .collect()
    }

    /// A multipart part: a `CURLFile` (or `curl_file_create`) of path, type and file name, or
    /// a text value.
    fn part(&self, name: String, value: Node<'a>) -> ParsedPart {
        let file = self.resolve(value, 0).filter(|v| match v.kind() {
            "object_creation_expression" => {
                named(*v).first().is_some_and(|class| text(*class, self.code).trim_start_matches('\\') == "CURLFile")
            }
            "function_call_expression" => self.function(*v) == "curl_file_create",
            _ => false,
        });
        match file {
            Some(file) => {
                let args = self.arguments(file);
                let arg = |i: usize| args.get(i).and_then(|a| self.string(*a, 0));
                let path = arg(0);
                // Without a file name, cURL sends the path's last segment.
                let filename =
                    arg(2).or_else(|| path.as_deref().map(|p| p.rsplit('/').next().unwrap_or(p).to_string()));
                ParsedPart { name, value: None, file: path, filename, content_type: arg(1) }
            }
            None => ParsedPart { name, value: self.string(value, 0), ..ParsedPart::default() },
        }
    }

    /// The array a node stands for.
    pub(crate) fn array(&self, node: Node<'a>) -> Option<Node<'a>> {
        self.resolve(node, 0).filter(|a| a.kind() == "array_creation_expression")
    }

    /// An array's entries as PHP keeps them: a key given twice keeps its first place and its
    /// last value; an entry without a key gets the next integer key.
    pub(crate) fn entries(&self, array: Node<'a>) -> Vec<(String, Node<'a>)> {
        let mut out: Vec<(String, Node<'a>)> = Vec::new();
        let mut next = 0i64;
        for element in named(array) {
            let (key, value) = match named(element)[..] {
                [key, value] => (self.string(key, 0).unwrap_or_default(), value),
                [value] => (next.to_string(), value),
                _ => continue,
            };
            if let Ok(n) = key.parse::<i64>() {
                next = next.max(n + 1);
            }
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = value,
                None => out.push((key, value)),
            }
        }
        out
    }

    /// The name of the function a call calls, without a leading `\`.
    pub(crate) fn function(&self, call: Node) -> &'a str {
        call.child_by_field_name("function").map(|f| text(f, self.code).trim_start_matches('\\')).unwrap_or("")
    }

    /// A call's argument expressions, in order.
    pub(crate) fn arguments(&self, call: Node<'a>) -> Vec<Node<'a>> {
        let args =
            call.child_by_field_name("arguments").or_else(|| named(call).into_iter().find(|n| n.kind() == "arguments"));
        args.map(named).unwrap_or_default().into_iter().filter_map(|a| named(a).last().copied()).collect()
    }
}

pub(crate) fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect()
}

/// Decodes a quoted PHP literal: single quotes know only `\\` and `\'`; double quotes know
/// PHP's escapes, byte escapes included (read as UTF-8). Interpolations stay as written.
fn php_string(literal: &str, double: bool) -> String {
    let quote = if double { '"' } else { '\'' };
    let body = literal.strip_prefix(quote).unwrap_or(literal);
    let body = body
        .strip_suffix(quote)
        .filter(|b| b.chars().rev().take_while(|c| *c == '\\').count() % 2 == 0)
        .unwrap_or(body);
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
            '\\' => u.byte(b'\\'),
            '\'' if !double => u.byte(b'\''),
            _ if !double => {
                u.byte(b'\\');
                u.char(e);
            }
            '"' | '$' => u.char(e),
            'n' => u.byte(b'\n'),
            't' => u.byte(b'\t'),
            'r' => u.byte(b'\r'),
            'v' => u.byte(0x0b),
            'e' => u.byte(0x1b),
            'f' => u.byte(0x0c),
            '0'..='7' => {
                let n = u.octal(e, 0, 2).unwrap_or_default();
                u.byte((n & 0xff) as u8);
            }
            'x' if u.peek().is_some_and(|d| d.is_ascii_hexdigit()) => {
                let (n, _) = u.digits(1, 2, 16).unwrap_or_default();
                u.byte(n as u8);
            }
            'u' => match u.braced() {
                Some(code) => u.code_point(u32::from_str_radix(&code, 16).unwrap_or(0xFFFD)),
                None => {
                    u.byte(b'\\');
                    u.char('u');
                }
            },
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
        let ja = analyze(&testing::published("ja-remove-members.txt", "php"));
        assert_eq!(ja.request.method.as_deref(), Some("DELETE"));
        assert_eq!(ja.request.url.as_deref(), Some("https://{yourDomain}/api/v2/organizations/ORG_ID/members"));
        assert_eq!(ja.request.headers, vec![auth.clone(), cache.clone()]);
        assert_eq!(ja.request.implicit_headers, vec![pair("content-type", FORM)]);
        assert_eq!(ja.request.body.as_deref(), Some(body));
        assert_eq!(kinds(&ja), vec![IssueKind::Deprecated]);
        assert_eq!(ja.issues[0].line, 21);

        let fr = analyze(&testing::published("fr-assign-members.txt", "php"));
        assert_eq!(fr.request.method.as_deref(), Some("POST"));
        assert_eq!(fr.request.url.as_deref(), Some("https://your_auth0_domain/api/v2/organizations/ORG_ID/members"));
        assert_eq!(fr.request.headers, vec![auth, cache, pair("content-type", "application/json")]);
        assert!(fr.request.implicit_headers.is_empty());
        assert_eq!(fr.request.body.as_deref(), Some(body));
        assert_eq!(kinds(&fr), vec![IssueKind::Deprecated]);
    }

    #[test]
    fn decodes_literals_and_other_shapes() {
        let code = "<?php\n$base = 'https://h/it\\'s\\n';\n$h = [\"x-a: \\$\\e\\101\\400\\x41\\u{e9}\\q\", 'x-b:c' /* note */];\n\
            $c = curl_init($base . \"x\");\ncurl_setopt($c, CURLOPT_HTTPHEADER, $h);\ncurl_setopt($c, CURLOPT_POST, 1);\n\
            curl_setopt_array($c, [CURLOPT_SSL_VERIFYPEER => false, \\CURLOPT_SSL_VERIFYHOST => 0, CURLOPT_POSTFIELDS => ['a' => 1]]);\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("POST"));
        assert_eq!(a.request.url.as_deref(), Some("https://h/it's\\nx"));
        assert_eq!(a.request.headers, vec![pair("x-a", "$\u{1b}A\0Aé\\q"), pair("x-b", "c")]);
        assert_eq!(a.request.body, None);
        let one = ParsedPart { name: "a".into(), value: Some("1".into()), ..ParsedPart::default() };
        assert_eq!(a.request.parts, Some(vec![one]), "an array is sent as multipart");
        assert_eq!(a.request.implicit_headers, vec![pair("content-type", "multipart/form-data")]);
        assert_eq!(kinds(&a), vec![IssueKind::Security, IssueKind::Security]);
        assert_eq!(a.issues[0].line, 7);
    }

    #[test]
    fn reads_forms_parts_files_and_credentials() {
        let code = "$c = curl_init(\"https://h/x\");\ncurl_setopt($c, CURLOPT_USERNAME, \"u\");\n\
            curl_setopt($c, CURLOPT_PASSWORD, 'p:q');\ncurl_setopt($c, CURLOPT_COOKIE, \"a=1\");\n\
            curl_setopt($c, CURLOPT_POSTFIELDS, [\"a\" => \"1\", \"f\" => curl_file_create(\"dir/x.png\", \"image/png\"), \"a\" => \"2\"]);\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("POST"));
        assert_eq!(a.request.basic, Some(pair("u", "p:q")));
        assert_eq!(a.request.headers, vec![pair("cookie", "a=1")]);
        let file = ParsedPart {
            name: "f".into(),
            value: None,
            file: Some("dir/x.png".into()),
            filename: Some("x.png".into()),
            content_type: Some("image/png".into()),
        };
        let two = ParsedPart { name: "a".into(), value: Some("2".into()), ..ParsedPart::default() };
        assert_eq!(a.request.parts, Some(vec![two, file]), "a repeated key keeps its place and its last value");

        let form = analyze("curl_setopt($c, CURLOPT_POSTFIELDS, http_build_query([\"x\" => 1, \"y\", \"z\"]));");
        assert_eq!(form.request.form, Some(vec![pair("x", "1"), pair("0", "y"), pair("1", "z")]));
        assert_eq!(form.request.implicit_headers, vec![pair("content-type", FORM)]);
        let file = analyze("$p = 'img.png';\ncurl_setopt($c, CURLOPT_POSTFIELDS, file_get_contents($p));");
        assert_eq!(file.request.file.as_deref(), Some("img.png"));
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze(r#"$a = $b; $b = $a; curl_setopt($c, CURLOPT_URL, $a . "\u{110000}\u{zz\x\");"#);
        analyze(r#"curl_setopt_array($c, $c); curl_setopt($c, CURLOPT_HTTPHEADER, ["\u{zz}", 'a\']); "\"#);
    }
}
