//! R string literals: `"..."` whose value is exactly the given text, and what stands for a
//! text R strings cannot hold.
//!
//! R's parser knows `\\`, `\"`, `\n`, `\r`, `\t`, `\a`, `\b`, `\f`, `\v`, octal and `\x` byte
//! escapes and `\u{XXXX}` / `\U{XXXXXXXX}` code points, but refuses a string that mixes byte
//! and code point escapes: only the code point escapes are used, so any text is written the
//! same way. Printable text (non-ASCII letters and emoji included) stays as it is, in a
//! script saved as UTF-8; control and invisible characters (`lang::is_invisible`) are
//! escaped so that a reader sees them. `$`, `%`, `{` and backquotes mean nothing in an R
//! string. R strings cannot hold NUL at all ("nul character not allowed"), so a text with one
//! is written as the raw vector of its UTF-8 bytes, which httr sends as a body or a multipart
//! value byte for byte.

use std::fmt::Write;

use crate::lang::is_invisible;

/// A double-quoted R literal of `s`, or for a text holding NUL the raw vector of its bytes:
/// `c(charToRaw("a"), as.raw(0x00), charToRaw("b"))`.
pub fn r(s: &str) -> String {
    if !s.contains('\0') {
        return quoted(s);
    }
    let mut pieces = Vec::new();
    for (i, piece) in s.split('\0').enumerate() {
        if i > 0 {
            pieces.push("as.raw(0x00)".to_string());
        }
        if !piece.is_empty() {
            pieces.push(format!("charToRaw({})", quoted(piece)));
        }
    }
    format!("c({})", pieces.join(", "))
}

/// Text across lines (a JSON body written out) as an R 4 raw string, `r"(...)"`, its line
/// feeds as they are and nothing escaped; dashes (`r"-(...)-"`) when the text holds `)"`.
/// A text with another control or invisible character, or NUL, is written as [`r`] writes it.
pub fn r_lines(s: &str) -> String {
    if s.chars().any(|c| c != '\n' && is_invisible(c)) {
        return r(s);
    }
    let mut dashes = String::new();
    while s.contains(&format!("){dashes}\"")) {
        dashes.push('-');
    }
    format!("r\"{dashes}({s}){dashes}\"")
}

/// A name of an argument or list item (`add_headers(accept = ...)`, `list(a = ...)`): bare
/// when it is a syntactic R name, else the quoted literal R reads as the same name.
pub fn r_name(s: &str) -> String {
    const RESERVED: &[&str] = &[
        "if",
        "else",
        "repeat",
        "while",
        "function",
        "for",
        "next",
        "break",
        "in",
        "TRUE",
        "FALSE",
        "NULL",
        "Inf",
        "NaN",
        "NA",
        "NA_integer_",
        "NA_real_",
        "NA_character_",
        "NA_complex_",
    ];
    let mut chars = s.chars();
    let syntactic = match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => true,
        Some('.') => !s[1..].starts_with(|c: char| c.is_ascii_digit()),
        _ => false,
    } && chars.all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    if syntactic && !RESERVED.contains(&s) && !s.starts_with("..") {
        s.to_string()
    } else {
        r(s)
    }
}

/// `"..."` for a text without NUL.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_invisible(c) => code_point(c, &mut out),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `\u{XXXX}`, or beyond the BMP `\U{XXXXX}` (R's `\u` takes four hex digits at most).
fn code_point(c: char, out: &mut String) {
    let n = c as u32;
    let _ = if n <= 0xFFFF { write!(out, "\\u{{{n:04x}}}") } else { write!(out, "\\U{{{n:x}}}") };
}

#[cfg(test)]
mod lines_tests {
    use super::*;

    #[test]
    fn text_across_lines_is_a_raw_string_that_never_ends_early() {
        assert_eq!(r_lines("{\n  \"a\": \"b\\\"c\"\n}"), "r\"({\n  \"a\": \"b\\\"c\"\n})\"");
        assert_eq!(r_lines("[\n  \"x)\"\n]"), "r\"-([\n  \"x)\"\n])-\"");
        assert_eq!(r_lines("a\u{202E}\nb"), r("a\u{202E}\nb"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslashes_and_line_breaks_use_their_escapes() {
        assert_eq!(r(""), r#""""#);
        assert_eq!(r(r#"a"b\c'd"#), r#""a\"b\\c'd""#);
        assert_eq!(r("l1\nl2\r\n\tx"), r#""l1\nl2\r\n\tx""#);
    }

    /// `$`, `${`, `#{`, `%`, `{}`, backquotes and `\(` are plain characters in an R string.
    #[test]
    fn interpolation_syntax_of_other_languages_stays_as_written() {
        for s in ["$x ${x} #{x} %s %d %% {{x}} `x` @x ~x", "\\(x)"] {
            assert_eq!(r(s), format!("\"{}\"", s.replace('\\', "\\\\")));
        }
    }

    #[test]
    fn every_other_control_character_is_a_code_point_escape() {
        for n in (1u32..0x20).chain(0x7f..0xa0) {
            let c = char::from_u32(n).unwrap();
            let want = match c {
                '\n' => "\"\\n\"".to_string(),
                '\r' => "\"\\r\"".to_string(),
                '\t' => "\"\\t\"".to_string(),
                _ => format!("\"\\u{{{n:04x}}}\""),
            };
            assert_eq!(r(&c.to_string()), want, "U+{n:04X}");
        }
    }

    #[test]
    fn invisible_and_bidi_characters_are_escaped() {
        assert_eq!(
            r("a\u{202E}b\u{200B}c\u{FEFF}\u{2066}\u{061C}\u{2028}"),
            r#""a\u{202e}b\u{200b}c\u{feff}\u{2066}\u{061c}\u{2028}""#
        );
        let mut beyond = String::new();
        code_point('\u{E0001}', &mut beyond);
        assert_eq!(beyond, r"\U{e0001}");
    }

    #[test]
    fn syntactic_names_are_bare_and_the_others_quoted() {
        for bare in ["a", "grant_type", "x.y", "A1", ".hidden", "TRUEish"] {
            assert_eq!(r_name(bare), bare);
        }
        for quoted in ["x-api-key", "", "1a", "_a", ".1", "a b", "if", "TRUE", "NA", "...", "..1", "é", "a`b"] {
            assert_eq!(r_name(quoted), r(quoted), "{quoted}");
        }
    }

    #[test]
    fn printable_non_ascii_stays_as_it_is() {
        assert_eq!(r("é ü 😀 𝄞 מרחב العربية"), "\"é ü 😀 𝄞 מרחב العربية\"");
    }

    /// R refuses NUL in a string: the text becomes the raw vector of its bytes.
    #[test]
    fn a_text_with_nul_is_its_raw_bytes() {
        assert_eq!(r("a\0b\"é"), r#"c(charToRaw("a"), as.raw(0x00), charToRaw("b\"é"))"#);
        assert_eq!(r("\0"), "c(as.raw(0x00))");
        assert_eq!(r("\0\0x\0"), r#"c(as.raw(0x00), as.raw(0x00), charToRaw("x"), as.raw(0x00))"#);
    }

    /// Every string (lone surrogates cannot be Rust strings) is read back by the reader's
    /// decoder as itself.
    #[test]
    fn the_reader_decodes_every_literal_back() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let mut runner = TestRunner::new(Config { cases: 512, failure_persistence: None, ..Config::default() });
        runner
            .run(&"(\\PC|[\\x00-\\x1f\\x7f-\\x9f\u{202E}\u{200B}\u{FEFF}\"\\\\'`$%{}#])*", |s| {
                let literal = quoted(&s.replace('\0', ""));
                prop_assert_eq!(super::super::reader::string_literal(&literal), s.replace('\0', ""));
                Ok(())
            })
            .unwrap();
    }
}
