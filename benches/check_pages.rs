//! Checking 1,000 pages: prints the time in all and per page, for two sets of pages.
//! Run with `cargo bench --bench check_pages`.
//!
//! - distinct: 1,000 pages no two of which share a sample (each page's samples carry the
//!   page's number in a header value), so every sample is parsed;
//! - docs set: 1,000 pages as a docs team has them, the same guides in several locales, so
//!   locales share their samples and each distinct sample is parsed once.
//!
//! The pages are the two published pages and the six pages apiglot renders for the example.
//!
//! Then reading one large page of many code blocks (HTML `<pre><code>` and Markdown fences) of
//! 1, 4 and 8 MB: the time grows with the size, not its square (8 MB of HTML blocks took 79 s
//! when each block's line was counted from the start of the page).

use std::time::Instant;

use apiglot::check::{Checker, Overrides};

fn median_seconds(root: &std::path::Path, pages: &[(String, String)]) -> (f64, usize, f64) {
    let project = apiglot::load::project(root).expect("the example project loads");
    let mut runs = Vec::new();
    let mut findings = 0;
    let mut setup = 0.0;
    for _ in 0..5 {
        // A fresh checker each run, so no run profits from an earlier one's analyses.
        let started = Instant::now();
        let checker = Checker::new(&project).expect("the example project renders");
        setup = started.elapsed().as_secs_f64();
        let reports = checker.check_all(pages, &Overrides::default());
        findings = reports.iter().map(|r| r.findings.len()).sum();
        runs.push(started.elapsed().as_secs_f64());
    }
    runs.sort_by(f64::total_cmp);
    (runs[runs.len() / 2], findings, setup)
}

/// Prints the time to check one page of `megabytes` MB made of `block` repeated.
fn large_page_row(checker: &Checker, label: &str, block: &str) {
    for megabytes in [1usize, 4, 8] {
        let page = block.repeat(megabytes * 1_000_000 / block.len());
        let started = Instant::now();
        let report = checker.check(label, &page, &Overrides::default());
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "  {label:<9} {megabytes} MB {seconds:>7.3} s  ({:.3} s a MB; {} findings)",
            seconds / megabytes as f64,
            report.findings.len()
        );
    }
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut base = Vec::new();
    for name in ["tests/published/ja-remove-members.txt", "tests/published/fr-assign-members.txt"] {
        base.push((name.to_string(), std::fs::read_to_string(root.join(name)).expect("published page")));
    }
    for locale in ["en", "ja", "fr"] {
        for guide in ["remove-members", "assign-members"] {
            let name = format!("out/{locale}/{guide}.md");
            base.push((name.clone(), std::fs::read_to_string(root.join(&name)).expect("rendered page")));
        }
    }
    let distinct: Vec<(String, String)> = (0..1000)
        .map(|i| {
            let (name, content) = &base[i % base.len()];
            (format!("{i}/{name}"), content.replace("no-cache", &format!("no-cache-{i}")))
        })
        .collect();
    let docs_set: Vec<(String, String)> = base.iter().cycle().take(1000).cloned().collect();

    println!(
        "apiglot check, 1,000 pages, whole check (set-up included), median of 5 runs, {} threads",
        rayon::current_num_threads()
    );
    for (label, pages) in [("distinct", &distinct), ("docs set", &docs_set)] {
        let (seconds, findings, setup) = median_seconds(root, pages);
        println!(
            "  {label:<9} {seconds:>7.3} s  ({:.2} ms a page; set-up {:.3} s; {findings} findings)  goal < 1 s: {}",
            seconds * 1000.0 / pages.len() as f64,
            setup,
            if seconds < 1.0 { "met" } else { "NOT met" }
        );
    }

    println!("apiglot check, one large page of code blocks (the time should grow linearly)");
    let project = apiglot::load::project(root).expect("the example project loads");
    let checker = Checker::new(&project).expect("the example project renders");
    large_page_row(&checker, "html", "<pre><code class=\"language-text\">echo hello world</code></pre>\n");
    large_page_row(&checker, "markdown", "```text\necho hello world\n```\n\nSome prose.\n\n");
}
