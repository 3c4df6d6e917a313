//! R with httr: one `VERB()` call with its configs and body. Its template, its string literal
//! writer (`literal.rs`, the `r` filter) and its reader for `check`; its language is in
//! `languages.rs`; `run.sh` runs its samples with Debian's R and httr.

pub mod literal;
pub(crate) mod reader;

use super::{languages, Literal, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "r-httr",
    label: "R",
    language: &languages::R,
    client: "httr",
    extension: "R",
    runs_on: Some("R 4.2.2 with httr 1.4.5 and curl 5.0.0, linted by lintr 3.0.2 (Debian 12)"),
    markers: &["library(httr)", "require(httr)", "httr::"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[Literal { name: "r", write: literal::r }, Literal { name: "r_name", write: literal::r_name }],
};
