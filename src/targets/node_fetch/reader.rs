//! Reads a Node.js `fetch` sample back into its request (tree-sitter-javascript), with the
//! walker and literal evaluation of the axios reader (`node::reader`): `fetch(url, init)` with
//! its method, headers (an object or name and value pairs) and body, and certificate checks
//! turned off.
//!
//! Bodies: a string (`JSON.stringify(value)` included), `URLSearchParams`, `FormData` (files as
//! `Blob`s of `readFile`/`readFileSync` bytes), a file's bytes; basic credentials as the
//! `authorization` header the sample builds (`Buffer.from(...).toString("base64")`, `btoa`).
//!
//! Not read: a `Request` object or `new Headers(...)`; only the first `fetch` call counts.

use serde_json::{Map, Value};
use tree_sitter::Node;

use crate::parse::{text, Analysis, ParsedRequest};
use crate::targets::node::reader::{analyze_with, arguments, marked, pairs_of, scalar, Eval};

/// What fetch labels a string body, a `URLSearchParams` and a `FormData` with when the
/// sample sets no content-type (the Fetch standard's "extract a body").
const TEXT: &str = "text/plain;charset=UTF-8";
const FORM: &str = "application/x-www-form-urlencoded;charset=UTF-8";
const MULTIPART: &str = "multipart/form-data";

pub fn analyze(code: &str) -> Analysis {
    analyze_with(code, fetch_call)
}

/// The request of `fetch(url, init)`.
fn fetch_call<'t>(eval: &Eval<'t>, node: Node<'t>) -> Option<ParsedRequest> {
    fetch_request(eval, node, &["fetch", "globalThis.fetch"])
}

/// The request of a call of the fetch function by one of `names` (`window.fetch` in a
/// browser), with its `init` options; the browser's reader reads them too.
pub(crate) fn fetch_request<'t>(eval: &Eval<'t>, node: Node<'t>, names: &[&str]) -> Option<ParsedRequest> {
    let func = node.child_by_field_name("function")?;
    if !names.contains(&text(func, eval.code)) {
        return None;
    }
    let args = arguments(node);
    let url = args.first().and_then(|a| eval.value(*a, 0)).map(|v| scalar(&v));
    let init = match args.get(1).and_then(|a| eval.value(*a, 0)) {
        Some(Value::Object(init)) => init,
        _ => Map::new(),
    };
    let method = init.get("method").map(scalar).unwrap_or_else(|| "GET".into());
    // fetch upper-cases the standard methods only: `patch` goes out as written.
    let normalized = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]
        .into_iter()
        .find(|m| m.eq_ignore_ascii_case(&method))
        .map_or(method, str::to_string);
    let mut request = ParsedRequest { method: Some(normalized), url, ..Default::default() };
    request.headers = match init.get("headers") {
        Some(Value::Object(headers)) => headers.iter().map(|(k, v)| (k.clone(), scalar(v))).collect(),
        Some(Value::Array(pairs)) => pairs_of(pairs),
        _ => Vec::new(),
    };
    request.basic = request.basic_in_header();
    let implicit = match init.get("body") {
        None | Some(Value::Null) => None,
        Some(body) => match marked(body) {
            Some(("form", Value::Array(pairs))) => {
                request.form = Some(pairs_of(pairs));
                Some(FORM.to_string())
            }
            Some(("multipart", name)) => {
                let parts = name.as_str().and_then(|n| eval.multiparts.get(n)).cloned().unwrap_or_default();
                request.parts = Some(parts);
                Some(MULTIPART.to_string())
            }
            Some(("file", path)) => {
                request.file = Some(scalar(path));
                None
            }
            Some(("blob", Value::Object(blob))) => {
                request.file = blob.get("file").map(scalar);
                blob.get("type").map(scalar).filter(|t| !t.is_empty())
            }
            Some(_) => None,
            // An object or array goes out as `String(value)`, `[object Object]`: JSON needs
            // JSON.stringify.
            None => {
                request.body = Some(match body {
                    Value::Object(_) => "[object Object]".to_string(),
                    Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
                    other => scalar(other),
                });
                Some(TEXT.to_string())
            }
        },
    };
    if let Some(content_type) = implicit {
        request.body_defaults_to(&content_type);
    }
    Some(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing::{self, kinds};
    use crate::parse::{IssueKind, ParsedPart};

    #[test]
    fn reads_fetch_calls_forms_files_and_credentials() {
        let code = "import { readFile } from \"node:fs/promises\";\nconst form = new URLSearchParams([[\"a\", \"x&y\"], [\"a\", \"\"]]);\n\
            const response = await fetch(\"https://h/t?q=1\", {\n  method: \"patch\",\n  headers: {\n    \"x-a\": \"1\",\n    \
            \"authorization\": \"Basic \" + Buffer.from(\"u\" + \":\" + \"p:w\").toString(\"base64\"),\n  },\n  body: form,\n});\n\
            console.log(await response.text());\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.method.as_deref(), Some("patch"));
        assert_eq!(a.request.url.as_deref(), Some("https://h/t?q=1"));
        let pair = |n: &str, v: &str| (n.to_string(), v.to_string());
        assert_eq!(a.request.headers, vec![pair("x-a", "1"), pair("authorization", "Basic dTpwOnc=")]);
        assert_eq!(a.request.form, Some(vec![pair("a", "x&y"), pair("a", "")]));
        assert_eq!(a.request.implicit_headers, vec![pair("content-type", FORM)]);

        let code = "const fd = new FormData();\nfd.append(\"f\", new Blob([await readFile(\"d.png\")], { type: \"image/png\" }), \"a.png\");\n\
            fd.append(\"t\", \"v\");\nawait fetch(\"https://h/u\", { method: \"POST\", body: fd, headers: [[\"k\", btoa(\"\u{e9}\")]] });\n";
        let a = analyze(code);
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.request.headers, vec![pair("k", "6Q==")]);
        assert_eq!(
            a.request.parts,
            Some(vec![
                testing::file_part("f", "d.png", "a.png", "image/png"),
                ParsedPart { name: "t".into(), value: Some("v".into()), ..Default::default() },
            ])
        );
        let binary = analyze("await fetch(\"https://h/b\", { method: \"put\", body: await readFile(\"x.bin\") });");
        assert_eq!((binary.request.method.as_deref(), binary.request.file.as_deref()), (Some("PUT"), Some("x.bin")));
        let json = analyze("const r = await fetch(\"https://h/j\", { method: \"POST\", body: JSON.stringify({ a: [1, \"\\u00e9\"] }) });");
        assert_eq!(json.request.body.as_deref(), Some(r#"{"a":[1,"é"]}"#));
        assert_eq!(json.request.implicit_headers, vec![pair("content-type", TEXT)]);
        let get = analyze("fetch('https://h/g').then((r) => r.text());");
        assert_eq!((get.request.method.as_deref(), get.request.has_body()), (Some("GET"), false));
    }

    #[test]
    fn reports_certificate_checks_turned_off() {
        let code = "import { Agent } from \"undici\";\nconst dispatcher = new Agent({\n  connect: { rejectUnauthorized: false },\n});\n\
            await fetch(\"https://h/x\", { dispatcher });\n";
        let a = analyze(code);
        assert_eq!(kinds(&a), vec![IssueKind::Security]);
        assert_eq!(a.issues[0].line, 3);
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("fetch(a, {body: b, headers: c}); a = b; b = a; fetch(`x${y}`, {...z});");
    }
}
