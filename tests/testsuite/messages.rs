//! Messages as translators see them: every missing one in one run, stubs that make the
//! project build, and text still in English reported per locale.

use std::path::Path;

use crate::helpers::{apiglot, snapshot_dir};

/// A project from `apiglot init` in a temporary folder.
fn new_project() -> tempfile::TempDir {
    let here = tempfile::tempdir().unwrap();
    let init = apiglot(here.path(), &["init", "."]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    here
}

/// `file` without the messages `ids` (each a one-line message).
fn drop_messages(file: &Path, ids: &[&str]) {
    let text = std::fs::read_to_string(file).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !ids.iter().any(|id| l.starts_with(&format!("{id} =")))).collect();
    assert_eq!(kept.len() + ids.len(), text.lines().count(), "each id is a line of {}", file.display());
    std::fs::write(file, kept.join("\n") + "\n").unwrap();
}

#[test]
fn five_missing_messages_come_in_one_run_and_write_missing_makes_the_project_build() {
    let project = new_project();
    let root = project.path();
    // Four messages the pages need are gone from every locale, and an endpoint names a fifth
    // that was never written.
    let gone = ["get-widget-title", "get-widget-fields", "get-widget-response-200", "get-widget-response-404"];
    drop_messages(&root.join("locales/en/get-widget.ftl"), &gone);
    drop_messages(&root.join("locales/fr/get-widget.ftl"), &gone);
    let endpoint = root.join("endpoints/get-widget.yaml");
    let yaml = std::fs::read_to_string(&endpoint).unwrap();
    std::fs::write(&endpoint, yaml.replace("description: get-widget-access-token", "description: get-widget-token"))
        .unwrap();
    // And fr lacks one that en has: a fallback, not an error.
    drop_messages(&root.join("locales/fr/get-widget.ftl"), &["get-widget-intro"]);

    let build = apiglot(root, &["build"]);
    assert_eq!(build.code, 2, "{}", build.stderr);
    assert!(build.stderr.starts_with("error: 5 problems in 2 files:"), "{}", build.stderr);
    for id in gone.iter().chain(&["get-widget-token"]) {
        assert!(build.stderr.contains(&format!("message `{id}` is not defined in en")), "{id}: {}", build.stderr);
    }
    assert!(build.stderr.contains("./endpoints/get-widget.yaml:17:18: message `get-widget-token`"), "{}", build.stderr);
    assert!(!root.join("out").exists(), "nothing written");

    let list = apiglot(root, &["list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(list.stdout.contains("  en  chain en  missing 5  untranslated 0  stale 0"), "{}", list.stdout);
    assert!(list.stdout.contains("  fr  chain fr > en  missing 6  untranslated 0  stale 0"), "{}", list.stdout);

    let before = snapshot_dir(root);
    let write = apiglot(root, &["messages", "--write-missing"]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert!(write.stdout.contains("locale en: 5 stubs written\nlocale fr: 6 stubs written"), "{}", write.stdout);
    let en = std::fs::read_to_string(root.join("locales/en/get-widget.ftl")).unwrap();
    assert!(
        en.contains(
            "# apiglot: untranslated\n# Used by endpoint get-widget (./endpoints/get-widget.yaml:17:18)\n# Variables: $method, $path\nget-widget-token = TODO: write get-widget-token\n"
        ),
        "{en}"
    );
    let fr = std::fs::read_to_string(root.join("locales/fr/get-widget.ftl")).unwrap();
    assert!(
        fr.contains("# apiglot: untranslated\n# Translate from en\nget-widget-intro = Read one widget by its id.\n"),
        "a stub holds the text pages showed: {fr}"
    );
    // Only stubs were added: every line there was before is still there, in order.
    for (path, bytes) in before.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "ftl")) {
        let now = std::fs::read(root.join(path)).unwrap();
        assert!(now.starts_with(bytes), "{} keeps its text", path.display());
    }

    let build = apiglot(root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains("warning: locale en: 5 messages are untranslated (5 stubs, 0 the same as English)"),
        "{}",
        build.stderr
    );
    assert!(build.stderr.contains("warning: locale fr: 6 messages are untranslated (6 stubs"), "{}", build.stderr);
    let page = std::fs::read_to_string(root.join("out/fr/get-widget.md")).unwrap();
    assert!(page.contains("# TODO: write get-widget-title") && page.contains("Read one widget by its id."), "{page}");
    let strict = apiglot(root, &["build", "--strict"]);
    assert_eq!(strict.code, 2, "{}", strict.stderr);
    assert!(strict.stderr.contains("locale fr: message `get-widget-intro` is still a stub"), "{}", strict.stderr);

    let again = apiglot(root, &["messages", "--write-missing"]);
    assert!(again.stdout.contains("no message is missing"), "{}", again.stdout);
}

#[test]
fn text_the_same_as_english_is_untranslated_unless_allowed() {
    let project = new_project();
    let root = project.path();
    // A new locale made by copying English: every message counts as untranslated but those
    // whose words are allowed or that hold no word at all.
    crate::helpers::copy_tree(&root.join("locales/en"), &root.join("locales/de"));
    let config = std::fs::read_to_string(root.join("apiglot.toml")).unwrap();
    std::fs::write(
        root.join("apiglot.toml"),
        config.replace(r#"locales = ["en", "fr"]"#, r#"locales = ["en", "fr", "de"]"#),
    )
    .unwrap();
    let messages = apiglot(root, &["messages", "--locale", "de"]);
    assert_eq!(messages.code, 0, "{}", messages.stderr);
    assert!(
        messages.stdout.contains("untranslated  get-widget-title  the same as English (./locales/de/get-widget.ftl)"),
        "{}",
        messages.stdout
    );
    assert!(!messages.stdout.contains(" api-heading "), "API is in same_as_source: {}", messages.stdout);
    assert!(!messages.stdout.contains("locale fr"), "only de: {}", messages.stdout);
    let count = |stdout: &str| -> usize {
        let line = stdout.lines().find(|l| l.starts_with("  de ")).unwrap();
        line.split("untranslated ").nth(1).unwrap().split_whitespace().next().unwrap().parse().unwrap()
    };
    let first = count(&apiglot(root, &["list"]).stdout);
    assert!(first > 40, "{first}");

    // A translator confirms one message is the same on purpose; another is translated.
    let file = root.join("locales/de/get-widget.ftl");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text
        .replace("get-widget-title = Get a widget", "get-widget-title = Ein Widget abrufen")
        .replace("get-widget-response-200 =", "# apiglot: same-as-source\nget-widget-response-200 =");
    std::fs::write(&file, text).unwrap();
    assert_eq!(count(&apiglot(root, &["list"]).stdout), first - 2);

    let build = apiglot(root, &["build", "--locale", "de"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains(&format!("warning: locale de: {} messages are untranslated (0 stubs", first - 2)),
        "{}",
        build.stderr
    );
    assert!(!build.stderr.contains("locale fr"), "fr is translated: {}", build.stderr);
}

#[test]
fn a_new_endpoint_comes_with_its_message_stubs_in_every_locale_and_builds() {
    let project = new_project();
    let root = project.path();
    let new = apiglot(
        root,
        &[
            "new",
            "endpoint",
            "create-widget",
            "--method",
            "post",
            "--path",
            "/api/v1/shops/{SHOP_ID}/widgets",
            "--guide",
            "widgets",
        ],
    );
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert!(new.stdout.contains("locale en: 5 message stubs\nlocale fr: 5 message stubs"), "{}", new.stdout);
    let yaml = std::fs::read_to_string(root.join("endpoints/create-widget.yaml")).unwrap();
    assert!(
        yaml.contains("method: POST\nserver: \"https://{yourDomain}\"\npath: \"/api/v1/shops/{SHOP_ID}/widgets\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("  - name: SHOP_ID\n    description: create-widget-shop-id\n"), "{yaml}");
    for locale in ["en", "fr"] {
        let ftl = std::fs::read_to_string(root.join(format!("locales/{locale}/widgets.ftl"))).unwrap();
        let messages = apiglot::locale::parsed_messages(&ftl);
        for id in ["widgets-title", "widgets-intro", "create-widget-shop-id", "create-widget-response-200"] {
            let marked = messages.get(id).is_some_and(|m| m.comment.iter().any(|l| l == apiglot::locale::STUB_MARK));
            assert!(marked, "{locale} {id} is a marked stub: {ftl}");
        }
    }
    let build = apiglot(root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(root.join("out/fr/widgets.html").is_file() && root.join("out/en/widgets.md").is_file());
    let list = apiglot(root, &["list"]);
    assert!(list.stdout.contains("  fr  chain fr > en  missing 0  untranslated 5  stale 0"), "{}", list.stdout);

    // Refused, with nothing written: an id taken, an id that is no file name, a path whose
    // placeholder is not in capitals, a method that is not one.
    let before = snapshot_dir(root);
    for (args, said) in [
        (["create-widget", "--method", "get", "--path", "/x"], "endpoint id `create-widget` is already used"),
        (["Bad", "--method", "get", "--path", "/x"], "id `Bad` is not a safe file name"),
        (["x", "--method", "get", "--path", "/x/{id}"], "`{id}` in the path is not a placeholder name"),
        (["x", "--method", "fetch", "--path", "/x"], "`fetch` is not an HTTP method"),
        (["x", "--method", "get", "--path", "x"], "path `x` does not start with `/`"),
    ] {
        let run = apiglot(root, &[&["new", "endpoint"][..], &args[..]].concat());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(said) && run.stderr.contains("help: "), "{args:?}: {}", run.stderr);
    }
    assert_eq!(snapshot_dir(root), before, "nothing written");
}
