//! Reads an Objective-C NSURLSession sample back into its request (tree-sitter-objc), evaluating
//! NSString, NSDictionary and NSArray literals, and reports delegates that trust any server.
//!
//! Not read: scopes; a later declaration of the same name wins.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use tree_sitter::{Node, Tree};

use super::literal::Unescape;
use super::FORM;
use super::{descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedRequest};

/// Published samples are bare statements; a C grammar may only accept them inside a function.
/// The opening goes on the first code line so that line numbers stay the same.
const WRAP_OPEN: &str = "void apiglot_sample(void) { ";
/// Bounds recursion through nested literals and variable chains (`a = b; b = a;`).
const MAX_DEPTH: usize = 200;

pub fn analyze(code: &str) -> Analysis {
    let last_line = code.lines().count().max(1);
    let (code, tree) = best_parse(code);
    let code = code.as_str();
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new() };
    let mut request = ParsedRequest::default();
    let mut fallback_url = None;
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "init_declarator" => {
                if let (Some(name), Some(value)) = (
                    node.child_by_field_name("declarator").and_then(|d| declared_name(d, code)),
                    node.child_by_field_name("value"),
                ) {
                    eval.vars.insert(name, value);
                }
            }
            "assignment_expression" => eval.assignment(node, &mut request),
            "message_expression" => {
                let Some(msg) = message(node, code) else { continue };
                let arg = |i: usize| msg.args.get(i).copied();
                match msg.selector.as_str() {
                    "setHTTPMethod:" => request.method = arg(0).and_then(|a| eval.string(a, 0)),
                    "setAllHTTPHeaderFields:" => request.headers = arg(0).map(|a| eval.headers(a)).unwrap_or_default(),
                    "setValue:forHTTPHeaderField:" | "addValue:forHTTPHeaderField:" => {
                        if let (Some(value), Some(name)) =
                            (arg(0).and_then(|a| eval.string(a, 0)), arg(1).and_then(|a| eval.string(a, 0)))
                        {
                            set_header(&mut request.headers, name, value, msg.selector.starts_with("add"));
                        }
                    }
                    "setHTTPBody:" => request.body = arg(0).and_then(|a| eval.body(a, 0)),
                    "setURL:" => request.url = arg(0).and_then(|a| eval.url(a, 0)),
                    s if ["requestWithURL:", "initWithURL:", "dataTaskWithURL:"].iter().any(|p| s.starts_with(p)) => {
                        if let Some(url) = arg(0).and_then(|a| eval.url(a, 0)) {
                            request.url.get_or_insert(url);
                        }
                    }
                    "URLWithString:" if fallback_url.is_none() => fallback_url = arg(0).and_then(|a| eval.string(a, 0)),
                    _ => {}
                }
            }
            "method_definition" => issues.extend(trust_all(node, code)),
            _ => {}
        }
    }
    if request.url.is_none() {
        request.url = fallback_url;
    }
    if request.url.is_some() && request.method.is_none() {
        request.method = Some("GET".into());
    }
    request.method = request.method.map(|m| m.to_uppercase());
    request.body_defaults_to(FORM);
    for issue in &mut issues {
        issue.line = issue.line.min(last_line);
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// Parses `code` as is and, if that has syntax errors, wrapped in a function body; keeps the
/// parse with fewer errors, so only errors that survive wrapping are reported.
fn best_parse(code: &str) -> (String, Tree) {
    let tree = parse(tree_sitter_objc::LANGUAGE.into(), code);
    let errors = syntax_issues(&tree, code).len();
    if errors == 0 {
        return (code.to_string(), tree);
    }
    let mut offset = 0;
    for l in code.split_inclusive('\n') {
        let t = l.trim();
        if !t.is_empty() && !t.starts_with('#') {
            break;
        }
        offset += l.len();
    }
    let wrapped = format!("{}{WRAP_OPEN}{}\n}}\n", &code[..offset], &code[offset..]);
    let wrapped_tree = parse(tree_sitter_objc::LANGUAGE.into(), &wrapped);
    if syntax_issues(&wrapped_tree, &wrapped).len() < errors {
        (wrapped, wrapped_tree)
    } else {
        (code.to_string(), tree)
    }
}

/// The variable a declarator declares: `*headers` → `headers`.
fn declared_name(mut node: Node, code: &str) -> Option<String> {
    for _ in 0..MAX_DEPTH {
        if node.kind() == "identifier" {
            return Some(text(node, code).to_string());
        }
        node = node.child_by_field_name("declarator")?;
    }
    None
}

/// A message send: `[receiver a:x b:y]` → selector `a:b:`, arguments `[x, y]`.
struct Message<'t> {
    receiver: Option<Node<'t>>,
    selector: String,
    args: Vec<Node<'t>>,
}

fn message<'t>(node: Node<'t>, code: &str) -> Option<Message<'t>> {
    if node.kind() != "message_expression" {
        return None;
    }
    let mut msg = Message { receiver: None, selector: String::new(), args: Vec::new() };
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            let child = cursor.node();
            match cursor.field_name() {
                Some("receiver") => msg.receiver = Some(child),
                Some("method") => msg.selector.push_str(text(child, code)),
                _ if child.kind() == ":" => msg.selector.push(':'),
                _ if child.is_named() && child.kind() != "comment" => msg.args.push(child),
                _ => {}
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    Some(msg)
}

/// Headers replace a same-named one (names are case-insensitive); `addValue` appends to it.
fn set_header(headers: &mut Vec<(String, String)>, name: String, value: String, add: bool) {
    match headers.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(&name)) {
        Some((_, v)) if add => *v = format!("{v},{value}"),
        Some((_, v)) => *v = value,
        None => headers.push((name, value)),
    }
}

/// A delegate method answering `didReceiveChallenge` with the server's own trust accepts any
/// certificate.
fn trust_all(method: Node, code: &str) -> Option<Issue> {
    let mut cursor = method.walk();
    if !method.children(&mut cursor).any(|c| c.kind() == "identifier" && text(c, code) == "didReceiveChallenge") {
        return None;
    }
    let nodes = descendants(method);
    if !nodes.iter().any(|n| n.kind() == "identifier" && text(*n, code) == "NSURLSessionAuthChallengeUseCredential") {
        return None;
    }
    let send = nodes.iter().find(|n| message(**n, code).is_some_and(|m| m.selector == "credentialForTrust:"))?;
    Some(Issue {
        kind: IssueKind::Security,
        line: line(*send),
        message: "The session delegate accepts any server certificate (`credentialForTrust:` with `NSURLSessionAuthChallengeUseCredential`), which turns off TLS verification".into(),
    })
}

/// Evaluates literals, following the variables assigned so far.
struct Eval<'t> {
    code: &'t str,
    vars: HashMap<String, Node<'t>>,
}

impl<'t> Eval<'t> {
    fn assignment(&mut self, node: Node<'t>, request: &mut ParsedRequest) {
        let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
            return;
        };
        if node.child_by_field_name("operator").is_some_and(|op| text(op, self.code) != "=") {
            return;
        }
        match left.kind() {
            "identifier" => {
                self.vars.insert(text(left, self.code).to_string(), right);
            }
            "field_expression" => match left.child_by_field_name("field").map(|f| text(f, self.code)) {
                Some("HTTPMethod") => request.method = self.string(right, 0),
                Some("HTTPBody") => request.body = self.body(right, 0),
                Some("allHTTPHeaderFields") => request.headers = self.headers(right),
                Some("URL") => request.url = self.url(right, 0),
                _ => {}
            },
            _ => {}
        }
    }

    /// Follows variables, casts and parentheses to the expression that gives the value.
    fn resolve(&self, mut node: Node<'t>, depth: usize) -> Option<Node<'t>> {
        for _ in depth..MAX_DEPTH {
            node = match node.kind() {
                "identifier" => *self.vars.get(text(node, self.code))?,
                "cast_expression" => node.child_by_field_name("value")?,
                "parenthesized_expression" => node.named_child(0)?,
                _ => return Some(node),
            };
        }
        None
    }

    fn string(&self, node: Node<'t>, depth: usize) -> Option<String> {
        let node = self.resolve(node, depth)?;
        match node.kind() {
            "string_literal" => Some(decode(text(node, self.code))),
            "concatenated_string" => {
                let mut cursor = node.walk();
                let parts: Vec<Node> =
                    node.named_children(&mut cursor).filter(|c| c.kind() == "string_literal").collect();
                Some(parts.into_iter().map(|p| decode(text(p, self.code))).collect())
            }
            _ => None,
        }
    }

    fn headers(&self, node: Node<'t>) -> Vec<(String, String)> {
        let Some(Value::Object(map)) = self.value(node, 0) else { return Vec::new() };
        map.into_iter().map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect()
    }

    /// The NSData a sample sends: JSON of a native value, or an encoded string.
    fn body(&self, node: Node<'t>, depth: usize) -> Option<String> {
        let msg = message(self.resolve(node, depth)?, self.code)?;
        if msg.selector.starts_with("dataWithJSONObject:") {
            return self.value(*msg.args.first()?, depth + 1).map(|v| v.to_string());
        }
        if msg.selector.starts_with("dataUsingEncoding:") {
            return self.string(msg.receiver?, depth + 1);
        }
        None
    }

    fn url(&self, node: Node<'t>, depth: usize) -> Option<String> {
        let msg = message(self.resolve(node, depth)?, self.code)?;
        if msg.selector.starts_with("URLWithString:") {
            return self.string(*msg.args.first()?, depth + 1);
        }
        None
    }

    /// A literal as JSON: `@"s"`, `@1`, `@YES`, `[NSNull null]`, `@{...}`, `@[...]`.
    fn value(&self, node: Node<'t>, depth: usize) -> Option<Value> {
        let node = self.resolve(node, depth)?;
        let named = |n: Node<'t>| -> Vec<Node<'t>> {
            let mut cursor = n.walk();
            n.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect()
        };
        match node.kind() {
            "string_literal" | "concatenated_string" => self.string(node, depth).map(Value::String),
            "number_literal" => number(text(node, self.code)),
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            "at_expression" => {
                let inner = *named(node).last()?;
                match text(inner, self.code) {
                    "YES" | "true" => Some(Value::Bool(true)),
                    "NO" | "false" => Some(Value::Bool(false)),
                    _ => self.value(inner, depth + 1),
                }
            }
            "dictionary_literal" => {
                let mut map = Map::new();
                for pair in named(node).into_iter().filter(|p| p.kind() == "dictionary_pair") {
                    let kv = named(pair);
                    let (Some(Value::String(k)), Some(v)) =
                        (self.value(*kv.first()?, depth + 1), self.value(*kv.get(1)?, depth + 1))
                    else {
                        return None;
                    };
                    map.insert(k, v);
                }
                Some(Value::Object(map))
            }
            "array_literal" => {
                named(node).into_iter().map(|n| self.value(n, depth + 1)).collect::<Option<Vec<_>>>().map(Value::Array)
            }
            "message_expression" => {
                let msg = message(node, self.code)?;
                let receiver = text(msg.receiver?, self.code);
                match (receiver, msg.selector.as_str()) {
                    ("NSNull", "null") => Some(Value::Null),
                    ("NSNumber", s) if s.starts_with("numberWith") => self.value(*msg.args.first()?, depth + 1),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// A C number literal (suffixes, hex and octal included) as a JSON number.
fn number(literal: &str) -> Option<Value> {
    let t = literal.to_ascii_lowercase();
    let (neg, t) = t.strip_prefix('-').map_or((false, t.as_str()), |r| (true, r));
    let int = if let Some(hex) = t.strip_prefix("0x") {
        i64::from_str_radix(hex.trim_end_matches(['u', 'l']), 16).ok()
    } else if t.contains(['.', 'e']) {
        None
    } else {
        let digits = t.trim_end_matches(['u', 'l']);
        let radix = if digits.len() > 1 && digits.starts_with('0') { 8 } else { 10 };
        i64::from_str_radix(digits, radix).ok()
    };
    if let Some(i) = int {
        return Some(Value::Number(Number::from(if neg { i.checked_neg()? } else { i })));
    }
    let f: f64 = t.trim_end_matches(['f', 'l']).parse().ok()?;
    Number::from_f64(if neg { -f } else { f }).map(Value::Number)
}

/// Decodes an `@"..."` literal as C does: escapes give bytes, which are then read as UTF-8.
fn decode(literal: &str) -> String {
    let start = literal.find('"').map_or(literal.len(), |i| i + 1);
    let inner = &literal[start..];
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut u = Unescape::new(inner);
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
            'a' => u.byte(7),
            'b' => u.byte(8),
            'f' => u.byte(12),
            'v' => u.byte(11),
            'e' => u.byte(27),
            '\n' => {}
            '0'..='7' => {
                let n = u.octal(e, 0, 2).unwrap_or_default();
                u.byte((n & 0xFF) as u8);
            }
            // C reads every hex digit that follows; the byte is the low eight bits.
            'x' if u.peek().is_some_and(|d| d.is_ascii_hexdigit()) => {
                let (n, _) = u.digits(1, usize::MAX, 16).unwrap_or_default();
                u.byte((n & 0xFF) as u8);
            }
            'u' | 'U' => {
                let len = if e == 'u' { 4 } else { 8 };
                match u.code_point_digits(len) {
                    Some(ch) => u.char(ch),
                    None => u.char(e),
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
    use crate::parse::testing;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    const MEMBERS: &str = r#"{"members":["USER_ID","USER_ID","USER_ID"]}"#;

    #[test]
    fn published_fr() {
        let got = analyze(&testing::published("fr-assign-members.txt", "objc"));
        assert_eq!(got.request.method.as_deref(), Some("POST"));
        assert_eq!(got.request.url.as_deref(), Some("https://your_auth0_domain/api/v2/organizations/ORG_ID/members"));
        let headers = [
            ("content-type", "application/json"),
            ("authorization", "Bearer MGMT_API_ACCESS_TOKEN"),
            ("cache-control", "no-cache"),
        ];
        assert_eq!(got.request.headers, pairs(&headers));
        assert_eq!(got.request.implicit_headers, vec![]);
        assert_eq!(got.request.body.as_deref(), Some(MEMBERS));
        assert_eq!(got.issues, vec![]);
    }

    #[test]
    fn published_ja() {
        let got = analyze(&testing::published("ja-remove-members.txt", "objc"));
        assert_eq!(got.request.method.as_deref(), Some("DELETE"));
        assert_eq!(got.request.url.as_deref(), Some("https://{yourDomain}/api/v2/organizations/ORG_ID/members"));
        assert_eq!(
            got.request.headers,
            pairs(&[("authorization", "Bearer MGMT_API_ACCESS_TOKEN"), ("cache-control", "no-cache")])
        );
        assert_eq!(got.request.implicit_headers, pairs(&[("content-type", FORM)]));
        assert_eq!(got.request.body.as_deref(), Some(MEMBERS));
        assert_eq!(got.issues, vec![]);
    }

    #[test]
    fn escapes_numbers_and_string_bodies() {
        let code = r#"#import <Foundation/Foundation.h>

NSArray *parameters = @[ @-3, @010, @0x1F, @1e2, @NO, @"a" @"b", @"\x41\u00e9\U0001F600\?\'\a\342\200\256" ];
NSString *s = @"{\"a\":1}";
NSData *d = [s dataUsingEncoding:NSUTF8StringEncoding];
NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:[NSURL URLWithString:@"https://x/y"]];
request.HTTPBody = d;
[request setValue:@"text/plain" forHTTPHeaderField:@"Content-Type"];
"#;
        let got = analyze(code);
        assert_eq!(got.issues, vec![]);
        assert_eq!(got.request.method.as_deref(), Some("GET"));
        assert_eq!(got.request.body.as_deref(), Some("{\"a\":1}"));
        assert_eq!(got.request.headers, pairs(&[("Content-Type", "text/plain")]));
        assert_eq!(got.request.implicit_headers, vec![]);
        let eval = |code: &str| {
            let tree = parse(tree_sitter_objc::LANGUAGE.into(), code);
            let node = descendants(tree.root_node()).into_iter().find(|n| n.kind() == "array_literal").expect("array");
            Eval { code, vars: HashMap::new() }.value(node, 0)
        };
        let expected = serde_json::json!([-3, 8, 31, 100.0, false, "ab", "Aé😀?'\u{7}\u{202e}"]);
        assert_eq!(eval(code), Some(expected));
    }

    #[test]
    fn statements_outside_a_function_and_trust_all_delegates() {
        let code = "#import <Foundation/Foundation.h>

@implementation D
- (void)URLSession:(NSURLSession *)s didReceiveChallenge:(NSURLAuthenticationChallenge *)c completionHandler:(void (^)(NSURLSessionAuthChallengeDisposition, NSURLCredential *))h {
    h(NSURLSessionAuthChallengeUseCredential, [NSURLCredential credentialForTrust:c.protectionSpace.serverTrust]);
}
@end
";
        let got = analyze(code);
        assert_eq!(got.issues.iter().map(|i| (i.kind, i.line)).collect::<Vec<_>>(), vec![(IssueKind::Security, 5)]);
        // `@try` is a syntax error at the top level: only the wrapped parse accepts it.
        let statements = "#import <Foundation/Foundation.h>\n\n@try { f(); } @catch (NSException *e) { g(); }\n[request setHTTPMethod:@\"put\"];\n";
        let got = analyze(statements);
        assert_eq!(got.issues, vec![]);
        assert_eq!(got.request.method.as_deref(), Some("PUT"));
        let broken = analyze("#import <Foundation/Foundation.h>\n\nint x = (1;\n");
        assert_eq!(broken.issues.iter().map(|i| (i.kind, i.line)).collect::<Vec<_>>(), vec![(IssueKind::Broken, 3)]);
    }

    #[test]
    fn truncated_and_garbage() {
        testing::survives_broken_input("objc", analyze);
        let (_, code) = testing::render("objc", testing::ASSIGN_MEMBERS);
        let cut = code.find("Bearer ").expect("a token") + 3;
        let got = analyze(&code[..cut]);
        assert!(got.issues.iter().any(|i| i.kind == IssueKind::Broken), "{:?}", got.issues);
        assert!(got.issues.iter().all(|i| i.line <= code[..cut].lines().count()));
        for (at, _) in code.char_indices() {
            analyze(&code[..at]);
            analyze(&code[at..]);
        }
        analyze("");
        analyze("\u{0}\u{1}@\"\\x\\u12\\U\\777[[[@{@[@\"");
        let bytes: Vec<u8> = (0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        analyze(&String::from_utf8_lossy(&bytes));
        analyze(&"@[".repeat(5000));
    }
}
