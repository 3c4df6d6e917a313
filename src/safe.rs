//! No script in any output: the one place that decides which links, images and raw HTML of
//! messages and endpoint values reach the HTML site and each Markdown flavor.
//!
//! - Links and images keep only http, https, mailto, relative and fragment URLs
//!   ([`url_allowed`]); a refused one keeps its text and loses the link.
//! - Raw HTML is text unless its message is marked `.html = yes`; marked HTML keeps only an
//!   allow-list of tags and attributes (ammonia's defaults, with the URL rule above).
//! - Markdown output keeps code spans and code blocks as they are and escapes the rest for
//!   the flavor: a raw `<` everywhere, a `}` that ends a line (a heading's attribute block
//!   in mdBook), `{`, `}` and ESM lines (`import`, `export`) in MDX.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

/// The URL schemes a link or image may use; relative and fragment URLs need none.
pub const URL_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Attributes whose value a browser loads or follows as a URL.
const URL_ATTRIBUTES: [&str; 9] =
    ["href", "src", "cite", "longdesc", "action", "formaction", "poster", "background", "xlink:href"];

/// The Markdown dialect a flavor is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Plain Markdown and mdBook.
    CommonMark,
    /// Docusaurus and Mintlify: `<` starts JSX, `{` an expression, `import`/`export` ESM.
    Mdx,
}

/// May a link or image point at `url`? Only http, https and mailto, or a URL without a
/// scheme. Control and whitespace characters are removed first (browsers drop tabs and line
/// breaks inside a URL, so `java\tscript:` is `javascript:`), the scheme is compared without
/// case, and an `&` or `\` before the first `:`, `/`, `?` or `#` is refused: an entity
/// (`&#106;avascript:`, `javascript&colon;`) could spell a scheme once decoded.
pub fn url_allowed(url: &str) -> bool {
    let cleaned: String = url.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect();
    let end = cleaned.find([':', '/', '?', '#']).unwrap_or(cleaned.len());
    let head = &cleaned[..end];
    if cleaned[end..].starts_with(':') {
        URL_SCHEMES.iter().any(|scheme| head.eq_ignore_ascii_case(scheme))
    } else {
        !head.contains(['&', '\\'])
    }
}

/// The allow-list for marked HTML, as ammonia's defaults plus our URL rule.
struct AllowList {
    sanitizer: ammonia::Builder<'static>,
    tags: HashSet<&'static str>,
    tag_attributes: HashMap<&'static str, HashSet<&'static str>>,
    generic_attributes: HashSet<&'static str>,
}

static ALLOW: LazyLock<AllowList> = LazyLock::new(|| {
    let mut sanitizer = ammonia::Builder::default();
    sanitizer
        .url_schemes(URL_SCHEMES.into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .attribute_filter(|_, attribute, value| {
            (!URL_ATTRIBUTES.contains(&attribute) || url_allowed(value)).then_some(Cow::Borrowed(value))
        });
    AllowList {
        tags: sanitizer.clone_tags(),
        tag_attributes: sanitizer.clone_tag_attributes(),
        generic_attributes: sanitizer.clone_generic_attributes(),
        sanitizer,
    }
});

/// An HTML fragment with only allowed tags, attributes and URLs: no script, no event
/// handler, no `javascript:`, `vbscript:` or `data:` URL.
pub fn sanitize_html(html: &str) -> String {
    ALLOW.sanitizer.clean(html).to_string()
}

/// Markdown to an HTML fragment. Links and images with a refused URL keep their text; raw
/// HTML is text unless `keep_html` (the message is marked `.html = yes`), and then sanitized.
pub fn html_fragment(markdown: &str, keep_html: bool) -> String {
    // For each open link or image: was its URL refused (its start and end tags are dropped)?
    let mut refused: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).filter_map(|event| match event {
        Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
            let allowed = url_allowed(dest_url);
            refused.push(!allowed);
            allowed.then_some(event)
        }
        Event::End(TagEnd::Link | TagEnd::Image) => (!refused.pop().unwrap_or(false)).then_some(event),
        Event::Html(html) | Event::InlineHtml(html) if !keep_html => Some(Event::Text(html)),
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    if keep_html {
        sanitize_html(&html)
    } else {
        html
    }
}

/// One change to a message's Markdown source.
struct Edit {
    range: Range<usize>,
    /// `None` copies the range as it is (code); `Some` replaces it.
    with: Option<String>,
}

/// An open link or image while its events are read.
struct OpenLink {
    range: Range<usize>,
    allowed: bool,
    autolink: bool,
    /// Where its text starts and ends, once any of it was seen.
    text: Option<Range<usize>>,
}

/// A message (Markdown that may hold paragraphs, lists, code) as safe Markdown for
/// `dialect`: see the module's rules. `keep_html` for a message marked `.html = yes`.
pub fn markdown(text: &str, keep_html: bool, dialect: Dialect) -> String {
    if unchanged_by_rewrite(text, dialect) {
        return text.to_string();
    }
    settle(text, |t| rewrite(t, keep_html, dialect), dialect)
}

/// Does [`rewrite`] give `text` back as it is, without parsing it? It edits only links and
/// images (`[`, `<`), reference definitions (`[`) and HTML (`<`), copies code as it is, and
/// escapes only `\`, `<` and `}` in CommonMark text: text without these five characters is
/// copied whole. Most messages and table cells are such plain text, and a page has hundreds.
fn unchanged_by_rewrite(text: &str, dialect: Dialect) -> bool {
    dialect == Dialect::CommonMark && !text.contains(['[', '<', '\\', '{', '}'])
}

/// Rewrites until nothing changes. A dropped tag or link can join what was around it (two
/// backtick runs, say), and Markdown is read again by the site generator: only text that
/// reads the same after another pass is safe. Text that does not settle is shown as words.
fn settle(text: &str, pass: impl Fn(&str) -> String, dialect: Dialect) -> String {
    const MAX_PASSES: usize = 4;
    let mut current = pass(text);
    for _ in 0..MAX_PASSES {
        let next = pass(&current);
        if next == current {
            return current;
        }
        current = next;
    }
    words(text, dialect)
}

/// One line of Markdown that a page puts inside a block (a table cell) as safe Markdown for
/// `dialect`. It is read as the inline text it is there, not as blocks of its own: an
/// indented line is no code block inside a cell. Raw HTML is never kept.
pub fn markdown_inline(text: &str, dialect: Dialect) -> String {
    // A letter in front makes the line a paragraph's text, whatever it starts with; one
    // behind keeps its end from reading as a line's end (a cell never ends a line).
    const LEAD: &str = "a";
    let line = text.replace(['\r', '\n'], " ");
    if unchanged_by_rewrite(&line, dialect) {
        return line;
    }
    let pass = |t: &str| {
        let rewritten = rewrite(&format!("{LEAD}{t}{LEAD}"), false, dialect);
        let inner = rewritten.strip_prefix(LEAD).and_then(|r| r.strip_suffix(LEAD));
        inner.map_or_else(|| words(t, dialect), str::to_string)
    };
    settle(&line, pass, dialect)
}

fn rewrite(source: &str, keep_html: bool, dialect: Dialect) -> String {
    let mut edits: Vec<Edit> = Vec::new();
    let mut open: Vec<OpenLink> = Vec::new();
    let parser = Parser::new_ext(source, Options::ENABLE_TABLES).into_offset_iter();
    for (_, def) in parser.reference_definitions().iter() {
        if !url_allowed(&def.dest) {
            edits.push(Edit { range: def.span.clone(), with: Some(String::new()) });
        }
    }
    for (event, range) in parser {
        let ends_link = matches!(event, Event::End(TagEnd::Link | TagEnd::Image));
        if !ends_link {
            if let Some(link) = open.last_mut() {
                let text = link.text.get_or_insert(range.clone());
                text.end = text.end.max(range.end);
            }
        }
        match event {
            Event::Start(Tag::Link { link_type, dest_url, .. } | Tag::Image { link_type, dest_url, .. }) => {
                open.push(OpenLink {
                    range,
                    allowed: url_allowed(&dest_url),
                    autolink: matches!(link_type, LinkType::Autolink | LinkType::Email),
                    text: None,
                });
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let Some(link) = open.pop() else { continue };
                match (&link.text, link.allowed) {
                    // MDX has no autolinks: there `<` starts JSX, so it is escaped.
                    (_, true) if link.autolink && dialect == Dialect::CommonMark => {
                        edits.push(Edit { range: link.range, with: None });
                    }
                    (_, true) => {}
                    (Some(text), false) => {
                        let drop = |range: Range<usize>| Edit { range, with: Some(String::new()) };
                        edits.push(drop(link.range.start..text.start));
                        edits.push(drop(text.end..link.range.end));
                    }
                    (None, false) => edits.push(Edit { range: link.range, with: Some(String::new()) }),
                }
            }
            Event::Code(_) => edits.push(Edit { range, with: None }),
            // MDX has no indented code: such lines are text there, and escaped as text.
            Event::Start(Tag::CodeBlock(kind))
                if matches!(kind, CodeBlockKind::Fenced(_)) || dialect == Dialect::CommonMark =>
            {
                edits.push(Edit { range, with: None });
            }
            Event::Html(_) | Event::InlineHtml(_) if keep_html => {
                edits.push(Edit { with: Some(sanitize_tags(&source[range.clone()], dialect)), range });
            }
            _ => {}
        }
    }
    edits.sort_by_key(|e| (e.range.start, std::cmp::Reverse(e.range.end)));
    let mut out = String::with_capacity(source.len() + 16);
    let mut cursor = 0;
    for edit in edits {
        // An edit inside one already made (the text of a kept autolink) is part of it.
        if edit.range.start < cursor {
            continue;
        }
        escape_text(&mut out, source, cursor..edit.range.start, dialect);
        match edit.with {
            None => out.push_str(&source[edit.range.clone()]),
            Some(with) => out.push_str(&with),
        }
        cursor = edit.range.end;
    }
    escape_text(&mut out, source, cursor..source.len(), dialect);
    out
}

/// Does `at` start a line of `source` (after spaces or tabs)?
fn starts_line(source: &str, at: usize) -> bool {
    let before = source[..at].trim_end_matches([' ', '\t']);
    before.is_empty() || before.ends_with('\n')
}

/// Copies `source[range]`, Markdown text outside code, escaped for `dialect`. A character
/// already escaped with a backslash stays as it is.
fn escape_text(out: &mut String, source: &str, range: Range<usize>, dialect: Dialect) {
    let mdx = dialect == Dialect::Mdx;
    let mut chars = source[range.clone()].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = range.start + i;
        match c {
            '\\' => {
                out.push('\\');
                if let Some((_, next)) = chars.next_if(|(_, n)| n.is_ascii_punctuation()) {
                    out.push(next);
                }
            }
            '<' => out.push_str("\\<"),
            // A heading line ending in `{...}` gets those attributes (`{onclick=...}`) in
            // mdBook and other pulldown-cmark sites; an escaped `}` ends no attribute block.
            '}' if ends_line(source, at + 1) => out.push_str("\\}"),
            '{' | '}' if mdx => {
                out.push('\\');
                out.push(c);
            }
            // MDX runs a line that starts with `import` or `export` as JavaScript.
            'i' | 'e' if mdx && starts_line(source, at) && is_esm_keyword(&source[at..range.end]) => {
                out.push_str(if c == 'i' { "&#105;" } else { "&#101;" });
            }
            c => out.push(c),
        }
    }
}

/// Is there nothing from `at` to the end of its line that a heading's attribute block could
/// not be followed by: spaces and tabs, a closing `#` sequence, a backslash (pulldown-cmark
/// finds `{onclick=x}\` at the end of a setext heading's line an attribute block too)?
fn ends_line(source: &str, at: usize) -> bool {
    source[at..].split('\n').next().is_some_and(|rest| rest.trim_matches([' ', '\t', '\r', '#', '\\']).is_empty())
}

fn is_esm_keyword(line: &str) -> bool {
    ["import", "export"].iter().any(|word| {
        line.strip_prefix(word).is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    })
}

/// One tag as CommonMark reads raw HTML: a name and attributes, quoted or not.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>"#,
    )
    .expect("tag pattern")
});

static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#)
        .expect("attribute pattern")
});

/// Raw HTML of a marked message, for Markdown output: allowed tags are written again with
/// only their allowed attributes; other tags, comments and declarations are dropped; the
/// text between them is escaped.
fn sanitize_tags(html: &str, dialect: Dialect) -> String {
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for tag in TAG.captures_iter(html) {
        let whole = tag.get(0).expect("match");
        escape_html_text(&mut out, &html[last..whole.start()], dialect);
        last = whole.end();
        let name = tag[2].to_ascii_lowercase();
        if !ALLOW.tags.contains(name.as_str()) {
            continue;
        }
        if &tag[1] == "/" {
            out.push_str(&format!("</{name}>"));
            continue;
        }
        out.push('<');
        out.push_str(&name);
        for attribute in ATTRIBUTE.captures_iter(&tag[3]) {
            let key = attribute[1].to_ascii_lowercase();
            let allowed = ALLOW.generic_attributes.contains(key.as_str())
                || ALLOW.tag_attributes.get(name.as_str()).is_some_and(|a| a.contains(key.as_str()));
            let value = (2..=4).find_map(|i| attribute.get(i)).map_or("", |m| m.as_str());
            if !allowed || (URL_ATTRIBUTES.contains(&key.as_str()) && !url_allowed(value)) {
                continue;
            }
            let value = value.replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;");
            out.push_str(&format!(" {key}=\"{value}\""));
        }
        // JSX closes every element: MDX needs `<img />`, where HTML may write `<img>`.
        let void = ["area", "br", "col", "hr", "img", "wbr"].contains(&name.as_str());
        let close = !tag[4].is_empty() || (void && dialect == Dialect::Mdx);
        out.push_str(if close { " />" } else { ">" });
    }
    escape_html_text(&mut out, &html[last..], dialect);
    out
}

/// Text between kept tags: no `<` that could open another tag (nor `{` in MDX).
fn escape_html_text(out: &mut String, text: &str, dialect: Dialect) {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if dialect == Dialect::Mdx => {
                out.push('\\');
                out.extend(chars.next());
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '{' | '}' if dialect == Dialect::Mdx => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// Plain text (a title, a heading) as Markdown text for `dialect`: every character that
/// could start Markdown syntax is escaped, and line breaks become spaces. A last `}` is
/// escaped too: it would end a heading's attribute block.
pub fn words(text: &str, dialect: Dialect) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let text = text.trim_end();
    for (i, c) in text.char_indices() {
        match c {
            '\r' | '\n' => out.push(' '),
            '}' if i + 1 == text.len() => out.push_str("\\}"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '{' | '}' if dialect == Dialect::Mdx => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

static MDBOOK_DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{\{\s*#").expect("directive pattern"));

/// A whole mdBook page with every `{{#...}}` escaped. mdBook runs them before reading the
/// Markdown, in code too: `{{#include /etc/passwd}}` in a message or an endpoint value
/// would put a file of the machine that builds the book into the page. mdBook shows an
/// escaped `\{{#...}}` as written, without the backslash (and without spaces before `#`).
pub fn mdbook_directives(page: &str) -> Cow<'_, str> {
    MDBOOK_DIRECTIVE.replace_all(page, "\\{{#")
}

/// The longest run of backticks in `text`.
pub fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for b in text.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// `text` (an endpoint value) as one Markdown code span: the fence is longer than any
/// backtick run inside, so none can close it, and a space pads text that starts or ends
/// with a backtick (or with spaces on both sides, which a code span would strip).
pub fn code_span(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let fence = "`".repeat(longest_backtick_run(&text) + 1);
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty());
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{text}{space}{fence}")
}

#[cfg(test)]
mod tests;
