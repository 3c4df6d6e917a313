//! curl on the command line (bash). Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "curl",
    info: "bash",
    label: "cURL",
    language: "Shell",
    client: "curl",
    extension: "sh",
    runs_on: Some("bash and curl 7.88 (Debian 12)"),
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

fn grammar() -> Grammar {
    Grammar { language: tree_sitter_bash::LANGUAGE.into(), highlights: tree_sitter_bash::HIGHLIGHT_QUERY.into() }
}
