//! Proves samples without running them: every sample of every endpoint parses with its
//! language's tree-sitter grammar (no ERROR or MISSING node) and reads back as exactly the
//! request it was rendered from, also with hostile strings anywhere a request holds text.

use std::path::Path;

use apiglot::parse::{self, IssueKind};
use apiglot::request::Request;
use apiglot::targets::SampleTarget;
use proptest::prelude::*;

use crate::helpers::{header_value, repo};

/// The sample with line numbers and a marker on `line`, for failure messages.
fn numbered(code: &str, line: usize) -> String {
    code.lines()
        .enumerate()
        .map(|(i, l)| format!("{}{:>4} | {l}", if i + 1 == line { ">>" } else { "  " }, i + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Ok when `code` parses cleanly and sends exactly `request`; else a message that shows the
/// sample and what is wrong.
pub fn prove(target: &str, request: &Request, code: &str) -> Result<(), String> {
    let analysis = parse::analyze(target, code).ok_or_else(|| format!("{target}: no parser"))?;
    if let Some(issue) = analysis.issues.first() {
        let kind = if issue.kind == IssueKind::Broken { "does not parse" } else { "has a problem" };
        return Err(format!(
            "{target} sample {kind}: {} (line {})\n{}",
            issue.message,
            issue.line,
            numbered(code, issue.line)
        ));
    }
    let differences = apiglot::check::compare_request(request, &analysis.request, &[]);
    if differences.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = differences
        .iter()
        .map(|(expected, found, why)| format!("  {why}: expected {expected:?}, found {found:?}"))
        .collect();
    Err(format!("{target} sample does not send the endpoint's request:\n{}\n{}", list.join("\n"), numbered(code, 0)))
}

fn prove_project(root: &Path) {
    let project = apiglot::load::project(root).unwrap();
    let (model, engine) = apiglot::prepare(&project, &project.config.locales).unwrap();
    let mut proven = 0;
    for endpoint in &model.endpoints {
        for &target in SampleTarget::BUILTIN {
            let sample = apiglot::render::sample(&engine, target, &endpoint.request).unwrap();
            if let Err(message) = prove(target.id, &endpoint.request, &sample.code) {
                panic!("{}: {message}", endpoint.id);
            }
            proven += 1;
        }
    }
    assert_eq!(proven, model.endpoints.len() * SampleTarget::BUILTIN.len());
}

#[test]
fn every_sample_of_the_example_project_parses_and_sends_its_request() {
    prove_project(&repo());
}

#[test]
fn every_sample_of_every_request_shape_parses_and_sends_its_request() {
    prove_project(&repo().join("tests/cases/shapes"));
}

#[test]
fn every_sample_of_every_request_kind_parses_and_sends_its_request() {
    prove_project(&repo().join("tests/cases/kinds"));
}

#[test]
fn a_wrong_template_fails_the_proof_with_a_clear_message() {
    // The Japanese page's Python bug: the templated host moved into the path.
    let wrong = apiglot::load::TemplateFile {
        name: "samples/python.tera".into(),
        path: "templates/samples/python.tera".into(),
        source: "import http.client\n\nconn = http.client.HTTPSConnection(\"\")\n\nconn.request({{ r.method | py }}, {{ (\"/\" ~ r.host ~ r.path) | py }})\n".into(),
    };
    let engine = apiglot::templates::Engine::new(&[wrong]).unwrap();
    let (request, _) = shape_request("plain", "plain", "plain", "plain");
    let sample = apiglot::render::sample(&engine, SampleTarget::by_id("python").unwrap(), &request).unwrap();
    let message = prove("python", &request, &sample.code).unwrap_err();
    assert!(
        message.contains("the sample connects to an empty host: expected \"{yourDomain}\", found \"\""),
        "{message}"
    );
    assert!(message.contains("the sample requests another path"), "{message}");
    assert!(message.contains("   3 | conn = http.client.HTTPSConnection(\"\")"), "the sample is shown: {message}");

    // And a sample that does not parse shows where.
    let cut = &sample.code[..sample.code.len() - 4];
    let message = prove("python", &request, cut).unwrap_err();
    assert!(message.starts_with("python sample does not parse: syntax error"), "{message}");
    assert!(message.contains(">>   5 | conn.request("), "{message}");
}

#[test]
fn a_templated_host_keeps_its_port_in_every_sample() {
    let (_, mut endpoint) = shape_request("plain", "plain", "plain", "plain");
    endpoint.server = "https://{yourDomain}:8443/v1".into();
    let src = apiglot::request::Source { file: Path::new("port.yaml"), text: "" };
    let request = apiglot::request::resolve(&endpoint, "{yourDomain}", &src).unwrap();
    assert_eq!(request.host, "{yourDomain}:8443");
    let engine = apiglot::templates::Engine::new(&[]).unwrap();
    for &target in SampleTarget::BUILTIN {
        let sample = apiglot::render::sample(&engine, target, &request).unwrap();
        // Any two templated hosts count as the same host when reading back: look for the port.
        assert!(sample.code.contains("{yourDomain}:8443"), "{}: the port is lost:\n{}", target.id, sample.code);
        if let Err(message) = prove(target.id, &request, &sample.code) {
            panic!("{message}");
        }
    }
}

/// A PUT whose header value, query value, path segment and body (string and key) hold the
/// given texts.
pub fn shape_request(header: &str, query: &str, segment: &str, body: &str) -> (Request, apiglot::endpoint::Endpoint) {
    use apiglot::endpoint::{Body, Endpoint, NameValue};
    use apiglot::request::literal;
    // The texts are data: their braces are written so that the endpoint format reads them literally.
    let (header, query, segment, body) = (&literal(header), &literal(query), &literal(segment), &literal(body));
    let endpoint = Endpoint {
        id: "hostile".into(),
        guide: "hostile".into(),
        method: "PUT".into(),
        server: "https://{yourDomain}".into(),
        // Letters around the texts: HTTP has no empty header values and clients merge `//`.
        path: format!("/items/s{segment}s/x"),
        query: vec![
            NameValue { name: "q".into(), value: query.into() },
            NameValue { name: "q".into(), value: "2".into() },
        ],
        headers: vec![NameValue { name: "x-note".into(), value: format!("v{header}") }],
        auth: None,
        body: Some(Body {
            content_type: Some("application/json".into()),
            json: Some(serde_json::json!({ "s": body, body: [body, 1, 2.5, true, null, {"k": body}] })),
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
    };
    let src = apiglot::request::Source { file: Path::new("hostile.yaml"), text: "" };
    (apiglot::request::resolve(&endpoint, "{yourDomain}", &src).unwrap(), endpoint)
}

/// Requests of every other kind holding `text` wherever that kind holds text, made valid
/// for the place only where the endpoint format refuses what no client could send alike: a
/// form (field names and values) with basic credentials (visible ASCII, no `:` in the user);
/// a multipart body (a text field's value with every line break as CRLF; part and file names
/// without quotes, backslashes or control characters); a text body; cookies (RFC 6265
/// octets).
pub fn kind_requests(text: &str) -> Vec<(&'static str, Request)> {
    use apiglot::endpoint::{Auth, BasicAuth, Body, Endpoint, NameValue, Part};
    use apiglot::request::literal;
    let lit = |t: &str| literal(t);
    let ascii: String = text.chars().filter(|c| c.is_ascii_graphic() || *c == ' ').collect();
    let ascii = ascii.trim().to_string();
    let crlf = text.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n");
    let filename: String = text.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '\\')).collect();
    let filename = format!("f{filename}");
    let name: String = filename.chars().filter(|c| c.is_ascii() && *c != '=').collect();
    let cookie: String =
        ascii.chars().filter(|c| c.is_ascii_graphic() && !matches!(c, '"' | ',' | ';' | '\\')).collect();
    let base = Endpoint {
        id: "kind".into(),
        guide: "kind".into(),
        method: "POST".into(),
        server: "https://{yourDomain}".into(),
        path: "/kinds".into(),
        query: vec![],
        headers: vec![],
        auth: None,
        body: None,
        cookies: vec![],
        scope: None,
        scopes: vec![],
        limits: Default::default(),
        placeholders: vec![],
        responses: vec![],
        group: None,
        parameters: vec![],
        fields: vec![],
    };
    let form = Endpoint {
        auth: Some(Auth {
            basic: Some(BasicAuth { user: lit(&format!("u{}", ascii.replace(':', ""))), password: lit(&ascii) }),
            ..Auth::default()
        }),
        body: Some(Body {
            form: Some(vec![
                NameValue { name: lit(text), value: lit(text) },
                NameValue { name: "b".into(), value: lit(&format!("{text}&b={text}")) },
            ]),
            ..Body::default()
        }),
        ..base.clone()
    };
    let multipart = Endpoint {
        body: Some(Body {
            multipart: Some(vec![
                Part { name: lit(&name), value: Some(lit(&crlf)), file: None, filename: None, content_type: None },
                Part {
                    name: "file".into(),
                    value: None,
                    file: Some("upload.bin".into()),
                    filename: Some(lit(&filename)),
                    content_type: Some("application/octet-stream".into()),
                },
            ]),
            ..Body::default()
        }),
        ..base.clone()
    };
    let text_body = Endpoint {
        body: Some(Body {
            content_type: Some("text/plain; charset=utf-8".into()),
            text: Some(lit(&format!("t{text}"))),
            ..Body::default()
        }),
        ..base.clone()
    };
    let cookies = Endpoint {
        method: "GET".into(),
        cookies: vec![
            NameValue { name: "c".into(), value: lit(&cookie) },
            NameValue { name: "d".into(), value: "1".into() },
        ],
        ..base
    };
    let src = apiglot::request::Source { file: Path::new("kind.yaml"), text: "" };
    [("form", form), ("multipart", multipart), ("text", text_body), ("cookies", cookies)]
        .into_iter()
        .map(|(kind, e)| {
            let request = apiglot::request::resolve(&e, "{yourDomain}", &src)
                .unwrap_or_else(|err| panic!("{kind} with {text:?}: {err}"));
            (kind, request)
        })
        .collect()
}

/// Text made of what breaks string literals: quotes of every kind, backslashes, line breaks,
/// tabs, interpolation and format syntax, markup, emoji, right-to-left and non-BMP characters.
pub fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"",
        "'",
        "`",
        "\\",
        "\\\\",
        "\n",
        "\t",
        "\r\n",
        "$x",
        "${x}",
        "#{x}",
        "\\(x)",
        "%s",
        "%d",
        "{{x}}",
        "</script>",
        "😀",
        "𝄞",
        "مرحبا",
        "עברית",
        "é",
        "ß",
        "\u{202E}",
        "\u{200B}",
        "??=",
        "*/",
        "<?php",
        "@\"",
        "a",
        " ",
        "0",
    ]);
    prop::collection::vec(pieces, 0..8).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_strings_still_parse_and_send_the_exact_request(text in hostile()) {
        // Header values are one line of visible ASCII characters and tabs, with no white space
        // at either end: HTTP allows no more, and apiglot refuses the rest.
        let header = header_value(&text);
        let header = header.trim_matches([' ', '\t']).to_string();
        let (request, _) = shape_request(&header, &text, &text, &text);
        let engine = apiglot::templates::Engine::new(&[]).unwrap();
        for &target in SampleTarget::BUILTIN {
            let sample = apiglot::render::sample(&engine, target, &request).unwrap();
            if let Err(message) = prove(target.id, &request, &sample.code) {
                prop_assert!(false, "text {:?}: {}", text, message);
            }
        }
    }

    #[test]
    fn hostile_strings_in_every_request_kind_read_back_exactly(text in hostile()) {
        let engine = apiglot::templates::Engine::new(&[]).unwrap();
        for (kind, request) in kind_requests(&text) {
            for &target in SampleTarget::BUILTIN {
                let sample = apiglot::render::sample(&engine, target, &request).unwrap();
                if let Err(message) = prove(target.id, &request, &sample.code) {
                    prop_assert!(false, "{} with text {:?}: {}", kind, text, message);
                }
            }
        }
    }
}
