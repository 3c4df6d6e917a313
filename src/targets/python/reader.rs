//! Reads a Python http.client sample back into its request (tree-sitter-python), decoding
//! Python string literals, and reports certificate checks turned off. A body is read as a
//! string, a form (`urllib.parse.urlencode`), a file (`open(path).read()`) or apiglot's
//! multipart shape (`text_part` and `file_part` calls); `base64.b64encode` of a literal is
//! computed, so an `authorization: Basic` header built from `user:password` reads as such.
//!
//! Literals, variables and certificate checks are read by `parse::python`.

use tree_sitter::Node;

use crate::parse::python::{arguments, callee, named, turns_checks_off, Eval, INSECURE};
use crate::parse::{
    descendants, line, parse, syntax_issues, text, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest,
};

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::python(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut eval = Eval::new(code);
    let mut request = ParsedRequest::default();
    // Scheme and `host[:port]` of the first `HTTP(S)Connection`.
    let mut origin: Option<(&str, String)> = None;
    let mut path = None;
    for node in descendants(tree.root_node()) {
        eval.bind(node);
        if turns_checks_off(node, code) {
            issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() });
        }
        if node.kind() != "call" {
            continue;
        }
        let Some(function) = node.child_by_field_name("function") else { continue };
        let name = text(function.child_by_field_name("attribute").unwrap_or(function), code);
        let (positional, keywords) = arguments(node, code);
        let arg =
            |index: usize, keyword: &str| keywords.get(keyword).copied().or_else(|| positional.get(index).copied());
        match name {
            "HTTPSConnection" | "HTTPConnection" if origin.is_none() => {
                let host = arg(0, "host").and_then(|h| eval.string(h, 0)).unwrap_or_default();
                let port = arg(1, "port").and_then(|p| eval.string(p, 0)).map(|p| format!(":{p}")).unwrap_or_default();
                origin = Some((if name == "HTTPSConnection" { "https" } else { "http" }, host + &port));
            }
            "request" if function.kind() == "attribute" && request.method.is_none() => {
                request.method = arg(0, "method").and_then(|m| eval.string(m, 0)).map(|m| m.to_uppercase());
                path = arg(1, "url").and_then(|u| eval.string(u, 0));
                if let Some(body) = arg(2, "body") {
                    read_body(&eval, body, &mut request);
                }
                let headers = arg(3, "headers").and_then(|h| eval.resolve(h, 0)).filter(|h| h.kind() == "dictionary");
                for pair in headers.map(named).unwrap_or_default() {
                    let key = pair.child_by_field_name("key").and_then(|k| eval.string(k, 0));
                    if let (Some(name), Some(value)) =
                        (key, pair.child_by_field_name("value").and_then(|v| eval.string(v, 0)))
                    {
                        request.headers.push((name, value));
                    }
                }
            }
            _ => {}
        }
    }
    request.url = match (path, origin) {
        (Some(path), Some((scheme, host))) if !path.starts_with("http://") && !path.starts_with("https://") => {
            Some(format!("{scheme}://{host}{path}"))
        }
        (path, _) => path,
    };
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// Reads the body given to `request()`: `urllib.parse.urlencode(pairs or dict)` (a form);
/// `file.read()` of a `with open(path) as file` or `open(path).read()` (a file's bytes); an
/// expression of `text_part(name, value)` and `file_part(name, path, filename, content_type)`
/// calls, apiglot's multipart shape (the parts in order); else a string.
fn read_body<'a>(eval: &Eval<'a>, node: Node<'a>, request: &mut ParsedRequest) {
    let Some(node) = eval.resolve(node, 0) else { return };
    let code = eval.code;
    match callee(node, code) {
        Some("urlencode") => {
            let first = node.child_by_field_name("arguments").and_then(|a| named(a).into_iter().next());
            request.form = first.and_then(|a| eval.pairs(a));
            return;
        }
        Some("read") => {
            if let Some(path) = eval.file(node) {
                request.file = Some(path);
                return;
            }
        }
        _ => {}
    }
    let parts: Vec<ParsedPart> = descendants(node)
        .into_iter()
        .filter(|n| n.kind() == "call")
        .filter_map(|call| {
            let args = call.child_by_field_name("arguments").map(named).unwrap_or_default();
            let arg = |i: usize| args.get(i).and_then(|a| eval.string(*a, 0));
            match callee(call, code)? {
                "text_part" => Some(ParsedPart { name: arg(0)?, value: arg(1), ..ParsedPart::default() }),
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
        .collect();
    if parts.is_empty() {
        request.body = eval.string(node, 0);
    } else {
        request.parts = Some(parts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::{self, kinds};

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn reads_published_samples() {
        let body = r#"{ "members": [ "USER_ID", "USER_ID", "USER_ID" ] }"#;
        let (auth, cache) = (pair("authorization", "Bearer MGMT_API_ACCESS_TOKEN"), pair("cache-control", "no-cache"));
        let ja = analyze(&testing::published("ja-remove-members.txt", "python"));
        assert_eq!(ja.request.method.as_deref(), Some("DELETE"));
        // The page gives an empty host and puts the domain in the path.
        assert_eq!(ja.request.url.as_deref(), Some("https:///{yourDomain}/api/v2/organizations/ORG_ID/members"));
        assert_eq!(ja.request.headers, vec![auth.clone(), cache.clone()]);
        assert!(ja.request.implicit_headers.is_empty());
        assert_eq!(ja.request.body.as_deref(), Some(body));
        assert!(ja.issues.is_empty(), "{:?}", ja.issues);

        let fr = analyze(&testing::published("fr-assign-members.txt", "python"));
        assert_eq!(fr.request.method.as_deref(), Some("POST"));
        assert_eq!(fr.request.url.as_deref(), Some("https://your_auth0_domain/api/v2/organizations/ORG_ID/members"));
        assert_eq!(fr.request.headers, vec![pair("content-type", "application/json"), auth, cache]);
        assert!(fr.request.implicit_headers.is_empty());
        assert_eq!(fr.request.body.as_deref(), Some(body));
        assert!(fr.issues.is_empty(), "{:?}", fr.issues);
    }

    #[test]
    fn decodes_literals_and_other_shapes() {
        let code = "import ssl\nfrom http.client import HTTPConnection\nctx = ssl._create_unverified_context()\n\
            conn = HTTPConnection(host='h', port=8080, context=ctx)\nbase = r'/a\\n' \"/\\x41\\u00e9\\U0001F600\\101\\q\"\n\
            h = {\"x-a\": '''it's''', 'x-b': 'c' + \"d\"}\nconn.request(url=base, method='patch', headers=h, body=b'\\xc3\\xa9\\x41')\n\
            ctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\nok = mode == ssl.CERT_NONE\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("http://h:8080/a\\n/Aé😀A\\q"));
        assert_eq!(a.request.headers, vec![pair("x-a", "it's"), pair("x-b", "cd")]);
        assert_eq!(a.request.body.as_deref(), Some("éA"));
        assert_eq!(kinds(&a), vec![IssueKind::Security; 3]);
        assert_eq!(a.issues.iter().map(|i| i.line).collect::<Vec<_>>(), vec![3, 8, 9]);
    }

    #[test]
    fn reads_forms_files_and_credentials() {
        let code = "import base64\nconn = http.client.HTTPSConnection(\"h\")\n\
            body = urllib.parse.urlencode({\"a\": \"1\", \"b\": \"x y\"})\n\
            conn.request(\"POST\", \"/x\", body, {\"authorization\": \"Basic \" + base64.b64encode(b\"u:p\").decode()})\n";
        let a = analyze(code);
        assert_eq!(a.request.form, Some(vec![pair("a", "1"), pair("b", "x y")]));
        assert_eq!(a.request.headers, vec![pair("authorization", "Basic dTpw")]);
        let pairs = analyze("c.request('POST', '/', urlencode([('a', '1'), ('a', '2')]))");
        assert_eq!(pairs.request.form, Some(vec![pair("a", "1"), pair("a", "2")]));
        let file = analyze("conn.request(\"PUT\", \"/y\", open(\"f.bin\", \"rb\").read())\n");
        assert_eq!((file.request.file.as_deref(), file.request.body), (Some("f.bin"), None));
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("a = b\nb = a\nc.request(a, b, 'x', a)\n");
        analyze(r#"c.request(a, b, '\U0011ffff\x4\N{DASH}', b'\777\', f"{x}\"", """\"#);
    }
}
