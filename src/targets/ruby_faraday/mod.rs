//! Ruby with Faraday. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "ruby-faraday",
    info: "ruby",
    label: "Ruby",
    language: "Ruby",
    client: "Faraday",
    extension: "rb",
    runs_on: Some("Ruby 3.1 and Faraday 1.1 (Debian 12), its own multipart under faraday-multipart's names"),
    infos: &["ruby", "rb"],
    markers: &["Faraday"],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

fn grammar() -> Grammar {
    Grammar { language: tree_sitter_ruby::LANGUAGE.into(), highlights: tree_sitter_ruby::HIGHLIGHTS_QUERY.into() }
}

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    super::any_marker(code, TARGET.markers)
}
