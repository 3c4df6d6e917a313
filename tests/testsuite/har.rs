//! `apiglot samples`: captured requests (HAR) rendered into every target. The three input
//! shapes, golden output, files under --out written once, and bad input.

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
        run.stderr.contains("form-body.har: at /log/entries/1/request/postData: the body is `application/x-www-form-urlencoded`, not JSON"),
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
