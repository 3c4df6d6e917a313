//! Syntax highlighting at build time, with the tree-sitter grammars `apiglot check` already
//! parses samples with: one parsing stack, no highlighting library in the browser. Pure.
//!
//! Each sample becomes HTML: text escaped, tokens in `<span class="hl-…">`, and each
//! placeholder (`ORG_ID`, the host placeholder) in a focusable `<span class="ph">` that points
//! at its description on the page.

use std::sync::OnceLock;

use crate::targets::{languages, Language};

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

/// One highlighter configuration per language (clients of a language share it), compiled the
/// first time a page needs it: a build pays only for the languages it renders (compiling
/// Swift's query alone takes about 0.15 s). None where the grammar's query does not compile
/// (the code is then shown escaped, without colours). No rayon inside the initialization, so
/// a worker waiting for another's compilation never waits on itself.
fn config(language: &'static Language) -> Option<&'static HighlightConfiguration> {
    /// A language's name and its configuration, compiled on first use.
    type Slot = (&'static str, OnceLock<Option<HighlightConfiguration>>);
    static CONFIGS: OnceLock<Vec<Slot>> = OnceLock::new();
    let configs = CONFIGS.get_or_init(|| {
        let mut names: Vec<&'static str> = vec![languages::JSON.name];
        for t in crate::targets::SampleTarget::BUILTIN {
            if !names.contains(&t.language.name) {
                names.push(t.language.name);
            }
        }
        names.into_iter().map(|name| (name, OnceLock::new())).collect()
    });
    let (_, slot) = configs.iter().find(|(name, _)| *name == language.name)?;
    slot.get_or_init(|| {
        let grammar = (language.grammar)();
        HighlightConfiguration::new(grammar.language, language.name, &grammar.highlights, "", "").ok().map(|mut c| {
            c.configure(NAMES);
            c
        })
    })
    .as_ref()
}

/// Starts compiling, on a thread of its own, the highlighters of `targets`' languages and of
/// JSON (response examples): they are ready, or nearly, when the first page needs them, since
/// loading and modelling the project leave a core free meanwhile. Returns at once.
pub fn prepare(targets: &[crate::targets::SampleTarget]) {
    let mut languages: Vec<&'static Language> = vec![&languages::JSON];
    for t in targets {
        if !languages.iter().any(|l| l.name == t.language.name) {
            languages.push(t.language);
        }
    }
    std::thread::spawn(move || {
        for language in languages {
            config(language);
        }
    });
}

/// Whether `target` gets colours (its grammar's highlight query compiles).
pub fn has_grammar(target: &str) -> bool {
    crate::targets::SampleTarget::by_id(target).is_some_and(|t| config(t.language).is_some())
}

/// `code` as HTML for inside `<code>`: escaped, coloured where the target has a grammar, with
/// `marks` wrapped wherever they stand as whole words.
pub fn to_html(target: &str, code: &str, marks: &[Mark]) -> String {
    match crate::targets::SampleTarget::by_id(target) {
        Some(t) => language_to_html(t.language, code, marks),
        None => {
            let mut html = String::with_capacity(code.len() * 2);
            push_marked(&mut html, code, marks);
            html
        }
    }
}

/// A JSON document (a response example) as highlighted HTML.
pub fn json_to_html(code: &str) -> String {
    language_to_html(&languages::JSON, code, &[])
}

fn language_to_html(language: &'static Language, code: &str, marks: &[Mark]) -> String {
    let mut html = String::with_capacity(code.len() * 2);
    let Some(config) = config(language) else {
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
    fn json_examples_are_coloured_and_escaped() {
        let html = json_to_html("{\n  \"a\": \"<b>\",\n  \"n\": 1\n}");
        assert!(html.contains("hl-string") && html.contains("&lt;b&gt;") && html.contains("hl-number"), "{html}");
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
