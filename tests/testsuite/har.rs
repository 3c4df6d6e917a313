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
fn a_missing_file_is_named_with_its_reason_once() {
    let run = apiglot(&cases(), &["samples", "no-such-capture.har"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let line = run.stderr.trim_end();
    assert!(line.starts_with("error: no-such-capture.har: "), "{line}");
    let reason = line.rsplit(": ").next().unwrap();
    assert_eq!(line.matches(reason).count(), 1, "the reason is said once: {line}");
    assert!(run.stdout.is_empty());
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
fn a_body_apiglot_cannot_send_is_refused_with_its_place_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let har = cases().join("refused-body.har");
    let run = apiglot(dir.path(), &["samples", har.to_str().unwrap(), "--out", "samples"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "refused-body.har:5:16: at /log/entries/1/request/postData: the body is `multipart/mixed; boundary=b`"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: apiglot sends multipart/form-data bodies"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(!dir.path().join("samples").exists());
    // A form is a body like any other now.
    let run = apiglot(&cases(), &["samples", "form-body.har", "--target", "curl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
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

/// tests/cases/har/kinds.har: a form with basic auth (the captured secret never written), a
/// multipart upload (the file part read from a path placeholder), XML text with braces that
/// are data, cookies from a cookie header and from `cookies`, and a binary body. Each is
/// imported with a note for what the capture held and the endpoint does not, and builds.
#[test]
fn import_har_of_every_body_kind_cookies_and_basic_auth() {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    std::fs::write(root.join("apiglot.toml"), "locales = [\"en\"]\n").unwrap();
    let kinds = cases().join("kinds.har");
    let run = apiglot(root, &["import", "har", kinds.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notes: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("  note: ")).collect();
    assert_eq!(
        notes,
        [
            "  note: post-oauth-token: basic auth: the captured user and password are written as {BASIC_USER} and \
             {BASIC_PASSWORD}, never as captured",
            "  note: post-api-v2-jobs-users-imports: the captured bytes of the file parts `users` (users.json) are \
             not kept: each sample reads its file from the path placeholder",
            "  note: put-images-image-id: the captured `image/png` body is not kept: the samples send the bytes of \
             the file {BODY_FILE}",
        ]
    );
    let read = |id: &str| std::fs::read_to_string(root.join(format!("endpoints/{id}.yaml"))).unwrap();
    let endpoint = |id: &str| serde_yaml_ng::from_str::<apiglot::endpoint::Endpoint>(&read(id)).unwrap();
    fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
        serde_json::to_value(value).unwrap()
    }

    let token = endpoint("post-oauth-token");
    assert!(!read("post-oauth-token").contains("s3cret"), "{}", read("post-oauth-token"));
    assert_eq!(
        json(&token.auth),
        serde_json::json!({ "basic": { "user": "{BASIC_USER}", "password": "{BASIC_PASSWORD}" } })
    );
    assert_eq!(
        json(&token.body),
        serde_json::json!({ "form": [
            { "name": "grant_type", "value": "client_credentials" },
            { "name": "audience", "value": "https://api.example.com/" },
            { "name": "scope", "value": "read:users write:users" },
        ] })
    );
    assert!(token.headers.is_empty(), "{:?}", token.headers);

    let upload = endpoint("post-api-v2-jobs-users-imports");
    assert_eq!(
        json(&upload.body),
        serde_json::json!({ "multipart": [
            { "name": "users", "file": "{USERS_FILE}", "filename": "users.json", "content_type": "application/json" },
            { "name": "connection_id", "value": "{CONNECTION_ID}" },
            { "name": "upsert", "value": "true" },
        ] })
    );
    assert!(upload.headers.is_empty(), "the client writes the boundary: {:?}", upload.headers);
    let names: Vec<&str> = upload.placeholders.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["ACCESS_TOKEN", "USERS_FILE", "CONNECTION_ID"]);

    let document = endpoint("put-documents-document-id");
    assert_eq!(
        json(&document.body),
        serde_json::json!({
            "content_type": "application/xml; charset=utf-8",
            "text": "<?xml version=\"1.0\"?>\n<doc lang=\"{{lang}\">Hello {{{{ name }}</doc>\n",
        })
    );
    assert_eq!(json(&document.headers), serde_json::json!([{ "name": "x-api-key", "value": "{API_KEY}" }]));

    let session = endpoint("delete-sessions-session-id");
    assert_eq!(
        json(&session.cookies),
        serde_json::json!([{ "name": "session_key", "value": "{API_KEY}" }, { "name": "theme", "value": "dark" }])
    );
    assert!(session.headers.is_empty(), "{:?}", session.headers);

    let image = endpoint("put-images-image-id");
    assert_eq!(json(&image.body), serde_json::json!({ "content_type": "image/png", "binary": "{BODY_FILE}" }));
    assert_eq!(json(&image.cookies), serde_json::json!([{ "name": "theme", "value": "dark" }]));

    let build = apiglot(root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let run = apiglot(root, &["samples", kinds.to_str().unwrap(), "--target", "curl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // A re-import keeps the team's edit of a body.
    let edited = read("post-api-v2-jobs-users-imports").replace("filename: users.json", "filename: ours.json");
    std::fs::write(root.join("endpoints/post-api-v2-jobs-users-imports.yaml"), edited).unwrap();
    let run = apiglot(root, &["import", "har", kinds.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read("post-api-v2-jobs-users-imports").contains("filename: ours.json"));
}
