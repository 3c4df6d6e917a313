//! C# with RestSharp (the v107+ API). Its template and its reader for `check`; its language is in `languages.rs`.

mod prepared;
pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "csharp",
    label: "C#",
    language: &languages::CSHARP,
    client: "RestSharp",
    extension: "cs",
    runs_on: Some("mono 6.8 against a RestSharp stand-in (src/targets/csharp/runner)"),
    markers: &["RestRequest", "new RestClient("],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: Some(prepared::insert),
};
