//! `apiglot check` of a whole site apiglot built from an imported API: every guide page is
//! placed on its own endpoint and nothing fails (the round trip at scale); a page whose samples
//! fit two endpoints equally is reported, not placed in silence; the locale of a page no hint
//! names is read from its script and words.

use std::path::Path;

use apiglot::check::{Checker, Class, Overrides};

use crate::helpers::{apiglot, example_project, repo};

/// Imports `spec` (tests/cases/import) into an empty en/ja/fr project and builds it.
fn built_site(spec: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("apiglot.toml"), "locales = [\"en\", \"ja\", \"fr\"]\n").unwrap();
    let spec = repo().join("tests/cases/import").join(spec);
    let run = apiglot(root, &["import", "openapi", &spec.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// Checks the built out/ folder (Markdown and HTML pages, index pages included): exit 0, no
/// failing finding, and each guide page's endpoint is the one its file is named after.
fn assert_site_checks_clean(root: &Path, guide_pages: usize) {
    let run = apiglot(root, &["check", "out", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["version"], env!("CARGO_PKG_VERSION"));
    let reports = report["pages"].as_array().unwrap();
    let failing = ["semantic", "security", "broken", "missing"];
    let bad: Vec<&serde_json::Value> = reports
        .iter()
        .flat_map(|r| r["findings"].as_array().unwrap())
        .filter(|f| failing.contains(&f["class"].as_str().unwrap()))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Not even a non-failing `extra`: a JSON or YAML block an imported description shows is
    // data, not a sample in a language apiglot does not render.
    let extra: Vec<&serde_json::Value> =
        reports.iter().flat_map(|r| r["findings"].as_array().unwrap()).filter(|f| f["class"] == "extra").collect();
    assert!(extra.is_empty(), "{extra:#?}");
    let mut guides = 0;
    for report in reports {
        let source = report["source"].as_str().unwrap();
        let file = Path::new(source).file_stem().unwrap().to_str().unwrap();
        if file == "index" {
            assert!(report["endpoint"].is_null(), "{report:#}");
            continue;
        }
        guides += 1;
        assert_eq!(report["endpoint"].as_str(), Some(file), "{source} placed on another endpoint");
        let locale = Path::new(source).parent().unwrap().file_name().unwrap().to_str().unwrap();
        assert_eq!(report["locale"].as_str(), Some(locale), "{source}");
    }
    assert_eq!(guides, guide_pages);
}

#[test]
fn the_site_of_the_trimmed_auth0_spec_checks_clean() {
    let site = built_site("auth0-trimmed.json");
    // 7 guides, 3 locales, Markdown and HTML.
    assert_site_checks_clean(site.path(), 42);
}

/// /custom-domains/default against /custom-domains/{id}, /branding/themes/default against
/// /branding/themes/{themeId}, /keys/encryption/rekey against /keys/encryption/{kid}: the
/// literal segment wins. And the Markdown page of PUT /branding/templates/universal-login,
/// whose description shows an HTML document in a fence, is read as Markdown.
#[test]
fn a_literal_path_segment_beats_a_placeholder_and_the_site_checks_clean() {
    let site = built_site("auth0-literal-segments.json");
    assert_site_checks_clean(site.path(), 66);
}

#[test]
fn a_page_whose_samples_fit_two_endpoints_equally_is_reported_with_both() {
    let project = example_project(None);
    let root = project.path();
    // A second endpoint of the same guide, method and path.
    let copy = std::fs::read_to_string(root.join("endpoints/delete-organization-members.yaml"))
        .unwrap()
        .replace("id: delete-organization-members", "id: delete-organization-members-again");
    std::fs::write(root.join("endpoints/delete-organization-members-again.yaml"), copy).unwrap();
    let checker = Checker::new(&apiglot::load::project(root).unwrap()).unwrap();
    let page = std::fs::read_to_string(repo().join("out/en/remove-members.md")).unwrap();

    let report = checker.check("docs/remove-members.md", &page, &Overrides::default());
    let ambiguous: Vec<_> = report.findings.iter().filter(|f| f.expected == "one endpoint").collect();
    assert_eq!(ambiguous.len(), 1, "{:#?}", report.findings);
    assert_eq!(ambiguous[0].class, Class::Missing);
    // In the order of the endpoint files; checked against the first.
    assert_eq!(ambiguous[0].found, "delete-organization-members-again, delete-organization-members");
    assert_eq!(report.endpoint.as_deref(), Some("delete-organization-members-again"));

    // The file name or URL slug settles it.
    for source in
        ["docs/delete-organization-members.md", "https://example.com/docs/Delete_Organization_Members/?tab=curl"]
    {
        let report = checker.check(source, &page, &Overrides::default());
        assert_eq!(report.endpoint.as_deref(), Some("delete-organization-members"), "{source}");
        assert!(report.findings.iter().all(|f| f.expected != "one endpoint"), "{source}: {:#?}", report.findings);
    }
    // So does a flag.
    let flag = Overrides { endpoint: Some("delete-organization-members".into()), locale: None };
    let report = checker.check("docs/remove-members.md", &page, &flag);
    assert!(report.findings.iter().all(|f| f.expected != "one endpoint"), "{:#?}", report.findings);
}

/// A project whose first locale is Japanese, not yet translated (its rendering is the English
/// fallback): an English page no hint names was placed as Japanese, the first of equally
/// similar renderings. The script decides now, and the guess between en and fr (whose
/// renderings are the same English) says it is one of low confidence.
#[test]
fn an_english_page_no_hint_names_is_placed_as_english() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("apiglot.toml"), "locales = [\"ja\", \"en\", \"fr\"]\ndefault_locale = \"en\"\n").unwrap();
    let spec = repo().join("tests/cases/import/auth0-trimmed.json").display().to_string();
    assert_eq!(apiglot(root, &["import", "openapi", &spec]).code, 0);
    assert_eq!(apiglot(root, &["build"]).code, 0);
    let checker = Checker::new(&apiglot::load::project(root).unwrap()).unwrap();
    let page = std::fs::read_to_string(root.join("out/en/post-members.md")).unwrap();

    let report = checker.check("-", &page, &Overrides::default());
    assert_eq!(report.locale.as_deref(), Some("en"), "{:#?}", report.findings);
    let notes: Vec<_> = report.findings.iter().filter(|f| f.class == Class::Prose).collect();
    assert_eq!(notes.len(), 1, "{:#?}", report.findings);
    assert!(notes[0].explanation.starts_with("nothing names the page's locale"), "{:#?}", notes[0]);
    assert!(!Class::DEFAULT_FAIL_ON.contains(&Class::Prose));

    // A hint still decides, and then nothing is guessed.
    let report = checker.check("docs/fr/post-members.md", &page, &Overrides::default());
    assert_eq!(report.locale.as_deref(), Some("fr"));
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

/// The set-up renders lazily, yet a template that does not render still fails it (exit 2
/// with the template's error), as when every page was rendered up front.
#[test]
fn a_template_that_does_not_render_still_fails_the_set_up() {
    let project = example_project(None);
    let root = project.path();
    std::fs::create_dir_all(root.join("templates/samples")).unwrap();
    std::fs::write(root.join("templates/samples/curl.tera"), "curl {{ r.no_such_field.at_all }}\n").unwrap();
    assert!(Checker::new(&apiglot::load::project(root).unwrap()).is_err());
    let page = repo().join("out/en/remove-members.md").display().to_string();
    let run = apiglot(root, &["check", &page]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("curl"), "{}", run.stderr);
}
