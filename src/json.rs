//! JSON text helpers: the one layout of a JSON body that string-sending targets use
//! (`{ "a": [ 1, 2 ] }`), and where a JSON pointer points in a document's text (for errors).

use serde_json::Value;

/// One line, a space inside braces and brackets, `", "` between items.
pub fn spaced(value: &Value) -> String {
    let mut out = String::new();
    write_spaced(value, &mut out);
    out
}

fn write_spaced(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push_str("[ ");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_spaced(item, out);
            }
            out.push_str(" ]");
        }
        Value::Object(map) => {
            out.push_str("{ ");
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&serde_json::to_string(k).expect("strings serialize"));
                out.push_str(": ");
                write_spaced(v, out);
            }
            out.push_str(" }");
        }
        scalar => out.push_str(&serde_json::to_string(scalar).expect("scalars serialize")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_the_published_layout() {
        let body = json!({"members": ["USER_ID", "USER_ID", "USER_ID"]});
        assert_eq!(spaced(&body), r#"{ "members": [ "USER_ID", "USER_ID", "USER_ID" ] }"#);
    }

    #[test]
    fn round_trips_every_kind() {
        let body = json!({"a": {"b": [1, 2.5, true, null, {}, []]}, "q\"\n": "\u{1F600}"});
        let text = spaced(&body);
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), body);
    }
}

/// The byte offset in `text` (a JSON document that parses) of the value `pointer` names, or of
/// its member's key when the value is an object member, so an error can name its line and
/// column. None when the text is not JSON (YAML) or the pointer leads nowhere.
pub fn pointer_offset(text: &str, pointer: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    let mut found = at;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        match bytes.get(at)? {
            b'{' => {
                at = skip_space(bytes, at + 1);
                loop {
                    if bytes.get(at)? != &b'"' {
                        return None;
                    }
                    let key_start = at;
                    let key_end = skip_string(bytes, at)?;
                    let key: String = serde_json::from_str(text.get(key_start..key_end)?).ok()?;
                    at = skip_space(bytes, key_end);
                    if bytes.get(at)? != &b':' {
                        return None;
                    }
                    at = skip_space(bytes, at + 1);
                    if key == token {
                        found = key_start;
                        break;
                    }
                    at = skip_space(bytes, skip_value(bytes, at)?);
                    if bytes.get(at)? != &b',' {
                        return None;
                    }
                    at = skip_space(bytes, at + 1);
                }
            }
            b'[' => {
                let index: usize = token.parse().ok()?;
                at = skip_space(bytes, at + 1);
                for _ in 0..index {
                    at = skip_space(bytes, skip_value(bytes, at)?);
                    if bytes.get(at)? != &b',' {
                        return None;
                    }
                    at = skip_space(bytes, at + 1);
                }
                found = at;
            }
            _ => return None,
        }
    }
    Some(found)
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The offset just after the string that starts at `at`.
fn skip_string(bytes: &[u8], mut at: usize) -> Option<usize> {
    at += 1;
    loop {
        match bytes.get(at)? {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => at += 1,
        }
    }
}

/// The offset just after the value that starts at `at`.
fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => skip_string(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = skip_string(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = at;
            while bytes.get(i).is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace()) {
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod pointer_tests {
    use super::pointer_offset;

    #[test]
    fn a_pointer_finds_keys_and_array_elements() {
        let text = "{\n  \"log\": {\"entries\": [\n    {\"a\": \"x,]}\\\"\", \"b\": [1, {\"c\": 2}]},\n    {\"request\": {\"postData\": {}}}\n  ]}\n}";
        let at = |p: &str| pointer_offset(text, p).map(|o| crate::error::line_col(text, o));
        assert_eq!(at("/log"), Some((2, 3)));
        assert_eq!(at("/log/entries/1/request/postData"), Some((4, 18)));
        assert_eq!(at("/log/entries/0/b/1/c"), Some((3, 31)));
        assert_eq!(at("/log/entries/2"), None);
        assert_eq!(at("/nowhere"), None);
        assert_eq!(pointer_offset("openapi: 3.1.0\n", "/openapi"), None);
    }
}
