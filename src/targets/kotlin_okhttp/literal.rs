//! Kotlin's string literal writer (the `kt` template filter): any text as one `"..."` literal
//! that evaluates to exactly that text.

use std::fmt::Write as _;

use crate::lang::is_invisible;

/// Kotlin: a `"..."` literal. `$` is always `\$`, so nothing after it can start a template
/// (`$name`, `${...}`); the other escapes are Kotlin's own (`\"`, `\\`, `\n`, `\r`, `\t`,
/// `\b`), and any other control or invisible character is `\uXXXX` (a pair of them, UTF-16
/// surrogates, past U+FFFF), so that a reader sees it. A raw `"""` literal is never used: it
/// has no escape for `$` but `${'$'}`, nor for `"""`.
pub fn kotlin(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            c if is_invisible(c) => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    let _ = write!(out, "\\u{unit:04X}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Kotlin for text across lines (a JSON body written out): a raw `"""` literal, its lines
/// indented as the sample's statements inside `main` are and trimmed back by `.trimIndent()`,
/// which Kotlin applies exactly (it drops the first and last lines, which are blank here, and
/// the common indentation). A raw literal has no escape, so text with `$`, `"""`, another
/// control or invisible character, or white space that `trimIndent` would take (at a line's
/// start or end) is written as [`kotlin`] writes it.
pub fn kotlin_lines(s: &str) -> String {
    let unsafe_char = |c: char| c == '$' || (c != '\n' && is_invisible(c));
    let edges = s.lines().any(|l| l.ends_with([' ', '\t']) || l.trim().is_empty());
    if s.chars().any(unsafe_char) || s.contains("\"\"\"") || edges || s.starts_with([' ', '\t']) {
        return kotlin(s);
    }
    let mut out = String::from("\"\"\"\n");
    for line in s.split('\n') {
        out.push_str("        ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("    \"\"\".trimIndent()");
    out
}

#[cfg(test)]
mod lines_tests {
    use super::*;

    #[test]
    fn raw_text_across_lines_only_when_it_needs_no_escape() {
        assert_eq!(kotlin_lines("{\n  \"a\": 1\n}"), "\"\"\"\n        {\n          \"a\": 1\n        }\n    \"\"\".trimIndent()");
        assert_eq!(kotlin_lines("{\n  \"a\": \"$x\"\n}"), kotlin("{\n  \"a\": \"$x\"\n}"));
        assert_eq!(kotlin_lines("a\u{202E}\nb"), kotlin("a\u{202E}\nb"));
    }
}

#[cfg(test)]
mod tests {
    use super::kotlin;

    #[test]
    fn quotes_backslashes_and_dollars_are_escaped() {
        assert_eq!(kotlin(""), r#""""#);
        assert_eq!(kotlin("a\"b"), r#""a\"b""#);
        assert_eq!(kotlin("a\\b"), r#""a\\b""#);
        assert_eq!(kotlin("\\$"), r#""\\\$""#);
        // Every `$` is escaped, whatever follows it: a name, a brace, nothing.
        assert_eq!(kotlin("$x ${x} $ $$"), r#""\$x \${x} \$ \$\$""#);
        // What is special in other languages is plain text in Kotlin.
        assert_eq!(kotlin("#{x} %s %@ \\(x) {{x}} 'q' `b` ??="), r##""#{x} %s %@ \\(x) {{x}} 'q' `b` ??=""##);
    }

    #[test]
    fn every_control_character_is_escaped() {
        assert_eq!(kotlin("\n\r\t\u{8}"), r#""\n\r\t\b""#);
        for n in (0u32..0x20).chain(0x7F..0xA0) {
            let c = char::from_u32(n).unwrap();
            let written = kotlin(&c.to_string());
            let expected = match c {
                '\n' => "\"\\n\"".to_string(),
                '\r' => "\"\\r\"".to_string(),
                '\t' => "\"\\t\"".to_string(),
                '\u{8}' => "\"\\b\"".to_string(),
                _ => format!("\"\\u{n:04X}\""),
            };
            assert_eq!(written, expected, "U+{n:04X}");
            assert!(!written.chars().any(|c| c.is_control()), "U+{n:04X}: {written:?}");
        }
    }

    #[test]
    fn invisible_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(kotlin("\u{202E}\u{200B}\u{FEFF}\u{2028}\u{061C}"), r#""\u202E\u200B\uFEFF\u2028\u061C""#);
        assert_eq!(kotlin("é ü מרחב 😀 \u{A0}"), "\"é ü מרחב 😀 \u{A0}\"");
    }

    #[test]
    fn the_writer_round_trips_through_the_reader() {
        use crate::targets::kotlin_okhttp::reader::decode;
        for s in ["", "a\"b\\c$d${e}", "\u{0}\u{1}\u{7F}\u{9F}\u{202E}\n\r\t\u{8}", "é 😀 \u{10FFFF}", "\\u0041 \\$"]
        {
            let literal = kotlin(s);
            assert_eq!(decode(&literal[1..literal.len() - 1]).as_deref(), Some(s), "{literal}");
        }
    }
}
