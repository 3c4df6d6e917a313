//! Text in the XML apiglot writes (JUnit reports, XLIFF files): one escaper, so every XML
//! document gets the same rules.

/// Whether XML 1.0 can hold `c` at all (most C0 controls, U+FFFE and U+FFFF it cannot).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Text for XML content or (`attribute`) an attribute value: markup characters (and quotes in
/// attributes) escaped; a carriage return, and the line ends and tabs of an attribute, as
/// references (a parser would fold them); characters XML 1.0 cannot hold dropped (a writer
/// that must keep them, as XLIFF's `<cp>`, takes them out first).
pub fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#xA;"),
            '\t' if attribute => out.push_str("&#x9;"),
            '\r' => out.push_str("&#xD;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_line_ends_and_impossible_characters() {
        assert_eq!(escape("a<b>&\"'", false), "a&lt;b&gt;&amp;\"'");
        assert_eq!(escape("a<b>&\"'", true), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(escape("1\n2\t3\r4", false), "1\n2\t3&#xD;4");
        assert_eq!(escape("1\n2\t3\r4", true), "1&#xA;2&#x9;3&#xD;4");
        assert_eq!(escape("x\u{0}\u{1b}\u{FFFE}y😀", false), "xy😀");
    }
}
