//! The browser's fetch, in a module script: its template and its reader for `check`; its
//! language is in `languages.rs`. Its samples say `window.fetch`, which tells them from
//! Node's (node-fetch) whose fence info is `javascript` too. Read back only, not executed.

pub(crate) mod reader;

use std::fmt::Write;

use super::{languages, Literal, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "javascript-fetch",
    label: "JavaScript",
    language: &languages::JAVASCRIPT,
    client: "browser fetch",
    extension: "js",
    runs_on: None,
    markers: &["window.fetch(", "document.querySelector"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[Literal { name: "js_basic", write: btoa }],
    prepare: None,
};

/// The base64 of `user:password` as a page computes it: `btoa` takes Latin-1 only (and the
/// server reads UTF-8), so text that is not ASCII goes through its UTF-8 bytes.
pub fn btoa(credentials: &str) -> String {
    let literal = crate::lang::javascript(credentials, '\'');
    let mut out = String::new();
    if credentials.is_ascii() {
        let _ = write!(out, "btoa({literal})");
    } else {
        let _ = write!(out, "btoa(String.fromCharCode(...new TextEncoder().encode({literal})))");
    }
    out
}
