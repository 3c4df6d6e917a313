//! The one text layout of a JSON body that string-sending targets use: `{ "a": [ 1, 2 ] }`.

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
