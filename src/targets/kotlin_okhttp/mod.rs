//! Kotlin with OkHttp 4 (Square's client, its Kotlin API: `toMediaType()`, `toRequestBody()`,
//! `response.body`). Its template, its string literal writer (`kt`), its reader for `check`
//! and its runner (`run.sh`, on Debian's OkHttp 3.13 through `runner/okhttp4-shim/`); the
//! grammar and info strings are Kotlin's (`languages.rs`).

pub mod literal;
pub(crate) mod reader;

use super::{languages, Literal, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "kotlin-okhttp",
    label: "Kotlin",
    language: &languages::KOTLIN,
    client: "OkHttp",
    extension: "kt",
    runs_on: Some(
        "kotlinc 1.3.31 on OpenJDK 17 with OkHttp 3.13.1 and Okio 1.16 (Debian 12), OkHttp 4's Kotlin API by okhttp4-shim",
    ),
    markers: &["= OkHttpClient()", ".execute().use", ".toMediaType()", ".toRequestBody(", ".asRequestBody("],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[Literal { name: "kt", write: literal::kotlin }, Literal { name: "kt_lines", write: literal::kotlin_lines }],
    prepare: None,
};
