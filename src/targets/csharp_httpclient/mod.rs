//! C# with .NET's own `System.Net.Http.HttpClient`. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "csharp-httpclient",
    info: "csharp",
    label: "C#",
    language: "C#",
    client: "HttpClient",
    extension: "cs",
    runs_on: Some("mono 6.8 and its System.Net.Http (Debian 12)"),
    infos: &["csharp", "cs", "c#"],
    markers: &["new HttpRequestMessage(", "new HttpClient("],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

fn grammar() -> Grammar {
    Grammar { language: tree_sitter_c_sharp::LANGUAGE.into(), highlights: tree_sitter_c_sharp::HIGHLIGHTS_QUERY.into() }
}

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    super::any_marker(code, TARGET.markers)
}
