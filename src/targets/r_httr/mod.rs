//! R with httr: one `VERB()` call with its configs and body. Its template, its string literal
//! writers (`literal.rs`: the `r` and `r_name` filters) and its reader for `check`; its
//! language is in `languages.rs`; `run.sh` runs its samples with Debian 13's R and httr.

pub mod literal;
pub(crate) mod reader;

use super::{languages, Literal, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "r-httr",
    label: "R",
    language: &languages::R,
    client: "httr",
    extension: "R",
    runs_on: Some("R 4.5.0 with httr 1.4.7 and curl 6.2.1, linted by lintr 3.2.0 (a Debian 13 root)"),
    markers: &["library(httr)", "require(httr)", "httr::"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[
        Literal { name: "r", write: literal::r },
        Literal { name: "r_name", write: literal::r_name },
        Literal { name: "r_lines", write: literal::r_lines },
    ],
    prepare: None,
};
