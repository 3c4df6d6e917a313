//! PowerShell string literals: single-quoted where every character shows as itself, else
//! double-quoted with backtick escapes; and single-quoted here-strings for multi-line text.
//!
//! PowerShell reads the typographic quotes as quotes too: `‘ ’ ‚ ‛` end a single-quoted string
//! and `“ ” „` a double-quoted one, so they are doubled or escaped like the ASCII ones.

use std::fmt::Write;

use crate::lang::is_invisible;

/// The characters PowerShell reads as a single quote.
pub const SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];
/// The characters PowerShell reads as a double quote.
pub const DOUBLE_QUOTES: [char; 4] = ['"', '\u{201C}', '\u{201D}', '\u{201E}'];

/// Any string as one PowerShell literal whose value is exactly `s`: `'...'` (quotes doubled)
/// when it has no control or invisible character, else `"..."` with `` `n ``, `` `$ ``, `` `# ``,
/// `` `u{...} `` escapes, so that nothing interpolates and nothing hides.
pub fn powershell(s: &str) -> String {
    if !s.chars().any(is_invisible) {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('\'');
        for c in s.chars() {
            if SINGLE_QUOTES.contains(&c) {
                out.push(c);
            }
            out.push(c);
        }
        out.push('\'');
        return out;
    }
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    for c in s.chars() {
        match c {
            '\0' => out.push_str("`0"),
            '\u{7}' => out.push_str("`a"),
            '\u{8}' => out.push_str("`b"),
            '\u{c}' => out.push_str("`f"),
            '\n' => out.push_str("`n"),
            '\r' => out.push_str("`r"),
            '\t' => out.push_str("`t"),
            '\u{b}' => out.push_str("`v"),
            // `#` needs no escape in PowerShell, but tree-sitter-powershell reads one after an
            // escape as a comment.
            '`' | '$' | '#' => {
                out.push('`');
                out.push(c);
            }
            c if DOUBLE_QUOTES.contains(&c) => {
                out.push('`');
                out.push(c);
            }
            c if is_invisible(c) => {
                let _ = write!(out, "`u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A path for a parameter that expands wildcards (`-InFile`): `*`, `?`, `[`, `]` and the
/// backtick escaped with a backtick, so that it names only the file it spells.
pub fn powershell_path(s: &str) -> String {
    let mut escaped = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '`') {
            escaped.push('`');
        }
        escaped.push(c);
    }
    powershell(&escaped)
}

/// Multi-line text (a JSON or XML body) as a single-quoted here-string, whose lines are the
/// text's own, when it can be one: no control or invisible character but line feeds, no line
/// that starts with a single quote (`'@` there would close it, and tree-sitter-powershell
/// misreads some others). Else [`powershell`].
pub fn powershell_text(s: &str) -> String {
    let fits = s.contains('\n')
        && !s.chars().any(|c| c != '\n' && is_invisible(c))
        && !s.split('\n').any(|line| line.starts_with(SINGLE_QUOTES));
    if fits {
        format!("@'\n{s}\n'@")
    } else {
        powershell(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a literal the way PowerShell does (the reader's decoder), for round trips.
    fn read(literal: &str) -> Option<String> {
        super::super::reader::string_value(literal)
    }

    #[test]
    fn plain_text_is_single_quoted_and_quotes_are_doubled() {
        assert_eq!(powershell(""), "''");
        assert_eq!(powershell("a b"), "'a b'");
        assert_eq!(powershell("it's"), "'it''s'");
        assert_eq!(powershell("‘a’ ‚b‛"), "'‘‘a’’ ‚‚b‛‛'");
        assert_eq!(powershell("$x ${x} #{x} %s \\ \"q\" “q” `"), "'$x ${x} #{x} %s \\ \"q\" “q” `'");
        assert_eq!(powershell("é 😀 שלום"), "'é 😀 שלום'");
    }

    #[test]
    fn control_and_invisible_characters_are_escaped_in_double_quotes() {
        assert_eq!(powershell("a\nb"), "\"a`nb\"");
        assert_eq!(powershell("\r\t\0\u{7}\u{8}\u{c}\u{b}"), "\"`r`t`0`a`b`f`v\"");
        assert_eq!(powershell("$x `y` \"q\" “q” „q” ’s\n"), "\"`$x ``y`` `\"q`\" `“q`” `„q`” ’s`n\"");
        assert_eq!(
            powershell("\u{1b}\u{7f}\u{202e}\u{200b}\u{feff}\u{2028}"),
            "\"`u{1b}`u{7f}`u{202e}`u{200b}`u{feff}`u{2028}\""
        );
        assert_eq!(powershell("$(x)\n#{x}"), "\"`$(x)`n`#{x}\"");
    }

    #[test]
    fn multi_line_text_is_a_here_string_when_it_can_be() {
        assert_eq!(powershell_text("{\n  \"a\": 'b'\n}"), "@'\n{\n  \"a\": 'b'\n}\n'@");
        assert_eq!(powershell_text("a\n"), "@'\na\n\n'@");
        assert_eq!(powershell_text("one line"), "'one line'");
        assert_eq!(powershell_text("a\n'@b"), "\"a`n'@b\"");
        assert_eq!(powershell_text("a\n’@b"), "\"a`n’@b\"");
        assert_eq!(powershell_text("a\r\nb"), "\"a`r`nb\"");
        assert_eq!(powershell_text("a\n\u{202e}"), "\"a`n`u{202e}\"");
    }

    #[test]
    fn wildcard_paths_are_escaped() {
        assert_eq!(powershell_path("a/b.png"), "'a/b.png'");
        assert_eq!(powershell_path("d/[x]*?`'.bin"), "'d/`[x`]`*`?``''.bin'");
        assert_eq!(super::super::reader::unescape_wildcards("d/`[x`]`*`?``'.bin"), "d/[x]*?`'.bin");
    }

    /// Every character below U+0100, the quotes, the invisible ones and a few others, alone
    /// and in company, read back as written.
    #[test]
    fn every_character_round_trips() {
        let mut chars: Vec<char> = (0u32..0x100).filter_map(char::from_u32).collect();
        chars.extend(SINGLE_QUOTES);
        chars.extend(DOUBLE_QUOTES);
        chars.extend(['\u{061C}', '\u{200B}', '\u{200F}', '\u{2028}', '\u{2029}', '\u{202A}', '\u{202E}']);
        chars.extend(['\u{2060}', '\u{2066}', '\u{2069}', '\u{FEFF}', 'é', '😀', '\u{10FFFF}']);
        for c in chars {
            for s in [c.to_string(), format!("a{c}b"), format!("{c}{c}"), format!("$x{c}\n`")] {
                let lit = powershell(&s);
                assert_eq!(read(&lit).as_deref(), Some(s.as_str()), "{s:?} as {lit}");
                assert!(!lit.chars().any(is_invisible), "{lit:?} hides nothing");
                let text = powershell_text(&format!("{s}\n{s}"));
                assert_eq!(read(&text), Some(format!("{s}\n{s}")), "{text}");
            }
        }
    }
}
