//! gettext PO: one entry per message or attribute, `msgctxt` its id (two messages may have
//! the same English), `msgid` and `msgstr` Fluent pattern text flagged `fluent-format`.
//!
//! gettext knows no Fluent format; a `<language>-format` flag is how PO names the syntax of
//! an entry's text, tools keep flags they do not know, and the flag tells a translator the
//! braces are code. States: empty `msgstr` is new, `#, fuzzy` with `#| msgid` (the English it
//! was made from) needs review, any other `msgstr` is translated.

use std::path::Path;

use super::{Entry, Format, ReadFile, State, Unit};
use crate::error::{Error, Location, Result};

/// The header that names the language of the msgids (translate-toolkit and Poedit read it).
const SOURCE_LANGUAGE: &str = "X-Source-Language";

/// The flag of every entry: its text is Fluent syntax.
pub const FLAG: &str = "fluent-format";

/// A PO string literal's body: C escapes for the quote, the backslash and controls.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `keyword "text"`, split after each newline as gettext writes multi-line strings.
fn field(out: &mut String, prefix: &str, keyword: &str, text: &str) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.len() <= 1 {
        out.push_str(&format!("{prefix}{keyword} {}\n", quote(text)));
    } else {
        out.push_str(&format!("{prefix}{keyword} \"\"\n"));
        for line in lines {
            out.push_str(&format!("{prefix}{}\n", quote(line)));
        }
    }
}

/// A comment's text on `#.` lines, one per line of it.
fn comment(out: &mut String, mark: &str, text: &str) {
    for line in text.split('\n') {
        let line: String = line.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        out.push_str(format!("{mark} {line}").trim_end());
        out.push('\n');
    }
}

/// The PO file of `units`. NUL cannot be in a PO string (gettext ends strings there).
pub fn write(units: &[Unit], source_locale: &str, locale: &str) -> Result<String> {
    if let Some(unit) =
        units.iter().find(|u| [&u.source, u.target.as_ref().unwrap_or(&u.source)].iter().any(|t| t.contains('\0')))
    {
        return Err(Error::project(
            &unit.file,
            format!("message `{}` holds a NUL character, which a PO file cannot carry", unit.id),
            "remove it from the message, or export as XLIFF (--format xliff), which writes it as <cp hex=\"0000\"/>",
        ));
    }
    let mut out = String::new();
    out.push_str(&format!(
        "# Messages of locale {locale}, translated from {source_locale}, written by `apiglot messages export`.\n\
         # msgctxt is the Fluent message id (id.attribute for an attribute); msgid and msgstr are Fluent\n\
         # text: keep `{{ $name }}` variables as they are, write `{{\"{{\"}}` for a literal brace.\n\
         # Import with `apiglot messages import FILE`.\n"
    ));
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    let gettext_locale = locale.replace('-', "_");
    for header in [
        "Project-Id-Version: apiglot messages\\n".to_string(),
        // No date, no translator: the file is the same for the same project (tools fill them).
        "PO-Revision-Date: \\n".to_string(),
        "Last-Translator: \\n".to_string(),
        "Language-Team: \\n".to_string(),
        format!("Language: {gettext_locale}\\n"),
        "MIME-Version: 1.0\\n".to_string(),
        "Content-Type: text/plain; charset=UTF-8\\n".to_string(),
        "Content-Transfer-Encoding: 8bit\\n".to_string(),
        format!("{SOURCE_LANGUAGE}: {source_locale}\\n"),
        "X-Generator: apiglot\\n".to_string(),
    ] {
        out.push_str(&format!("\"{}\"\n", header.replace('"', "\\\"")));
    }
    for unit in units {
        out.push('\n');
        for (category, text) in &unit.notes {
            let text =
                if *category == "comment" { format!("The English message's comment: {text}") } else { text.clone() };
            comment(&mut out, "#.", &text);
        }
        out.push_str(&format!("#: {}:{}\n", unit.file.to_string_lossy().replace('\\', "/"), unit.line));
        let flags = if unit.state == State::NeedsReview { format!("fuzzy, {FLAG}") } else { FLAG.to_string() };
        out.push_str(&format!("#, {flags}\n"));
        if let Some(previous) = &unit.previous {
            field(&mut out, "#| ", "msgid", previous);
        }
        field(&mut out, "", "msgctxt", &unit.id);
        field(&mut out, "", "msgid", &unit.source);
        field(&mut out, "", "msgstr", unit.target.as_deref().unwrap_or_default());
    }
    Ok(out)
}

/// One string field being read: its keyword's place and its text so far.
struct Field {
    at: Location,
    text: String,
}

#[derive(Default)]
struct Raw {
    at: Option<Location>,
    fuzzy: bool,
    obsolete: bool,
    previous: Option<Field>,
    msgctxt: Option<Field>,
    msgid: Option<Field>,
    msgstr: Option<Field>,
}

/// Reads a PO file into entries: the header's Language, and every entry's id (msgctxt),
/// English (msgid), translation (msgstr) and state (fuzzy, with the previous msgid).
pub fn read(text: &str, file: &Path) -> Result<ReadFile> {
    let mut raws: Vec<Raw> = Vec::new();
    let mut current = Raw::default();
    // Which field a continuation string adds to: 0 previous, 1 msgctxt, 2 msgid, 3 msgstr.
    let mut open: Option<usize> = None;
    let done_with = |current: &mut Raw, raws: &mut Vec<Raw>| {
        if current.msgid.is_some() || current.msgctxt.is_some() || current.msgstr.is_some() {
            raws.push(std::mem::take(current));
        }
    };
    for (n, line) in text.trim_start_matches('\u{feff}').split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let at = |column: usize| Location::new(file, n + 1, column);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len() + 1;
        if trimmed.is_empty() {
            open = None;
            continue;
        }
        // A new entry starts with its first comment or keyword after a msgstr.
        let starts_entry = trimmed.starts_with('#') || trimmed.starts_with("msgctxt") || trimmed.starts_with("msgid ");
        if starts_entry && current.msgstr.is_some() {
            done_with(&mut current, &mut raws);
        }
        if current.at.is_none() {
            current.at = Some(at(indent));
        }
        if let Some(rest) = trimmed.strip_prefix("#~") {
            let _ = rest;
            current.obsolete = true;
            continue;
        }
        if let Some(flags) = trimmed.strip_prefix("#,") {
            current.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("#|") {
            let rest = rest.trim_start();
            let column = indent + (trimmed.len() - rest.len());
            if let Some(s) = rest.strip_prefix("msgid ") {
                let value = unquote(s.trim_start(), file, n + 1, column + 6)?;
                current.previous = Some(Field { at: at(column), text: value });
                open = Some(0);
            } else if rest.starts_with('"') && open == Some(0) {
                let value = unquote(rest, file, n + 1, column)?;
                if let Some(f) = current.previous.as_mut() {
                    f.text.push_str(&value);
                }
            } else {
                open = None;
            }
            continue;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        let (slot, rest) = if let Some(rest) = trimmed.strip_prefix("msgctxt") {
            (1, rest)
        } else if let Some(rest) = trimmed.strip_prefix("msgid_plural") {
            let _ = rest;
            return Err(Error::input(
                at(indent),
                "a plural entry (msgid_plural): apiglot writes plural forms as one Fluent entry with a selector",
                "translate the Fluent selector's variants inside msgstr, as exported",
            ));
        } else if let Some(rest) = trimmed.strip_prefix("msgid") {
            (2, rest)
        } else if trimmed.starts_with("msgstr[") {
            return Err(Error::input(
                at(indent),
                "a plural translation (msgstr[N]): apiglot writes plural forms as one Fluent entry with a selector",
                "translate the Fluent selector's variants inside msgstr, as exported",
            ));
        } else if let Some(rest) = trimmed.strip_prefix("msgstr") {
            (3, rest)
        } else if trimmed.starts_with('"') {
            let Some(slot) = open else {
                return Err(Error::input(
                    at(indent),
                    "a string that continues no msgid or msgstr",
                    "put it right below its keyword's line",
                ));
            };
            let value = unquote(trimmed, file, n + 1, indent)?;
            let field = match slot {
                1 => current.msgctxt.as_mut(),
                2 => current.msgid.as_mut(),
                _ => current.msgstr.as_mut(),
            };
            if let Some(f) = field {
                f.text.push_str(&value);
            }
            continue;
        } else {
            return Err(Error::input(
                at(indent),
                format!("`{}` is not PO syntax", trimmed.chars().take(20).collect::<String>()),
                "each entry is comments, then msgctxt, msgid and msgstr with quoted strings",
            ));
        };
        let body = rest.trim_start();
        if !rest.starts_with([' ', '\t']) && !rest.starts_with('"') {
            return Err(Error::input(
                at(indent),
                "a keyword must be followed by a quoted string",
                "write e.g. msgstr \"text\"",
            ));
        }
        let column = indent + (trimmed.len() - body.len());
        let value = unquote(body, file, n + 1, column)?;
        let field = Some(Field { at: at(indent), text: value });
        match slot {
            1 => current.msgctxt = field,
            2 => current.msgid = field,
            _ => current.msgstr = field,
        }
        open = Some(slot);
    }
    done_with(&mut current, &mut raws);

    let mut language = None;
    let mut source_language = None;
    let mut entries = Vec::new();
    for raw in raws {
        if raw.obsolete {
            continue;
        }
        let at = raw.at.clone().unwrap_or_else(|| Location::new(file, 1, 1));
        let (Some(msgid), Some(msgstr)) = (raw.msgid, raw.msgstr) else {
            return Err(Error::input(at, "an entry without msgid or msgstr", "every entry has both"));
        };
        let Some(msgctxt) = raw.msgctxt else {
            if msgid.text.is_empty() {
                // The header.
                for line in msgstr.text.lines() {
                    if let Some((key, value)) = line.split_once(':') {
                        let value = Some((value.trim().to_string(), msgstr.at.clone())).filter(|(v, _)| !v.is_empty());
                        if key.trim().eq_ignore_ascii_case("Language") {
                            language = value;
                        } else if key.trim().eq_ignore_ascii_case(SOURCE_LANGUAGE) {
                            source_language = value;
                        }
                    }
                }
                continue;
            }
            return Err(Error::input(
                msgid.at,
                "an entry without msgctxt: apiglot needs it for the message id",
                "keep each entry's msgctxt as exported (a tool that drops it cannot be used for this file)",
            ));
        };
        let state = if msgstr.text.is_empty() {
            State::New
        } else if raw.fuzzy {
            State::NeedsReview
        } else {
            State::Translated
        };
        entries.push(Entry {
            id: msgctxt.text,
            at: msgctxt.at,
            source: msgid.text,
            source_at: msgid.at,
            target: Some(msgstr.text).filter(|t| !t.is_empty()),
            target_at: msgstr.at,
            state,
            previous: raw.previous.map(|p| p.text),
        });
    }
    Ok(ReadFile { format: Format::Po, language, source_language, entries })
}

/// The text of a quoted PO string at `line`, `column` (where its `"` is); the rest of the
/// line must be empty.
fn unquote(s: &str, file: &Path, line: usize, column: usize) -> Result<String> {
    let bad = |offset: usize, message: &str| {
        Error::input(
            Location::new(file, line, column + s[..offset].chars().count()),
            message.to_string(),
            "a PO string is \"...\" with \\\" \\\\ \\n \\t escapes",
        )
    };
    let mut chars = s.char_indices();
    if !matches!(chars.next(), Some((_, '"'))) {
        return Err(bad(0, "a quoted string is expected here"));
    }
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let rest = s[i + 1..].trim();
                if !rest.is_empty() {
                    return Err(bad(i + 1, "text after the closing quote"));
                }
                return Ok(out);
            }
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, 'a')) => out.push('\u{7}'),
                Some((_, 'b')) => out.push('\u{8}'),
                Some((_, 'f')) => out.push('\u{c}'),
                Some((_, 'v')) => out.push('\u{b}'),
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, '\'')) => out.push('\''),
                Some((_, '?')) => out.push('?'),
                Some((j, d)) if d.is_digit(8) => {
                    let digits: String = s[j..].chars().take(3).take_while(|c| c.is_digit(8)).collect();
                    for _ in 1..digits.len() {
                        chars.next();
                    }
                    let value = u32::from_str_radix(&digits, 8).unwrap_or(0);
                    out.push(char::from_u32(value).ok_or_else(|| bad(i, "an octal escape beyond a character"))?);
                }
                Some((j, 'x')) => {
                    let digits: String = s[j + 1..].chars().take_while(|c| c.is_ascii_hexdigit()).take(2).collect();
                    if digits.is_empty() {
                        return Err(bad(i, "\\x needs hex digits"));
                    }
                    for _ in 0..digits.len() {
                        chars.next();
                    }
                    out.push(char::from_u32(u32::from_str_radix(&digits, 16).unwrap_or(0)).unwrap_or('\u{fffd}'));
                }
                _ => return Err(bad(i, "an unknown escape")),
            },
            c => out.push(c),
        }
    }
    Err(bad(s.len(), "the string has no closing quote"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::tests::HOSTILE;

    #[test]
    fn any_string_is_quoted_and_read_back() {
        for text in HOSTILE {
            assert_eq!(unquote(&quote(text), Path::new("x.po"), 1, 1).unwrap(), *text);
        }
    }

    #[test]
    fn units_read_back_with_their_state_and_previous_english() {
        let unit = |id: &str, target: Option<&str>, state, previous: Option<&str>| Unit {
            id: id.into(),
            file: "locales/en/a.ftl".into(),
            line: 3,
            source: crate::exchange::fluent_text(&[crate::exchange::Piece::Text(HOSTILE[6].into())]),
            target: target.map(Into::into),
            previous: previous.map(Into::into),
            state,
            notes: vec![("location", "Used as: a\nb".into())],
            fluent: false,
            examples: Default::default(),
        };
        let units = [
            unit("a", None, State::New, None),
            unit("b", Some("Bé\n\"q\""), State::NeedsReview, Some("Old\nEnglish")),
            unit("c.title", Some("C"), State::Translated, None),
        ];
        let text = write(&units, "en", "fr-CA").unwrap();
        let read = read(&text, Path::new("x.po")).unwrap();
        assert_eq!(read.language.as_ref().map(|(l, _)| l.as_str()), Some("fr_CA"));
        let got: Vec<_> =
            read.entries.iter().map(|e| (e.id.as_str(), e.target.as_deref(), e.state, e.previous.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("a", None, State::New, None),
                ("b", Some("Bé\n\"q\""), State::NeedsReview, Some("Old\nEnglish")),
                ("c.title", Some("C"), State::Translated, None)
            ]
        );
        assert!(read.entries.iter().all(|e| e.source == units[0].source));
        let nul = Unit { source: "a\0b".into(), ..units[0].clone() };
        assert!(write(&[nul], "en", "fr").is_err(), "a NUL cannot be in a PO file");
    }
}
