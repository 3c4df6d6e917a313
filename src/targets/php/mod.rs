//! PHP with ext-curl. Its template and its reader for `check`; its language is in `languages.rs`.

mod prepared;
pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "php",
    label: "PHP",
    language: &languages::PHP,
    client: "ext-curl",
    extension: "php",
    runs_on: Some("PHP 8.2 and ext-curl (Debian 12)"),
    markers: &["curl_init"],
    sniff: Some(sniff),
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: Some(prepared::insert),
};

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    code.contains("curl_init") || code.contains("curl_setopt")
}
