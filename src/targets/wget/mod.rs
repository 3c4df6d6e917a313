//! GNU Wget on the command line (bash). Its template, its reader for `check` and its runner
//! (`run.sh`); its language is in `languages.rs`.

pub(crate) mod reader;

use super::{languages, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "wget",
    label: "Wget",
    language: &languages::SHELL,
    client: "GNU Wget",
    extension: "sh",
    runs_on: Some("bash and GNU Wget 1.21.3 with GnuTLS (Debian 12)"),
    markers: &[],
    sniff: Some(sniff),
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[],
    prepare: None,
};

/// Does `code` run wget as a command of its own, on any line? Its multipart samples build
/// the body first.
fn sniff(code: &str) -> bool {
    code.lines().map(str::trim_start).any(|l| l.split_whitespace().next() == Some("wget"))
}
