//! The HTML site in a real browser: headless Chromium (Debian's `chromium`) driven by
//! playwright-core (`tests/browser/site.cjs`) opens the Japanese remove-members page, checks
//! the ten tabs, picks Python, follows it to another guide and to French, copies a sample,
//! and asserts that no request left `file://`; then the same from a static server on
//! 127.0.0.1. The screenshot lands in the target folder. A second test opens a page built
//! from hostile messages and asserts that nothing on it ran.
//! With CI=true a missing browser or playwright-core fails; elsewhere the test is skipped
//! with a loud line.

use std::path::PathBuf;
use std::process::Command;

use crate::helpers::{apiglot, example_project, repo};

const INSTALL: &str = "apt-get install chromium, and npm install --prefix ~/.cache/apiglot-runtimes playwright-core@1 axios@1 (.ci/run does both)";

fn chromium() -> PathBuf {
    std::env::var_os("APIGLOT_CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Where playwright-core is installed: `.ci/run` puts it beside axios.
fn node_modules() -> PathBuf {
    std::env::var_os("APIGLOT_NODE_MODULES").map(Into::into).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/apiglot-runtimes/node_modules")
    })
}

/// Are the browser, node and playwright-core here? With CI=true their absence fails.
fn browser_present() -> bool {
    let missing: Vec<&str> = [
        (!chromium().is_file()).then_some("chromium"),
        Command::new("node")
            .arg("--version")
            .output()
            .map_or(Some("node"), |o| (!o.status.success()).then_some("node")),
        (!node_modules().join("playwright-core").is_dir()).then_some("playwright-core"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{} missing and CI=true: {INSTALL}", missing.join(", "));
    }
    eprintln!("\n!!! SKIPPED: the browser test; {} missing: {INSTALL}\n", missing.join(", "));
    false
}

#[test]
fn a_reader_picks_python_once_and_every_page_follows_offline() {
    if !browser_present() {
        return;
    }
    let project = example_project(None);
    let built = apiglot(project.path(), &["build", "--out", "site"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let screenshot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("guide-page.png");
    let _ = std::fs::remove_file(&screenshot);
    let screenshot_arg = screenshot.display().to_string();
    let stdout = run_script("site.cjs", &project.path().join("site"), &[&screenshot_arg], "the browser test");
    assert!(stdout.contains("ok: no request left the site"), "{stdout}");
    assert!(stdout.contains("ok: from a static server, ?target=ruby selects Ruby"), "{stdout}");
    assert!(stdout.contains("browser test passed"), "{stdout}");
    let png = std::fs::read(&screenshot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "a real screenshot at {}", screenshot.display());
    eprintln!("screenshot: {}", screenshot.display());
}

/// A page built from hostile messages and endpoint values (`tests/cases/site/hostile`, laid
/// over the example) runs nothing in Chromium: no dialog, console message, page error or
/// global from a payload, no handler or refused URL in the DOM; its text still shows.
#[test]
fn a_page_of_hostile_messages_runs_nothing() {
    if !browser_present() {
        return;
    }
    let project = example_project(Some(&repo().join("tests/cases/site/hostile")));
    let built = apiglot(project.path(), &["build", "--locale", "en", "--out", "site"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let stdout = run_script("hostile.cjs", &project.path().join("site"), &[], "the hostile page test");
    assert!(stdout.contains("ok: a control payload is caught"), "{stdout}");
    assert!(stdout.contains("hostile page ran nothing"), "{stdout}");
}

/// Runs `tests/browser/<script>` with node on the built `site` (and `extra` arguments), driving
/// Chromium through playwright-core; asserts it succeeded and returns what it printed.
fn run_script(script: &str, site: &std::path::Path, extra: &[&str], what: &str) -> String {
    let run = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .arg(site)
        .args(extra)
        .env("NODE_PATH", node_modules())
        .env("APIGLOT_CHROMIUM", chromium())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{what} failed:\n{stdout}\n{stderr}");
    stdout
}
