//! Reads a Swift URLSession sample back into its request (tree-sitter-swift), evaluating string,
//! dictionary and array literals, and reports throwing calls without `try` and delegates that
//! trust any server.
//!
//! Not read: scopes; a `let` of the same name inside a closure overrides the outer one.

use std::cell::Cell;
use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use tree_sitter::Node;

use crate::parse::foundation::{parts_of, Allowed, FormBody};
use crate::parse::FORM;
use crate::parse::{descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedRequest};
use crate::request::base64;

/// Bounds recursion through nested literals and variable chains (`let a = b`, `let b = a`).
const MAX_DEPTH: usize = 200;
/// Bounds the expressions one sample's evaluation follows (see `Eval::budget`).
const EVAL_BUDGET: usize = 100_000;
/// Throwing Foundation calls, by callee and first argument label (`_` for none).
const THROWING: &[(&str, &str)] = &[
    ("JSONSerialization.data", "withJSONObject"),
    ("JSONSerialization.jsonObject", "with"),
    ("String", "contentsOf"),
    ("Data", "contentsOf"),
    ("JSONEncoder().encode", "_"),
    ("JSONDecoder().decode", "_"),
];

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::swift(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval::new(code);
    let mut request = ParsedRequest::default();
    let mut fallback_url = None;
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "property_declaration" => {
                let name =
                    node.child_by_field_name("name").map(|n| n.child_by_field_name("bound_identifier").unwrap_or(n));
                if let (Some(name), Some(value)) = (name, node.child_by_field_name("value")) {
                    eval.vars.insert(text(name, code).to_string(), value);
                }
            }
            "assignment" => eval.assignment(node, &mut request),
            "for_statement" => eval.for_in(node),
            "call_expression" => {
                let Some(call) = call(node, code) else { continue };
                let method = call.callee_name.rsplit('.').next().unwrap_or_default();
                match (method, call.label(0), call.label(1)) {
                    ("append", "_", "") => {
                        if let Some((target, _)) = member(call.callee, code).filter(|(t, _)| t.kind() == "simple_identifier") {
                            eval.appends.push((text(target, code).to_string(), call.args[0].1));
                        }
                    }
                    ("setValue" | "addValue", "_", "forHTTPHeaderField") => {
                        if let (Some(value), Some(name)) = (eval.string(call.args[0].1, 0), eval.string(call.args[1].1, 0)) {
                            set_header(&mut request.headers, name, value, method == "addValue");
                        }
                    }
                    ("NSMutableURLRequest" | "URLRequest" | "NSURLRequest" | "dataTask", "url" | "with", _) => {
                        if let Some(url) = eval.url(call.args[0].1, 0) {
                            request.url.get_or_insert(url);
                        }
                    }
                    ("URL" | "NSURL", "string", _) if fallback_url.is_none() => fallback_url = eval.string(call.args[0].1, 0),
                    ("URLCredential", "trust", _) if in_challenge_handler(node, code) => issues.push(Issue {
                        kind: IssueKind::Security,
                        line: line(node),
                        message: "The session delegate accepts any server certificate (`URLCredential(trust:)`), which turns off TLS verification".into(),
                    }),
                    _ => {}
                }
                if THROWING.iter().any(|(callee, label)| call.callee_name == *callee && call.label(0) == *label)
                    && !under_try(node)
                {
                    let labels: String =
                        call.args.iter().map(|(l, _)| format!("{}:", l.as_deref().unwrap_or("_"))).collect();
                    issues.push(Issue {
                        kind: IssueKind::Broken,
                        line: line(node),
                        message: format!("{}({labels}) throws: call it with `try`", call.callee_name),
                    });
                }
            }
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
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// A call: `a.b(x, y: z)` → callee `a.b` (whitespace removed), arguments with their labels.
struct Call<'t> {
    /// The call expression itself.
    node: Node<'t>,
    callee: Node<'t>,
    callee_name: String,
    args: Vec<(Option<String>, Node<'t>)>,
}

impl Call<'_> {
    /// The label of argument `i`: `_` when it has none, empty when there is no such argument.
    fn label(&self, i: usize) -> &str {
        self.args.get(i).map_or("", |(l, _)| l.as_deref().unwrap_or("_"))
    }
}

fn call<'t>(node: Node<'t>, code: &str) -> Option<Call<'t>> {
    if node.kind() != "call_expression" {
        return None;
    }
    let callee = node.named_child(0)?;
    let mut callee_name: String = text(callee, code).chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(rest) = callee_name.strip_prefix("Foundation.") {
        callee_name = rest.to_string();
    }
    let mut args = Vec::new();
    let mut cursor = node.walk();
    let suffix = node.named_children(&mut cursor).find(|c| c.kind() == "call_suffix")?;
    let mut cursor = suffix.walk();
    if let Some(list) = suffix.named_children(&mut cursor).find(|c| c.kind() == "value_arguments") {
        let mut cursor = list.walk();
        for arg in list.named_children(&mut cursor).filter(|c| c.kind() == "value_argument") {
            let label = arg.child_by_field_name("name").map(|n| text(n, code).trim().to_string());
            if let Some(value) = arg.child_by_field_name("value") {
                args.push((label, value));
            }
        }
    }
    Some(Call { node, callee, callee_name, args })
}

/// A member access `target.name` (`form.map`, `x.joined`): the target and the member's name.
fn member<'t>(node: Node<'t>, code: &str) -> Option<(Node<'t>, String)> {
    if node.kind() != "navigation_expression" {
        return None;
    }
    let suffix = node.child_by_field_name("suffix")?.child_by_field_name("suffix")?;
    Some((node.child_by_field_name("target")?, text(suffix, code).to_string()))
}

/// Whether a `try` (or `try?`, `try!`) covers `node`; a closure or function body is a boundary.
fn under_try(node: Node) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        match n.kind() {
            "try_expression" => return true,
            "lambda_literal" | "function_declaration" | "source_file" => return false,
            _ => current = n.parent(),
        }
    }
    false
}

/// Whether `node` is inside a `urlSession(_:didReceive:completionHandler:)` delegate method.
fn in_challenge_handler(node: Node, code: &str) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.kind() == "function_declaration" {
            let mut cursor = n.walk();
            return n.named_children(&mut cursor).any(|p| {
                p.kind() == "parameter"
                    && p.child_by_field_name("external_name").is_some_and(|e| text(e, code) == "didReceive")
            });
        }
        current = n.parent();
    }
    false
}

/// Headers replace a same-named one (names are case-insensitive); `addValue` appends to it.
fn set_header(headers: &mut Vec<(String, String)>, name: String, value: String, add: bool) {
    match headers.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(&name)) {
        Some((_, v)) if add => *v = format!("{v},{value}"),
        Some((_, v)) => *v = value,
        None => headers.push((name, value)),
    }
}

/// Evaluates literals, following the variables assigned so far.
struct Eval<'t> {
    code: &'t str,
    vars: HashMap<String, Node<'t>>,
    /// `for x in collection { body }` loops seen so far: (the collection, the body).
    loops: Vec<(Node<'t>, Node<'t>)>,
    /// `variable.append(piece)` calls seen so far.
    appends: Vec<(String, Node<'t>)>,
    /// How many more expressions may be followed: variables that each use another twice
    /// would otherwise take exponential time.
    budget: Cell<usize>,
}

impl<'t> Eval<'t> {
    fn new(code: &'t str) -> Self {
        Eval { code, vars: HashMap::new(), loops: Vec::new(), appends: Vec::new(), budget: Cell::new(EVAL_BUDGET) }
    }

    fn assignment(&mut self, node: Node<'t>, request: &mut ParsedRequest) {
        let (Some(target), Some(value)) = (node.child_by_field_name("target"), node.child_by_field_name("result"))
        else {
            return;
        };
        if node.child_by_field_name("operator").is_some_and(|op| text(op, self.code) != "=") {
            return;
        }
        let target = text(target, self.code).trim();
        match target.rsplit_once('.').map(|(_, property)| property.trim()) {
            None => {
                self.vars.insert(target.to_string(), value);
            }
            Some("httpMethod") => request.method = self.string(value, 0),
            Some("httpBody") => self.set_body(value, request),
            Some("allHTTPHeaderFields") => request.headers = self.headers(value),
            Some("url") => request.url = self.url(value, 0),
            _ => {}
        }
    }

    /// Follows variables, casts, `!`, `try` and parentheses to the expression giving the value.
    fn resolve(&self, mut node: Node<'t>, depth: usize) -> Option<Node<'t>> {
        self.budget.set(self.budget.get().checked_sub(1)?);
        for _ in depth..MAX_DEPTH {
            node = match node.kind() {
                "simple_identifier" => *self.vars.get(text(node, self.code))?,
                "as_expression" | "try_expression" => node.child_by_field_name("expr")?,
                "postfix_expression" if node.child_by_field_name("operation").is_some_and(|o| o.kind() == "bang") => {
                    node.child_by_field_name("target")?
                }
                "tuple_expression" if node.named_child_count() == 1 => node.named_child(0)?,
                _ => return Some(node),
            };
        }
        None
    }

    fn string(&self, node: Node<'t>, depth: usize) -> Option<String> {
        let node = self.resolve(node, depth)?;
        match node.kind() {
            "line_string_literal" | "multi_line_string_literal" => Some(self.literal(node, depth)),
            "raw_string_literal" => Some(raw(text(node, self.code))),
            "call_expression" => {
                let c = call(node, self.code)?;
                let (data, method) = member(c.callee, self.code)?;
                (method == "base64EncodedString" && c.args.is_empty())
                    .then(|| self.bytes(data, depth + 1))
                    .flatten()
                    .map(|b| base64(&b))
            }
            _ => None,
        }
    }

    /// The bytes of `Data(s.utf8)` or `s.data(using: .utf8)`.
    fn bytes(&self, node: Node<'t>, depth: usize) -> Option<Vec<u8>> {
        let string = self.utf8(self.resolve(node, depth)?)?;
        self.string(string, depth + 1).map(String::into_bytes)
    }

    /// A string's value: escapes decoded, an interpolation `\(...)` of a string the reader can
    /// evaluate replaced by it and any other kept as written, and for a multi-line literal the
    /// closing delimiter's indentation removed from every line.
    fn literal(&self, node: Node<'t>, depth: usize) -> String {
        let multi = node.kind() == "multi_line_string_literal";
        let source = text(node, self.code);
        let indent = if multi {
            let before_close = source.strip_suffix("\"\"\"").unwrap_or(source);
            let last = &before_close[before_close.rfind('\n').map_or(before_close.len(), |i| i + 1)..];
            if last.trim().is_empty() {
                last
            } else {
                ""
            }
        } else {
            ""
        };
        let mut out = String::new();
        let mut cursor = node.walk();
        let mut previous_end = None;
        // Where the last `\(` began in `out`, while its interpolation is open, and whether the
        // `)` that closes an evaluated interpolation is still to be dropped.
        let mut opener = None;
        let mut skip_close = false;
        for child in node.children(&mut cursor) {
            if let Some(end) = previous_end {
                out.push_str(&self.code[end..child.start_byte().max(end)]);
            }
            previous_end = Some(child.end_byte());
            match child.kind() {
                "\"" | "\"\"\"" => {}
                "line_str_text" => out.push_str(text(child, self.code)),
                "multi_line_str_text" if indent.is_empty() => out.push_str(text(child, self.code)),
                "multi_line_str_text" => out.push_str(&text(child, self.code).replace(&format!("\n{indent}"), "\n")),
                "str_escaped_char" => out.push_str(&unescape(text(child, self.code))),
                "interpolated_expression" if opener.is_some() => {
                    let value = child.child_by_field_name("value").filter(|_| child.named_child_count() == 1);
                    match value.and_then(|v| self.string(v, depth + 1)) {
                        Some(value) => {
                            out.truncate(opener.take().unwrap_or(out.len()));
                            out.push_str(&value);
                            // The closing `)` is dropped with the opener.
                            previous_end = None;
                            skip_close = true;
                        }
                        None => {
                            opener = None;
                            out.push_str(text(child, self.code));
                        }
                    }
                }
                ")" if skip_close => {
                    skip_close = false;
                    previous_end = Some(child.end_byte());
                }
                kind => {
                    opener = (kind.starts_with('\\') && kind.ends_with('(')).then_some(out.len());
                    out.push_str(text(child, self.code));
                }
            }
        }
        if multi {
            out = out.strip_prefix('\n').unwrap_or(&out).to_string();
            if out.ends_with('\n') {
                out.pop();
            }
        }
        out
    }

    fn headers(&self, node: Node<'t>) -> Vec<(String, String)> {
        let Some(Value::Object(map)) = self.value(node, 0) else { return Vec::new() };
        map.into_iter().map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect()
    }

    /// Records a `for x in collection { ... }` loop.
    fn for_in(&mut self, node: Node<'t>) {
        let collection = node.child_by_field_name("collection");
        let mut cursor = node.walk();
        let body = node.named_children(&mut cursor).find(|c| c.kind() == "statements");
        if let (Some(collection), Some(body)) = (collection, body) {
            self.loops.push((collection, body));
        }
    }

    /// The last loop whose body calls `var.method(...)` (`postData.append(...)`).
    fn loop_calling(&self, var: &str, method: &str) -> Option<(Node<'t>, Node<'t>)> {
        let callee = format!("{var}.{method}");
        self.loops.iter().rev().copied().find(|(_, body)| {
            let nodes = descendants(*body);
            self.budget.set(self.budget.get().saturating_sub(nodes.len()));
            self.budget.get() > 0
                && nodes.into_iter().any(|n| call(n, self.code).is_some_and(|c| c.callee_name == callee))
        })
    }

    /// What `httpBody` is set to: JSON of a native value, a string's bytes, a form encoded
    /// field by field (`form.map { ... }.joined(separator: "&")`), a multipart body appended
    /// part by part in a loop, or a file's contents.
    fn set_body(&self, node: Node<'t>, request: &mut ParsedRequest) {
        request.body = None;
        request.form = None;
        request.parts = None;
        request.file = None;
        let var = self.peel(node).filter(|n| n.kind() == "simple_identifier").map(|n| text(n, self.code));
        let Some(call) = self.resolve(node, 0).and_then(|n| call(n, self.code)) else { return };
        let arg = call.args.first().map(|a| a.1);
        match (call.callee_name.as_str(), call.label(0)) {
            ("JSONSerialization.data", "withJSONObject") => {
                request.body = arg.and_then(|a| self.value(a, 1)).map(|v| v.to_string());
            }
            ("Data", "contentsOf") => request.file = arg.and_then(|a| self.file_url(a)),
            ("Data" | "NSMutableData", "") | ("NSMutableData", "data") => {
                let Some(var) = var else { return };
                if let Some((collection, _)) = self.loop_calling(var, "append") {
                    request.parts = self.value(collection, 1).as_ref().and_then(parts_of);
                    return;
                }
                // Appended piece by piece (httpsnippet's forms): the pieces joined.
                let first = match arg {
                    Some(data) => self.bytes(data, 1),
                    None => Some(Vec::new()),
                };
                let pieces = self.appends.iter().filter(|(v, _)| v == var).map(|(_, piece)| self.bytes(*piece, 1));
                let bytes: Option<Vec<Vec<u8>>> = std::iter::once(first).chain(pieces).collect();
                request.body = bytes.and_then(|b| String::from_utf8(b.concat()).ok());
            }
            _ => {
                if let Some(text) = self.utf8(call.node) {
                    if let Some(text) = self.string(text, 1) {
                        request.body = Some(text);
                    } else if let Some(form) = self.form(text) {
                        form.set(request);
                    }
                }
            }
        }
    }

    /// Casts and `try` around an expression taken off: `postData as Data` → `postData`.
    fn peel(&self, mut node: Node<'t>) -> Option<Node<'t>> {
        for _ in 0..MAX_DEPTH {
            node = match node.kind() {
                "as_expression" | "try_expression" => node.child_by_field_name("expr")?,
                "tuple_expression" if node.named_child_count() == 1 => node.named_child(0)?,
                _ => return Some(node),
            };
        }
        None
    }

    /// The string whose UTF-8 bytes `node` is: `Data(s.utf8)` or `s.data(using: .utf8)`.
    fn utf8(&self, node: Node<'t>) -> Option<Node<'t>> {
        let call = call(node, self.code)?;
        let arg = call.args.first()?.1;
        match (call.callee_name.as_str(), call.label(0)) {
            ("Data", "_") if arg.kind() == "navigation_expression" && text(arg, self.code).ends_with("utf8") => {
                arg.child_by_field_name("target")
            }
            (name, "using") if name.ends_with(".data") && call.callee.kind() == "navigation_expression" => {
                call.callee.child_by_field_name("target")
            }
            _ => None,
        }
    }

    /// `URL(fileURLWithPath: "path")` or `URL(filePath: "path")`: the path.
    fn file_url(&self, node: Node<'t>) -> Option<String> {
        let call = call(self.resolve(node, 1)?, self.code)?;
        match (call.callee_name.as_str(), call.label(0)) {
            ("URL" | "NSURL", "fileURLWithPath" | "filePath") => self.string(call.args[0].1, 2),
            _ => None,
        }
    }

    /// A form made of `URLQueryItem`s, each encoded in a closure and joined:
    /// `form.map { ... addingPercentEncoding(withAllowedCharacters: set) ... }.joined(separator: "&")`.
    /// The fields, or the text sent when the set leaves `&`, `=` or `+` bare.
    fn form(&self, node: Node<'t>) -> Option<FormBody> {
        let joined = call(self.resolve(node, 1)?, self.code)?;
        let (mapped, method) = member(joined.callee, self.code)?;
        if method != "joined" || joined.label(0) != "separator" || self.string(joined.args[0].1, 2)? != "&" {
            return None;
        }
        let map = call(self.resolve(mapped, 2)?, self.code)?;
        let (list, method) = member(map.callee, self.code)?;
        if method != "map" {
            return None;
        }
        let closure = descendants(map.node).into_iter().find(|n| n.kind() == "lambda_literal")?;
        let fields = self.query_items(list)?;
        let encoding = descendants(closure).into_iter().find_map(|n| {
            call(n, self.code)
                .filter(|c| c.callee_name.ends_with(".addingPercentEncoding") && c.label(0) == "withAllowedCharacters")
        });
        let allowed = match encoding {
            None => Allowed::Everything,
            Some(c) => self.allowed(c.args[0].1)?,
        };
        Some(allowed.form(fields))
    }

    /// `[URLQueryItem(name: "a", value: "b"), ...]`.
    fn query_items(&self, node: Node<'t>) -> Option<Vec<(String, String)>> {
        let list = self.resolve(node, 2).filter(|n| n.kind() == "array_literal")?;
        let mut cursor = list.walk();
        let items: Vec<Node<'t>> = list.children_by_field_name("element", &mut cursor).collect();
        items
            .into_iter()
            .map(|item| {
                let c = call(self.resolve(item, 3)?, self.code)?;
                if c.callee_name != "URLQueryItem" || c.label(0) != "name" || c.label(1) != "value" {
                    return None;
                }
                Some((self.string(c.args[0].1, 4)?, self.string(c.args[1].1, 4)?))
            })
            .collect()
    }

    /// The set given to `addingPercentEncoding(withAllowedCharacters:)`:
    /// `CharacterSet(charactersIn: "...")`, or a predefined one (`.urlQueryAllowed`).
    fn allowed(&self, node: Node<'t>) -> Option<Allowed> {
        let node = self.resolve(node, 2)?;
        if let Some(c) = call(node, self.code) {
            if c.callee_name == "CharacterSet" && c.label(0) == "charactersIn" {
                return Some(Allowed::Chars(self.string(c.args[0].1, 3)?));
            }
            return None;
        }
        let name = text(node, self.code).rsplit('.').next()?.trim();
        Allowed::named(name)
    }

    fn url(&self, node: Node<'t>, depth: usize) -> Option<String> {
        let call = call(self.resolve(node, depth)?, self.code)?;
        match (call.callee_name.as_str(), call.label(0)) {
            ("URL" | "NSURL", "string") => self.string(call.args[0].1, depth + 1),
            _ => None,
        }
    }

    /// A literal as JSON: strings, numbers, booleans, `NSNull()`, dictionaries and arrays.
    fn value(&self, node: Node<'t>, depth: usize) -> Option<Value> {
        let node = self.resolve(node, depth)?;
        let field = |name: &str| -> Vec<Node<'t>> {
            let mut cursor = node.walk();
            node.children_by_field_name(name, &mut cursor).collect()
        };
        match node.kind() {
            "line_string_literal" | "multi_line_string_literal" | "raw_string_literal" => {
                self.string(node, depth).map(Value::String)
            }
            "integer_literal" | "hex_literal" | "oct_literal" | "bin_literal" | "real_literal" => {
                number(text(node, self.code))
            }
            "boolean_literal" => Some(Value::Bool(text(node, self.code) == "true")),
            "prefix_expression" if node.child_by_field_name("operation").is_some_and(|o| text(o, self.code) == "-") => {
                let target = node.child_by_field_name("target")?;
                number(&format!("-{}", text(target, self.code)))
            }
            "call_expression" => {
                let call = call(node, self.code)?;
                (call.callee_name == "NSNull" && call.args.is_empty()).then_some(Value::Null)
            }
            "dictionary_literal" => {
                let mut map = Map::new();
                for (k, v) in field("key").into_iter().zip(field("value")) {
                    let (Value::String(k), v) = (self.value(k, depth + 1)?, self.value(v, depth + 1)?) else {
                        return None;
                    };
                    map.insert(k, v);
                }
                Some(Value::Object(map))
            }
            "array_literal" => field("element")
                .into_iter()
                .map(|n| self.value(n, depth + 1))
                .collect::<Option<Vec<_>>>()
                .map(Value::Array),
            _ => None,
        }
    }
}

/// A Swift number literal (`_` separators, `0x`/`0o`/`0b` prefixes) as a JSON number.
fn number(literal: &str) -> Option<Value> {
    let t: String = literal.chars().filter(|c| *c != '_' && !c.is_whitespace()).collect();
    let (neg, t) = t.strip_prefix('-').map_or((false, t.as_str()), |r| (true, r));
    let radix = [("0x", 16), ("0o", 8), ("0b", 2)].into_iter().find_map(|(p, r)| t.strip_prefix(p).map(|d| (d, r)));
    let int = match radix {
        Some((digits, 16)) if digits.contains(['.', 'p', 'P']) => None,
        Some((digits, r)) => i64::from_str_radix(digits, r).ok(),
        None => t.parse::<i64>().ok(),
    };
    if let Some(i) = int {
        return Some(Value::Number(Number::from(if neg { i.checked_neg()? } else { i })));
    }
    let f: f64 = t.parse().ok()?;
    Number::from_f64(if neg { -f } else { f }).map(Value::Number)
}

/// One escape: `\0 \\ \t \n \r \" \'`, `\u{X}`, or a line continuation in a multi-line string.
fn unescape(escape: &str) -> String {
    let body = escape.strip_prefix('\\').unwrap_or(escape).trim_start_matches('#');
    match body {
        "0" => "\0".into(),
        "t" => "\t".into(),
        "n" => "\n".into(),
        "r" => "\r".into(),
        "\\" | "\"" | "'" => body.into(),
        b if b.starts_with('u') => {
            let hex = b.trim_start_matches('u').trim_start_matches('{').trim_end_matches('}');
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map_or_else(|| escape.to_string(), String::from)
        }
        b if b.trim_start_matches([' ', '\t']).starts_with(['\n', '\r']) => String::new(),
        _ => escape.to_string(),
    }
}

/// A raw string `#"..."#`: text as written, except escapes spelled with the same number of `#`.
fn raw(source: &str) -> String {
    let hashes = source.len() - source.trim_start_matches('#').len();
    let delimiter = if source[hashes..].starts_with("\"\"\"") { "\"\"\"" } else { "\"" };
    let inner = source[hashes..].trim_end_matches('#');
    let inner = inner.strip_prefix(delimiter).unwrap_or(inner);
    let inner = inner.strip_suffix(delimiter).unwrap_or(inner);
    let opener = format!("\\{}", "#".repeat(hashes));
    let mut out = String::new();
    let mut rest = inner;
    while let Some(at) = rest.find(&opener) {
        out.push_str(&rest[..at]);
        let after = &rest[at + opener.len()..];
        if after.starts_with('(') {
            out.push_str(&opener);
            rest = after;
            continue;
        }
        let len = match after.chars().next() {
            Some('u') => after.find('}').map_or(1, |i| i + 1),
            Some(c) => c.len_utf8(),
            None => 0,
        };
        out.push_str(&unescape(&format!("\\{}", &after[..len])));
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    const MEMBERS: &str = r#"{"members":["USER_ID","USER_ID","USER_ID"]}"#;
    const NO_TRY: &str = "JSONSerialization.data(withJSONObject:options:) throws: call it with `try`";

    #[test]
    fn published_fr() {
        let got = analyze(&testing::published("fr-assign-members.txt", "swift"));
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
        assert_eq!(got.issues, vec![Issue { kind: IssueKind::Broken, line: 10, message: NO_TRY.into() }]);
    }

    #[test]
    fn published_ja() {
        let got = analyze(&testing::published("ja-remove-members.txt", "swift"));
        assert_eq!(got.request.method.as_deref(), Some("DELETE"));
        assert_eq!(got.request.url.as_deref(), Some("https://{yourDomain}/api/v2/organizations/ORG_ID/members"));
        assert_eq!(
            got.request.headers,
            pairs(&[("authorization", "Bearer MGMT_API_ACCESS_TOKEN"), ("cache-control", "no-cache")])
        );
        assert_eq!(got.request.implicit_headers, pairs(&[("content-type", FORM)]));
        assert_eq!(got.request.body.as_deref(), Some(MEMBERS));
        assert_eq!(got.issues, vec![Issue { kind: IssueKind::Broken, line: 9, message: NO_TRY.into() }]);
    }

    #[test]
    fn strings_numbers_and_string_bodies() {
        let code = r##"import Foundation
let a = [-3, 0x1F, 1_000, 1e2, false, NSNull(), "x\(y + 1)z", "\0\u{1F600}\'", #"a\n\#tb\#(c)"#, """
    one\t
      two
    """] as [Any]
var request = URLRequest(url: URL(string: "https://x/y")!)
request.setValue("text/plain", forHTTPHeaderField: "Content-Type")
request.httpBody = "{\"a\":1}".data(using: .utf8)!
let s = try? String(contentsOf: URL(string: "https://x")!)
"##;
        let got = analyze(code);
        assert_eq!(got.issues, vec![]);
        assert_eq!(got.request.method.as_deref(), Some("GET"));
        assert_eq!(got.request.url.as_deref(), Some("https://x/y"));
        assert_eq!(got.request.headers, pairs(&[("Content-Type", "text/plain")]));
        assert_eq!(got.request.body.as_deref(), Some("{\"a\":1}"));
        assert_eq!(got.request.implicit_headers, vec![]);
        let tree = parse(crate::grammars::swift(), code);
        let array = descendants(tree.root_node()).into_iter().find(|n| n.kind() == "array_literal").expect("array");
        let expected = serde_json::json!([
            -3,
            31,
            1000,
            100.0,
            false,
            null,
            "x\\(y + 1)z",
            "\0😀'",
            "a\\n\tb\\#(c)",
            "one\t\n  two"
        ]);
        assert_eq!(Eval::new(code).value(array, 0), Some(expected));
    }

    #[test]
    fn missing_try_and_trust_all_delegates() {
        let code = r#"import Foundation
let postData = Data("a".utf8)
let d = Data(contentsOf: URL(string: "https://x")!)
let f = { try JSONSerialization.jsonObject(with: postData) }
let g = try { JSONSerialization.jsonObject(with: postData) }()
class D: NSObject, URLSessionDelegate {
  func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge, completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
    completionHandler(.useCredential, URLCredential(trust: challenge.protectionSpace.serverTrust!))
  }
}
"#;
        let got = analyze(code);
        let found: Vec<_> = got.issues.iter().map(|i| (i.kind, i.line)).collect();
        assert_eq!(
            found,
            vec![(IssueKind::Broken, 3), (IssueKind::Broken, 5), (IssueKind::Security, 8)],
            "{:?}",
            got.issues
        );
        assert_eq!(got.issues[0].message, "Data(contentsOf:) throws: call it with `try`");
    }

    /// Swift is not run here, so its reader is held to every kind and every hostile string
    /// read back exactly, with no syntax error in the sample.
    #[test]
    fn every_request_kind_reads_back_exactly() {
        use crate::parse::testing::{hostile_kinds, reads_back_exactly};
        for (_, yaml) in testing::request_kinds() {
            reads_back_exactly("swift", analyze, &yaml);
        }
        for yaml in hostile_kinds() {
            reads_back_exactly("swift", analyze, &yaml);
        }
    }

    /// httpsnippet's form: an NSMutableData made of its first field, the others appended.
    #[test]
    fn a_form_appended_piece_by_piece() {
        let code = r#"import Foundation

let headers = ["content-type": "application/x-www-form-urlencoded"]

let postData = NSMutableData(data: "grant_type=client_credentials".data(using: String.Encoding.utf8)!)
postData.append("&scope=read%3Ausers".data(using: String.Encoding.utf8)!)
postData.append(Data("&note=a+b".utf8))

let request = NSMutableURLRequest(url: NSURL(string: "https://x/oauth/token")! as URL)
request.httpMethod = "POST"
request.allHTTPHeaderFields = headers
request.httpBody = postData as Data
"#;
        let got = analyze(code);
        assert_eq!(got.issues, vec![]);
        assert_eq!(got.request.body.as_deref(), Some("grant_type=client_credentials&scope=read%3Ausers&note=a+b"));
        let unknown = code.replace("Data(\"&note=a+b\".utf8)", "extra");
        assert_eq!(analyze(&unknown).request.body, None, "a piece the reader cannot evaluate leaves the body unknown");
    }

    /// A form encoded with a set that leaves `&`, `=` or `+` bare reads as the text it sends.
    #[test]
    fn a_form_encoded_with_the_wrong_set_reads_as_what_it_sends() {
        testing::a_form_encoded_with(
            "swift",
            analyze,
            "let unreserved",
            "let unreserved = CharacterSet.urlQueryAllowed",
        );
        let yaml = testing::request_kinds().into_iter().find(|(f, _)| f == "oauth-token.yaml").expect("kind").1;
        let (_, code) = testing::render("swift", &yaml);
        let set = code.lines().find(|l| l.starts_with("let unreserved")).expect("the set");
        let letters = code.replace(set, "let unreserved = CharacterSet.alphanumerics");
        assert_eq!(analyze(&letters).request.form, analyze(&code).request.form);
        let bare = code.replace(".addingPercentEncoding(withAllowedCharacters: unreserved)!", "");
        let read = analyze(&bare).request;
        assert!(
            read.body.as_deref().is_some_and(|b| b.contains("audience=https://api.example.com/v2/?a=1&b=2&")),
            "{bare}"
        );
    }

    /// Interpolations of strings the reader knows are evaluated (basic credentials); others,
    /// and the escapes around them, stay as written.
    #[test]
    fn interpolations_of_known_strings() {
        let code = r#"import Foundation
let user = "u\(b)"
let password = "p\\"
let credentials = Data("\(user):\( password )".utf8).base64EncodedString()
let other = "x\(unknown)y\\(user)z\\\(password)w\(user + "")"
var request = URLRequest(url: URL(string: "https://x/y")!)
request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
request.setValue(other, forHTTPHeaderField: "x-other")
"#;
        let got = analyze(code);
        assert_eq!(got.issues, vec![]);
        let basic = format!("Basic {}", base64(br"u\(b):p\"));
        let other = r#"x\(unknown)y\(user)z\p\w\(user + "")"#;
        assert_eq!(got.request.headers, pairs(&[("Authorization", basic.as_str()), ("x-other", other)]));
    }

    #[test]
    fn truncated_and_garbage() {
        for yaml in testing::hostile_kinds() {
            let (_, code) = testing::render("swift", &yaml);
            for (at, _) in code.char_indices().step_by(7) {
                analyze(&code[..at]);
            }
        }
        let (_, code) = testing::render("swift", testing::ASSIGN_MEMBERS);
        let cut = code.find("Bearer ").expect("a token") + 3;
        let got = analyze(&code[..cut]);
        assert!(got.issues.iter().any(|i| i.kind == IssueKind::Broken), "{:?}", got.issues);
        for (at, _) in code.char_indices() {
            analyze(&code[..at]);
            analyze(&code[at..]);
        }
        analyze("");
        analyze("\u{0}\u{1}\"\\u{zz}\\u{110000}#\"\\#\"\"\"[[[:(");
        let bytes: Vec<u8> = (0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        analyze(&String::from_utf8_lossy(&bytes));
        analyze(&"[".repeat(5000));
        analyze(&format!("let a = {}", "[".repeat(3000)));
        // Each string is the one before twice over: read in bounded time, not 2^60 steps.
        let mut bomb = String::from("import Foundation\nlet a0 = \"x\"\n");
        for i in 1..60 {
            bomb.push_str(&format!("let a{i} = \"\\(a{})\\(a{})\"\n", i - 1, i - 1));
        }
        bomb.push_str("var request = URLRequest(url: URL(string: \"https://x/y\")!)\n");
        bomb.push_str("request.setValue(a59, forHTTPHeaderField: \"x\")\nrequest.httpBody = Data(a59.utf8)\n");
        assert_eq!(analyze(&bomb).request.headers, vec![]);
    }
}
