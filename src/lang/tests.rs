//! Literal escaping per language: a table of hostile strings and their expected literals.

use super::*;

const HOSTILE: &str = "q\"s'b\\n\nt\t$x ${x} #{x} \\(x) %s {{x}} é 😀 \u{202E}";

#[test]
fn python_literals() {
    assert_eq!(python(HOSTILE, '"'), r#""q\"s'b\\n\nt\t$x ${x} #{x} \\(x) %s {{x}} é 😀 \u202e""#);
    assert_eq!(python("it's", '\''), r"'it\'s'");
    assert_eq!(python("\u{7}", '"'), r#""\x07""#);
}

#[test]
fn javascript_literals() {
    assert_eq!(javascript(HOSTILE, '\''), r#"'q"s\'b\\n\nt\t$x ${x} #{x} \\(x) %s {{x}} é 😀 \u202e'"#);
}

#[test]
fn go_and_csharp_literals() {
    let expected = r#""q\"s'b\\n\nt\t$x ${x} #{x} \\(x) %s {{x}} é 😀 \u202e""#;
    assert_eq!(go(HOSTILE), expected);
    assert_eq!(csharp(HOSTILE), expected);
}

#[test]
fn go_raw_literals_fall_back_to_interpreted() {
    assert_eq!(go_raw(r#"form-data; name="a\b" é $x"#), r#"`form-data; name="a\b" é $x`"#);
    assert_eq!(go_raw("a`b"), r#""a`b""#);
    assert_eq!(go_raw("a\rb"), go("a\rb"));
    assert_eq!(go_raw("\u{202E}"), go("\u{202E}"));
}

#[test]
fn java_never_uses_unicode_escapes_for_line_breaks() {
    assert_eq!(java("a\nb\u{0}\u{202E}"), r#""a\nb\000\u202e""#);
}

#[test]
fn php_escapes_dollar() {
    assert_eq!(php("${x} $y \u{202E}"), r#""\${x} \$y \u{202e}""#);
}

#[test]
fn ruby_escapes_interpolation_only() {
    assert_eq!(ruby("#{x} #$y #@z # x"), r##""\#{x} \#$y \#@z # x""##);
    assert_eq!(ruby("\\#{x}"), r##""\\\#{x}""##);
    assert_eq!(ruby_single("it's \\"), r"'it\'s \\'");
    assert_eq!(ruby_single("a\nb"), r#""a\nb""#);
}

#[test]
fn swift_cannot_interpolate() {
    assert_eq!(swift("\\(x) \"q\" \0"), r#""\\(x) \"q\" \0""#);
}

#[test]
fn objc_uses_utf8_octal_and_breaks_trigraphs() {
    assert_eq!(objc("a??=b \u{202E}\""), r#"@"a?\?=b \342\200\256\"""#);
}

#[test]
fn shell_quotes_only_when_needed() {
    assert_eq!(shell("https://x.example/a"), "https://x.example/a");
    assert_eq!(shell("https://{yourDomain}/a"), "'https://{yourDomain}/a'");
    assert_eq!(shell("it's"), r"'it'\''s'");
    assert_eq!(shell("a\tb"), r"$'a\tb'");
    assert_eq!(shell("a\t\\"), r"$'a\t\x5c'");
    assert_eq!(shell(""), "''");
}

#[test]
fn javascript_values_inline_up_to_80_characters() {
    let v = serde_json::json!({"authorization": "Bearer MGMT_API_ACCESS_TOKEN", "cache-control": "no-cache"});
    assert_eq!(javascript_value(&v, 2), "{authorization: 'Bearer MGMT_API_ACCESS_TOKEN', 'cache-control': 'no-cache'}");
    let long = serde_json::json!({"content-type": "application/json", "authorization": "Bearer MGMT_API_ACCESS_TOKEN", "x": 1});
    assert_eq!(
        javascript_value(&long, 2),
        "{\n    'content-type': 'application/json',\n    authorization: 'Bearer MGMT_API_ACCESS_TOKEN',\n    x: 1\n  }"
    );
}

#[test]
fn swift_annotates_what_it_cannot_infer() {
    let v = serde_json::json!({"a": [1, "x"], "b": {}, "c": ["s"], "d": null});
    assert_eq!(
        swift_value(&v),
        r#"["a": [1, "x"] as [Any], "b": [:] as [String : Any], "c": ["s"], "d": NSNull()] as [String : Any]"#
    );
}

#[test]
fn objc_values() {
    let v = serde_json::json!({"a": [true, null, 1.5], "b": {}});
    assert_eq!(objc_value(&v, 0), "@{ @\"a\": @[ @YES, [NSNull null], @1.5 ],\n   @\"b\": @{} }");
}

#[test]
fn a_proto_key_stays_a_property() {
    let v = serde_json::json!({"__proto__": {"polluted": 1}, "01": 1});
    assert_eq!(javascript_value(&v, 0), "{['__proto__']: {polluted: 1}, '01': 1}");
}

#[test]
fn a_placeholder_key_is_quoted_so_any_value_fits() {
    let v = serde_json::json!({"CUSTOMER_ID": "x", "customer_id": "y"});
    assert_eq!(javascript_value(&v, 0), "{'CUSTOMER_ID': 'x', customer_id: 'y'}");
}

#[test]
fn python_values_are_what_json_dumps_turns_into_the_value() {
    assert_eq!(python_black("it's \"q\""), r#"'it\'s "q"'"#);
    assert_eq!(python_black("it's"), r#""it's""#);
    let v = serde_json::json!({"a": [1, 2.5, -3], "b": true, "c": false, "d": null, "e\"": "é\u{202E}"});
    assert_eq!(python_value(&v, 0), r#"{"a": [1, 2.5, -3], "b": True, "c": False, "d": None, 'e"': "é\u202e"}"#);
    let long =
        serde_json::json!({"members": ["USER_ID_NUMBER_ONE", "USER_ID_NUMBER_TWO", "USER_ID_NUMBER_THREE"], "x": {}});
    assert_eq!(
        python_value(&long, 0),
        "{\n    \"members\": [\"USER_ID_NUMBER_ONE\", \"USER_ID_NUMBER_TWO\", \"USER_ID_NUMBER_THREE\"],\n    \"x\": {},\n}"
    );
}

#[test]
fn text_across_lines_keeps_its_line_feeds_where_the_literal_can() {
    let json = "{\n  \"a\": \"it's\",\n  \"b\": \"`x`\"\n}";
    assert_eq!(shell_lines(json), "'{\n  \"a\": \"it'\\''s\",\n  \"b\": \"`x`\"\n}'");
    assert_eq!(shell_lines("a\u{202E}\nb"), shell("a\u{202E}\nb"), "another invisible character: bash's $'...'");
    assert_eq!(go_lines("{\n  \"a\": 1\n}"), "`{\n  \"a\": 1\n}`");
    assert_eq!(go_lines("{\n  \"a\": \"`\"\n}"), go("{\n  \"a\": \"`\"\n}"), "a backquote: an interpreted literal");
    assert_eq!(go_lines("a\r\nb"), go("a\r\nb"), "a raw literal would drop the carriage return");
}

#[test]
fn verbatim_single_and_triple_quoted_text_across_lines() {
    let json = "{\n  \"a\": \"it's \\\\ \\\"q\\\"\"\n}";
    assert_eq!(csharp_lines(json), "@\"{\n  \"\"a\"\": \"\"it's \\\\ \\\"\"q\\\"\"\"\"\n}\"");
    assert_eq!(php_lines(json), "'{\n  \"a\": \"it\\'s \\\\\\\\ \\\\\"q\\\\\"\"\n}'");
    assert_eq!(ruby_lines(json), php_lines(json), "the same single-quote rules");
    assert_eq!(python_lines(json), "\"\"\"{\n  \"a\": \"it's \\\\\\\\ \\\\\"q\\\\\"\"\n}\"\"\"");
    assert_eq!(
        python_lines("[\n  \"\"\n]\""),
        "\"\"\"[\n  \"\"\n]\\\"\"\"\"",
        "a quote before the closing ones is escaped"
    );
    for write in [csharp_lines, php_lines, ruby_lines] {
        assert!(!write("a\u{202E}\nb").contains('\n'), "another invisible character: the one-line form");
    }
}

#[test]
fn java_text_blocks_strip_exactly_their_own_indentation() {
    assert_eq!(java_lines("{\n  \"a\": \"b\\\\c\"\n}"), "\"\"\"\n    {\n      \"a\": \"b\\\\\\\\c\"\n    }\"\"\"");
    assert_eq!(java_lines("a \nb"), java("a \nb"), "javac would strip the space at the line's end");
    assert_eq!(java_lines("a\u{202E}\nb"), java("a\u{202E}\nb"));
}
