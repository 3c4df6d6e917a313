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
    for locale in ["en", "ja", "fr"] {
        for guide in ["remove-members", "assign-members"] {
            let report = check_file(&checker, &repo().join(format!("out/{locale}/{guide}.md")));
            assert_eq!(report.locale.as_deref(), Some(locale));
            assert!(report.findings.is_empty(), "{locale}/{guide}: {:#?}", report.findings);
            let html = check_file(&checker, &repo().join(format!("out/{locale}/{guide}.html")));
            assert!(html.findings.is_empty(), "{locale}/{guide}.html: {:#?}", html.findings);
        }
    }
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
    assert_eq!(value[0]["endpoint"], "create-organization-members");
    assert!(value[0]["findings"]
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
    use std::io::{Read, Write};
    let page = std::fs::read(repo().join("tests/published/fr-assign-members.txt")).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request).unwrap();
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", page.len());
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&page).unwrap();
        String::from_utf8_lossy(&request).into_owned()
    });
    let url = format!("http://127.0.0.1:{port}/docs/fr/organizations/assign-members");
    let run = apiglot(&repo(), &["check", "--format", "json", &url]);
    let request = server.join().unwrap();
    assert!(request.starts_with("GET /docs/fr/organizations/assign-members HTTP/1.1"), "{request}");
    let value: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {} {}", run.stdout, run.stderr));
    assert_eq!(value[0]["source"], url);
    assert_eq!(value[0]["locale"], "fr");
    assert_eq!(value[0]["endpoint"], "create-organization-members");
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
        assert!(run.code == 0 || run.code == 1, "{}: {}", page.display(), run.stderr);
        assert!(!run.stderr.contains("panicked"));
    }
    let huge = dir.path().join("huge.txt");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(apiglot::load::PAGE_LIMIT + 1).unwrap();
    let run = apiglot(&repo(), &["check", huge.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("more than the"), "{}", run.stderr);
}
