//! Checking a whole site apiglot built from a real API, beside `apiglot build` of it.
//! Run with `cargo bench --bench check_site`.
//!
//! The API is the Auth0 Management API description (452 operations): by default
//! `../shared/specs/auth0-management-api.oas.json` next to the repository, or the file named
//! by `APIGLOT_BENCH_SPEC`. Without either the bench uses the trimmed copy in
//! tests/cases/import (seven operations) and says so: its figures are no measure of scale.
//!
//! It imports the spec into a temporary project with locales en, ja and fr, builds it, then
//! prints (median of 3 runs each): `apiglot build` (into a fresh folder); `apiglot check out/`
//! (every Markdown and HTML page); `apiglot check` of one page; and, in-process, the Markdown
//! pages, the HTML pages, all of them and one page, set-up (loading and `Checker::new`) timed
//! apart. Goals: the 1,356 pages of the site in under 1 s, one page in under 0.2 s.
//! It also prints the failing findings and the pages placed on another endpoint (both 0).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use apiglot::check::{Checker, Overrides};

fn apiglot(root: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_apiglot")).args(args).current_dir(root).output().unwrap();
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "apiglot {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The median wall time of 3 runs of `run`, in seconds.
fn median(mut run: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..3)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[1]
}

fn spec() -> (PathBuf, &'static str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(path) = std::env::var_os("APIGLOT_BENCH_SPEC") {
        return (PathBuf::from(path), "APIGLOT_BENCH_SPEC");
    }
    let shared = repo.join("../shared/specs/auth0-management-api.oas.json");
    if shared.is_file() {
        return (shared, "../shared/specs");
    }
    (repo.join("tests/cases/import/auth0-trimmed.json"), "the trimmed copy (no measure of scale)")
}

/// Every page file below `dir`, sorted.
fn pages(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md" || x == "html"))
        .map(|e| (e.path().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect();
    found.sort();
    found
}

fn main() {
    let (spec, from) = spec();
    println!("apiglot check of its own site: {} (from {from})", spec.display());
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    std::fs::write(root.join("apiglot.toml"), "locales = [\"en\", \"ja\", \"fr\"]\n").unwrap();
    apiglot(root, &["import", "openapi", &spec.display().to_string()]);
    apiglot(root, &["build"]);
    let site = pages(&root.join("out"));
    let one = site.iter().find(|(s, _)| s.ends_with(".md")).map(|(s, _)| s.clone()).unwrap();
    println!("  {} pages, {} threads, median of 3 runs", site.len(), rayon::current_num_threads());

    // Into a fresh folder each run: a build of an unchanged project into its own out/ is
    // skipped.
    let build = median(|| {
        let _ = std::fs::remove_dir_all(root.join("out-bench"));
        apiglot(root, &["build", "--out", "out-bench"]);
    });
    let cli_site = median(|| {
        apiglot(root, &["check", "out"]);
    });
    let cli_one = median(|| {
        apiglot(root, &["check", &one]);
    });
    println!("  apiglot build                {build:>7.3} s");
    println!("  apiglot check out/           {cli_site:>7.3} s   goal < 1 s: {}", ok(cli_site < 1.0));
    println!("  apiglot check <one page>     {cli_one:>7.3} s   goal < 0.2 s: {}", ok(cli_one < 0.2));

    // In-process, set-up apart: the Markdown pages (one per guide and locale), the HTML pages
    // (the same, and each read with an HTML parser), and both.
    let mut reports = Vec::new();
    for (label, extension) in [("Markdown pages", Some(".md")), ("HTML pages", Some(".html")), ("all pages", None)] {
        let chosen: Vec<(String, Vec<u8>)> =
            site.iter().filter(|(s, _)| extension.is_none_or(|x| s.ends_with(x))).cloned().collect();
        let mut setup = 0.0;
        let seconds = median(|| {
            let started = Instant::now();
            let checker = Checker::new(&apiglot::load::project(root).unwrap()).unwrap();
            setup = started.elapsed().as_secs_f64();
            reports = checker.check_all(&chosen, &Overrides::default());
        });
        println!(
            "  in-process, {:>4} {label:<15}{seconds:>7.3} s   (set-up {setup:.3} s)   goal < 1 s: {}",
            chosen.len(),
            ok(seconds < 1.0)
        );
    }
    let one_page = median(|| {
        let checker = Checker::new(&apiglot::load::project(root).unwrap()).unwrap();
        let bytes = &site.iter().find(|(s, _)| *s == one).unwrap().1;
        checker.check_bytes(&one, bytes, &Overrides::default());
    });
    println!("  in-process, one page          {one_page:>7.3} s   goal < 0.2 s: {}", ok(one_page < 0.2));

    let failing = apiglot::check::Class::DEFAULT_FAIL_ON;
    let failing_findings = reports.iter().flat_map(|r| &r.findings).filter(|f| failing.contains(&f.class)).count();
    let elsewhere = reports
        .iter()
        .filter(|r| {
            let stem = Path::new(&r.source).file_stem().unwrap().to_string_lossy();
            stem != "index" && r.endpoint.as_deref() != Some(&*stem)
        })
        .count();
    println!("  failing findings: {failing_findings}; pages placed on another endpoint: {elsewhere}");
}

fn ok(pass: bool) -> &'static str {
    if pass {
        "met"
    } else {
        "NOT met"
    }
}
