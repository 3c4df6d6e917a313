//! Swift with Foundation's URLSession. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "swift",
    info: "swift",
    label: "Swift",
    language: "Swift",
    client: "URLSession",
    extension: "swift",
    runs_on: Some("swiftc 6.0.3 and FoundationNetworking in a Debian 13 root (.ci/swift-root)"),
    infos: &["swift"],
    markers: &["URLSession"],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

fn grammar() -> Grammar {
    Grammar { language: tree_sitter_swift::LANGUAGE.into(), highlights: tree_sitter_swift::HIGHLIGHTS_QUERY.into() }
}

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    code.lines().any(|l| l.trim() == "import Foundation") || code.contains("URLSession")
}
