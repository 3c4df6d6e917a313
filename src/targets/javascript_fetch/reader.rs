//! Reads a browser `fetch` sample back into its request (tree-sitter-javascript), with the
//! Node fetch reader (`node_fetch::reader`) and its evaluator, plus what a browser does on
//! its own: it drops the headers a page may not set (the Fetch standard's forbidden request
//! headers, and User-Agent as Chromium does), and with `credentials: 'include'` sends the
//! cookies it holds, which the sample names in a `// Cookie: ...` comment (read as the
//! cookie header the server receives).
//!
//! Files the user picks in a file input (`input.files[0]`) are read as the path the comment
//! before their statement quotes (`// The user picks 'path' ...`).

use serde_json::Value;
use tree_sitter::Node;

use crate::parse::{Analysis, ParsedRequest};
use crate::targets::node::reader::{analyze_with, arguments, scalar, Eval};
use crate::targets::node_fetch::reader::fetch_request;

/// Request headers a page cannot set: fetch drops them without a word.
const FORBIDDEN: [&str; 22] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
    // Allowed by the standard since 2015, still dropped by Chromium.
    "user-agent",
];

/// Does the browser drop request header `name`?
pub fn is_forbidden(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    FORBIDDEN.contains(&name.as_str()) || name.starts_with("proxy-") || name.starts_with("sec-")
}

pub fn analyze(code: &str) -> Analysis {
    analyze_with(code, |eval, node| browser_fetch(eval, node, code))
}

fn browser_fetch<'t>(eval: &Eval<'t>, node: Node<'t>, code: &str) -> Option<ParsedRequest> {
    let mut request = fetch_request(eval, node, &["window.fetch", "fetch", "globalThis.fetch", "self.fetch"])?;
    request.headers.retain(|(name, _)| !is_forbidden(name));
    let credentials = match arguments(node).get(1).and_then(|a| eval.value(*a, 0)) {
        Some(Value::Object(init)) => init.get("credentials").map(scalar),
        _ => None,
    };
    if credentials.as_deref() == Some("include") {
        if let Some(cookies) = cookie_comment(code) {
            // What the server receives, as if the sample set it.
            request.headers.push(("cookie".into(), cookies));
        }
    }
    Some(request)
}

/// The cookies a sample says the browser must hold: its `// Cookie: a=1; b=2` comment.
fn cookie_comment(code: &str) -> Option<String> {
    code.lines().find_map(|l| l.trim().strip_prefix("// Cookie:")).map(|v| v.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(n: &str, v: &str) -> (String, String) {
        (n.to_string(), v.to_string())
    }

    #[test]
    fn reads_picked_files_browser_headers_and_cookies() {
        let code = "// The user picks 'd/a.png' here.\nconst file1 = document.querySelectorAll('input[type=file]')[0].files[0];\n\
            const form = new FormData();\nform.append('f', new Blob([file1], { type: 'image/png' }), 'b.png');\n\
            const response = await window.fetch('https://h/u', {\n  method: 'POST',\n  headers: { 'x-a': '1', 'Cookie': 'a=1', 'user-agent': 'x' },\n\
              // Cookie: s=1; t=2\n  credentials: 'include',\n  body: form,\n});\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.headers, vec![pair("x-a", "1"), pair("cookie", "s=1; t=2")]);
        assert_eq!(a.request.parts, Some(vec![crate::parse::testing::file_part("f", "d/a.png", "b.png", "image/png")]));
        // Without credentials, the browser sends no cookie of its own.
        let plain = analyze("// Cookie: s=1\nawait fetch('https://h/x');\n");
        assert_eq!((plain.request.url.as_deref(), plain.request.headers.len()), (Some("https://h/x"), 0));
        let basic = analyze(&format!(
            "await window.fetch('https://h/x', {{ headers: {{ authorization: 'Basic ' + {} }} }});\n",
            super::super::btoa("ü:p w")
        ));
        assert_eq!(basic.request.basic, Some(pair("ü", "p w")));
        assert!(is_forbidden("Sec-Fetch-Mode") && is_forbidden("proxy-authorization") && !is_forbidden("x-a"));
    }
}
