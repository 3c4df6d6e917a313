//! Bad input: each case under `tests/cases/errors/<case>/` lays its files over the example
//! project; the build must fail with exit code 2, print the message in `expected.txt`, and
//! leave `out/` exactly as the previous good build wrote it.

use std::path::Path;

use crate::helpers::{apiglot, copy_tree, example_project, repo, snapshot_dir};

/// The file of a case that holds the expected message rather than project input.
const EXPECTED: &str = "expected.txt";

fn run_case(case: &Path) {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let project = example_project(None);
    let root = project.path();
    let good = apiglot(root, &["build"]);
    assert_eq!(good.code, 0, "the example project builds: {}", good.stderr);
    let before = snapshot_dir(&root.join("out"));
    assert!(!before.is_empty());

    copy_tree(case, root);
    let expected = std::fs::read_to_string(root.join(EXPECTED)).ok();
    std::fs::remove_file(root.join(EXPECTED)).ok();

    let bad = apiglot(root, &["build"]);
    assert_eq!(bad.code, 2, "{name}: exit code; stderr:\n{}", bad.stderr);
    assert_eq!(snapshot_dir(&root.join("out")), before, "{name}: out/ was touched");
    assert!(!bad.stderr.contains("panicked"), "{name}: {}", bad.stderr);
    match expected {
        Some(expected) => assert_eq!(bad.stderr.trim_end(), expected.trim_end(), "{name}: message"),
        None if std::env::var_os("APIGLOT_BLESS").is_some() => {
            std::fs::write(case.join(EXPECTED), &bad.stderr).unwrap();
        }
        None => panic!("{name}: no {EXPECTED}; run with APIGLOT_BLESS=1 and review it:\n{}", bad.stderr),
    }
}

#[test]
fn every_bad_input_names_its_file_and_leaves_out_untouched() {
    let mut cases: Vec<_> = std::fs::read_dir(repo().join("tests/cases/errors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 8, "each kind of bad input of the build issue has a case");
    for case in cases {
        run_case(&case);
    }
}
