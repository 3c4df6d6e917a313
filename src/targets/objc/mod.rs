//! Objective-C with Foundation's NSURLSession. Its template, its reader for `check`, and its grammar for highlighting.

pub(crate) mod reader;

use super::{Grammar, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "objc",
    info: "objectivec",
    label: "Obj-C",
    language: "Objective-C",
    client: "NSURLSession",
    extension: "m",
    runs_on: Some("clang 14 and GNUstep Foundation 1.28, against an NSURLSession stand-in (tests/runners/objc)"),
    infos: &["objectivec", "objective-c", "objc"],
    markers: &["[NSMutableURLRequest", "#import <Foundation"],
    sniff,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    grammar,
};

fn grammar() -> Grammar {
    // Objective-C's query extends C's (`; inherits: c`), so C's comes first.
    Grammar {
        language: tree_sitter_objc::LANGUAGE.into(),
        highlights: format!("{}\n{}", tree_sitter_c::HIGHLIGHT_QUERY, tree_sitter_objc::HIGHLIGHTS_QUERY).into(),
    }
}

/// Does `code` look like a sample of this target, without an info string to say so?
fn sniff(code: &str) -> bool {
    ["#import", "[NSMutableURLRequest", "@\""].iter().any(|m| code.contains(m))
}
