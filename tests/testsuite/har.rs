//! Captured requests (HAR): `apiglot samples` renders them into every target (the three input
//! shapes, golden output, files under --out written once, bad input), and `apiglot import har`
//! turns them into endpoints that build and merge on re-import.

use crate::helpers::{apiglot, repo, snapshot_dir};

fn cases() -> std::path::PathBuf {
    repo().join("tests/cases/har")
}

#[test]
fn samples_of_a_browser_capture_keep_the_templated_host_and_placeholders() {
    let run = apiglot(&cases(), &["samples", "capture.har"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.starts_with("rendered 2 requests, 20 samples, in "), "{}", run.stderr);
    insta::assert_snapshot!("har__capture", run.stdout);
}

#[test]
fn the_three_shapes_render_alike() {
    let har = apiglot(&cases(), &["samples", "capture.har"]);
    for shape in ["requests-list.json", "requests-object.json"] {
        let run = apiglot(&cases(), &["samples", shape]);
        assert_eq!(run.code, 0, "{shape}: {}", run.stderr);
        assert_eq!(run.stdout, har.stdout, "{shape}");
    }
}

#[test]
fn out_holds_one_file_per_request_and_target_and_a_second_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let har = cases().join("capture.har");
    let args = ["samples", har.to_str().unwrap(), "--target", "python", "--target", "go", "--out", "samples"];
    let run = apiglot(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("4 written, 0 removed"), "{}", run.stderr);
    let files: Vec<String> = snapshot_dir(&dir.path().join("samples"))
        .into_iter()
        .map(|(path, _)| path.to_string_lossy().replace('\\', "/"))
        .collect();
    assert_eq!(
        files,
        [
            ".apiglot-manifest",
            "get-v1-logs/go.go",
            "get-v1-logs/python.py",
            "post-api-v2-organizations-org-id-members/go.go",
            "post-api-v2-organizations-org-id-members/python.py"
        ]
    );
    let python = std::fs::read_to_string(dir.path().join("samples/get-v1-logs/python.py")).unwrap();
    assert!(python.contains("HTTPSConnection(\"api.example.com:8443\")"), "{python}");

    let again = apiglot(dir.path(), &args);
    assert!(again.stderr.contains("0 written, 0 removed"), "{}", again.stderr);
}

#[test]
fn a_body_that_is_not_json_is_refused_with_its_place_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let har = cases().join("form-body.har");
    let run = apiglot(dir.path(), &["samples", har.to_str().unwrap(), "--out", "samples"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("form-body.har:5:16: at /log/entries/1/request/postData: the body is `application/x-www-form-urlencoded`, not JSON"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: apiglot renders JSON bodies only"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(!dir.path().join("samples").exists());
}

#[test]
fn bad_json_and_unknown_targets_are_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.har"),
        "{\"log\": {\"entries\": [\n  {\"request\": {\"method\": \"GET\"}}\n]}}",
    )
    .unwrap();
    let run = apiglot(dir.path(), &["samples", "bad.har"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error: bad.har:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("missing field `url`"), "{}", run.stderr);

    let run = apiglot(dir.path(), &["samples", "bad.har", "--target", "cobol"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'cobol'"), "{}", run.stderr);
    let run = apiglot(dir.path(), &["samples", "missing.har"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.har"), "{}", run.stderr);
}

/// `apiglot import har`: captured requests become endpoint files and English skeletons that
/// build in every locale, and a re-import merges like an OpenAPI import.
#[test]
fn import_har_writes_endpoints_that_build_and_a_re_import_keeps_translations() {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    std::fs::write(root.join("apiglot.toml"), "locales = [\"en\", \"ja\", \"fr\"]\n").unwrap();
    let capture = cases().join("capture.har");
    let capture = capture.to_str().unwrap();

    let run = apiglot(root, &["import", "har", capture]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("operations: 2 added, 0 changed, 0 unchanged, 0 removed"), "{}", run.stdout);
    let id = "post-api-v2-organizations-org-id-members";
    let yaml = std::fs::read_to_string(root.join(format!("endpoints/{id}.yaml"))).unwrap();
    let ftl = std::fs::read_to_string(root.join(format!("locales/en/{id}.ftl"))).unwrap();
    insta::assert_snapshot!("har__import_endpoint", yaml);
    insta::assert_snapshot!("har__import_messages", ftl);

    let build = apiglot(root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = std::fs::read_to_string(root.join(format!("out/ja/{id}.md"))).unwrap();
    assert!(page.contains("conn = http.client.HTTPSConnection(\"{yourDomain}\")"), "{page}");
    assert!(page.contains("/api/v2/organizations/ORG_ID/members"), "{page}");

    // A translation, then a capture whose request changed: the facts follow the capture and
    // the translation stays (stale tracking is the OpenAPI import's, tested in `import`).
    std::fs::create_dir_all(root.join("locales/ja")).unwrap();
    std::fs::write(root.join(format!("locales/ja/{id}.ftl")), format!("{id}-org-id = 組織の ID。\n")).unwrap();
    let run = apiglot(root, &["translated", "--locale", "ja"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let changed = std::fs::read_to_string(capture).unwrap().replace("no-cache", "max-age=0");
    let changed_file = root.join("changed.har");
    std::fs::write(&changed_file, changed).unwrap();
    let run = apiglot(root, &["import", "har", changed_file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(&format!("changed: {id} (headers)")), "{}", run.stdout);
    assert!(std::fs::read_to_string(root.join(format!("endpoints/{id}.yaml"))).unwrap().contains("max-age=0"));
    assert_eq!(
        std::fs::read_to_string(root.join(format!("locales/ja/{id}.ftl"))).unwrap(),
        format!("{id}-org-id = 組織の ID。\n")
    );

    // The same capture again: nothing to write.
    let run = apiglot(root, &["import", "har", changed_file.to_str().unwrap()]);
    assert!(run.stdout.contains("0 added, 0 changed, 2 unchanged, 0 removed"), "{}", run.stdout);
    assert!(run.stdout.contains("0 files written"), "{}", run.stdout);
}
