//! Java with Unirest 1.x. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "java",
    info: "java",
    label: "Java",
    language: "Java",
    client: "Unirest",
    extension: "java",
    runs_on: Some("OpenJDK 17 and Unirest 1.4.8 (Debian 12)"),
    infos: &["java"],
    markers: &["Unirest."],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

fn grammar() -> Grammar {
    Grammar { language: tree_sitter_java::LANGUAGE.into(), highlights: tree_sitter_java::HIGHLIGHTS_QUERY.into() }
}

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    super::any_marker(code, TARGET.markers)
}
