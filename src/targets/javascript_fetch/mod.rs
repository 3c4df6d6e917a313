//! The browser's fetch, in a module script: its template and its reader for `check`; its
//! language is in `languages.rs`. Its samples say `window.fetch`, which tells them from
//! Node's (node-fetch) whose fence info is `javascript` too. Read back only, not executed.

pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "javascript-fetch",
    label: "JavaScript",
    language: &languages::JAVASCRIPT,
    client: "fetch (browser)",
    extension: "js",
    runs_on: None,
    markers: &["window.fetch(", "document.querySelector"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
};
