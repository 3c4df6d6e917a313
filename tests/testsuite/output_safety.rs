//! What apiglot promises about the folders it writes (`build --out`, `samples --out`,
//! `import --into`): nothing outside them is written or deleted, never through a link; only a
//! new, empty or apiglot's folder is written without `--force`; and a folder is old or new,
//! never mixed, whatever stops the build (an error, a full disk, a kill).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{apiglot, example_project, repo, snapshot_dir};

/// `apiglot` in `dir` with the environment variable `name` set (the debug build's fault hooks).
fn apiglot_with(dir: &Path, args: &[&str], name: &str, value: &str) -> crate::helpers::Run {
    let output = Command::new(crate::helpers::bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env(name, value)
        .output()
        .unwrap();
    crate::helpers::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A built example project whose English titles then change, so the next build rewrites
/// pages in some locales and not others.
fn built_then_changed() -> tempfile::TempDir {
    let project = example_project(None);
    let root = project.path();
    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for locale in ["en", "fr", "ja"] {
        let ftl = root.join(format!("locales/{locale}/remove-members.ftl"));
        let text = std::fs::read_to_string(&ftl).unwrap();
        std::fs::write(&ftl, text.replacen("remove-members-title = ", "remove-members-title = NEW ", 1)).unwrap();
    }
    project
}

/// The folders beside `out` that a build stages in.
fn staging_folders(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".out.apiglot-"))
        .collect();
    found.sort();
    found
}

/// A folder outside the project with one file in it, and its snapshot.
fn outside() -> (tempfile::TempDir, Vec<(PathBuf, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.txt"), "not apiglot's\n").unwrap();
    std::fs::write(dir.path().join("index.html"), "not apiglot's either\n").unwrap();
    let snapshot = snapshot_dir(dir.path());
    (dir, snapshot)
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
#[cfg(unix)]
fn a_planted_link_named_in_the_manifest_is_refused_and_its_target_kept() {
    let project = example_project(None);
    let root = project.path();
    assert_eq!(apiglot(root, &["build"]).code, 0);
    let (victim, before) = outside();
    symlink(victim.path(), &root.join("out/link"));
    let manifest = root.join("out").join(apiglot::output::MANIFEST);
    let mut listed = std::fs::read_to_string(&manifest).unwrap();
    listed.push_str("link/x.txt\n");
    std::fs::write(&manifest, listed).unwrap();
    let out_before = snapshot_dir(&root.join("out"));

    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("out/link: is a symbolic link inside a folder apiglot writes"), "{}", run.stderr);
    assert!(run.stderr.contains("help: remove the link (`rm out/link`)"), "{}", run.stderr);
    assert_eq!(snapshot_dir(victim.path()), before, "the folder the link points to is untouched");
    assert_eq!(snapshot_dir(&root.join("out")), out_before);

    let check = apiglot(root, &["build", "--check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("symbolic link where apiglot writes (the build refuses it): link"),
        "{}",
        check.stderr
    );
}

#[test]
#[cfg(unix)]
fn a_locale_folder_that_is_a_link_is_refused_and_its_target_kept() {
    let project = built_then_changed();
    let root = project.path();
    let (victim, before) = outside();
    std::fs::remove_dir_all(root.join("out/en")).unwrap();
    symlink(victim.path(), &root.join("out/en"));
    let out_before = snapshot_dir(&root.join("out"));

    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("out/en: is a symbolic link inside a folder apiglot writes"), "{}", run.stderr);
    assert_eq!(snapshot_dir(victim.path()), before);
    assert_eq!(snapshot_dir(&root.join("out")), out_before, "no locale is new while another is old");
    assert!(staging_folders(root).is_empty(), "the staging folder of the refused build is gone");
}

#[test]
#[cfg(unix)]
fn samples_out_refuses_a_link_inside_it_too() {
    let dir = tempfile::tempdir().unwrap();
    let har = repo().join("tests/cases/har/capture.har");
    let args = ["samples", har.to_str().unwrap(), "--target", "python", "--out", "samples"];
    assert_eq!(apiglot(dir.path(), &args).code, 0);
    let (victim, before) = outside();
    std::fs::remove_dir_all(dir.path().join("samples/get-v1-logs")).unwrap();
    symlink(victim.path(), &dir.path().join("samples/get-v1-logs"));

    let run = apiglot(dir.path(), &args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("samples/get-v1-logs: is a symbolic link inside a folder apiglot writes"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_dir(victim.path()), before);
}

#[test]
#[cfg(unix)]
fn an_output_folder_that_is_a_link_needs_follow_out_link() {
    let project = example_project(None);
    let root = project.path();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("site");
    std::fs::create_dir(&target).unwrap();
    symlink(&target, &root.join("out"));

    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("out: --out names a symbolic link"), "{}", run.stderr);
    assert!(run.stderr.contains("help: pass --follow-out-link to write into"), "{}", run.stderr);
    assert!(snapshot_dir(&target).is_empty());

    let run = apiglot(root, &["build", "--follow-out-link"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(target.join("en/remove-members.md").is_file(), "written where the link points");
    assert!(std::fs::symlink_metadata(root.join("out")).unwrap().file_type().is_symlink(), "the link stays");
    let again = apiglot(root, &["build", "--follow-out-link"]);
    assert!(again.stderr.contains("unchanged since the last build"), "{}", again.stderr);
}

#[test]
fn a_folder_of_someone_elses_is_refused_and_force_keeps_its_files() {
    let project = example_project(None);
    let root = project.path();
    std::fs::create_dir(root.join("site")).unwrap();
    std::fs::write(root.join("site/notes.txt"), "mine\n").unwrap();

    let run = apiglot(root, &["build", "--out", "site"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("site: --out names a folder that holds notes.txt; it holds no .apiglot-manifest"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("or pass --force"), "{}", run.stderr);
    assert_eq!(snapshot_dir(&root.join("site")).len(), 1);

    let run = apiglot(root, &["build", "--out", "site", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(root.join("site/notes.txt")).unwrap(), "mine\n");
    // Now apiglot's: no --force needed, and the user's file is still kept.
    assert_eq!(apiglot(root, &["build", "--out", "site", "--locale", "en"]).code, 0);
    assert_eq!(std::fs::read_to_string(root.join("site/notes.txt")).unwrap(), "mine\n");
    assert!(!root.join("site/fr").exists(), "outputs no longer generated are gone");
}

#[test]
fn never_the_project_the_current_folder_or_a_folder_that_holds_them() {
    let project = example_project(None);
    let root = project.path();
    let root_arg = root.to_str().unwrap();
    // `--out /` is refused by the same check (a unit test in output.rs: run here, an older
    // binary would write into `/`).
    for (args, message) in [
        (vec!["build", "--out", ".", "--force"], ".: --out names the project folder"),
        (vec!["build", "--out", "..", "--force"], "..: --out names a folder that holds the project folder"),
        (vec!["build", "--root", root_arg, "--out", root_arg, "--force"], "--out names the project folder"),
    ] {
        let run = apiglot(root, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("help: name a folder of its own"), "{}", run.stderr);
    }
    assert!(!root.join(apiglot::output::MANIFEST).exists() && !root.join("en").exists());
    let har = repo().join("tests/cases/har/capture.har");
    let run = apiglot(root, &["samples", har.to_str().unwrap(), "--out", ".", "--force"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(".: --out names the current folder"), "{}", run.stderr);
    assert!(!root.join(apiglot::output::MANIFEST).exists());
}

#[test]
fn a_manifest_that_is_a_folder_leaves_out_as_it_was() {
    let project = built_then_changed();
    let root = project.path();
    let manifest = root.join("out").join(apiglot::output::MANIFEST);
    std::fs::remove_file(&manifest).unwrap();
    std::fs::create_dir(&manifest).unwrap();
    std::fs::write(manifest.join("note"), "a folder\n").unwrap();
    let before = snapshot_dir(&root.join("out"));

    let run = apiglot(root, &["build", "--force"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("out/.apiglot-manifest: is a folder where apiglot writes a file"), "{}", run.stderr);
    assert_eq!(snapshot_dir(&root.join("out")), before);
    assert!(staging_folders(root).is_empty());
}

#[test]
fn a_file_where_apiglot_writes_a_folder_leaves_out_as_it_was() {
    let project = built_then_changed();
    let root = project.path();
    std::fs::remove_dir_all(root.join("out/ja")).unwrap();
    std::fs::write(root.join("out/ja"), "a file of the user's\n").unwrap();
    let before = snapshot_dir(&root.join("out"));

    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("out/ja: is a file where apiglot writes a folder"), "{}", run.stderr);
    assert_eq!(snapshot_dir(&root.join("out")), before);
}

#[test]
fn a_full_disk_half_way_leaves_out_as_it_was_and_nothing_beside_it() {
    let project = built_then_changed();
    let root = project.path();
    let before = snapshot_dir(&root.join("out"));
    let run = apiglot_with(root, &["build"], "APIGLOT_TEST_FAIL_AFTER", "5");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no space left"), "{}", run.stderr);
    assert_eq!(snapshot_dir(&root.join("out")), before, "every locale old");
    assert!(staging_folders(root).is_empty());
}

#[test]
fn a_killed_build_leaves_out_old_and_the_next_build_cleans_up() {
    let project = built_then_changed();
    let root = project.path();
    let before = snapshot_dir(&root.join("out"));
    let run = apiglot_with(root, &["build"], "APIGLOT_TEST_ABORT_AFTER", "5");
    assert_ne!(run.code, 0, "killed: {}", run.stderr);
    assert_eq!(snapshot_dir(&root.join("out")), before, "every locale old");
    let left = staging_folders(root);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].join(apiglot::staging::MARKER).is_file());

    let check = apiglot(root, &["build", "--check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let name = left[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        check.stderr.contains(&format!("left by an interrupted build (the next build removes it): {name}")),
        "{}",
        check.stderr
    );

    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(staging_folders(root).is_empty(), "the leftover is removed");
    assert!(std::fs::read_to_string(root.join("out/ja/remove-members.md")).unwrap().contains("NEW "));
    assert_eq!(apiglot(root, &["build", "--check"]).code, 0);
}

#[test]
fn a_build_killed_right_after_the_swap_leaves_out_new() {
    let project = built_then_changed();
    let root = project.path();
    let run = apiglot_with(root, &["build"], "APIGLOT_TEST_ABORT_AFTER", "swap");
    assert_ne!(run.code, 0, "killed: {}", run.stderr);
    assert!(std::fs::read_to_string(root.join("out/en/remove-members.md")).unwrap().contains("NEW "));
    assert_eq!(staging_folders(root).len(), 1, "the old tree is left beside out/");
    // The stamp says out/ is current, yet the leftover is removed by the next build.
    assert_eq!(apiglot(root, &["build"]).code, 0);
    assert!(staging_folders(root).is_empty());
}

#[test]
fn a_killed_first_build_leaves_no_folder_for_good() {
    let project = example_project(None);
    let root = project.path();
    let run = apiglot_with(root, &["build"], "APIGLOT_TEST_ABORT_AFTER", "3");
    assert_ne!(run.code, 0, "killed: {}", run.stderr);
    assert!(!root.join("out").exists());
    assert_eq!(staging_folders(root).len(), 1);
    assert_eq!(apiglot(root, &["build"]).code, 0);
    assert!(staging_folders(root).is_empty());
}

#[test]
fn a_folder_with_the_staging_name_but_no_marker_is_never_deleted() {
    let project = example_project(None);
    let root = project.path();
    let lookalike = root.join(".out.apiglot-new-12345");
    std::fs::create_dir(&lookalike).unwrap();
    std::fs::write(lookalike.join("keep.txt"), "mine\n").unwrap();
    assert_eq!(apiglot(root, &["build"]).code, 0);
    assert!(lookalike.join("keep.txt").is_file());
}

#[test]
fn temporary_files_of_an_interrupted_build_are_reported_and_removed() {
    let project = example_project(None);
    let root = project.path();
    assert_eq!(apiglot(root, &["build"]).code, 0);
    // What an earlier apiglot's per-file writer left when killed (it had removed the stamp).
    std::fs::write(root.join("out/fr/.apiglot-Ab12Cd"), "").unwrap();
    std::fs::remove_file(root.join("out").join(apiglot::output::STAMP)).unwrap();
    let check = apiglot(root, &["build", "--check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains("temporary file of an interrupted build"), "{}", check.stderr);
    assert!(check.stderr.contains("fr/.apiglot-Ab12Cd"), "{}", check.stderr);

    assert_eq!(apiglot(root, &["build"]).code, 0);
    assert!(!root.join("out/fr/.apiglot-Ab12Cd").exists());
    assert_eq!(apiglot(root, &["build", "--check"]).code, 0);
}

#[test]
#[cfg(unix)]
fn unchanged_files_and_the_users_files_keep_their_identity() {
    use std::os::unix::fs::MetadataExt;
    let project = built_then_changed();
    let root = project.path();
    std::fs::write(root.join("out/notes.txt"), "mine\n").unwrap();
    let inode = |p: &str| std::fs::metadata(root.join("out").join(p)).unwrap().ino();
    let (notes, unchanged, changed) =
        (inode("notes.txt"), inode("fr/assign-members.md"), inode("fr/remove-members.md"));
    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(inode("notes.txt"), notes, "the user's file is the same file");
    assert_eq!(inode("fr/assign-members.md"), unchanged, "an unchanged page is the same file");
    assert_ne!(inode("fr/remove-members.md"), changed, "a changed page is a new file");
}

/// An empty project rendering en, ja and fr, and the path of an import case.
fn import_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("apiglot.toml"), "locales = [\"en\", \"ja\", \"fr\"]\n").unwrap();
    dir
}

fn import_case(name: &str) -> String {
    repo().join("tests/cases/import").join(name).display().to_string()
}

#[test]
fn a_failing_import_writes_nothing() {
    let project = import_project();
    let root = project.path();
    // The last file the import writes cannot be written: a folder is in its place.
    std::fs::create_dir_all(root.join("locales/en/post-users-imports.ftl")).unwrap();
    let before = snapshot_dir(root);
    let run = apiglot(root, &["import", "openapi", &import_case("auth0-trimmed.json")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("locales/en/post-users-imports.ftl: a folder where a file goes"), "{}", run.stderr);
    assert_eq!(snapshot_dir(root), before, "no endpoint, message or import state written");
    assert!(!root.join("endpoints").exists(), "not even an empty endpoints folder");
}

#[test]
fn an_operation_id_too_long_for_a_file_name_is_shortened_with_a_note() {
    let project = import_project();
    let root = project.path();
    let long = "listEveryThing".repeat(360);
    let spec = serde_json::json!({
        "openapi": "3.0.0",
        "info": { "title": "Long", "version": "1" },
        "servers": [{ "url": "https://api.example.com" }],
        "paths": { "/things": { "get": { "operationId": long, "summary": "List things", "responses": { "200": { "description": "OK" } } } } }
    });
    std::fs::write(root.join("spec.json"), spec.to_string()).unwrap();
    let run = apiglot(root, &["import", "openapi", "spec.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids: Vec<String> = std::fs::read_dir(root.join("endpoints"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".yaml").to_string())
        .collect();
    assert_eq!(ids.len(), 1);
    let id = &ids[0];
    assert!(id.len() <= apiglot::fsutil::MAX_ID_LEN && id.starts_with("list-every-thinglist-every-thing"), "{id}");
    assert!(
        run.stdout.contains(&format!("note: {id}: the id is shortened to `{id}` (it was 5760 characters")),
        "{}",
        run.stdout
    );
    let build = apiglot(root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(root.join(format!("out/en/{id}.html")).is_file());
    // The same spec gives the same id: a re-import changes nothing.
    let again = apiglot(root, &["import", "openapi", "spec.json"]);
    assert!(again.stdout.contains("0 added, 0 changed, 1 unchanged"), "{}", again.stdout);
}

#[test]
fn a_captured_request_with_a_one_megabyte_url_imports_and_renders() {
    let project = import_project();
    let root = project.path();
    let url = format!("https://api.example.com/{}", "a".repeat(1 << 20));
    let har = serde_json::json!({ "log": { "entries": [{ "request": { "method": "GET", "url": url } }] } });
    std::fs::write(root.join("big.har"), har.to_string()).unwrap();
    let run = apiglot(root, &["import", "har", "big.har"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("the id is shortened to `get-aaaa"), "{}", run.stdout);
    let samples = apiglot(root, &["samples", "big.har", "--target", "curl", "--out", "samples"]);
    assert_eq!(samples.code, 0, "{}", samples.stderr);
    let files = snapshot_dir(&root.join("samples"));
    assert_eq!(files.len(), 2, "the manifest and one sample");
    assert!(files[1].0.to_string_lossy().len() < 120, "{}", files[1].0.display());
}

#[test]
fn import_into_a_folder_of_other_files_needs_force() {
    let project = import_project();
    let root = project.path();
    std::fs::create_dir(root.join("docs")).unwrap();
    std::fs::write(root.join("docs/README.md"), "mine\n").unwrap();
    let run = apiglot(root, &["import", "openapi", &import_case("auth0-trimmed.json"), "--into", "docs"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("docs: --into names a folder that holds README.md"), "{}", run.stderr);
    assert!(run.stderr.contains("endpoint files (.yaml, .yml)"), "{}", run.stderr);
    assert!(!root.join(apiglot::import::STATE_FILE).exists());

    let run = apiglot(root, &["import", "openapi", &import_case("auth0-trimmed.json"), "--into", "docs", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(root.join("docs/delete-members.yaml").is_file());
    assert_eq!(std::fs::read_to_string(root.join("docs/README.md")).unwrap(), "mine\n");
    for into in [".", ".."] {
        let run = apiglot(root, &["import", "openapi", &import_case("auth0-trimmed.json"), "--into", into, "--force"]);
        assert_eq!(run.code, 2, "{into}: {}", run.stderr);
        assert!(run.stderr.contains("the project folder"), "{}", run.stderr);
    }
}

#[test]
#[cfg(unix)]
fn import_into_a_link_needs_follow_into_link() {
    let project = import_project();
    let root = project.path();
    let (victim, before) = outside();
    let shared = victim.path().join("endpoints");
    std::fs::create_dir(&shared).unwrap();
    symlink(&shared, &root.join("endpoints"));
    let run = apiglot(root, &["import", "openapi", &import_case("auth0-trimmed.json")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--into names a symbolic link"), "{}", run.stderr);
    assert!(run.stderr.contains("pass --follow-into-link"), "{}", run.stderr);
    assert_eq!(snapshot_dir(victim.path()), before);
    assert!(!root.join(apiglot::import::STATE_FILE).exists());

    let run = apiglot(root, &["import", "openapi", &import_case("auth0-trimmed.json"), "--follow-into-link"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(shared.join("delete-members.yaml").is_file());
}
