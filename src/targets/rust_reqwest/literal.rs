//! Rust string literals: `"..."` with escapes for any text, and `r#"..."#` raw strings where
//! they read better (JSON full of quotes). Both are exact for any string.

use std::fmt::Write;

use crate::lang::is_invisible;

/// A `"..."` literal: quotes, backslashes and the usual control characters by their escapes,
/// other control and invisible characters (NUL too) as `\u{...}` so a reader sees them.
pub fn rust(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if is_invisible(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A raw `r#"..."#` literal, with as many `#` as the text needs, when the text has a quote or
/// a backslash (which the raw form keeps as they are) and no control or invisible character
/// but line feeds (a raw literal cannot escape them; its line breaks are LF, whatever line
/// ends the file has, as rustc reads them); else [`rust`]. For JSON and documents (XML).
pub fn rust_raw(s: &str) -> String {
    if s.chars().any(|c| c != '\n' && is_invisible(c)) || !s.contains(['"', '\\']) {
        return rust(s);
    }
    // The closing delimiter is `"` and the hashes: one more hash than any run after a quote.
    let mut longest = 0;
    for (at, _) in s.match_indices('"') {
        longest = longest.max(s[at + 1..].chars().take_while(|c| *c == '#').count());
    }
    let hashes = "#".repeat(longest + usize::from(s.contains('"')));
    format!("r{hashes}\"{s}\"{hashes}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::rust_reqwest::reader::decode;

    /// What the reader decodes a literal to, which follows the Rust reference's escapes.
    fn value(literal: &str) -> String {
        decode(literal).expect("a literal the writer wrote decodes")
    }

    #[test]
    fn escapes_what_breaks_a_literal_or_hides() {
        assert_eq!(rust("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(rust("\n\r\t\0"), r#""\n\r\t\0""#);
        assert_eq!(
            rust("\u{1}\u{7f}\u{85}\u{202e}\u{200b}\u{feff}\u{2028}"),
            r#""\u{1}\u{7f}\u{85}\u{202e}\u{200b}\u{feff}\u{2028}""#
        );
        // Nothing else is special in a plain literal (no interpolation, no format string).
        assert_eq!(rust("$x ${x} #{x} %s {x} {{ }} ' é 😀 מרחב"), "\"$x ${x} #{x} %s {x} {{ }} ' é 😀 מרחב\"");
        assert_eq!(rust(""), "\"\"");
    }

    #[test]
    fn raw_strings_have_enough_hashes() {
        assert_eq!(rust_raw(r#"{"a": 1}"#), r##"r#"{"a": 1}"#"##);
        assert_eq!(rust_raw(r##"{"a#": "b"#"}"##), r###"r##"{"a#": "b"#"}"##"###);
        assert_eq!(rust_raw(r"a\b"), r#"r"a\b""#);
        assert_eq!(rust_raw("plain é"), "\"plain é\"");
        // A control or invisible character is escaped, so the plain form is written.
        assert_eq!(rust_raw("\"\u{202e}\""), r#""\"\u{202e}\"""#);
        assert_eq!(rust_raw("\"\r\n\""), r#""\"\r\n\"""#);
        assert_eq!(rust_raw("<a b=\"1\">\n</a>\n"), "r#\"<a b=\"1\">\n</a>\n\"#");
    }

    /// Every character that is a control or invisible, and the characters literals of other
    /// languages treat specially, write and read back as themselves in both forms.
    #[test]
    fn every_string_reads_back_exactly() {
        let mut specials: Vec<String> =
            (0u32..0x2070).filter_map(char::from_u32).filter(|c| is_invisible(*c)).map(String::from).collect();
        specials.extend(
            [
                "\"",
                "\\",
                "'",
                "$",
                "${",
                "#{",
                "#",
                "\"#",
                "\"##",
                "%",
                "{}",
                "{{",
                "\\u{41}",
                "\\\n",
                "é",
                "😀",
                "\u{feff}",
                "\u{10ffff}",
            ]
            .map(String::from),
        );
        for s in &specials {
            for text in [s.clone(), format!("a{s}b"), format!("\"{s}\"#"), format!("{s}{s}")] {
                assert_eq!(value(&rust(&text)), text, "{}", rust(&text));
                assert_eq!(value(&rust_raw(&text)), text, "{}", rust_raw(&text));
                assert!(!rust(&text).contains(['\n', '\r', '\u{202e}']), "{}", rust(&text));
            }
        }
    }

    /// Random strings of every kind of character: both forms parse as one literal in
    /// tree-sitter-rust and read back exactly.
    #[test]
    fn random_strings_read_back_exactly() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let mut runner = TestRunner::new(Config { cases: 512, failure_persistence: None, ..Config::default() });
        let result = runner.run(&any::<String>(), |text| {
            for literal in [rust(&text), rust_raw(&text)] {
                let code = format!("fn main() {{ let x = {literal}; }}\n");
                let tree = crate::parse::parse(crate::grammars::rust(), &code);
                prop_assert!(!tree.root_node().has_error(), "{code}");
                prop_assert_eq!(value(&literal), text.clone());
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
}
