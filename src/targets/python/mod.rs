//! Python with the standard library's http.client. Its template and its reader for `check`; its language is in `languages.rs`.

mod prepared;
pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "python",
    label: "Python",
    language: &languages::PYTHON,
    client: "http.client",
    extension: "py",
    runs_on: Some("Python 3.11 (standard library)"),
    markers: &["http.client", "HTTPSConnection", "HTTPConnection"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: Some(prepared::insert),
};
