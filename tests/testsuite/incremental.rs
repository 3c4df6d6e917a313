//! Incremental builds: after a change, `apiglot build` renders only the pages the change
//! touches and keeps the others' files, and what it leaves is byte for byte what a clean
//! build of the same source writes (removed pages included).

use std::path::Path;

use crate::helpers::{apiglot, bin, example_project, repo, snapshot_dir};

/// Builds the project at `root` into its out/ and returns what the build printed.
fn build(root: &Path) -> String {
    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stderr
}

/// Asserts that `root`'s out/ holds exactly what a clean build of its source writes.
fn assert_same_as_clean(root: &Path, after: &str) {
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("out");
    let run = apiglot(root, &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (incremental, clean) = (snapshot_dir(&root.join("out")), snapshot_dir(&out));
    let names = |files: &[(std::path::PathBuf, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&incremental), names(&clean), "after {after}: the same files");
    for ((path, bytes), (_, expected)) in incremental.iter().zip(&clean) {
        assert!(bytes == expected, "after {after}: {} differs from a clean build", path.display());
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: no `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_incremental_build_is_a_clean_build_after_each_kind_of_change() {
    let project = example_project(None);
    let root = project.path();
    let first = build(root);
    assert!(first.contains("rendered 18 pages") && !first.contains("unchanged"), "{first}");

    // One message of one locale: the one page that shows it.
    edit(&root.join("locales/ja/remove-members.ftl"), "remove-members-title = ", "remove-members-title = 新: ");
    let run = build(root);
    assert!(run.contains("(1 re-rendered, 17 unchanged)"), "{run}");
    assert!(std::fs::read_to_string(root.join("out/ja/remove-members.html")).unwrap().contains("新: "));
    assert_same_as_clean(root, "a message of one locale");

    // A message the other locales fall back to: every page that shows it, in any locale.
    edit(&root.join("locales/en/api-keys.ftl"), "api-keys-title = ", "api-keys-title = New: ");
    let run = build(root);
    assert!(run.contains(" re-rendered, ") && !run.contains("(0 re-rendered"), "{run}");
    assert_same_as_clean(root, "a message of the default locale");

    // A message every page uses.
    edit(&root.join("locales/fr/common.ftl"), "responses-heading = ", "responses-heading = Nouveau : ");
    let run = build(root);
    assert!(run.contains("(6 re-rendered, 12 unchanged)"), "{run}");
    assert_same_as_clean(root, "a message of every page of a locale");

    // An endpoint: its guide's pages in every locale.
    edit(&root.join("endpoints/get-report-key-in-header.yaml"), "path: /", "path: /v2/");
    let run = build(root);
    assert!(run.contains("(3 re-rendered, 15 unchanged)"), "{run}");
    assert_same_as_clean(root, "an endpoint");

    // A guide's only endpoint removed: its pages are gone, as in a clean build.
    std::fs::remove_file(root.join("endpoints/put-saml-metadata.yaml")).unwrap();
    let run = build(root);
    assert!(run.contains("rendered 15 pages") && run.contains("(0 re-rendered, 15 unchanged)"), "{run}");
    assert!(!root.join("out/en/update-saml-metadata.html").exists());
    assert_same_as_clean(root, "a guide removed");

    // An endpoint moved to another guide: both guides' pages.
    edit(&root.join("endpoints/get-report-key-in-cookie.yaml"), "guide: api-keys", "guide: get-access-token");
    let run = build(root);
    assert!(run.contains("(6 re-rendered, 9 unchanged)"), "{run}");
    assert_same_as_clean(root, "an endpoint moved");

    // An output edited by hand is rendered again, and only it.
    std::fs::write(root.join("out/fr/assign-members.md"), "edited by hand\n").unwrap();
    let run = build(root);
    assert!(run.contains("1 written, 0 removed") && run.contains("(1 re-rendered, 14 unchanged)"), "{run}");
    assert_same_as_clean(root, "an output edited by hand");
}

#[test]
fn a_template_or_another_apiglot_renders_every_page_again() {
    let project = example_project(None);
    let root = project.path();
    build(root);

    // A project template: every page, whether or not it uses that template.
    std::fs::create_dir_all(root.join("templates/pages")).unwrap();
    let template = std::fs::read_to_string(repo().join("templates/pages/guide.md.tera")).unwrap();
    std::fs::write(root.join("templates/pages/guide.md.tera"), format!("{template}\nA footer of our own.\n")).unwrap();
    let run = build(root);
    assert!(run.contains("rendered 18 pages") && !run.contains("unchanged"), "{run}");
    assert!(std::fs::read_to_string(root.join("out/en/api-keys.md")).unwrap().contains("A footer of our own."));
    assert_same_as_clean(root, "a template");

    // The same inputs and another apiglot binary (a new modification time): every page.
    let other = tempfile::tempdir().unwrap();
    let copy = other.path().join("apiglot");
    std::fs::copy(bin(), &copy).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&copy).unwrap().set_modified(later).unwrap();
    // Once to record that binary's keys, once after an input changed.
    let run = std::process::Command::new(&copy).arg("build").current_dir(root).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success() && stderr.contains("rendered 18 pages") && !stderr.contains("unchanged"), "{stderr}");
    edit(&root.join("locales/ja/remove-members.ftl"), "remove-members-title = ", "remove-members-title = 新: ");
    let run = std::process::Command::new(&copy).arg("build").current_dir(root).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("(1 re-rendered, 17 unchanged)"), "{stderr}");
    // Back to the first binary: nothing of the other one's is trusted.
    edit(&root.join("locales/ja/remove-members.ftl"), "新: ", "");
    let run = build(root);
    assert!(run.contains("rendered 18 pages") && !run.contains("unchanged"), "{run}");
    assert_same_as_clean(root, "another apiglot");
}

#[test]
fn an_interrupted_or_failed_incremental_build_leaves_out_as_it_was() {
    let project = example_project(None);
    let root = project.path();
    build(root);
    let before = snapshot_dir(&root.join("out"));

    // A message that no longer parses: an input error, nothing written.
    edit(&root.join("locales/ja/remove-members.ftl"), "remove-members-title = ", "remove-members-title = {");
    let run = apiglot(root, &["build"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert_eq!(snapshot_dir(&root.join("out")), before);
    edit(&root.join("locales/ja/remove-members.ftl"), "remove-members-title = {", "remove-members-title = 新: ");

    // The disk fills after the first kept file is linked: out/ is as it was, and the next
    // build, which no longer fails, is a clean build's.
    let output = std::process::Command::new(bin())
        .arg("build")
        .current_dir(root)
        .env("APIGLOT_TEST_FAIL_AFTER", "2")
        .output()
        .unwrap();
    assert!(!output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(snapshot_dir(&root.join("out")), before);
    let run = build(root);
    assert!(run.contains("(1 re-rendered, 17 unchanged)"), "{run}");
    assert_same_as_clean(root, "a failed build");
}
