//! Syntax highlighting at build time, with the tree-sitter grammars `apiglot check` already
//! parses samples with: one parsing stack, no highlighting library in the browser. Pure.
//!
//! Each sample becomes HTML: text escaped, tokens in `<span class="hl-…">`, and each
//! placeholder (`ORG_ID`, the host placeholder) in a focusable `<span class="ph">` that points
//! at its description on the page.

use std::cell::RefCell;
use std::sync::OnceLock;

use crate::targets::{languages, Language};

mod compact;

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
/// first time a page needs it: a build pays only for the languages it renders. The query is
/// the compact one of the patterns samples use ([`compact`]) where there is one (Swift's whole
/// query alone takes about 0.15 s to compile), and the grammar's whole query for a language
/// whose sample template the project overrides ([`prepare`]): its own code may need patterns
/// the built-in templates never do. None where the query does not compile (the code is then
/// shown escaped, without colours). No rayon inside the initialization, so a worker waiting
/// for another's compilation never waits on itself.
fn config(language: &'static Language) -> Option<&'static HighlightConfiguration> {
    /// A language's name and its configurations (compact, whole), compiled on first use.
    type Slot = (&'static str, [OnceLock<Option<HighlightConfiguration>>; 2]);
    static CONFIGS: OnceLock<Vec<Slot>> = OnceLock::new();
    let configs = CONFIGS
        .get_or_init(|| all_languages().into_iter().map(|l| (l.name, [OnceLock::new(), OnceLock::new()])).collect());
    let (_, [compact, whole]) = configs.iter().find(|(name, _)| *name == language.name)?;
    let whole_query = WHOLE_QUERIES.read().map(|w| w.contains(&language.name)).unwrap_or(true);
    let configured = |compact_first: bool| {
        let grammar = (language.grammar)();
        compact_first
            .then(|| compact::query(language.name, &grammar.highlights))
            .flatten()
            .and_then(|query| configuration(language, &query))
            .or_else(|| configuration(language, &grammar.highlights))
    };
    if whole_query { whole.get_or_init(|| configured(false)) } else { compact.get_or_init(|| configured(true)) }
        .as_ref()
}

/// The languages whose sample template the project being built overrides (set by
/// [`prepare`]): they are highlighted with their grammar's whole query.
static WHOLE_QUERIES: std::sync::RwLock<Vec<&'static str>> = std::sync::RwLock::new(Vec::new());

/// JSON's and every built-in target's language, each once.
fn all_languages() -> Vec<&'static Language> {
    let mut all: Vec<&'static Language> = vec![&languages::JSON];
    for t in crate::targets::SampleTarget::BUILTIN {
        if !all.iter().any(|l| l.name == t.language.name) {
            all.push(t.language);
        }
    }
    all
}

/// `language`'s highlighter with the highlight query `query`, colouring [`NAMES`].
fn configuration(language: &Language, query: &str) -> Option<HighlightConfiguration> {
    let grammar = (language.grammar)();
    let mut config = HighlightConfiguration::new(grammar.language, language.name, query, "", "").ok()?;
    config.configure(NAMES);
    Some(config)
}

/// Starts compiling, on a thread of its own, the highlighters of `targets`' languages and of
/// JSON (response examples): they are ready, or nearly, when the first page needs them, since
/// loading and modelling the project leave a core free meanwhile. `overridden` names the
/// targets whose sample template the project overrides: their languages get whole queries
/// from now on. Returns at once.
pub fn prepare(targets: &[crate::targets::SampleTarget], overridden: &[&str]) {
    let whole: Vec<&'static str> =
        targets.iter().filter(|t| overridden.contains(&t.id)).map(|t| t.language.name).collect();
    if let Ok(mut queries) = WHOLE_QUERIES.write() {
        *queries = whole;
    }
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

/// A JSON document (a response example) as highlighted HTML. A page shows the same examples
/// in every locale, rendered one after the other on one thread: each thread keeps the last
/// [`RECENT_EXAMPLES`] it highlighted.
pub fn json_to_html(code: &str) -> String {
    thread_local! {
        static RECENT: RefCell<std::collections::VecDeque<(String, String)>> = const { RefCell::new(std::collections::VecDeque::new()) };
    }
    let known = RECENT.with(|recent| {
        recent.try_borrow().ok().and_then(|r| r.iter().find(|(c, _)| c == code).map(|(_, html)| html.clone()))
    });
    if let Some(html) = known {
        return html;
    }
    let html = language_to_html(&languages::JSON, code, &[]);
    RECENT.with(|recent| {
        if let Ok(mut recent) = recent.try_borrow_mut() {
            if recent.len() == RECENT_EXAMPLES {
                recent.pop_front();
            }
            recent.push_back((code.to_string(), html.clone()));
        }
    });
    html
}

/// How many highlighted examples each thread keeps (a page's examples, in all locales).
const RECENT_EXAMPLES: usize = 16;

fn language_to_html(language: &'static Language, code: &str, marks: &[Mark]) -> String {
    match config(language) {
        Some(config) => with_configuration(config, code, marks),
        None => {
            let mut html = String::with_capacity(code.len() * 2);
            push_marked(&mut html, code, marks);
            html
        }
    }
}

thread_local! {
    /// Each thread's highlighter, reused from sample to sample: a new one per sample made a
    /// parser and its stacks each time.
    static HIGHLIGHTER: RefCell<Highlighter> = RefCell::new(Highlighter::new());
}

/// `code` highlighted with `config`, escaped and marked as [`to_html`] does; escaped without
/// colours where the highlighter fails.
fn with_configuration(config: &HighlightConfiguration, code: &str, marks: &[Mark]) -> String {
    let mut html = String::with_capacity(code.len() * 2);
    let coloured = HIGHLIGHTER.with(|highlighter| match highlighter.try_borrow_mut() {
        Ok(mut highlighter) => push_highlighted(&mut html, &mut highlighter, config, code, marks),
        Err(_) => push_highlighted(&mut html, &mut Highlighter::new(), config, code, marks),
    });
    if !coloured {
        html.clear();
        push_marked(&mut html, code, marks);
    }
    html
}

/// Appends the highlighted HTML of `code` as the events come; false at the first error (what
/// was appended is then to be dropped).
fn push_highlighted(
    html: &mut String,
    highlighter: &mut Highlighter,
    config: &HighlightConfiguration,
    code: &str,
    marks: &[Mark],
) -> bool {
    let Ok(events) = highlighter.highlight(config, code.as_bytes(), None, |_| None) else { return false };
    for event in events {
        match event {
            Ok(HighlightEvent::Source { start, end }) => push_marked(html, &code[start..end], marks),
            Ok(HighlightEvent::HighlightStart(h)) => html.push_str(SPANS[h.0]),
            Ok(HighlightEvent::HighlightEnd) => html.push_str("</span>"),
            Err(_) => return false,
        }
    }
    true
}

/// The opening tag of each of [`NAMES`]: `hl-` and the name with dots as dashes.
const SPANS: &[&str] = &[
    "<span class=\"hl-attribute\">",
    "<span class=\"hl-boolean\">",
    "<span class=\"hl-comment\">",
    "<span class=\"hl-constant\">",
    "<span class=\"hl-constant-builtin\">",
    "<span class=\"hl-constructor\">",
    "<span class=\"hl-escape\">",
    "<span class=\"hl-function\">",
    "<span class=\"hl-function-builtin\">",
    "<span class=\"hl-function-method\">",
    "<span class=\"hl-keyword\">",
    "<span class=\"hl-label\">",
    "<span class=\"hl-number\">",
    "<span class=\"hl-property\">",
    "<span class=\"hl-string\">",
    "<span class=\"hl-string-special\">",
    "<span class=\"hl-tag\">",
    "<span class=\"hl-type\">",
    "<span class=\"hl-type-builtin\">",
    "<span class=\"hl-variable-builtin\">",
];

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

    /// The only test that calls `prepare` (it sets what every test of this process sees).
    #[test]
    fn an_overridden_sample_template_is_highlighted_with_the_whole_query() {
        let swift = crate::targets::SampleTarget::by_id("swift").unwrap();
        // Declarations no built-in Swift sample writes.
        let code = "protocol Greeter { func greet(_ name: String) -> String }\nstruct A: Greeter { let n = 1 }\n";
        let grammar = (swift.language.grammar)();
        let with = |query: &str| with_configuration(&configuration(swift.language, query).unwrap(), code, &[]);
        let whole = with(&grammar.highlights);
        let compact = with(&compact::query(swift.language.name, &grammar.highlights).unwrap());
        assert_ne!(compact, whole, "the snippet must need patterns the compact query leaves out");
        prepare(&[swift], &["swift"]);
        assert_eq!(to_html("swift", code, &[]), whole);
    }

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
    fn each_name_has_its_span() {
        assert_eq!(SPANS.len(), NAMES.len());
        for (span, name) in SPANS.iter().zip(NAMES) {
            assert_eq!(*span, format!("<span class=\"hl-{}\">", name.replace('.', "-")));
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
