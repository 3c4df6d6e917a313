//! `apiglot check`: the two published pages report exactly the defects the issue lists; page
//! variants (HTML, MDX, reordered, truncated, lost escapes, over HTTP, garbage) are read; and
//! every page apiglot renders checks clean (the round trip).

use std::collections::BTreeSet;
use std::path::Path;

use apiglot::check::{Checker, Class, Finding, Overrides, PageReport};

use crate::helpers::{apiglot, repo};

fn checker(root: &Path) -> Checker {
    Checker::new(&apiglot::load::project(root).unwrap()).unwrap()
}

fn check_file(checker: &Checker, path: &Path) -> PageReport {
    let content = std::fs::read_to_string(path).unwrap();
    checker.check(&path.display().to_string(), &content, &Overrides::default())
}

/// (class, target) of the findings of the failing and deprecated classes.
fn serious(report: &PageReport) -> BTreeSet<(Class, Option<String>)> {
    report
        .findings
        .iter()
        .filter(|f| matches!(f.class, Class::Semantic | Class::Security | Class::Broken | Class::Deprecated))
        .map(|f| (f.class, f.target.clone()))
        .collect()
}

fn with<'a>(report: &'a PageReport, class: Class, target: &str) -> Vec<&'a Finding> {
    report.findings.iter().filter(|f| f.class == class && f.target.as_deref() == Some(target)).collect()
}

#[test]
fn the_japanese_page_reports_exactly_its_defects() {
    let report = check_file(&checker(&repo()), &repo().join("tests/published/ja-remove-members.txt"));
    assert_eq!(report.endpoint.as_deref(), Some("delete-organization-members"));
    assert_eq!(report.locale.as_deref(), Some("ja"));

    let python = with(&report, Class::Semantic, "python");
    assert!(python.iter().any(|f| f.explanation.contains("empty host") && f.expected == "{yourDomain}"), "{python:#?}");
    assert!(python.iter().any(|f| f.found == "/{yourDomain}/api/v2/organizations/ORG_ID/members"), "{python:#?}");

    // The JSON content type is missing wherever the client does not add it itself.
    for target in ["curl", "csharp", "go", "java", "objc", "php", "python", "ruby", "swift"] {
        let content_type = with(&report, Class::Semantic, target)
            .into_iter()
            .filter(|f| f.expected == "content-type: application/json")
            .count();
        assert_eq!(content_type, 1, "{target}: {:#?}", report.findings);
    }
    assert!(with(&report, Class::Semantic, "node").is_empty(), "axios sets the JSON content type itself");
    assert!(with(&report, Class::Semantic, "csharp")[0].found.contains("undefined"));
    assert!(with(&report, Class::Semantic, "curl")[0].found.contains("application/x-www-form-urlencoded"));

    let expected: BTreeSet<(Class, Option<String>)> =
        [(Class::Security, "ruby"), (Class::Broken, "swift"), (Class::Deprecated, "go")]
            .into_iter()
            .map(|(c, t)| (c, Some(t.to_string())))
            .chain(
                ["curl", "csharp", "go", "java", "objc", "php", "python", "ruby", "swift"]
                    .map(|t| (Class::Semantic, Some(t.to_string()))),
            )
            .collect();
    let deprecated_api =
        [(Class::Deprecated, Some("csharp".to_string())), (Class::Deprecated, Some("php".to_string()))];
    let found: BTreeSet<_> = serious(&report).into_iter().filter(|f| !deprecated_api.contains(f)).collect();
    assert_eq!(found, expected, "{:#?}", report.findings);
    assert!(report
        .findings
        .iter()
        .any(|f| f.class == Class::Prose && f.found == "Mangement API" && f.expected == "Management API"));
}

#[test]
fn the_french_page_reports_exactly_its_defects() {
    let report = check_file(&checker(&repo()), &repo().join("tests/published/fr-assign-members.txt"));
    assert_eq!(report.endpoint.as_deref(), Some("create-organization-members"));
    assert_eq!(report.locale.as_deref(), Some("fr"));
    let expected: BTreeSet<(Class, Option<String>)> =
        [(Class::Security, "ruby"), (Class::Broken, "swift"), (Class::Deprecated, "go")]
            .into_iter()
            .map(|(c, t)| (c, Some(t.to_string())))
            .collect();
    let deprecated_api =
        [(Class::Deprecated, Some("csharp".to_string())), (Class::Deprecated, Some("php".to_string()))];
    let found: BTreeSet<_> = serious(&report).into_iter().filter(|f| !deprecated_api.contains(f)).collect();
    assert_eq!(found, expected, "{:#?}", report.findings);
    let prose: Vec<&str> =
        report.findings.iter().filter(|f| f.class == Class::Prose).map(|f| f.found.as_str()).collect();
    assert!(prose.iter().any(|p| p.contains("AAjouter des utilisateurs")), "{prose:#?}");
    assert!(prose.iter().any(|p| p.contains("l’organization")), "{prose:#?}");
    assert!(!report.findings.iter().any(|f| f.class == Class::Missing), "{:#?}", report.findings);
}

#[test]
fn variants_of_the_pages_are_read_in_every_format() {
    let checker = checker(&repo());
    let cases = repo().join("tests/cases/check");

    let html = check_file(&checker, &cases.join("html/ja/remove-members.html"));
    assert_eq!((html.endpoint.as_deref(), html.locale.as_deref()), (Some("delete-organization-members"), Some("ja")));
    assert!(!html.findings.iter().any(|f| f.class == Class::Missing), "{:#?}", html.findings);
    assert_eq!(serious(&html), serious(&check_file(&checker, &repo().join("tests/published/ja-remove-members.txt"))));

    let mdx = check_file(&checker, &cases.join("mdx/fr/assign-members.mdx"));
    assert_eq!((mdx.endpoint.as_deref(), mdx.locale.as_deref()), (Some("create-organization-members"), Some("fr")));
    let cli: Vec<_> = mdx.findings.iter().filter(|f| f.class == Class::Extra).collect();
    assert_eq!(cli.len(), 1, "the vendor CLI tab is reported as unknown: {cli:#?}");
    assert_eq!(cli[0].found, "Auth0 CLI");
    let fr = check_file(&checker, &repo().join("tests/published/fr-assign-members.txt"));
    assert_eq!(serious(&mdx), serious(&fr));
    assert!(!mdx.findings.iter().any(|f| f.class == Class::Missing), "{:#?}", mdx.findings);

    let reordered = check_file(&checker, &cases.join("reordered/fr-assign-members.txt"));
    assert_eq!(serious(&reordered), serious(&fr));

    let truncated = check_file(&checker, &cases.join("truncated/ja-remove-members.txt"));
    assert!(!with(&truncated, Class::Broken, "python").is_empty(), "{:#?}", truncated.findings);
    assert!(with(&truncated, Class::Semantic, "python").is_empty(), "a cut sample is only broken");
    assert!(with(&truncated, Class::Broken, "python").iter().any(|f| f.explanation.contains("cut off")));
    let failing: Vec<_> = truncated.findings.iter().filter(|f| Class::DEFAULT_FAIL_ON.contains(&f.class)).collect();
    let expected_failing: Vec<_> = check_file(&checker, &repo().join("tests/published/ja-remove-members.txt"))
        .findings
        .into_iter()
        .filter(|f| {
            Class::DEFAULT_FAIL_ON.contains(&f.class)
                && !matches!(f.target.as_deref(), Some("python" | "ruby" | "swift"))
        })
        .map(|f| (f.class, f.target, f.line))
        .collect();
    let others: Vec<_> = failing
        .iter()
        .filter(|f| f.target.as_deref() != Some("python"))
        .map(|f| (f.class, f.target.clone(), f.line))
        .collect();
    assert_eq!(others, expected_failing, "what is there is checked as on the whole page, and nothing else fails");

    let lost = check_file(&checker, &cases.join("lost-escapes/fr-assign-members.txt"));
    for target in ["csharp", "go", "java", "php", "python", "ruby"] {
        assert!(
            !with(&lost, Class::Broken, target).is_empty(),
            "{target}: a body whose escapes were lost does not parse"
        );
    }
}

#[test]
fn flags_and_the_config_mapping_override_what_the_content_says() {
    let page = repo().join("tests/published/ja-remove-members.txt");
    let content = std::fs::read_to_string(&page).unwrap();
    let overrides = Overrides { locale: Some("fr".into()), endpoint: Some("create-organization-members".into()) };
    let report = checker(&repo()).check("page.txt", &content, &overrides);
    assert_eq!(
        (report.endpoint.as_deref(), report.locale.as_deref()),
        (Some("create-organization-members"), Some("fr"))
    );
    assert!(
        report.findings.iter().any(|f| f.class == Class::Semantic && f.expected == "POST"),
        "the method now differs"
    );

    let project = crate::helpers::example_project(None);
    let config = project.path().join("apiglot.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[check.pages]\n\"docs/page.txt\" = { locale = \"en\" }\n");
    std::fs::write(&config, text).unwrap();
    let report = checker(project.path()).check("site/docs/page.txt", &content, &Overrides::default());
    assert_eq!(report.locale.as_deref(), Some("en"));
}

#[test]
fn every_page_apiglot_renders_checks_clean() {
    let checker = checker(&repo());
    let mut guides: Vec<String> = std::fs::read_dir(repo().join("out/en"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.strip_suffix(".md").map(str::to_string))
        .filter(|name| name != "SUMMARY")
        .collect();
    guides.sort();
    assert_eq!(guides.len(), 6, "every guide of the example: {guides:?}");
    for locale in ["en", "ja", "fr"] {
        for guide in &guides {
            let report = check_file(&checker, &repo().join(format!("out/{locale}/{guide}.md")));
            assert_eq!(report.locale.as_deref(), Some(locale));
            assert!(report.findings.is_empty(), "{locale}/{guide}: {:#?}", report.findings);
            let html = check_file(&checker, &repo().join(format!("out/{locale}/{guide}.html")));
            assert!(html.findings.is_empty(), "{locale}/{guide}.html: {:#?}", html.findings);
        }
    }
}

/// The example built with every client apiglot has, two of a language included, checks clean
/// against itself: each sample is told apart from its language's other clients by content.
#[test]
fn the_example_with_every_client_checks_clean() {
    let project = crate::helpers::example_project(None);
    let root = project.path();
    let ids: Vec<String> = apiglot::targets::SampleTarget::ids().iter().map(|id| format!("{id:?}")).collect();
    let config = std::fs::read_to_string(root.join("apiglot.toml")).unwrap();
    let targets = config.lines().find(|l| l.starts_with("targets = ")).expect("the example names its targets");
    let config = config.replace(targets, &format!("targets = [{}]", ids.join(", ")));
    std::fs::write(root.join("apiglot.toml"), config).unwrap();
    let build = apiglot(root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let check = apiglot(root, &["check", "out/"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains(", 0 finding(s)"), "{}", check.stdout);
}

/// Every body kind and way to authenticate (tests/cases/kinds) reads back exactly from
/// apiglot's own pages, Markdown and HTML, a guide of several endpoints included.
#[test]
fn every_request_kind_round_trips_through_check() {
    let root = repo().join("tests/cases/kinds");
    let out = tempfile::tempdir().unwrap();
    assert_eq!(apiglot(&root, &["build", "--out", out.path().to_str().unwrap()]).code, 0);
    let checker = checker(&root);
    let mut pages = 0;
    for entry in std::fs::read_dir(out.path().join("en")).unwrap() {
        let path = entry.unwrap().path();
        // The index and the sidebar's script are no guide pages.
        if path.file_stem().is_some_and(|s| s == "index") || path.extension().is_some_and(|e| e == "js") {
            continue;
        }
        let report = check_file(&checker, &path);
        assert!(report.findings.is_empty(), "{}: {:#?}", path.display(), report.findings);
        pages += 1;
    }
    assert_eq!(pages, 8, "four guides, Markdown and HTML");
}

#[test]
fn every_request_shape_round_trips_through_its_samples() {
    let root = repo().join("tests/cases/shapes");
    let out = tempfile::tempdir().unwrap();
    assert_eq!(apiglot(&root, &["build", "--locale", "en", "--out", out.path().to_str().unwrap()]).code, 0);
    let checker = checker(&root);
    for guide in ["shapes", "shapes-bodies"] {
        let page = out.path().join(format!("en/{guide}.md"));
        let content = std::fs::read_to_string(&page).unwrap();
        // A guide with several endpoints is checked endpoint by endpoint: split at each curl sample.
        for (i, part) in content.split("```bash\n").skip(1).enumerate() {
            let part = format!("```bash\n{part}");
            let report = checker.check(
                &format!("{guide}#{i}"),
                &part,
                &Overrides { locale: Some("en".into()), ..Overrides::default() },
            );
            let request_findings: Vec<_> =
                report.findings.iter().filter(|f| !matches!(f.class, Class::Prose | Class::Missing)).collect();
            assert!(request_findings.is_empty(), "{guide}#{i}: {request_findings:#?}");
        }
    }
}

#[test]
fn check_command_formats_and_exit_codes() {
    let fr = "tests/published/fr-assign-members.txt";
    let human = apiglot(&repo(), &["check", fr]);
    assert_eq!(human.code, 1, "security and broken fail by default: {}", human.stderr);
    assert!(!human.stdout.contains('\x1b'), "NO_COLOR is set by the helper");
    assert!(human.stdout.contains("security   line"), "{}", human.stdout);

    let colored = apiglot(&repo(), &["check", "--color", "always", fr]);
    assert!(colored.stdout.contains("\x1b["));

    let json = apiglot(&repo(), &["check", "--format", "json", fr]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["pages"][0]["endpoint"], "create-organization-members");
    assert!(value["pages"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["class"].is_string() && f["line"].is_u64() && f["explanation"].is_string()));

    let github = apiglot(&repo(), &["check", "--format", "github", fr]);
    assert!(
        github.stdout.lines().any(|l| l.starts_with("::error file=tests/published/fr-assign-members.txt,line=")
            && l.contains("title=apiglot security::ruby")),
        "{}",
        github.stdout
    );

    let lenient = apiglot(&repo(), &["check", "--fail-on", "semantic", fr]);
    assert_eq!(lenient.code, 0, "{}", lenient.stdout);
    let folder = apiglot(&repo(), &["check", "--fail-on", "semantic", "tests/published"]);
    assert_eq!(folder.code, 1, "the Japanese page has semantic findings");
    assert_eq!(apiglot(&repo(), &["check", "no/such/page.txt"]).code, 2);
    assert_eq!(apiglot(&repo(), &["check", "--fail-on", "nonsense", fr]).code, 2);
}

#[test]
fn a_page_served_over_http_is_fetched_and_its_locale_read_from_the_url() {
    let page = std::fs::read(repo().join("tests/published/fr-assign-members.txt")).unwrap();
    let (port, server) = crate::helpers::serve_once(page);
    let url = format!("http://127.0.0.1:{port}/docs/fr/organizations/assign-members");
    let run = apiglot(&repo(), &["check", "--format", "json", &url]);
    let request = server.join().unwrap();
    assert!(request.starts_with("GET /docs/fr/organizations/assign-members HTTP/1.1"), "{request}");
    let value: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {} {}", run.stdout, run.stderr));
    assert_eq!(value["pages"][0]["source"], url);
    assert_eq!(value["pages"][0]["locale"], "fr");
    assert_eq!(value["pages"][0]["endpoint"], "create-organization-members");
    assert_eq!(
        apiglot(&repo(), &["check", &format!("http://127.0.0.1:{port}/gone")]).code,
        2,
        "nothing listens any more"
    );
}

#[test]
fn garbage_binary_and_huge_input_give_findings_or_an_error_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.txt");
    std::fs::write(&garbage, "lorem ipsum\n```\n}{ \"\n<pre>\nWas this helpful?\n/\ncurl --url\n").unwrap();
    let binary = dir.path().join("binary.html");
    std::fs::write(&binary, (0..=255u8).cycle().take(100_000).collect::<Vec<u8>>()).unwrap();
    for page in [&garbage, &binary] {
        let run = apiglot(&repo(), &["check", page.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{}: a page with no readable sample fails: {}", page.display(), run.stdout);
        assert!(!run.stderr.contains("panicked"));
    }
    let huge = dir.path().join("huge.txt");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(apiglot::load::PAGE_LIMIT + 1).unwrap();
    let run = apiglot(&repo(), &["check", huge.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("more than 16777216 bytes") && run.stderr.contains("huge.txt"), "{}", run.stderr);
}

/// Runs `apiglot check ARGS` with `stdin` written to its standard input (ignoring a closed pipe:
/// a refused page stops reading early).
fn check_with_stdin(args: &[&str], stdin: Vec<u8>) -> crate::helpers::Run {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_apiglot"))
        .arg("check")
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    crate::helpers::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn pipes_and_devices_are_read_up_to_the_cap_and_no_further() {
    // Before the cap, stdin was read whole and /dev/zero until memory ran out.
    let over = check_with_stdin(&["-"], vec![b'a'; apiglot::load::PAGE_LIMIT as usize + 1]);
    assert_eq!(over.code, 2, "{}", over.stderr);
    assert!(over.stderr.starts_with("error: -: ") && over.stderr.contains("--max-page-size"), "{}", over.stderr);
    let zero = apiglot(&repo(), &["check", "/dev/zero"]);
    assert_eq!(zero.code, 2);
    assert!(zero.stderr.contains("/dev/zero: the page holds more than 16777216 bytes"), "{}", zero.stderr);
    let small = apiglot(&repo(), &["check", "--max-page-size", "1000", "tests/published/fr-assign-members.txt"]);
    assert_eq!(small.code, 2, "the flag lowers the cap");

    let folder = tempfile::tempdir().unwrap();
    for i in 0..65 {
        std::fs::write(folder.path().join(format!("{i}.txt")), [b'a'; 100]).unwrap();
    }
    let many = apiglot(&repo(), &["check", "--max-page-size", "100", folder.path().to_str().unwrap()]);
    assert_eq!(many.code, 2, "65 pages of 100 bytes pass 64 times the cap: {}", many.stderr);
    assert!(many.stderr.contains("more than 6400 bytes"), "{}", many.stderr);

    let page = std::fs::read(repo().join("tests/published/fr-assign-members.txt")).unwrap();
    let piped = check_with_stdin(&["--format", "json", "-"], page);
    let value: serde_json::Value =
        serde_json::from_str(&piped.stdout).unwrap_or_else(|e| panic!("{e}: {}", piped.stderr));
    assert_eq!(
        (value["pages"][0]["source"].as_str(), value["pages"][0]["endpoint"].as_str()),
        (Some("-"), Some("create-organization-members"))
    );
}

/// Serves one connection on 127.0.0.1 with `response`, returning the URL of `path`.
fn serve_once(response: Vec<u8>) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request);
        let _ = stream.write_all(&response);
    });
    (format!("http://127.0.0.1:{port}/page"), server)
}

#[test]
fn a_redirect_to_another_scheme_is_an_error_naming_it() {
    let (url, server) = serve_once(
        b"HTTP/1.1 302 Found\r\nlocation: file:///etc/passwd\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            .to_vec(),
    );
    let run = apiglot(&repo(), &["check", &url]);
    server.join().unwrap();
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("redirects to file:///etc/passwd"), "{}", run.stderr);
    assert!(run.stderr.contains(&url));
}

#[test]
fn an_endless_chunked_response_stops_at_the_cap() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request);
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n");
        let chunk = format!("{:x}\r\n{}\r\n", 65536, "a".repeat(65536));
        // Until the client hangs up; bounded so that a client that never does cannot hang the test.
        for _ in 0..1024 {
            if stream.write_all(chunk.as_bytes()).is_err() {
                return;
            }
        }
    });
    let run = apiglot(&repo(), &["check", "--max-page-size", "100000", &format!("http://127.0.0.1:{port}/endless")]);
    server.join().unwrap();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("more than 100000 bytes"), "{}", run.stderr);
}

#[test]
fn empty_binary_and_not_utf8_pages_fail_and_utf16_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let fr = std::fs::read_to_string(repo().join("tests/published/fr-assign-members.txt")).unwrap();
    let utf16 = |big: bool| -> Vec<u8> {
        let bom: &[u8] = if big { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] };
        bom.iter()
            .copied()
            .chain(fr.encode_utf16().flat_map(|u| if big { u.to_be_bytes() } else { u.to_le_bytes() }))
            .collect()
    };
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("empty.txt", Vec::new(), "the page is empty"),
        ("nul.txt", b"curl --url https://x/\0\0\0".to_vec(), "binary data"),
        ("latin1.txt", b"caf\xe9 curl".to_vec(), "not UTF-8 (byte 3)"),
        ("odd-utf16.txt", vec![0xFF, 0xFE, 0x41], "not valid UTF-16"),
        ("prose-only.md", b"# Title\n\nNo code here.\n".to_vec(), "no code sample apiglot can read"),
    ];
    for (name, bytes, why) in cases {
        let page = dir.path().join(name);
        std::fs::write(&page, bytes).unwrap();
        let run = apiglot(&repo(), &["check", page.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{name} must fail: {}", run.stdout);
        assert!(run.stdout.contains("missing") && run.stdout.contains(why), "{name}: {}", run.stdout);
    }
    let reference = apiglot(&repo(), &["check", "--format", "json", "tests/published/fr-assign-members.txt"]);
    let findings = |run: &crate::helpers::Run| {
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        value["pages"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["class"].clone(), f["line"].clone()))
            .collect::<Vec<_>>()
    };
    let bom8 = [b"\xEF\xBB\xBF".as_slice(), fr.as_bytes()].concat();
    for (name, bytes) in [("le.txt", utf16(false)), ("be.txt", utf16(true)), ("bom8.txt", bom8)] {
        let page = dir.path().join(format!("fr-{name}"));
        std::fs::write(&page, bytes).unwrap();
        let run = apiglot(&repo(), &["check", "--format", "json", page.to_str().unwrap()]);
        assert_eq!(findings(&run), findings(&reference), "{name}: the same findings as the UTF-8 page");
    }
}

#[test]
fn control_and_bidi_characters_from_a_page_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("hostile.md");
    let hostile = "\x1b[2J\x1b]0;pwned\x07\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\ \u{202e}gnp.exe\u{2066}\u{200f}\u{9b}31m\r";
    std::fs::write(
        &page,
        format!("# Title {hostile}\n\n```bash\ncurl --request GET --url 'https://{{yourDomain}}/{hostile}' -H 'x: {hostile}'\n```\n"),
    )
    .unwrap();
    let raw = |text: &str| text.chars().any(apiglot::page::is_hidden_control);
    for format in ["human", "github", "junit"] {
        let run = apiglot(&repo(), &["check", "--color", "never", "--format", format, page.to_str().unwrap()]);
        assert!(!raw(&run.stdout), "{format}: a control character printed raw: {:?}", run.stdout);
        assert!(
            run.stdout.contains("\\u{1b}]0;pwned\\u{7}") && run.stdout.contains("\\u{202e}gnp"),
            "{format}: {}",
            run.stdout
        );
    }
    let sarif = apiglot(&repo(), &["check", "--format", "sarif", page.to_str().unwrap()]);
    assert!(
        !raw(&sarif.stdout) && sarif.stdout.contains("\\\\u{1b}]0;pwned"),
        "SARIF shows them escaped: {}",
        sarif.stdout
    );
    let json = apiglot(&repo(), &["check", "--format", "json", page.to_str().unwrap()]);
    assert!(!raw(&json.stdout), "JSON escapes them too: {:?}", json.stdout);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let found: Vec<&str> =
        value["pages"][0]["findings"].as_array().unwrap().iter().filter_map(|f| f["found"].as_str()).collect();
    assert!(found.iter().any(|f| f.contains(hostile)), "JSON keeps the exact text: {found:?}");
}

/// Each folder of tests/cases/check/security holds a page (`page.md`) and the security findings
/// it must give (`expected.txt`, one `line target: found` a line). APIGLOT_BLESS=1 rewrites them.
#[test]
fn security_cases_give_exactly_their_findings() {
    let checker = checker(&repo());
    let root = repo().join("tests/cases/check/security");
    let mut cases: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 12);
    let mut failures = Vec::new();
    for case in cases {
        let report = check_file(&checker, &case.join("page.md"));
        let got: String = report
            .findings
            .iter()
            .filter(|f| f.class == Class::Security)
            .map(|f| format!("{} {}: {}\n", f.line, f.target.as_deref().unwrap_or("-"), f.found))
            .collect();
        failures.extend(crate::helpers::differs_from_expected(&case, &got));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_secret_is_printed_in_full() {
    let page = repo().join("tests/cases/check/security/credentials/page.md");
    let run = apiglot(&repo(), &["check", "--format", "json", page.to_str().unwrap()]);
    for secret in [
        "Tr0ub4dor3x",
        "s3cr3tPw9",
        "ghp_4fT9kQ2mZ8xL1vB7nR3cW6yH0jD5sP2aE9uG",
        "AIzaSyD4nq8Hh2Xb7kLpQ9Wm3Rt6Yv1Zc5Ef0Gh",
        "YWxpY2U6VHIwdWI0ZG9yMw==",
        "sk_live_51Hq8ZtK2mN4pQ7rS9vWx",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzk3Mq8p2Lr",
        "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    ] {
        assert!(!run.stdout.contains(secret), "{secret} printed: {}", run.stdout);
    }
}

/// Issue 11, misses: a Python sample whose backslash escapes were lost does not parse, and still
/// connects to an empty host; both are reported, the broken line once.
#[test]
fn a_broken_sample_is_still_compared_on_what_can_be_read() {
    let checker = checker(&repo());
    let lost = check_file(&checker, &repo().join("tests/cases/check/lost-escapes/ja-remove-members.txt"));
    let broken = with(&lost, Class::Broken, "python");
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert!(broken[0].found.starts_with("payload = \"{ \"members\""), "{broken:#?}");
    let python = with(&lost, Class::Semantic, "python");
    assert!(python.iter().any(|f| f.explanation.contains("empty host") && f.expected == "{yourDomain}"), "{python:#?}");
    assert!(python.iter().any(|f| f.found == "/{yourDomain}/api/v2/organizations/ORG_ID/members"), "{python:#?}");
    // What the errors hide (here the body) is unknown, not reported as missing or changed.
    assert!(!python.iter().any(|f| f.explanation.contains("body")), "{python:#?}");
    // A sample whose only readable lines send the endpoint's request gets no semantic finding.
    assert!(with(&lost, Class::Semantic, "java").is_empty(), "{:#?}", lost.findings);
}

/// Issue 11, noise: one syntax error gave up to four broken findings for one line. Now each
/// broken sample has one, at its first error, listing every error with its page line.
#[test]
fn one_broken_finding_per_sample_lists_every_error() {
    let report = check_file(&checker(&repo()), &repo().join("tests/cases/check/lost-escapes/fr-assign-members.txt"));
    for target in ["csharp", "go", "java", "php", "python", "ruby", "swift"] {
        let broken = with(&report, Class::Broken, target);
        assert_eq!(broken.len(), 1, "{target}: {broken:#?}");
    }
    let go = &with(&report, Class::Broken, "go")[0];
    assert_eq!(go.line, 58);
    assert_eq!(go.explanation.matches("line 58: syntax error").count(), 3, "{}", go.explanation);
}

/// Issue 11, misses: RestSharp up to 106 sends `AddParameter`'s name as the content type even
/// when the sample adds a content-type header, so `undefined` is reported.
#[test]
fn csharp_add_parameter_undefined_is_reported_beside_a_content_type_header() {
    let page = std::fs::read_to_string(repo().join("tests/published/ja-remove-members.txt")).unwrap();
    let page = page.replacen(
        "request.AddHeader(\"authorization\"",
        "request.AddHeader(\"content-type\", \"application/json\");\nrequest.AddHeader(\"authorization\"",
        1,
    );
    let report = checker(&repo()).check("ja-remove-members.txt", &page, &Overrides::default());
    let csharp = with(&report, Class::Semantic, "csharp");
    assert_eq!(csharp.len(), 1, "{csharp:#?}");
    assert_eq!(
        (csharp[0].expected.as_str(), csharp[0].found.as_str()),
        ("content-type: application/json", "content-type: undefined")
    );
}

/// Issue 11, noise: a crawled page with no separator between samples ran the C# sample into the
/// curl one. Split by content, it gives the findings of the page it was copied from.
#[test]
fn a_page_without_separators_gives_the_findings_of_the_separated_page() {
    let checker = checker(&repo());
    for name in ["ja-remove-members.txt", "fr-assign-members.txt"] {
        let separated = check_file(&checker, &repo().join("tests/published").join(name));
        let joined = check_file(&checker, &repo().join("tests/cases/check/no-separators").join(name));
        let classes = |r: &PageReport| {
            let mut found: Vec<_> =
                r.findings.iter().map(|f| (f.class, f.target.clone(), f.explanation.clone())).collect();
            found.sort();
            found
        };
        assert_eq!(classes(&joined), classes(&separated), "{name}");
        assert!(with(&joined, Class::Broken, "curl").is_empty());
    }
}

/// Issue 11: samples in clients apiglot does not render are named once each as `unverified`
/// (not failing by default), never as semantic noise; their security still counts. And only the
/// project's `targets` can be missing.
#[test]
fn clients_apiglot_does_not_render_are_unverified_and_only_targets_are_missing() {
    let project = crate::helpers::example_project(None);
    let config = project.path().join("apiglot.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let targets = "targets = [\"curl\", \"csharp\", \"go\", \"java\", \"node\", \"objc\", \"php\", \"python\", \"ruby\", \"swift\"]";
    assert!(text.contains(targets));
    std::fs::write(&config, text.replace(targets, "targets = [\"curl\", \"python\"]")).unwrap();
    let curl = "curl --request DELETE \\\n  --url 'https://{yourDomain}/api/v2/organizations/ORG_ID/members' \\\n  --header 'authorization: Bearer MGMT_API_ACCESS_TOKEN' \\\n  --header 'cache-control: no-cache' \\\n  --header 'content-type: application/json' \\\n  --data '{ \"members\": [ \"USER_ID\", \"USER_ID\", \"USER_ID\" ] }'\n";
    let aiohttp = "import aiohttp\n\nasync def main():\n    async with aiohttp.ClientSession() as session:\n        await session.delete(\"https://{yourDomain}/api/v2/organizations/ORG_ID/members\", ssl=False)\n";
    let fetch =
        "fetch('https://{yourDomain}/api/v2/organizations/ORG_ID/members', { method: 'DELETE' }).then((res) => res.text());\n";
    let page = format!("# Remove members\n\n```bash\n{curl}```\n\n```python\n{aiohttp}```\n\n```javascript\n{fetch}```\n\n```ruby\nHTTParty.delete('https://{{yourDomain}}/x')\n```\n");
    let path = project.path().join("page.md");
    std::fs::write(&path, &page).unwrap();
    let report = check_file(&checker(project.path()), &path);
    assert_eq!(report.endpoint.as_deref(), Some("delete-organization-members"));
    let unverified: Vec<&str> =
        report.findings.iter().filter(|f| f.class == Class::Unverified).map(|f| f.found.as_str()).collect();
    assert_eq!(unverified, vec!["Python aiohttp", "JavaScript fetch", "Ruby HTTParty"]);
    let security: Vec<_> = report.findings.iter().filter(|f| f.class == Class::Security).collect();
    assert_eq!(security.len(), 1, "{security:#?}");
    assert!(security[0].found.contains("ssl=False") && security[0].explanation.starts_with("Python aiohttp: "));
    assert!(
        !report.findings.iter().any(|f| matches!(f.class, Class::Semantic | Class::Broken | Class::Extra)),
        "{:#?}",
        report.findings
    );
    // python is a target and the page has no http.client sample; csharp is not a target.
    let missing: Vec<_> =
        report.findings.iter().filter(|f| f.class == Class::Missing).filter_map(|f| f.target.as_deref()).collect();
    assert_eq!(missing, vec!["python"]);

    // Unverified does not fail by default; `--fail-on unverified` makes it.
    std::fs::write(&path, format!("```bash\n{curl}```\n\n```python\nimport aiohttp\nawait session.delete('https://{{yourDomain}}/api/v2/organizations/ORG_ID/members')\n```\n")).unwrap();
    std::fs::write(&config, std::fs::read_to_string(&config).unwrap().replace("[\"curl\", \"python\"]", "[\"curl\"]"))
        .unwrap();
    let page = path.to_str().unwrap();
    let run = apiglot(project.path(), &["check", "--fail-on", "semantic,security,broken", page]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("unverified"), "{}", run.stdout);
    assert_eq!(apiglot(project.path(), &["check", "--fail-on", "unverified", page]).code, 1);

    // Shell clients' certificate switches are security findings too: wget's and HTTPie's
    // readers find their own.
    for (code, client) in [
        (
            "wget --no-check-certificate https://{yourDomain}/x",
            "The command turns certificate checks off (--no-check-certificate)",
        ),
        ("http --verify=no DELETE https://{yourDomain}/x", "The command turns certificate checks off (--verify=no)"),
    ] {
        let report = checker(project.path()).check("shell.md", &format!("```sh\n{code}\n```\n"), &Overrides::default());
        let security: Vec<_> = report.findings.iter().filter(|f| f.class == Class::Security).collect();
        assert_eq!(security.len(), 1, "{code}: {:#?}", report.findings);
        assert!(security[0].explanation.starts_with(client), "{}", security[0].explanation);
    }
    // PowerShell's web cmdlets are a target of their own, whose reader finds the switch.
    let code = "Invoke-RestMethod -Uri https://{yourDomain}/x -SkipCertificateCheck";
    let report =
        checker(project.path()).check("ps.md", &format!("```powershell\n{code}\n```\n"), &Overrides::default());
    let security: Vec<_> = report.findings.iter().filter(|f| f.class == Class::Security).collect();
    assert_eq!(security.len(), 1, "{code}: {:#?}", report.findings);

    // A page whose samples are all unverified checked no request: it fails, and says why.
    let only = checker(project.path()).check("only.md", &format!("```python\n{aiohttp}```\n"), &Overrides::default());
    let missing: Vec<_> = only.findings.iter().filter(|f| f.class == Class::Missing).collect();
    assert_eq!(missing.len(), 1, "{:#?}", only.findings);
    assert!(missing[0].explanation.contains("clients apiglot does not render"), "{}", missing[0].explanation);
    assert_eq!(only.findings.iter().filter(|f| f.class == Class::Security).count(), 1, "{:#?}", only.findings);
}

/// Each folder of tests/cases/check/placeholders holds a page written from a published one
/// (`page.txt`, or `page.md` of the project named in `project.txt`: `shapes` is
/// tests/cases/shapes) and what the request comparison must report (`expected.txt`): its
/// semantic findings, and the page's own missing and cosmetic findings (the placeholder
/// spellings), one `line class target: explanation` a line. APIGLOT_BLESS=1 rewrites them.
#[test]
fn placeholder_cases_give_exactly_their_findings() {
    let example = checker(&repo());
    let shapes = checker(&repo().join("tests/cases/shapes"));
    let root = repo().join("tests/cases/check/placeholders");
    let mut cases: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 20);
    let mut failures = Vec::new();
    for case in cases {
        let project = std::fs::read_to_string(case.join("project.txt")).unwrap_or_default();
        let (checker, page) = match project.trim() {
            "shapes" => (&shapes, case.join("page.md")),
            "" => (&example, case.join("page.txt")),
            other => panic!("{}: unknown project {other}", case.display()),
        };
        let report = check_file(checker, &page);
        let got: String = report
            .findings
            .iter()
            .filter(|f| {
                f.class == Class::Semantic
                    || (f.target.is_none() && matches!(f.class, Class::Missing | Class::Cosmetic))
            })
            .map(|f| {
                format!("{} {} {}: {}\n", f.line, f.class.name(), f.target.as_deref().unwrap_or("-"), f.explanation)
            })
            .collect();
        failures.extend(crate::helpers::differs_from_expected(&case, &got));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn placeholder_aliases_settle_what_the_rule_cannot() {
    let page = std::fs::read_to_string(repo().join("tests/published/fr-assign-members.txt"))
        .unwrap()
        .replace("/ORG_ID/", "/the-org/")
        .replace("Bearer MGMT_API_ACCESS_TOKEN", "Bearer ACCESS_TOKEN");
    let paths = |report: &PageReport| {
        report.findings.iter().filter(|f| f.class == Class::Semantic && f.explanation.contains("path")).count()
    };
    let spellings = |report: &PageReport| -> Vec<String> {
        report
            .findings
            .iter()
            .filter(|f| f.class == Class::Cosmetic && f.target.is_none())
            .map(|f| f.explanation.clone())
            .collect()
    };
    let without = checker(&repo()).check("fr-assign-members.txt", &page, &Overrides::default());
    assert_eq!(paths(&without), 10, "`the-org` is a literal to the rule: {:#?}", without.findings);

    let project = crate::helpers::example_project(None);
    let config = project.path().join("apiglot.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[check.placeholder_aliases]\nORG_ID = [\"the-org\"]\n");
    std::fs::write(&config, &text).unwrap();
    let with = checker(project.path()).check("fr-assign-members.txt", &page, &Overrides::default());
    assert_eq!(paths(&with), 0, "{:#?}", with.findings);
    assert!(!with.findings.iter().any(|f| f.class == Class::Semantic), "{:#?}", with.findings);
    let listed = spellings(&with);
    assert_eq!(listed.len(), 1, "one cosmetic finding for the page: {listed:#?}");
    assert!(
        listed[0].contains("ACCESS_TOKEN for MGMT_API_ACCESS_TOKEN") && !listed[0].contains("the-org"),
        "{listed:#?}"
    );

    std::fs::write(&config, text.replace("[\"the-org\"]", "[\"the org\"]")).unwrap();
    let bad = apiglot(project.path(), &["check", "out/fr/assign-members.md"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    let line = text.lines().count();
    assert!(
        bad.stderr.contains(&format!("apiglot.toml:{line}:")) && bad.stderr.contains("one token"),
        "{}",
        bad.stderr
    );
}
