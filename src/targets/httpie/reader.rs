//! Reads an HTTPie command line (`http` or `https`) back into its request (tree-sitter-bash,
//! with the shell helpers curl's reader uses). Request items are split as HTTPie splits them
//! (the first separator, the longest there; `\` escapes a separator character): headers
//! (`Name:value`, `Name;`, `Name:@file` from a process substitution's `printf`), query
//! items (`name==value`), data fields (`=`, `:=`), files (`name@path;type=...`, `@path` as
//! the body); `--form` and `--multipart` make the fields a form or parts, grouped by name as
//! HTTPie groups them; `--raw` and standard input (`< path`, or a multipart body the sample
//! built in that file) are the body; `--auth` basic credentials. Reports certificate checks
//! turned off (`--verify=no`).
//!
//! Not read: sessions, config files, nested JSON paths (`a[b]=c` is kept as the name), files
//! other than a process substitution for `=@` and `:@`.

use tree_sitter::Node;

use crate::parse::shell::{built_multipart, command_name, find_command, stdin_file, substituted_text, word, words};
use crate::parse::{line, parse, syntax_issues, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest};

const INSECURE: &str =
    "The command turns certificate checks off (--verify=no), so anyone on the network could read or change the request.";

/// Options that take a value, so that the value is not taken for the method or URL.
const VALUED: &[&str] = &[
    "--raw",
    "--auth",
    "-a",
    "--auth-type",
    "-A",
    "--verify",
    "--boundary",
    "--output",
    "-o",
    "--session",
    "--session-read-only",
    "--print",
    "-p",
    "--pretty",
    "--style",
    "-s",
    "--timeout",
    "--cert",
    "--cert-key",
    "--cert-key-pass",
    "--proxy",
    "--max-redirects",
    "--default-scheme",
    "--format-options",
    "--response-charset",
    "--response-mime",
    "--ssl",
    "--ciphers",
    "--max-headers",
];

/// HTTPie's separators of a request item.
const SEPARATORS: &[&str] = &[":", ";", ":@", "==", "==@", "=", ":=", "@", "=@", ":=@"];

/// What HTTPie reads from a standard input file: a form body's content type by default.
const FORM_UTF8: &str = "application/x-www-form-urlencoded; charset=utf-8";

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::bash(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut request = ParsedRequest::default();
    let Some(command) = find_command(tree.root_node(), code, &["http", "https"]) else {
        return Analysis { request, issues };
    };
    let scheme = if command_name(command, code) == "https" { "https" } else { "http" };
    // Process substitutions stand as paths that name their text.
    let mut substituted: Vec<String> = Vec::new();
    let args: Vec<(String, Node)> = words(command, |a| item_word(a, code, &mut substituted));
    let (mut form, mut multipart, mut ignore_stdin) = (false, false, false);
    let (mut raw, mut auth): (Option<String>, Option<String>) = (None, None);
    let mut positionals: Vec<String> = Vec::new();
    let mut options_done = false;
    let mut i = 0;
    while i < args.len() {
        let (arg, node) = (&args[i].0, args[i].1);
        i += 1;
        if options_done || !arg.starts_with('-') || arg == "-" {
            positionals.push(arg.clone());
            continue;
        }
        if arg == "--" {
            options_done = true;
            continue;
        }
        let (option, attached) = match arg.split_once('=') {
            Some((o, v)) if arg.starts_with("--") => (o, Some(v.to_string())),
            _ if !arg.starts_with("--") && arg.len() > 2 && arg.get(..2).is_some_and(|o| VALUED.contains(&o)) => {
                (&arg[..2], Some(arg[2..].to_string()))
            }
            _ => (arg.as_str(), None),
        };
        let value = if VALUED.contains(&option) {
            attached.or_else(|| {
                i += 1;
                args.get(i - 1).map(|a| a.0.clone())
            })
        } else {
            None
        };
        match (option, value) {
            ("--form" | "-f", _) => form = true,
            ("--multipart", _) => multipart = true,
            ("--ignore-stdin" | "-I", _) => ignore_stdin = true,
            ("--raw", Some(v)) => raw = Some(v),
            ("--auth" | "-a", Some(v)) => auth = Some(v),
            ("--verify", Some(v)) if matches!(v.to_ascii_lowercase().as_str(), "no" | "false") => {
                issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() })
            }
            _ => {}
        }
    }
    // `METHOD URL items...`, or `URL items...` with the method guessed.
    let explicit_method = positionals.len() > 1 && positionals[0].chars().all(|c| c.is_ascii_alphabetic());
    let (method, rest) = if explicit_method {
        (Some(positionals[0].to_uppercase()), &positionals[1..])
    } else {
        (None, &positionals[..])
    };
    let Some((url, items)) = rest.split_first() else {
        issues.sort_by_key(|i| i.line);
        return Analysis { request, issues };
    };
    let mut url = if url.contains("://") { url.clone() } else { format!("{scheme}://{url}") };
    let text_of = |path: &str| -> Option<String> {
        let index: usize = path.strip_prefix("/dev/fd/apiglot-")?.parse().ok()?;
        substituted.get(index).cloned()
    };
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut parts: Vec<ParsedPart> = Vec::new();
    let mut json: serde_json::Map<String, serde_json::Value> = serde_json::Map::new();
    let mut body_file: Option<String> = None;
    for item in items {
        let Some((key, separator, value)) = split_item(item) else { continue };
        match separator {
            ":" if !value.is_empty() => request.headers.push((key, value)),
            ";" => request.headers.push((key, String::new())),
            ":@" => {
                if let Some(text) = text_of(&value) {
                    request.headers.push((key, text.trim_end_matches('\n').to_string()));
                }
            }
            "==" => {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str(&format!("{}={}", encoded(&key), encoded(&value)));
            }
            "=" | "=@" => {
                let value = if separator == "=@" { text_of(&value).unwrap_or_default() } else { value };
                json.insert(key.clone(), serde_json::Value::String(value.clone()));
                parts.push(ParsedPart { name: key.clone(), value: Some(value.clone()), ..ParsedPart::default() });
                fields.push((key, value));
            }
            ":=" => {
                if let Ok(v) = serde_json::from_str(&value) {
                    json.insert(key, v);
                }
            }
            "@" if key.is_empty() && !form && !multipart => body_file = Some(value),
            "@" => {
                let (path, content_type) = match value.split_once(";type=") {
                    Some((p, t)) => (p.to_string(), Some(t.to_string())),
                    None => (value.clone(), None),
                };
                let filename = path.rsplit('/').next().unwrap_or(&path).to_string();
                parts.push(ParsedPart {
                    name: key,
                    file: Some(path),
                    filename: Some(filename),
                    content_type,
                    value: None,
                });
            }
            _ => {}
        }
    }
    let has_files = parts.iter().any(|p| p.file.is_some());
    let stdin = if ignore_stdin { None } else { stdin_file(command, code) };
    if let Some(text) = raw {
        request.body = Some(text);
        let kind = if form { FORM_UTF8 } else { "application/json" };
        request.body_defaults_to(kind);
    } else if multipart || (form && has_files) {
        request.parts = Some(grouped(parts, |p| p.name.clone()));
        request.body_defaults_to("multipart/form-data");
    } else if form && !fields.is_empty() {
        request.form = Some(grouped(fields, |f| f.0.clone()));
        request.body_defaults_to(FORM_UTF8);
    } else if !json.is_empty() {
        request.body = Some(serde_json::Value::Object(json).to_string());
        request.body_defaults_to("application/json");
    } else if let Some(path) = body_file.or(stdin) {
        match built_multipart(tree.root_node(), code) {
            Some((target, parts)) if target == path => request.parts = Some(parts),
            _ => request.file = Some(path),
        }
        request.body_defaults_to("application/json");
    }
    if let Some(credentials) = auth {
        let (user, password) = match split_credentials(&credentials) {
            Some((user, password)) => (user, password),
            None => (credentials, String::new()),
        };
        request.basic = Some((user, password));
    }
    let default = if request.has_body() { "POST" } else { "GET" };
    request.method = Some(method.unwrap_or_else(|| default.into()));
    request.url = Some(url);
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// A word as HTTPie gets it, each process substitution standing as a path that names its
/// text (or its source when it is not a `printf`).
fn item_word(node: Node, code: &str, substituted: &mut Vec<String>) -> String {
    let mut stand_in = |n: Node| -> String {
        substituted.push(substituted_text(n, code).unwrap_or_default());
        format!("/dev/fd/apiglot-{}", substituted.len() - 1)
    };
    match node.kind() {
        "process_substitution" => stand_in(node),
        "concatenation" => {
            let mut cursor = node.walk();
            let children: Vec<Node> = node.children(&mut cursor).collect();
            children
                .into_iter()
                .map(|c| if c.kind() == "process_substitution" { stand_in(c) } else { word(c, code) })
                .collect()
        }
        _ => word(node, code),
    }
}

/// One piece of a request item: text, or a character a `\` escaped.
enum Token {
    Text(String),
    Escaped(char),
}

/// A request item as HTTPie splits it: (name, separator, value), the first separator
/// outside escapes, the longest at its place; `\` before a separator character is removed.
fn split_item(item: &str) -> Option<(String, &'static str, String)> {
    split_with(item, SEPARATORS)
}

fn split_with(item: &str, separators: &[&'static str]) -> Option<(String, &'static str, String)> {
    let special: Vec<char> = separators.iter().flat_map(|s| s.chars()).collect();
    let mut tokens = vec![Token::Text(String::new())];
    let mut chars = item.chars();
    while let Some(c) = chars.next() {
        let push = |tokens: &mut Vec<Token>, s: &str| {
            if let Some(Token::Text(t)) = tokens.last_mut() {
                t.push_str(s);
            }
        };
        if c == '\\' {
            match chars.next() {
                Some(n) if special.contains(&n) => {
                    tokens.push(Token::Escaped(n));
                    tokens.push(Token::Text(String::new()));
                }
                Some(n) => push(&mut tokens, &format!("\\{n}")),
                None => push(&mut tokens, "\\"),
            }
        } else {
            push(&mut tokens, &c.to_string());
        }
    }
    let joined = |tokens: &[Token]| -> String {
        tokens
            .iter()
            .map(|t| match t {
                Token::Text(s) => s.clone(),
                Token::Escaped(c) => c.to_string(),
            })
            .collect()
    };
    for (i, token) in tokens.iter().enumerate() {
        let Token::Text(text) = token else { continue };
        let found = separators.iter().filter_map(|s| text.find(s).map(|at| (at, std::cmp::Reverse(s.len()), *s))).min();
        if let Some((at, _, separator)) = found {
            let key = joined(&tokens[..i]) + &text[..at];
            let value = text[at + separator.len()..].to_string() + &joined(&tokens[i + 1..]);
            return Some((key, separator, value));
        }
    }
    None
}

/// `--auth user:password` as HTTPie reads it: split at the first `:` no `\` escapes.
fn split_credentials(text: &str) -> Option<(String, String)> {
    split_with(text, &[":"]).map(|(user, _, password)| (user, password))
}

/// Values of a repeated name moved up to its first place, as HTTPie's ordered multi-value
/// dictionaries give them.
fn grouped<T>(items: Vec<T>, name: impl Fn(&T) -> String) -> Vec<T> {
    let mut order: Vec<(String, Vec<T>)> = Vec::new();
    for item in items {
        let n = name(&item);
        match order.iter_mut().find(|(k, _)| *k == n) {
            Some((_, values)) => values.push(item),
            None => order.push((n, vec![item])),
        }
    }
    order.into_iter().flat_map(|(_, values)| values).collect()
}

/// A query item's text as requests encodes it (`urlencode`: space as `+`).
fn encoded(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing;

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn splits_items_as_httpie_does() {
        let split = |s: &str| split_item(s).map(|(k, sep, v)| (k, sep.to_string(), v));
        let t = |k: &str, sep: &str, v: &str| Some((k.to_string(), sep.to_string(), v.to_string()));
        assert_eq!(split("a:b=c"), t("a", ":", "b=c"));
        assert_eq!(split("a:=1"), t("a", ":=", "1"));
        assert_eq!(split("a\\:b=\\@c\\d"), t("a:b", "=", "@c\\d"));
        assert_eq!(split("n==v"), t("n", "==", "v"));
        assert_eq!(split("x;"), t("x", ";", ""));
        assert_eq!(split("f@p;type=a/b"), t("f", "@", "p;type=a/b"));
        assert_eq!(split("v\\"), None);
        assert_eq!(split_credentials("u\\:x:p:w"), Some(pair("u:x", "p:w")));
    }

    /// Each form the template picks (items where HTTPie reads them back exactly, the exact
    /// fallback where it would not) is rendered and read back as its request.
    #[test]
    fn renders_items_where_exact_and_the_fallbacks_elsewhere() {
        let endpoint = |body: &str, extra: &str| {
            format!("id: e\nguide: g\nmethod: POST\nserver: https://{{yourDomain}}\npath: /x\n{extra}body:\n{body}")
        };
        let cases = [
            // Adjacent repeated names and separator characters: `--form` items, escaped.
            (
                endpoint("  form:\n    - { name: \"a=b\", value: \"@1\" }\n    - { name: \"a=b\", value: \"=2\" }\n", ""),
                vec!["--form POST", "'a\\=b=\\@1'", "'a\\=b=\\=2'"],
            ),
            // A name repeated after another: HTTPie would group it, so the encoded form.
            (
                endpoint("  form:\n    - { name: a, value: \"1\" }\n    - { name: b, value: \"2\" }\n    - { name: a, value: \"3\" }\n", ""),
                vec!["--raw='a=1&b=2&a=3'"],
            ),
            // A file named as its path ends: `--multipart` items.
            (
                endpoint("  multipart:\n    - { name: n, value: v }\n    - { name: f, file: dir/a.png, filename: a.png, content_type: image/png }\n", ""),
                vec!["--multipart POST", "n=v", "'f@dir/a.png;type=image/png'"],
            ),
            // Another file name: the body built in a file, sent as standard input.
            (
                endpoint("  multipart:\n    - { name: f, file: dir/a.png, filename: b.png, content_type: image/png }\n", ""),
                vec!["cat dir/a.png", "< \"$body\""],
            ),
            // `\` before a separator: the header from a process substitution, the credentials
            // as their header.
            (
                endpoint(
                    "  content_type: text/plain\n  text: t\n",
                    "headers:\n  - { name: x-a, value: \"v\\\\@w\" }\nauth:\n  basic: { user: \"u\\\\\", password: p }\n",
                ),
                vec!["x-a:@<(printf %s 'v\\@w')", "'Authorization:Basic dVw6cA=='", "--raw=t"],
            ),
        ];
        for (yaml, needles) in cases {
            let (request, code) = testing::render("httpie", &yaml);
            for needle in needles {
                assert!(code.contains(needle), "{needle:?} in\n{code}");
            }
            let analysis = analyze(&code);
            assert!(analysis.issues.is_empty(), "{:?}\n{code}", analysis.issues);
            let differences = crate::check::compare::compare_request(&request, &analysis.request, &[]);
            assert!(differences.is_empty(), "{differences:?}\n{code}");
        }
    }

    #[test]
    fn reads_its_options_and_items() {
        let a = analyze(
            "http --verify=no -f PUT example.com/x q==a\\ b 'x-a:@'<(printf %s 'v\\@') 'x-e;' 'x-n:' \\\n  a=1 b=2 a=3\n",
        );
        assert_eq!(a.request.method.as_deref(), Some("PUT"));
        assert_eq!(a.request.url.as_deref(), Some("http://example.com/x?q=a+b"));
        assert_eq!(a.request.headers, vec![pair("x-a", "v\\@"), pair("x-e", "")]);
        assert_eq!(a.request.form, Some(vec![pair("a", "1"), pair("a", "3"), pair("b", "2")]));
        assert_eq!(a.request.implicit_headers, vec![pair("content-type", FORM_UTF8)]);
        assert_eq!(testing::kinds(&a), vec![IssueKind::Security]);
        let json = analyze("https -a 'u\\:1:p' example.com n=v k:=true");
        assert_eq!(json.request.method.as_deref(), Some("POST"));
        assert_eq!(json.request.url.as_deref(), Some("https://example.com"));
        assert_eq!(json.request.body.as_deref(), Some(r#"{"n":"v","k":true}"#));
        assert_eq!(json.request.basic, Some(pair("u:1", "p")));
        let file = analyze("http PUT https://h/x 'content-type:image/png' < 'a b.png'");
        assert_eq!(file.request.file.as_deref(), Some("a b.png"));
        let ignored = analyze("http --ignore-stdin GET https://h/x < 'a b.png'");
        assert_eq!((ignored.request.file, ignored.request.method.as_deref()), (None, Some("GET")));
    }
}
