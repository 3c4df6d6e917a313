//! HTTPie on the command line (bash). Its template, its reader for `check`, its writers of
//! request-item syntax and its runner (`run.sh`); its language is in `languages.rs`.

pub(crate) mod reader;

use super::{languages, Literal, SampleTarget};

pub const TARGET: SampleTarget = SampleTarget {
    id: "httpie",
    label: "HTTPie",
    language: &languages::SHELL,
    client: "HTTPie",
    extension: "sh",
    runs_on: Some("bash and HTTPie 3.2.1 on Python 3.11 (Debian 12)"),
    markers: &[],
    sniff: Some(sniff),
    template: include_str!("template.tera"),
    analyze: reader::analyze,
    literals: &[
        Literal { name: "httpie_key", write: key },
        Literal { name: "httpie_value", write: value },
        Literal { name: "base64", write: base64 },
        Literal { name: "httpie_bad_key", write: bad_key },
        Literal { name: "httpie_bad_value", write: bad_value },
    ],
    prepare: None,
};

/// Does `code` run HTTPie (`http` or `https`) as a command of its own, on any line? Its
/// multipart samples build the body first.
fn sniff(code: &str) -> bool {
    code.lines().map(str::trim_start).any(|l| {
        let first = l.split_whitespace().next().unwrap_or("");
        first == "http" || first == "https"
    })
}

/// The characters HTTPie's request items separate a name from its value with.
const SEPARATORS: &[char] = &[':', ';', '@', '='];

/// A request item's name as HTTPie reads it back: each separator character escaped with
/// `\`. (A `\` before a separator character cannot be said: the template checks.)
pub(crate) fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if SEPARATORS.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A request item's value after its separator: a first `@` or `=` escaped, which would make
/// a longer separator (`:@` reads a file, `:=` raw JSON, `=@` a file, `==` a query).
pub(crate) fn value(text: &str) -> String {
    if text.starts_with(['@', '=']) {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

/// Non-empty (a true test in templates) when HTTPie cannot read `text` back from a request
/// item's value: a `\` before a separator character is always taken as an escape.
pub(crate) fn bad_value(text: &str) -> String {
    let unsayable = text.as_bytes().windows(2).any(|w| w[0] == b'\\' && SEPARATORS.contains(&(w[1] as char)));
    if unsayable {
        "unsayable".into()
    } else {
        String::new()
    }
}

/// Non-empty when `name` cannot be a request item's name: as [`bad_value`], or it ends with
/// `\` (which would escape the separator), or starts with `-` (an option to HTTPie).
pub(crate) fn bad_key(name: &str) -> String {
    if name.ends_with('\\') || name.starts_with('-') {
        "unsayable".into()
    } else {
        bad_value(name)
    }
}

/// Standard base64 of the text's UTF-8 bytes (basic credentials HTTPie's `--auth` cannot say).
fn base64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_request_items_that_httpie_reads_back() {
        assert_eq!(key("a:b;c@d=e\\f"), "a\\:b\\;c\\@d\\=e\\f");
        assert_eq!(value("@x=y"), "\\@x=y");
        assert_eq!(value("=x"), "\\=x");
        assert_eq!(value("x@:="), "x@:=");
        assert_eq!(base64("u:p é"), "dTpwIMOp");
        assert_eq!(bad_value("a\\:b"), "unsayable");
        assert_eq!(bad_value("a\\b:\\"), "");
        assert_eq!(bad_key("a\\"), "unsayable");
        assert_eq!(bad_key("-a"), "unsayable");
        assert_eq!(bad_key("a@b"), "");
        assert!(sniff("body=$(mktemp)\nhttp POST https://x < \"$body\"\n"));
        assert!(!sniff("curl https://x\n"));
    }
}
