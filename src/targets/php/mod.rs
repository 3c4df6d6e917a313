//! PHP with ext-curl. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "php",
    info: "php",
    label: "PHP",
    language: "PHP",
    client: "ext-curl",
    extension: "php",
    runs_on: Some("PHP 8.2 and ext-curl (Debian 12)"),
    infos: &["php"],
    markers: &["curl_init"],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

fn grammar() -> Grammar {
    // Samples are PHP statements without the opening tag.
    Grammar {
        language: tree_sitter_php::LANGUAGE_PHP_ONLY.into(),
        highlights: tree_sitter_php::HIGHLIGHTS_QUERY.into(),
    }
}

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    code.contains("curl_init") || code.contains("curl_setopt")
}
