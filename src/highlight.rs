//! Syntax highlighting at build time, with the tree-sitter grammars `apiglot check` already
//! parses samples with: one parsing stack, no highlighting library in the browser. Pure.
//!
//! Each sample becomes HTML: text escaped, tokens in `<span class="hl-…">`, and each
//! placeholder (`ORG_ID`, the host placeholder) in a focusable `<span class="ph">` that points
//! at its description on the page.

use std::sync::OnceLock;

use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

/// The capture names the stylesheet colours (others stay plain text, which keeps pages small).
/// Each becomes the class `hl-<name with dots as dashes>`.
const NAMES: &[&str] = &[
    "attribute",
    "boolean",
    "comment",
    "constant",
    "constant.builtin",
    "constructor",
    "escape",
    "function",
    "function.builtin",
    "function.method",
    "keyword",
    "label",
    "number",
    "property",
    "string",
    "string.special",
    "tag",
    "type",
    "type.builtin",
    "variable.builtin",
];

/// A placeholder to mark in a sample: the text samples show and the id of the element on the
/// page that describes it (None when no description exists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub text: String,
    pub described_by: Option<String>,
}

/// One highlighter configuration per language (clients of a language share it); None where
/// the grammar's query does not compile (the sample is then shown escaped, without colours).
fn config(target: &str) -> Option<&'static HighlightConfiguration> {
    static CONFIGS: OnceLock<Vec<(&'static str, Option<HighlightConfiguration>)>> = OnceLock::new();
    let configs = CONFIGS.get_or_init(|| {
        let mut languages: Vec<&'static crate::targets::Language> = Vec::new();
        for t in &crate::targets::SampleTarget::BUILTIN {
            if !languages.iter().any(|l| l.name == t.language.name) {
                languages.push(t.language);
            }
        }
        // Compiling the queries is a large part of an HTML build (Swift's alone is about
        // 0.15 s in release), so they compile in parallel, once per process (a preview reuses
        // them). Plain threads, not rayon's: a rayon worker waiting here could steal a task
        // that highlights, and wait on this very initialization.
        std::thread::scope(|scope| {
            let compiling: Vec<_> = languages
                .into_iter()
                .map(|language| {
                    scope.spawn(move || {
                        let grammar = (language.grammar)();
                        let config =
                            HighlightConfiguration::new(grammar.language, language.name, &grammar.highlights, "", "")
                                .ok()
                                .map(|mut c| {
                                    c.configure(NAMES);
                                    c
                                });
                        (language.name, config)
                    })
                })
                .collect();
            compiling.into_iter().map(|c| c.join().expect("compiling a highlight query does not panic")).collect()
        })
    });
    let language = crate::targets::SampleTarget::by_id(target)?.language.name;
    configs.iter().find(|(name, _)| *name == language).and_then(|(_, c)| c.as_ref())
}

/// Whether `target` gets colours (its grammar's highlight query compiles).
pub fn has_grammar(target: &str) -> bool {
    config(target).is_some()
}

/// `code` as HTML for inside `<code>`: escaped, coloured where the target has a grammar, with
/// `marks` wrapped wherever they stand as whole words.
pub fn to_html(target: &str, code: &str, marks: &[Mark]) -> String {
    let mut html = String::with_capacity(code.len() * 2);
    let Some(config) = config(target) else {
        push_marked(&mut html, code, marks);
        return html;
    };
    let mut highlighter = Highlighter::new();
    let events = match highlighter.highlight(config, code.as_bytes(), None, |_| None) {
        Ok(events) => events.collect::<Result<Vec<_>, _>>(),
        Err(e) => Err(e),
    };
    let Ok(events) = events else {
        push_marked(&mut html, code, marks);
        return html;
    };
    for event in events {
        match event {
            HighlightEvent::Source { start, end } => push_marked(&mut html, &code[start..end], marks),
            HighlightEvent::HighlightStart(h) => {
                html.push_str("<span class=\"hl-");
                html.push_str(&NAMES[h.0].replace('.', "-"));
                html.push_str("\">");
            }
            HighlightEvent::HighlightEnd => html.push_str("</span>"),
        }
    }
    html
}

/// Appends `text` escaped, wrapping each whole-word occurrence of a mark.
fn push_marked(html: &mut String, text: &str, marks: &[Mark]) {
    let mut rest = 0;
    let mut at = 0;
    while at < text.len() {
        let found = marks.iter().find(|m| {
            !m.text.is_empty()
                && text[at..].starts_with(&m.text)
                && (!text[..at].ends_with(is_word) || after_percent_escape(&text[..at]))
                && !text[at + m.text.len()..].starts_with(is_word)
        });
        match found {
            Some(mark) => {
                escape_into(html, &text[rest..at]);
                html.push_str("<span class=\"ph\" tabindex=\"0\"");
                if let Some(id) = &mark.described_by {
                    html.push_str(" aria-describedby=\"");
                    escape_into(html, id);
                    html.push('"');
                }
                html.push('>');
                escape_into(html, &mark.text);
                html.push_str("</span>");
                at += mark.text.len();
                rest = at;
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    escape_into(html, &text[rest..]);
}

/// Does `before` end in a percent escape (`%22`)? A placeholder in an encoded query value
/// (`%22USER_NAME%22`) is still a placeholder.
fn after_percent_escape(before: &str) -> bool {
    let bytes = before.as_bytes();
    bytes.len() >= 3 && bytes[bytes.len() - 3] == b'%' && bytes[bytes.len() - 2..].iter().all(u8::is_ascii_hexdigit)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_into(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(text: &str) -> Mark {
        Mark { text: text.into(), described_by: Some(format!("ph-{text}")) }
    }

    #[test]
    fn every_target_has_a_working_highlight_query() {
        for target in crate::targets::SampleTarget::ids() {
            assert!(has_grammar(target), "{target}: the highlight query does not compile");
        }
    }

    #[test]
    fn strings_and_keywords_are_coloured_and_text_is_escaped() {
        let html = to_html("python", "import http.client\nx = \"<a & b>\"\n", &[]);
        assert!(html.contains("<span class=\"hl-keyword\">import</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-string\">&quot;&lt;a &amp; b&gt;&quot;</span>"), "{html}");
    }

    #[test]
    fn placeholders_are_marked_as_whole_words_only() {
        let html = to_html(
            "curl",
            "curl --url 'https://{yourDomain}/orgs/ORG_ID/x' -H 'a: MY_ORG_ID'\n",
            &[mark("ORG_ID"), mark("{yourDomain}")],
        );
        assert!(
            html.contains("<span class=\"ph\" tabindex=\"0\" aria-describedby=\"ph-ORG_ID\">ORG_ID</span>/x"),
            "{html}"
        );
        assert!(html.contains("aria-describedby=\"ph-{yourDomain}\">{yourDomain}</span>"), "{html}");
        assert!(html.contains("MY_ORG_ID"), "a longer name is not a placeholder: {html}");
        assert_eq!(html.matches("class=\"ph\"").count(), 2, "{html}");
        let encoded = to_html("curl", "curl 'https://h/?q=%22ORG_ID%22'\n", &[mark("ORG_ID")]);
        assert!(encoded.contains("%22<span class=\"ph\""), "after a percent escape: {encoded}");
    }

    #[test]
    fn the_text_of_the_html_is_the_code() {
        let code = "var a = '<\"&\\'>';\nconsole.log(a, ORG_ID);\n";
        let html = to_html("node", code, &[mark("ORG_ID")]);
        let text = regex::Regex::new("<[^>]*>").unwrap().replace_all(&html, "");
        let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
        assert_eq!(text.replace("&amp;", "&"), code);
    }
}
