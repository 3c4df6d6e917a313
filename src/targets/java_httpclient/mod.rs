//! Java 11+ with the JDK's own `java.net.http.HttpClient`, no library. Its template, its reader
//! for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "java-httpclient",
    info: "java",
    label: "Java",
    language: "Java",
    client: "HttpClient",
    extension: "java",
    runs_on: Some("OpenJDK 17 and its java.net.http.HttpClient (Debian 12)"),
    infos: &["java"],
    markers: &["HttpClient.newHttpClient", "HttpClient.newBuilder", "HttpRequest.newBuilder", "java.net.http"],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

fn grammar() -> Grammar {
    Grammar { language: tree_sitter_java::LANGUAGE.into(), highlights: tree_sitter_java::HIGHLIGHTS_QUERY.into() }
}

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    super::any_marker(code, TARGET.markers)
}
