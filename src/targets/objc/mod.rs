//! Objective-C with Foundation's NSURLSession. Its template and its reader for `check`; its language is in `languages.rs`.

mod prepared;
pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "objc",
    label: "Obj-C",
    language: &languages::OBJC,
    client: "NSURLSession",
    extension: "m",
    runs_on: Some("clang 14 and GNUstep Foundation 1.28, against an NSURLSession stand-in (src/targets/objc/runner)"),
    markers: &["[NSMutableURLRequest", "#import <Foundation"],
    sniff: Some(sniff),
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: Some(prepared::insert),
};

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    ["#import", "[NSMutableURLRequest", "@\""].iter().any(|m| code.contains(m))
}
