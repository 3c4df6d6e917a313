//! Reads a PHP Guzzle sample back into its request (tree-sitter-php), with the PHP string,
//! array and body evaluation of the ext-curl reader.
//!
//! Read as Guzzle sends it: `$client->request($method, $url, $options)` or a shortcut
//! (`$client->post($url, $options)`); the options `headers`, `auth` (basic credentials),
//! `form_params` (a form, labelled by Guzzle), `multipart` (parts of `name`, `contents`, a
//! string or `fopen($path)`, `filename` and `headers`), `body` (a string, a form built from
//! pairs, or a file's stream); `verify => false` turns certificate checks off.
//!
//! Not read: `json` and `query` options, a client's `base_uri`, `new Request(...)` objects.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest, FORM,
};
use crate::targets::php::reader::{named, with_open_tag, Eval};

const INSECURE: &str =
    "The sample turns certificate checks off (`verify => false`), so anyone on the network could read or change the request.";
const VERBS: [&str; 7] = ["get", "post", "put", "patch", "delete", "head", "options"];

pub fn analyze(code: &str) -> Analysis {
    let (source, shift) = with_open_tag(code);
    let code = source.as_str();
    let tree = parse(crate::grammars::php(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval { code, vars: HashMap::new() };
    let mut request = ParsedRequest::default();
    for node in descendants(tree.root_node()) {
        match node.kind() {
            "assignment_expression" => {
                let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                else {
                    continue;
                };
                if left.kind() == "variable_name" {
                    eval.vars.insert(text(left, code).to_string(), right);
                }
            }
            "object_creation_expression"
                if named(node).first().is_some_and(|c| text(*c, code).trim_start_matches('\\').ends_with("Client")) =>
            {
                // The client's defaults: only certificate checks matter here.
                let defaults = eval.arguments(node).first().and_then(|o| eval.array(*o));
                for (key, value) in defaults.map(|d| eval.entries(d)).unwrap_or_default() {
                    if key == "verify" && turns_off(&eval, value) {
                        issues.push(Issue { kind: IssueKind::Security, line: line(value), message: INSECURE.into() })
                    }
                }
            }
            "member_call_expression" => {
                let Some(name) = node.child_by_field_name("name") else { continue };
                let name = text(name, code).to_ascii_lowercase();
                let name = name.strip_suffix("async").unwrap_or(&name);
                let args = eval.arguments(node);
                let (method, rest) = match name {
                    "request" => (args.first().and_then(|a| eval.string(*a, 0)), args.get(1..)),
                    verb if VERBS.contains(&verb) => (Some(verb.to_string()), Some(&args[..])),
                    _ => continue,
                };
                let Some(rest) = rest else { continue };
                request.method = method.map(|m| m.to_uppercase());
                request.url = rest.first().and_then(|a| eval.string(*a, 0));
                if let Some(options) = rest.get(1).and_then(|o| eval.array(*o)) {
                    read_options(&eval, options, &mut request, &mut issues);
                }
            }
            _ => {}
        }
    }
    for issue in &mut issues {
        issue.line = issue.line.saturating_sub(shift).max(1);
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// The request options Guzzle sends a request with.
fn read_options<'a>(eval: &Eval<'a>, options: Node<'a>, request: &mut ParsedRequest, issues: &mut Vec<Issue>) {
    for (key, value) in eval.entries(options) {
        match key.as_str() {
            "headers" => {
                for (name, value) in eval.array(value).map(|a| eval.entries(a)).unwrap_or_default() {
                    if let Some(value) = eval.string(value, 0) {
                        request.headers.push((name, value));
                    }
                }
            }
            "auth" => {
                let items = eval.array(value).map(|a| eval.entries(a)).unwrap_or_default();
                let item = |i: usize| items.get(i).and_then(|(_, v)| eval.string(*v, 0));
                let basic = items.get(2).is_none_or(|(_, t)| eval.string(*t, 0).as_deref() == Some("basic"));
                if let (Some(user), Some(password), true) = (item(0), item(1), basic) {
                    request.basic = Some((user, password));
                }
            }
            "form_params" => {
                let fields = eval.array(value).map(|a| eval.entries(a)).unwrap_or_default();
                request.form =
                    Some(fields.into_iter().map(|(name, v)| (name, eval.string(v, 0).unwrap_or_default())).collect());
            }
            "multipart" => {
                let parts = eval.array(value).map(named).unwrap_or_default();
                request.parts =
                    Some(parts.into_iter().filter_map(|p| named(p).last().and_then(|v| part(eval, *v))).collect());
            }
            "body" => match stream_path(eval, value) {
                Some(path) => request.file = Some(path),
                None => eval.body(value, request),
            },
            "verify" if turns_off(eval, value) => {
                issues.push(Issue { kind: IssueKind::Security, line: line(value), message: INSECURE.into() })
            }
            _ => {}
        }
    }
    if request.form.is_some() {
        request.body_defaults_to(FORM);
    } else if request.parts.is_some() {
        request.body_defaults_to("multipart/form-data");
    }
}

/// Is a `verify` option false?
fn turns_off(eval: &Eval, value: Node) -> bool {
    matches!(text(value, eval.code).to_ascii_lowercase().as_str(), "false" | "0")
}

/// The path of `fopen($path, ...)`, `Utils::tryFopen($path, ...)` or `Utils::streamFor(...)` of one.
fn stream_path<'a>(eval: &Eval<'a>, node: Node<'a>) -> Option<String> {
    let node = eval.resolve(node, 0)?;
    let function = match node.kind() {
        "function_call_expression" => eval.function(node),
        "scoped_call_expression" => text(node.child_by_field_name("name")?, eval.code),
        _ => return None,
    };
    let first = *eval.arguments(node).first()?;
    match function {
        "fopen" | "tryFopen" => eval.string(first, 0),
        "streamFor" => stream_path(eval, first),
        _ => None,
    }
}

/// A multipart part: `name`, `contents` (text, or a file's stream), `filename`, and a
/// `Content-Type` (and a `Content-Disposition`) in `headers`. Guzzle sends the file name's
/// last segment, or the stream path's.
fn part<'a>(eval: &Eval<'a>, node: Node<'a>) -> Option<ParsedPart> {
    let entries = eval.entries(eval.array(node)?);
    let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
    let name = eval.string(get("name")?, 0)?;
    let contents = get("contents")?;
    let Some(path) = stream_path(eval, contents) else {
        return Some(ParsedPart { name, value: eval.string(contents, 0), ..Default::default() });
    };
    let headers = get("headers").and_then(|h| eval.array(h)).map(|h| eval.entries(h)).unwrap_or_default();
    let header =
        |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| eval.string(*v, 0));
    // Guzzle sends a Content-Disposition given in the headers as it is, else `basename` of
    // the file name (or of the stream's path).
    let given = header("content-disposition").and_then(|d| {
        let (_, rest) = d.split_once("filename=\"")?;
        rest.strip_suffix('"').map(str::to_string)
    });
    let basename = |f: String| f.rsplit('/').next().unwrap_or(&f).to_string();
    let filename =
        given.or_else(|| Some(basename(get("filename").and_then(|f| eval.string(f, 0)).unwrap_or(path.clone()))));
    Some(ParsedPart { name, value: None, file: Some(path), filename, content_type: header("content-type") })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::{self, kinds};

    const ID: &str = "php-guzzle";

    #[test]
    fn survives_its_own_broken_input() {
        analyze(
            "$a = $b; $b = $a; $client->request($a, $b, $a); $client->post($a, ['body' => $b, 'multipart' => [$a]]);",
        );
    }

    /// Shortcuts, streams through Utils, a stream without a file name, and verify turned off.
    #[test]
    fn reads_other_shapes() {
        let code = "$client = new GuzzleHttp\\Client(['verify' => false]);\n\
            $options = ['verify' => false, 'auth' => ['u', 'p:w'], 'body' => GuzzleHttp\\Psr7\\Utils::streamFor(fopen('a.bin', 'r'))];\n\
            $response = $client->put('https://h/x', $options);\n";
        let a = analyze(code);
        assert_eq!(kinds(&a), vec![IssueKind::Security, IssueKind::Security]);
        assert_eq!(a.issues.iter().map(|i| i.line).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!((a.request.method.as_deref(), a.request.url.as_deref()), (Some("PUT"), Some("https://h/x")));
        assert_eq!(a.request.basic, Some(("u".into(), "p:w".into())));
        assert_eq!(a.request.file.as_deref(), Some("a.bin"));
        let parts = analyze("$client->postAsync('https://h/y', ['multipart' => [['name' => 'f', 'contents' => Utils::tryFopen('d/a b.png', 'r')]]]);");
        assert_eq!(
            parts.request.parts,
            Some(vec![ParsedPart {
                name: "f".into(),
                file: Some("d/a b.png".into()),
                filename: Some("a b.png".into()),
                ..Default::default()
            }])
        );
        assert_eq!(parts.request.implicit_headers, vec![("content-type".into(), "multipart/form-data".into())]);
        // Guzzle sends the file name's last segment, unless the part gives its own disposition.
        let named = analyze("$client->post('https://h/y', ['multipart' => [['name' => 'f', 'contents' => fopen('p', 'r'), 'filename' => 'd/x.png']]]);");
        assert_eq!(named.request.parts.unwrap()[0].filename.as_deref(), Some("x.png"));
        let (_, slashed) = testing::render(ID, &testing::HOSTILE_KINDS[2].replace("x.png", "d/x.png"));
        assert!(slashed.contains("'Content-Disposition' =>"), "{slashed}");
        let part = analyze(&slashed).request.parts.unwrap().into_iter().find(|p| p.file.is_some()).unwrap();
        assert!(part.filename.is_some_and(|f| f.ends_with(";name=d/x.png")), "{slashed}");
    }
}
