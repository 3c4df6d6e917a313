//! Go with the standard library's net/http. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "go",
    info: "go",
    label: "Go",
    language: "Go",
    client: "net/http",
    extension: "go",
    runs_on: Some("Go 1.19 (Debian 12)"),
    infos: &["go", "golang"],
    markers: &["http.NewRequest"],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

fn grammar() -> Grammar {
    Grammar { language: tree_sitter_go::LANGUAGE.into(), highlights: tree_sitter_go::HIGHLIGHTS_QUERY.into() }
}

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    code.contains("package main") || code.contains("http.NewRequest")
}
