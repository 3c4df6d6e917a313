//! Python with requests. Its template and its reader for `check`; its language is in `languages.rs`.

pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "python-requests",
    label: "Python",
    language: &languages::PYTHON,
    client: "requests",
    extension: "py",
    runs_on: Some("Python 3.11 and requests 2.28 (Debian 12 python3-requests)"),
    markers: &[
        "import requests",
        "from requests",
        "requests.request(",
        "requests.get(",
        "requests.post(",
        "requests.put(",
        "requests.patch(",
        "requests.delete(",
        "requests.Session(",
    ],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: None,
};
