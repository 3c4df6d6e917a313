//! Reads a Kotlin OkHttp sample back into its request (tree-sitter-kotlin-ng): the
//! `Request.Builder().url(url).post(body).addHeader(..).build()` chain and the `RequestBody`
//! it sends, read as OkHttp sends them.
//!
//! Bodies: `text.toRequestBody(type)` (OkHttp adds `; charset=utf-8` to a type without a
//! charset, and so does the reader), `text.toByteArray().toRequestBody(type)` (the type as
//! given), `File(path).asRequestBody(type)`, OkHttp 3's `RequestBody.create(type, content)`
//! (reported deprecated); `FormBody.Builder().add(n, v)...build()`;
//! `MultipartBody.Builder().addFormDataPart(...)...build()` (`multipart/mixed` unless
//! `setType(MultipartBody.FORM)`). A body's type replaces any content-type header the sample
//! sets, as OkHttp does. Basic credentials from `Credentials.basic(user, password[, charset])`
//! in a header, encoded in its charset (ISO-8859-1 unless given).
//!
//! Strings: escapes decoded; a template (`$name`, `${expr}`) of a string the reader can
//! evaluate is replaced by it, any other kept as written (it is no literal: its value is
//! unknown here); `trimIndent()` and `trimMargin()` applied as Kotlin does.
//!
//! Not read: a builder configured in `apply { ... }` or across statements, OkHttp 5's
//! `Request(url = ...)` constructor, URLs given as `HttpUrl` (`toHttpUrl()`, `HttpUrl.Builder`).

use std::cell::Cell;
use std::collections::HashMap;

use tree_sitter::Node;

use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest,
};

/// Bounds recursion through variable chains (`a = b; b = a`).
const MAX_DEPTH: usize = 100;
/// Bounds the strings evaluated for one sample: a variable used twice in its own value
/// (`val s = "$s$s"`) would otherwise double the work at every level.
const MAX_STEPS: usize = 100_000;
/// What OkHttp labels a `FormBody` with.
const FORM: &str = "application/x-www-form-urlencoded";
const INSECURE: &str =
    "The sample replaces or turns off certificate checks (a hostname verifier that accepts every host, a hand-written X509TrustManager), so anyone on the network could read or change the request.";
const OKHTTP3: &str =
    "OkHttp 3's API (MediaType.parse/get, RequestBody.create) is deprecated in OkHttp 4, MediaType's an error in Kotlin: use toMediaType(), toRequestBody() and asRequestBody().";

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::kotlin(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new(), steps: Cell::new(0) };
    let mut request = ParsedRequest::default();
    let mut insecure = Vec::new();
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "property_declaration" => {
                let name = named(node)
                    .into_iter()
                    .find(|c| c.kind() == "variable_declaration")
                    .and_then(|v| v.named_child(0))
                    .map(|n| text(n, code));
                if let (Some(name), Some(value)) = (name, initializer(node)) {
                    eval.vars.insert(name.to_string(), value);
                }
            }
            "assignment" => {
                let left = node.child_by_field_name("left").filter(|l| l.kind() == "identifier");
                let plain = node.child_by_field_name("operator").is_some_and(|o| text(o, code) == "=");
                if let (Some(name), Some(value), true) = (left, node.child_by_field_name("right"), plain) {
                    eval.vars.insert(text(name, code).to_string(), value);
                }
            }
            // A hand-written trust manager: `object : X509TrustManager { ... }` or a class.
            "object_literal" | "class_declaration"
                if named(node)
                    .iter()
                    .any(|c| c.kind() == "delegation_specifiers" && text(*c, code).contains("TrustManager")) =>
            {
                insecure.push(line(node));
            }
            "call_expression" => {
                let Some(call) = eval.call(node) else { continue };
                let on = call.receiver.map(|r| text(r, code).trim_start_matches("okhttp3.")).unwrap_or_default();
                match call.name {
                    "hostnameVerifier" | "HostnameVerifier"
                        if call.args.iter().chain(&call.lambda).any(|a| eval.accepts_everything(*a, 0)) =>
                    {
                        insecure.push(line(node));
                    }
                    "parse" | "get" if on == "MediaType" => {
                        issues.push(Issue { kind: IssueKind::Deprecated, line: line(node), message: OKHTTP3.into() })
                    }
                    "create" if on == "RequestBody" => {
                        issues.push(Issue { kind: IssueKind::Deprecated, line: line(node), message: OKHTTP3.into() })
                    }
                    "build" if request.method.is_none() => eval.request(&call, &mut request),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    insecure.dedup();
    for line in insecure {
        issues.push(Issue { kind: IssueKind::Security, line, message: INSECURE.into() });
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// The named children of `node`.
fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// The value a `val`/`var` declaration is initialized with: the expression after its `=`.
fn initializer(node: Node) -> Option<Node> {
    let mut cursor = node.walk();
    let mut children = node.children(&mut cursor);
    children.find(|c| c.kind() == "=")?;
    children.find(|c| c.is_named())
}

/// A call: what it is called on (`None` for a plain call), the name called, its arguments'
/// values in order, and its trailing lambda.
struct Call<'a> {
    receiver: Option<Node<'a>>,
    name: &'a str,
    args: Vec<Node<'a>>,
    lambda: Option<Node<'a>>,
}

/// What a `RequestBody` is made of.
enum Content {
    Text(String),
    File(String),
}

/// The variables of a sample, for evaluating its expressions.
struct Eval<'a> {
    code: &'a str,
    vars: HashMap<String, Node<'a>>,
    /// Strings evaluated so far, against [`MAX_STEPS`].
    steps: Cell<usize>,
}

impl<'a> Eval<'a> {
    fn call(&self, node: Node<'a>) -> Option<Call<'a>> {
        if node.kind() != "call_expression" {
            return None;
        }
        let callee = node.named_child(0)?;
        let (receiver, name) = match callee.kind() {
            "identifier" => (None, callee),
            "navigation_expression" => {
                let parts = named(callee);
                let name = *parts.last().filter(|n| n.kind() == "identifier" && parts.len() == 2)?;
                (parts.first().copied(), name)
            }
            _ => return None,
        };
        let mut call = Call { receiver, name: text(name, self.code), args: Vec::new(), lambda: None };
        for child in named(node).into_iter().skip(1) {
            match child.kind() {
                "value_arguments" => call.args.extend(
                    named(child).into_iter().filter(|a| a.kind() == "value_argument").filter_map(|a| named(a).pop()),
                ),
                "annotated_lambda" => call.lambda = named(child).into_iter().find(|l| l.kind() == "lambda_literal"),
                _ => {}
            }
        }
        Some(call)
    }

    /// The node a variable stands for, through variables, parentheses and `!!`.
    fn resolved(&self, node: Node<'a>, depth: usize) -> Option<Node<'a>> {
        match node.kind() {
            _ if depth > MAX_DEPTH => None,
            "identifier" => self.resolved(*self.vars.get(text(node, self.code))?, depth + 1),
            "parenthesized_expression" => self.resolved(*named(node).first()?, depth + 1),
            "unary_expression" if node.child_by_field_name("operator").is_some_and(|o| o.kind() == "!!") => {
                self.resolved(node.child_by_field_name("argument")?, depth + 1)
            }
            _ => Some(node),
        }
    }

    /// `Owner.Builder()` (or `okhttp3.Owner.Builder()`) at the root of the chain of calls ending at
    /// `outer`: the owner's name and the calls after the root, in order.
    fn builder(&self, outer: Node<'a>) -> Option<(&'a str, Vec<Call<'a>>)> {
        let mut links = Vec::new();
        let mut node = outer;
        for _ in 0..MAX_DEPTH {
            let call = self.call(node)?;
            let receiver = call.receiver?;
            if call.name == "Builder" {
                links.reverse();
                return Some((text(receiver, self.code).trim_start_matches("okhttp3."), links));
            }
            node = receiver;
            links.push(call);
        }
        None
    }

    /// Reads `Request.Builder()...build()` ending at `outer`.
    fn request(&self, outer: &Call<'a>, request: &mut ParsedRequest) {
        let Some(("Request", links)) = outer.receiver.and_then(|r| self.builder(r)) else { return };
        let mut method = "GET".to_string();
        let mut content = None;
        for link in &links {
            let arg = |i: usize| link.args.get(i).and_then(|a| self.string(*a, 0));
            match link.name {
                "url" => request.url = arg(0),
                "addHeader" => request.headers.extend(arg(0).zip(arg(1))),
                "header" => {
                    if let (Some(n), Some(v)) = (arg(0), arg(1)) {
                        request.headers.retain(|(h, _)| !h.eq_ignore_ascii_case(&n));
                        request.headers.push((n, v));
                    }
                }
                "removeHeader" => {
                    if let Some(n) = arg(0) {
                        request.headers.retain(|(h, _)| !h.eq_ignore_ascii_case(&n));
                    }
                }
                "get" | "head" => (method, content) = (link.name.to_uppercase(), None),
                "post" | "put" | "patch" | "delete" => {
                    (method, content) = (link.name.to_uppercase(), link.args.first())
                }
                "method" => (method, content) = (arg(0).unwrap_or_default(), link.args.get(1)),
                _ => {}
            }
        }
        if let Some(content) = content {
            self.body(*content, request);
        }
        request.method = Some(method);
        request.basic = request.basic_in_header();
    }

    /// What the body the request sends is: a form, a multipart body or one created from text
    /// or a file. Its type is the content-type header OkHttp sends, whatever the sample set.
    fn body(&self, node: Node<'a>, request: &mut ParsedRequest) {
        let Some(node) = self.resolved(node, 0) else { return };
        let built = self.call(node).filter(|c| c.name == "build").and_then(|c| self.builder(c.receiver?));
        let without_type =
            |request: &mut ParsedRequest| request.headers.retain(|(h, _)| !h.eq_ignore_ascii_case("content-type"));
        match built {
            Some(("FormBody", links)) => {
                let mut fields = Vec::new();
                for link in links.iter().filter(|l| matches!(l.name, "add" | "addEncoded")) {
                    let arg = |i: usize| link.args.get(i).and_then(|a| self.string(*a, 0));
                    let (Some(name), Some(value)) = (arg(0), arg(1)) else { continue };
                    if link.name == "add" {
                        fields.push((name, value));
                    } else {
                        // Given encoded: the server decodes it.
                        fields.extend(crate::check::compare::form_fields(&format!("{name}={value}")));
                    }
                }
                request.form = Some(fields);
                without_type(request);
                request.body_defaults_to(FORM);
            }
            Some(("MultipartBody", links)) => {
                let mut parts = Vec::new();
                let mut kind = "multipart/mixed".to_string();
                for link in &links {
                    let arg = |i: usize| link.args.get(i).and_then(|a| self.string(*a, 0));
                    match (link.name, link.args.len()) {
                        ("setType", _) => {
                            let given = link.args.first().map(|a| text(*a, self.code)).unwrap_or_default();
                            kind = match given.rsplit('.').next().unwrap_or_default() {
                                "FORM" => "multipart/form-data".into(),
                                other => match link.args.first().and_then(|a| self.media_type(*a)) {
                                    Some(t) => t,
                                    None => format!("multipart/{}", other.to_ascii_lowercase()),
                                },
                            };
                        }
                        ("addFormDataPart", 2) => parts.push(ParsedPart {
                            name: arg(0).unwrap_or_default(),
                            value: arg(1),
                            ..Default::default()
                        }),
                        ("addFormDataPart", 3) => {
                            let mut part =
                                ParsedPart { name: arg(0).unwrap_or_default(), filename: arg(1), ..Default::default() };
                            if let Some((content_type, content)) = self.created(link.args[2]) {
                                part.content_type = content_type;
                                match content {
                                    Some(Content::File(path)) => part.file = Some(path),
                                    Some(Content::Text(t)) => part.value = Some(t),
                                    None => {}
                                }
                            }
                            parts.push(part);
                        }
                        _ => {}
                    }
                }
                request.parts = Some(parts);
                without_type(request);
                request.body_defaults_to(&kind);
            }
            Some(_) => {}
            None => {
                let Some((kind, content)) = self.created(node) else { return };
                match content {
                    Some(Content::Text(t)) if !t.is_empty() || kind.is_some() => request.body = Some(t),
                    Some(Content::File(path)) => request.file = Some(path),
                    _ => {}
                }
                if let Some(kind) = kind.filter(|_| request.has_body()) {
                    without_type(request);
                    request.headers.insert(0, ("content-type".into(), kind));
                }
            }
        }
    }

    /// A `RequestBody` made from text, bytes or a file: the content type it sends and its content.
    fn created(&self, node: Node<'a>) -> Option<(Option<String>, Option<Content>)> {
        let call = self.call(self.resolved(node, 0)?)?;
        let on = call.receiver.map(|r| text(r, self.code).trim_start_matches("okhttp3.")).unwrap_or_default();
        let (kind, content) = match call.name {
            "toRequestBody" => (call.args.first().copied(), call.receiver?),
            "asRequestBody" => (call.args.first().copied(), call.receiver?),
            "create" if on == "RequestBody" && call.args.len() >= 2 => (call.args.first().copied(), call.args[1]),
            _ => return None,
        };
        let kind = kind.and_then(|k| self.media_type(k));
        let content = self.resolved(content, 0)?;
        let inner = self.call(content);
        if let Some(file) = inner.as_ref().filter(|c| matches!(c.name, "File") && c.args.len() == 1) {
            return Some((kind, self.string(file.args[0], 0).map(Content::File)));
        }
        if let Some(bytes) = inner.as_ref().filter(|c| matches!(c.name, "toByteArray" | "encodeToByteArray")) {
            // UTF-8 bytes, sent with the type as given.
            let utf8 = bytes.args.first().is_none_or(|c| text(*c, self.code).ends_with("UTF_8"));
            let text = bytes.receiver.filter(|_| utf8).and_then(|s| self.string(s, 0));
            return Some((kind, text.map(Content::Text)));
        }
        // A String: OkHttp encodes it in the type's charset, adding UTF-8 to a type without one.
        let text = self.string(content, 0);
        let kind = kind.map(|k| if has_charset(&k) { k } else { format!("{k}; charset=utf-8") });
        Some((kind, text.map(Content::Text)))
    }

    /// `"type".toMediaType()`, `toMediaTypeOrNull()`, or OkHttp 3's `MediaType.parse`/`get`.
    fn media_type(&self, node: Node<'a>) -> Option<String> {
        let call = self.call(self.resolved(node, 0)?)?;
        let on = call.receiver.map(|r| text(r, self.code).trim_start_matches("okhttp3.")).unwrap_or_default();
        match call.name {
            "toMediaType" | "toMediaTypeOrNull" => self.string(call.receiver?, 0),
            "parse" | "get" if on == "MediaType" => self.string(*call.args.first()?, 0),
            _ => None,
        }
    }

    /// Does a hostname verifier (a lambda, `HostnameVerifier { ... }` or a variable) accept
    /// every host?
    fn accepts_everything(&self, node: Node<'a>, depth: usize) -> bool {
        let Some(node) = self.resolved(node, depth) else { return false };
        match node.kind() {
            // tree-sitter-kotlin-ng reads `true` as an identifier: the body is compared as text.
            "lambda_literal" => {
                let body: Vec<Node> = named(node)
                    .into_iter()
                    .filter(|c| c.kind() != "lambda_parameters" && !c.kind().contains("comment"))
                    .collect();
                matches!(body.as_slice(), [only] if text(*only, self.code) == "true")
            }
            "annotated_lambda" => named(node).into_iter().any(|l| self.accepts_everything(l, depth + 1)),
            "call_expression" => self
                .call(node)
                .and_then(|c| c.lambda)
                .is_some_and(|l| depth < MAX_DEPTH && self.accepts_everything(l, depth + 1)),
            _ => false,
        }
    }

    /// The text an expression stands for: string literals (templates of known strings
    /// evaluated), variables, `a + b`, `trimIndent()`, `trimMargin()`, `toString()`, and
    /// `Credentials.basic(user, password[, charset])` as the header value it makes.
    fn string(&self, node: Node<'a>, depth: usize) -> Option<String> {
        self.steps.set(self.steps.get() + 1);
        if depth > MAX_DEPTH || self.steps.get() > MAX_STEPS {
            return None;
        }
        let code = self.code;
        match node.kind() {
            "string_literal" | "multiline_string_literal" => Some(self.literal(node, depth)),
            "character_literal" => decode(text(node, code).strip_prefix('\'')?.strip_suffix('\'')?),
            "identifier" => self.string(*self.vars.get(text(node, code))?, depth + 1),
            "parenthesized_expression" => self.string(*named(node).first()?, depth + 1),
            "binary_expression" if node.child_by_field_name("operator").is_some_and(|o| o.kind() == "+") => Some(
                self.string(node.child_by_field_name("left")?, depth + 1)?
                    + &self.string(node.child_by_field_name("right")?, depth + 1)?,
            ),
            "call_expression" => {
                let call = self.call(node)?;
                let on = || self.string(call.receiver?, depth + 1);
                match (call.name, call.args.as_slice()) {
                    ("trimIndent", []) => Some(trim_indent(&on()?)),
                    ("trimMargin", []) => Some(trim_margin(&on()?, "|")),
                    ("trimMargin", [prefix]) => Some(trim_margin(&on()?, &self.string(*prefix, depth + 1)?)),
                    ("toString", []) => on(),
                    ("basic", [user, password, charset @ ..])
                        if call.receiver.is_some_and(|r| text(r, code).ends_with("Credentials")) =>
                    {
                        use base64::Engine as _;
                        let pair = format!("{}:{}", self.string(*user, depth + 1)?, self.string(*password, depth + 1)?);
                        let utf8 = charset.first().is_some_and(|c| text(*c, code).ends_with("UTF_8"));
                        // OkHttp's default, ISO-8859-1, sends `?` for what it cannot encode.
                        let bytes: Vec<u8> = if utf8 {
                            pair.into_bytes()
                        } else {
                            pair.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect()
                        };
                        Some(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(bytes)))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A string literal's value: its escapes decoded (a `"..."` one's), templates of strings
    /// the reader knows replaced by them, others kept as written.
    fn literal(&self, node: Node<'a>, depth: usize) -> String {
        let escapes = node.kind() == "string_literal";
        let mut out = Vec::new();
        let children = {
            let mut cursor = node.walk();
            node.children(&mut cursor).collect::<Vec<_>>()
        };
        let quote = |c: &Node| matches!(c.kind(), "\"" | "\"\"\"");
        let mut start = children.first().filter(|c| quote(c)).map_or(node.start_byte(), |c| c.end_byte());
        let end =
            children.last().filter(|c| quote(c) && c.start_byte() >= start).map_or(node.end_byte(), |c| c.start_byte());
        let template =
            |name: &str, out: &mut Vec<u16>| match self.vars.get(name).and_then(|v| self.string(*v, depth + 1)) {
                Some(value) => push(out, &value),
                None => push(out, &format!("${name}")),
            };
        for child in children.iter().filter(|c| c.kind() == "interpolation") {
            unescape(self.code.get(start..child.start_byte()).unwrap_or_default(), escapes, &mut out, template);
            let value = named(*child).first().and_then(|e| self.string(*e, depth + 1));
            push(&mut out, value.as_deref().unwrap_or(text(*child, self.code)));
            start = child.end_byte();
        }
        unescape(self.code.get(start..end).unwrap_or_default(), escapes, &mut out, template);
        String::from_utf16_lossy(&out)
    }
}

fn push(out: &mut Vec<u16>, s: &str) {
    out.extend(s.encode_utf16());
}

/// Decodes the text of a string literal between templates `${...}`: Kotlin's escapes (where
/// `escapes`: not in a raw `"""` string), with `\uXXXX` as UTF-16 units so that an escaped
/// surrogate pair joins, and each `$name` template handed to `template`.
fn unescape(raw: &str, escapes: bool, out: &mut Vec<u16>, mut template: impl FnMut(&str, &mut Vec<u16>)) {
    let chars: Vec<char> = raw.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c == '\\' && escapes {
            let simple = match chars.get(i) {
                Some('t') => Some('\t'),
                Some('b') => Some('\u{8}'),
                Some('n') => Some('\n'),
                Some('r') => Some('\r'),
                Some(c @ ('\'' | '"' | '\\' | '$')) => Some(*c),
                _ => None,
            };
            let unit = (chars.get(i) == Some(&'u'))
                .then(|| chars.get(i + 1..i + 5))
                .flatten()
                .filter(|d| d.iter().all(char::is_ascii_hexdigit))
                .and_then(|d| u16::from_str_radix(&d.iter().collect::<String>(), 16).ok());
            match (simple, unit) {
                (Some(s), _) => {
                    push(out, &s.to_string());
                    i += 1;
                }
                (None, Some(unit)) => {
                    out.push(unit);
                    i += 5;
                }
                // Not an escape Kotlin has (kotlinc refuses it): kept as written.
                (None, None) => out.push(u16::from(b'\\')),
            }
        } else if c == '$' && chars.get(i).is_some_and(|n| n.is_alphabetic() || *n == '_') {
            let name: String = chars[i..].iter().take_while(|n| n.is_alphanumeric() || **n == '_').collect();
            i += name.chars().count();
            template(&name, out);
        } else {
            push(out, &c.to_string());
        }
    }
}

/// The value of the text between the quotes of a `"..."` literal without templates (or of a
/// character literal); `None` when it has one (`$name`, `${...}`), whose value is not in it.
pub(crate) fn decode(body: &str) -> Option<String> {
    let mut out = Vec::new();
    let mut templated = false;
    let mut chars = body.chars().peekable();
    let mut escaped = false;
    while let Some(c) = chars.next() {
        templated |= !escaped && c == '$' && chars.peek() == Some(&'{');
        escaped = !escaped && c == '\\';
    }
    unescape(body, true, &mut out, |_, _| templated = true);
    (!templated).then(|| String::from_utf16_lossy(&out))
}

/// Does a media type carry a `charset` parameter?
fn has_charset(media_type: &str) -> bool {
    media_type.split(';').skip(1).any(|p| p.split('=').next().is_some_and(|n| n.trim().eq_ignore_ascii_case("charset")))
}

/// Kotlin's `lines()`: split at `\r\n`, `\n` or `\r`.
fn lines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(at) = rest.find(['\r', '\n']) {
        out.push(&rest[..at]);
        let skip = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[at + skip..];
    }
    out.push(rest);
    out
}

fn is_blank(line: &str) -> bool {
    line.chars().all(char::is_whitespace)
}

/// Kotlin's reindenting: a blank first or last line dropped, `cut` applied to the others (a
/// line it gives nothing for kept whole), joined with `\n`.
fn reindent(s: &str, cut: impl Fn(&str) -> Option<String>) -> String {
    let lines = lines(s);
    let last = lines.len() - 1;
    let kept: Vec<String> = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| !((*i == 0 || *i == last) && is_blank(l)))
        .map(|(_, l)| cut(l).unwrap_or_else(|| l.to_string()))
        .collect();
    kept.join("\n")
}

/// Kotlin's `trimIndent()`: the indentation every non-blank line shares removed.
fn trim_indent(s: &str) -> String {
    let indent = lines(s)
        .into_iter()
        .filter(|l| !is_blank(l))
        .map(|l| l.chars().take_while(|c| c.is_whitespace()).count())
        .min()
        .unwrap_or(0);
    reindent(s, |l| Some(l.chars().skip(indent).collect()))
}

/// Kotlin's `trimMargin(prefix)`: on each line, blanks and the margin prefix before the text removed.
fn trim_margin(s: &str, prefix: &str) -> String {
    reindent(s, |l| {
        let text = l.trim_start_matches(char::is_whitespace);
        (!text.is_empty()).then_some(())?;
        text.strip_prefix(prefix).map(str::to_string)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing;

    fn pair(n: &str, v: &str) -> (String, String) {
        (n.to_string(), v.to_string())
    }

    #[test]
    fn reads_the_builder_chain_and_its_body() {
        let code = r#"import okhttp3.MediaType.Companion.toMediaType
import okhttp3.RequestBody.Companion.toRequestBody

val base = "https://h.example"
val token = "t0k"

fun main() {
    val client = OkHttpClient()
    val json = "application/json".toMediaType()
    val body = "{\"a\": \"\$x \u00e9\uD83D\uDE00\"}".toRequestBody(json)
    val request = okhttp3.Request.Builder()
        .url("$base/a?q=${1 + 2}&t=${token}")
        .patch(body)
        .addHeader("content-type", "text/plain")
        .addHeader("x-a", "1")
        .header("X-A", "4")
        .addHeader("authorization", Credentials.basic("u", "p:w"))
        .addHeader("x-b", "Bearer $token $unknown")
        .build()
    client.newCall(request).execute().use { response -> println(response.body?.string()) }
}
"#;
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        // `${1 + 2}` is no string the reader knows: kept as written.
        assert_eq!(a.request.url.as_deref(), Some("https://h.example/a?q=${1 + 2}&t=t0k"));
        assert_eq!(
            a.request.headers,
            vec![
                // The body's type replaces the header; a String body gets a charset added.
                pair("content-type", "application/json; charset=utf-8"),
                pair("X-A", "4"),
                pair("authorization", "Basic dTpwOnc="),
                pair("x-b", "Bearer t0k $unknown"),
            ]
        );
        assert_eq!(a.request.basic, Some(("u".into(), "p:w".into())));
        assert_eq!(a.request.body.as_deref(), Some("{\"a\": \"$x é😀\"}"));
        let get = analyze("val r = Request.Builder().url(\"https://h/g\").build()");
        assert_eq!((get.request.method.as_deref(), get.request.url.as_deref()), (Some("GET"), Some("https://h/g")));
        let head = analyze("val r = Request.Builder().url(\"u\").head().build()");
        assert_eq!(head.request.method.as_deref(), Some("HEAD"));
        let delete = analyze("val r = Request.Builder().url(\"u\").delete().build()");
        assert_eq!((delete.request.method.as_deref(), delete.request.has_body()), (Some("DELETE"), false));
    }

    #[test]
    fn reads_bytes_files_and_okhttp3_bodies() {
        let bytes = analyze(
            "val b = \"é\".toByteArray().toRequestBody(\"text/x\".toMediaType())\nval r = Request.Builder().url(\"u\").put(b).build()",
        );
        assert_eq!(bytes.request.headers, vec![pair("content-type", "text/x")]);
        assert_eq!(bytes.request.body.as_deref(), Some("é"));
        let file = analyze(
            "val r = Request.Builder().url(\"u\").post(File(\"a b.bin\").asRequestBody(\"image/png\".toMediaTypeOrNull())).build()",
        );
        assert_eq!((file.request.method.as_deref(), file.request.file.as_deref()), (Some("POST"), Some("a b.bin")));
        assert_eq!(file.request.headers, vec![pair("content-type", "image/png")]);
        let old = analyze(
            "val t = MediaType.parse(\"text/plain; Charset=latin1\")\nval r = Request.Builder().url(\"u\").method(\"POST\", RequestBody.create(t, \"x\")).build()",
        );
        assert_eq!(testing::kinds(&old), vec![IssueKind::Deprecated, IssueKind::Deprecated]);
        assert_eq!(old.request.headers, vec![pair("content-type", "text/plain; Charset=latin1")]);
        assert_eq!(old.request.body.as_deref(), Some("x"));
        let empty = analyze("val r = Request.Builder().url(\"u\").post(\"\".toRequestBody()).build()");
        assert_eq!((empty.request.method.as_deref(), empty.request.has_body()), (Some("POST"), false));
    }

    #[test]
    fn reads_forms_and_multipart_bodies_as_built() {
        let (_, code) = testing::render("kotlin-okhttp", testing::HOSTILE_KINDS[0]);
        assert!(code.contains("FormBody.Builder()"), "{code}");
        let a = analyze(&code);
        assert_eq!(a.request.form.as_ref().map(Vec::len), Some(3));
        let encoded = analyze(
            "val f = FormBody.Builder().add(\"a\", \"1+1\").addEncoded(\"b\", \"x%20y+z\").build()\nval r = Request.Builder().url(\"u\").post(f).build()",
        );
        assert_eq!(encoded.request.form, Some(vec![pair("a", "1+1"), pair("b", "x y z")]));
        assert_eq!(encoded.request.implicit_headers, vec![pair("content-type", FORM)]);
        let code = "val body = MultipartBody.Builder().setType(MultipartBody.FORM)\n\
            .addFormDataPart(\"a\", \"v\")\n\
            .addFormDataPart(\"f\", \"x.png\", File(\"d.png\").asRequestBody(\"image/png\".toMediaType()))\n.build()\n\
            val request = Request.Builder().url(\"u\").post(body).addHeader(\"Content-Type\", \"text/x\").build()\n";
        let a = analyze(code);
        assert_eq!(
            a.request.parts,
            Some(vec![
                ParsedPart { name: "a".into(), value: Some("v".into()), ..Default::default() },
                testing::file_part("f", "d.png", "x.png", "image/png"),
            ])
        );
        assert_eq!(a.request.headers, vec![]);
        assert_eq!(a.request.implicit_headers, vec![pair("content-type", "multipart/form-data")]);
        // Without `setType(MultipartBody.FORM)` OkHttp sends multipart/mixed.
        let mixed = analyze(&code.replace(".setType(MultipartBody.FORM)", ""));
        assert_eq!(mixed.request.implicit_headers, vec![pair("content-type", "multipart/mixed")]);
    }

    #[test]
    fn raw_strings_and_their_trimming() {
        let code = "val id = \"7\"\nval json = \"\"\"\n    {\n      \"id\": \"$id\", \"d\": \"${'$'}x \\n\"\n    }\n\"\"\".trimIndent()\n\
            val m = \"\"\"\n    |a\n    |  b\n  \"\"\".trimMargin()\n\
            val r = Request.Builder().url(\"u\" + m).post(json.toByteArray().toRequestBody()).build()";
        let a = analyze(code);
        assert_eq!(a.request.body.as_deref(), Some("{\n  \"id\": \"7\", \"d\": \"$x \\n\"\n}"));
        assert_eq!(a.request.url.as_deref(), Some("ua\n  b"));
        assert_eq!(trim_indent("  a\r\n\n    b\n  "), "a\n\n  b");
        assert_eq!(trim_margin("x\n  #a\n b\n", "#"), "x\na\n b");
    }

    #[test]
    fn decodes_escapes_and_refuses_templates() {
        assert_eq!(
            decode(r#"\t\b\n\r\'\"\\\$\u0041\uD83D\uDE00\ud800"#).as_deref(),
            Some("\t\u{8}\n\r'\"\\$A😀\u{FFFD}")
        );
        assert_eq!(decode(r"\q \u12"), Some(r"\q \u12".into()));
        assert_eq!(decode("$x"), None);
        assert_eq!(decode("${x}"), None);
        assert_eq!(decode(r"\${x} $ $1"), Some("${x} $ $1".into()));
    }

    #[test]
    fn reports_certificate_checks_turned_off() {
        for code in [
            "val client = OkHttpClient.Builder().hostnameVerifier { _, _ -> true }.build()\n",
            "val client = OkHttpClient.Builder().hostnameVerifier(HostnameVerifier { _, _ -> true }).build()\n",
            "val v = HostnameVerifier { hostname, session -> true }\n",
            "val tm = object : X509TrustManager {\n  override fun getAcceptedIssuers() = arrayOf<X509Certificate>()\n}\n",
        ] {
            assert_eq!(testing::kinds(&analyze(code)), vec![IssueKind::Security], "{code}");
        }
        let strict = "val client = OkHttpClient.Builder().hostnameVerifier { h, s -> h == \"x\" }.build()\n";
        assert_eq!(analyze(strict).issues, vec![]);
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("val a = b\nval b = a\nval r = Request.Builder().url(a).method(b, a).build()");
        analyze("val x = x.toRequestBody(x)\nval r = Request.Builder().post(x).build()");
        analyze("val s = \"$s${s}\"\nval r = Request.Builder().url(s).build()");
        analyze("val m = \"\"\"\n\"\"\".trimMargin(m)\nval r = Request.Builder().url(m).build()");
    }
}
