//! String literals and native values for each target language.
//!
//! Every function returns a complete literal (with its quotes) whose runtime value is exactly the
//! input string. Printable text, emoji and right-to-left letters stay as they are; control
//! characters and invisible formatting characters (bidi overrides, zero-width marks) are escaped
//! so that a sample never hides what it does.

use std::fmt::Write;

use serde_json::Value;

/// Characters written as an escape rather than as themselves.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Shared shape of C-family literals: fixed escapes, then `other` for invisible characters.
/// Runs of printable ASCII that need no escape are copied whole: most text is only that.
fn c_like(s: &str, open: &str, close: char, extra: &[(char, &str)], other: impl Fn(char, &mut String)) -> String {
    let mut out = String::with_capacity(s.len() + open.len() + 1);
    out.push_str(open);
    let plain = |b: u8| {
        (0x20..0x7f).contains(&b)
            && b != b'\\'
            && char::from(b) != close
            && !extra.iter().any(|(e, _)| *e == char::from(b))
    };
    let bytes = s.as_bytes();
    let mut at = 0;
    while at < s.len() {
        let run = bytes[at..].iter().position(|b| !plain(*b)).unwrap_or(s.len() - at);
        out.push_str(&s[at..at + run]);
        at += run;
        let Some(c) = s[at..].chars().next() else { break };
        at += c.len_utf8();
        if let Some((_, esc)) = extra.iter().find(|(e, _)| *e == c) {
            out.push_str(esc);
            continue;
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == close => {
                out.push('\\');
                out.push(c);
            }
            c if is_invisible(c) => other(c, &mut out),
            c => out.push(c),
        }
    }
    out.push(close);
    out
}

fn u4_or_u8(c: char, out: &mut String) {
    let n = c as u32;
    if n <= 0xFFFF {
        let _ = write!(out, "\\u{n:04x}");
    } else {
        let _ = write!(out, "\\U{n:08x}");
    }
}

fn u_braced(c: char, out: &mut String) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// C#: a regular `"..."` literal.
pub fn csharp(s: &str) -> String {
    c_like(s, "\"", '"', &[], u4_or_u8)
}

/// Go: an interpreted `"..."` literal.
pub fn go(s: &str) -> String {
    c_like(s, "\"", '"', &[], u4_or_u8)
}

/// Go: a raw `` `...` `` literal when the text has no backquote and no control or invisible
/// character (a raw literal drops carriage returns and would hide the rest); else [`go`].
pub fn go_raw(s: &str) -> String {
    if s.chars().any(|c| c == '`' || is_invisible(c)) {
        return go(s);
    }
    format!("`{s}`")
}

/// Java: `"..."`. Unicode escapes are translated before lexing, so a `\u` escape of a line
/// break or quote would break the literal: those use their own escapes, and other control
/// characters below U+0100 use octal.
pub fn java(s: &str) -> String {
    c_like(s, "\"", '"', &[], |c, out| {
        let n = c as u32;
        if n < 0x100 {
            let _ = write!(out, "\\{n:03o}");
        } else {
            let _ = write!(out, "\\u{n:04x}");
        }
    })
}

/// JavaScript: quoted with `quote` (`'` or `"`).
pub fn javascript(s: &str, quote: char) -> String {
    let open = quote.to_string();
    c_like(s, &open, quote, &[], |c, out| {
        let n = c as u32;
        if n <= 0xFFFF {
            let _ = write!(out, "\\u{n:04x}");
        } else {
            u_braced(c, out);
        }
    })
}

/// Objective-C: an `@"..."` NSString literal. Invisible characters become the octal escapes of
/// their UTF-8 bytes (universal character names are not allowed below U+00A0); `??` is split
/// so that no trigraph can form.
pub fn objc(s: &str) -> String {
    let lit = c_like(s, "@\"", '"', &[], |c, out| {
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            let _ = write!(out, "\\{b:03o}");
        }
    });
    if lit.contains("??") {
        return lit.replace("??", "?\\?");
    }
    lit
}

/// PHP: a double-quoted literal (`$` escaped so nothing interpolates).
pub fn php(s: &str) -> String {
    c_like(s, "\"", '"', &[('$', "\\$")], u_braced)
}

/// Python 3: quoted with `quote`.
pub fn python(s: &str, quote: char) -> String {
    let open = quote.to_string();
    c_like(s, &open, quote, &[], |c, out| {
        let n = c as u32;
        if n < 0x100 {
            let _ = write!(out, "\\x{n:02x}");
        } else {
            u4_or_u8(c, out);
        }
    })
}

/// Python 3 in black's quotes: double, unless single quotes need fewer escapes.
pub fn python_black(s: &str) -> String {
    let quote = if s.matches('"').count() > s.matches('\'').count() { '\'' } else { '"' };
    python(s, quote)
}

/// Ruby: a double-quoted literal; `#` before `{`, `$` or `@` is escaped so nothing interpolates.
pub fn ruby(s: &str) -> String {
    let lit = c_like(s, "\"", '"', &[], u_braced);
    if !lit.contains('#') {
        return lit;
    }
    let mut out = String::with_capacity(lit.len());
    let mut chars = lit.chars().peekable();
    let mut backslashes = 0usize;
    while let Some(c) = chars.next() {
        if c == '#' && backslashes % 2 == 0 && matches!(chars.peek(), Some('{' | '$' | '@')) {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

/// Ruby: a single-quoted literal when the text has no character that needs an escape, else
/// the double-quoted form.
pub fn ruby_single(s: &str) -> String {
    if s.chars().any(|c| is_invisible(c) || c == '\n') {
        return ruby(s);
    }
    single_quoted(s, &[(b'\\', "\\\\"), (b'\'', "\\'")])
}

/// Swift: a `"..."` literal; `\(` cannot interpolate because every backslash is escaped.
pub fn swift(s: &str) -> String {
    c_like(s, "\"", '"', &[('\0', "\\0")], u_braced)
}

/// POSIX shell for text across lines (a JSON body written out): single-quoted, its line feeds
/// kept as line feeds, when that is its only invisible character; else [`shell`].
pub fn shell_lines(s: &str) -> String {
    if !only_line_feeds(s) {
        return shell(s);
    }
    single_quoted(s, &[(b'\'', "'\\''")])
}

/// Go for text across lines: a raw `` `...` `` literal with its line feeds when it has no
/// backquote and no other control or invisible character; else [`go`].
pub fn go_lines(s: &str) -> String {
    if s.contains('`') || !only_line_feeds(s) {
        return go(s);
    }
    format!("`{s}`")
}

/// Whether text across lines can go into a literal that keeps line feeds as they are: no
/// other control or invisible character, which such a literal would hide.
fn only_line_feeds(s: &str) -> bool {
    if s.is_ascii() {
        return !s.bytes().any(|b| (b < 0x20 && b != b'\n') || b == 0x7f);
    }
    !s.chars().any(|c| c != '\n' && is_invisible(c))
}

/// `s` in single quotes, each byte of `escapes` written as its escape, in one pass.
fn single_quoted(s: &str, escapes: &[(u8, &str)]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    let mut from = 0;
    for (at, b) in s.bytes().enumerate() {
        if let Some((_, escape)) = escapes.iter().find(|(e, _)| *e == b) {
            out.push_str(&s[from..at]);
            out.push_str(escape);
            from = at + 1;
        }
    }
    out.push_str(&s[from..]);
    out.push('\'');
    out
}

/// Whether `s` has a control or invisible character (ASCII text checked byte by byte).
fn any_invisible(s: &str) -> bool {
    if s.is_ascii() {
        return s.bytes().any(|b| b < 0x20 || b == 0x7f);
    }
    s.chars().any(is_invisible)
}

/// Java for text across lines: a text block (Java 15+), each line indented by four spaces and
/// the closing quotes right after the last character, so that javac strips exactly those four
/// spaces and adds no final line feed; backslashes escaped. Text with another control or
/// invisible character, or white space at a line's end (javac strips it), is written as
/// [`java`] writes it.
pub fn java_lines(s: &str) -> String {
    if !only_line_feeds(s) || s.lines().any(|l| l.ends_with([' ', '\t'])) || s.ends_with('\n') {
        return java(s);
    }
    let body = s.replace('\\', "\\\\").replace("\"\"\"", "\\\"\"\"");
    let mut out = String::with_capacity(body.len() + 8 + 4 * body.matches('\n').count());
    out.push_str("\"\"\"\n");
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out.push_str("\"\"\"");
    out
}

/// C# for text across lines: a verbatim `@"..."` literal (only `"` is doubled); else [`csharp`].
pub fn csharp_lines(s: &str) -> String {
    if !only_line_feeds(s) {
        return csharp(s);
    }
    format!("@\"{}\"", s.replace('"', "\"\""))
}

/// PHP for text across lines: a single-quoted literal (only `\\` and `'` escaped); else [`php`].
pub fn php_lines(s: &str) -> String {
    if !only_line_feeds(s) {
        return php(s);
    }
    single_quoted(s, &[(b'\\', "\\\\"), (b'\'', "\\'")])
}

/// Ruby for text across lines: a single-quoted literal (only `\\` and `'` escaped); else [`ruby`].
pub fn ruby_lines(s: &str) -> String {
    if !only_line_feeds(s) {
        return ruby(s);
    }
    single_quoted(s, &[(b'\\', "\\\\"), (b'\'', "\\'")])
}

/// Python for text across lines: a triple-quoted literal with backslashes escaped (JSON never
/// holds three quotes in a row, but any `"` before the closing quotes is escaped); else [`python`].
pub fn python_lines(s: &str) -> String {
    if !only_line_feeds(s) {
        return python(s, '"');
    }
    let mut body = s.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    if body.ends_with('"') {
        body.pop();
        body.push_str("\\\"");
    }
    format!("\"\"\"{body}\"\"\"")
}

/// POSIX shell: bare when only safe characters, single-quoted when printable, else bash's
/// `$'...'` with byte escapes (locale-independent).
pub fn shell(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_@%+=:,./-".contains(&b)) {
        return s.to_string();
    }
    if !any_invisible(s) {
        return single_quoted(s, &[(b'\'', "'\\''")]);
    }
    let mut out = String::from("$'");
    for c in s.chars() {
        match c {
            // `\\` before the closing quote is misread by tree-sitter-bash (and so by editors)
            // as an escaped quote; the byte escape means the same to bash and to them.
            '\\' => out.push_str("\\x5c"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_invisible(c) => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "\\x{b:02x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn number(n: &serde_json::Number) -> String {
    n.to_string()
}

/// A JavaScript value in the layout of a hand-written object literal: one line when it fits in
/// 80 characters, else one property per line indented by two spaces from `indent`.
pub fn javascript_value(value: &Value, indent: usize) -> String {
    let (inline, laid) = js_laid(value, indent);
    laid.unwrap_or(inline)
}

/// A value's one-line form, and its form across lines where it has one.
type Laid = (String, Option<String>);

/// A value's one-line form and, when that is longer than 80 characters and the value is a
/// collection, its form across lines. Each item's one-line form is written once and reused
/// by the collection's, instead of again at each level.
fn js_laid(value: &Value, indent: usize) -> Laid {
    let items: Vec<(Option<String>, Laid)> = match value {
        Value::Array(items) => items.iter().map(|v| (None, js_laid(v, indent + 2))).collect(),
        Value::Object(map) => map.iter().map(|(k, v)| (Some(js_key(k)), js_laid(v, indent + 2))).collect(),
        scalar => return (js_inline(scalar), None),
    };
    let (open, close) = if matches!(value, Value::Array(_)) { ('[', ']') } else { ('{', '}') };
    let mut inline = String::new();
    inline.push(open);
    for (i, (key, (item, _))) in items.iter().enumerate() {
        if i > 0 {
            inline.push_str(", ");
        }
        if let Some(key) = key {
            inline.push_str(key);
            inline.push_str(": ");
        }
        inline.push_str(item);
    }
    inline.push(close);
    if inline.chars().count() <= 80 {
        return (inline, None);
    }
    let inner = " ".repeat(indent + 2);
    let mut laid = String::new();
    laid.push(open);
    laid.push('\n');
    for (i, (key, (item, item_laid))) in items.iter().enumerate() {
        if i > 0 {
            laid.push_str(",\n");
        }
        laid.push_str(&inner);
        if let Some(key) = key {
            laid.push_str(key);
            laid.push_str(": ");
        }
        laid.push_str(item_laid.as_deref().unwrap_or(item));
    }
    laid.push('\n');
    laid.push_str(&" ".repeat(indent));
    laid.push(close);
    (inline, Some(laid))
}

fn js_inline(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) => javascript(s, '\''),
        Value::Array(items) => format!("[{}]", items.iter().map(js_inline).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter().map(|(k, v)| format!("{}: {}", js_key(k), js_inline(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// A key as an identifier where it is one, else a string. A placeholder (`CUSTOMER_ID`) is
/// always quoted: the reader replaces it with a value that need not be an identifier.
fn js_key(key: &str) -> String {
    let mut chars = key.chars();
    let identifier = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if key == "__proto__" {
        // A literal `__proto__` key, quoted or not, sets the prototype instead of a property;
        // only a computed key is a real property that JSON.stringify sends.
        "['__proto__']".to_string()
    } else if identifier && !crate::request::is_placeholder_name(key) {
        key.to_string()
    } else {
        javascript(key, '\'')
    }
}

/// A Python value (dicts, lists, `True`, `False`, `None`) that `json.dumps` turns into the JSON
/// value: one line when it fits in 80 characters, else one item per line indented by four
/// spaces from `indent`, with a trailing comma, as black lays it out.
pub fn python_value(value: &Value, indent: usize) -> String {
    let inline = py_inline(value);
    if inline.chars().count() <= 80 || !matches!(value, Value::Array(_) | Value::Object(_)) {
        return inline;
    }
    let inner = " ".repeat(indent + 4);
    let close = " ".repeat(indent);
    match value {
        Value::Array(items) => {
            let parts: Vec<String> =
                items.iter().map(|v| format!("{inner}{},\n", python_value(v, indent + 4))).collect();
            format!("[\n{}{close}]", parts.concat())
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{inner}{}: {},\n", python_black(k), python_value(v, indent + 4)))
                .collect();
            format!("{{\n{}{close}}}", parts.concat())
        }
        _ => unreachable!("scalars returned above"),
    }
}

fn py_inline(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => number(n),
        Value::String(s) => python_black(s),
        Value::Array(items) => format!("[{}]", items.iter().map(py_inline).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter().map(|(k, v)| format!("{}: {}", python_black(k), py_inline(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// An Objective-C literal; the entries of a top-level dictionary go one per line, aligned at
/// column `align` (the length of the declaration before `@{`), as hand-written headers are.
pub fn objc_value(value: &Value, align: usize) -> String {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let mut out = String::from("@{ ");
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                    out.extend(std::iter::repeat_n(' ', align + 3));
                }
                out.push_str(&objc(k));
                out.push_str(": ");
                out.push_str(&objc_inline(v));
            }
            out.push_str(" }");
            out
        }
        other => objc_inline(other),
    }
}

fn objc_inline(value: &Value) -> String {
    match value {
        Value::Null => "[NSNull null]".into(),
        Value::Bool(true) => "@YES".into(),
        Value::Bool(false) => "@NO".into(),
        Value::Number(n) => format!("@{}", number(n)),
        Value::String(s) => objc(s),
        Value::Array(items) if items.is_empty() => "@[]".into(),
        Value::Object(map) if map.is_empty() => "@{}".into(),
        Value::Array(items) => format!("@[ {} ]", items.iter().map(objc_inline).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "@{{ {} }}",
            map.iter().map(|(k, v)| format!("{}: {}", objc(k), objc_inline(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// A Swift literal typed for `JSONSerialization`: the top level as `[String : Any]` or `[Any]`,
/// nested collections annotated whenever Swift could not infer their type by itself.
pub fn swift_value(value: &Value) -> String {
    match value {
        Value::Object(_) => format!("{} as [String : Any]", swift_inline(value)),
        Value::Array(_) => format!("{} as [Any]", swift_inline(value)),
        other => swift_inline(other),
    }
}

fn swift_inline(value: &Value) -> String {
    match value {
        Value::Null => "NSNull()".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) => swift(s),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Object(map) if map.is_empty() => "[:]".into(),
        Value::Array(items) => format!("[{}]", items.iter().map(swift_nested).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "[{}]",
            map.iter().map(|(k, v)| format!("{}: {}", swift(k), swift_nested(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// A nested collection keeps its inferred type only when it is non-empty and all of one
/// scalar kind; otherwise it is annotated.
fn swift_nested(value: &Value) -> String {
    let homogeneous = |items: &mut dyn Iterator<Item = &Value>| {
        let kinds: Vec<u8> = items.map(scalar_kind).collect();
        !kinds.is_empty() && kinds.iter().all(|k| *k != 0 && *k == kinds[0])
    };
    match value {
        Value::Object(map) if !homogeneous(&mut map.values()) => format!("{} as [String : Any]", swift_inline(value)),
        Value::Array(items) if !homogeneous(&mut items.iter()) => format!("{} as [Any]", swift_inline(value)),
        other => swift_inline(other),
    }
}

fn scalar_kind(value: &Value) -> u8 {
    match value {
        Value::String(_) => 1,
        Value::Bool(_) => 2,
        Value::Number(_) => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests;
