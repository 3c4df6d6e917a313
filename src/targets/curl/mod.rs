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
    infos: &["bash", "sh", "shell", "curl", "console", "zsh"],
    markers: &[],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

fn grammar() -> Grammar {
    Grammar { language: tree_sitter_bash::LANGUAGE.into(), highlights: tree_sitter_bash::HIGHLIGHT_QUERY.into() }
}

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    let first = code.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    first.starts_with("curl ") || first == "curl"
}
