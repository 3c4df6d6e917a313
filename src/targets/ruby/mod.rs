//! Ruby with the standard library's Net::HTTP. Its template and its reader for `check`; its language is in `languages.rs`.

mod prepared;
pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "ruby",
    label: "Ruby",
    language: &languages::RUBY,
    client: "Net::HTTP",
    extension: "rb",
    runs_on: Some("Ruby 3.1 (standard library)"),
    markers: &["Net::HTTP"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: Some(prepared::insert),
};
