//! Reads a Go net/http sample back into its request (tree-sitter-go), decoding Go string
//! literals, and reports the deprecated `io/ioutil` package and certificate checks turned off.
//!
//! Not read: the `http.Get` and `http.Post` shortcuts.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::literal::Unescape;
use super::{descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedRequest};

/// Bounds recursion through variable chains (`a := b; b = a`).
const MAX_DEPTH: usize = 100;
const IOUTIL: &str = "io/ioutil is deprecated since Go 1.16: use io.ReadAll (and os.ReadFile) instead.";
const INSECURE: &str =
    "The sample turns certificate checks off (InsecureSkipVerify: true), so anyone on the network could read or change the request.";

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(tree_sitter_go::LANGUAGE.into(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new() };
    let mut request = ParsedRequest::default();
    // Variables holding the `*http.Request` of `http.NewRequest`.
    let mut requests = HashSet::new();
    let insecure = |issues: &mut Vec<Issue>, node: Node| {
        issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() })
    };
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "import_spec"
                if node.child_by_field_name("path").and_then(|p| eval.string(p, 0)).as_deref() == Some("io/ioutil") =>
            {
                issues.push(Issue { kind: IssueKind::Deprecated, line: line(node), message: IOUTIL.into() });
            }
            "short_var_declaration" | "assignment_statement" | "var_spec" | "const_spec" => {
                let (left, right) = (list(node, "left", "name"), list(node, "right", "value"));
                if let (Some(target), [call]) = (left.first(), right.as_slice()) {
                    // `req, err := http.NewRequest(...)`: one call, several results.
                    if new_request(*call, code).is_some() {
                        requests.insert(text(*target, code).to_string());
                    }
                }
                if let Some(field) = left
                    .first()
                    .filter(|l| l.kind() == "selector_expression")
                    .and_then(|l| l.child_by_field_name("field"))
                {
                    if text(field, code) == "InsecureSkipVerify"
                        && right.first().is_some_and(|r| text(*r, code) == "true")
                    {
                        insecure(&mut issues, node);
                    }
                }
                for (name, value) in left.iter().zip(&right) {
                    if name.kind() == "identifier" {
                        eval.vars.insert(text(*name, code).to_string(), *value);
                    }
                }
            }
            "call_expression" => {
                if let Some(args) = new_request(node, code).filter(|_| request.method.is_none()) {
                    request.method = args.first().and_then(|m| eval.method(*m));
                    request.url = args.get(1).and_then(|u| eval.string(*u, 0));
                    request.body = args.get(2).and_then(|b| eval.body(*b, 0));
                    continue;
                }
                // `req.Header.Add("a", "b")` / `req.Header.Set("a", "b")`.
                let Some(function) = node.child_by_field_name("function").filter(|f| f.kind() == "selector_expression")
                else {
                    continue;
                };
                let verb = function.child_by_field_name("field").map(|f| text(f, code));
                let Some(header) =
                    function.child_by_field_name("operand").filter(|o| o.kind() == "selector_expression")
                else {
                    continue;
                };
                let on_request =
                    header.child_by_field_name("operand").is_some_and(|r| requests.contains(text(r, code)));
                if !on_request || header.child_by_field_name("field").map(|f| text(f, code)) != Some("Header") {
                    continue;
                }
                let args = arguments(node);
                let (Some(name), Some(value)) =
                    (args.first().and_then(|a| eval.string(*a, 0)), args.get(1).and_then(|a| eval.string(*a, 0)))
                else {
                    continue;
                };
                match verb {
                    Some("Add") => request.headers.push((name, value)),
                    Some("Set") => {
                        request.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
                        request.headers.push((name, value));
                    }
                    _ => {}
                }
            }
            "keyed_element" => {
                let parts = named(node);
                let key = parts.first().map(|k| text(*k, code).trim());
                if key == Some("InsecureSkipVerify") && parts.get(1).is_some_and(|v| text(*v, code).trim() == "true") {
                    insecure(&mut issues, node);
                }
            }
            _ => {}
        }
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// The arguments `(method, url, body)` of `http.NewRequest(...)`, without the context of
/// `http.NewRequestWithContext(ctx, ...)`.
fn new_request<'t>(call: Node<'t>, code: &str) -> Option<Vec<Node<'t>>> {
    let function = call.child_by_field_name("function").filter(|_| call.kind() == "call_expression")?;
    let args = arguments(call);
    match text(function, code) {
        "http.NewRequest" => Some(args),
        "http.NewRequestWithContext" => Some(args.into_iter().skip(1).collect()),
        _ => None,
    }
}

struct Eval<'a> {
    code: &'a str,
    vars: HashMap<String, Node<'a>>,
}

impl Eval<'_> {
    /// The string a node stands for: a literal, a variable, `a + b` or a parenthesized string.
    fn string(&self, node: Node, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match node.kind() {
            "interpreted_string_literal" | "raw_string_literal" => Some(go_string(text(node, self.code))),
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

    /// `"POST"`, a variable holding it, or `http.MethodPost`.
    fn method(&self, node: Node) -> Option<String> {
        let constant = text(node, self.code).strip_prefix("http.Method").filter(|m| !m.is_empty());
        constant.map(str::to_string).or_else(|| self.string(node, 0)).map(|m| m.to_uppercase())
    }

    /// The body reader: `strings.NewReader(s)`, `bytes.NewBufferString(s)`,
    /// `bytes.NewReader([]byte(s))`, or a variable holding one; `nil` is no body.
    fn body(&self, node: Node, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match node.kind() {
            "identifier" => self.body(*self.vars.get(text(node, self.code))?, depth + 1),
            "call_expression" | "type_conversion_expression" => {
                let inner = arguments(node).first().copied().or_else(|| node.child_by_field_name("operand"))?;
                self.body(inner, depth + 1)
            }
            _ => self.string(node, depth + 1),
        }
    }
}

/// The nodes of an `expression_list` field (`a, b := ...`), or of a repeated field
/// (`var a, b = ...` names each identifier as `name`).
fn list<'t>(node: Node<'t>, field: &str, alternative: &str) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    let nodes: Vec<Node> = node.children_by_field_name(field, &mut cursor).collect();
    let nodes = if nodes.is_empty() { node.children_by_field_name(alternative, &mut cursor).collect() } else { nodes };
    match nodes.as_slice() {
        [one] if one.kind() == "expression_list" => named(*one),
        _ => nodes,
    }
}

fn named<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect()
}

fn arguments<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    call.child_by_field_name("arguments").map(named).unwrap_or_default()
}

/// Decodes a Go string literal (with its quotes): raw `...` drops carriage returns;
/// interpreted "..." knows Go's escapes, where `\x` and octal escapes are bytes.
fn go_string(literal: &str) -> String {
    if let Some(raw) = literal.strip_prefix('`') {
        return raw.strip_suffix('`').unwrap_or(raw).replace('\r', "");
    }
    let body = literal.strip_prefix('"').unwrap_or(literal);
    let body =
        body.strip_suffix('"').filter(|b| b.chars().rev().take_while(|c| *c == '\\').count() % 2 == 0).unwrap_or(body);
    let mut u = Unescape::new(body);
    while let Some(c) = u.next() {
        if c != '\\' {
            u.char(c);
            continue;
        }
        let Some(e) = u.next() else { break };
        match e {
            'a' => u.byte(0x07),
            'b' => u.byte(0x08),
            'f' => u.byte(0x0c),
            'n' => u.byte(b'\n'),
            'r' => u.byte(b'\r'),
            't' => u.byte(b'\t'),
            'v' => u.byte(0x0b),
            'x' => match u.digits(2, 2, 16) {
                Some((n, _)) => u.byte(n as u8),
                None => u.char(e),
            },
            '0'..='7' => match u.octal(e, 2, 2) {
                Some(n) => u.byte(n as u8),
                None => u.char(e),
            },
            'u' | 'U' => match u.digits(if e == 'u' { 4 } else { 8 }, if e == 'u' { 4 } else { 8 }, 16) {
                Some((n, _)) => u.code_point(n),
                None => u.char(e),
            },
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
        let ja = analyze(&testing::published("ja-remove-members.txt", "go"));
        assert_eq!(ja.request.method.as_deref(), Some("DELETE"));
        assert_eq!(ja.request.url.as_deref(), Some("https://{yourDomain}/api/v2/organizations/ORG_ID/members"));
        assert_eq!(ja.request.headers, vec![auth.clone(), cache.clone()]);
        assert!(ja.request.implicit_headers.is_empty());
        assert_eq!(ja.request.body.as_deref(), Some(body));
        assert_eq!(kinds(&ja), vec![IssueKind::Deprecated]);
        assert_eq!(ja.issues[0].line, 7);

        let fr = analyze(&testing::published("fr-assign-members.txt", "go"));
        assert_eq!(fr.request.method.as_deref(), Some("POST"));
        assert_eq!(fr.request.url.as_deref(), Some("https://your_auth0_domain/api/v2/organizations/ORG_ID/members"));
        let json = ("content-type".to_string(), "application/json".to_string());
        assert_eq!(fr.request.headers, vec![json, auth, cache]);
        assert!(fr.request.implicit_headers.is_empty());
        assert_eq!(fr.request.body.as_deref(), Some(body));
        assert_eq!(kinds(&fr), vec![IssueKind::Deprecated]);
    }

    #[test]
    fn decodes_literals_and_other_shapes() {
        let code = "package main\n\nimport (\n\t\"bytes\"\n\t\"crypto/tls\"\n\t\"net/http\"\n)\n\nconst base = `https://h.example` + \"/a\"\n\n\
            func main() {\n\tvar data = []byte(\"\\a\\x41\\101\\303\\251\\u00e9\\U0001F600\\\\\\\"\\'\")\n\tr, err := http.NewRequestWithContext(ctx, http.MethodPatch, base+\"?q=1\", bytes.NewReader(data))\n\
            \tr.Header.Add(\"X-A\", `raw\\n`)\n\tr.Header.Add(\"x-a\", \"2\")\n\tr.Header.Set(\"X-A\", \"3\")\n\
            \ttr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}\n\tcfg.InsecureSkipVerify = true\n}\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("https://h.example/a?q=1"));
        assert_eq!(a.request.headers, vec![("X-A".to_string(), "3".to_string())]);
        assert_eq!(a.request.body.as_deref(), Some("\u{7}AAéé😀\\\"'"));
        assert_eq!(kinds(&a), vec![IssueKind::Security, IssueKind::Security]);
        assert_eq!(a.issues[0].line, 17);
        assert_eq!(a.issues[1].line, 18);
    }

    #[test]
    fn survives_broken_input() {
        testing::survives_broken_input("go", analyze);
        analyze("func f() {\na := b\nb := a\nr, _ := http.NewRequest(a, b, a)\nr.Header.Add(a, \"\\U0011FFFF\\x\\u12\\400\\\")}");
        analyze("\"\\");
    }
}
