//! Checking 1,000 pages: prints the time per page and in all, with the pages per second.
//! Run with `cargo bench --bench check_pages`. The pages are the two published pages and the
//! six pages apiglot renders for the example project, repeated to 1,000.

use std::time::Instant;

use apiglot::check::{Checker, Overrides};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = apiglot::load::project(root).expect("the example project loads");
    let started = Instant::now();
    let checker = Checker::new(&project).expect("the example project renders");
    let setup = started.elapsed();

    let mut pages = Vec::new();
    for name in ["tests/published/ja-remove-members.txt", "tests/published/fr-assign-members.txt"] {
        pages.push((name.to_string(), std::fs::read_to_string(root.join(name)).expect("published page")));
    }
    for locale in ["en", "ja", "fr"] {
        for guide in ["remove-members", "assign-members"] {
            let name = format!("out/{locale}/{guide}.md");
            pages.push((name.clone(), std::fs::read_to_string(root.join(&name)).expect("rendered page")));
        }
    }
    let work: Vec<&(String, String)> = pages.iter().cycle().take(1000).collect();

    let mut runs = Vec::new();
    let mut findings = 0;
    for _ in 0..5 {
        let started = Instant::now();
        findings = work.iter().map(|(source, content)| checker.check(source, content, &Overrides::default()).findings.len()).sum::<usize>();
        runs.push(started.elapsed().as_secs_f64());
    }
    runs.sort_by(f64::total_cmp);
    let median = runs[runs.len() / 2];
    println!("check: 1000 pages ({} distinct), {findings} findings", pages.len());
    println!("  set-up (load, render the project): {:>8.3} s", setup.as_secs_f64());
    println!("  1000 pages, median of 5 runs:      {median:>8.3} s  ({:.2} ms a page, {:.0} pages/s)", median * 1000.0 / 1000.0, 1000.0 / median);
    println!("  goal: under 1 s for 1000 pages; {}", if median + setup.as_secs_f64() < 1.0 { "met" } else { "NOT met" });
}
