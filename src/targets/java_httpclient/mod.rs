//! Java 11+ with the JDK's own `java.net.http.HttpClient`, no library. Its template, its reader
//! for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "java-httpclient",
    label: "Java",
    language: &languages::JAVA,
    client: "HttpClient",
    extension: "java",
    runs_on: Some("OpenJDK 17 and its java.net.http.HttpClient (Debian 12)"),
    markers: &["HttpClient.newHttpClient", "HttpClient.newBuilder", "HttpRequest.newBuilder", "java.net.http"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: None,
};
