//! curl on the command line (bash). Its template and its reader for `check`; its language is in `languages.rs`.

mod prepared;
pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "curl",
    label: "cURL",
    language: &languages::SHELL,
    client: "curl",
    extension: "sh",
    runs_on: Some("bash and curl 7.88 (Debian 12)"),
    markers: &[],
    sniff: Some(sniff),
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: Some(prepared::insert),
};

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    let first = code.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    first.starts_with("curl ") || first == "curl"
}
