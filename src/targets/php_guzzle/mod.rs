//! PHP with Guzzle 7. Its template and its reader for `check`; its language is in `languages.rs`.

pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "php-guzzle",
    label: "PHP",
    language: &languages::PHP,
    client: "Guzzle",
    extension: "php",
    runs_on: Some("PHP 8.2 and Guzzle 7.4 (Debian 12)"),
    markers: &["GuzzleHttp"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: None,
};
