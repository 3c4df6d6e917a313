//! Dart with package:http 1.x: its template, its string literal writer and its reader for
//! `check`; its language is in `languages.rs`. Read back only, not executed: no Dart SDK is
//! packaged for the machines the suite runs on.

pub mod literal;
pub(crate) mod reader;

use super::{languages, Literal, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "dart-http",
    label: "Dart",
    language: &languages::DART,
    client: "http",
    extension: "dart",
    runs_on: None,
    markers: &["package:http/http.dart"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[Literal { name: "dart", write: literal::dart }, Literal { name: "dart_lines", write: literal::dart_lines }],
    prepare: None,
};
