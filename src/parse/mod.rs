//! Parses a published code sample back into the HTTP request it sends, with a real parser
//! (tree-sitter) for each of the ten target languages, and finds what would break it:
//! syntax errors, certificate checks turned off, deprecated APIs, Swift calls without `try`.
//!
//! Each target's reader (`src/targets/<id>/reader.rs`) exposes `analyze(code) -> Analysis`.
//! They share the helpers here:
//! `syntax_issues` for ERROR and MISSING nodes, `text` and `line` for nodes; `foundation` for
//! the Foundation readers, `python` for the Python ones.

use serde::Serialize;
use tree_sitter::{Language, Node, Parser, Tree};

pub mod foundation;
pub mod literal;
pub mod multipart;
pub mod python;
pub mod shell;

/// The request a sample sends, as far as the sample shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ParsedRequest {
    /// Upper-case method, e.g. `DELETE`.
    pub method: Option<String>,
    /// The full URL the client requests, e.g. `https://{yourDomain}/api/v2/x?a=1`: for
    /// Python, `https://` + the `HTTPSConnection` host + the request path.
    pub url: Option<String>,
    /// Headers the sample sets, in order, names as written.
    pub headers: Vec<(String, String)>,
    /// Headers the client library adds by itself when the sample does not set them:
    /// axios sends `content-type: application/json` for an object body; curl `--data` and
    /// NSURLSession send `application/x-www-form-urlencoded`.
    pub implicit_headers: Vec<(String, String)>,
    /// The body as the sample gives it: the decoded string literal, or for a native value
    /// (axios object, NSDictionary, Swift dictionary) that value as compact JSON. A form
    /// given as one string (`--data 'a=1&b=2'`) is here too, and compared field by field.
    pub body: Option<String>,
    /// Form fields the sample gives one by one (`--data-urlencode`, `url.Values`,
    /// `URLSearchParams`, `http_build_query`), decoded, in order.
    pub form: Option<Vec<(String, String)>>,
    /// Multipart parts the sample builds (`--form`, `mime/multipart`, `FormData`, `CURLFile`).
    pub parts: Option<Vec<ParsedPart>>,
    /// The path of the file the sample sends as the whole body (`--data-binary @path`).
    pub file: Option<String>,
    /// Basic credentials the sample gives its client (`--user`, `SetBasicAuth`, `basic_auth`),
    /// or that its own `authorization: Basic ...` header carries, decoded.
    pub basic: Option<(String, String)>,
    /// The client sends every file part before the other fields, whatever order the sample
    /// adds them in (RestSharp 107 and later), so `parts` lists them so.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub files_first: bool,
}

/// One multipart part as a sample builds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ParsedPart {
    pub name: String,
    /// A text field's value.
    pub value: Option<String>,
    /// A file part: the path the sample reads.
    pub file: Option<String>,
    /// The file name the sample gives.
    pub filename: Option<String>,
    /// The content type the sample gives the file.
    pub content_type: Option<String>,
}

/// The content type curl, PHP's ext-curl, Net::HTTP, NSURLSession and URLSession send for a
/// body when the sample sets none.
pub const FORM: &str = "application/x-www-form-urlencoded";

impl ParsedRequest {
    /// Does the sample set header `name` (in any case)?
    pub fn sets_header(&self, name: &str) -> bool {
        self.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// Does the sample send a body of any kind?
    pub fn has_body(&self) -> bool {
        self.body.is_some() || self.form.is_some() || self.parts.is_some() || self.file.is_some()
    }

    /// The credentials of an `authorization: Basic ...` header the sample builds itself.
    pub fn basic_in_header(&self) -> Option<(String, String)> {
        let (_, value) = self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("authorization"))?;
        crate::check::compare::basic_of_header(value)
    }

    /// Records that the client sends `content_type` for a body whose sample sets none.
    pub fn body_defaults_to(&mut self, content_type: &str) {
        if self.has_body() && !self.sets_header("content-type") {
            self.implicit_headers.push(("content-type".into(), content_type.into()));
        }
    }
}

/// Why a sample would not run as intended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueKind {
    /// Would not compile or run: a syntax error, a throwing call without `try`, a cut sample.
    Broken,
    /// Certificate checks off, or a credential-looking value.
    Security,
    /// Uses a deprecated API.
    Deprecated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub kind: IssueKind,
    /// 1-based line in the sample.
    pub line: usize,
    /// One sentence a docs writer understands.
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Analysis {
    pub request: ParsedRequest,
    pub issues: Vec<Issue>,
}

/// Analyzes a sample of `target` (a `SampleTarget` id).
pub fn analyze(target: &str, code: &str) -> Option<Analysis> {
    crate::targets::SampleTarget::by_id(target).map(|t| (t.analyze)(code))
}

/// Is `issue` a syntax error (an ERROR or MISSING node), as `syntax_issues` reports it?
pub fn is_syntax_error(issue: &Issue) -> bool {
    issue.kind == IssueKind::Broken && issue.message.starts_with("syntax error")
}

/// Bounds `read_around_errors`: a sample whose errors need more lines blanked than this says
/// nothing reliable about its request.
const MAX_BLANKED_ROUNDS: usize = 16;

/// What a sample with syntax errors sends, read from its lines outside the errors only: the
/// lines where the errors are are blanked (kept as empty lines, so line numbers hold) and the
/// rest read again, until it parses. A field the blanked lines held is `None` (or a header is
/// absent): unknown, not absent. `None` when the rest never parses, or for a target without
/// a reader.
pub fn read_around_errors(target: &str, code: &str) -> Option<ParsedRequest> {
    let mut lines: Vec<&str> = code.lines().collect();
    for _ in 0..MAX_BLANKED_ROUNDS {
        let text = lines.join("\n") + "\n";
        let analysis = analyze(target, &text)?;
        let errors: Vec<usize> = analysis.issues.iter().filter(|i| is_syntax_error(i)).map(|i| i.line).collect();
        if errors.is_empty() {
            return Some(analysis.request);
        }
        let mut blanked = false;
        for line in errors {
            if let Some(l) = lines.get_mut(line.saturating_sub(1)).filter(|l| !l.trim().is_empty()) {
                *l = "";
                blanked = true;
            }
        }
        if !blanked {
            return None;
        }
    }
    None
}

/// Parses `code`; tree-sitter always returns a tree for text input.
pub fn parse(language: Language, code: &str) -> Tree {
    let mut parser = Parser::new();
    parser.set_language(&language).expect("grammar ABI matches the tree-sitter crate");
    parser.parse(code, None).expect("a parser with a language and no timeout always returns a tree")
}

/// The source text of `node`.
pub fn text<'a>(node: Node, code: &'a str) -> &'a str {
    &code[node.byte_range()]
}

/// 1-based line of `node`.
pub fn line(node: Node) -> usize {
    node.start_position().row + 1
}

/// One `Broken` issue per ERROR or MISSING node (the outermost ones only).
pub fn syntax_issues(tree: &Tree, code: &str) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.is_error() {
            let snippet: String = text(node, code).chars().take(40).collect();
            issues.push(Issue {
                kind: IssueKind::Broken,
                line: line(node),
                message: format!("syntax error at `{}`", snippet.trim()),
            });
        } else if node.is_missing() {
            issues.push(Issue {
                kind: IssueKind::Broken,
                line: line(node),
                message: format!("syntax error: `{}` is missing", node.kind()),
            });
        } else if node.has_error() {
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
    }
    issues.sort_by_key(|i| i.line);
    issues
}

/// Does a callback body (a lambda, closure, block or anonymous method, or a function's body)
/// do nothing but return true, whatever the language? Its parameters and comments are
/// skipped; a body that computes anything else is not "accept everything".
pub fn returns_only_true(node: Node, code: &str) -> bool {
    if node.named_child_count() == 0 {
        return matches!(text(node, code).trim(), "true" | "YES" | "return true" | "return YES");
    }
    let mut cursor = node.walk();
    let parts: Vec<Node> = node
        .named_children(&mut cursor)
        .filter(|c| {
            let k = c.kind();
            !k.contains("comment")
                && !k.contains("parameter")
                && !matches!(
                    k,
                    "identifier" | "simple_identifier" | "modifiers" | "type_identifier" | "predefined_type"
                )
        })
        .collect();
    match parts.as_slice() {
        [only] => returns_only_true(*only, code),
        _ => false,
    }
}

/// Every node of the tree, depth first, in source order.
pub fn descendants(root: Node) -> Vec<Node> {
    let mut out = Vec::new();
    let mut cursor = root.walk();
    let mut done = false;
    while !done {
        out.push(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                done = true;
                break;
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod testing {
    //! Round-trip helpers for the language modules' tests.
    use crate::endpoint::Endpoint;
    use crate::request::{self, Request, Source};

    /// Renders `target`'s sample for the endpoint in `yaml` with the built-in templates.
    pub fn render(target: &str, yaml: &str) -> (Request, String) {
        let endpoint: Endpoint = serde_yaml_ng::from_str(yaml).expect("test endpoint parses");
        let src = Source { file: std::path::Path::new("test.yaml"), text: yaml };
        let request = request::resolve(&endpoint, "{yourDomain}", &src).expect("test endpoint resolves");
        let engine = crate::templates::Engine::new(&[]).expect("built-in templates load");
        let target = crate::targets::SampleTarget::by_id(target).expect("known target");
        let sample = crate::render::sample(&engine, target, &request).expect("renders");
        (request, sample.code)
    }

    /// The kinds of an analysis's issues, in order.
    pub fn kinds(analysis: &super::Analysis) -> Vec<super::IssueKind> {
        analysis.issues.iter().map(|i| i.kind).collect()
    }

    /// What every reader must survive: its own sample cut in the middle (reported broken), every
    /// prefix of a sample full of hostile strings, nothing, and noise; no panic, whatever the input.
    pub fn survives_broken_input(target: &str, analyze: impl Fn(&str) -> super::Analysis) {
        let (_, code) = render(target, ASSIGN_MEMBERS);
        let cut = &code[..code.find("Bearer").expect("token in sample") + 3];
        assert!(
            analyze(cut).issues.iter().any(|i| i.kind == super::IssueKind::Broken),
            "{target}: a cut sample is broken"
        );
        let (_, hostile) = render(target, HOSTILE);
        for (at, _) in hostile.char_indices() {
            analyze(&hostile[..at]);
        }
        assert_eq!(analyze(""), super::Analysis::default());
        let noise: String = (0u32..2000).filter_map(|i| char::from_u32((i * 7919) % 0x3000)).collect();
        analyze(&noise);
    }

    /// The example project's POST with a JSON body, a bearer token and a custom header.
    pub const ASSIGN_MEMBERS: &str = include_str!("../../endpoints/create-organization-members.yaml");

    /// A GET with repeated query keys, no body, no headers.
    pub const LIST_LOGS: &str = r#"
id: list-logs
guide: g
method: GET
server: https://{yourDomain}
path: /api/v2/logs
query:
  - { name: q, value: "a b" }
  - { name: q, value: "2" }
"#;

    /// Hostile strings in a header (ASCII: apiglot refuses the rest), the path and a nested body.
    pub const HOSTILE: &str = r#"
id: hostile
guide: g
method: PUT
server: https://{yourDomain}
path: /items/x y
headers:
  - { name: x-note, value: "q\"s'b\\ $x ${{x} #{{x} \\(x) %s {{{{x}}" }
body:
  json: {"k\"ey": ["q\"s'b\\ $x ${{x} #{{x} \\(x) %s {{{{x}}\n\té 😀 \u202e", 1, 2.5, true, null, {}, []]}
"#;

    /// The sample of `target` on a published page of `tests/published/` (`ja-remove-members.txt`
    /// or `fr-assign-members.txt`): samples come in the order of `SampleTarget::BUILTIN`,
    /// separated by "Was this helpful?" lines, each but the first opened by a "/" line.
    pub fn published(page: &str, target: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/published").join(page);
        let text = std::fs::read_to_string(path).expect("published page");
        let index = crate::targets::SampleTarget::ids().iter().position(|t| *t == target).expect("known target");
        let chunk = text.split("\nWas this helpful?\n").nth(index).expect("ten samples");
        let chunk = if index == 0 {
            &chunk[chunk.find("\ncurl ").expect("curl comes first") + 1..]
        } else {
            chunk.trim_start_matches('\n').strip_prefix("/\n").expect("a / line opens each sample")
        };
        format!("{}\n", chunk.trim_end())
    }

    /// A sample whose body lost its backslash escapes is read on its other lines: its empty
    /// host and its headers are there, its body is unknown. A sample that is all error reads
    /// as nothing, and one that parses reads as `analyze` does.
    #[test]
    fn a_broken_sample_is_read_around_its_errors() {
        let code = published("ja-remove-members.txt", "python").replace("\\\"", "\"");
        assert!(super::analyze("python", &code).unwrap().issues.iter().any(super::is_syntax_error));
        let read = super::read_around_errors("python", &code).expect("the rest parses");
        assert_eq!(read.method.as_deref(), Some("DELETE"));
        assert_eq!(read.url.as_deref(), Some("https:///{yourDomain}/api/v2/organizations/ORG_ID/members"));
        assert_eq!(read.headers.len(), 2);
        assert_eq!(read.body, None);
        let php = published("fr-assign-members.txt", "php").replace("\\\"", "\"");
        let read = super::read_around_errors("php", &php).unwrap_or_default();
        assert_eq!((read.url, read.body), (None, None), "the error spans the options array");
        let (_, clean) = render("curl", ASSIGN_MEMBERS);
        assert_eq!(super::read_around_errors("curl", &clean), Some(super::analyze("curl", &clean).unwrap().request));
        assert_eq!(super::read_around_errors("cobol", &clean), None);
    }

    /// Every target reads back, from apiglot's own sample, exactly the request it was rendered
    /// from, and finds nothing wrong with it.
    #[test]
    fn every_target_reads_back_the_request_it_was_rendered_from() {
        for target in crate::targets::SampleTarget::ids() {
            for yaml in [ASSIGN_MEMBERS, LIST_LOGS, HOSTILE] {
                let (request, code) = render(target, yaml);
                let analysis = super::analyze(target, &code).expect("a known target");
                assert!(analysis.issues.is_empty(), "{target}: {:?}\n{code}", analysis.issues);
                let mut want = expected(&request);
                let mut got = analysis.request;
                if matches!(target, "curl" | "php") {
                    // Their templates list headers sorted by name, as the reference pages do.
                    want.headers.sort();
                }
                if matches!(
                    target,
                    "node" | "node-fetch" | "javascript-fetch" | "objc" | "swift" | "python-requests" | "python-httpx"
                ) {
                    // They send a native value, which their library serializes: same JSON, other layout.
                    let parsed = |b: &Option<String>| {
                        b.as_deref().map(|t| serde_json::from_str::<serde_json::Value>(t).expect("JSON body"))
                    };
                    assert_eq!(parsed(&got.body), request.body.as_ref().map(|b| b.json.clone()), "{target}\n{code}");
                    got.body.clone_from(&want.body);
                }
                // A long JSON body may be written across lines: that layout, exactly, is read back.
                if let Some(lines) = request.body.as_ref().map(|b| &b.lines).filter(|l| !l.is_empty()) {
                    if got.body.as_ref() == Some(lines) {
                        got.body.clone_from(&want.body);
                    }
                }
                assert_eq!(got, want, "{target}\n{code}");
            }
        }
    }

    /// The request apiglot rendered, as `ParsedRequest` should find it in its own sample.
    pub fn expected(request: &Request) -> super::ParsedRequest {
        super::ParsedRequest {
            method: Some(request.method.clone()),
            url: Some(request.url.clone()),
            headers: request.headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect(),
            implicit_headers: vec![],
            body: request.body.as_ref().map(|b| b.text.clone()),
            ..Default::default()
        }
    }

    /// Endpoints of every request kind with hostile strings wherever the kind holds text: a
    /// form with basic credentials, a form that repeats a name after another, multipart, text
    /// and binary bodies.
    pub(crate) const HOSTILE_KINDS: [&str; 5] = [
        r#"
id: hostile-form
guide: g
method: POST
server: https://{yourDomain}
path: /token
auth:
  basic: { user: "u\"s'r $x ${{x} #{{x} `b` %s", password: "p:w\\d #{{x} \\(x) &=+;" }
body:
  form:
    - { name: "n\"a'me\\ &=+%;#", value: "v\"a'l\\ $x ${{x} #{{x} \\(x) %s {{{{x}}\n\r\n\té 😀 \u202e &=+;%20" }
    - { name: "é 😀 `x`", value: "" }
    - { name: "é 😀 `x`", value: "+" }
"#,
        r##"
id: hostile-form-regrouped
guide: g
method: POST
server: https://{yourDomain}
path: /token
body:
  form:
    - { name: "a\"b", value: "1 \\ $x" }
    - { name: "c", value: "é\n" }
    - { name: "a\"b", value: "#{{x}" }
"##,
        r#"
id: hostile-multipart
guide: g
method: POST
server: https://{yourDomain}
path: /upload
body:
  multipart:
    - { name: "n'a me $x ${{x} #{{x} %s ;", value: "v\"a'l\\ $x #{{x} \\(x) %s\r\n\té 😀 \u202e ;=" }
    - { name: "f`ile", file: "{DATA_FILE}", filename: "a`b 'c' $x ${{x} #{{x} %s é 😀 \u202e ;name=x.png", content_type: image/png }
    - { name: "empty", value: "" }
placeholders:
  - { name: DATA_FILE, description: d }
"#,
        r#"
id: hostile-text
guide: g
method: PUT
server: https://{yourDomain}
path: /doc
body:
  content_type: text/plain; charset=utf-8
  text: "q\"s'b\\ $x ${{x} #{{x} \\(x) %s {{{{x}} `raw`\n\r\n\té 😀 \u202e"
"#,
        r#"
id: hostile-binary
guide: g
method: PUT
server: https://{yourDomain}
path: /blob
body:
  content_type: application/octet-stream
  binary: "up loads/é 'x' \"q\" $y ${{x} #{{x} `b` %s.bin"
"#,
    ];

    /// `target`'s own sample of each of [`HOSTILE_KINDS`] reads back as exactly its request.
    pub(crate) fn reads_back_hostile_kinds(target: &str, analyze: impl Fn(&str) -> super::Analysis) {
        for yaml in HOSTILE_KINDS {
            let (request, code) = render(target, yaml);
            let analysis = analyze(&code);
            assert!(analysis.issues.is_empty(), "{target}: {:?}\n{code}", analysis.issues);
            let differences = crate::check::compare::compare_request(&request, &analysis.request, &[]);
            assert!(differences.is_empty(), "{target}: {differences:#?}\n{:#?}\n{code}", analysis.request);
            let body = request.body.as_ref().expect("each has a body");
            let got = &analysis.request;
            match body.format {
                "form" => {
                    let fields: Vec<(String, String)> =
                        body.fields.iter().map(|f| (f.name.clone(), f.value.clone())).collect();
                    let read = got.form.clone().or_else(|| got.body.as_deref().map(crate::check::compare::form_fields));
                    assert_eq!(read, Some(fields), "{target}\n{code}");
                    let basic = request.basic.as_ref().map(|b| (b.user.clone(), b.password.clone()));
                    // Given to the client, or in the `Basic` header the sample builds itself.
                    assert_eq!(got.basic.clone().or_else(|| got.basic_in_header()), basic, "{target}\n{code}");
                }
                "multipart" => {
                    let mut parts = crate::check::compare::parts_as_read(&body.parts);
                    if got.files_first {
                        parts.sort_by_key(|p| p.file.is_none());
                    }
                    assert_eq!(got.parts.as_deref(), Some(parts.as_slice()), "{target}\n{code}")
                }
                "binary" => assert_eq!(got.file.as_deref(), Some(body.file.as_str()), "{target}\n{code}"),
                _ => assert_eq!(got.body.as_deref(), Some(body.text.as_str()), "{target}\n{code}"),
            }
        }
    }

    /// Every prefix of `target`'s samples of [`HOSTILE_KINDS`] is read without a panic.
    pub(crate) fn survives_cut_kinds(target: &str, analyze: impl Fn(&str) -> super::Analysis) {
        for yaml in HOSTILE_KINDS {
            let (_, code) = render(target, yaml);
            for (at, _) in code.char_indices() {
                analyze(&code[..at]);
            }
        }
    }

    /// A file part as a reader gives it.
    pub(crate) fn file_part(name: &str, path: &str, filename: &str, content_type: &str) -> super::ParsedPart {
        super::ParsedPart {
            name: name.into(),
            file: Some(path.into()),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            value: None,
        }
    }

    /// `target`'s sample of the kinds form (`oauth-token.yaml`) with its set of unreserved
    /// characters (the line starting `set_line`) replaced by `wrong_set`, which leaves `&`, `=`
    /// or `+` bare: the reader gives the text it sends, and `check` sees other fields.
    pub(crate) fn a_form_encoded_with(
        target: &str,
        analyze: impl Fn(&str) -> super::Analysis,
        set_line: &str,
        wrong_set: &str,
    ) {
        let yaml = request_kinds().into_iter().find(|(f, _)| f == "oauth-token.yaml").expect("kind").1;
        let (request, code) = render(target, &yaml);
        let names = ["CLIENT_ID".to_string(), "CLIENT_SECRET".to_string(), "EXTRA_SCOPE".to_string()];
        let set = code.lines().find(|l| l.starts_with(set_line)).expect("the set");
        let read = analyze(&code.replace(set, wrong_set)).request;
        assert_eq!(read.form, None);
        let sent = "grant_type=client_credentials&audience=https://api.example.com/v2/?a=1&b=2\
                    &scope=read:users%20write:users&note=100%25%20+%20%C3%BCn%C3%AFcode%20=%20ok&scope=EXTRA_SCOPE";
        assert_eq!(read.body.as_deref(), Some(sent));
        let differences = crate::check::compare::compare_request(&request, &read, &names);
        assert_eq!(
            differences.iter().map(|d| d.2.as_str()).collect::<Vec<_>>(),
            ["the sample sends other form fields"]
        );
    }

    /// What breaks literals, plus what form and multipart encoding must escape.
    const HOSTILE_PIECES: &[&str] = &[
        "\"",
        "'",
        "`",
        "\\",
        "\n",
        "\t",
        "\r\n",
        "$x",
        "${x}",
        "#{x}",
        "\\(x)",
        "%s",
        "%41",
        "{{x}}",
        "</script>",
        "😀",
        "מרחב",
        "é",
        "ü",
        "\u{202E}",
        "\u{200B}",
        "<?php",
        "@\"",
        "@",
        "<",
        "&",
        "=",
        "+",
        ";",
        ",",
        "~",
        "*",
        "a",
        " ",
        "0",
    ];

    /// Renders `target`'s samples of a form (hostile names and values, a repeated and an empty
    /// name) with basic auth, a multipart body (hostile text values, part names, file names
    /// and paths, as far as the format takes them) and a text body, and reads each back: no
    /// issue, no difference. Part names leave out `=`, which curl's `--form` cannot send.
    pub(crate) fn hostile_kinds_read_back(target: &str, analyze: impl Fn(&str) -> super::Analysis) {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let text = || prop::collection::vec(prop::sample::select(HOSTILE_PIECES), 0..8).prop_map(|p| p.concat());
        let mut runner = TestRunner::new(Config { cases: 48, failure_persistence: None, ..Config::default() });
        let result = runner.run(&(text(), text(), text(), text()), |(a, b, c, d)| {
            let literal = |t: &str| crate::request::literal(t);
            let crlf = |t: &str| literal(&t.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n"));
            let plain = |t: &str, extra: &[char]| {
                let kept: String = t.chars().filter(|c| !c.is_control() && !"\"\\".contains(*c) && !extra.contains(c)).collect();
                literal(&format!("n{kept}"))
            };
            // Part names are ASCII without `=` (the format refuses the rest).
            let part_name = |t: &str| plain(&t.chars().filter(char::is_ascii).collect::<String>(), &['=']);
            let ascii = |t: &str, extra: &[char]| {
                let kept: String = t.chars().filter(|c| (c.is_ascii_graphic() || *c == ' ') && !extra.contains(c)).collect();
                literal(&format!("u{kept}"))
            };
            let endpoint = |body: serde_json::Value, auth: serde_json::Value| {
                let mut e = serde_json::json!({
                    "id": "hostile-kinds", "guide": "g", "method": "POST", "server": "https://{yourDomain}",
                    "path": "/x", "body": body,
                });
                if !auth.is_null() {
                    e["auth"] = auth;
                }
                serde_yaml_ng::to_string(&e).unwrap()
            };
            let form = endpoint(
                serde_json::json!({ "form": [
                    { "name": literal(&a), "value": literal(&b) },
                    { "name": "n", "value": literal(&c) },
                    { "name": literal(&a), "value": literal(&d) },
                    { "name": "", "value": literal(&b) },
                ]}),
                serde_json::json!({ "basic": { "user": ascii(&a, &[':']), "password": ascii(&b, &[]) } }),
            );
            let multipart = endpoint(
                serde_json::json!({ "multipart": [
                    { "name": part_name(&a), "value": crlf(&b) },
                    { "name": part_name(&c), "file": plain(&d, &[]).replace('n', "p"), "filename": plain(&b, &[]),
                      "content_type": "text/plain; charset=utf-8" },
                    { "name": "f", "file": literal(&format!("{}\"\\", d.replace(|c: char| c.is_control(), ""))),
                      "filename": plain(&a, &[]), "content_type": "application/octet-stream" },
                ]}),
                serde_json::Value::Null,
            );
            let text = endpoint(
                serde_json::json!({ "text": literal(&format!("t{a}{b}")), "content_type": "text/plain; charset=utf-8" }),
                serde_json::Value::Null,
            );
            for yaml in [form, multipart, text] {
                let (request, code) = render(target, &yaml);
                let analysis = analyze(&code);
                let differences = crate::check::compare::compare_request(&request, &analysis.request, &[]);
                prop_assert!(
                    analysis.issues.is_empty() && differences.is_empty(),
                    "{target}: issues {:?}, differences {differences:#?}\n{code}",
                    analysis.issues
                );
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }

    /// Reads `target`'s sample of the endpoint in `yaml` back exactly, nothing left to
    /// placeholder matching: method, URL, every header the server gets (basic credentials as
    /// their header; a multipart type, whose boundary the sample picks, by its media type),
    /// and the form fields, parts, text, file or JSON.
    pub(crate) fn reads_back_exactly(target: &str, analyze: fn(&str) -> super::Analysis, yaml: &str) {
        let (request, code) = render(target, yaml);
        let got = analyze(&code);
        assert_eq!(got.issues, vec![], "{code}");
        let read = got.request;
        assert_eq!(read.method.as_deref(), Some(request.method.as_str()), "{code}");
        assert_eq!(read.url.as_deref(), Some(request.url.as_str()), "{code}");
        let mut want: Vec<(String, String)> = request.sent_headers().into_iter().map(|h| (h.name, h.value)).collect();
        let mut headers: Vec<(String, String)> =
            read.headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v.clone())).collect();
        let body = request.body.as_ref();
        if body.is_some_and(|b| b.format == "multipart") {
            let at = headers.iter().position(|(n, _)| n == "content-type").expect("a multipart content-type");
            let (_, value) = headers.remove(at);
            assert!(value.starts_with("multipart/form-data; boundary="), "{value}\n{code}");
        }
        want.sort();
        headers.sort();
        assert_eq!(headers, want, "{code}");
        let fields =
            |b: &crate::request::RequestBody| b.fields.iter().map(|f| (f.name.clone(), f.value.clone())).collect();
        match body {
            None => assert!(!read.has_body(), "{code}"),
            Some(b) if b.format == "json" => {
                let value: Option<serde_json::Value> = read.body.as_deref().and_then(|t| serde_json::from_str(t).ok());
                assert_eq!(value.as_ref(), Some(&b.json), "{code}");
            }
            Some(b) => {
                let expected = super::ParsedRequest {
                    body: (b.format == "text").then(|| b.text.clone()),
                    form: (b.format == "form").then(|| fields(b)),
                    parts: (b.format == "multipart").then(|| crate::check::compare::parts_as_read(&b.parts)),
                    file: (b.format == "binary").then(|| b.file.clone()),
                    ..Default::default()
                };
                assert_eq!(
                    (read.body, read.form, read.parts, read.file),
                    (expected.body, expected.form, expected.parts, expected.file),
                    "{code}"
                );
            }
        }
    }

    /// Endpoints with hostile strings (quotes, backslashes, line breaks, `$`, `#{`, `\(`, `%@`,
    /// `%`, `??=`, non-ASCII, bidi controls) in every new position: form names and values with
    /// basic credentials, multipart text values and file names, a text body, a file path; and
    /// basic credentials with a JSON body, an API key in a cookie.
    pub(crate) fn hostile_kinds() -> Vec<String> {
        let hostile = "q\"s'b\\ $x ${{x} #{{x} \\(x) %s %@ %% %1$@ ?? ??= {{{{x}}\r\n\t\n é 😀 \u{202e}&=+;#";
        let crlf = "q\"s'b\\ $x #{{x} \\(x) %@ %% ??= é 😀 &=+;\r\nline two\r\n";
        let filename = "é 😀 $x %@ %% ??= #{{x} (x) a+b&c=d;.txt";
        let path = "dir/q\"s'b\\ $x %@ ??= é.bin";
        let endpoint = |body: serde_json::Value, auth: serde_json::Value| {
            let mut e = serde_json::json!({
                "id": "hostile-kinds", "guide": "g", "method": "POST",
                "server": "https://{yourDomain}", "path": "/x",
            });
            if !body.is_null() {
                e["body"] = body;
            }
            if !auth.is_null() {
                e["auth"] = auth;
            }
            serde_yaml_ng::to_string(&e).expect("YAML")
        };
        vec![
            endpoint(
                serde_json::json!({ "form": [
                    { "name": hostile, "value": hostile },
                    { "name": "plain", "value": "" },
                    { "name": hostile, "value": "again" },
                ] }),
                serde_json::json!({ "basic": { "user": "u\"s'$x%@%%??=\\(x)#{{x}", "password": "p:w \"\\%@??/" } }),
            ),
            endpoint(
                serde_json::json!({ "multipart": [
                    { "name": "n'$x %@ ??", "value": crlf },
                    { "name": "file", "file": path, "filename": filename, "content_type": "text/plain" },
                ] }),
                serde_json::Value::Null,
            ),
            endpoint(
                serde_json::json!({ "content_type": "text/plain; charset=utf-8", "text": hostile }),
                serde_json::Value::Null,
            ),
            endpoint(
                serde_json::json!({ "content_type": "application/octet-stream", "binary": path }),
                serde_json::Value::Null,
            ),
            endpoint(
                serde_json::json!({ "json": { "k\"ey": [hostile, 1, true, null] } }),
                serde_json::json!({ "basic": { "user": "u", "password": "p" } }),
            ),
            endpoint(
                serde_json::Value::Null,
                serde_json::json!({ "api_key": { "name": "k", "in": "cookie", "value": "v%@" } }),
            ),
        ]
    }

    /// The checks every reader must pass, run for every registered target: its own samples of
    /// the hostile endpoints of every kind read back exactly (fixed and random), and no cut
    /// or broken sample makes it panic or hang.
    #[test]
    fn every_reader_passes_the_shared_checks() {
        for target in crate::targets::SampleTarget::BUILTIN {
            reads_back_hostile_kinds(target.id, target.analyze);
            hostile_kinds_read_back(target.id, target.analyze);
            survives_cut_kinds(target.id, target.analyze);
            survives_broken_input(target.id, target.analyze);
        }
    }

    /// The endpoints of `tests/cases/kinds`: every body kind and way to authenticate.
    pub fn request_kinds() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/kinds/endpoints");
        let mut files: Vec<_> = std::fs::read_dir(dir).expect("kinds endpoints").map(|e| e.unwrap().path()).collect();
        files.sort();
        files
            .into_iter()
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
            .collect()
    }

    /// Every target reads back, from apiglot's own sample of each request kind (form, multipart,
    /// text, binary; basic auth, API keys, cookies), a request `check` finds no difference in,
    /// and finds nothing wrong with the sample.
    #[test]
    fn every_target_reads_back_every_request_kind() {
        let mut failures = Vec::new();
        for target in crate::targets::SampleTarget::ids() {
            for (file, yaml) in request_kinds() {
                let (request, code) = render(target, &yaml);
                let analysis = super::analyze(target, &code).expect("a known target");
                let endpoint: Endpoint = serde_yaml_ng::from_str(&yaml).unwrap();
                let names: Vec<String> = endpoint.placeholders.iter().map(|p| p.name.clone()).collect();
                let differences = crate::check::compare::compare_request(&request, &analysis.request, &names);
                if !analysis.issues.is_empty() || !differences.is_empty() {
                    failures.push(format!(
                        "{target} {file}: issues {:?}\ndifferences {differences:#?}\nread {:#?}\n{code}",
                        analysis.issues, analysis.request
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
}
