//! Swift with Foundation's URLSession. Its template and its reader for `check`; its language is in `languages.rs`.

mod prepared;
pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "swift",
    label: "Swift",
    language: &languages::SWIFT,
    client: "URLSession",
    extension: "swift",
    runs_on: Some("swiftc 6.0.3 and FoundationNetworking in a Debian 13 root (.ci/swift-root)"),
    markers: &["URLSession"],
    sniff: Some(sniff),
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: Some(prepared::insert),
};

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    code.lines().any(|l| l.trim() == "import Foundation") || code.contains("URLSession")
}
