//! Reads a Java Unirest sample back into its request (tree-sitter-java), walking the
//! `Unirest.post(url).header(..).basicAuth(..).field(..).body(..)` call chain and decoding Java
//! string literals, and reports certificate checks turned off.
//!
//! Form fields and multipart parts are read as Unirest 1.x sends them: a multipart body when a
//! field is a file (a `File`, an `InputStream` or bytes), else a urlencoded form; fields kept
//! in a map of name to values, so a name given again comes out next to its first value.
//!
//! Not read: a body given other than as a string, or as a file's bytes, to `.body(...)`.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest,
};

/// Bounds recursion through variable chains (`a = b; b = a`).
const MAX_DEPTH: usize = 100;
/// What Unirest (Apache HttpClient's `StringEntity`) sends with a String body.
const TEXT_PLAIN: &str = "text/plain; charset=UTF-8";
/// What Unirest (Apache HttpClient's `UrlEncodedFormEntity`) sends with `.field(...)` values.
const FORM_UTF8: &str = "application/x-www-form-urlencoded; charset=UTF-8";
/// What httpmime labels a file given without a content type.
const OCTET_STREAM: &str = "application/octet-stream";
const INSECURE: &str =
    "The sample replaces or turns off certificate checks (a custom TrustManager or SSL socket factory, NoopHostnameVerifier, verifySsl(false)), so anyone on the network could read or change the request.";
const VERBS: [&str; 7] = ["get", "post", "put", "patch", "delete", "head", "options"];

/// tree-sitter-java reads bare statements (a sample's usual shape) at the top level of a
/// `program` as well as whole classes, so the sample is parsed as it is.
pub fn analyze(code: &str) -> Analysis {
    let mut analysis = analyze_with(code, |eval, node, request| eval.chain(node, request));
    let request = &mut analysis.request;
    if request.body.is_some() {
        request.body_defaults_to(TEXT_PLAIN);
    } else if request.form.is_some() {
        request.body_defaults_to(FORM_UTF8);
    }
    analysis
}

/// Walks a Java sample: binds variables, reports certificate checks replaced or turned off,
/// and hands each outermost call chain to `chain` until one gives the request a method (the
/// Unirest chain here; the `HttpRequest` builder for java-httpclient).
pub(crate) fn analyze_with(code: &str, chain: impl Fn(&Eval, Node, &mut ParsedRequest)) -> Analysis {
    let tree = parse(crate::grammars::java(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new() };
    let mut request = ParsedRequest::default();
    let mut insecure_lines = Vec::new();
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "variable_declarator" => {
                if let (Some(name), Some(value)) = (node.child_by_field_name("name"), node.child_by_field_name("value"))
                {
                    eval.vars.insert(text(name, code).to_string(), value);
                }
            }
            "assignment_expression" => {
                let left = node.child_by_field_name("left").filter(|l| l.kind() == "identifier");
                if let (Some(name), Some(value)) = (left, node.child_by_field_name("right")) {
                    eval.vars.insert(text(name, code).to_string(), value);
                }
            }
            "method_invocation" => {
                let name = node.child_by_field_name("name").map(|n| text(n, code)).unwrap_or_default();
                let args = arguments(node);
                let insecure = match name {
                    "verifySsl" => args.first().is_some_and(|a| text(*a, code) == "false"),
                    "setSSLSocketFactory" | "setDefaultSSLSocketFactory" => true,
                    // A host name verifier or trust strategy that accepts everything:
                    // `(h, s) -> true`, or an anonymous class whose method returns true.
                    "setDefaultHostnameVerifier"
                    | "setHostnameVerifier"
                    | "hostnameVerifier"
                    | "setSSLHostnameVerifier"
                    | "loadTrustMaterial" => args.iter().any(|a| accepts_everything(*a, code)),
                    _ => false,
                };
                if insecure {
                    insecure_lines.push(line(node));
                }
                if request.method.is_none() && !is_inner_link(node) {
                    chain(&eval, node, &mut request);
                }
            }
            "identifier" | "type_identifier"
                if matches!(
                    text(node, code),
                    "NoopHostnameVerifier"
                        | "TrustAllStrategy"
                        | "ALLOW_ALL_HOSTNAME_VERIFIER"
                        | "AllowAllHostnameVerifier"
                        | "TrustSelfSignedStrategy"
                        | "InsecureTrustManagerFactory"
                ) && !ancestors(node).any(|a| a.kind() == "import_declaration") =>
            {
                insecure_lines.push(line(node));
            }
            // A hand-written TrustManager: an anonymous class or a class implementing one.
            "object_creation_expression" | "class_declaration" => {
                let supertype = match node.kind() {
                    "class_declaration" => node.child_by_field_name("interfaces"),
                    _ => node
                        .child_by_field_name("type")
                        .filter(|_| named(node).iter().any(|c| c.kind() == "class_body")),
                };
                if supertype.is_some_and(|t| text(t, code).contains("TrustManager")) {
                    insecure_lines.push(line(node));
                }
            }
            _ => {}
        }
    }
    insecure_lines.dedup();
    for line in insecure_lines {
        issues.push(Issue { kind: IssueKind::Security, line, message: INSECURE.into() });
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// A lambda that only returns true, or an anonymous class with a method that only does.
fn accepts_everything(argument: Node, code: &str) -> bool {
    match argument.kind() {
        "lambda_expression" => {
            argument.child_by_field_name("body").is_some_and(|b| crate::parse::returns_only_true(b, code))
        }
        "object_creation_expression" => descendants(argument).into_iter().any(|n| {
            n.kind() == "method_declaration"
                && n.child_by_field_name("body").is_some_and(|b| crate::parse::returns_only_true(b, code))
        }),
        _ => false,
    }
}

/// Is `node` the object of a further call (`node.header(...)`), so not the whole chain?
fn is_inner_link(node: Node) -> bool {
    node.parent().is_some_and(|p| p.kind() == "method_invocation" && p.child_by_field_name("object") == Some(node))
}

fn ancestors(node: Node) -> impl Iterator<Item = Node> {
    std::iter::successors(node.parent(), |n| n.parent())
}

/// A Java sample's source and its variables' values.
pub(crate) struct Eval<'a> {
    pub(crate) code: &'a str,
    pub(crate) vars: HashMap<String, Node<'a>>,
}

impl Eval<'_> {
    /// Reads `Unirest.<verb>(url).header(a, b).queryString(k, v).body(s)...` into `request`
    /// when the innermost call of the chain ending at `outer` is on `Unirest`.
    fn chain(&self, outer: Node, request: &mut ParsedRequest) {
        let code = self.code;
        let mut links = vec![outer];
        while let Some(inner) =
            links.last().and_then(|l| l.child_by_field_name("object")).filter(|o| o.kind() == "method_invocation")
        {
            links.push(inner);
        }
        links.reverse();
        let Some(root) = links.first() else { return };
        if !root.child_by_field_name("object").is_some_and(|o| text(o, code).ends_with("Unirest")) {
            return;
        }
        let verb = root.child_by_field_name("name").map(|n| text(n, code)).unwrap_or_default();
        let args = arguments(*root);
        let (method, url) = match verb {
            "request" => (args.first().and_then(|m| self.string(*m, 0)), args.get(1)),
            v if VERBS.contains(&v) => (Some(v.to_string()), args.first()),
            _ => return,
        };
        request.method = method.map(|m| m.to_uppercase());
        request.url = url.and_then(|u| self.string(*u, 0));
        let mut fields: Vec<ParsedPart> = Vec::new();
        for link in &links[1..] {
            let args = arguments(*link);
            let first = args.first().and_then(|a| self.string(*a, 0));
            let second = args.get(1).and_then(|a| self.string(*a, 0));
            match (link.child_by_field_name("name").map(|n| text(n, code)), first, second) {
                (Some("header"), Some(name), Some(value)) => request.headers.push((name, value)),
                (Some("contentType"), Some(value), None) => request.headers.push(("Content-Type".into(), value)),
                (Some("accept"), Some(value), None) => request.headers.push(("Accept".into(), value)),
                (Some("basicAuth"), Some(user), Some(password)) => request.basic = Some((user, password)),
                (Some("field"), Some(name), _) => fields.extend(self.field(name, &args)),
                (Some("body"), Some(body), None) => request.body = Some(body),
                (Some("body"), None, None) => request.file = args.first().and_then(|a| self.file(*a, 0)),
                (Some("queryString"), Some(key), Some(value)) => {
                    if let Some(url) = &mut request.url {
                        let separator = if url.contains('?') { '&' } else { '?' };
                        *url = format!("{url}{separator}{}={}", form_encode(&key), form_encode(&value));
                    }
                }
                _ => {}
            }
        }
        // Unirest keeps the fields in a map of name to values, in the order names first come;
        // a form without files is sent from a TreeMap of it (MapUtil.getList), so by name, in
        // Java's string order (UTF-16 code units).
        let mut grouped: Vec<ParsedPart> = Vec::with_capacity(fields.len());
        for field in fields {
            let at = grouped.iter().rposition(|f| f.name == field.name).map_or(grouped.len(), |i| i + 1);
            grouped.insert(at, field);
        }
        if grouped.iter().any(|f| f.file.is_some()) {
            request.parts = Some(grouped);
        } else if !grouped.is_empty() {
            grouped.sort_by(|a, b| a.name.encode_utf16().cmp(b.name.encode_utf16()));
            request.form = Some(grouped.into_iter().map(|f| (f.name, f.value.unwrap_or_default())).collect());
        }
    }

    /// One `.field(name, ...)` call: a text value, or a file with its name and content type as
    /// Unirest's overloads give them (a `File` is sent under its own name).
    fn field(&self, name: String, args: &[Node]) -> Option<ParsedPart> {
        let value = *args.get(1)?;
        let text = |i: usize| args.get(i).and_then(|a| self.string(*a, 0));
        let Some(path) = self.file(value, 0) else {
            return Some(ParsedPart { name, value: Some(self.string(value, 0)?), ..Default::default() });
        };
        let is_file_object = self.is_file_object(value, 0);
        let (filename, content_type) = match args.len() {
            2 if is_file_object => (Some(base_name(&path)), Some(OCTET_STREAM.to_string())),
            3 if is_file_object => (Some(base_name(&path)), text(2)),
            3 => (text(2), Some(OCTET_STREAM.to_string())),
            4 => (text(3), args.get(2).and_then(|a| self.content_type(*a))),
            _ => return None,
        };
        Some(ParsedPart { name, value: None, file: Some(path), filename, content_type })
    }

    /// The path of the file an expression reads: `new File(p)`, `new FileInputStream(p)`,
    /// `Files.readAllBytes(Paths.get(p))`, `Files.newInputStream(Path.of(p))`, possibly through
    /// variables.
    pub(crate) fn file(&self, node: Node, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let code = self.code;
        match node.kind() {
            "identifier" => self.file(*self.vars.get(text(node, code))?, depth + 1),
            "parenthesized_expression" => self.file(*named(node).first()?, depth + 1),
            "object_creation_expression" => {
                let class = node.child_by_field_name("type").map(|t| text(t, code))?;
                let class = class.rsplit('.').next().unwrap_or(class);
                let first = *arguments(node).first()?;
                matches!(class, "File" | "FileInputStream")
                    .then(|| self.string(first, depth + 1).or_else(|| self.file(first, depth + 1)))
                    .flatten()
            }
            "method_invocation" => {
                let name = node.child_by_field_name("name").map(|n| text(n, code))?;
                let first = *arguments(node).first()?;
                match name {
                    "get" | "of" => {
                        let owner = node.child_by_field_name("object").map(|o| text(o, code)).unwrap_or_default();
                        (owner.ends_with("Paths") || owner.ends_with("Path")).then(|| self.string(first, depth + 1))?
                    }
                    "readAllBytes" | "newInputStream" => self.file(first, depth + 1),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Is the expression a `java.io.File` (sent by Unirest under the file's own name)?
    fn is_file_object(&self, node: Node, depth: usize) -> bool {
        match node.kind() {
            "identifier" if depth < MAX_DEPTH => {
                self.vars.get(text(node, self.code)).is_some_and(|v| self.is_file_object(*v, depth + 1))
            }
            "object_creation_expression" => {
                node.child_by_field_name("type").is_some_and(|t| matches!(text(t, self.code), "File" | "java.io.File"))
            }
            _ => false,
        }
    }

    /// The content type an httpmime `ContentType` names: `ContentType.parse("image/png")`,
    /// `ContentType.create(...)` or a constant such as `ContentType.APPLICATION_JSON`.
    fn content_type(&self, node: Node) -> Option<String> {
        let code = self.code;
        match node.kind() {
            "method_invocation" => {
                let name = node.child_by_field_name("name").map(|n| text(n, code))?;
                matches!(name, "parse" | "create" | "getByMimeType")
                    .then(|| self.string(*arguments(node).first()?, 0))
                    .flatten()
            }
            "field_access" | "identifier" => {
                let constant = text(node, code).rsplit('.').next()?;
                let media = match constant {
                    "APPLICATION_JSON" => "application/json",
                    "APPLICATION_OCTET_STREAM" | "DEFAULT_BINARY" => OCTET_STREAM,
                    "APPLICATION_XML" => "application/xml",
                    "TEXT_PLAIN" | "DEFAULT_TEXT" => "text/plain",
                    "TEXT_XML" => "text/xml",
                    "TEXT_HTML" => "text/html",
                    "IMAGE_PNG" => "image/png",
                    "IMAGE_JPEG" => "image/jpeg",
                    "IMAGE_GIF" => "image/gif",
                    _ => return self.string(node, 0),
                };
                Some(media.to_string())
            }
            _ => self.string(node, 0),
        }
    }

    /// The string a node stands for: a literal, a variable, `a + b`, or a number or boolean
    /// (as `queryString` values and concatenations use them).
    pub(crate) fn string(&self, node: Node, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let code = self.code;
        match node.kind() {
            "string_literal" => Some(java_string(text(node, code))),
            "identifier" => self.string(*self.vars.get(text(node, code))?, depth + 1),
            "parenthesized_expression" => self.string(*named(node).first()?, depth + 1),
            "decimal_integer_literal" | "true" | "false" => Some(text(node, code).replace('_', "")),
            "binary_expression" if node.child_by_field_name("operator").is_some_and(|o| text(o, code) == "+") => Some(
                self.string(node.child_by_field_name("left")?, depth + 1)?
                    + &self.string(node.child_by_field_name("right")?, depth + 1)?,
            ),
            _ => None,
        }
    }
}

/// The text an expression stands for in the Java clients' readers: `a + b`, parentheses,
/// variables, and through `call` the calls a client knows (`Credentials.basic`, Base64);
/// everything else as [`Eval::string`] reads it. `computed` names a variable whose value is a
/// call no reader knows (a boundary the sample makes when it runs): None reads it as unknown.
pub(crate) fn client_string(
    eval: &Eval,
    node: Node,
    depth: usize,
    call: fn(&Eval, Node, usize) -> Option<String>,
    computed: Option<fn(&str) -> String>,
) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let code = eval.code;
    let again = |n: Node| client_string(eval, n, depth + 1, call, computed);
    match node.kind() {
        "binary_expression" if node.child_by_field_name("operator").is_some_and(|o| text(o, code) == "+") => {
            Some(again(node.child_by_field_name("left")?)? + &again(node.child_by_field_name("right")?)?)
        }
        "parenthesized_expression" => again(*named(node).first()?),
        "identifier" => {
            let value = *eval.vars.get(text(node, code))?;
            again(value).or_else(|| {
                let mark = computed.filter(|_| value.kind() == "method_invocation")?;
                Some(mark(text(node, code)))
            })
        }
        "method_invocation" => call(eval, node, depth),
        _ => eval.string(node, depth),
    }
}

/// The last component of a path, as `File.getName()` gives it.
fn base_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}

pub(crate) fn named<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| !c.kind().ends_with("comment")).collect()
}

pub(crate) fn arguments<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    call.child_by_field_name("arguments").map(named).unwrap_or_default()
}

/// `URLEncoder.encode(s, UTF_8)`, which Unirest applies to query parameters.
fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b' ' => "+".to_string(),
            b if b.is_ascii_alphanumeric() || b".-*_".contains(&b) => char::from(b).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// Decodes a Java string literal or text block (with its quotes) the way javac reads it:
/// unicode escapes first (`\uuu0041` too), then a text block's incidental indentation, then
/// the escapes. Works on UTF-16 units so that escaped surrogate pairs join.
pub(crate) fn java_string(literal: &str) -> String {
    let block = literal.starts_with("\"\"\"") && literal.len() >= 6;
    let quotes = if block { 3 } else { 1 };
    let body = literal.get(quotes..).unwrap_or_default();
    let body = match body.strip_suffix(&"\"\"\""[..quotes]) {
        Some(b) if b.bytes().rev().take_while(|u| *u == b'\\').count() % 2 == 0 => b,
        _ => body,
    };
    let mut units = unicode_escapes(&body.encode_utf16().collect::<Vec<u16>>());
    if block {
        units = strip_indent(&units);
    }
    let is = |u: Option<&u16>, c: u8| u == Some(&u16::from(c));
    let octal =
        |u: Option<&u16>| u.filter(|u| (u16::from(b'0')..=u16::from(b'7')).contains(*u)).map(|u| u - u16::from(b'0'));
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let unit = units[i];
        i += 1;
        if unit != u16::from(b'\\') {
            out.push(unit);
            continue;
        }
        let Some(&e) = units.get(i) else { break };
        i += 1;
        let simple = match u8::try_from(e).unwrap_or(0) {
            b'b' => Some(0x08),
            b't' => Some(0x09),
            b'n' => Some(0x0a),
            b'f' => Some(0x0c),
            b'r' => Some(0x0d),
            b's' => Some(0x20),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
        } else if let Some(first) = octal(Some(&e)) {
            // `\0`..`\377`: three digits only when the first is 0-3.
            let mut value = first;
            let max = if first <= 3 { 2 } else { 1 };
            for _ in 0..max {
                let Some(d) = octal(units.get(i)) else { break };
                value = value * 8 + d;
                i += 1;
            }
            out.push(value);
        } else if is(Some(&e), b'\n') || is(Some(&e), b'\r') {
            // A text block's line continuation.
            if is(Some(&e), b'\r') && is(units.get(i), b'\n') {
                i += 1;
            }
        } else {
            out.push(e);
        }
    }
    String::from_utf16_lossy(&out)
}

/// Translates `\uXXXX` (any number of `u`s) where the backslash is not itself escaped.
fn unicode_escapes(units: &[u16]) -> Vec<u16> {
    let backslash = u16::from(b'\\');
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    let mut run = 0usize;
    while i < units.len() {
        if units[i] == backslash && run % 2 == 0 && units.get(i + 1) == Some(&u16::from(b'u')) {
            let mut j = i + 1;
            while units.get(j) == Some(&u16::from(b'u')) {
                j += 1;
            }
            let hex = units
                .get(j..j + 4)
                .map(String::from_utf16_lossy)
                .and_then(|h| u16::from_str_radix(&h, 16).ok().filter(|_| h.chars().all(|c| c.is_ascii_hexdigit())));
            if let Some(value) = hex {
                out.push(value);
                i = j + 4;
                run = 0;
                continue;
            }
        }
        run = if units[i] == backslash { run + 1 } else { 0 };
        out.push(units[i]);
        i += 1;
    }
    out
}

/// A text block's content: what follows the opening line, without the indentation common to
/// its non-blank lines and closing line, and without trailing spaces.
fn strip_indent(units: &[u16]) -> Vec<u16> {
    let text = String::from_utf16_lossy(units).replace("\r\n", "\n").replace('\r', "\n");
    let content = text.split_once('\n').map(|(_, rest)| rest).unwrap_or_default();
    let lines: Vec<&str> = content.split('\n').collect();
    let last = lines.len().saturating_sub(1);
    let indent = lines
        .iter()
        .enumerate()
        .filter(|(n, l)| *n == last || !l.trim().is_empty())
        .map(|(_, l)| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let stripped: Vec<&str> = lines.iter().map(|l| l.get(indent..).unwrap_or_default().trim_end()).collect();
    stripped.join("\n").encode_utf16().collect()
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
        let ja = analyze(&testing::published("ja-remove-members.txt", "java"));
        assert_eq!(ja.request.method.as_deref(), Some("DELETE"));
        assert_eq!(ja.request.url.as_deref(), Some("https://{yourDomain}/api/v2/organizations/ORG_ID/members"));
        assert_eq!(ja.request.headers, vec![auth.clone(), cache.clone()]);
        assert_eq!(ja.request.implicit_headers, vec![("content-type".to_string(), TEXT_PLAIN.to_string())]);
        assert_eq!(ja.request.body.as_deref(), Some(body));
        assert!(ja.issues.is_empty(), "{:?}", ja.issues);

        let fr = analyze(&testing::published("fr-assign-members.txt", "java"));
        assert_eq!(fr.request.method.as_deref(), Some("POST"));
        assert_eq!(fr.request.url.as_deref(), Some("https://your_auth0_domain/api/v2/organizations/ORG_ID/members"));
        let json = ("content-type".to_string(), "application/json".to_string());
        assert_eq!(fr.request.headers, vec![json, auth, cache]);
        assert!(fr.request.implicit_headers.is_empty());
        assert_eq!(fr.request.body.as_deref(), Some(body));
        assert!(fr.issues.is_empty(), "{:?}", fr.issues);
    }

    #[test]
    fn decodes_literals_and_other_shapes() {
        let code = "import org.apache.http.conn.ssl.NoopHostnameVerifier;\nString base = \"https://h.example\" + \"/a\";\n\
            String b = \"\"\"\n    a\\s\n      b\\\n    c \\u0041\\uuu00e9\n    \"\"\";\nUnirest.config().verifySsl(false);\n\
            HttpResponse<String> r = Unirest.patch(base)\n  .queryString(\"q\", \"a b&\")\n  .header(\"x-a\", \"\\101\\0\\477\\\\u0041\\uD83D\\uDE00\\'\")\n  .body(b)\n  .asString();\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("https://h.example/a?q=a+b%26"));
        assert_eq!(a.request.headers, vec![("x-a".to_string(), "A\0'7\\u0041😀'".to_string())]);
        assert_eq!(a.request.body.as_deref(), Some("a \n  bc Aé\n"));
        assert_eq!(kinds(&a), vec![IssueKind::Security]);
        assert_eq!(a.issues[0].line, 8);
        let tls = analyze("import org.apache.http.conn.ssl.NoopHostnameVerifier;\nTrustManager[] t = { new X509TrustManager() { } };\nb.setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE);\n");
        assert_eq!(
            tls.issues.iter().map(|i| (i.kind, i.line)).collect::<Vec<_>>(),
            vec![(IssueKind::Security, 2), (IssueKind::Security, 3)]
        );
        // Statements in a method of a class read the same.
        let class = analyze("class A {\n  void m() throws Exception {\n    var r = Unirest.request(\"purge\", \"u\").asString();\n  }\n}\n");
        assert_eq!((class.request.method.as_deref(), class.request.url.as_deref()), (Some("PURGE"), Some("u")));
        assert!(class.issues.is_empty());
    }

    /// Hostile strings in every new position (parse::testing::HOSTILE_KINDS); a form is
    /// written out whole, since Unirest sends `.field()` forms sorted by name.
    #[test]
    fn reads_back_hostile_kinds() {
        for yaml in &testing::HOSTILE_KINDS[..2] {
            let (_, whole) = testing::render("java", yaml);
            assert!(!whole.contains(".field(") && whole.contains(".body(\""), "{whole}");
        }
    }

    /// Unirest 1.x sends a form's `.field()`s sorted by name, a multipart body's grouped by
    /// name, and a `File` under its own name: the reader reads what goes out.
    #[test]
    fn reads_fields_as_unirest_sends_them() {
        let code = "HttpResponse<String> r = Unirest.post(\"https://h/x\")\n  .field(\"c\", \"1\")\n  .field(\"b\", 2)\n  .field(\"c\", \"3\")\n  .asString();\n";
        let form = analyze(code).request;
        let pairs = |p: &[(&str, &str)]| p.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect::<Vec<_>>();
        assert_eq!(form.form, Some(pairs(&[("b", "2"), ("c", "1"), ("c", "3")])));
        assert_eq!(form.implicit_headers, pairs(&[("content-type", FORM_UTF8)]));
        let code = "File f = new File(\"dir/a b.png\");\nUnirest.post(\"https://h/x\").field(\"x\", \"1\").field(\"f\", f, \"image/png\")\n  .field(\"g\", java.nio.file.Files.readAllBytes(Path.of(\"g.bin\")), ContentType.APPLICATION_JSON, \"g.json\").asString();\n";
        let parts = analyze(code).request.parts.expect("a multipart body");
        let files: Vec<_> = parts
            .iter()
            .map(|p| (p.file.as_deref(), p.filename.as_deref(), p.content_type.as_deref(), p.value.as_deref()))
            .collect();
        assert_eq!(
            files,
            vec![
                (None, None, None, Some("1")),
                (Some("dir/a b.png"), Some("a b.png"), Some("image/png"), None),
                (Some("g.bin"), Some("g.json"), Some("application/json"), None),
            ]
        );
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("String a = b; String b = a; Unirest.post(a).body(b).header(a, \"\\uD800\\u12\\\").asString();");
        analyze("\"\"\"\\");
    }
}
