//! Python with httpx (its sync API). Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::SampleTarget;

pub const TARGET: SampleTarget = SampleTarget {
    id: "python-httpx",
    info: "python",
    label: "Python",
    language: "Python",
    client: "httpx",
    extension: "py",
    runs_on: Some("Python 3.11 and httpx 0.23 (Debian 12 python3-httpx)"),
    infos: &["python", "py", "python3"],
    markers: &["import httpx", "from httpx", "httpx."],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar: super::python::grammar,
};

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    super::any_marker(code, TARGET.markers)
}
