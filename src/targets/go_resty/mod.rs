//! Go with go-resty (v2): one request built by `client.R()` and its setters. Its template and
//! its reader for `check`; its language is in `languages.rs`.

pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "go-resty",
    label: "Go",
    language: &languages::GO,
    client: "resty",
    extension: "go",
    runs_on: Some("Go 1.19 and resty 2.6.0 (Debian 12 golang-github-go-resty-resty-dev)"),
    markers: &["github.com/go-resty/resty", "resty.New()"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: None,
};
