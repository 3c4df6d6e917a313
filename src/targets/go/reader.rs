//! Reads a Go net/http sample back into its request (tree-sitter-go), decoding Go string
//! literals, and reports the deprecated `io/ioutil` package and certificate checks turned off.
//! Bodies: a string reader, a form (`url.QueryEscape` pairs joined, or `url.Values` encoded),
//! a `mime/multipart` writer's buffer, a file's bytes (`os.ReadFile`, `os.Open`);
//! `SetBasicAuth` credentials.
//!
//! Not read: the `http.Get` and `http.Post` shortcuts.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::parse::literal::Unescape;
use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest,
};

/// Bounds recursion through variable chains (`a := b; b = a`).
const MAX_DEPTH: usize = 100;
const IOUTIL: &str = "io/ioutil is deprecated since Go 1.16: use io.ReadAll (and os.ReadFile) instead.";
const INSECURE: &str =
    "The sample turns certificate checks off (InsecureSkipVerify: true), so anyone on the network could read or change the request.";

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::go(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval::new(code);
    let mut request = ParsedRequest::default();
    // Variables holding the `*http.Request` of `http.NewRequest`.
    let mut requests = HashSet::new();
    // `multipart.NewWriter(buffer)` variables, and the part each `CreatePart` variable writes.
    let mut writers: HashMap<String, Writer> = HashMap::new();
    let mut part_vars: HashMap<String, (String, usize)> = HashMap::new();
    // The buffer `http.NewRequest` sends, resolved to its writer's parts at the end.
    let mut sent_buffer = None;
    let insecure = |issues: &mut Vec<Issue>, node: Node| {
        issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() })
    };
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "import_spec" | "keyed_element" => issues.extend(issue(node, &eval)),
            "short_var_declaration" | "assignment_statement" | "var_spec" | "const_spec" => {
                let (left, right) = (list(node, "left", "name"), list(node, "right", "value"));
                if let (Some(target), [call]) = (left.first(), right.as_slice()) {
                    // `req, err := http.NewRequest(...)`: one call, several results.
                    if new_request(*call, code).is_some() {
                        requests.insert(text(*target, code).to_string());
                    }
                    let target = text(*target, code).to_string();
                    match callee(*call, code) {
                        Some(("multipart", "NewWriter")) => {
                            let buffer =
                                arguments(*call).first().map(|b| text(*b, code).trim_start_matches('&').to_string());
                            writers.insert(target, Writer { buffer: buffer.unwrap_or_default(), parts: Vec::new() });
                        }
                        Some((w, create @ ("CreatePart" | "CreateFormFile" | "CreateFormField"))) => {
                            if let Some(writer) = writers.get_mut(w) {
                                let args = arguments(*call);
                                let arg = |i: usize| args.get(i).and_then(|a| eval.string(*a, 0));
                                let part = match create {
                                    "CreatePart" => args.first().map(|h| eval.part_header(*h)).unwrap_or_default(),
                                    "CreateFormFile" => ParsedPart {
                                        name: arg(0).unwrap_or_default(),
                                        filename: arg(1),
                                        content_type: Some("application/octet-stream".into()),
                                        ..Default::default()
                                    },
                                    _ => ParsedPart { name: arg(0).unwrap_or_default(), ..Default::default() },
                                };
                                writer.parts.push(part);
                                part_vars.insert(target, (w.to_string(), writer.parts.len() - 1));
                            }
                        }
                        _ => {}
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
                eval.assign(node);
            }
            "call_expression" => {
                if let Some(args) = new_request(node, code).filter(|_| request.method.is_none()) {
                    request.method = args.first().and_then(|m| eval.method(*m));
                    request.url = args.get(1).and_then(|u| eval.string(*u, 0));
                    match args.get(2).and_then(|b| eval.body(*b, 0)) {
                        Some(Body::Text(text)) => request.body = Some(text),
                        Some(Body::File(path)) => request.file = Some(path),
                        Some(Body::Buffer(name)) => sent_buffer = Some(name),
                        None => {}
                    }
                    continue;
                }
                let args = arguments(node);
                let arg = |i: usize| args.get(i).and_then(|a| eval.string(*a, 0));
                match callee(node, code) {
                    Some((r, "SetBasicAuth")) if requests.contains(r) => {
                        if let (Some(user), Some(password)) = (arg(0), arg(1)) {
                            request.basic = Some((user, password));
                        }
                        continue;
                    }
                    Some((w, "WriteField")) if writers.contains_key(w) => {
                        let part = ParsedPart { name: arg(0).unwrap_or_default(), value: arg(1), ..Default::default() };
                        writers.entry(w.to_string()).and_modify(|writer| writer.parts.push(part));
                        continue;
                    }
                    // `part.Write(data)`, `io.Copy(part, file)`, `io.WriteString(part, s)`.
                    Some((p, method @ ("Write" | "Copy" | "WriteString"))) if (p == "io") == (method != "Write") => {
                        let (target, content) = if p == "io" {
                            (args.first().map(|t| text(*t, code)), args.get(1))
                        } else {
                            (Some(p), args.first())
                        };
                        let Some((w, at)) = target.and_then(|t| part_vars.get(t)) else { continue };
                        let Some(part) = writers.get_mut(w).and_then(|writer| writer.parts.get_mut(*at)) else {
                            continue;
                        };
                        match content.and_then(|c| eval.body(*c, 0)) {
                            Some(Body::File(path)) => part.file = Some(path),
                            Some(Body::Text(text)) if part.filename.is_none() => {
                                part.value = Some(part.value.take().unwrap_or_default() + &text);
                            }
                            _ => {}
                        }
                        continue;
                    }
                    // `h.Set("Content-Type", "...")` on a `textproto.MIMEHeader`, `form.Add(k, v)` on `url.Values`.
                    Some((v, verb @ ("Set" | "Add")))
                        if eval.values.contains_key(v) || eval.headers.contains_key(v) =>
                    {
                        if let (Some(name), Some(value)) = (arg(0), arg(1)) {
                            let map = if eval.values.contains_key(v) { &mut eval.values } else { &mut eval.headers };
                            let fields = map.entry(v.to_string()).or_default();
                            if verb == "Set" {
                                fields.retain(|(n, _)| *n != name);
                            }
                            fields.push((name, value));
                        }
                        continue;
                    }
                    _ => {}
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
            _ => {}
        }
    }
    if let Some(buffer) = sent_buffer {
        request.parts = writers.into_values().find(|w| w.buffer == buffer).map(|w| w.parts);
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// What any Go sample's `node` shows that would break it or its reader: the deprecated
/// `io/ioutil` import, certificate checks turned off in a composite literal.
pub(crate) fn issue(node: Node, eval: &Eval) -> Option<Issue> {
    let code = eval.code;
    match node.kind() {
        "import_spec"
            if node.child_by_field_name("path").and_then(|p| eval.string(p, 0)).as_deref() == Some("io/ioutil") =>
        {
            Some(Issue { kind: IssueKind::Deprecated, line: line(node), message: IOUTIL.into() })
        }
        "keyed_element" => {
            let parts = named(node);
            let key = parts.first().map(|k| text(*k, code).trim());
            (key == Some("InsecureSkipVerify") && parts.get(1).is_some_and(|v| text(*v, code).trim() == "true"))
                .then(|| Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() })
        }
        _ => None,
    }
}

/// Names and values in order.
type Fields = Vec<(String, String)>;

/// The map types whose fields `Add` and `Set` change.
enum Collection {
    /// `url.Values`, sent by `Encode`.
    Values,
    /// `textproto.MIMEHeader` (or `http.Header`), a multipart part's header.
    Header,
}

/// A `multipart.Writer`: the buffer it writes to and the parts written so far.
struct Writer {
    buffer: String,
    parts: Vec<ParsedPart>,
}

/// What a request's body reader stands for.
pub(crate) enum Body {
    Text(String),
    /// A file's path: `os.ReadFile(path)`, `os.Open(path)`.
    File(String),
    /// A `bytes.Buffer` variable (a multipart writer's).
    Buffer(String),
}

/// `(receiver, method)` of a call `receiver.method(...)` whose receiver is a name.
fn callee<'c>(call: Node, code: &'c str) -> Option<(&'c str, &'c str)> {
    let function = call.child_by_field_name("function").filter(|_| call.kind() == "call_expression")?;
    let operand = function.child_by_field_name("operand").filter(|o| o.kind() == "identifier")?;
    Some((text(operand, code), text(function.child_by_field_name("field")?, code)))
}

/// The expression inside a composite literal's element.
pub(crate) fn element(node: Node) -> Node {
    let mut node = node;
    while node.kind() == "literal_element" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The parameters of a `Content-Disposition` value (`form-data; name="a"; filename="b"`),
/// quoted ones unquoted.
fn disposition_params(value: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    let mut chars = value.chars().peekable();
    // Skip the disposition type.
    for c in chars.by_ref() {
        if c == ';' {
            break;
        }
    }
    loop {
        let name: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if name.trim().is_empty() {
            break;
        }
        while chars.peek().is_some_and(|c| *c == ' ') {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
            for c in chars.by_ref() {
                if c == ';' {
                    break;
                }
            }
        } else {
            value = chars.by_ref().take_while(|c| *c != ';').collect::<String>().trim().to_string();
        }
        params.push((name.trim().to_ascii_lowercase(), value));
    }
    params
}

/// `application/x-www-form-urlencoded` encoding of one name or value, as Go's
/// `url.QueryEscape` writes it.
fn query_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b' ' => "+".to_string(),
            b if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
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

/// The values a sample's variables hold, as far as a reader follows them.
pub(crate) struct Eval<'a> {
    pub(crate) code: &'a str,
    vars: HashMap<String, Node<'a>>,
    /// `url.Values` variables and their fields, as `Add` and `Set` leave them.
    values: HashMap<String, Vec<(String, String)>>,
    /// `textproto.MIMEHeader` variables and their fields.
    headers: HashMap<String, Vec<(String, String)>>,
}

impl<'a> Eval<'a> {
    pub(crate) fn new(code: &'a str) -> Self {
        Eval { code, vars: HashMap::new(), values: HashMap::new(), headers: HashMap::new() }
    }

    /// Records the values a declaration or assignment `node` gives its names (`a, b := x, y`;
    /// `v, err := f()` gives `v` the call).
    pub(crate) fn assign(&mut self, node: Node<'a>) {
        let (left, right) = (list(node, "left", "name"), list(node, "right", "value"));
        for (name, value) in left.iter().zip(&right) {
            if name.kind() == "identifier" {
                let name = text(*name, self.code).to_string();
                let kind = self.collection(*value);
                self.values.remove(&name);
                self.headers.remove(&name);
                match kind {
                    Some((Collection::Values, fields)) => {
                        self.values.insert(name.clone(), fields);
                    }
                    Some((Collection::Header, fields)) => {
                        self.headers.insert(name.clone(), fields);
                    }
                    None => {}
                }
                self.vars.insert(name, *value);
            }
        }
    }

    /// The string a node stands for: a literal, a variable, `a + b` or a parenthesized string.
    pub(crate) fn string(&self, node: Node, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match node.kind() {
            "interpreted_string_literal" | "raw_string_literal" => Some(go_string(text(node, self.code))),
            "identifier" => self.string(*self.vars.get(text(node, self.code))?, depth + 1),
            "parenthesized_expression" => self.string(*named(node).first()?, depth + 1),
            "call_expression" => {
                let args = arguments(node);
                match callee(node, self.code)? {
                    ("url", "QueryEscape") => Some(query_escape(&self.string(*args.first()?, depth + 1)?)),
                    ("strings", "Join") => {
                        let items = self.list(*args.first()?, depth + 1)?;
                        Some(items.join(&self.string(*args.get(1)?, depth + 1)?))
                    }
                    (v, "Encode") if self.values.contains_key(v) => {
                        // `url.Values.Encode` sorts by name; a name's values keep their order.
                        let mut fields = self.values[v].clone();
                        fields.sort_by(|a, b| a.0.cmp(&b.0));
                        let pairs: Vec<String> =
                            fields.iter().map(|(n, v)| format!("{}={}", query_escape(n), query_escape(v))).collect();
                        Some(pairs.join("&"))
                    }
                    _ => None,
                }
            }
            "binary_expression" if node.child_by_field_name("operator").is_some_and(|o| text(o, self.code) == "+") => {
                Some(
                    self.string(node.child_by_field_name("left")?, depth + 1)?
                        + &self.string(node.child_by_field_name("right")?, depth + 1)?,
                )
            }
            _ => None,
        }
    }

    /// The strings of a `[]string{...}` literal, or of a variable holding one.
    fn list(&self, node: Node, depth: usize) -> Option<Vec<String>> {
        if depth > MAX_DEPTH {
            return None;
        }
        match node.kind() {
            "identifier" => self.list(*self.vars.get(text(node, self.code))?, depth + 1),
            "composite_literal" => named(node.child_by_field_name("body")?)
                .into_iter()
                .map(|e| self.string(element(e), depth + 1))
                .collect(),
            _ => None,
        }
    }

    /// `url.Values{...}`, `make(url.Values)`, `textproto.MIMEHeader{...}` and the like: the
    /// package, type and fields (a composite literal's, in order; a map's values each).
    fn collection(&self, node: Node) -> Option<(Collection, Fields)> {
        let type_text = match node.kind() {
            "composite_literal" => text(node.child_by_field_name("type")?, self.code),
            "call_expression" if text(node.child_by_field_name("function")?, self.code) == "make" => {
                text(*arguments(node).first()?, self.code)
            }
            _ => return None,
        };
        let kind = match type_text.trim() {
            "url.Values" => Collection::Values,
            "textproto.MIMEHeader" | "http.Header" => Collection::Header,
            _ => return None,
        };
        let mut fields = Vec::new();
        if let Some(body) = node.child_by_field_name("body").filter(|_| node.kind() == "composite_literal") {
            for pair in named(body).into_iter().filter(|e| e.kind() == "keyed_element") {
                let parts = named(pair);
                let (Some(key), Some(values)) = (parts.first(), parts.get(1)) else { continue };
                let Some(key) = self.string(element(*key), 0) else { continue };
                let values = element(*values);
                if values.kind() == "literal_value" {
                    fields.extend(
                        named(values).into_iter().filter_map(|v| self.string(element(v), 0)).map(|v| (key.clone(), v)),
                    );
                }
            }
        }
        Some((kind, fields))
    }

    /// The part a `CreatePart(header)` starts: its name, file name and content type.
    fn part_header(&self, node: Node) -> ParsedPart {
        let fields = match node.kind() {
            "identifier" => self
                .headers
                .get(text(node, self.code))
                .cloned()
                .or_else(|| self.vars.get(text(node, self.code)).and_then(|v| self.collection(*v)).map(|(_, f)| f)),
            _ => self.collection(node).map(|(_, f)| f),
        }
        .unwrap_or_default();
        let field = |name: &str| fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
        let params = field("Content-Disposition").map(|d| disposition_params(&d)).unwrap_or_default();
        let param = |name: &str| params.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        ParsedPart {
            name: param("name").unwrap_or_default(),
            filename: param("filename"),
            content_type: field("Content-Type"),
            ..Default::default()
        }
    }

    /// `"POST"`, a variable holding it, or `http.MethodPost`.
    pub(crate) fn method(&self, node: Node) -> Option<String> {
        let constant = text(node, self.code).strip_prefix("http.Method").filter(|m| !m.is_empty());
        constant.map(str::to_string).or_else(|| self.string(node, 0)).map(|m| m.to_uppercase())
    }

    /// The body reader: `strings.NewReader(s)`, `bytes.NewBufferString(s)`,
    /// `bytes.NewReader([]byte(s))`, a file (`os.ReadFile(path)`, `os.Open(path)`), a
    /// `bytes.Buffer` variable, or a variable holding one; `nil` is no body.
    pub(crate) fn body(&self, node: Node, depth: usize) -> Option<Body> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(text) = self.string(node, depth + 1) {
            return Some(Body::Text(text));
        }
        match node.kind() {
            "identifier" => {
                let value = *self.vars.get(text(node, self.code))?;
                let source: String = text(value, self.code).chars().filter(|c| !c.is_whitespace()).collect();
                if matches!(
                    source.as_str(),
                    "&bytes.Buffer{}" | "new(bytes.Buffer)" | "bytes.Buffer{}" | "bytes.NewBuffer(nil)"
                ) {
                    return Some(Body::Buffer(text(node, self.code).to_string()));
                }
                self.body(value, depth + 1)
            }
            "call_expression" | "type_conversion_expression" => {
                let function = node.child_by_field_name("function").map(|f| text(f, self.code));
                if let Some("os.ReadFile" | "os.Open" | "ioutil.ReadFile") = function {
                    return Some(Body::File(self.string(*arguments(node).first()?, depth + 1)?));
                }
                let inner = arguments(node).first().copied().or_else(|| node.child_by_field_name("operand"))?;
                self.body(inner, depth + 1)
            }
            _ => None,
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

pub(crate) fn named<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect()
}

pub(crate) fn arguments<'t>(call: Node<'t>) -> Vec<Node<'t>> {
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
pub(crate) mod tests {
    use super::*;
    use crate::parse::testing::{self, kinds};

    #[test]
    fn reads_url_values_form_files_and_opened_bodies() {
        // url.Values sends its fields sorted by name, a name's values in order.
        let form = "package main\n\nfunc main() {\n\tdata := url.Values{\"z\": {\"1\"}}\n\tdata.Add(\"a b\", \"x&y\")\n\tdata.Add(\"z\", \"2\")\n\
            \tdata.Set(\"m\", \"0\")\n\treq, _ := http.NewRequest(\"POST\", \"https://h/t\", strings.NewReader(data.Encode()))\n\treq.SetBasicAuth(\"u\", \"p:w\")\n}\n";
        let a = analyze(form);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.body.as_deref(), Some("a+b=x%26y&m=0&z=1&z=2"));
        assert_eq!(a.request.basic, Some(("u".into(), "p:w".into())));

        let upload = "package main\n\nfunc main() {\n\tbody := new(bytes.Buffer)\n\tw := multipart.NewWriter(body)\n\tfw, _ := w.CreateFormFile(\"doc\", \"d.txt\")\n\
            \tf, _ := os.Open(\"/tmp/d.txt\")\n\tio.Copy(fw, f)\n\th := make(textproto.MIMEHeader)\n\th.Set(\"Content-Disposition\", `form-data; name=\"n\"; filename=\"a;b.png\"`)\n\
            \th.Set(\"Content-Type\", \"image/png\")\n\tpw, _ := w.CreatePart(h)\n\tpw.Write([]byte(\"inline\"))\n\tff, _ := w.CreateFormField(\"t\")\n\tio.WriteString(ff, \"v\")\n\
            \tw.Close()\n\treq, _ := http.NewRequest(http.MethodPost, \"https://h/u\", body)\n\treq.Header.Set(\"Content-Type\", w.FormDataContentType())\n}\n";
        let a = analyze(upload);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        let part = |name: &str, file: Option<&str>, filename: Option<&str>, ct: Option<&str>, value: Option<&str>| {
            ParsedPart {
                name: name.into(),
                value: value.map(Into::into),
                file: file.map(Into::into),
                filename: filename.map(Into::into),
                content_type: ct.map(Into::into),
            }
        };
        assert_eq!(
            a.request.parts,
            Some(vec![
                part("doc", Some("/tmp/d.txt"), Some("d.txt"), Some("application/octet-stream"), None),
                // Bytes written inline are no file.
                part("n", None, Some("a;b.png"), Some("image/png"), None),
                part("t", None, None, None, Some("v")),
            ])
        );
        assert_eq!(a.request.headers, vec![]);

        let binary = "package main\n\nfunc main() {\n\tf, _ := os.Open(\"img.png\")\n\treq, _ := http.NewRequest(\"PUT\", \"https://h/i\", f)\n}\n";
        assert_eq!(analyze(binary).request.file.as_deref(), Some("img.png"));
        assert_eq!(
            disposition_params(r#"form-data; name="a\"b"; filename=c.txt"#),
            vec![("name".to_string(), "a\"b".to_string()), ("filename".to_string(), "c.txt".to_string()),]
        );
    }

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
    fn survives_its_own_broken_input() {
        analyze("func f() {\na := b\nb := a\nr, _ := http.NewRequest(a, b, a)\nr.Header.Add(a, \"\\U0011FFFF\\x\\u12\\400\\\")}");
        analyze("\"\\");
    }
}
