//! `apiglot build`: golden samples for every target and endpoint, and the behaviour of the
//! output folder (deterministic, atomic, incremental, checked).

use std::path::Path;

use crate::helpers::{apiglot, example_project, repo, samples, snapshot_dir};

fn assert_golden(project: &str, root: &Path) {
    for (endpoint, rendered) in samples(root) {
        assert_eq!(rendered.len(), 10, "{endpoint}: ten targets");
        for sample in rendered {
            insta::assert_snapshot!(format!("{project}__{endpoint}__{}", sample.target), sample.code);
        }
    }
}

#[test]
fn golden_samples_of_the_example_project() {
    assert_golden("example", &repo());
}

/// The clients a project chooses by name (every target beyond the ten defaults), on every
/// endpoint of the example and of `tests/cases/kinds` (each body kind and way to authenticate).
#[test]
fn golden_samples_of_every_other_client() {
    for (project, root) in [("example", repo()), ("kinds", repo().join("tests/cases/kinds"))] {
        let loaded = apiglot::load::project(&root).unwrap();
        let (model, engine) = apiglot::prepare(&loaded, &loaded.config.locales).unwrap();
        let defaults = apiglot::targets::SampleTarget::DEFAULT_IDS;
        for endpoint in &model.endpoints {
            for &target in apiglot::targets::SampleTarget::BUILTIN.iter().filter(|t| !defaults.contains(&t.id)) {
                let sample = apiglot::render::sample(&engine, target, &endpoint.request).unwrap();
                insta::assert_snapshot!(format!("{project}__{}__{}", endpoint.id, target.id), sample.code);
            }
        }
    }
}

#[test]
fn golden_samples_of_every_request_shape() {
    assert_golden("shapes", &repo().join("tests/cases/shapes"));
}

#[test]
fn samples_come_in_the_documented_order_with_their_info_strings() {
    let rendered = samples(&repo());
    let infos: Vec<&str> = rendered[0].1.iter().map(|s| s.info).collect();
    assert_eq!(infos, ["bash", "csharp", "go", "java", "javascript", "objectivec", "php", "python", "ruby", "swift"]);
    let page = std::fs::read_to_string(repo().join("out/ja/remove-members.md")).unwrap();
    let fences: Vec<&str> = page.lines().filter_map(|l| l.strip_prefix("```")).filter(|l| !l.is_empty()).collect();
    assert_eq!(fences, infos);
}

#[test]
fn the_committed_out_folder_is_up_to_date() {
    let run = apiglot(&repo(), &["build", "--check", "--out", "out"]);
    assert_eq!(run.code, 0, "out/ is stale; run `cargo run -- build` and commit:\n{}", run.stderr);
}

#[test]
fn builds_are_deterministic() {
    let project = example_project(None);
    assert_eq!(apiglot(project.path(), &["build", "--out", "a"]).code, 0);
    assert_eq!(apiglot(project.path(), &["build", "--out", "b"]).code, 0);
    assert_eq!(snapshot_dir(&project.path().join("a")), snapshot_dir(&project.path().join("b")));
}

#[test]
fn check_names_stale_missing_and_leftover_files() {
    let project = example_project(None);
    let root = project.path();
    assert_eq!(apiglot(root, &["build"]).code, 0);
    assert_eq!(apiglot(root, &["build", "--check"]).code, 0);

    std::fs::write(root.join("out/fr/assign-members.md"), "edited by hand\n").unwrap();
    std::fs::remove_file(root.join("out/ja/remove-members.html")).unwrap();
    std::fs::remove_file(root.join("endpoints/delete-organization-members.yaml")).unwrap();
    let run = apiglot(root, &["build", "--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("differs: fr/assign-members.md"), "{}", run.stderr);
    assert!(run.stderr.contains("no longer generated: en/remove-members.md"), "{}", run.stderr);
    assert!(!run.stderr.contains("missing: ja/remove-members.html"), "a deleted guide is not missing");
}

#[test]
fn a_rebuild_writes_only_what_changed_and_removes_outputs_of_deleted_endpoints() {
    let project = example_project(None);
    let root = project.path();
    std::fs::create_dir_all(root.join("out")).unwrap();
    std::fs::write(root.join("out/notes.txt"), "not ours").unwrap();
    // A folder of someone else's is written into only with --force (output_safety.rs).
    // 18 pages in Markdown and HTML, an index and a sidebar script per locale, the site's
    // home page and 2 assets.
    assert!(apiglot(root, &["build", "--force"]).stderr.contains("45 written"));
    assert!(apiglot(root, &["build"]).stderr.contains("0 written, 0 removed"));

    std::fs::remove_file(root.join("endpoints/delete-organization-members.yaml")).unwrap();
    let run = apiglot(root, &["build"]);
    assert!(run.stderr.contains("6 written, 6 removed"), "the indexes and sidebars change: {}", run.stderr);
    assert!(!root.join("out/en/remove-members.md").exists());
    assert!(root.join("out/notes.txt").exists(), "files apiglot did not write are kept");
}

#[test]
fn fallback_goes_through_the_parent_locale_and_strict_refuses_it() {
    let root = repo().join("tests/cases/shapes");
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    let run = apiglot(&root, &["build", "--out", out_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: locale fr-CA: 11 more messages are missing; `apiglot list` shows them all"),
        "{}",
        run.stderr
    );

    let fr_ca = std::fs::read_to_string(out.path().join("fr-CA/shapes.md")).unwrap();
    assert!(fr_ca.starts_with("# Formes de requêtes (Canada)\n"));
    assert!(fr_ca.contains("| `STORE_ID` | Le magasin. |"), "from fr");
    assert!(fr_ca.contains("| `CUSTOMER_ID` | The customer. |"), "from en");
    let html = std::fs::read_to_string(out.path().join("fr-CA/shapes.html")).unwrap();
    assert!(html.contains("<html lang=\"fr-CA\">") && html.contains("<title>Formes de requêtes (Canada)</title>"));

    let strict_out = tempfile::tempdir().unwrap();
    let strict = apiglot(&root, &["build", "--strict", "--out", strict_out.path().to_str().unwrap()]);
    assert_eq!(strict.code, 2);
    assert!(strict.stderr.contains("locale fr: message `shapes-intro` is missing"), "{}", strict.stderr);
    assert!(
        strict
            .stderr
            .contains("locale fr-CA: message `shapes-store-id` is missing (used the one in ./locales/fr/shapes.ftl)"),
        "{}",
        strict.stderr
    );
    assert!(snapshot_dir(strict_out.path()).is_empty(), "nothing written");
}

#[test]
fn fluent_arguments_come_from_the_endpoint_and_no_isolation_mark_lands_in_output() {
    let page = std::fs::read_to_string(repo().join("out/fr/assign-members.md")).unwrap();
    assert!(page.contains("un maximum de 10\u{a0}membres"), "the limit comes from the endpoint");
    assert!(page.contains("la permission `create:organization_members`"));
    for (path, bytes) in snapshot_dir(&repo().join("out")) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{}: isolation mark", path.display());
    }
}

#[test]
fn table_cells_escape_pipes_and_html_escapes_text() {
    let root = repo().join("tests/cases/shapes");
    let out = tempfile::tempdir().unwrap();
    assert_eq!(apiglot(&root, &["build", "--locale", "en", "--out", out.path().to_str().unwrap()]).code, 0);
    let md = std::fs::read_to_string(out.path().join("en/shapes.md")).unwrap();
    assert!(md.contains("| `REQUEST_ID` | A request id \\| with a pipe. |"));
    let html = std::fs::read_to_string(out.path().join("en/shapes.html")).unwrap();
    assert!(html.contains("<td>A request id | with a pipe.</td>"), "{html}");
    assert!(html.contains(
        "user_name%3A%22<span class=\"ph\" tabindex=\"0\" aria-describedby=\"ph-list-logs-USER_NAME\">USER_NAME</span>%22"
    ));
    assert!(!out.path().join("fr").exists(), "--locale renders only that locale");
}

#[test]
fn targets_lists_each_client_with_what_proves_it() {
    let run = apiglot(&repo(), &["targets", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["version"], env!("CARGO_PKG_VERSION"));
    let list = value["targets"].as_array().unwrap();
    let ids: Vec<&str> = list.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, apiglot::targets::SampleTarget::ids());
    for t in list {
        for field in ["language", "client", "info", "label"] {
            assert!(t[field].as_str().is_some_and(|v| !v.is_empty()), "{field}: {t}");
        }
        assert_eq!(t["parses"], true, "{t}");
        assert_eq!(t["runs"].as_bool().unwrap(), t["runtime"].is_string(), "{t}");
    }
    let human = apiglot(&repo(), &["targets"]);
    assert_eq!(human.stdout.lines().count(), list.len());
    assert!(human.stdout.starts_with("curl "), "{}", human.stdout);
}

#[test]
fn schema_describes_the_endpoint_format() {
    let run = apiglot(&repo(), &["schema"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let properties = schema["properties"].as_object().unwrap();
    for field in [
        "id",
        "guide",
        "method",
        "server",
        "path",
        "query",
        "headers",
        "auth",
        "body",
        "cookies",
        "scope",
        "scopes",
        "limits",
        "placeholders",
        "responses",
    ] {
        assert!(properties.contains_key(field), "{field}");
    }
    assert_eq!(schema["additionalProperties"], serde_json::json!(false), "unknown fields are refused");
    // Every kind of body and auth, and the parts of a multipart body, are in the schema.
    let defs = &schema["$defs"];
    for (def, fields) in [
        ("Body", &["content_type", "json", "form", "multipart", "text", "binary"][..]),
        ("Auth", &["bearer", "basic", "api_key"][..]),
        ("Part", &["name", "value", "file", "filename", "content_type"][..]),
        ("ApiKey", &["name", "in", "value"][..]),
        ("BasicAuth", &["user", "password"][..]),
    ] {
        for field in fields {
            assert!(defs[def]["properties"].get(field).is_some(), "{def}.{field}: {}", defs[def]);
        }
        assert_eq!(defs[def]["additionalProperties"], serde_json::json!(false), "{def}");
    }
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(apiglot(&repo(), &["build", "--no-such-flag"]).code, 2);
    assert_eq!(apiglot(&repo(), &["--help"]).code, 0);
    let elsewhere = tempfile::tempdir().unwrap();
    let run = apiglot(elsewhere.path(), &["build"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("apiglot.toml") && run.stderr.contains("--root"), "{}", run.stderr);
}

#[test]
fn a_project_template_overrides_the_built_in_one_of_the_same_name() {
    let project = example_project(None);
    let root = project.path();
    std::fs::create_dir_all(root.join("templates/samples")).unwrap();
    std::fs::write(root.join("templates/samples/python.tera"), "# {{ r.method }} {{ r.url }}\n").unwrap();
    assert_eq!(apiglot(root, &["build"]).code, 0);
    let page = std::fs::read_to_string(root.join("out/en/remove-members.md")).unwrap();
    assert!(
        page.contains("```python\n# DELETE https://{yourDomain}/api/v2/organizations/ORG_ID/members\n```"),
        "{page}"
    );
    assert!(page.contains("```ruby\nrequire 'uri'"), "other targets keep their defaults");
}

#[test]
fn list_shows_endpoints_guides_locales_and_untranslated_messages() {
    let run = apiglot(&repo().join("tests/cases/shapes"), &["list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("  create-order  POST /stores/{STORE_ID}/customers/{CUSTOMER_ID}/orders  (guide shapes)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  fr-CA  chain fr-CA > fr > en  missing 21  untranslated 0  stale 0\n"),
        "{}",
        run.stdout
    );
    let run = apiglot(&repo().join("tests/cases/shapes"), &["messages", "--locale", "fr-CA"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("locale fr-CA: missing 21, untranslated 0, stale 0\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("  missing       shapes-store-id  (pages use fr's, ./locales/fr/shapes.ftl)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  missing       shapes-intro  (pages use en's, ./locales/en/shapes.ftl)\n"),
        "{}",
        run.stdout
    );
}

/// Each file below `dir` with its modification time: a file rewritten with the same bytes
/// still shows.
fn mtimes(dir: &Path) -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), e.metadata().unwrap().modified().unwrap()))
        .collect()
}

#[test]
fn a_no_op_rebuild_writes_nothing_and_a_changed_input_or_output_is_rebuilt() {
    let project = example_project(None);
    let root = project.path();
    let out = root.join("out");
    assert_eq!(apiglot(root, &["build"]).code, 0);
    let before = mtimes(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));

    // Skipped by the stamp: same inputs, same apiglot, outputs untouched.
    let run = apiglot(root, &["build"]);
    assert!(run.stderr.contains("rendered 18 pages, 80 samples, 0 written, 0 removed"), "{}", run.stderr);
    assert!(run.stderr.contains("unchanged since the last build"), "{}", run.stderr);
    assert_eq!(mtimes(&out), before, "a no-op rebuild touches no file");

    // Without the stamp everything is rendered and compared, and still nothing is written.
    std::fs::remove_file(out.join(apiglot::output::STAMP)).unwrap();
    let run = apiglot(root, &["build"]);
    assert!(run.stderr.contains("0 written, 0 removed") && !run.stderr.contains("unchanged"), "{}", run.stderr);
    let after: Vec<_> = mtimes(&out).into_iter().filter(|(p, _)| !p.ends_with(apiglot::output::STAMP)).collect();
    let before: Vec<_> = before.into_iter().filter(|(p, _)| !p.ends_with(apiglot::output::STAMP)).collect();
    assert_eq!(after, before, "a re-render of unchanged pages touches no file");

    // An output edited by hand is not trusted: it is rendered again.
    std::fs::write(out.join("fr/assign-members.md"), "edited by hand\n").unwrap();
    let run = apiglot(root, &["build"]);
    assert!(run.stderr.contains("1 written, 0 removed"), "{}", run.stderr);

    // A changed input is rendered, and only the pages it changes are written.
    let ftl = root.join("locales/ja/remove-members.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, text.replacen("remove-members-title = ", "remove-members-title = 新: ", 1)).unwrap();
    let run = apiglot(root, &["build"]);
    // The page's Markdown and HTML, and the locale's index and sidebar script, which list the title.
    assert!(run.stderr.contains("4 written, 0 removed"), "{}", run.stderr);
    assert!(std::fs::read_to_string(out.join("ja/remove-members.md")).unwrap().contains("新: "));
    assert!(std::fs::read_to_string(out.join("ja/index.html")).unwrap().contains("新: "));

    // --locale builds and full builds do not mistake each other's outputs for their own.
    let run = apiglot(root, &["build", "--locale", "en"]);
    assert!(!run.stderr.contains("unchanged"), "{}", run.stderr);
}

#[test]
fn a_skipped_rebuild_repeats_the_warnings_of_the_build_it_skips() {
    let root = repo().join("tests/cases/shapes");
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    let first = apiglot(&root, &["build", "--out", out_arg]);
    let second = apiglot(&root, &["build", "--out", out_arg]);
    assert!(second.stderr.contains("unchanged since the last build"), "{}", second.stderr);
    let warnings = |s: &str| s.lines().filter(|l| l.starts_with("warning:")).map(String::from).collect::<Vec<_>>();
    assert!(!warnings(&first.stderr).is_empty());
    assert_eq!(warnings(&second.stderr), warnings(&first.stderr));
}

/// A reference page (tests/cases/reference): every parameter with its place, type, default,
/// allowed values and example; nested body fields by their path; response examples, JSON
/// formatted and highlighted. Every word comes from the locale's messages.
#[test]
fn reference_pages_list_parameters_body_fields_and_response_examples() {
    let root = repo().join("tests/cases/reference");
    let out = tempfile::tempdir().unwrap();
    assert_eq!(apiglot(&root, &["build", "--out", out.path().to_str().unwrap()]).code, 0);
    for locale in ["en", "ja", "fr"] {
        let md = std::fs::read_to_string(out.path().join(format!("{locale}/create-user.md"))).unwrap();
        insta::assert_snapshot!(format!("reference__create-user__{locale}"), md);
    }
    let html = std::fs::read_to_string(out.path().join("fr/create-user.html")).unwrap();
    assert!(html.contains("<h3>Paramètres</h3>") && html.contains("<h3>Corps de la requête</h3>"), "{html}");
    assert!(html.contains("<td><code>identities[].provider</code></td><td>chaîne</td><td>obligatoire</td>"), "{html}");
    // The JSON example is highlighted; the text example is escaped, never a tag.
    assert!(html.contains("<span class=\"hl-string\">&quot;auth0|5f7c8ec7c33c6c004bbafe82&quot;</span>"), "{html}");
    assert!(html.contains("Bad Request: &lt;email&gt; is not valid") && !html.contains("<email>"), "{html}");
    // What `check` reads of these pages is what the project says: tables, captions and
    // example blocks are neither drift nor samples.
    let mut args = vec!["check".to_string()];
    for locale in ["en", "ja", "fr"] {
        for ext in ["md", "html"] {
            args.push(out.path().join(format!("{locale}/create-user.{ext}")).display().to_string());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let check = apiglot(&root, &args);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("6 page(s), 0 finding(s)"), "{}", check.stdout);
}

/// `--out` is inside `--root` when relative: `build --root x` writes `x/out` from anywhere.
#[test]
fn a_relative_out_is_inside_the_root() {
    let project = example_project(None);
    let parent = project.path().parent().unwrap();
    let name = project.path().file_name().unwrap().to_str().unwrap();
    let run = apiglot(parent, &["build", "--root", name, "--out", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(project.path().join("site/en/remove-members.md").is_file(), "{}", run.stderr);
    assert!(!parent.join("site").exists(), "nothing in the current folder");
    let run = apiglot(parent, &["build", "--root", name]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(project.path().join("out/en/remove-members.md").is_file());
}

/// A JSON body longer than `JSON_WIDTH` on one line is written across lines by every target
/// whose string literal can hold line feeds as they are (shell, PHP and Ruby single quotes, Go,
/// Rust and R raw strings, C# verbatim strings, Java text blocks, Python triple quotes,
/// PowerShell here-strings);
/// a short one stays on one line.
#[test]
fn long_json_bodies_are_written_across_lines_where_the_literal_allows() {
    let root = repo().join("tests/cases/shapes");
    let loaded = apiglot::load::project(&root).unwrap();
    let (model, engine) = apiglot::prepare(&loaded, &loaded.config.locales).unwrap();
    let long = model.endpoints.iter().find(|e| e.id == "create-order").unwrap();
    let short = model.endpoints.iter().find(|e| e.id == "replace-tags").unwrap();
    assert!(!long.request.body.as_ref().unwrap().lines.is_empty());
    assert!(short.request.body.as_ref().unwrap().lines.is_empty());
    for id in [
        "curl",
        "httpie",
        "wget",
        "go",
        "rust-reqwest",
        "powershell",
        "r-httr",
        "csharp",
        "csharp-httpclient",
        "php",
        "php-guzzle",
        "ruby",
        "ruby-faraday",
        "python",
        "java",
        "java-httpclient",
        "java-okhttp",
        "go-resty",
        "kotlin-okhttp",
        "dart-http",
    ] {
        let target = apiglot::targets::SampleTarget::by_id(id).unwrap();
        let code = apiglot::render::sample(&engine, target, &long.request).unwrap().code;
        // `  "items": [` on a line of its own (C# verbatim strings double the quotes).
        let items = |l: &str| l.trim_start().starts_with('"') && l.contains("items") && l.ends_with(": [");
        assert!(code.lines().any(items), "{id}: the body is across lines:\n{code}");
        let code = apiglot::render::sample(&engine, target, &short.request).unwrap().code;
        assert!(!code.lines().any(|l| l.trim() == "\"a\","), "{id}: one line:\n{code}");
    }
}

/// `apiglot init x && apiglot build --root x` works in an empty folder: every message is
/// there in both locales (no warning), the pages check clean, and a second `init` refuses
/// the folder and changes nothing.
#[test]
fn init_writes_a_project_that_builds_at_once() {
    let here = tempfile::tempdir().unwrap();
    let init = apiglot(here.path(), &["init", "x"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let build = apiglot(here.path(), &["build", "--root", "x", "--strict"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    let fr = std::fs::read_to_string(here.path().join("x/out/fr/get-widget.md")).unwrap();
    assert!(fr.contains("# Obtenir un widget") && fr.contains("### Paramètres"), "{fr}");
    let check = apiglot(here.path(), &["check", "--root", "x", "x/out/fr/get-widget.md", "x/out/en/get-widget.html"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let before = snapshot_dir(&here.path().join("x"));
    let again = apiglot(here.path(), &["init", "x"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("x/apiglot.toml: x already holds a project"), "{}", again.stderr);
    assert_eq!(snapshot_dir(&here.path().join("x")), before, "nothing changed");
}
