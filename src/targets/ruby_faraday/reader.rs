//! Reads a Ruby Faraday sample back into its request (tree-sitter-ruby), with the Ruby string
//! and file evaluation of the Net::HTTP reader.
//!
//! Read as Faraday sends it: the `url:` of `Faraday.new` joined with the path of
//! `conn.post(path) do |req| ... end`; `req.headers[name] = value`; `req.body` as a string,
//! `URI.encode_www_form(pairs)` (a form), a hash of values and `FilePart`s (multipart) or
//! `File.binread(path)`; the `:authorization` middleware's `Basic` token (or Faraday 2's
//! `:basic, user, password`) as basic credentials, `:basic_auth` (removed in Faraday 2) too;
//! `ssl: { verify: false }` as certificate checks off.
//!
//! Not read: `req.params`, bodies given as call arguments, `to_json` bodies.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest, FORM,
};
use crate::targets::ruby::reader::{arguments, compact, named, turns_verification_off, Eval, INSECURE, MAX_DEPTH};

const VERBS: [&str; 7] = ["get", "post", "put", "patch", "delete", "head", "options"];
const BASIC_AUTH: &str =
    "Faraday 2 removed the `:basic_auth` middleware: `request :authorization, :basic, user, password` replaces it.";

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::ruby(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new() };
    let mut request = ParsedRequest::default();
    let (mut base, mut path) = (None, None);
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "assignment" => {
                let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                else {
                    continue;
                };
                let attribute = left.child_by_field_name("method").map(|m| text(m, code));
                match left.kind() {
                    "identifier" => {
                        eval.vars.insert(text(left, code).to_string(), right);
                    }
                    // `req.headers['x'] = value`
                    "element_reference" if left.named_child(0).is_some_and(|o| text(o, code).ends_with(".headers")) => {
                        if let (Some(name), Some(value)) =
                            (left.named_child(1).and_then(|n| eval.string(n, 0)), eval.string(right, 0))
                        {
                            request.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
                            request.headers.push((name, value));
                        }
                    }
                    "call" if attribute == Some("body") => body(&eval, right, &mut request),
                    _ => {}
                }
            }
            "call" => {
                let method = node.child_by_field_name("method").map(|m| text(m, code)).unwrap_or_default();
                let receiver = node.child_by_field_name("receiver").map(|r| compact(text(r, code)));
                let args = arguments(node);
                let arg = |i: usize| args.get(i).and_then(|a| eval.string(*a, 0));
                match method {
                    "new" if receiver.as_deref().is_some_and(|r| r.trim_start_matches("::") == "Faraday") => {
                        let url = args.iter().find_map(|a| match a.kind() {
                            "pair" => a
                                .child_by_field_name("key")
                                .filter(|k| text(*k, code).trim_start_matches(':').trim_end_matches(':') == "url")
                                .and_then(|_| eval.string(a.child_by_field_name("value")?, 0)),
                            _ => eval.string(*a, 0),
                        });
                        base = base.or(url);
                    }
                    "request" | "use" if args.first().is_some_and(|a| text(*a, code) == ":authorization") => {
                        authorization(&eval, &args, &mut request)
                    }
                    "request" | "use" if args.first().is_some_and(|a| text(*a, code) == ":basic_auth") => {
                        issues.push(Issue {
                            kind: IssueKind::Deprecated,
                            line: line(node),
                            message: BASIC_AUTH.into(),
                        });
                        if let (Some(user), Some(password)) = (arg(1), arg(2)) {
                            request.basic = Some((user, password));
                        }
                    }
                    verb if VERBS.contains(&verb)
                        && request.method.is_none()
                        && receiver.as_deref().is_some_and(|r| !r.contains("Net::HTTP")) =>
                    {
                        request.method = Some(verb.to_uppercase());
                        path = arg(0).or(Some(String::new()));
                    }
                    _ => {}
                }
            }
            // `Faraday.new(url, ssl: { verify: false })`.
            "pair"
                if node.child_by_field_name("key").zip(node.child_by_field_name("value")).is_some_and(|(k, v)| {
                    turns_verification_off(text(k, code).trim_matches([':', '"', '\'']), v, code)
                }) =>
            {
                issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() });
            }
            _ => {}
        }
    }
    request.url = match (base, path) {
        (_, Some(p)) if p.contains("://") => Some(p),
        (Some(b), Some(p)) if p.is_empty() => Some(b),
        (Some(b), Some(p)) => Some(format!("{}/{}", b.trim_end_matches('/'), p.trim_start_matches('/'))),
        (b, None) => b,
        (None, p) => p,
    };
    if request.parts.is_some() {
        request.body_defaults_to("multipart/form-data");
    } else {
        // Faraday's default url_encoded middleware labels a body without a type as a form.
        request.body_defaults_to(FORM);
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// `request :authorization, 'Basic', Base64.strict_encode64('user:password')`, Faraday 2's
/// `request :authorization, :basic, user, password`, or another scheme's token as a header.
fn authorization(eval: &Eval, args: &[Node], request: &mut ParsedRequest) {
    let arg = |i: usize| args.get(i).and_then(|a| eval.string(*a, 0));
    let Some(scheme) = arg(1) else { return };
    if scheme == "basic" && args.len() > 3 {
        if let (Some(user), Some(password)) = (arg(2), arg(3)) {
            request.basic = Some((user, password));
        }
        return;
    }
    let encoded = args.get(2).and_then(|a| base64_of(eval, *a, 0));
    match encoded.as_deref().and_then(|c| c.split_once(':')).filter(|_| scheme.eq_ignore_ascii_case("basic")) {
        Some((user, password)) => request.basic = Some((user.to_string(), password.to_string())),
        None => {
            if let Some(token) = arg(2) {
                request.headers.push(("Authorization".into(), format!("{scheme} {token}")));
            }
        }
    }
}

/// The text of `Base64.strict_encode64(text)` (or `encode64`), through variables.
fn base64_of(eval: &Eval, node: Node, depth: usize) -> Option<String> {
    match node.kind() {
        _ if depth > MAX_DEPTH => None,
        "identifier" => base64_of(eval, *eval.vars.get(text(node, eval.code))?, depth + 1),
        "call" => {
            let method = text(node.child_by_field_name("method")?, eval.code);
            let receiver = compact(text(node.child_by_field_name("receiver")?, eval.code));
            (receiver.trim_start_matches("::") == "Base64" && matches!(method, "strict_encode64" | "encode64"))
                .then(|| eval.string(*arguments(node).first()?, 0))?
        }
        _ => None,
    }
}

/// What `req.body = value` sends.
fn body(eval: &Eval, value: Node, request: &mut ParsedRequest) {
    let value = match value.kind() {
        "identifier" => eval.vars.get(text(value, eval.code)).copied().unwrap_or(value),
        _ => value,
    };
    let built = built_parts(eval, value);
    if let Some(path) = eval.file(value, 0) {
        request.file = Some(path);
    } else if !built.is_empty() {
        request.parts = Some(built);
    } else if value.kind() == "hash" {
        // A hash keeps a name once: at its first place, with its last value.
        let mut parts: Vec<ParsedPart> = Vec::new();
        for part in named(value).into_iter().filter_map(|pair| part(eval, pair)) {
            match parts.iter_mut().find(|p| p.name == part.name) {
                Some(earlier) => *earlier = part,
                None => parts.push(part),
            }
        }
        request.parts = Some(parts);
    } else if let Some(pairs) = form(eval, value) {
        request.form = Some(pairs);
    } else {
        request.body = eval.string(value, 0);
    }
}

/// The parts of a multipart body built with apiglot's `text_part.call(name, value)` and
/// `file_part.call(name, path, filename, type)` lambdas, in order.
fn built_parts(eval: &Eval, value: Node) -> Vec<ParsedPart> {
    descendants(value)
        .into_iter()
        .filter(|n| n.kind() == "call")
        .filter(|n| n.child_by_field_name("method").is_none_or(|m| text(m, eval.code) == "call"))
        .filter_map(|call| {
            let lambda = text(call.child_by_field_name("receiver")?, eval.code);
            let args = arguments(call);
            let arg = |i: usize| args.get(i).and_then(|a| eval.string(*a, 0));
            match lambda {
                "text_part" => Some(ParsedPart { name: arg(0)?, value: arg(1), ..Default::default() }),
                "file_part" => Some(ParsedPart {
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

/// `URI.encode_www_form([[name, value], ...])` (or of a hash).
fn form(eval: &Eval, node: Node) -> Option<Vec<(String, String)>> {
    let method = text(node.child_by_field_name("method")?, eval.code);
    let receiver = compact(text(node.child_by_field_name("receiver")?, eval.code));
    if receiver.trim_start_matches("::") != "URI" || method != "encode_www_form" {
        return None;
    }
    let items = eval.items(*arguments(node).first()?);
    items
        .into_iter()
        .map(|item| {
            let (name, value) = match item.kind() {
                "pair" => (item.child_by_field_name("key")?, item.child_by_field_name("value")?),
                _ => {
                    let pair = named(item);
                    (*pair.first()?, *pair.get(1)?)
                }
            };
            Some((eval.string(name, 0)?, eval.string(value, 0)?))
        })
        .collect()
}

/// A multipart hash entry: a text value, or a `FilePart.new(path, type[, filename])`
/// (`Faraday::Multipart::FilePart`, Faraday 1's `Faraday::FilePart` or `UploadIO`), sent under
/// its path's last segment when no file name is given. (UploadIO keeps only the last segment
/// of a file name holding `/`: the name is read as the sample gives it, as for Unirest.)
fn part(eval: &Eval, pair: Node) -> Option<ParsedPart> {
    let name = eval.string(pair.child_by_field_name("key")?, 0)?;
    let value = pair.child_by_field_name("value")?;
    let is_file = value.kind() == "call"
        && value.child_by_field_name("method").is_some_and(|m| text(m, eval.code) == "new")
        && value.child_by_field_name("receiver").is_some_and(|r| {
            let class = compact(text(r, eval.code));
            class.ends_with("FilePart") || class.ends_with("UploadIO")
        });
    if !is_file {
        return Some(ParsedPart { name, value: eval.string(value, 0), ..Default::default() });
    }
    let args = arguments(value);
    let arg = |i: usize| args.get(i).and_then(|a| eval.string(*a, 0));
    let path = arg(0)?;
    let filename = arg(2).or_else(|| Some(path.rsplit('/').next().unwrap_or(&path).to_string()));
    Some(ParsedPart { name, value: None, filename, content_type: arg(1), file: Some(path) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::{self, kinds};

    const ID: &str = "ruby-faraday";

    #[test]
    fn survives_its_own_broken_input() {
        analyze("a = b\nb = a\nconn = Faraday.new(a)\nconn.request :authorization, 'Basic', a\nconn.post(a) { |r| r.body = a }\n");
    }

    /// Faraday 2's basic credentials, the removed `:basic_auth`, a bearer token, a stream
    /// without a file name, a part name given twice, and certificate checks turned off.
    #[test]
    fn reads_other_shapes() {
        let code = "conn = Faraday.new('https://h/', ssl: { verify: false }) do |f|\n  f.request :authorization, :basic, 'u', 'p:w'\nend\n\
            conn.put('x') { |req| req.body = { 'f' => Faraday::FilePart.new('d/a b.png', 'image/png') } }\n";
        let a = analyze(code);
        assert_eq!(kinds(&a), vec![IssueKind::Security]);
        assert_eq!((a.request.method.as_deref(), a.request.url.as_deref()), (Some("PUT"), Some("https://h/x")));
        assert_eq!(a.request.basic, Some(("u".into(), "p:w".into())));
        assert_eq!(a.request.parts, Some(vec![testing::file_part("f", "d/a b.png", "a b.png", "image/png")]));
        let old = analyze(
            "conn = Faraday.new(url: 'https://h') do |f|\n  f.request :basic_auth, 'u', 'p'\nend\nconn.get('/y')\n",
        );
        assert_eq!((kinds(&old), old.issues[0].line), (vec![IssueKind::Deprecated], 2));
        assert_eq!(old.request.url.as_deref(), Some("https://h/y"));
        let twice = analyze("conn.post('/x') do |req|\n  req.body = { 'a' => '1', 'b' => '2', 'a' => '3' }\nend\n");
        let values: Vec<_> = twice.request.parts.unwrap().into_iter().map(|p| (p.name, p.value.unwrap())).collect();
        assert_eq!(values, vec![("a".to_string(), "3".to_string()), ("b".to_string(), "2".to_string())]);
        // A multipart body that repeats a name is built by the sample's lambdas, and read from them.
        let yaml = "id: r\nguide: g\nmethod: POST\nserver: https://h\npath: /u\nbody:\n  multipart:\n    - { name: a, value: '1' }\n    - { name: f, file: p.bin, filename: b.png, content_type: image/png }\n    - { name: a, value: '2' }\n";
        let (_, built) = testing::render(ID, yaml);
        assert!(built.contains("text_part.call('a', '2') +") && !built.contains("FilePart"), "{built}");
        let parts = analyze(&built).request.parts.unwrap();
        assert_eq!(parts[1], testing::file_part("f", "p.bin", "b.png", "image/png"));
        assert_eq!((parts.len(), parts[2].value.as_deref()), (3, Some("2")));
        let bearer = analyze("conn = Faraday.new(url: 'https://h')\nconn.request :authorization, 'Bearer', 't'\n");
        assert_eq!(bearer.request.headers, vec![("Authorization".into(), "Bearer t".into())]);
    }
}
