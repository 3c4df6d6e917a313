//! Unit tests of the safe module: URL schemes, the HTML site's fragments, and Markdown for
//! each dialect, by hand and as a property over generated hostile Markdown.

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag};

use super::*;

#[test]
fn urls_keep_only_http_https_mailto_relative_and_fragments() {
    for url in ["https://example.com/a?b=1&c=2", "HTTP://x", "mailto:a@b.c", "/a", "b/c.html", "#f", "?q", "//cdn/x"] {
        assert!(url_allowed(url), "{url:?} is allowed");
    }
    for url in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        " javascript:alert(1)",
        "\u{1}javascript:alert(1)",
        "javascript\u{0}:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "java\\script:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.com",
    ] {
        assert!(!url_allowed(url), "{url:?} is refused");
    }
}

#[test]
fn the_site_drops_refused_links_and_images_but_keeps_their_text() {
    assert_eq!(
        html_fragment("[click](javascript:alert(1)), ![pic](JaVaScRiPt:x) and [ok](https://a.b)", false),
        "<p>click, pic and <a href=\"https://a.b\">ok</a></p>\n"
    );
    assert_eq!(html_fragment("[x][r]\n\n[r]: &#106;avascript:alert(1)", false), "<p>x</p>\n");
    assert_eq!(html_fragment("<javascript:alert(1)>", false), "<p>javascript:alert(1)</p>\n");
    assert_eq!(html_fragment("[a ![i](data:x) b](vbscript:y)", false), "<p>a i b</p>\n");
}

#[test]
fn marked_html_keeps_only_allowed_tags_attributes_and_urls() {
    let html = html_fragment(
        "Use <kbd>K</kbd> <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\" onclick=\"y()\">a</a> \
         <script>alert(2)</script> <svg onload=alert(3)></svg> <a href=\"https://a.b\">b</a>",
        true,
    );
    assert_eq!(
        html,
        "<p>Use <kbd>K</kbd> <img src=\"x\"> <a rel=\"noopener noreferrer\">a</a>   \
         <a href=\"https://a.b\" rel=\"noopener noreferrer\">b</a></p>\n"
    );
    assert_eq!(sanitize_html("<iframe src=\"data:text/html,x\"></iframe><p style=\"x\">t</p>"), "<p>t</p>");
}

#[test]
fn markdown_drops_refused_links_and_escapes_tags_outside_code() {
    for dialect in [Dialect::CommonMark, Dialect::Mdx] {
        let md = |t: &str| markdown(t, false, dialect);
        assert_eq!(md("[click](javascript:alert(1)) and ![img](JaVaScRiPt:x) ok"), "click and img ok");
        assert_eq!(md("[ok](https://a.b/c) [rel](d.html#e)"), "[ok](https://a.b/c) [rel](d.html#e)");
        assert_eq!(md("[x][r]\n\n[r]: javascript:alert(1)\n"), "x\n\n\n");
        assert_eq!(md("<javascript:alert(1)>"), "javascript:alert(1)");
        assert_eq!(md("a <img src=x onerror=alert(1)> `<b>`"), "a \\<img src=x onerror=alert(1)> `<b>`");
        // A backslash does not end a code span: the tag after it is outside code.
        assert_eq!(md("`a\\`<script>` x"), "`a\\`\\<script>` x");
        assert_eq!(md("already \\<escaped\\>, \\\\<b>"), "already \\<escaped\\>, \\\\\\<b>");
    }
    assert_eq!(markdown("<https://a.b>", false, Dialect::CommonMark), "<https://a.b>");
    assert_eq!(markdown("<https://a.b>", false, Dialect::Mdx), "\\<https://a.b>");
}

#[test]
fn markdown_keeps_only_allowed_tags_of_marked_html() {
    for (dialect, img_end) in [(Dialect::CommonMark, ">"), (Dialect::Mdx, " />")] {
        assert_eq!(
            markdown(
                "Use <kbd>K</kbd>, <img src=x onerror=alert(1) alt='a'> <a href=\"javascript:x\">l</a>",
                true,
                dialect
            ),
            format!("Use <kbd>K</kbd>, <img src=\"x\" alt=\"a\"{img_end} <a>l</a>")
        );
        assert_eq!(markdown("<br/> <script>alert(1)</script>", true, dialect), "<br /> alert(1)");
    }
    assert_eq!(markdown("<div>\n<p onclick=x>{a}</p>\n</div>", true, Dialect::Mdx), "<div>\n<p>\\{a\\}</p>\n</div>");
}

#[test]
fn mdx_escapes_braces_and_esm_lines() {
    assert_eq!(
        markdown("import x from 'y'\n  export const a = {b}\nimported `{c}`", false, Dialect::Mdx),
        "&#105;mport x from 'y'\n  &#101;xport const a = \\{b\\}\nimported `{c}`"
    );
    assert_eq!(markdown("import x", false, Dialect::CommonMark), "import x");
    // MDX has no indented code: its lines are text, escaped.
    assert_eq!(markdown("    <b>{x}</b>", false, Dialect::Mdx), "    \\<b>\\{x\\}\\</b>");
    assert_eq!(markdown("    <b>", false, Dialect::CommonMark), "    <b>");
}

#[test]
fn the_property_checks_find_what_they_look_for() {
    assert_eq!(mdx_openers("a <b> `<c>` \\<d> {e}"), vec![2, 17, 19]);
    assert_eq!(dangers("<b> [x](javascript:y)").len(), 2);
    assert_eq!(html_dangers("<img src=x onerror=y><a href=' javascript:x'>a</a><script></script>").len(), 3);
}

#[test]
fn a_cell_is_read_as_inline_text() {
    // Alone these would be an indented code block and a fence; in a table cell they are text.
    assert_eq!(
        markdown_inline("    <script>alert(1)</script>", Dialect::CommonMark),
        "    \\<script>alert(1)\\</script>"
    );
    assert_eq!(markdown_inline("```\n<script>", Dialect::CommonMark), "``` \\<script>");
    assert_eq!(markdown_inline("[a](javascript:x) `<b>` \\| c", Dialect::CommonMark), "a `<b>` \\| c");
}

#[test]
fn no_heading_gets_attributes() {
    let md = |t: &str| markdown(t, false, Dialect::CommonMark);
    assert_eq!(md("# x {onclick=alert(1)}"), "# x {onclick=alert(1)\\}");
    assert_eq!(md("x {onclick=alert(1)}  \n===\n\nok {a} b"), "x {onclick=alert(1)\\}  \n===\n\nok {a} b");
    assert_eq!(md("`{a}`"), "`{a}`");
    assert_eq!(words("Put a {thing}", Dialect::CommonMark), "Put a {thing\\}");
    assert_eq!(markdown_inline("OK {really}", Dialect::CommonMark), "OK {really}");
    for text in [
        "# x {onclick=alert(1)}",
        "x {onclick=y}\n---",
        "- a\n  ## b {onmouseover=c}",
        "{onclick=alert(1)}\\\n===",
        "# x {onclick=alert(1)} ##",
        "# x {onclick=y} \\ #",
        "x {onclick=y}\\\\\n---",
    ] {
        let html = mdbook_html(&markdown(text, false, Dialect::CommonMark));
        assert!(!html.contains("onclick") || html.contains('{'), "{text:?}: {html}");
        assert!(html_dangers(&html).is_empty(), "{text:?}: {html}");
    }
    let heading = format!("# {}", words("x {onclick=alert(1)}", Dialect::CommonMark));
    assert!(html_dangers(&mdbook_html(&heading)).is_empty(), "{heading}");
}

#[test]
fn mdbook_directives_are_escaped_everywhere() {
    assert_eq!(
        mdbook_directives("a {{#include /etc/passwd}} `{{ #include x}}`\n```\n{{#playground y}}\n```"),
        "a \\{{#include /etc/passwd}} `\\{{#include x}}`\n```\n\\{{#playground y}}\n```"
    );
    assert_eq!(mdbook_directives("{{x}} {#id}"), "{{x}} {#id}");
}

#[test]
fn words_escape_markdown_syntax() {
    assert_eq!(words("A *b* [c](d) <e> #1 {f}\nx", Dialect::CommonMark), "A \\*b\\* \\[c\\](d) \\<e\\> \\#1 {f} x");
    assert_eq!(words("{f}", Dialect::Mdx), "\\{f\\}");
}

#[test]
fn a_code_span_holds_any_backticks() {
    assert_eq!(code_span("ORG_ID"), "`ORG_ID`");
    assert_eq!(code_span("a`<script>alert(1)</script>`b"), "``a`<script>alert(1)</script>`b``");
    assert_eq!(code_span("`x``"), "``` `x`` ```");
    assert_eq!(code_span(" x "), "`  x  `");
    for text in ["a`b", "``", "` `", "x```y`", " `a` "] {
        let span = code_span(text);
        let events: Vec<Event> = Parser::new(&span).collect();
        assert!(
            events.iter().any(|e| matches!(e, Event::Code(c) if c.as_ref() == text.trim_matches('\n'))),
            "{text:?}: {events:?}"
        );
    }
}

/// Every event of `markdown` as CommonMark (mdBook's own parser) reads it: raw HTML, and
/// the URL of each link and image.
fn dangers(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .filter_map(|event| match event {
            Event::Html(h) | Event::InlineHtml(h) => Some(format!("html {h}")),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) if !url_allowed(&dest_url) => {
                Some(format!("url {dest_url}"))
            }
            _ => None,
        })
        .collect()
}

/// Markdown as mdBook renders it: pulldown-cmark with mdBook's extensions, raw HTML kept.
fn mdbook_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options));
    html
}

/// Script elements, event handler attributes and refused URLs in an HTML fragment.
fn html_dangers(html: &str) -> Vec<String> {
    let fragment = scraper::Html::parse_fragment(html);
    let mut found = Vec::new();
    for element in fragment.root_element().descendent_elements() {
        let name = element.value().name();
        if ["script", "iframe", "object", "embed", "svg", "style"].contains(&name) {
            found.push(format!("<{name}>"));
        }
        for (attribute, value) in element.value().attrs() {
            if attribute.starts_with("on") || (URL_ATTRIBUTES.contains(&attribute) && !url_allowed(value)) {
                found.push(format!("{name} {attribute}={value}"));
            }
        }
    }
    found
}

/// The `<`, `{` and `}` of MDX text outside code spans and fenced code that no backslash
/// escapes: each would start JSX or an expression.
fn mdx_openers(mdx: &str) -> Vec<usize> {
    let mut code = Vec::new();
    for (event, range) in Parser::new_ext(mdx, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(_))) => code.push(range),
            _ => {}
        }
    }
    let mut found = Vec::new();
    let bytes = mdx.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(range) = code.iter().find(|r| r.contains(&i)) {
            i = range.end;
            continue;
        }
        match bytes[i] {
            b'\\' => i += 1,
            b'<' | b'{' | b'}' => found.push(i),
            _ => {}
        }
        i += 1;
    }
    found
}

/// Markdown made of the pieces an attack would use.
fn hostile_markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("`"),
        Just("``"),
        Just("\\"),
        Just("<"),
        Just(">"),
        Just("["),
        Just("]"),
        Just("("),
        Just(")"),
        Just("!"),
        Just("\n"),
        Just("    "),
        Just(" "),
        Just("x"),
        Just("<script>"),
        Just("<img src=x onerror=alert(1)>"),
        Just("javascript:alert(1)"),
        Just("[r]: "),
        Just("[r]"),
        Just("](javascript:x)"),
        Just("&#106;"),
        Just("```"),
        Just("- "),
        Just("<a href=\"javascript:x\">"),
        Just("{"),
        Just("}"),
        Just("# "),
        Just("{onclick=alert(1)}"),
        Just("\n==="),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn no_raw_html_or_refused_url_survives_in_markdown(text in hostile_markdown()) {
        let unmarked = markdown(&text, false, Dialect::CommonMark);
        prop_assert!(dangers(&unmarked).is_empty(), "{:?} gave {:?}: {:?}", text, unmarked, dangers(&unmarked));
        let problems = html_dangers(&mdbook_html(&unmarked));
        prop_assert!(problems.is_empty(), "{:?} gave {:?}: {:?}", text, unmarked, problems);
        let cell = markdown_inline(&text, Dialect::CommonMark);
        let in_table = format!("| a |\n| --- |\n| {cell} |\n");
        prop_assert!(dangers(&in_table).is_empty(), "{:?} gave {:?}: {:?}", text, cell, dangers(&in_table));
        let mdx = markdown(&text, false, Dialect::Mdx);
        prop_assert!(mdx_openers(&mdx).is_empty(), "{:?} gave MDX {:?} at {:?}", text, mdx, mdx_openers(&mdx));
        // Marked HTML stays HTML: what mdBook makes of it must hold nothing that runs.
        let marked = markdown(&text, true, Dialect::CommonMark);
        let problems = html_dangers(&mdbook_html(&marked));
        prop_assert!(problems.is_empty(), "{:?} gave {:?}: {:?}", text, marked, problems);
        for keep_html in [false, true] {
            let site = html_fragment(&text, keep_html);
            let problems = html_dangers(&site);
            prop_assert!(problems.is_empty(), "{:?} gave {:?}: {:?}", text, site, problems);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Any text at all, any Unicode: every function returns, and a second pass changes nothing.
    #[test]
    fn any_text_is_made_safe_without_a_panic(text in "(\\PC|[\\n\\t\\r\u{0}\u{202E}])*") {
        for dialect in [Dialect::CommonMark, Dialect::Mdx] {
            for keep_html in [false, true] {
                let once = markdown(&text, keep_html, dialect);
                prop_assert_eq!(markdown(&once, keep_html, dialect), once.clone(), "{:?}", text);
            }
            let _ = markdown_inline(&text, dialect);
            let _ = words(&text, dialect);
        }
        let _ = html_fragment(&text, true);
        let _ = code_span(&text);
        let _ = url_allowed(&text);
        let _ = mdbook_directives(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The shortcut for plain text gives what the whole rewrite gives: Markdown of every kind
    /// but links, HTML, escapes and braces (lists, headings, emphasis, code, tables, entities,
    /// indented code, setext lines) is copied as it is.
    #[test]
    fn plain_text_is_what_the_rewrite_gives(
        text in "([a-z ]|[-*_`#>|=~!&;:.()0-9\"'\n\t\r]|    |javascript:x|\u{3042}|&amp;|&#106;|```|\n- |\n1\\. )*"
    ) {
        prop_assert!(unchanged_by_rewrite(&text, Dialect::CommonMark));
        for keep_html in [false, true] {
            let whole = settle(&text, |t| rewrite(t, keep_html, Dialect::CommonMark), Dialect::CommonMark);
            prop_assert_eq!(markdown(&text, keep_html, Dialect::CommonMark), whole, "{:?}", text);
        }
        let line = text.replace(['\r', '\n'], " ");
        let pass = |t: &str| {
            let rewritten = rewrite(&format!("a{t}a"), false, Dialect::CommonMark);
            let inner = rewritten.strip_prefix('a').and_then(|r| r.strip_suffix('a'));
            inner.map_or_else(|| words(t, Dialect::CommonMark), str::to_string)
        };
        prop_assert_eq!(markdown_inline(&text, Dialect::CommonMark), settle(&line, pass, Dialect::CommonMark), "{:?}", text);
    }
}
