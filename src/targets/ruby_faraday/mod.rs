//! Ruby with Faraday. Its template and its reader for `check`; its language is in `languages.rs`.

pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "ruby-faraday",
    label: "Ruby",
    language: &languages::RUBY,
    client: "Faraday",
    extension: "rb",
    runs_on: Some("Ruby 3.1 and Faraday 1.1 (Debian 12), its own multipart under faraday-multipart's names"),
    markers: &["Faraday"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: None,
};
