//! Node.js with axios. Its template and its reader for `check`; its language is in `languages.rs`.

mod prepared;
pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "node",
    label: "Node.js",
    language: &languages::JAVASCRIPT,
    client: "axios",
    extension: "js",
    runs_on: Some("Node 20 and axios 1.x (npm)"),
    markers: &["axios"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: Some(prepared::insert),
};
