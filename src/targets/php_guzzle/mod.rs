//! PHP with Guzzle 7. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "php-guzzle",
    info: "php",
    label: "PHP",
    language: "PHP",
    client: "Guzzle",
    extension: "php",
    runs_on: Some("PHP 8.2 and Guzzle 7.4 (Debian 12)"),
    infos: &["php"],
    markers: &["GuzzleHttp"],
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
    super::any_marker(code, TARGET.markers)
}
