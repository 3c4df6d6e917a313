//! C# with .NET's own `System.Net.Http.HttpClient`. Its template and its reader for `check`; its language is in `languages.rs`.

pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "csharp-httpclient",
    label: "C#",
    language: &languages::CSHARP,
    client: "HttpClient",
    extension: "cs",
    runs_on: Some("mono 6.8 and its System.Net.Http (Debian 12)"),
    markers: &["new HttpRequestMessage(", "new HttpClient("],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: None,
};
