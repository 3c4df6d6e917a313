//! `apiglot adopt`: published pages already translated become a locale's messages. The cases
//! under tests/cases/adopt/ (a `case.toml` each) adopt a page into a copy of the example
//! project and say what is adopted, kept, not placed and not on the page, and which prose
//! findings `check` reports on the same page afterwards. The pages apiglot builds (Markdown
//! and HTML, French and Japanese) give back the very messages they were built from.

use std::collections::BTreeMap;
use std::path::Path;

use apiglot::check::{Checker, Class, Overrides};
use serde::Deserialize;

use crate::helpers::{apiglot, example_project, repo, snapshot_dir};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// A page of the repository, by its path.
    page: Option<String>,
    /// A page the example project builds (`<locale>/<guide>.md|html` of its output).
    built: Option<String>,
    /// Text replaced in the built page: (from, to).
    #[serde(default)]
    replace: Vec<(String, String)>,
    /// Locale folders emptied before adopting.
    #[serde(default)]
    empty: Vec<String>,
    /// Files removed before adopting.
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    args: Vec<String>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    adopted: usize,
    kept: Vec<String>,
    unplaced_lines: Vec<usize>,
    not_provided: Vec<String>,
    /// Lines of the prose findings `check` reports on the page after adopting.
    prose_lines: Vec<usize>,
    #[serde(default)]
    snapshot: Vec<String>,
}

/// Empties a locale folder: a fresh locale that has no message yet.
fn empty_locale(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
}

/// The example project built into a temporary folder.
fn built_example() -> tempfile::TempDir {
    let project = example_project(None);
    let out = tempfile::tempdir().unwrap();
    let run = apiglot(project.path(), &["build", "--out", &out.path().display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

fn prose_lines(root: &Path, page: &Path) -> Vec<usize> {
    let checker = Checker::new(&apiglot::load::project(root).unwrap()).unwrap();
    let content = std::fs::read_to_string(page).unwrap();
    let report = checker.check(&page.display().to_string(), &content, &Overrides::default());
    report.findings.iter().filter(|f| f.class == Class::Prose).map(|f| f.line).collect()
}

#[test]
fn cases() {
    let mut built: Option<tempfile::TempDir> = None;
    let dir = repo().join("tests/cases/adopt");
    let mut names: Vec<_> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.join("case.toml").is_file()).collect();
    names.sort();
    assert!(names.len() >= 5, "{names:?}");
    for case_dir in names {
        let name = case_dir.file_name().unwrap().to_string_lossy().to_string();
        let case: Case = toml::from_str(&std::fs::read_to_string(case_dir.join("case.toml")).unwrap()).unwrap();
        let project = example_project(None);
        let root = project.path();
        for folder in &case.empty {
            empty_locale(&root.join(folder));
        }
        for file in &case.remove {
            std::fs::remove_file(root.join(file)).unwrap();
        }
        // The page: the repository's, or one the example builds (with its replacements),
        // under a name that says its locale.
        let pages = tempfile::tempdir().unwrap();
        let page = match (&case.page, &case.built) {
            (Some(page), None) => repo().join(page),
            (None, Some(built_page)) => {
                let out = built.get_or_insert_with(built_example);
                let mut text = std::fs::read_to_string(out.path().join(built_page)).unwrap();
                for (from, to) in &case.replace {
                    assert!(text.contains(from.as_str()), "{name}: {from}");
                    text = text.replace(from.as_str(), to);
                }
                let path = pages.path().join(built_page.replace('/', "-"));
                std::fs::write(&path, text).unwrap();
                path
            }
            _ => panic!("{name}: a page or a built page"),
        };
        let page_arg = page.display().to_string();
        let mut args = vec!["adopt", page_arg.as_str(), "--format", "json"];
        args.extend(case.args.iter().map(String::as_str));
        let run = apiglot(root, &args);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(report["version"], env!("CARGO_PKG_VERSION"), "{name}");
        let page_report = &report["pages"][0];
        let strings = |key: &str| -> Vec<String> {
            page_report[key].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
        };
        assert_eq!(strings("adopted").len(), case.expect.adopted, "{name}: {}", run.stdout);
        assert_eq!(strings("kept"), case.expect.kept, "{name}");
        assert_eq!(strings("not_provided"), case.expect.not_provided, "{name}");
        assert_eq!(page_report["not_adopted"], serde_json::json!([]), "{name}");
        let unplaced: Vec<u64> =
            page_report["unplaced"].as_array().unwrap().iter().map(|u| u["line"].as_u64().unwrap()).collect();
        assert_eq!(unplaced, case.expect.unplaced_lines.iter().map(|l| *l as u64).collect::<Vec<_>>(), "{name}");

        // Every adopted message is recorded as made from today's English: none is stale.
        let list = apiglot(root, &["list"]);
        assert_eq!(list.code, 0, "{name}: {}", list.stderr);
        let project_loaded = apiglot::load::project(root).unwrap();
        let catalog = apiglot::locale::Catalog::build(&project_loaded.config, project_loaded.locales.clone()).unwrap();
        for locale in &project_loaded.config.locales {
            assert_eq!(catalog.stale(locale), vec![], "{name}: {locale}");
        }
        // The project builds, and check finds only the prose differences the case names.
        let build = apiglot(root, &["build", "--out", &pages.path().join("out").display().to_string()]);
        assert_eq!(build.code, 0, "{name}: {}", build.stderr);
        assert_eq!(prose_lines(root, &page), case.expect.prose_lines, "{name}");
        for file in &case.expect.snapshot {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            insta::assert_snapshot!(format!("adopt__{name}__{}", file.replace('/', "__")), text);
        }
    }
}

/// Each message of a locale folder, with its value in canonical Fluent syntax.
fn messages(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ftl") {
            out.extend(apiglot::locale::message_values(&std::fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

#[test]
fn built_pages_give_back_the_messages_they_were_built_from() {
    let original = example_project(None);
    // Plain Markdown and HTML in French and Japanese; MDX (with its imports, or the title
    // only in its front matter) in French.
    let mut builds = vec![(built_example(), vec!["fr", "ja"])];
    for flavor in ["docusaurus", "mintlify"] {
        let out = tempfile::tempdir().unwrap();
        let out_arg = out.path().display().to_string();
        let run = apiglot(original.path(), &["build", "--locale", "fr", "--flavor", flavor, "--out", &out_arg]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        builds.push((out, vec!["fr"]));
    }
    for (out, locales) in &builds {
        for locale in locales {
            let before = messages(&original.path().join("locales").join(locale));
            for entry in std::fs::read_dir(out.path().join(locale)).unwrap() {
                let page = entry.unwrap().path();
                let ext = page.extension().unwrap().to_string_lossy().to_string();
                if !["md", "mdx", "html"].contains(&ext.as_str()) || page.file_stem().unwrap() == "index" {
                    continue;
                }
                let project = example_project(None);
                let root = project.path();
                empty_locale(&root.join("locales").join(locale));
                let run = apiglot(root, &["adopt", &page.display().to_string(), "--locale", locale]);
                assert_eq!(run.code, 0, "{}: {}", page.display(), run.stderr);
                assert!(!run.stdout.contains("not placed"), "{}: {}", page.display(), run.stdout);
                assert!(!run.stdout.contains("not on page"), "{}: {}", page.display(), run.stdout);
                let after = messages(&root.join("locales").join(locale));
                assert!(after.len() >= 16, "{}: {after:?}", page.display());
                for (id, value) in &after {
                    assert_eq!(Some(value), before.get(id), "{}: {id}", page.display());
                }
            }
        }
    }
}

#[test]
fn without_force_a_different_message_is_kept_and_the_file_keeps_every_other_line() {
    let project = example_project(None);
    let root = project.path();
    let common = root.join("locales/fr/common.ftl");
    let before = std::fs::read_to_string(&common).unwrap();
    let page = repo().join("tests/published/fr-assign-members.txt").display().to_string();
    let run = apiglot(root, &["adopt", &page]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "  kept         response-insufficient-scope (the locale has another text; --force replaces it)\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read_to_string(&common).unwrap(), before, "kept: not changed");

    let run = apiglot(root, &["adopt", &page, "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("  adopted      response-insufficient-scope\n"), "{}", run.stdout);
    let after = std::fs::read_to_string(&common).unwrap();
    let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(before.lines().count(), after.lines().count(), "comments and other messages stay");
    let ids: Vec<&str> = changed.iter().map(|(_, b)| b.split(" =").next().unwrap()).collect();
    assert_eq!(ids, ["response-insufficient-scope", "response-insufficient-scope-cause"]);
    assert!(after
        .contains("response-insufficient-scope = Permission insuffisante; permission attendue\u{a0}: { $scope }.\n"));
    let record = std::fs::read_to_string(root.join("locales/fr/translated-from.toml")).unwrap();
    assert!(record.contains("response-insufficient-scope = \"Insufficient scope; expected any of: { $scope }.\""));
    // Adopting again changes nothing.
    let again = apiglot(root, &["adopt", &page, "--force"]);
    assert!(!again.stdout.contains("adopted"), "{}", again.stdout);
    assert!(again.stdout.contains("nothing to write"), "{}", again.stdout);
}

#[test]
fn a_dry_run_prints_the_entries_and_writes_nothing() {
    let project = example_project(None);
    let root = project.path();
    std::fs::remove_file(root.join("locales/fr/assign-members.ftl")).unwrap();
    let before = snapshot_dir(root);
    let page = repo().join("tests/published/fr-assign-members.txt").display().to_string();
    let run = apiglot(root, &["adopt", &page, "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("would write ./locales/fr/assign-members.ftl (11 added)\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "    assign-members-token = Jetons d’accès pour Management\u{a0}API avec la permission `{ $scope }`.\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(snapshot_dir(root), before);
}

#[test]
fn bad_input_exits_2_with_the_file_and_what_to_do_and_writes_nothing() {
    let project = example_project(None);
    let root = project.path();
    empty_locale(&root.join("locales/fr"));
    let before = snapshot_dir(root);
    let fr = repo().join("tests/published/fr-assign-members.txt").display().to_string();
    let no_endpoint = repo().join("tests/cases/adopt/no-endpoint/page.txt").display().to_string();

    let run = apiglot(root, &["adopt", &no_endpoint, "--locale", "fr"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains(&format!("{no_endpoint}: the page documents no endpoint")), "{}", run.stderr);
    assert!(run.stderr.contains("help: name its endpoint with --endpoint ID (one of: "), "{}", run.stderr);

    // One bad page among good ones: nothing is written.
    let run = apiglot(root, &["adopt", &fr, &no_endpoint, "--locale", "fr"]);
    assert_eq!(run.code, 2, "{}", run.stdout);

    let run = apiglot(root, &["adopt", &fr, "--locale", "de"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("apiglot.toml: locale `de` is not configured"), "{}", run.stderr);
    assert!(run.stderr.contains("help: add it to `locales`"), "{}", run.stderr);

    let run = apiglot(root, &["adopt", &fr, "--locale", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("the default locale"), "{}", run.stderr);

    let run = apiglot(root, &["adopt", &fr, "--endpoint", "no-such-endpoint"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no endpoint has the id `no-such-endpoint`"), "{}", run.stderr);

    let missing = root.join("missing.txt").display().to_string();
    let run = apiglot(root, &["adopt", &missing]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&format!("{missing}: the page could not be read")), "{}", run.stderr);
    assert!(run.stderr.contains("help: name a page file"), "{}", run.stderr);

    let binary = root.join("binary.txt");
    std::fs::write(&binary, [0xff, 0xfe, 0xfd, 0x00, 0x80]).unwrap();
    let run = apiglot(root, &["adopt", &binary.display().to_string(), "--locale", "fr"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("the page is not text"), "{}", run.stderr);
    std::fs::remove_file(&binary).unwrap();

    // A page whose locale nothing names and whose prose says little is not guessed into.
    let published = std::fs::read_to_string(repo().join("tests/published/fr-assign-members.txt")).unwrap();
    let curl: String = published.lines().skip_while(|l| !l.starts_with("curl ")).take(7).collect::<Vec<_>>().join("\n");
    let pages = tempfile::tempdir().unwrap();
    let unnamed = pages.path().join("assign.txt");
    std::fs::write(&unnamed, format!("Management API\n\n{curl}\n")).unwrap();
    let run = apiglot(root, &["adopt", &unnamed.display().to_string()]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("nothing names the page's locale"), "{}", run.stderr);
    assert!(run.stderr.contains("help: name it with --locale L"), "{}", run.stderr);

    assert_eq!(snapshot_dir(root), before, "no half-written locale");

    // Named with --endpoint, the page that shows no sample is placed all the same.
    let run = apiglot(root, &["adopt", &no_endpoint, "--locale", "fr", "--endpoint", "create-organization-members"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("  adopted      assign-members-title\n"), "{}", run.stdout);
}

#[test]
fn a_page_served_over_http_is_adopted_with_the_locale_its_url_names() {
    let page = std::fs::read(repo().join("tests/published/fr-assign-members.txt")).unwrap();
    let (port, server) = crate::helpers::serve_once(page);
    let project = example_project(None);
    let root = project.path();
    std::fs::remove_file(root.join("locales/fr/assign-members.ftl")).unwrap();
    let url = format!("http://127.0.0.1:{port}/docs/fr/organizations/assign-members");
    let run = apiglot(root, &["adopt", &url]);
    server.join().unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(&format!("{url}: endpoint create-organization-members, locale fr\n")),
        "{}",
        run.stdout
    );
    assert!(std::fs::read_to_string(root.join("locales/fr/assign-members.ftl"))
        .unwrap()
        .contains("assign-members-title"));
    let gone = apiglot(root, &["adopt", &format!("http://127.0.0.1:{port}/gone")]);
    assert_eq!(gone.code, 2, "nothing listens any more: {}", gone.stdout);
}

#[test]
fn a_message_the_page_says_twice_otherwise_takes_its_first_text_and_says_so() {
    let out = built_example();
    let text = std::fs::read_to_string(out.path().join("fr/api-keys.md")).unwrap();
    // The guide's three endpoints each have a placeholder table; the second's header differs.
    let first = text.find("| Valeur |").unwrap();
    let second = first + 1 + text[first + 1..].find("| Valeur |").unwrap();
    let edited = format!("{}| Valeurs |{}", &text[..second], &text[second + "| Valeur |".len()..]);
    let pages = tempfile::tempdir().unwrap();
    let page = pages.path().join("api-keys.md");
    std::fs::write(&page, edited).unwrap();
    let project = example_project(None);
    let root = project.path();
    empty_locale(&root.join("locales/fr"));
    let run = apiglot(root, &["adopt", &page.display().to_string(), "--locale", "fr"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("  note         placeholders-value: the page says it otherwise on line 427; its first text is the one adopted\n"),
        "{}",
        run.stdout
    );
    assert!(std::fs::read_to_string(root.join("locales/fr/common.ftl"))
        .unwrap()
        .contains("placeholders-value = Valeur\n"));
}
