//! Dart string literals: `'...'` with backslash escapes, `$` escaped so that nothing
//! interpolates, and control and invisible characters as `\u{...}` so that nothing hides.

use std::fmt::Write;

use crate::lang::is_invisible;

/// Any string as one single-quoted Dart literal whose value is exactly `s`.
pub fn dart(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if is_invisible(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Dart for text across lines (a JSON body written out): a raw multi-line `r\'\'\'...\'\'\'`
/// literal, which takes every character as it is (Dart drops the line break right after the
/// opening quotes); text with `\'\'\'`, a `\'` at its end, or another control or invisible
/// character is written as [`dart`] writes it.
pub fn dart_lines(s: &str) -> String {
    if s.contains("\'\'\'") || s.ends_with('\'') || s.chars().any(|c| c != '\n' && is_invisible(c)) {
        return dart(s);
    }
    format!("r\'\'\'\n{s}\'\'\'")
}

#[cfg(test)]
mod tests {

    #[test]
    fn text_across_lines_is_a_raw_multi_line_literal() {
        assert_eq!(super::dart_lines("{\n  \"a\": \"$x \\\\ \"\n}"), "r\'\'\'\n{\n  \"a\": \"$x \\\\ \"\n}\'\'\'");
        assert_eq!(super::dart_lines("[\n  \"\'\'\'\"\n]"), super::dart("[\n  \"\'\'\'\"\n]"));
    }

    use super::*;

    fn read(literal: &str) -> Option<String> {
        super::super::reader::string_value(literal)
    }

    #[test]
    fn escapes_quotes_backslashes_dollars_and_controls() {
        assert_eq!(dart(""), "''");
        assert_eq!(dart("it's \"q\" \\ $x ${x} #{x} %s"), r#"'it\'s "q" \\ \$x \${x} #{x} %s'"#);
        assert_eq!(dart("a\nb\r\t\u{8}\u{c}\u{b}\0"), r"'a\nb\r\t\b\f\v\u{0}'");
        assert_eq!(
            dart("\u{1b}\u{7f}\u{202e}\u{200b}\u{feff}\u{2028}"),
            r"'\u{1b}\u{7f}\u{202e}\u{200b}\u{feff}\u{2028}'"
        );
        assert_eq!(dart("é 😀 שלום"), "'é 😀 שלום'");
    }

    /// Every character below U+0100, the invisible ones and a few others, alone and in
    /// company, read back as written by the reader's own evaluation.
    #[test]
    fn every_character_round_trips() {
        let mut chars: Vec<char> = (0u32..0x100).filter_map(char::from_u32).collect();
        chars.extend(['\u{061C}', '\u{200B}', '\u{200F}', '\u{2028}', '\u{2029}', '\u{202A}', '\u{202E}']);
        chars.extend(['\u{2060}', '\u{2066}', '\u{2069}', '\u{FEFF}', 'é', '😀', '\u{10FFFF}', '“', '’']);
        for c in chars {
            for s in [c.to_string(), format!("a{c}b"), format!("{c}{c}"), format!("${{x}}{c}\\'")] {
                let lit = dart(&s);
                assert_eq!(read(&lit).as_deref(), Some(s.as_str()), "{s:?} as {lit}");
                assert!(!lit.chars().any(is_invisible), "{lit:?} hides nothing");
            }
        }
    }
}
