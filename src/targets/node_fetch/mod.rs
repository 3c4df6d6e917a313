//! Node.js 18+ with its global `fetch` (undici), no library: an ES module with top-level
//! `await`. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "node-fetch",
    info: "javascript",
    label: "Node.js",
    language: "JavaScript",
    client: "fetch",
    extension: "mjs",
    runs_on: Some("Node 20 and its global fetch (undici)"),
    infos: &["javascript", "js", "node", "nodejs", "mjs"],
    markers: &["await fetch("],
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
