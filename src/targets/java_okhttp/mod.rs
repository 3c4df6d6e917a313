//! Java with OkHttp 3 (Square's client; Debian's `libokhttp-java`). Its template, its reader
//! for `check`; the grammar and info strings are Java's.

pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "java-okhttp",
    label: "Java",
    language: &languages::JAVA,
    client: "OkHttp",
    extension: "java",
    runs_on: Some("OpenJDK 17 and OkHttp 3.13.1 with Okio 1.16 (Debian 12)"),
    // Java's `new`: a Kotlin OkHttp sample holds the same class names (kotlin-okhttp).
    markers: &["new OkHttpClient", "new Request.Builder()"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: None,
};
