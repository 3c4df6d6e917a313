//! Rust with reqwest (async, on tokio): one request built on a `reqwest::Client`. Its template,
//! its string literal writer, its reader for `check` and its runner (`run.sh`, with the cargo
//! project `runner.toml` and `runner.lock` it builds the sample in); its language is in
//! `languages.rs`.

pub mod literal;
pub(crate) mod reader;

use super::{languages, Literal, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "rust-reqwest",
    label: "Rust",
    language: &languages::RUST,
    client: "reqwest",
    extension: "rs",
    runs_on: Some("Rust 1.95 and reqwest 0.13.5 on tokio 1.54, native-tls with OpenSSL 3.0 (crates.io, Cargo.lock)"),
    markers: &["reqwest::", "use reqwest"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[Literal { name: "rs", write: literal::rust }, Literal { name: "rs_raw", write: literal::rust_raw }],
    prepare: None,
};
