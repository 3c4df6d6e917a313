//! Node.js with axios. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "node",
    info: "javascript",
    label: "Node.js",
    language: "JavaScript",
    client: "axios",
    extension: "js",
    runs_on: Some("Node 20 and axios 1.x (npm)"),
    infos: &["javascript", "js", "node", "nodejs"],
    markers: &["axios"],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

fn grammar() -> Grammar {
    Grammar {
        language: tree_sitter_javascript::LANGUAGE.into(),
        highlights: tree_sitter_javascript::HIGHLIGHT_QUERY.into(),
    }
}

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    super::any_marker(code, TARGET.markers)
}
