//! Go with the standard library's net/http. Its template and its reader for `check`; its language is in `languages.rs`.

mod prepared;
pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "go",
    label: "Go",
    language: &languages::GO,
    client: "net/http",
    extension: "go",
    runs_on: Some("Go 1.19 (Debian 12)"),
    markers: &["http.NewRequest"],
    sniff: Some(sniff),
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: Some(prepared::insert),
};

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    code.contains("package main") || code.contains("http.NewRequest")
}
