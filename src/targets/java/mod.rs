//! Java with Unirest 1.x. Its template and its reader for `check`; its language is in `languages.rs`.

mod prepared;
pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "java",
    label: "Java",
    language: &languages::JAVA,
    client: "Unirest",
    extension: "java",
    runs_on: Some("OpenJDK 17 and Unirest 1.4.8 (Debian 12)"),
    markers: &["Unirest."],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: Some(prepared::insert),
};
