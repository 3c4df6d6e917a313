//! PowerShell 7 with Invoke-RestMethod: its template, its string literal writers and its
//! reader for `check`; its language is in `languages.rs`. Read back only, not executed: no
//! PowerShell is packaged for the machines the suite runs on.

pub mod literal;
pub(crate) mod reader;

use super::{languages, Literal, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "powershell",
    label: "PowerShell",
    language: &languages::POWERSHELL,
    client: "Invoke-RestMethod",
    extension: "ps1",
    runs_on: None,
    markers: &["Invoke-RestMethod", "Invoke-WebRequest"],
    sniff: None,
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[
        Literal { name: "ps", write: literal::powershell },
        Literal { name: "ps_text", write: literal::powershell_text },
        Literal { name: "ps_path", write: literal::powershell_path },
    ],
    prepare: None,
};
