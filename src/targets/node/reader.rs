//! Reads a Node.js axios sample back into its request (tree-sitter-javascript), evaluating
//! object and array literals, and reports certificate checks turned off.
//!
//! Bodies: JSON values and strings, `URLSearchParams` forms, `FormData` parts (text, and
//! files as `Blob`s or `File`s of `fs.readFileSync(path)`), a file's bytes as the data;
//! `auth` credentials.
//!
//! Not read: changes to the options after their declaration (`options.data = ...`); only the first axios call counts.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use tree_sitter::Node;

use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest,
};

/// Bounds recursion through nested literals and variable chains (`a = b; b = a;`).
const MAX_DEPTH: usize = 200;
/// axios shortcuts; the ones in `WITH_DATA` take the body as their second argument.
const SHORTCUTS: [&str; 10] =
    ["get", "delete", "head", "options", "post", "put", "patch", "postForm", "putForm", "patchForm"];
const WITH_DATA: [&str; 6] = ["post", "put", "patch", "postForm", "putForm", "patchForm"];
/// The key of the values that stand for what JSON cannot hold: a form, a `FormData`, a
/// file's bytes, a `Blob`.
const MARK: &str = "\u{1}apiglot";
const INSECURE: &str =
    "The sample turns certificate checks off, so anyone on the network could read or change the request.";

pub fn analyze(code: &str) -> Analysis {
    analyze_with(code, |eval, node| eval.axios_call(node))
}

/// Walks a JavaScript sample: binds variables, records `URLSearchParams` and `FormData`
/// fields, reports certificate checks turned off, and asks `call` for the request of each
/// call expression until one answers (the axios call here; `fetch` for node-fetch).
pub(crate) fn analyze_with(
    code: &str,
    call: impl for<'t> Fn(&Eval<'t>, Node<'t>) -> Option<ParsedRequest>,
) -> Analysis {
    let tree = parse(crate::grammars::javascript(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval {
        code,
        vars: HashMap::new(),
        clients: HashMap::from([("axios".to_string(), Map::new())]),
        forms: HashMap::new(),
        multiparts: HashMap::new(),
    };
    let mut request = None;
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "variable_declarator" => {
                if let (Some(name), Some(value)) = (node.child_by_field_name("name"), node.child_by_field_name("value"))
                {
                    eval.bind(text(name, code), value);
                }
            }
            "assignment_expression" => {
                let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                else {
                    continue;
                };
                let target = text(left, code);
                if left.kind() == "identifier" {
                    eval.bind(target, right);
                }
                let value = eval.value(right, 0);
                let tls_off = target.contains("NODE_TLS_REJECT_UNAUTHORIZED")
                    && matches!(value.as_ref().map(scalar).as_deref(), Some("0"));
                let setting = target.rsplit(['.', '[']).next().unwrap_or("").trim_matches(['"', '\'', ']', '`']);
                if tls_off || turns_verification_off(setting, right, &eval) {
                    issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() });
                }
            }
            "pair" => {
                let (Some(key), Some(value)) = (node.child_by_field_name("key"), node.child_by_field_name("value"))
                else {
                    continue;
                };
                if eval.key(key, 0).is_some_and(|k| turns_verification_off(&k, value, &eval)) {
                    issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() });
                }
            }
            "import_statement" => {
                let source = node.child_by_field_name("source").and_then(|s| eval.value(s, 0));
                if source == Some(Value::String("axios".into())) {
                    for clause in descendants(node).into_iter().filter(|n| n.kind() == "import_clause") {
                        if let Some(name) = clause.named_child(0).filter(|n| n.kind() == "identifier") {
                            eval.clients.insert(text(name, code).to_string(), Map::new());
                        }
                    }
                }
            }
            "call_expression" => {
                // A form's or FormData's field, else perhaps the axios call.
                let appended = eval.append(node);
                if !appended && request.is_none() {
                    request = call(&eval, node);
                }
            }
            _ => {}
        }
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request: request.unwrap_or_default(), issues }
}

/// `rejectUnauthorized` set to a falsy constant (`false`, `0`, `!1`, `!true`), or a
/// `checkServerIdentity` that checks nothing (a function with an empty body, or returning
/// `undefined`): the ways Node's TLS options turn certificate or host name checks off.
fn turns_verification_off(setting: &str, value: Node, eval: &Eval) -> bool {
    match setting {
        "rejectUnauthorized" => falsy(value, eval),
        "checkServerIdentity" => {
            matches!(value.kind(), "arrow_function" | "function_expression" | "function")
                && value.child_by_field_name("body").is_some_and(|body| {
                    let body_text: String = text(body, eval.code).split_whitespace().collect();
                    matches!(
                        body_text.as_str(),
                        "{}" | "undefined" | "null" | "{returnundefined;}" | "{return;}" | "{returnnull;}"
                    )
                })
        }
        _ => false,
    }
}

/// A constant JavaScript counts as false: `false`, `0`, `!1`, `!true`, `!"x"`, through
/// parentheses and variables.
fn falsy(node: Node, eval: &Eval) -> bool {
    match node.kind() {
        "parenthesized_expression" => node.named_child(0).is_some_and(|n| falsy(n, eval)),
        "unary_expression" if node.child_by_field_name("operator").is_some_and(|o| text(o, eval.code) == "!") => {
            node.child_by_field_name("argument").is_some_and(|a| truthy(a, eval))
        }
        _ => matches!(eval.value(node, 0), Some(Value::Bool(false))) || text(node, eval.code).trim() == "0",
    }
}

fn truthy(node: Node, eval: &Eval) -> bool {
    match node.kind() {
        "parenthesized_expression" => node.named_child(0).is_some_and(|n| truthy(n, eval)),
        "unary_expression" if node.child_by_field_name("operator").is_some_and(|o| text(o, eval.code) == "!") => {
            node.child_by_field_name("argument").is_some_and(|a| falsy(a, eval))
        }
        _ => match eval.value(node, 0) {
            Some(Value::Bool(b)) => b,
            Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
            Some(Value::String(s)) => !s.is_empty(),
            _ => false,
        },
    }
}

/// What a JavaScript sample has defined so far, and its literal values.
pub(crate) struct Eval<'a> {
    pub(crate) code: &'a str,
    vars: HashMap<String, Node<'a>>,
    /// Names that are axios or an `axios.create(...)` instance, with the instance's defaults.
    clients: HashMap<String, Map<String, Value>>,
    /// `URLSearchParams` variables and their fields so far.
    pub(crate) forms: HashMap<String, Vec<(String, String)>>,
    /// `FormData` variables and their parts so far.
    pub(crate) multiparts: HashMap<String, Vec<ParsedPart>>,
}

impl<'a> Eval<'a> {
    fn bind(&mut self, name: &str, value: Node<'a>) {
        let source = text(value, self.code);
        if source.starts_with("require(") && (source.contains("'axios'") || source.contains("\"axios\"")) {
            self.clients.insert(name.to_string(), Map::new());
        } else if let Some(defaults) = self.create_call(value) {
            self.clients.insert(name.to_string(), defaults);
        }
        self.forms.remove(name);
        self.multiparts.remove(name);
        match self.value(value, 0).as_ref().and_then(marked) {
            Some(("form", Value::Array(pairs))) => {
                self.forms.insert(name.to_string(), pairs_of(pairs));
            }
            Some(("multipart", _)) => {
                self.multiparts.insert(name.to_string(), Vec::new());
            }
            _ => {}
        }
        self.vars.insert(name.to_string(), value);
    }

    /// `form.append(name, value)` or `form.set(...)` on a `URLSearchParams`, and
    /// `form.append(name, value, filename)` on a `FormData`: records the field; false for any
    /// other call.
    fn append(&mut self, node: Node<'a>) -> bool {
        let Some(func) = node.child_by_field_name("function").filter(|f| f.kind() == "member_expression") else {
            return false;
        };
        let (Some(object), Some(property)) = (func.child_by_field_name("object"), func.child_by_field_name("property"))
        else {
            return false;
        };
        let (target, method) = (text(object, self.code), text(property, self.code));
        if !matches!(method, "append" | "set")
            || !(self.forms.contains_key(target) || self.multiparts.contains_key(target))
        {
            return false;
        }
        let args = arguments(node);
        let Some(name) = args.first().and_then(|a| self.value(*a, 0)).map(|v| scalar(&v)) else { return true };
        let value = args.get(1).and_then(|a| self.value(*a, 0));
        if let Some(fields) = self.forms.get_mut(target) {
            if method == "set" {
                fields.retain(|(n, _)| *n != name);
            }
            fields.push((name, value.map(|v| scalar(&v)).unwrap_or_default()));
            return true;
        }
        let part = match value.as_ref().and_then(marked) {
            Some(("blob", Value::Object(blob))) => {
                let field = |key: &str| blob.get(key).map(scalar);
                let filename = args.get(2).and_then(|a| self.value(*a, 0)).map(|v| scalar(&v));
                ParsedPart {
                    name: name.clone(),
                    file: field("file"),
                    // FormData names a Blob "blob" and keeps a File's own name.
                    filename: filename.or_else(|| field("name")).or_else(|| Some("blob".into())),
                    content_type: field("type")
                        .filter(|t| !t.is_empty())
                        .or_else(|| Some("application/octet-stream".into())),
                    value: None,
                }
            }
            Some(_) => ParsedPart { name: name.clone(), ..Default::default() },
            None => ParsedPart { name: name.clone(), value: value.map(|v| scalar(&v)), ..Default::default() },
        };
        if let Some(parts) = self.multiparts.get_mut(target) {
            if method == "set" {
                parts.retain(|p| p.name != name);
            }
            parts.push(part);
        }
        true
    }

    /// `axios.create(config)`: the instance's defaults.
    fn create_call(&self, node: Node<'a>) -> Option<Map<String, Value>> {
        let (client, method, args) = self.member_call(node)?;
        (method == "create").then(|| merge(client.clone(), args.first().and_then(|a| self.value(*a, 0))))
    }

    /// `client.method(args)` where `client` is a known axios name.
    fn member_call(&self, node: Node<'a>) -> Option<(&Map<String, Value>, &'a str, Vec<Node<'a>>)> {
        let func = node
            .child_by_field_name("function")
            .filter(|f| f.kind() == "member_expression" && node.kind() == "call_expression")?;
        let object = func.child_by_field_name("object").filter(|o| o.kind() == "identifier")?;
        let client = self.clients.get(text(object, self.code))?;
        Some((client, text(func.child_by_field_name("property")?, self.code), arguments(node)))
    }

    /// The request of an axios call: `axios(config)`, `axios(url, config)`,
    /// `axios.request(config)` or a shortcut like `axios.post(url, data, config)`.
    fn axios_call(&self, node: Node<'a>) -> Option<ParsedRequest> {
        let arg = |i: usize, args: &[Node]| args.get(i).and_then(|a| self.value(*a, 0));
        let mut config;
        if let Some((client, method, args)) = self.member_call(node) {
            if method == "request" {
                config = merge(client.clone(), arg(0, &args));
            } else if SHORTCUTS.contains(&method) {
                let data = WITH_DATA.contains(&method);
                config = merge(client.clone(), arg(if data { 2 } else { 1 }, &args));
                config.insert("method".into(), Value::String(method.trim_end_matches("Form").into()));
                config.extend(arg(0, &args).map(|u| ("url".to_string(), u)));
                config.extend(arg(1, &args).filter(|_| data).map(|d| ("data".to_string(), d)));
            } else {
                return None;
            }
        } else {
            let func = node.child_by_field_name("function").filter(|f| f.kind() == "identifier")?;
            let client = self.clients.get(text(func, self.code))?;
            let args = arguments(node);
            match arg(0, &args) {
                Some(Value::String(url)) => {
                    config = merge(client.clone(), arg(1, &args));
                    config.insert("url".into(), Value::String(url));
                }
                first => config = merge(client.clone(), first),
            }
        }
        Some(request_of(&config, &self.multiparts))
    }

    /// A property key as a string: `a`, `'a'`, `1`, `[expr]`.
    fn key(&self, node: Node, depth: usize) -> Option<String> {
        match node.kind() {
            "property_identifier" | "identifier" => Some(text(node, self.code).to_string()),
            "computed_property_name" => self.key(node.named_child(0)?, depth + 1),
            _ => self.value(node, depth + 1).map(|v| scalar(&v)),
        }
    }

    /// The value of `new URLSearchParams(...)`, `new FormData()`, `new Blob([...], {type})` or
    /// `new File([...], name, {type})`, [`mark`]ed. Apart from `value`, whose frame stays small.
    #[inline(never)]
    fn construct(&self, node: Node, depth: usize) -> Option<Value> {
        let constructor = text(node.child_by_field_name("constructor")?, self.code);
        let args: Vec<Node> = node.child_by_field_name("arguments").map(named).unwrap_or_default();
        let arg = |i: usize| args.get(i).and_then(|a| self.value(*a, depth + 1));
        Some(match constructor {
            "URLSearchParams" => {
                let pairs = match arg(0) {
                    None => Vec::new(),
                    Some(Value::String(query)) => crate::check::compare::form_fields(query.trim_start_matches('?')),
                    Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), scalar(v))).collect(),
                    Some(Value::Array(items)) => pairs_of(&items),
                    Some(_) => return None,
                };
                mark("form", pairs.into_iter().map(|(n, v)| Value::from(vec![n, v])).collect())
            }
            "FormData" if args.is_empty() => mark("multipart", Value::Null),
            "Blob" | "File" => {
                // `new Blob([bytes], {type})`, `new File([bytes], name, {type})`.
                let Some(Value::Array(bits)) = arg(0) else { return None };
                let file = match bits.as_slice() {
                    [one] => marked(one).filter(|(k, _)| *k == "file").map(|(_, f)| f.clone())?,
                    _ => return None,
                };
                let options = arg(if constructor == "File" { 2 } else { 1 });
                let mut blob = Map::new();
                blob.insert("file".into(), file);
                if constructor == "File" {
                    blob.insert("name".into(), Value::String(scalar(&arg(1)?)));
                }
                if let Some(t) = options.as_ref().and_then(|o| o.get("type")) {
                    blob.insert("type".into(), t.clone());
                }
                mark("blob", Value::Object(blob))
            }
            _ => return None,
        })
    }

    /// `Buffer.from(text).toString("base64")` or `btoa(text)`: the base64 of the text's UTF-8,
    /// or for `btoa` of its Latin-1 (a character beyond it throws).
    fn base64(&self, node: Node, depth: usize) -> Option<String> {
        use base64::Engine as _;
        let func = node.child_by_field_name("function")?;
        let mut latin1 = func.kind() == "identifier";
        let input = match func.kind() {
            "identifier" if text(func, self.code) == "btoa" => {
                let input = arguments(node).first().copied()?;
                match self.utf8_bytes(input) {
                    // `btoa(String.fromCharCode(...new TextEncoder().encode(text)))`: the UTF-8.
                    Some(text) => {
                        latin1 = false;
                        text
                    }
                    None => input,
                }
            }
            "member_expression" => {
                let property = text(func.child_by_field_name("property")?, self.code);
                let args = arguments(node);
                let encoding = args.first().and_then(|a| self.value(*a, depth + 1)).map(|v| scalar(&v));
                let from = func.child_by_field_name("object").filter(|o| o.kind() == "call_expression")?;
                let source = text(from.child_by_field_name("function")?, self.code);
                (property == "toString" && encoding.as_deref() == Some("base64") && source == "Buffer.from")
                    .then_some(())?;
                arguments(from).first().copied()?
            }
            _ => return None,
        };
        let Value::String(plain) = self.value(input, depth + 1)? else { return None };
        let bytes = if latin1 {
            plain.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect::<Option<Vec<u8>>>()?
        } else {
            plain.into_bytes()
        };
        Some(base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    /// The `text` of `String.fromCharCode(...new TextEncoder().encode(text))`, a string of
    /// the text's UTF-8 bytes that `btoa` takes.
    fn utf8_bytes<'n>(&self, node: Node<'n>) -> Option<Node<'n>> {
        let spread = (node.kind() == "call_expression"
            && text(node.child_by_field_name("function")?, self.code) == "String.fromCharCode")
            .then(|| arguments(node))?;
        let [spread] = spread.as_slice() else { return None };
        let encode = spread.named_child(0).filter(|_| spread.kind() == "spread_element")?;
        let func = encode.child_by_field_name("function").filter(|_| encode.kind() == "call_expression")?;
        let compact: String = text(func, self.code).split_whitespace().collect();
        (compact == "newTextEncoder().encode").then(|| arguments(encode).first().copied())?
    }

    /// The value of a literal expression, following variables.
    pub(crate) fn value(&self, node: Node, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let code = self.code;
        Some(match node.kind() {
            "string" => Value::String(js_string(text(node, code))),
            "template_string" if !has_child(node, "template_substitution") => {
                Value::String(js_string(text(node, code)))
            }
            "number" => Value::Number(number(text(node, code))?),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            "parenthesized_expression" => return self.value(node.named_child(0)?, depth + 1),
            "identifier" if self.forms.contains_key(text(node, code)) => {
                let pairs = &self.forms[text(node, code)];
                mark("form", pairs.iter().map(|(n, v)| Value::from(vec![n.clone(), v.clone()])).collect())
            }
            "identifier" if self.multiparts.contains_key(text(node, code)) => {
                mark("multipart", Value::String(text(node, code).into()))
            }
            "identifier" => return self.value(*self.vars.get(text(node, code))?, depth + 1),
            // A file the user picks in a browser page's file input.
            "subscript_expression" if text(node, code).ends_with(".files[0]") => {
                mark("file", Value::String(picked_file(node, code)?))
            }
            "new_expression" => return self.construct(node, depth),
            "call_expression"
                if matches!(
                    text(node.child_by_field_name("function")?, code),
                    "fs.readFileSync"
                        | "readFileSync"
                        | "fs.createReadStream"
                        | "createReadStream"
                        | "readFile"
                        | "fs.readFile"
                        | "fsPromises.readFile"
                ) =>
            {
                mark("file", Value::String(scalar(&self.value(*arguments(node).first()?, depth + 1)?)))
            }
            // `await readFile(path)` is the file's bytes as `readFileSync(path)` is.
            "await_expression" => return self.value(node.named_child(0)?, depth + 1),
            "call_expression" if self.base64(node, depth).is_some() => Value::String(self.base64(node, depth)?),
            "unary_expression" => {
                let operand = self.value(node.child_by_field_name("argument")?, depth + 1)?;
                match (node.child_by_field_name("operator").map(|o| text(o, code)), operand) {
                    (Some("-"), Value::Number(n)) => Value::Number(number(&format!("-{n}"))?),
                    (Some("+"), v @ Value::Number(_)) => v,
                    _ => return None,
                }
            }
            "binary_expression" if node.child_by_field_name("operator").map(|o| text(o, code)) == Some("+") => {
                let left = self.value(node.child_by_field_name("left")?, depth + 1)?;
                let right = self.value(node.child_by_field_name("right")?, depth + 1)?;
                match (left, right) {
                    (Value::Number(_), Value::Number(_)) => return None,
                    (l, r) => Value::String(scalar(&l) + &scalar(&r)),
                }
            }
            "call_expression" if text(node.child_by_field_name("function")?, code) == "JSON.stringify" => {
                let args = arguments(node);
                (args.len() == 1).then_some(())?;
                Value::String(serde_json::to_string(&self.value(args[0], depth + 1)?).ok()?)
            }
            "array" => {
                let mut items = Vec::new();
                for child in named(node) {
                    let spread = child.kind() == "spread_element";
                    let item = if spread { child.named_child(0)? } else { child };
                    match (spread, self.value(item, depth + 1)?) {
                        (true, Value::Array(more)) => items.extend(more),
                        (true, _) => return None,
                        (_, v) => items.push(v),
                    }
                }
                Value::Array(items)
            }
            "object" => {
                let mut map = Map::new();
                for child in named(node) {
                    match child.kind() {
                        "pair" => {
                            let key = self.key(child.child_by_field_name("key")?, depth + 1)?;
                            map.insert(key, self.value(child.child_by_field_name("value")?, depth + 1)?);
                        }
                        "shorthand_property_identifier" => {
                            map.insert(
                                text(child, code).into(),
                                self.value(*self.vars.get(text(child, code))?, depth + 1)?,
                            );
                        }
                        "spread_element" => match self.value(child.named_child(0)?, depth + 1)? {
                            Value::Object(more) => map.extend(more),
                            _ => return None,
                        },
                        _ => return None,
                    }
                }
                Value::Object(map)
            }
            _ => return None,
        })
    }
}

/// The request a complete axios config sends.
fn request_of(config: &Map<String, Value>, multiparts: &HashMap<String, Vec<ParsedPart>>) -> ParsedRequest {
    let mut request = ParsedRequest {
        method: Some(config.get("method").map(scalar).unwrap_or("get".into()).to_uppercase()),
        ..Default::default()
    };
    let mut url = config.get("url").map(scalar).unwrap_or_default();
    if let Some(base) = config.get("baseURL").map(scalar).filter(|_| !url.contains("://")) {
        url = if url.is_empty() {
            base
        } else {
            format!("{}/{}", base.trim_end_matches('/'), url.trim_start_matches('/'))
        };
    }
    if let Some(Value::Object(params)) = config.get("params") {
        let mut pairs = Vec::new();
        for (k, v) in params {
            let values = if let Value::Array(items) = v { items.clone() } else { vec![v.clone()] };
            pairs.extend(
                values.iter().filter(|v| !v.is_null()).map(|v| format!("{}={}", encode(k), encode(&scalar(v)))),
            );
        }
        if !pairs.is_empty() {
            url = format!("{url}{}{}", if url.contains('?') { '&' } else { '?' }, pairs.join("&"));
        }
    }
    request.url = (!url.is_empty()).then_some(url);
    if let Some(Value::Object(headers)) = config.get("headers") {
        let set = headers
            .iter()
            .filter(|(_, v)| !matches!(v, Value::Null | Value::Bool(false) | Value::Object(_) | Value::Array(_)));
        request.headers = set.map(|(k, v)| (k.clone(), scalar(v))).collect();
    }
    if let Some(Value::Object(auth)) = config.get("auth") {
        let field = |key: &str| auth.get(key).map(scalar).unwrap_or_default();
        request.basic = Some((field("username"), field("password")));
    }
    let implicit = match config.get("data") {
        None | Some(Value::Null) => None,
        Some(data) if marked(data).is_some() => match marked(data) {
            Some(("form", Value::Array(pairs))) => {
                request.form = Some(pairs_of(pairs));
                Some("application/x-www-form-urlencoded")
            }
            Some(("multipart", Value::String(name))) => {
                request.parts = Some(multiparts.get(name).cloned().unwrap_or_default());
                Some("multipart/form-data")
            }
            Some(("multipart", _)) => {
                request.parts = Some(Vec::new());
                Some("multipart/form-data")
            }
            Some(("file", path)) => {
                request.file = Some(scalar(path));
                None
            }
            _ => None,
        },
        Some(data @ (Value::Object(_) | Value::Array(_))) => {
            request.body = serde_json::to_string(data).ok();
            Some("application/json")
        }
        Some(data) => {
            request.body = Some(scalar(data));
            Some("application/x-www-form-urlencoded")
        }
    };
    if let Some(content_type) =
        implicit.filter(|_| !request.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")))
    {
        request.implicit_headers.push(("content-type".into(), content_type.into()));
    }
    request
}

/// A value that stands for what JSON cannot hold, under [`MARK`].
fn mark(kind: &str, value: Value) -> Value {
    let mut inner = Map::new();
    inner.insert(kind.into(), value);
    let mut outer = Map::new();
    outer.insert(MARK.into(), Value::Object(inner));
    Value::Object(outer)
}

/// The kind and content of a [`mark`]ed value.
pub(crate) fn marked(value: &Value) -> Option<(&str, &Value)> {
    let Value::Object(inner) = value.as_object()?.get(MARK)? else { return None };
    inner.iter().next().map(|(k, v)| (k.as_str(), v))
}

/// `[[name, value], ...]` as pairs (scalars as strings).
pub(crate) fn pairs_of(items: &[Value]) -> Vec<(String, String)> {
    items
        .iter()
        .filter_map(|pair| match pair.as_array()?.as_slice() {
            [n, v] => Some((scalar(n), scalar(v))),
            _ => None,
        })
        .collect()
}

/// `defaults` with `config` on top; headers are merged key by key, as axios does.
fn merge(mut defaults: Map<String, Value>, config: Option<Value>) -> Map<String, Value> {
    let Some(Value::Object(config)) = config else { return defaults };
    for (key, value) in config {
        match (defaults.get_mut(&key), value) {
            (Some(Value::Object(old)), Value::Object(new)) if key == "headers" => old.extend(new),
            (_, value) => {
                defaults.insert(key, value);
            }
        }
    }
    defaults
}

fn named<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect()
}

pub(crate) fn arguments<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    call.child_by_field_name("arguments").filter(|a| a.kind() == "arguments").map(named).unwrap_or_default()
}

fn has_child(node: Node, kind: &str) -> bool {
    named(node).iter().any(|c| c.kind() == kind)
}

/// A scalar as JavaScript's `String(value)` writes it (objects as JSON).
pub(crate) fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A JavaScript numeric literal: integers stay integers, `2.5` and `1e3` become floats.
fn number(text: &str) -> Option<Number> {
    let t = text.replace('_', "");
    let t = t.trim_end_matches('n');
    let (negative, digits) = t.strip_prefix('-').map_or((false, t), |d| (true, d));
    let radix = match digits.get(..2).map(|p| p.to_ascii_lowercase()).as_deref() {
        Some("0x") => 16,
        Some("0o") => 8,
        Some("0b") => 2,
        _ => 10,
    };
    if radix != 10 {
        let n = i64::from_str_radix(&digits[2..], radix).ok()?;
        return Some(Number::from(if negative { -n } else { n }));
    }
    t.parse::<i64>()
        .map(Number::from)
        .ok()
        .or_else(|| t.parse::<u64>().map(Number::from).ok())
        .or_else(|| Number::from_f64(t.parse().ok()?))
}

/// Percent-encodes a query key or value: unreserved characters stay, all else is `%XX` of UTF-8.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The path a browser sample names for a file the user picks (`input.files[0]`): the quoted
/// literal in the comment right before its statement (`// The user picks 'path' here.`).
fn picked_file(node: Node, code: &str) -> Option<String> {
    let mut statement = node;
    while let Some(parent) = statement.parent().filter(|p| !matches!(p.kind(), "program" | "statement_block")) {
        statement = parent;
    }
    let comment = statement.prev_named_sibling().filter(|c| c.kind() == "comment")?;
    // The first single-quoted literal, to its unescaped closing quote.
    let t = text(comment, code);
    let start = t.find('\'')?;
    let mut escaped = false;
    let len = t[start + 1..].char_indices().find_map(|(i, c)| {
        let close = c == '\'' && !escaped;
        escaped = c == '\\' && !escaped;
        close.then_some(i)
    })?;
    Some(js_string(&t[start..start + len + 2]))
}

/// Decodes a quoted or template literal (with its delimiters) to its runtime value. Decoding
/// goes through UTF-16 units so that `\uD83D\uDE00` pairs combine as in JavaScript.
fn js_string(literal: &str) -> String {
    let mut chars: Vec<char> = literal.chars().collect();
    let quote = chars.first().copied();
    if quote.is_some_and(|q| "'\"`".contains(q)) {
        chars.remove(0);
        let escaped = chars.iter().rev().skip(1).take_while(|c| **c == '\\').count() % 2 == 1;
        if chars.last() == quote.as_ref() && !escaped {
            chars.pop();
        }
    }
    let template = quote == Some('`');
    let hex = |from: usize, len: usize| -> Option<u32> {
        let digits: String = chars.get(from..from + len)?.iter().collect();
        digits.chars().all(|c| c.is_ascii_hexdigit()).then(|| u32::from_str_radix(&digits, 16).ok())?
    };
    let mut units: Vec<u16> = Vec::with_capacity(chars.len());
    let push = |units: &mut Vec<u16>, c: char| units.extend(c.encode_utf16(&mut [0; 2]).iter());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c == '\r' && template {
            i += usize::from(chars.get(i) == Some(&'\n'));
            push(&mut units, '\n');
            continue;
        }
        if c != '\\' {
            push(&mut units, c);
            continue;
        }
        let Some(&e) = chars.get(i) else { break };
        i += 1;
        match e {
            'n' => push(&mut units, '\n'),
            'r' => push(&mut units, '\r'),
            't' => push(&mut units, '\t'),
            'b' => push(&mut units, '\u{8}'),
            'f' => push(&mut units, '\u{c}'),
            'v' => push(&mut units, '\u{b}'),
            '\r' => i += usize::from(chars.get(i) == Some(&'\n')),
            '\n' | '\u{2028}' | '\u{2029}' => {}
            'x' if hex(i, 2).is_some() => {
                units.push(hex(i, 2).unwrap_or_default() as u16);
                i += 2;
            }
            'u' if chars.get(i) == Some(&'{') => {
                let len = chars[i + 1..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
                match (hex(i + 1, len).and_then(char::from_u32), chars.get(i + 1 + len)) {
                    (Some(ch), Some('}')) => {
                        push(&mut units, ch);
                        i += len + 2;
                    }
                    _ => push(&mut units, 'u'),
                }
            }
            'u' if hex(i, 4).is_some() => {
                units.push(hex(i, 4).unwrap_or_default() as u16);
                i += 4;
            }
            '0'..='7' => {
                // Legacy octal (sloppy mode): up to three digits, at most \377.
                let max = if e <= '3' { 2 } else { 1 };
                let more = chars[i..].iter().take(max).take_while(|c| ('0'..='7').contains(*c)).count();
                let digits: String = chars[i - 1..i + more].iter().collect();
                units.push(u16::from_str_radix(&digits, 8).unwrap_or_default());
                i += more;
            }
            other => push(&mut units, other),
        }
    }
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::{self, kinds};

    #[test]
    fn reads_published_samples() {
        let members = r#"{"members":["USER_ID","USER_ID","USER_ID"]}"#;
        let ja = analyze(&testing::published("ja-remove-members.txt", "node"));
        assert_eq!(ja.request.method.as_deref(), Some("DELETE"));
        assert_eq!(ja.request.url.as_deref(), Some("https://{yourDomain}/api/v2/organizations/ORG_ID/members"));
        let auth = ("authorization".to_string(), "Bearer MGMT_API_ACCESS_TOKEN".to_string());
        let cache = ("cache-control".to_string(), "no-cache".to_string());
        assert_eq!(ja.request.headers, vec![auth.clone(), cache.clone()]);
        assert_eq!(ja.request.implicit_headers, vec![("content-type".to_string(), "application/json".to_string())]);
        assert_eq!(ja.request.body.as_deref(), Some(members));
        assert_eq!(kinds(&ja), vec![]);

        let fr = analyze(&testing::published("fr-assign-members.txt", "node"));
        assert_eq!(fr.request.method.as_deref(), Some("POST"));
        assert_eq!(fr.request.url.as_deref(), Some("https://your_auth0_domain/api/v2/organizations/ORG_ID/members"));
        let json = ("content-type".to_string(), "application/json".to_string());
        assert_eq!(fr.request.headers, vec![json, auth, cache]);
        assert!(fr.request.implicit_headers.is_empty());
        assert_eq!(fr.request.body.as_deref(), Some(members));
        assert_eq!(kinds(&fr), vec![]);
    }

    #[test]
    fn reads_shortcuts_params_and_insecure_agents() {
        let code = "import axios from 'axios';\nconst https = require('https');\nlet api = axios.create({baseURL: 'https://h/api/', headers: {a: '1'}});\n\
            const agent = new https.Agent({ rejectUnauthorized: false });\nprocess.env[\"NODE_TLS_REJECT_UNAUTHORIZED\"] = 0;\n\
            api.post('/x', 'a=\\x41\\101\\u{1F600}\\uD83D\\uDE00\\\n!', {headers: {b: 2}, params: {q: ['a b', 'é'], n: null, k: 1}});\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("POST"));
        assert_eq!(a.request.url.as_deref(), Some("https://h/api/x?q=a%20b&q=%C3%A9&k=1"));
        assert_eq!(a.request.headers, vec![("a".into(), "1".into()), ("b".into(), "2".into())]);
        assert_eq!(
            a.request.implicit_headers,
            vec![("content-type".into(), "application/x-www-form-urlencoded".into())]
        );
        assert_eq!(a.request.body.as_deref(), Some("a=AA😀😀!"));
        assert_eq!(kinds(&a), vec![IssueKind::Security, IssueKind::Security]);
        assert_eq!(a.issues[1].line, 5);

        let b = analyze("const data = [1, -2.5, `t`, {'k': 0x10}];\naxios('https://h', {method: 'put', data});\n");
        assert_eq!(b.request.method.as_deref(), Some("PUT"));
        assert_eq!(b.request.body.as_deref(), Some(r#"[1,-2.5,"t",{"k":16}]"#));
    }

    #[test]
    fn reads_search_params_form_data_and_files() {
        let code = "const axios = require('axios');\nconst fs = require('fs');\nconst params = new URLSearchParams({a: 'x&y', n: 1});\n\
            params.append('a', 'z');\nparams.set('n', '2');\naxios.post('https://h/t', params, {auth: {username: 'u', password: 'p:w'}});\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(
            a.request.form,
            Some(vec![("a".into(), "x&y".into()), ("a".into(), "z".into()), ("n".into(), "2".into())])
        );
        assert_eq!(a.request.basic, Some(("u".into(), "p:w".into())));
        assert_eq!(
            a.request.implicit_headers,
            vec![("content-type".into(), "application/x-www-form-urlencoded".into())]
        );
        let inline = analyze("axios.put('https://h/t', new URLSearchParams('a=1+2&b=%26'));\n");
        assert_eq!(inline.request.form, Some(vec![("a".into(), "1 2".into()), ("b".into(), "&".into())]));

        let code = "const fd = new FormData();\nconst bytes = fs.readFileSync('/tmp/d.txt');\n\
            fd.append('doc', new File([bytes], 'd.txt', {type: 'text/plain'}));\nfd.append('raw', new Blob([fs.readFileSync('r.bin')]));\n\
            fd.append('t', 'v');\naxios({method: 'post', url: 'https://h/u', data: fd});\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        let file = testing::file_part;
        assert_eq!(
            a.request.parts,
            Some(vec![
                file("doc", "/tmp/d.txt", "d.txt", "text/plain"),
                file("raw", "r.bin", "blob", "application/octet-stream"),
                ParsedPart { name: "t".into(), value: Some("v".into()), ..Default::default() },
            ])
        );
        let binary = analyze(
            "axios.put('https://h/i', fs.readFileSync('img.png'), {headers: {'content-type': 'image/png'}});\n",
        );
        assert_eq!(binary.request.file.as_deref(), Some("img.png"));
        assert_eq!(binary.request.body, None);
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("axios({a: [1, {b: `x${y}`}], ...z}); axios.get(u, {params: {a: {}}}); '\\u{110000}\\x4\\");
        analyze("a = b; b = a; axios.post(a, b);");
    }
}
