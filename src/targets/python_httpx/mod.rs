//! Python with httpx (its sync API). Its template and its reader for `check`; its language is in `languages.rs`.

pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "python-httpx",
    label: "Python",
    language: &languages::PYTHON,
    client: "httpx",
    extension: "py",
    runs_on: Some("Python 3.11 and httpx 0.23 (Debian 12 python3-httpx)"),
    markers: &["import httpx", "from httpx", "httpx."],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: None,
};
