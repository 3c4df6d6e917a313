//! Python with requests. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::SampleTarget;

pub const TARGET: SampleTarget = SampleTarget {
    id: "python-requests",
    info: "python",
    label: "Python",
    language: "Python",
    client: "requests",
    extension: "py",
    runs_on: Some("Python 3.11 and requests 2.28 (Debian 12 python3-requests)"),
    infos: &["python", "py", "python3"],
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
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar: super::python::grammar,
};

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    super::any_marker(code, TARGET.markers)
}
