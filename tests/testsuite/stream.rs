//! A build streams its pages: each guide's files go to the output sink as soon as they are
//! rendered (the build holds the pages in flight, not the site), and an error at a late page
//! still leaves `out/` exactly as it was, with no staging folder behind.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use apiglot::render::OutputFile;
use apiglot::BuildOptions;

use crate::helpers::{apiglot, example_project, repo, snapshot_dir};

/// How many guides [`big_project`] adds to the example project's.
const BULK: usize = 120;

/// The example project with [`BULK`] more guides, each a copy of `remove-members` (its
/// endpoint and its messages in every locale) named `bulk-000`, `bulk-001`, ...
fn big_project() -> tempfile::TempDir {
    let project = example_project(None);
    let root = project.path();
    let endpoint = std::fs::read_to_string(root.join("endpoints/delete-organization-members.yaml")).unwrap();
    let locales = ["en", "fr", "ja"];
    let messages: Vec<String> = locales
        .iter()
        .map(|l| std::fs::read_to_string(root.join(format!("locales/{l}/remove-members.ftl"))).unwrap())
        .collect();
    for i in 0..BULK {
        let guide = format!("bulk-{i:03}");
        let text = endpoint
            .replace("id: delete-organization-members", &format!("id: {guide}-op"))
            .replace("remove-members", &guide);
        std::fs::write(root.join(format!("endpoints/{guide}.yaml")), text).unwrap();
        for (locale, ftl) in locales.iter().zip(&messages) {
            std::fs::write(root.join(format!("locales/{locale}/{guide}.ftl")), ftl.replace("remove-members", &guide))
                .unwrap();
        }
    }
    project
}

/// The folders beside `out` that a build stages in.
fn staging_folders(root: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".out.apiglot-"))
        .collect()
}

#[test]
fn a_template_error_on_a_late_page_leaves_out_as_it_was_and_no_staging_folder() {
    let project = big_project();
    let root = project.path();
    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The next build would change every English page, then fails on the last guide's French
    // page, with the pages of other guides already staged.
    let ftl = root.join("locales/en/common.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    assert!(text.contains("ui-copy = "));
    std::fs::write(&ftl, text.replacen("ui-copy = ", "ui-copy = NEW ", 1)).unwrap();
    let last = format!("bulk-{:03}", BULK - 1);
    let built_in = std::fs::read_to_string(repo().join("templates/pages/guide.md.tera")).unwrap();
    std::fs::create_dir_all(root.join("templates/pages")).unwrap();
    std::fs::write(
        root.join("templates/pages/guide.md.tera"),
        format!("{{% if page.guide == \"{last}\" and page.locale == \"fr\" %}}{{{{ no_such.value }}}}{{% endif %}}{built_in}"),
    )
    .unwrap();
    let before = snapshot_dir(&root.join("out"));
    let stamp = std::fs::read(root.join("out").join(apiglot::output::STAMP)).unwrap();
    let run = apiglot(root, &["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("guide.md.tera"), "{}", run.stderr);
    assert_eq!(snapshot_dir(&root.join("out")), before, "out/ as it was");
    assert_eq!(std::fs::read(root.join("out").join(apiglot::output::STAMP)).unwrap(), stamp, "the stamp too");
    assert!(staging_folders(root).is_empty(), "no staging folder behind: {:?}", staging_folders(root));
}

/// Counts the pages rendered (told by the build's progress reports).
struct Rendered(AtomicUsize);

impl apiglot::Progress for Rendered {
    fn page_done(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A sink that keeps nothing: at each hand-over it notes how many pages were rendered and not
/// yet handed over, which is what a build holds.
struct Counting<'a> {
    rendered: &'a Rendered,
    received: AtomicUsize,
    most_held: AtomicUsize,
    /// Pages handed over before the first hand-over, i.e. 0, and pages rendered by then.
    first_at: AtomicUsize,
}

impl apiglot::output::Sink for Counting<'_> {
    fn add(&self, files: &[OutputFile]) -> apiglot::Result<()> {
        // One Markdown file a page (the HTML site adds one more a page, and its lists).
        let pages = files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "md")).count();
        let rendered = self.rendered.0.load(Ordering::SeqCst);
        let received = self.received.load(Ordering::SeqCst);
        let _ = self.first_at.compare_exchange(usize::MAX, rendered, Ordering::SeqCst, Ordering::SeqCst);
        self.most_held.fetch_max(rendered.saturating_sub(received), Ordering::SeqCst);
        self.received.fetch_add(pages, Ordering::SeqCst);
        Ok(())
    }
}

#[test]
fn pages_go_to_the_sink_while_the_build_renders_and_only_those_in_flight_are_held() {
    let project = big_project();
    let rendered = Rendered(AtomicUsize::new(0));
    let sink = Counting {
        rendered: &rendered,
        received: AtomicUsize::new(0),
        most_held: AtomicUsize::new(0),
        first_at: AtomicUsize::new(usize::MAX),
    };
    let (build, sink) = apiglot::build_into(project.path(), &BuildOptions::default(), &rendered, || Ok(sink)).unwrap();
    let total = build.rendered.pages;
    assert!(total >= BULK * 3, "{total} pages");
    assert!(build.rendered.files.is_empty(), "a streamed build returns no files");
    assert_eq!(sink.received.load(Ordering::SeqCst), total, "every page handed over once");
    // A guide's pages (one a locale) are handed over together: those the pool's threads are
    // rendering, the guides queued for the sink and the one it is taking.
    let bound = (rayon::current_num_threads() + apiglot::QUEUED_GUIDES + 1) * 3;
    assert!(bound < total / 2, "the bound says something: {bound} of {total}");
    let most_held = sink.most_held.load(Ordering::SeqCst);
    assert!(most_held <= bound, "at most {bound} pages held at once, not {most_held}");
    let first_at = sink.first_at.load(Ordering::SeqCst);
    assert!(first_at <= bound, "the first pages handed over before {first_at} of {total} were rendered");
}
