//! `apiglot messages export|import`: XLIFF 2.0 and gettext PO for translators.
//!
//! The example project and `tests/cases/exchange/project` (messages in every state, with an
//! attribute, variables, a plural selector and hostile text) are exported, edited as a
//! translator's tool would, imported and built; the exported files pass gettext's `msgfmt
//! --check`, translate-toolkit's `pofilter` (Debian), `xmllint` and translate-toolkit's XLIFF
//! 2.0 reader (PyPI, in the runtime cache). With CI=true a missing validator fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{apiglot, copy_tree, example_project, repo, snapshot_dir};

fn case(name: &str) -> PathBuf {
    repo().join("tests/cases/exchange").join(name)
}

/// A temporary copy of the case project (messages in every state).
fn states_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&case("project"), dir.path());
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn export(root: &Path, format: &str, out: &str) -> String {
    let run = apiglot(root, &["messages", "export", "--locale", "fr", "--format", format, "--out", out]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    read(&root.join(out))
}

fn import(root: &Path, file: &str, extra: &[&str]) -> crate::helpers::Run {
    let mut args = vec!["messages", "import", file];
    args.extend_from_slice(extra);
    apiglot(root, &args)
}

/// Whether a validator runs here; with CI=true it must.
fn have(tool: &str, probe: &mut Command) -> bool {
    let ok = probe.output().is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{tool} is missing and CI=true: .ci/run installs it");
        }
        eprintln!("skipping {tool}: not installed (.ci/run installs it)");
    }
    ok
}

/// Where .ci/run installs translate-toolkit 3.20 from PyPI (Debian's 3.8 has no XLIFF 2 reader).
fn translate_toolkit() -> Option<PathBuf> {
    let cache = std::env::var_os("APIGLOT_CACHE").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/apiglot-runtimes"),
        PathBuf::from,
    );
    let dir = cache.join("translate-toolkit");
    let mut probe = Command::new("python3");
    probe.env("PYTHONPATH", &dir).args(["-c", "import translate.storage.xliff2"]);
    have("translate-toolkit 3.20 (XLIFF 2 reader)", &mut probe).then_some(dir)
}

fn python(ttk: &Path, script: &str, args: &[&Path]) -> String {
    let out = Command::new("python3").env("PYTHONPATH", ttk).arg("-c").arg(script).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// gettext's `msgfmt --check` and translate-toolkit's `pofilter` with the tests that fit Fluent
/// text and check the file rather than the translator's choices (`pythonbraceformat` reads
/// `{ $n }` as a Python field; `brackets` and `doublequoting` flag a translation that adds
/// parentheses or uses guillemets).
fn validate_po(path: &Path) {
    if have("msgfmt (gettext)", Command::new("msgfmt").arg("--version")) {
        let out = Command::new("msgfmt").args(["--check", "-o", "/dev/null"]).arg(path).output().unwrap();
        assert!(out.status.success(), "msgfmt --check {}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "msgfmt warns: {}", String::from_utf8_lossy(&out.stderr));
    }
    if have("pofilter (translate-toolkit)", Command::new("pofilter").arg("--version")) {
        let dir = tempfile::tempdir().unwrap();
        let failed = dir.path().join("failed.po");
        let mut cmd = Command::new("pofilter");
        for test in
            ["escapes", "newlines", "tabs", "variables", "xmltags", "printf", "startwhitespace", "endwhitespace"]
        {
            cmd.args(["-t", test]);
        }
        let out = cmd.arg(path).arg(&failed).output().unwrap();
        assert!(out.status.success(), "pofilter: {}", String::from_utf8_lossy(&out.stderr));
        let report = std::fs::read_to_string(&failed).unwrap_or_default();
        assert!(!report.contains("msgctxt"), "pofilter finds:\n{report}");
    }
}

/// `xmllint --noout` (well-formed), and translate-toolkit's XLIFF 2.0 reader: every unit, its
/// plain source and whether it is translated, as apiglot means them.
fn validate_xliff(path: &Path, expected_units: usize) {
    if have("xmllint (libxml2-utils)", Command::new("xmllint").arg("--version")) {
        let out = Command::new("xmllint").arg("--noout").arg(path).output().unwrap();
        assert!(out.status.success(), "xmllint {}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    }
    if let Some(ttk) = translate_toolkit() {
        let script = "import sys\nfrom translate.storage import xliff2\n\
                      s = xliff2.Xliff2File.parsefile(open(sys.argv[1], 'rb'))\n\
                      print(s.gettargetlanguage(), len(s.units), sum(1 for u in s.units if u.istranslated()))\n";
        let got = python(&ttk, script, &[path]);
        let text = read(path);
        let translated = text.matches("state=\"translated\"").count();
        assert_eq!(
            got.trim(),
            format!("fr {expected_units} {translated}"),
            "translate-toolkit reads {}",
            path.display()
        );
    }
}

/// The example project: export fr, change one translation as a tool would (set the target,
/// mark it translated), import, build: the page has the new text, translated-from.toml the
/// English it was made from, and `list` shows nothing stale.
#[test]
fn a_translated_message_comes_back_in_xliff_and_po_and_builds() {
    let new_text = "Les membres ont été ajoutés à l’organisation.";
    for format in ["xliff", "po"] {
        let project = example_project(None);
        let root = project.path();
        let file = if format == "po" { "fr.po" } else { "fr.xlf" };
        let exported = export(root, format, file);
        let units = exported.matches("<unit ").count().max(exported.matches("\nmsgctxt").count());
        if format == "po" {
            validate_po(&root.join(file));
        } else {
            validate_xliff(&root.join(file), units);
        }
        let old = "Membres ajoutés à l’organisation.";
        let edited = if format == "po" {
            exported.replace(&format!("msgstr \"{old}\""), &format!("msgstr \"{new_text}\""))
        } else {
            exported.replace(&format!(">{old}</target>"), &format!(">{new_text}</target>"))
        };
        assert_ne!(edited, exported, "{format}: the unit is there");
        std::fs::write(root.join(file), edited).unwrap();

        let lines = read(&root.join("locales/fr/assign-members.ftl")).lines().count();
        // A dry run says what would change and writes nothing.
        let before = snapshot_dir(root);
        let dry = import(root, file, &["--dry-run"]);
        assert_eq!(dry.code, 0, "{format}: {}", dry.stderr);
        assert!(
            dry.stdout.contains("  updated assign-members-response-204\ndry run: nothing written (2 files would be)\n"),
            "{format}: {}",
            dry.stdout
        );
        assert!(before == snapshot_dir(root), "{format}: a dry run writes nothing");
        let run = import(root, file, &[]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(run.stdout.contains("locale fr: 1 messages updated, "), "{format}: {}", run.stdout);
        assert!(run.stdout.contains("  updated assign-members-response-204\n"), "{format}: {}", run.stdout);
        let ftl = read(&root.join("locales/fr/assign-members.ftl"));
        assert!(ftl.contains(&format!("assign-members-response-204 = {new_text}\n")), "{ftl}");
        assert_eq!(ftl.lines().count(), lines, "every other line kept: {ftl}");
        let records = read(&root.join("locales/fr/translated-from.toml"));
        assert!(
            records.contains("assign-members-response-204 = \"Members successfully added to organization.\""),
            "{records}"
        );
        assert_eq!(records.matches(" = ").count(), 1, "only the imported message is recorded: {records}");

        let build = apiglot(root, &["build"]);
        assert_eq!(build.code, 0, "{}", build.stderr);
        assert!(read(&root.join("out/fr/assign-members.md")).contains(new_text));
        let list = apiglot(root, &["list"]);
        assert!(list.stdout.contains("fr  chain fr > en  missing 0  untranslated 0  stale 0"), "{}", list.stdout);
    }
}

/// Every state, exported: the files are read and reviewed as snapshots; imported back
/// without an edit, nothing changes.
#[test]
fn every_state_is_exported_and_an_unedited_file_changes_nothing() {
    for (format, file) in [("xliff", "fr.xlf"), ("po", "fr.po")] {
        let project = states_project();
        let root = project.path();
        let text = export(root, format, file);
        insta::assert_snapshot!(format!("states_{format}"), text);
        if format == "po" {
            validate_po(&root.join(file));
        } else {
            validate_xliff(&root.join(file), 15);
        }
        // --state picks units by state.
        let run =
            apiglot(root, &["messages", "export", "--locale", "fr", "--format", format, "--state", "new,needs-review"]);
        let units = run.stdout.matches("<unit ").count() + run.stdout.matches("\nmsgctxt").count();
        assert_eq!(units, 7, "{format}: 6 new and 1 needs review\n{}", run.stdout);
        let before = snapshot_dir(root);
        let run = import(root, file, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stdout,
            "locale fr: 0 messages updated, 7 unchanged; 7 units skipped (1 fuzzy, 6 new); 0 errors\n0 files written\n",
            "{format}"
        );
        assert!(before == snapshot_dir(root), "{format}: nothing written");
        // Fuzzy included: the old translation stays, still recorded as made from the old English.
        let run = import(root, file, &["--include-fuzzy"]);
        assert!(
            run.stdout.starts_with("locale fr: 0 messages updated, 8 unchanged; 6 units skipped (6 new)"),
            "{}",
            run.stdout
        );
        assert!(before == snapshot_dir(root), "{format}: nothing written");
    }
}

/// The states a file gives back: a stub translated loses its mark, a missing message is
/// added to the file named like the English one, a stale one reviewed is recorded as made
/// from today's English, a plural's variants are translated, an attribute on its own.
#[test]
fn translated_units_of_every_state_are_written_in_place() {
    let project = states_project();
    let root = project.path();
    let po = export(root, "po", "fr.po");
    let edited = po
        .replace(
            "msgid \"To add members in the dashboard:\"\nmsgstr \"\"",
            "msgid \"To add members in the dashboard:\"\nmsgstr \"Pour ajouter des membres dans le tableau de bord :\"",
        )
        .replace(
            "msgid \"Press <kbd>Ctrl</kbd> and **Add**.\"\nmsgstr \"\"",
            "msgid \"Press <kbd>Ctrl</kbd> and **Add**.\"\nmsgstr \"Appuyez sur <kbd>Ctrl</kbd> et **Ajouter**.\"",
        )
        .replace("#, fuzzy, fluent-format\n#| msgid \"Too many requests.\"\n", "#, fluent-format\n")
        .replace("msgstr \"Trop de requêtes.\"", "msgstr \"Trop de requêtes : patientez une minute.\"")
        .replace(
            "\"    [one] Vous pouvez ajouter un membre par requête.\\n\"",
            "\"    [one] Un membre par requête, au plus.\\n\"",
        )
        .replace(
            "msgstr \"Ajouter des membres à une organisation\"",
            "msgstr \"Ajouter des membres à votre organisation\"",
        );
    std::fs::write(root.join("fr.po"), &edited).unwrap();
    let run = import(root, "fr.po", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("locale fr: 5 messages updated, 5 unchanged; 4 units skipped (4 new); 0 errors\n"),
        "{}",
        run.stdout
    );
    let ftl = read(&root.join("locales/fr/members.ftl"));
    let expected = "## Un guide d’un seul point de terminaison.\n\n\
        members-title = Ajouter des membres\n    .title = Ajouter des membres à votre organisation\n\
        members-api-intro = Effectuez un appel { $method } avec au plus { $max_members } membres et la permission `{ $scope }`.\n\
        members-intro =\n    { $max_members ->\n        [one] Un membre par requête, au plus.\n       *[other] Vous pouvez ajouter jusqu’à { $max_members } membres par requête.\n    }\n\
        members-org-id = ID de l’organisation.\nmembers-response-204 = Membres ajoutés.\n\
        rate-limit = Trop de requêtes : patientez une minute.\n\
        # Gardez la ligne suivante jusqu’à la traduction.\n\
        members-dashboard-intro = Pour ajouter des membres dans le tableau de bord :\n\
        members-dashboard-step-2 = Select **Save** and wait.\n\
        members-dashboard-step-1 = Appuyez sur <kbd>Ctrl</kbd> et **Ajouter**.\n    .html = yes\n";
    assert_eq!(ftl, expected);
    let records = read(&root.join("locales/fr/translated-from.toml"));
    for line in [
        "rate-limit = \"Too many requests: wait a minute.\"",
        "members-dashboard-intro = \"To add members in the dashboard:\"",
        "members-title = \"\"\"\nAdd members\n    .title = Add members to an organization\"\"\"",
    ] {
        assert!(records.contains(line), "{line} in {records}");
    }
    // What is left: the hostile messages never translated, the one the same as English, and
    // the shared headings the small project lacks everywhere.
    let left = apiglot(root, &["messages", "--locale", "fr"]);
    assert!(left.stdout.starts_with("locale fr: missing 13, untranslated 1, stale 0\n"), "{}", left.stdout);
}

/// Text with every character XML, PO or Fluent treats specially survives export and import
/// both ways: translations kept as they are, and English copied into new targets comes back
/// as the same Fluent text.
#[test]
fn hostile_text_round_trips_in_both_formats() {
    for (format, file) in [("xliff", "fr.xlf"), ("po", "fr.po")] {
        let project = states_project();
        let root = project.path();
        let text = export(root, format, file);
        // Every new hostile unit gets its English as its translation, marked translated.
        let edited = if format == "po" {
            let mut out = String::new();
            for block in text.split("\n\n") {
                let hostile = block.contains("msgctxt \"hostile-");
                match block.split_once("\nmsgid ") {
                    Some((head, rest)) if hostile && rest.ends_with("msgstr \"\"") => {
                        let msgid = rest.trim_end_matches("msgstr \"\"").trim_end();
                        out.push_str(&format!("{head}\nmsgid {msgid}\nmsgstr {msgid}"));
                    }
                    _ => out.push_str(block),
                }
                out.push_str("\n\n");
            }
            out.trim_end().to_string() + "\n"
        } else {
            let mut out = String::new();
            for unit in text.split_inclusive("</unit>\n") {
                if unit.contains("<unit id=\"hostile-") && !unit.contains("<target") {
                    let start = unit.find("<source").unwrap();
                    let end = unit.find("</source>").unwrap() + "</source>".len();
                    let target = unit[start..end].replace("<source", "<target").replace("</source>", "</target>");
                    let unit = unit.replacen("</source>\n", &format!("</source>\n        {target}\n"), 1);
                    out.push_str(&unit.replace("<segment state=\"initial\">", "<segment state=\"translated\">"));
                } else {
                    out.push_str(unit);
                }
            }
            out
        };
        assert_ne!(edited, text);
        std::fs::write(root.join(file), &edited).unwrap();
        let run = import(root, file, &[]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(run.stdout.contains("updated hostile-lines"), "{format}: {}", run.stdout);
        let project_now = apiglot::load::project(root).unwrap();
        let catalog = apiglot::locale::Catalog::build(&project_now.config, project_now.locales.clone()).unwrap();
        let meaning = |locale: &str, id: &str| {
            let value = catalog.value(locale, id).unwrap_or_else(|| panic!("{locale} {id}"));
            apiglot::exchange::pieces(&apiglot::exchange::parse_pattern(&value.replace("\n    ", "\n")).unwrap())
        };
        for id in ["hostile-lines", "hostile-chars", "hostile-ends"] {
            assert_eq!(meaning("fr", id), meaning("en", id), "{format}: {id}");
        }
        let fr = read(&root.join("locales/fr/hostile.ftl"));
        assert!(
            fr.starts_with(
                "hostile-xml = <a href=\"x\">&amp; « simple » \"double\"</a> & < > ]]> \\ barre\\oblique \\n \\t\n"
            ),
            "{fr}"
        );
        // And again: now all of them are translated and nothing changes.
        let again = export(root, format, file);
        let before = snapshot_dir(root);
        let run = import(root, file, &[]);
        assert!(run.stdout.starts_with("locale fr: 0 messages updated, "), "{format}: {}", run.stdout);
        assert!(before == snapshot_dir(root), "{format}: nothing written");
        if format == "po" {
            validate_po(&root.join(file));
        } else {
            validate_xliff(&root.join(file), again.matches("<unit ").count());
        }
    }
}

/// A translation tool (translate-toolkit's XLIFF 2.0 and PO stores) sets a target and marks
/// it translated; apiglot reads the file it saves.
#[test]
fn a_file_saved_by_translate_toolkit_imports() {
    let Some(ttk) = translate_toolkit() else { return };
    for (file, script) in [
        (
            "fr.xlf",
            "import sys\nfrom translate.storage import xliff2\n\
             s = xliff2.Xliff2File.parsefile(open(sys.argv[1], 'rb'))\n\
             u = [u for u in s.units if u.getid() == 'members-dashboard-intro'][0]\n\
             u.settarget('Pour ajouter des membres :')\nu.markfuzzy(False)\nu.marktranslated()\n\
             open(sys.argv[1], 'wb').write(bytes(s))\n",
        ),
        (
            "fr.po",
            "import sys\nfrom translate.storage import pypo\n\
             s = pypo.pofile.parsefile(sys.argv[1])\n\
             u = [u for u in s.units if u.getcontext() == 'members-dashboard-intro'][0]\n\
             u.target = 'Pour ajouter des membres :'\nu.markfuzzy(False)\n\
             open(sys.argv[1], 'wb').write(bytes(s))\n",
        ),
    ] {
        let project = states_project();
        let root = project.path();
        export(root, if file.ends_with("po") { "po" } else { "xliff" }, file);
        python(&ttk, script, &[&root.join(file)]);
        let run = import(root, file, &[]);
        assert_eq!(run.code, 0, "{file}: {}\n{}", run.stderr, read(&root.join(file)));
        assert!(run.stdout.starts_with("locale fr: 1 messages updated, 7 unchanged"), "{file}: {}", run.stdout);
        assert!(read(&root.join("locales/fr/members.ftl"))
            .contains("members-dashboard-intro = Pour ajouter des membres :\n"));
    }
}

/// Bad files: each case's input.xlf or input.po is imported (with the arguments of its
/// args.txt, if any) into the case project; the error (stderr, with
/// the temporary folder as `ROOT`) is the case's expected.txt, the exit code 2, nothing written.
#[test]
fn bad_files_are_refused_with_their_place_and_nothing_is_written() {
    let mut failures = Vec::new();
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(case("bad")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 8, "{cases:?}");
    for dir in cases {
        let project = states_project();
        let root = project.path();
        let input = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_stem().is_some_and(|s| s == "input"))
            .unwrap_or_else(|| panic!("{}: no input.*", dir.display()));
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        std::fs::copy(&input, root.join(&name)).unwrap();
        let before = snapshot_dir(root);
        let args = std::fs::read_to_string(dir.join("args.txt")).unwrap_or_default();
        let args: Vec<&str> = args.split_whitespace().collect();
        let run = import(root, &name, &args);
        assert_eq!(run.code, 2, "{}: {}{}", dir.display(), run.stdout, run.stderr);
        assert!(before == snapshot_dir(root), "{}: nothing written", dir.display());
        let stderr = run.stderr.replace(&root.display().to_string(), "ROOT");
        if let Some(diff) = crate::helpers::differs_from_expected(&dir, &stderr) {
            failures.push(diff);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A file translated from an older English is recorded as made from that English: after the
/// import the message is translated, and stale, until someone reviews it against today's.
#[test]
fn a_translation_of_an_older_english_comes_out_stale() {
    let project = states_project();
    let root = project.path();
    let po = export(root, "po", "fr.po");
    // The English changes after the export ...
    let en = root.join("locales/en/members.ftl");
    std::fs::write(&en, read(&en).replace("Members added.", "The members were added.")).unwrap();
    // ... while the translator translates the old one.
    let edited = po.replace("msgstr \"Membres ajoutés.\"", "msgstr \"Les membres sont ajoutés.\"");
    std::fs::write(root.join("fr.po"), edited).unwrap();
    let run = import(root, "fr.po", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("  updated members-response-204\n"), "{}", run.stdout);
    assert!(read(&root.join("locales/fr/members.ftl")).contains("members-response-204 = Les membres sont ajoutés.\n"));
    assert!(read(&root.join("locales/fr/translated-from.toml")).contains("members-response-204 = \"Members added.\""));
    let left = apiglot(root, &["messages", "--locale", "fr"]);
    assert!(
        left.stdout.contains("  stale         members-response-204  (its English changed since it was translated)\n"),
        "{}",
        left.stdout
    );
    // Exported again, it needs review, with the English it was made from.
    let again = export(root, "po", "fr.po");
    assert!(
        again.contains(
            "#, fuzzy, fluent-format\n#| msgid \"Members added.\"\nmsgctxt \"members-response-204\"\n\
             msgid \"The members were added.\"\nmsgstr \"Les membres sont ajoutés.\"\n"
        ),
        "{again}"
    );
}
