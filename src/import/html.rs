//! HTML inside an OpenAPI description (CommonMark) -> Markdown, so that no tag reaches a page as text.
//!
//! Pages show raw HTML of a message as text (see [`crate::safe`]), and specs mix HTML into their
//! CommonMark (`<a href>`, `<code>`, `<br/>`, `<ul><li>`). The importer rewrites those tags as
//! the Markdown that means the same: links (only to URLs [`crate::safe::url_allowed`] accepts),
//! code spans and blocks, emphasis, paragraphs and lists. Any other HTML element is dropped with
//! its text kept (`script` and `style` with their text). Text that only looks like a tag
//! (`urn:auth0:<tenant>`, `<error details>`) is not an HTML element and stays as written, and
//! Markdown code (backtick spans, fenced blocks) is copied untouched.

use crate::safe;

/// HTML elements: a `<name` of one of these is a tag, anything else is text.
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "mark",
    "meta",
    "nav",
    "noscript",
    "object",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Elements that start and end a paragraph of their own.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "main",
    "nav",
    "p",
    "section",
    "summary",
    "table",
    "tr",
];

/// What an open element does to the text it holds, when it closes.
enum Frame {
    /// The text as written.
    Plain,
    /// `**text**` or `*text*`.
    Emphasis(&'static str),
    /// `[text](url)`; `None` when the URL is refused or missing: the text alone.
    Link(Option<String>),
    /// A code span: the text, tags dropped.
    Code,
    /// A code block.
    Pre,
    /// The text is dropped (`script`, `style`, `head`).
    Drop,
    /// A list: `-` or numbered items.
    List { ordered: bool, next: usize },
}

struct Open {
    name: String,
    frame: Frame,
    /// The text written inside, to wrap when it closes.
    text: String,
    /// Right after a break the rewrite made: the source's layout spaces are dropped.
    fresh: bool,
}

impl Open {
    fn new(name: &str, frame: Frame) -> Open {
        Open { name: name.to_string(), frame, text: String::new(), fresh: false }
    }
}

/// `text` (a description: CommonMark that may hold HTML) with its HTML as Markdown.
pub fn to_markdown(text: &str) -> String {
    if !text.contains('<') && !text.contains('&') {
        return text.to_string();
    }
    let mut stack: Vec<Open> = vec![Open::new("", Frame::Plain)];
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let at_line_start = line_start(text, rest);
        let lead = rest.trim_start_matches([' ', '\t']);
        // Markdown code is copied as it is.
        if (c == '`' || (at_line_start && (lead.starts_with("```") || lead.starts_with("~~~")))) && !in_code(&stack) {
            let code = markdown_code(rest, at_line_start);
            if !code.is_empty() {
                push(&mut stack, code);
                rest = &rest[code.len()..];
                continue;
            }
        }
        if c == '<' {
            if let Some(len) = comment(rest) {
                rest = &rest[len..];
                continue;
            }
            if let Some(tag) = Tag::parse(rest) {
                rest = &rest[tag.len..];
                apply(&mut stack, tag);
                continue;
            }
        }
        if c == '&' {
            if let Some((decoded, len)) = entity(rest) {
                push(&mut stack, &decoded);
                rest = &rest[len..];
                continue;
            }
        }
        let mut buf = [0u8; 4];
        push(&mut stack, c.encode_utf8(&mut buf));
        rest = &rest[c.len_utf8()..];
    }
    while stack.len() > 1 {
        close_top(&mut stack);
    }
    tidy(&stack.pop().map(|o| o.text).unwrap_or_default())
}

/// Does `rest` (a tail of `text`) start a line?
fn line_start(text: &str, rest: &str) -> bool {
    let before = &text[..text.len() - rest.len()];
    before.trim_end_matches([' ', '\t']).is_empty() || before.trim_end_matches([' ', '\t']).ends_with('\n')
}

fn in_code(stack: &[Open]) -> bool {
    stack.iter().any(|o| matches!(o.frame, Frame::Code | Frame::Pre | Frame::Drop))
}

/// The Markdown code at the start of `rest`: a backtick span up to its closing run (or the run
/// alone when none closes it), or a fenced block up to its closing fence.
fn markdown_code(rest: &str, at_line_start: bool) -> &str {
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let fence_char = trimmed.chars().next().unwrap_or('`');
    let run = trimmed.len() - trimmed.trim_start_matches(fence_char).len();
    if at_line_start && run >= 3 {
        let fence = &trimmed[..run];
        let mut end = rest.len();
        let mut offset = rest.find('\n').map_or(rest.len(), |i| i + 1);
        while offset < rest.len() {
            let line_end = rest[offset..].find('\n').map_or(rest.len(), |i| offset + i + 1);
            if rest[offset..line_end].trim().starts_with(fence) {
                end = line_end;
                break;
            }
            offset = line_end;
        }
        return &rest[..end];
    }
    let run = rest.len() - rest.trim_start_matches('`').len();
    let ticks = &rest[..run];
    let mut search = run;
    while let Some(i) = rest[search..].find(ticks) {
        let start = search + i;
        let len = rest[start..].len() - rest[start..].trim_start_matches('`').len();
        if len == run {
            return &rest[..start + run];
        }
        search = start + len;
    }
    &rest[..run]
}

/// An HTML comment at the start of `rest`: its length.
fn comment(rest: &str) -> Option<usize> {
    let body = rest.strip_prefix("<!--")?;
    Some(4 + body.find("-->").map_or(body.len(), |i| i + 3))
}

/// An HTML tag of a known element.
struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
    alt: Option<String>,
    len: usize,
}

impl Tag {
    fn parse(rest: &str) -> Option<Tag> {
        let after = rest.strip_prefix('<')?;
        let (closing, after) = match after.strip_prefix('/') {
            Some(a) => (true, a),
            None => (false, after),
        };
        let name_len = after.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(after.len());
        let name = after[..name_len].to_ascii_lowercase();
        if !ELEMENTS.contains(&name.as_str()) {
            return None;
        }
        let mut attrs = &after[name_len..];
        if !attrs.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>') {
            return None;
        }
        let mut href = None;
        let mut alt = None;
        // Attributes up to the `>` that ends the tag (a quoted value may hold one).
        loop {
            attrs = attrs.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if let Some(done) = attrs.strip_prefix('>') {
                let len = rest.len() - done.len();
                return Some(Tag { name, closing, href, alt, len });
            }
            let key_len =
                attrs.find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/')).unwrap_or(attrs.len());
            if key_len == 0 {
                return None;
            }
            let key = attrs[..key_len].to_ascii_lowercase();
            attrs = attrs[key_len..].trim_start();
            let mut value = None;
            if let Some(v) = attrs.strip_prefix('=') {
                let v = v.trim_start();
                let (text, remaining) = match v.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let end = v[1..].find(q)?;
                        (&v[1..1 + end], &v[end + 2..])
                    }
                    _ => {
                        let end = v.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(v.len());
                        (&v[..end], &v[end..])
                    }
                };
                value = Some(decode_entities(text));
                attrs = remaining;
            }
            match key.as_str() {
                "href" => href = value,
                "alt" => alt = value,
                _ => {}
            }
        }
    }
}

fn apply(stack: &mut Vec<Open>, tag: Tag) {
    let name = tag.name.as_str();
    if tag.closing {
        // Close up to the matching open element; a stray closing tag is dropped.
        if let Some(i) = stack.iter().rposition(|o| o.name == name) {
            while stack.len() > i {
                close_top(stack);
            }
        }
        if BLOCKS.contains(&name) {
            paragraph(stack);
        }
        return;
    }
    // Inside code, dropped text or a code block, tags are dropped.
    if in_code(stack) {
        return;
    }
    match name {
        "br" => {
            if stack.iter().any(|o| o.name == "li") {
                push(stack, " ");
            } else {
                paragraph(stack);
            }
        }
        "hr" => paragraph(stack),
        "wbr" => {}
        "img" => {
            if let Some(alt) = tag.alt.filter(|a| !a.trim().is_empty()) {
                push(stack, &alt);
            }
        }
        "li" => {
            if let Some(i) = stack.iter().rposition(|o| o.name == "li") {
                // An item ends where the next begins.
                if !stack[i + 1..].iter().any(|o| matches!(o.frame, Frame::List { .. })) {
                    while stack.len() > i {
                        close_top(stack);
                    }
                }
            }
            let depth = stack.iter().filter(|o| matches!(o.frame, Frame::List { .. })).count();
            let marker = match stack.iter_mut().rev().find_map(|o| match &mut o.frame {
                Frame::List { ordered, next } => Some((*ordered, next)),
                _ => None,
            }) {
                Some((true, next)) => {
                    *next += 1;
                    format!("{}. ", *next)
                }
                _ => "- ".to_string(),
            };
            line_break(stack);
            let indent = "  ".repeat(depth.saturating_sub(1));
            push(stack, &format!("{indent}{marker}"));
            stack.push(Open::new("li", Frame::Plain));
            if let Some(top) = stack.last_mut() {
                top.fresh = true;
            }
        }
        "ul" | "ol" => {
            if stack.iter().any(|o| o.name == "li") {
                line_break(stack);
            } else {
                paragraph(stack);
            }
            stack.push(Open::new(name, Frame::List { ordered: name == "ol", next: 0 }));
        }
        _ => {
            let frame = match name {
                "b" | "strong" => Frame::Emphasis("**"),
                "i" | "em" | "cite" | "dfn" | "var" => Frame::Emphasis("*"),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt" => Frame::Emphasis("**"),
                "a" => Frame::Link(tag.href.filter(|h| !h.trim().is_empty() && safe::url_allowed(h))),
                "code" | "tt" | "kbd" | "samp" => Frame::Code,
                "pre" => Frame::Pre,
                "script" | "style" | "head" | "title" | "template" | "noscript" | "textarea" => Frame::Drop,
                _ => Frame::Plain,
            };
            if BLOCKS.contains(&name) || matches!(frame, Frame::Pre) {
                paragraph(stack);
            }
            stack.push(Open::new(name, frame));
        }
    }
}

/// Closes the innermost open element: its text, wrapped as its Markdown, goes to its parent.
fn close_top(stack: &mut Vec<Open>) {
    let Some(open) = stack.pop() else { return };
    let text = open.text;
    let wrapped = match open.frame {
        Frame::Plain | Frame::List { .. } => text,
        Frame::Drop => String::new(),
        Frame::Emphasis(mark) => {
            // Markers must touch the text they mark: spaces go outside.
            let inner = text.trim();
            if inner.is_empty() {
                text
            } else {
                let lead = &text[..text.len() - text.trim_start().len()];
                let trail = &text[text.trim_end().len()..];
                format!("{lead}{mark}{inner}{mark}{trail}")
            }
        }
        Frame::Link(Some(url)) => {
            let inner = text.trim();
            let label = if inner.is_empty() { url.as_str() } else { inner };
            format!("[{}]({})", label.replace('[', "\\[").replace(']', "\\]"), link_destination(&url))
        }
        Frame::Link(None) => text,
        Frame::Code => {
            if text.trim().is_empty() {
                text
            } else {
                safe::code_span(text.trim())
            }
        }
        Frame::Pre => {
            let code = text.trim_matches('\n');
            let fence = "`".repeat(safe::longest_backtick_run(code).max(2) + 1);
            format!("\n\n{fence}\n{code}\n{fence}\n\n")
        }
    };
    if matches!(open.name.as_str(), "ul" | "ol") {
        push(stack, &wrapped);
        if !stack.iter().any(|o| o.name == "li") {
            paragraph(stack);
        }
    } else {
        push(stack, &wrapped);
    }
}

/// A link destination Markdown reads back whole: spaces, parentheses and angle brackets encoded.
fn link_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn push(stack: &mut [Open], text: &str) {
    if let Some(top) = stack.last_mut() {
        let text = if top.fresh { text.trim_start() } else { text };
        if !text.is_empty() {
            top.fresh = false;
            top.text.push_str(text);
        }
    }
}

/// Ends the current line (a list item starts on its own).
fn line_break(stack: &mut [Open]) {
    if let Some(top) = stack.last_mut() {
        let kept = top.text.trim_end_matches([' ', '\t']).len();
        top.text.truncate(kept);
        if !top.text.is_empty() && !top.text.ends_with('\n') {
            top.text.push('\n');
        }
        top.fresh = true;
    }
}

/// Ends the current paragraph.
fn paragraph(stack: &mut [Open]) {
    if let Some(top) = stack.last_mut() {
        let kept = top.text.trim_end_matches([' ', '\t']).len();
        top.text.truncate(kept);
        if !top.text.is_empty() {
            while !top.text.ends_with("\n\n") {
                top.text.push('\n');
            }
        }
        top.fresh = true;
    }
}

/// No more than one blank line in a row (outside code blocks), none at the ends.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    let mut in_fence = false;
    for line in text.split('\n') {
        let fence = line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        if !in_fence && line.trim().is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push_str(line.trim_end_matches([' ', '\t']));
        out.push('\n');
        if fence {
            in_fence = !in_fence;
        }
    }
    out.trim().to_string()
}

/// Named entities HTML in API descriptions uses; others stay as written (Markdown reads them).
const ENTITIES: &[(&str, &str)] = &[
    ("nbsp", " "),
    ("quot", "\""),
    ("apos", "'"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("times", "×"),
    ("middot", "·"),
    ("bull", "•"),
    ("rarr", "→"),
    ("larr", "←"),
];

/// The entity at the start of `rest` decoded, and its length. `&lt;`, `&gt;` and `&amp;` stay
/// entities where their character would start markup (a tag, another entity): Markdown shows
/// them as the characters the author meant.
fn entity(rest: &str) -> Option<(String, usize)> {
    let end = rest[1..].find(';').filter(|&i| i > 0 && i <= 10)? + 1;
    let name = &rest[1..end];
    let len = end + 1;
    let after = &rest[len..];
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        let c = char::from_u32(code).filter(|c| *c != '\0')?;
        if matches!(c, '<' | '&' | '>') {
            return Some((markup_char(c, after), len));
        }
        c.to_string()
    } else {
        match name {
            "lt" => markup_char('<', after),
            "gt" => markup_char('>', after),
            "amp" => markup_char('&', after),
            _ => ENTITIES.iter().find(|(n, _)| *n == name)?.1.to_string(),
        }
    };
    Some((decoded, len))
}

/// `<`, `>` or `&` as text, or as its entity where the next characters would make it markup.
fn markup_char(c: char, after: &str) -> String {
    let starts_markup = match c {
        '<' => after.starts_with(|n: char| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
        '&' => after.starts_with(|n: char| n.is_ascii_alphanumeric() || n == '#'),
        _ => false,
    };
    match (c, starts_markup) {
        ('<', true) => "&lt;".into(),
        ('&', true) => "&amp;".into(),
        (c, _) => c.to_string(),
    }
}

/// Entities of an attribute value decoded (`&amp;` in a URL's query).
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '&' {
            if let Some((decoded, len)) = entity(rest) {
                let decoded = match decoded.as_str() {
                    "&lt;" => "<".to_string(),
                    "&amp;" => "&".to_string(),
                    _ => decoded,
                };
                out.push_str(&decoded);
                rest = &rest[len..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn tags_become_markdown() {
        for (html, markdown) in [
            ("Plain *Markdown* stays.", "Plain *Markdown* stays."),
            (
                "Search in <a href=\"https://lucene.apache.org/q.html\">Lucene</a> syntax.",
                "Search in [Lucene](https://lucene.apache.org/q.html) syntax.",
            ),
            ("Use <code>from</code> and <tt>take</tt>.", "Use `from` and `take`."),
            (
                "A <b>bold</b>, <strong> strong </strong>, <i>it</i> and <em>em</em>.",
                "A **bold**,  **strong** , *it* and *em*.",
            ),
            ("One<br />two<br>three", "One\n\ntwo\n\nthree"),
            ("<p>First.</p><p>Second.</p>", "First.\n\nSecond."),
            ("Queries:<ul><li>one</li><li><i>two</i></li></ul>Done.", "Queries:\n\n- one\n- *two*\n\nDone."),
            ("<ol><li>a<li>b</ol>", "1. a\n2. b"),
            ("<span class=x>kept</span> <font color=red>text</font>", "kept text"),
            ("Bad <a href=\"javascript:alert(1)\">link</a> text", "Bad link text"),
            ("<script>alert(1)</script>gone", "gone"),
            ("Tom &amp; Jerry &quot;quoted&quot; &#39;a&#39; &lt; 3 &nbsp;x", "Tom & Jerry \"quoted\" 'a' < 3  x"),
            ("Shown: &lt;b&gt; stays an entity", "Shown: &lt;b> stays an entity"),
            ("urn:auth0:<tenant>.<domain> and <error details>.", "urn:auth0:<tenant>.<domain> and <error details>."),
            (
                "Code `<b>` and <https://example.com> autolinks stay.",
                "Code `<b>` and <https://example.com> autolinks stay.",
            ),
            ("<code>a`b</code>", "``a`b``"),
            ("<pre>line 1\n<b>line</b> 2</pre>", "```\nline 1\nline 2\n```"),
            (
                "Link <a href='https://x.test/a (b)?q=1&amp;r=2'>here</a>",
                "Link [here](https://x.test/a%20%28b%29?q=1&r=2)",
            ),
            ("<!-- note -->Text", "Text"),
            ("Unclosed <b>bold", "Unclosed **bold**"),
        ] {
            assert_eq!(to_markdown(html), markdown, "{html:?}");
        }
    }

    #[test]
    fn fenced_code_is_copied() {
        let text = "Example:\n\n```html\n<a href=\"x\">y</a>\n```\n\nAfter <b>bold</b>.";
        assert_eq!(to_markdown(text), "Example:\n\n```html\n<a href=\"x\">y</a>\n```\n\nAfter **bold**.");
    }
}
