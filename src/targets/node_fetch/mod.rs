//! Node.js 18+ with its global `fetch` (undici), no library: an ES module with top-level
//! `await`. Its template and its reader for `check`; its language is in `languages.rs`.

pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "node-fetch",
    label: "Node.js",
    language: &languages::JAVASCRIPT,
    client: "fetch",
    extension: "mjs",
    runs_on: Some("Node 20 and its global fetch (undici)"),
    markers: &["await fetch("],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: None,
};
