//! Python with the standard library's http.client. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "python",
    info: "python",
    label: "Python",
    language: "Python",
    client: "http.client",
    extension: "py",
    runs_on: Some("Python 3.11 (standard library)"),
    infos: &["python", "py", "python3"],
    markers: &["http.client", "HTTPSConnection", "HTTPConnection"],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

pub(crate) fn grammar() -> Grammar {
    Grammar { language: tree_sitter_python::LANGUAGE.into(), highlights: tree_sitter_python::HIGHLIGHTS_QUERY.into() }
}

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    super::any_marker(code, TARGET.markers)
}
