//! Rule 6: every string literal is escaped for its language. For each target, hostile strings
//! go into a header value, a path segment and a JSON body string; the sample must hold the
//! right literal for each. The header literals are written out by hand; the escapers
//! themselves are checked against hand-written literals in `src/lang/tests.rs`.

use std::path::Path;

use apiglot::endpoint::{Body, Endpoint, NameValue};
use apiglot::lang;
use apiglot::request::{self, Source};
use apiglot::targets::{dart_http, powershell, SampleTarget};
use apiglot::templates::Engine;

use crate::helpers::header_value;

const TRICKY: &str = r#"x"y\z $a #{b} \(c) 'q'"#;

/// Strings with every kind of quote, escape, interpolation, control and invisible character.
const HOSTILE: &[&str] = &[
    TRICKY,
    "tab\there, ${x} %s %d {{x}} </script>",
    "emoji 😀 𝄞, العربية, עברית, é, ü",
    "bidi \u{202E}override\u{202C}, zero\u{200B}width, bom\u{FEFF}, bell\u{7}",
    "'''\"\"\"```\\\\\\",
];

fn endpoint(value: &str) -> Endpoint {
    // The texts are data: braces written so that the endpoint format reads them literally.
    let value = &apiglot::request::literal(value);
    Endpoint {
        id: "hostile".into(),
        guide: "hostile".into(),
        method: "PUT".into(),
        server: "https://{yourDomain}".into(),
        path: format!("/items/{value}"),
        query: vec![],
        // A text with nothing HTTP can carry in a header (e.g. only non-ASCII) sends none.
        headers: [header_value(value)]
            .into_iter()
            .filter(|v| !v.is_empty())
            .map(|value| NameValue { name: "x-note".into(), value })
            .collect(),
        auth: None,
        body: Some(Body {
            content_type: Some("application/json".into()),
            json: Some(serde_json::json!({ "k": value })),
            ..Body::default()
        }),
        cookies: Vec::new(),
        scope: None,
        scopes: Vec::new(),
        limits: Default::default(),
        placeholders: vec![],
        responses: vec![],
        group: None,
        parameters: vec![],
        fields: vec![],
    }
}

fn render(target: &str, value: &str) -> String {
    let engine = Engine::new(&[]).unwrap();
    let src = Source { file: Path::new("hostile.yaml"), text: "" };
    let request = request::resolve(&endpoint(value), "{yourDomain}", &src).unwrap();
    apiglot::render::sample(&engine, SampleTarget::by_id(target).unwrap(), &request).unwrap().code
}

/// The header line each target writes for `x-note: TRICKY`, by hand.
const HEADER_BY_HAND: &[(&str, &str)] = &[
    ("curl", r#"--header 'x-note: x"y\z $a #{b} \(c) '\''q'\''' \"#),
    ("csharp", r#"request.AddHeader("x-note", "x\"y\\z $a #{b} \\(c) 'q'");"#),
    ("csharp-httpclient", r#"request.Headers.Add("x-note", "x\"y\\z $a #{b} \\(c) 'q'");"#),
    ("go", r#"req.Header.Add("x-note", "x\"y\\z $a #{b} \\(c) 'q'")"#),
    ("java", r#".header("x-note", "x\"y\\z $a #{b} \\(c) 'q'")"#),
    ("node", r#"'x-note': 'x"y\\z $a #{b} \\(c) \'q\''"#),
    ("objc", r#"@"x-note": @"x\"y\\z $a #{b} \\(c) 'q'""#),
    ("php", r#""x-note: x\"y\\z \$a #{b} \\(c) 'q'""#),
    ("php-guzzle", r#""x-note" => "x\"y\\z \$a #{b} \\(c) 'q'","#),
    ("python", r#"'x-note': "x\"y\\z $a #{b} \\(c) 'q'""#),
    ("ruby", r#"request["x-note"] = 'x"y\\z $a #{b} \\(c) \'q\''"#),
    ("ruby-faraday", r#"req.headers['x-note'] = 'x"y\\z $a #{b} \\(c) \'q\''"#),
    ("swift", r#""x-note": "x\"y\\z $a #{b} \\(c) 'q'""#),
    ("node-fetch", r#"'x-note': 'x"y\\z $a #{b} \\(c) \'q\''"#),
    ("java-httpclient", r#".header("x-note", "x\"y\\z $a #{b} \\(c) 'q'")"#),
    ("python-requests", r#""x-note": "x\"y\\z $a #{b} \\(c) 'q'","#),
    ("python-httpx", r#""x-note": "x\"y\\z $a #{b} \\(c) 'q'","#),
    ("java-okhttp", r#".addHeader("x-note", "x\"y\\z $a #{b} \\(c) 'q'")"#),
    ("go-resty", r#"SetHeader("x-note", "x\"y\\z $a #{b} \\(c) 'q'")."#),
    ("rust-reqwest", r#".header("x-note", "x\"y\\z $a #{b} \\(c) 'q'")"#),
    ("r-httr", r#"    "x-note" = "x\"y\\z $a #{b} \\(c) 'q'""#),
    ("powershell", r#"'x-note' = 'x"y\z $a #{b} \(c) ''q'''"#),
    ("dart-http", r#"'x-note': 'x"y\\z \$a #{b} \\(c) \'q\'',"#),
    ("javascript-fetch", r#"'x-note': 'x"y\\z $a #{b} \\(c) \'q\''"#),
    ("httpie", r#"  'x-note:x"y\z $a #{b} \(c) '\''q'\''' \"#),
    ("wget", r#"--header 'x-note: x"y\z $a #{b} \(c) '\''q'\''' \"#),
    ("kotlin-okhttp", r#".addHeader("x-note", "x\"y\\z \$a #{b} \\(c) 'q'")"#),
];

#[test]
fn header_literals_by_hand() {
    for (target, line) in HEADER_BY_HAND {
        let code = render(target, TRICKY);
        assert!(code.contains(line), "{target}: expected\n{line}\nin\n{code}");
    }
}

#[test]
fn ruby_and_php_body_literals_by_hand() {
    let ruby = render("ruby", TRICKY);
    assert!(ruby.contains(r#"request.body = "{ \"k\": \"x\\\"y\\\\z $a \#{b} \\\\(c) 'q'\" }""#), "{ruby}");
    let php = render("php", TRICKY);
    assert!(php.contains(r#"CURLOPT_POSTFIELDS => "{ \"k\": \"x\\\"y\\\\z \$a #{b} \\\\(c) 'q'\" }","#), "{php}");
}

/// The literal a target must write for `s`, for every string of the table.
fn header_literal(target: &str, s: &str) -> String {
    match target {
        "curl" | "wget" => lang::shell(&format!("x-note: {s}")),
        // An HTTPie request item: no value here starts with `@` or `=` or has `\` before a separator.
        "httpie" => lang::shell(&format!("x-note:{s}")),
        "csharp" | "csharp-httpclient" => lang::csharp(s),
        "go" | "go-resty" => lang::go(s),
        "java" | "java-httpclient" | "java-okhttp" => lang::java(s),
        "node" | "node-fetch" | "javascript-fetch" => lang::javascript(s, '\''),
        "objc" => lang::objc(s),
        "php" => lang::php(&format!("x-note: {s}")),
        "php-guzzle" => lang::php(s),
        "python" => lang::python(s, '"'),
        "python-requests" | "python-httpx" => lang::python_black(s),
        "ruby" | "ruby-faraday" => lang::ruby_single(s),
        "swift" => lang::swift(s),
        "rust-reqwest" => apiglot::targets::rust_reqwest::literal::rust(s),
        "r-httr" => apiglot::targets::r_httr::literal::r(s),
        "powershell" => powershell::literal::powershell(s),
        "dart-http" => dart_http::literal::dart(s),
        "kotlin-okhttp" => apiglot::targets::kotlin_okhttp::literal::kotlin(s),
        other => unreachable!("{other}"),
    }
}

fn body_literal(target: &str, s: &str) -> String {
    let text = apiglot::json::spaced(&serde_json::json!({ "k": s }));
    match target {
        "curl" | "wget" => lang::shell(&text),
        "httpie" => format!("--raw={}", lang::shell(&text)),
        "csharp" | "csharp-httpclient" => lang::csharp(&text),
        "go" | "go-resty" => lang::go(&text),
        "java" | "java-httpclient" | "java-okhttp" => lang::java(&text),
        "node" | "node-fetch" | "javascript-fetch" => format!("k: {}", lang::javascript(s, '\'')),
        "objc" => format!("@\"k\": {}", lang::objc(s)),
        "php" | "php-guzzle" => lang::php(&text),
        "python" => lang::python(&text, '"'),
        "python-requests" | "python-httpx" => format!("\"k\": {}", lang::python_black(s)),
        "ruby" | "ruby-faraday" => lang::ruby(&text),
        "swift" => format!("\"k\": {}", lang::swift(s)),
        "rust-reqwest" => apiglot::targets::rust_reqwest::literal::rust_raw(&text),
        "r-httr" => apiglot::targets::r_httr::literal::r(&text),
        "powershell" => powershell::literal::powershell_text(&text),
        "dart-http" => dart_http::literal::dart(&text),
        "kotlin-okhttp" => apiglot::targets::kotlin_okhttp::literal::kotlin(&text),
        other => unreachable!("{other}"),
    }
}

#[test]
fn every_target_escapes_header_path_and_body_for_every_hostile_string() {
    for s in HOSTILE {
        let encoded_path = format!("/items/{}", request::encode(s, request::PATH_SAFE));
        for target in SampleTarget::ids() {
            let code = render(target, s);
            if !header_value(s).is_empty() {
                let header = header_literal(target, &header_value(s));
                assert!(code.contains(&header), "{target}: header literal {header} missing in\n{code}");
            }
            let body = body_literal(target, s);
            assert!(code.contains(&body), "{target}: body literal {body} missing in\n{code}");
            assert!(code.contains(&encoded_path), "{target}: path {encoded_path} missing in\n{code}");
            for invisible in ['\u{202E}', '\u{200B}', '\u{FEFF}', '\u{7}'] {
                assert!(!code.contains(invisible), "{target}: raw invisible character {invisible:?} in a sample");
            }
        }
    }
}

#[test]
fn python_sends_a_non_ascii_body_as_utf8_bytes() {
    assert!(render("python", "é").contains(r#"payload = "{ \"k\": \"é\" }".encode("utf-8")"#));
    assert!(render("python", "e").contains(r#"payload = "{ \"k\": \"e\" }""#));
}

/// An endpoint value in a Markdown code span (an error code) cannot close it: the fence is
/// longer than its longest run of backticks, in the plain and mdBook pages alike.
#[test]
fn a_backtick_in_an_error_code_stays_inside_its_code_span() {
    let project = crate::helpers::example_project(None);
    let file = project.path().join("endpoints/delete-organization-members.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    let hostile = yaml.replace("error_code: invalid_body", "error_code: \"x`<script>alert(1)</script>``y\"");
    assert_ne!(hostile, yaml);
    std::fs::write(&file, hostile).unwrap();
    for flavor in ["plain", "mdbook"] {
        let run = crate::helpers::apiglot(project.path(), &["build", "--locale", "en", "--flavor", flavor]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let page = std::fs::read_to_string(project.path().join("out/en/remove-members.md")).unwrap();
        assert!(page.contains("| 400 | ```x`<script>alert(1)</script>``y``` |"), "{flavor}:\n{page}");
    }
}
