//! Reads a PowerShell sample back into its request (tree-sitter-powershell): the first
//! `Invoke-RestMethod` or `Invoke-WebRequest` command, its parameters (given one by one or
//! splatted from a hashtable) and the variables they name, and certificate checks turned off.
//!
//! Values: single- and double-quoted strings and here-strings (a double-quoted one that
//! interpolates a variable is unknown), hashtables (`@{}`, `[ordered]@{}`), PSCredentials,
//! `Get-Item` files, `[System.Text.Encoding]::UTF8.GetBytes(text)`, and the
//! `MultipartFormDataContent` a sample builds with `StringContent` and `StreamContent` parts.
//!
//! Not read: parameter names shortened to a prefix, `New-Object` (write `::new`), a request
//! whose parts are added in a loop.

use std::collections::HashMap;

use tree_sitter::Node;

use super::literal::{DOUBLE_QUOTES, SINGLE_QUOTES};
use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest, FORM,
};

/// Bounds recursion through variables that name each other.
const MAX_DEPTH: usize = 24;

/// What a PowerShell expression evaluates to, as far as a request needs it.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Str(String),
    /// A hashtable's entries in order.
    Map(Vec<(String, Val)>),
    /// A SecureString's plain text.
    Secure(String),
    Credential(String, String),
    /// A file item (`Get-Item`) or stream (`.OpenRead()`), by its path.
    File(String),
    /// A `MultipartFormDataContent`, by the variable that holds it.
    Multipart(String),
    /// An `HttpContent` part: a `StringContent`'s text or a `StreamContent`'s file.
    Content {
        text: Option<String>,
        file: Option<String>,
        content_type: Option<String>,
    },
}

struct Eval<'a> {
    code: &'a str,
    vars: HashMap<String, Val>,
    multiparts: HashMap<String, Vec<ParsedPart>>,
}

pub fn analyze(code: &str) -> Analysis {
    if code.trim().is_empty() {
        // tree-sitter-powershell finds an empty script an error; it is nothing.
        return Analysis::default();
    }
    let tree = parse(crate::grammars::powershell(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new(), multiparts: HashMap::new() };
    let mut request = None;
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "assignment_expression" => {
                if text(node, code).contains("ServerCertificateValidationCallback") {
                    issues.push(insecure(node));
                }
                eval.assign(node);
            }
            "invokation_expression" => eval.add_part(node),
            "command_parameter" if parameter_is(node, code, "SkipCertificateCheck") => {
                // `-SkipCertificateCheck:$false` leaves them on.
                let colon = node.next_named_sibling().filter(|s| text(*s, code) == ":");
                let value =
                    colon.and_then(|c| c.next_named_sibling()).map(|v| text(v, code).trim().to_ascii_lowercase());
                if !matches!(value.as_deref(), Some("$false" | "0")) {
                    issues.push(insecure(node));
                }
            }
            // The switch where a syntax error left it outside any command.
            "simple_name"
                if text(node, code).eq_ignore_ascii_case("SkipCertificateCheck")
                    && node.prev_sibling().is_some_and(|p| text(p, code) == "-") =>
            {
                issues.push(insecure(node));
            }
            "command" if request.is_none() => request = eval.request(node),
            _ => {}
        }
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request: request.unwrap_or_default(), issues }
}

fn insecure(node: Node) -> Issue {
    Issue {
        kind: IssueKind::Security,
        line: line(node),
        message: "the sample turns certificate checks off: anyone on the network can read and change the request"
            .into(),
    }
}

/// Is the `-Name` (or `-Name:value`) parameter `name`, in any case?
fn parameter_is(node: Node, code: &str, name: &str) -> bool {
    parameter_name(node, code).eq_ignore_ascii_case(name)
}

fn parameter_name<'a>(node: Node, code: &'a str) -> &'a str {
    let t = text(node, code).trim_start_matches(['-', '\u{2013}', '\u{2014}', '\u{2015}']);
    t.split(':').next().unwrap_or("")
}

/// The node an expression's chain of one-child wrappers (`pipeline`, `unary_expression`,
/// `argument_expression`, ...) comes down to.
fn unwrap(mut node: Node) -> Node {
    const STOP: [&str; 8] = [
        "string_literal",
        "hash_literal_expression",
        "variable",
        "command",
        "invokation_expression",
        "member_access",
        "cast_expression",
        "type_literal",
    ];
    while !STOP.contains(&node.kind()) && node.named_child_count() == 1 {
        match node.named_child(0) {
            Some(child) => node = child,
            None => break,
        }
    }
    node
}

fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// The last segment of a type literal's name, lower-cased: `stringcontent` of
/// `[System.Net.Http.StringContent]`.
fn type_name(node: Node, code: &str) -> String {
    let full = text(node, code).trim_matches(['[', ']']).trim();
    full.rsplit('.').next().unwrap_or(full).to_ascii_lowercase()
}

impl<'a> Eval<'a> {
    /// `$name = value`, and `$part.Headers.ContentType = value` on a part.
    fn assign(&mut self, node: Node<'a>) {
        let (Some(left), Some(right)) = (node.named_child(0), node.named_children(&mut node.walk()).last()) else {
            return;
        };
        let left = unwrap(left);
        if left.kind() == "member_access" {
            let target = text(left, self.code);
            if let Some(var) = target.strip_suffix(".Headers.ContentType").map(|v| v.to_ascii_lowercase()) {
                let value = self.value(right, 0);
                if let Some(Val::Content { content_type, .. }) = self.vars.get_mut(&var) {
                    *content_type = match value {
                        Some(Val::Str(t)) => Some(t),
                        _ => None,
                    };
                }
            }
            return;
        }
        if left.kind() != "variable" {
            return;
        }
        let name = text(left, self.code).to_ascii_lowercase();
        self.multiparts.remove(&name);
        let value = self.value(right, 0);
        match value {
            Some(Val::Multipart(_)) => {
                self.multiparts.insert(name.clone(), Vec::new());
                self.vars.insert(name.clone(), Val::Multipart(name));
            }
            Some(v) => {
                self.vars.insert(name, v);
            }
            None => {
                self.vars.remove(&name);
            }
        }
    }

    /// `$form.Add(content, name[, filename])` on a `MultipartFormDataContent` variable.
    fn add_part(&mut self, node: Node<'a>) {
        let children = named(node);
        let [object, member, args] = children.as_slice() else { return };
        if object.kind() != "variable" || !text(*member, self.code).eq_ignore_ascii_case("add") {
            return;
        }
        let var = text(*object, self.code).to_ascii_lowercase();
        if !self.multiparts.contains_key(&var) {
            return;
        }
        let args = self.arguments(*args);
        let arg = |i: usize| args.get(i).and_then(|a| self.value(*a, 0));
        let name = match arg(1) {
            Some(Val::Str(n)) => n,
            _ => String::new(),
        };
        let filename = match arg(2) {
            Some(Val::Str(f)) => Some(f),
            _ => None,
        };
        let part = match arg(0) {
            Some(Val::Content { text, file, content_type }) => ParsedPart {
                name,
                value: text,
                file,
                content_type: content_type.filter(|_| filename.is_some()),
                filename,
            },
            _ => ParsedPart { name, filename, ..Default::default() },
        };
        if let Some(parts) = self.multiparts.get_mut(&var) {
            parts.push(part);
        }
    }

    /// The arguments of an `argument_list` `( a, b )`.
    fn arguments(&self, list: Node<'a>) -> Vec<Node<'a>> {
        let Some(inner) = list.named_child(0) else { return Vec::new() };
        if inner.kind() == "argument_expression_list" {
            named(inner)
        } else {
            vec![inner]
        }
    }

    fn string(&self, node: Node, depth: usize) -> Option<String> {
        match self.value(node, depth)? {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    fn value(&self, node: Node, depth: usize) -> Option<Val> {
        if depth > MAX_DEPTH {
            return None;
        }
        let node = unwrap(node);
        let code = self.code;
        match node.kind() {
            "string_literal" => {
                if node.named_child(0).is_some_and(|c| c.named_child_count() > 0) {
                    return None; // interpolates
                }
                string_value(text(node, code)).map(Val::Str)
            }
            "generic_token" | "simple_name" => Some(Val::Str(text(node, code).to_string())),
            "variable" => {
                let name = text(node, code).to_ascii_lowercase();
                self.vars.get(&name).cloned()
            }
            "hash_literal_expression" => {
                let mut entries = Vec::new();
                for body in named(node) {
                    for entry in named(body).into_iter().filter(|e| e.kind() == "hash_entry") {
                        let children = named(entry);
                        let (Some(key), Some(value)) = (children.first(), children.last()) else { continue };
                        let key_node = unwrap(*key);
                        let key = if key_node.kind() == "string_literal" {
                            self.string(key_node, depth + 1)?
                        } else {
                            text(key_node, code).to_string()
                        };
                        entries.push((key, self.value(*value, depth + 1)?));
                    }
                }
                Some(Val::Map(entries))
            }
            "cast_expression" => {
                // `[ordered]@{...}`; other casts of a value keep it.
                let children = named(node);
                let inner = children.last()?;
                self.value(*inner, depth + 1)
            }
            "parenthesized_expression" | "sub_expression" => self.value(node.named_child(0)?, depth + 1),
            "additive_expression" => {
                // `'a' + 'b'`: strings join.
                let children = named(node);
                let [left, right] = children.as_slice() else { return None };
                let plus = node.child(1).is_some_and(|op| text(op, code) == "+");
                match (plus, self.value(*left, depth + 1)?, self.value(*right, depth + 1)?) {
                    (true, Val::Str(a), Val::Str(b)) => Some(Val::Str(a + &b)),
                    _ => None,
                }
            }
            "command" => self.command_value(node, depth),
            "invokation_expression" => self.invocation(node, depth),
            _ => None,
        }
    }

    /// `[Type]::new(...)`, `[Type]::Method(...)`, `value.Method(...)`.
    fn invocation(&self, node: Node, depth: usize) -> Option<Val> {
        let children = named(node);
        let (object, member) = (*children.first()?, *children.get(1)?);
        let method = text(member, self.code).to_ascii_lowercase();
        let args: Vec<Node> = children.get(2).map(|a| self.arguments(*a)).unwrap_or_default();
        let arg = |i: usize| args.get(i).and_then(|a| self.value(*a, depth + 1));
        let object = unwrap(object);
        if object.kind() == "type_literal" {
            let ty = type_name(object, self.code);
            return match (ty.as_str(), method.as_str()) {
                ("multipartformdatacontent", "new") => Some(Val::Multipart(String::new())),
                ("stringcontent", "new") => {
                    let Some(Val::Str(t)) = arg(0) else { return None };
                    Some(Val::Content { text: Some(t), file: None, content_type: None })
                }
                ("streamcontent" | "bytearraycontent", "new") => {
                    let Some(Val::File(f)) = arg(0) else { return None };
                    Some(Val::Content { text: None, file: Some(f), content_type: None })
                }
                ("pscredential", "new") => match (arg(0), arg(1)) {
                    (Some(Val::Str(user)), Some(Val::Secure(password))) => Some(Val::Credential(user, password)),
                    _ => None,
                },
                ("securestring", "new") if args.is_empty() => Some(Val::Secure(String::new())),
                ("mediatypeheadervalue", "new" | "parse") => arg(0),
                // Of `UTF8.GetBytes(text)`, which stands for the text's UTF-8.
                ("convert", "tobase64string") => match arg(0) {
                    Some(Val::Str(t)) => Some(Val::Str(crate::request::base64(t.as_bytes()))),
                    _ => None,
                },
                ("file", "openread" | "readallbytes") => match arg(0) {
                    Some(Val::Str(path)) => Some(Val::File(path)),
                    _ => None,
                },
                _ => None,
            };
        }
        // `[System.Text.Encoding]::UTF8.GetBytes(text)`: the text, sent as UTF-8.
        if method == "getbytes" && text(object, self.code).to_ascii_lowercase().ends_with("encoding]::utf8") {
            return arg(0).filter(|v| matches!(v, Val::Str(_)));
        }
        match (self.value(object, depth + 1)?, method.as_str()) {
            (Val::File(path), "openread") => Some(Val::File(path)),
            _ => None,
        }
    }

    /// The parameters of a command, by lower-cased name (`None` for positional arguments),
    /// each with its value node; a splatted hashtable (`@params`) adds its entries as values.
    fn parameters(&self, node: Node<'a>) -> (Parameters<'a>, Vec<(String, Val)>) {
        let mut out: Parameters<'a> = Vec::new();
        let mut splatted = Vec::new();
        let Some(elements) = node
            .child_by_field_name("command_elements")
            .or_else(|| named(node).into_iter().find(|c| c.kind() == "command_elements"))
        else {
            return (out, splatted);
        };
        let mut pending: Option<String> = None;
        // `-Switch:value` binds the value even to a switch.
        let mut colon = false;
        for element in named(elements) {
            match element.kind() {
                "command_argument_sep" => colon = text(element, self.code) == ":",
                "comment" => {}
                "command_parameter" => {
                    if let Some(p) = pending.take() {
                        out.push((Some(p), None));
                    }
                    pending = Some(parameter_name(element, self.code).to_ascii_lowercase());
                }
                _ => {
                    let source = text(element, self.code);
                    if let Some(var) = source.strip_prefix('@').filter(|v| !v.starts_with(['{', '(', '\'', '"'])) {
                        if let Some(Val::Map(entries)) = self.vars.get(&format!("${}", var.to_ascii_lowercase())) {
                            splatted.extend(entries.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.clone())));
                        }
                        continue;
                    }
                    match pending.take() {
                        Some(p) if colon || !SWITCHES.contains(&p.as_str()) => out.push((Some(p), Some(element))),
                        Some(p) => {
                            out.push((Some(p), None));
                            out.push((None, Some(element)));
                        }
                        None => out.push((None, Some(element))),
                    }
                }
            }
        }
        if let Some(p) = pending {
            out.push((Some(p), None));
        }
        (out, splatted)
    }

    /// `ConvertTo-SecureString`, `Get-Item`: what a sample computes with a command.
    fn command_value(&self, node: Node<'a>, depth: usize) -> Option<Val> {
        let name = text(named(node).first().copied()?, self.code).to_ascii_lowercase();
        let (params, _) = self.parameters(node);
        let find = |names: &[&str]| {
            params
                .iter()
                .find(|(p, v)| v.is_some() && p.as_deref().is_some_and(|p| names.contains(&p)))
                .or_else(|| params.iter().find(|(p, v)| p.is_none() && v.is_some()))
                .and_then(|(_, v)| self.string(v.as_ref().copied()?, depth + 1))
        };
        match name.as_str() {
            "convertto-securestring" => find(&["string"]).map(Val::Secure),
            "get-item" | "gi" | "get-childitem" => find(&["literalpath", "path", "lp"]).map(Val::File),
            _ => None,
        }
    }

    /// The request of an `Invoke-RestMethod` or `Invoke-WebRequest` command.
    fn request(&self, node: Node<'a>) -> Option<ParsedRequest> {
        let name = text(named(node).first().copied()?, self.code).to_ascii_lowercase();
        if !matches!(name.as_str(), "invoke-restmethod" | "irm" | "invoke-webrequest" | "iwr" | "curl" | "wget") {
            return None;
        }
        let (params, splatted) = self.parameters(node);
        let mut values: Vec<(String, Option<Val>)> = Vec::new();
        let mut positional = Vec::new();
        for (param, value) in &params {
            let v = value.and_then(|v| self.value(v, 0));
            match param {
                Some(p) => {
                    values.push((canonical(p).to_string(), v.or(value.is_none().then(|| Val::Str("true".into())))))
                }
                None => positional.push(v),
            }
        }
        values.extend(splatted.into_iter().map(|(k, v)| (canonical(&k).to_string(), Some(v))));
        let get = |name: &str| values.iter().rev().find(|(n, _)| n == name).and_then(|(_, v)| v.clone());
        let get_str = |name: &str| match get(name) {
            Some(Val::Str(s)) => Some(s),
            _ => None,
        };
        let url = get_str("uri").or_else(|| match positional.first() {
            Some(Some(Val::Str(u))) => Some(u.clone()),
            _ => None,
        });
        let method = get_str("custommethod").or_else(|| get_str("method").map(|m| m.to_ascii_uppercase()));
        let mut request =
            ParsedRequest { method: Some(method.unwrap_or_else(|| "GET".into())), url, ..Default::default() };
        if let Some(Val::Map(headers)) = get("headers") {
            request.headers = headers
                .into_iter()
                .filter_map(|(k, v)| match v {
                    Val::Str(s) => Some((k, s)),
                    _ => None,
                })
                .collect();
        }
        if let Some(content_type) = get_str("contenttype") {
            request.headers.retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
            // First, where apiglot's model lists it; the order of a content header is no matter.
            request.headers.insert(0, ("content-type".into(), content_type));
        }
        let basic = get_str("authentication").is_some_and(|a| a.eq_ignore_ascii_case("basic"));
        request.basic = match get("credential") {
            Some(Val::Credential(user, password)) if basic => Some((user, password)),
            _ => request.basic_in_header(),
        };
        match get("body") {
            Some(Val::Str(body)) => request.body = Some(body),
            Some(Val::Map(fields)) => {
                request.form = Some(
                    fields
                        .into_iter()
                        .map(|(k, v)| match v {
                            Val::Str(s) => (k, s),
                            _ => (k, String::new()),
                        })
                        .collect(),
                );
            }
            Some(Val::Multipart(var)) => request.parts = self.multiparts.get(&var).cloned(),
            _ => {}
        }
        if let Some(Val::Map(fields)) = get("form") {
            // -Form: a file item goes under its leaf name as application/octet-stream.
            request.parts = Some(
                fields
                    .into_iter()
                    .map(|(name, v)| match v {
                        Val::File(path) => ParsedPart {
                            name,
                            filename: Some(path.rsplit(['/', '\\']).next().unwrap_or(&path).to_string()),
                            file: Some(path),
                            content_type: Some("application/octet-stream".into()),
                            value: None,
                        },
                        Val::Str(s) => ParsedPart { name, value: Some(s), ..Default::default() },
                        _ => ParsedPart { name, ..Default::default() },
                    })
                    .collect(),
            );
        }
        if let Some(path) = get_str("infile") {
            request.file = Some(unescape_wildcards(&path));
        }
        if request.parts.is_some() {
            request.implicit_headers.push(("content-type".into(), "multipart/form-data".into()));
        } else if request.method.as_deref() == Some("POST") {
            // PowerShell labels a POST body without a content type a form.
            request.body_defaults_to(FORM);
        }
        Some(request)
    }
}

/// A command's parameters in order: the name (none for a positional argument) and value.
type Parameters<'a> = Vec<(Option<String>, Option<Node<'a>>)>;

/// Switch parameters of the web cmdlets: they take no value, so what follows is positional.
const SWITCHES: [&str; 16] = [
    "skipcertificatecheck",
    "skipheadervalidation",
    "allowunencryptedauthentication",
    "usebasicparsing",
    "disablekeepalive",
    "passthru",
    "resume",
    "skiphttperrorcheck",
    "usedefaultcredentials",
    "noproxy",
    "allowinsecureredirect",
    "preserveauthorizationonredirect",
    "proxyusedefaultcredentials",
    "followrellink",
    "asplaintext",
    "force",
];

/// A path as a wildcard pattern names it: a backtick escapes the character after it.
pub(crate) fn unescape_wildcards(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '`' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// A parameter's name without its aliases (`-Url` is `-Uri`).
fn canonical(name: &str) -> &str {
    match name {
        "url" => "uri",
        "cm" => "custommethod",
        "type" => "contenttype",
        other => other,
    }
}

/// The value of a PowerShell string literal's source text: `'...'` (quotes doubled),
/// `"..."` (backtick escapes), and both kinds of here-string; `None` for a double-quoted
/// one that interpolates (`$name`, `$(...)`, `${...}`), whose value the sample computes.
pub(crate) fn string_value(literal: &str) -> Option<String> {
    let mut chars = literal.chars();
    let first = chars.next()?;
    if first == '@' {
        let quote = chars.next()?;
        let body = literal[2..].split_once('\n')?.1;
        let end = body.rfind('\n').unwrap_or(0);
        let content = body[..end].strip_suffix('\r').unwrap_or(&body[..end]);
        let close = &body[end..];
        let closed = close.trim_start_matches('\n').starts_with(quote);
        if !closed || !(quote == '\'' || quote == '"') {
            return None;
        }
        return if quote == '\'' { Some(content.to_string()) } else { expandable(content, false) };
    }
    let last = literal.chars().last()?;
    if literal.chars().count() < 2 {
        return None;
    }
    let inner = &literal[first.len_utf8()..literal.len() - last.len_utf8()];
    if SINGLE_QUOTES.contains(&first) {
        let mut out = String::with_capacity(inner.len());
        let mut it = inner.chars().peekable();
        while let Some(c) = it.next() {
            if SINGLE_QUOTES.contains(&c) {
                if let Some(next) = it.next() {
                    out.push(next);
                }
                continue;
            }
            out.push(c);
        }
        Some(out)
    } else if DOUBLE_QUOTES.contains(&first) {
        expandable(inner, true)
    } else {
        None
    }
}

/// The text of a double-quoted string or here-string: backtick escapes, doubled quotes (in
/// a string only), and `None` at an interpolation.
fn expandable(body: &str, quoted: bool) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '`' => {
                let Some(&e) = chars.get(i) else {
                    out.push('`');
                    break;
                };
                i += 1;
                match e {
                    '0' => out.push('\0'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'e' => out.push('\u{1b}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'v' => out.push('\u{b}'),
                    'u' if chars.get(i) == Some(&'{') => {
                        let close = chars[i..].iter().position(|c| *c == '}')?;
                        let hex: String = chars[i + 1..i + close].iter().collect();
                        out.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)?);
                        i += close + 1;
                    }
                    other => out.push(other),
                }
            }
            '$' if chars
                .get(i)
                .is_some_and(|n| n.is_alphanumeric() || matches!(n, '_' | '{' | '(' | '?' | '^' | ':')) =>
            {
                return None;
            }
            c if quoted && DOUBLE_QUOTES.contains(&c) => {
                if let Some(&next) = chars.get(i) {
                    out.push(next);
                    i += 1;
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::kinds;

    fn pair(n: &str, v: &str) -> (String, String) {
        (n.to_string(), v.to_string())
    }

    #[test]
    fn decodes_every_kind_of_string() {
        assert_eq!(string_value("'it''s ‘‘x’’'").as_deref(), Some("it's ‘x’"));
        assert_eq!(string_value("\"a`n`$b `u{1F600} \"\"q\"\"\"").as_deref(), Some("a\n$b 😀 \"q\""));
        assert_eq!(string_value("\"$b\""), None);
        assert_eq!(string_value("\"$ 1\"").as_deref(), Some("$ 1"));
        assert_eq!(string_value("@'\n{\n  \"a\": 1\n}\n'@").as_deref(), Some("{\n  \"a\": 1\n}"));
        assert_eq!(string_value("@'\r\nx\r\n'@").as_deref(), Some("x"));
        assert_eq!(string_value("@\"\nx`t$(y)\n\"@"), None);
        assert_eq!(string_value("@\"\nx`ty\n\"@").as_deref(), Some("x\ty"));
    }

    #[test]
    fn reads_parameters_splatting_and_parts() {
        let code = "$h = @{ Authorization = 'Bearer T'; 'X-A' = \"1\" }\n\
            $p = @{ Uri = 'https://h/x?a=1'; Method = 'Patch'; Headers = $h; Body = '{\"a\":1}'; ContentType = 'application/json' }\n\
            $r = Invoke-RestMethod @p\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("https://h/x?a=1"));
        assert_eq!(
            a.request.headers,
            vec![pair("content-type", "application/json"), pair("Authorization", "Bearer T"), pair("X-A", "1")]
        );
        assert_eq!(a.request.body.as_deref(), Some("{\"a\":1}"));

        let code = "Invoke-WebRequest 'https://h/u' -Method POST -Form @{ note = 'n'; f = Get-Item -Path 'a/b.png' } -UseBasicParsing\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        let parts = a.request.parts.expect("parts");
        assert_eq!(parts[0], ParsedPart { name: "note".into(), value: Some("n".into()), ..Default::default() });
        assert_eq!(
            (parts[1].file.as_deref(), parts[1].filename.as_deref(), parts[1].content_type.as_deref()),
            (Some("a/b.png"), Some("b.png"), Some("application/octet-stream"))
        );
        let form = analyze("irm -Uri https://h/t -Method Post -Body 'a=1&b=x+y'\n");
        assert_eq!(form.request.url.as_deref(), Some("https://h/t"));
        assert_eq!(form.request.implicit_headers, vec![pair("content-type", FORM)]);
        let get = analyze("Invoke-RestMethod -Uri 'https://h/g' -Headers @{ 'x' = \"$env:TOKEN\" }\n");
        assert_eq!((get.request.method.as_deref(), get.request.headers.len()), (Some("GET"), 0));
    }

    /// Credentials without a user name (which a PSCredential refuses) or a password read
    /// back exactly.
    #[test]
    fn empty_credentials_read_back() {
        for (user, password) in [("", "p w"), ("u", "")] {
            let yaml = format!(
                "id: e\nguide: g\nmethod: GET\nserver: https://h\npath: /x\nauth:\n  basic: {{ user: \"{user}\", password: \"{password}\" }}\n"
            );
            let (request, code) = crate::parse::testing::render("powershell", &yaml);
            let a = analyze(&code);
            assert!(a.issues.is_empty(), "{:?}", a.issues);
            assert_eq!(a.request.basic, Some((user.to_string(), password.to_string())), "{code}");
            assert_eq!(crate::check::compare::compare_request(&request, &a.request, &[]), vec![], "{code}");
        }
    }

    #[test]
    fn reports_certificate_checks_turned_off() {
        let a = analyze("Invoke-RestMethod -Uri 'https://h/x' -SkipCertificateCheck\n");
        assert_eq!(kinds(&a), vec![IssueKind::Security]);
        let off = analyze("Invoke-RestMethod -Uri 'https://h/x' -SkipCertificateCheck:$false\n");
        assert!(off.issues.is_empty());
        let header = analyze(
            "$h = @{ 'authorization' = 'Basic ' + [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes(':p')) }\n\
             Invoke-RestMethod -Uri 'https://h/x' -Headers $h\n",
        );
        assert_eq!(header.request.basic, Some((String::new(), "p".to_string())));
        let broken = analyze("Invoke-RestMethod -Uri https://{yourDomain}/x -SkipCertificateCheck\n");
        assert!(kinds(&broken).contains(&IssueKind::Security), "{:?}", broken.issues);
        let callback = analyze("[System.Net.ServicePointManager]::ServerCertificateValidationCallback = { $true }\n");
        assert_eq!(kinds(&callback), vec![IssueKind::Security]);
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("$a = $b\n$b = $a\nInvoke-RestMethod @a -Body $b -Form $a -Headers @{ $a = $b }\n$f.Add($a, $b, $c)\n");
        analyze("$form = [System.Net.Http.MultipartFormDataContent]::new()\n$form.Add()\n$x.Headers.ContentType = 1\n");
    }
}
