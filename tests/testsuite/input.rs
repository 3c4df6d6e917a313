//! Input that no error case can lay over the example project: a missing `endpoints/` folder,
//! byte order marks that must change nothing, and an imported operation named like one of
//! apiglot's own files.

use crate::helpers::{apiglot, example_project, snapshot_dir};

#[test]
fn a_missing_endpoints_folder_is_an_error_and_out_is_kept() {
    let project = example_project(None);
    let root = project.path();
    assert_eq!(apiglot(root, &["build"]).code, 0);
    let before = snapshot_dir(&root.join("out"));
    std::fs::remove_dir_all(root.join("endpoints")).unwrap();
    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: ./endpoints: the project has no endpoints/ folder"), "{}", run.stderr);
    assert!(run.stderr.contains("apiglot import"), "the help names the fix: {}", run.stderr);
    assert_eq!(snapshot_dir(&root.join("out")), before, "no page was removed");
}

#[test]
fn a_byte_order_mark_is_accepted_and_changes_nothing() {
    let plain = example_project(None);
    assert_eq!(apiglot(plain.path(), &["build"]).code, 0);
    let marked = example_project(None);
    let root = marked.path();
    for file in [
        "apiglot.toml",
        "endpoints/delete-organization-members.yaml",
        "locales/en/remove-members.ftl",
        "locales/ja/common.ftl",
    ] {
        let path = root.join(file);
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(std::fs::read(&path).unwrap());
        std::fs::write(&path, bytes).unwrap();
    }
    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = snapshot_dir(&root.join("out"));
    assert!(!out.is_empty());
    assert!(out == snapshot_dir(&plain.path().join("out")), "the same site with and without marks");
}

#[test]
fn an_operation_named_index_is_imported_under_another_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("apiglot.toml"), "locales = [\"en\"]\n").unwrap();
    let spec = root.join("spec.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: { title: Pages, version: '1' }\npaths:\n  /pages:\n    get: { operationId: index, summary: List the pages, responses: {} }\n    trace: { responses: {} }\n",
    )
    .unwrap();
    let run = apiglot(root, &["import", "openapi", &spec.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("note: index-guide: imported as `index-guide`: a guide named `index` would have the name of the locale's index page"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("note: TRACE /pages: not imported: `TRACE` is not a method"), "{}", run.stdout);
    let build = apiglot(root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let guide = std::fs::read_to_string(root.join("out/en/index-guide.html")).unwrap();
    assert!(guide.contains("List the pages"), "{guide}");
    let index = std::fs::read_to_string(root.join("out/en/index.html")).unwrap();
    assert!(index.contains("index-guide.html"), "the locale index lists the guide: {index}");
}
