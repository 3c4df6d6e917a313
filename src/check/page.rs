//! Reads a published page into prose blocks and code samples, whatever its format: text
//! copied from a docs site (samples separated by "Was this helpful?" lines), Markdown and
//! MDX (fenced blocks, possibly indented inside components), or HTML (`<pre><code>`).
//!
//! Pure: takes the page's text, returns values.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageFormat {
    Text,
    Markdown,
    Html,
}

/// A code sample as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedSample {
    /// The fence's info string or the code element's language class, e.g. `bash`.
    pub info: Option<String>,
    /// A title after the info string (```` ```bash cURL ````).
    pub title: Option<String>,
    pub code: String,
    /// 1-based line of the sample's first line in the page.
    pub line: usize,
}

/// One heading, paragraph, list item or table row of prose, as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseBlock {
    pub text: String,
    pub line: usize,
    /// The text it sets off as bold or code (a Markdown or HTML page; plain text has none),
    /// which `apiglot adopt` writes back as such.
    pub marks: Vec<Mark>,
}

/// Text a block sets off inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Strong(String),
    Code(String),
}

#[derive(Debug, Clone)]
pub struct PublishedPage {
    pub format: PageFormat,
    /// `<html lang>`, when the page says.
    pub lang: Option<String>,
    pub prose: Vec<ProseBlock>,
    pub samples: Vec<PublishedSample>,
    /// The page ends inside its last sample: no separator or closing fence follows it.
    pub ends_in_sample: bool,
}

/// Why a page's bytes are no text to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// Neither UTF-8 nor UTF-16 with a byte order mark; `at` is the first bad byte.
    Encoding { at: usize },
    /// UTF-16 (by its BOM) with an odd length or an unpaired surrogate.
    Utf16,
    /// Decodes, but holds NUL characters, which no text page has.
    Binary { at: usize },
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotText::Encoding { at } => write!(f, "not UTF-8 (byte {at}) and no UTF-16 byte order mark"),
            NotText::Utf16 => write!(f, "UTF-16 by its byte order mark, but not valid UTF-16"),
            NotText::Binary { at } => write!(f, "binary data (a NUL at byte {at})"),
        }
    }
}

/// The text of a page's bytes: UTF-16 (little or big endian) when a byte order mark says so,
/// else UTF-8 (a UTF-8 BOM is skipped). Invalid UTF-8 is "not text", never text with
/// replacement characters that would then pass as a page without samples.
pub fn decode(bytes: &[u8]) -> Result<String, NotText> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest).map_err(|e| NotText::Encoding { at: 3 + e.valid_up_to() })?.to_string()
    } else if let Some((rest, little)) = bytes
        .strip_prefix(b"\xFF\xFE")
        .map(|r| (r, true))
        .or_else(|| bytes.strip_prefix(b"\xFE\xFF").map(|r| (r, false)))
    {
        if rest.len() % 2 != 0 {
            return Err(NotText::Utf16);
        }
        let units = rest.chunks_exact(2).map(|p| {
            if little {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| NotText::Utf16)?
    } else {
        std::str::from_utf8(bytes).map_err(|e| NotText::Encoding { at: e.valid_up_to() })?.to_string()
    };
    match text.find('\0') {
        Some(at) => Err(NotText::Binary { at }),
        None => Ok(text),
    }
}

/// Is `c` a character that changes how a terminal or an editor shows the text around it: a
/// control character (C0 but tab and newline, DEL, C1), a bidirectional control, or a line or
/// paragraph separator?
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `text` with every hidden control escaped as `\u{1b}`, so that text from a page can be
/// printed to a terminal or a log: no escape sequence runs, no bidi control reorders it.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

pub fn read(content: &str) -> PublishedPage {
    match detect(content) {
        PageFormat::Html => html(content),
        PageFormat::Markdown => markdown(content),
        PageFormat::Text => text(content),
    }
}

pub fn detect(content: &str) -> PageFormat {
    // A Markdown page may show an HTML document in a fence: HTML is a page that starts as one,
    // or holds HTML markers and no fence.
    let head: String = content.chars().take(4096).collect::<String>().to_ascii_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    let fenced = content.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("```") || t.starts_with("~~~")
    });
    if start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || (!fenced && (head.contains("<!doctype html") || head.contains("<html") || content.contains("<pre")))
    {
        PageFormat::Html
    } else if fenced {
        PageFormat::Markdown
    } else {
        PageFormat::Text
    }
}

/// How samples start, as apiglot and the reference pages write them: (start of the line, the
/// language and client it starts). Two starts of the same key are one sample (`<?php` then
/// `$curl = curl_init`); a start of another key begins the next sample.
const SAMPLE_STARTS: &[(&str, &str)] = &[
    ("curl ", "curl"),
    ("var client = new RestClient", "csharp"),
    ("package main", "go"),
    // java.net.http's sample holds an `HttpResponse<` line of its own: matched first.
    ("HttpResponse<String> response = client.send(", "java-httpclient"),
    ("HttpClient client = HttpClient.newHttpClient()", "java-httpclient"),
    ("String[][] fields = {", "java-httpclient"),
    ("String boundary = UUID.randomUUID()", "java-httpclient"),
    ("HttpResponse<", "java"),
    ("var axios", "node"),
    ("const axios", "node"),
    ("import { readFile } from 'node:fs/promises'", "node-fetch"),
    ("const form = new URLSearchParams([", "node-fetch"),
    ("const form = new FormData()", "node-fetch"),
    ("const response = await fetch(", "node-fetch"),
    ("#import <Foundation", "objc"),
    ("<?php", "php"),
    ("$curl = curl_init", "php"),
    ("import http.client", "python"),
    ("require 'uri'", "ruby"),
    ("require 'net/http'", "ruby"),
    ("import Foundation", "swift"),
    ("import requests", "python requests"),
    ("import httpx", "python httpx"),
    ("wget ", "wget"),
    ("http --ignore-stdin ", "httpie"),
    // HTTPie reads a file or a built multipart body from standard input: no --ignore-stdin.
    ("http POST ", "httpie"),
    ("http PUT ", "httpie"),
    ("http PATCH ", "httpie"),
    ("Invoke-RestMethod", "powershell"),
    ("Invoke-WebRequest", "powershell"),
];

/// The language and client whose sample `line` starts, if it starts one.
pub fn sample_start(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    SAMPLE_STARTS.iter().find(|(start, _)| t.starts_with(start)).map(|(_, key)| *key)
}

/// The first line of a sample of any target, as apiglot and the reference pages write it.
pub fn starts_sample(line: &str) -> bool {
    sample_start(line).is_some()
}

const SEPARATOR: &str = "Was this helpful?";

/// A line that is only `/`: what a docs site's tab bar leaves between samples in copied text.
/// No sample has such a line, so it ends the sample before it.
fn is_tab_bar(line: &str) -> bool {
    line.trim() == "/"
}

fn text(content: &str) -> PublishedPage {
    let lines: Vec<&str> = content.lines().collect();
    let mut prose = Vec::new();
    let mut samples = Vec::new();
    // Chunks between separator lines, as (first line index, lines).
    let mut chunks: Vec<(usize, Vec<&str>)> = vec![(0, Vec::new())];
    for (i, line) in lines.iter().enumerate() {
        if line.trim() == SEPARATOR {
            chunks.push((i + 1, Vec::new()));
        } else {
            chunks.last_mut().expect("one chunk at least").1.push(line);
        }
    }
    let separated = chunks.len() > 1;
    let last = chunks.len() - 1;
    let mut ends_in_sample = false;
    for (index, (first, chunk)) in chunks.into_iter().enumerate() {
        // Skip the "/" line and blanks that open a chunk after a separator.
        let mut start = 0;
        while start < chunk.len() && (chunk[start].trim().is_empty() || (index > 0 && is_tab_bar(chunk[start]))) {
            start += 1;
        }
        let code_start = if index == 0 || index == last {
            (start..chunk.len()).find(|&i| starts_sample(chunk[i]))
        } else {
            // A chunk of nothing but blank and tab-bar lines holds no sample.
            (start < chunk.len()).then_some(start)
        };
        let prose_end = code_start.unwrap_or(chunk.len());
        for (i, line) in chunk.iter().enumerate().take(prose_end).skip(start) {
            push_prose_line(&mut prose, line, first + i + 1);
        }
        let Some(code_start) = code_start else { continue };
        // Samples with no separator between them are split by content: where a line starts
        // a sample of another language or client, or after a tab-bar line.
        let mut segments: Vec<(usize, usize)> = Vec::new();
        let mut open: Option<(usize, Option<&str>)> = Some((code_start, sample_start(chunk[code_start])));
        for (i, line) in chunk.iter().enumerate().skip(code_start + 1) {
            let key = sample_start(line);
            match open {
                _ if is_tab_bar(line) => {
                    if let Some((from, _)) = open.take() {
                        segments.push((from, i));
                    }
                }
                None if key.is_some() => open = Some((i, key)),
                None => push_prose_line(&mut prose, line, first + i + 1),
                Some((from, Some(current))) if key.is_some_and(|k| k != current) => {
                    segments.push((from, i));
                    open = Some((i, key));
                }
                Some((from, None)) if key.is_some() => open = Some((from, key)),
                Some(_) => {}
            }
        }
        let runs_to_end = open.is_some();
        if let Some((from, _)) = open {
            segments.push((from, chunk.len()));
        }
        let count = segments.len();
        for (n, (from, mut to)) in segments.into_iter().enumerate() {
            while to > from && chunk[to - 1].trim().is_empty() {
                to -= 1;
            }
            let at_page_end = index == last && n + 1 == count && runs_to_end;
            if at_page_end && !separated {
                // The last sample of a page without separators runs into the prose after it.
                let end = code_end(&chunk[from..to]);
                for (i, line) in chunk.iter().enumerate().take(to).skip(from + end) {
                    push_prose_line(&mut prose, line, first + i + 1);
                }
                to = from + end;
                while to > from && chunk[to - 1].trim().is_empty() {
                    to -= 1;
                }
            }
            if to == from {
                continue;
            }
            let code = chunk[from..to].join("\n");
            samples.push(PublishedSample {
                info: None,
                title: None,
                code: format!("{code}\n"),
                line: first + from + 1,
            });
            ends_in_sample = at_page_end && chunk[to..].iter().all(|l| l.trim().is_empty());
        }
    }
    PublishedPage { format: PageFormat::Text, lang: None, prose, samples, ends_in_sample }
}

/// Where the code of a page's last sample ends when no separator follows it: before the
/// first paragraph (after its first) that reads as no code of the sample's language: alone it
/// has syntax errors, it is not indented, and its last line does not end as code does (`;`,
/// a bracket, a quote, `,`, `\\`, an operator), so a sample cut off mid-expression keeps its
/// cut paragraph and is reported broken.
fn code_end(lines: &[&str]) -> usize {
    let code = lines.join("\n");
    let target =
        super::identify::sniff(&code).or_else(|| super::identify::unrendered_client(&code).map(|c| c.security_as));
    let Some(target) = target else { return lines.len() };
    let broken = |lines: &[&str]| {
        let text = lines.join("\n") + "\n";
        crate::parse::analyze(target, &text).is_some_and(|a| a.issues.iter().any(crate::parse::is_syntax_error))
    };
    let mut start = match lines.iter().position(|l| l.trim().is_empty()) {
        Some(blank) => blank,
        None => return lines.len(),
    };
    while start < lines.len() {
        while start < lines.len() && lines[start].trim().is_empty() {
            start += 1;
        }
        let end = (start..lines.len()).find(|&i| lines[i].trim().is_empty()).unwrap_or(lines.len());
        let paragraph = &lines[start..end];
        let ends_as_code = paragraph.last().is_some_and(|l| {
            l.trim_end().ends_with([';', '{', '}', '(', ')', '[', ']', ',', '\\', '=', '+', '"', '\'', ':', '>'])
        });
        let indented = paragraph.iter().all(|l| l.starts_with([' ', '\t']));
        if !paragraph.is_empty() && !ends_as_code && !indented && broken(paragraph) {
            return start;
        }
        start = end;
    }
    lines.len()
}

/// A line of rendered text is a block; list markers are not part of the text.
fn push_prose_line(prose: &mut Vec<ProseBlock>, line: &str, line_number: usize) {
    let mut t = line.trim();
    if let Some(rest) = t.split_once(". ").filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
        t = rest.1;
    }
    for marker in ["- ", "* ", "• "] {
        t = t.strip_prefix(marker).unwrap_or(t);
    }
    if !t.is_empty() {
        prose.push(ProseBlock { text: t.to_string(), line: line_number, marks: Vec::new() });
    }
}

fn markdown(content: &str) -> PublishedPage {
    let lines: Vec<&str> = content.lines().collect();
    let mut samples = Vec::new();
    let mut outside = String::new();
    let mut ends_in_sample = false;
    // Front matter is no prose; its title is the page's title (Mintlify shows no other).
    let (mut i, title) = front_matter(&lines);
    outside.push_str(&"\n".repeat(i));
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        let t = line.trim_start();
        // MDX's `import` and `export` statements are code, not prose.
        if indent == 0 && is_esm(line) {
            outside.push('\n');
            i += 1;
            continue;
        }
        let fence_char = if t.starts_with("```") {
            Some('`')
        } else if t.starts_with("~~~") {
            Some('~')
        } else {
            None
        };
        let Some(fence_char) = fence_char else {
            outside.push_str(line);
            outside.push('\n');
            i += 1;
            continue;
        };
        let fence_len = t.chars().take_while(|c| *c == fence_char).count();
        let info_line = t[fence_len..].trim();
        let mut words = info_line.splitn(2, char::is_whitespace);
        let info = words.next().filter(|w| !w.is_empty()).map(|w| w.trim_matches(['{', '}']).to_string());
        let title = words.next().map(|w| w.trim().to_string()).filter(|w| !w.is_empty());
        let mut body = Vec::new();
        let mut j = i + 1;
        while j < lines.len() {
            let close = lines[j].trim();
            if close.chars().take_while(|c| *c == fence_char).count() >= fence_len
                && close.trim_matches(fence_char).is_empty()
            {
                break;
            }
            // Remove the fence's own indentation from each code line.
            let l = lines[j];
            let strip = l.len() - l.trim_start().len();
            body.push(&l[strip.min(indent)..]);
            j += 1;
        }
        ends_in_sample = j >= lines.len();
        let code = body.join("\n");
        samples.push(PublishedSample { info, title, code: format!("{}\n", code.trim_end()), line: i + 2 });
        drop_label(&mut outside);
        // Keep line numbers of the prose that follows.
        for _ in i..=j.min(lines.len().saturating_sub(1)) {
            outside.push('\n');
        }
        i = j + 1;
    }
    let mut prose = markdown_prose(&outside);
    if let Some((text, line)) = title {
        if prose.first().is_none_or(|b| normalize_space(&b.text) != normalize_space(&text)) {
            prose.insert(0, ProseBlock { text, line, marks: Vec::new() });
        }
    }
    PublishedPage { format: PageFormat::Markdown, lang: None, prose, samples, ends_in_sample }
}

/// The lines a page's YAML front matter (`---` to `---` at its start) takes, and its
/// `title` with its 1-based line.
fn front_matter(lines: &[&str]) -> (usize, Option<(String, usize)>) {
    if lines.first().is_none_or(|l| l.trim_end() != "---") {
        return (0, None);
    }
    let Some(end) = lines.iter().skip(1).take(200).position(|l| l.trim_end() == "---") else { return (0, None) };
    let title = lines[1..=end].iter().enumerate().find_map(|(n, l)| {
        let value = l.strip_prefix("title:")?.trim();
        let text = if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
            serde_json::from_str::<String>(value).unwrap_or_else(|_| value[1..value.len() - 1].to_string())
        } else if value.len() >= 2 && value.starts_with('\'') && value.ends_with('\'') {
            value[1..value.len() - 1].replace("''", "'")
        } else {
            value.to_string()
        };
        (!text.trim().is_empty()).then(|| (text.trim().to_string(), n + 2))
    });
    (end + 2, title)
}

/// An MDX `import` or `export` statement on one line.
fn is_esm(line: &str) -> bool {
    static ESM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"^(import\s.*\sfrom\s+['"][^'"]+['"]|import\s+['"][^'"]+['"]|export\s+(const|let|var|function|default)\s.*);?\s*$"#,
        )
        .expect("ESM pattern")
    });
    ESM.is_match(line)
}

/// Blanks the last line of `outside` (the text before a code block) when it is a paragraph of
/// bold text alone (`**Python (requests)**`): the block's label, not prose. Its line stays.
fn drop_label(outside: &mut String) {
    let body = outside.trim_end_matches('\n');
    let start = body.rfind('\n').map_or(0, |n| n + 1);
    let line = body[start..].trim();
    let before = body[..start].trim_end_matches('\n');
    let alone = before.is_empty() || body[before.len()..start].matches('\n').count() >= 2;
    let bold = |mark: &str| {
        line.len() > 2 * mark.len()
            && line.starts_with(mark)
            && line.ends_with(mark)
            && !line[mark.len()..line.len() - mark.len()].contains(mark)
    };
    if alone && (bold("**") || bold("__")) {
        let newlines = outside.len() - body.len();
        outside.truncate(start);
        outside.push_str(&"\n".repeat(newlines));
    }
}

/// Where a paragraph stands in being a code block's label: only strong text from start to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelState {
    None,
    /// A paragraph opened.
    Opened,
    /// Its strong text opened (and maybe closed).
    Strong,
    StrongEnded,
    /// The paragraph was only strong text: a label if a code block comes next.
    Ended,
}

impl LabelState {
    fn next(self, event: &pulldown_cmark::Event) -> LabelState {
        use pulldown_cmark::{Event, Tag, TagEnd};
        match (self, event) {
            (_, Event::Start(Tag::Paragraph)) => LabelState::Opened,
            (LabelState::Opened, Event::Start(Tag::Strong)) => LabelState::Strong,
            (LabelState::Strong, Event::End(TagEnd::Strong)) => LabelState::StrongEnded,
            (LabelState::Strong, _) => LabelState::Strong,
            (LabelState::StrongEnded, Event::End(TagEnd::Paragraph)) => LabelState::Ended,
            _ => LabelState::None,
        }
    }
}

/// Prose blocks of Markdown (code blocks and HTML or JSX tags left out).
pub fn markdown_prose(markdown: &str) -> Vec<ProseBlock> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut blocks = Vec::new();
    let mut current: Option<(String, usize)> = None;
    let mut in_code = false;
    let mut cells: Vec<String> = Vec::new();
    let lines = LineIndex::new(markdown);
    let line_of = |offset: usize| lines.line(offset);
    // A paragraph that is only bold text, right before a code block, is the block's label
    // ("**Python (requests)**", as plain Markdown pages label samples): no prose.
    let mut label = LabelState::None;
    let mut marks: Vec<Mark> = Vec::new();
    let mut strong_start: Option<usize> = None;
    for (event, range) in Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter() {
        if matches!(event, Event::Start(Tag::CodeBlock(_))) && label == LabelState::Ended {
            blocks.pop();
        }
        label = label.next(&event);
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell) if current.is_none() => {
                current = Some((String::new(), line_of(range.start)));
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                cells.clear();
                marks.clear();
            }
            Event::Start(Tag::Strong) => strong_start = current.as_ref().map(|(text, _)| text.len()),
            Event::End(TagEnd::Strong) => {
                if let (Some(start), Some((text, _))) = (strong_start.take(), current.as_ref()) {
                    let inner = text.get(start..).unwrap_or_default().trim();
                    if !inner.is_empty() {
                        marks.push(Mark::Strong(inner.to_string()));
                    }
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some((text, _)) = current.take() {
                    cells.push(text.trim().to_string());
                }
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let text = cells.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    blocks.push(ProseBlock { text, line: line_of(range.start), marks: std::mem::take(&mut marks) });
                }
                cells.clear();
                marks.clear();
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                if let Some((text, line)) = current.take() {
                    let text = text.trim().to_string();
                    if !text.is_empty() {
                        blocks.push(ProseBlock { text, line, marks: std::mem::take(&mut marks) });
                    }
                    marks.clear();
                }
            }
            Event::Code(t) if !in_code => {
                if let Some((text, _)) = current.as_mut() {
                    text.push_str(&t);
                    if !t.trim().is_empty() {
                        marks.push(Mark::Code(t.to_string()));
                    }
                }
            }
            Event::Text(t) if !in_code => {
                if let Some((text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((text, _)) = current.as_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    blocks
}

/// 1-based line numbers of byte offsets, by binary search over the newline offsets: one pass
/// over the text, then each look-up is logarithmic (counting newlines from the start for
/// every block made reading quadratic in the number of blocks).
struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex { newlines: text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect() }
    }

    fn line(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&n| n < offset) + 1
    }
}

/// Elements whose place in the page (a line number) a finding may name.
const LOCATED: [&str; 10] = ["pre", "h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr"];

/// Byte offsets of the start tags of the `LOCATED` elements, by name, in one pass; comments are
/// skipped. The n-th element of a name in the parsed tree is taken to start at its n-th tag.
fn start_tags(content: &str) -> std::collections::HashMap<&'static str, Vec<usize>> {
    let mut tags: std::collections::HashMap<&'static str, Vec<usize>> = Default::default();
    let bytes = content.as_bytes();
    let mut at = 0;
    while let Some(found) = memchr_lt(&bytes[at..]) {
        let start = at + found;
        at = start + 1;
        if bytes[at..].starts_with(b"!--") {
            at = content[at..].find("-->").map_or(bytes.len(), |end| at + end + 3);
            continue;
        }
        let name_len = bytes[at..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 || name_len > 3 {
            continue;
        }
        let name = content[at..at + name_len].to_ascii_lowercase();
        if let Some(known) = LOCATED.iter().find(|n| **n == name) {
            tags.entry(known).or_default().push(start);
        }
    }
    tags
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == b'<')
}

/// Reads HTML in time linear in its size: one walk of the parsed tree, in which each element
/// is visited once and the text of each outermost `<pre>` and prose block is collected once
/// (a block inside another one is part of it, as in Markdown).
fn html(content: &str) -> PublishedPage {
    use scraper::{ElementRef, Html};
    let content = &*flatten_deep_nesting(content);
    let document = Html::parse_document(content);
    let lines = LineIndex::new(content);
    let tags = start_tags(content);
    let mut counters: std::collections::HashMap<&str, usize> = Default::default();
    let mut lang = None;
    let mut samples = Vec::new();
    let mut prose = Vec::new();

    // (node, inside a <pre>, inside a <nav>, inside a prose block already taken)
    let mut stack = vec![(document.tree.root(), false, false, false)];
    while let Some((node, mut in_pre, mut in_nav, mut in_block)) = stack.pop() {
        if let Some(element) = ElementRef::wrap(node) {
            let name = element.value().name();
            let offset = LOCATED.iter().find(|n| **n == name).and_then(|n| {
                let counter = counters.entry(n).or_default();
                *counter += 1;
                tags.get(n).and_then(|offsets| offsets.get(*counter - 1)).copied()
            });
            match name {
                "html" if lang.is_none() => {
                    lang = element.value().attr("lang").filter(|l| !l.is_empty()).map(str::to_string);
                }
                "pre" if !in_pre => {
                    samples.push(pre_sample(element, offset.map_or(1, |o| lines.line(o) + 1)));
                    in_pre = true;
                }
                "nav" => in_nav = true,
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "li" | "tr" if !in_pre && !in_nav && !in_block => {
                    in_block = true;
                    let text = if name == "tr" {
                        row_text(element)
                    } else {
                        collapse_space(&element.text().collect::<String>())
                    };
                    if !text.is_empty() {
                        let marks = html_marks(element);
                        prose.push(ProseBlock { text, line: offset.map_or(1, |o| lines.line(o)), marks });
                    }
                }
                _ => {}
            }
        }
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev().map(|node| (node, in_pre, in_nav, in_block)));
    }
    // The HTML parser closes what a cut page leaves open, so a cut shows only as a broken sample.
    PublishedPage { format: PageFormat::Html, lang, prose, samples, ends_in_sample: false }
}

/// The bold (`<strong>`, `<b>`) and code (`<code>`) text of a prose block.
fn html_marks(block: scraper::ElementRef) -> Vec<Mark> {
    block
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .filter_map(|e| {
            let text = || normalize_space(&e.text().collect::<String>());
            match e.value().name() {
                "strong" | "b" => Some(Mark::Strong(text())),
                "code" => Some(Mark::Code(text())),
                _ => None,
            }
        })
        .filter(|m| !matches!(m, Mark::Strong(t) | Mark::Code(t) if t.is_empty()))
        .collect()
}

/// How deep elements may nest before their start tags are dropped. The HTML parser looks
/// through the open elements for many tags, so a page of 100,000 nested `<li>` took time
/// quadratic in its size; no docs page nests this deep.
const MAX_NESTING: usize = 256;

/// The HTML parser's formatting elements.
const FORMATTING: [&str; 14] =
    ["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];

/// Elements that have no end tag.
const VOID: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// `content` with the start tags that would nest deeper than `MAX_NESTING`, or open more than
/// `MAX_NESTING` formatting elements never closed, blanked out (spaces
/// of the same length, so offsets and lines stay), found in one pass that keeps a stack of
/// open element names; comments and raw text (`<script>`, `<style>`, ...) are skipped.
fn flatten_deep_nesting(content: &str) -> std::borrow::Cow<'_, str> {
    let bytes = content.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut blanked: Vec<(usize, usize)> = Vec::new();
    // Formatting elements not closed by their own end tag: the parser keeps them in its list
    // of active formatting elements and reopens them before each text, however they nest.
    let mut formatting: std::collections::HashMap<&str, usize> = Default::default();
    let mut pending_formatting = 0usize;
    let mut at = 0;
    while let Some(found) = memchr_lt(&bytes[at..]) {
        let start = at + found;
        at = start + 1;
        if bytes[at..].starts_with(b"!--") {
            at = content[at..].find("-->").map_or(bytes.len(), |end| at + end + 3);
            continue;
        }
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = if closing { at + 1 } else { at };
        let name_len = bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = content[name_start..name_start + name_len].to_ascii_lowercase();
        let end = content[name_start..].find('>').map_or(bytes.len(), |e| name_start + e + 1);
        at = end;
        if closing {
            if let Some(index) = open.iter().rposition(|n| *n == name) {
                open.truncate(index);
            }
            if let Some(count) = formatting.get_mut(name.as_str()).filter(|c| **c > 0) {
                *count -= 1;
                pending_formatting -= 1;
            }
            continue;
        }
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title" | "xmp" | "plaintext") {
            // Raw text runs to the first `</name`, in any case.
            let mut search = at;
            at = loop {
                match content[search..].find("</") {
                    Some(i) => {
                        let after = search + i + 2;
                        if bytes.len() >= after + name.len()
                            && bytes[after..after + name.len()].eq_ignore_ascii_case(name.as_bytes())
                        {
                            break search + i;
                        }
                        search = after;
                    }
                    None => break bytes.len(),
                }
            };
            continue;
        }
        if VOID.contains(&name.as_str()) || content[start..end].ends_with("/>") {
            continue;
        }
        let is_formatting = FORMATTING.contains(&name.as_str());
        // A sample deep in a page is still read: `<pre>` and `<code>` get a little more room.
        let limit = if matches!(name.as_str(), "pre" | "code") { MAX_NESTING + 16 } else { MAX_NESTING };
        if open.len() >= limit || (is_formatting && pending_formatting >= limit) {
            blanked.push((start, end));
        } else {
            if let Some(known) = FORMATTING.iter().find(|f| **f == name) {
                *formatting.entry(known).or_default() += 1;
                pending_formatting += 1;
            }
            open.push(name);
        }
    }
    if blanked.is_empty() {
        return std::borrow::Cow::Borrowed(content);
    }
    let mut out = String::with_capacity(content.len());
    let mut from = 0;
    for (start, end) in blanked {
        out.push_str(&content[from..start]);
        out.extend(content[start..end].bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
        from = end;
    }
    out.push_str(&content[from..]);
    std::borrow::Cow::Owned(out)
}

/// The sample of a `<pre>`: the text of its first `<code>` (or its own), the language from a
/// `language-*` or `lang-*` class or `data-lang`.
fn pre_sample(pre: scraper::ElementRef, line: usize) -> PublishedSample {
    let code_element = pre.descendants().filter_map(scraper::ElementRef::wrap).find(|e| e.value().name() == "code");
    let classes: Vec<&str> =
        code_element.iter().flat_map(|c| c.value().classes()).chain(pre.value().classes()).collect();
    let info = classes
        .iter()
        .find_map(|c| c.strip_prefix("language-").or_else(|| c.strip_prefix("lang-")))
        .map(str::to_string)
        .or_else(|| pre.value().attr("data-lang").map(str::to_string));
    let code: String = code_element.map_or_else(|| pre.text().collect(), |c| c.text().collect());
    PublishedSample { info, title: None, code: format!("{}\n", code.trim_end()), line }
}

/// A table row's text: its outermost cells, each with white space collapsed, joined by spaces.
fn row_text(row: scraper::ElementRef) -> String {
    let mut cells = Vec::new();
    let mut stack: Vec<_> = row.children().collect();
    stack.reverse();
    while let Some(node) = stack.pop() {
        match scraper::ElementRef::wrap(node) {
            Some(cell) if matches!(cell.value().name(), "th" | "td") => {
                let text = collapse_space(&cell.text().collect::<String>());
                if !text.is_empty() {
                    cells.push(text);
                }
            }
            _ => stack.extend(node.children().collect::<Vec<_>>().into_iter().rev()),
        }
    }
    cells.join(" ")
}

/// Runs of white space as one space, or as the no-break space a run holds; ends trimmed. An
/// HTML block keeps its no-break spaces as a Markdown one does (French puts one before `:`);
/// comparisons read them as spaces.
pub fn collapse_space(text: &str) -> String {
    let fixed = |c: char| c == '\u{a0}' || c == '\u{202f}';
    let mut out = String::with_capacity(text.len());
    let mut run: Option<char> = None;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            run = match run {
                Some(r) if fixed(r) => Some(r),
                _ => Some(if fixed(c) { c } else { ' ' }),
            };
            continue;
        }
        if let Some(r) = run.take() {
            out.push(r);
        }
        out.push(c);
    }
    out
}

/// Collapses runs of white space (no-break spaces included) into one space.
pub fn normalize_space(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(name: &str) -> String {
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/published").join(name))
            .unwrap()
    }

    /// A chunk between two separators that holds only a tab bar and blank lines has no sample
    /// (it once made the reader index past the chunk's end).
    #[test]
    fn a_chunk_of_only_a_tab_bar_holds_no_sample() {
        let page = text("Intro.\n\nWas this helpful?\n/\n\nWas this helpful?\n/\n\nWas this helpful?\nEnd.\n");
        assert!(page.samples.is_empty());
        let texts: Vec<&str> = page.prose.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Intro.", "End."]);
    }

    #[test]
    fn front_matter_and_mdx_statements_are_no_prose() {
        let md = "---\ntitle: \"Affecter des membres\"\nsidebar: x\n---\nimport Tabs from '@theme/Tabs';\n\nIntro.\n\nimport the file first.\n\n```sh\ncurl x\n```\n";
        let page = read(md);
        let texts: Vec<(&str, usize)> = page.prose.iter().map(|b| (b.text.as_str(), b.line)).collect();
        assert_eq!(texts, [("Affecter des membres", 2), ("Intro.", 7), ("import the file first.", 9)]);
        let shown = read("---\ntitle: T\n---\n\n# T\n\nBody.\n\n```sh\ncurl x\n```\n");
        let texts: Vec<&str> = shown.prose.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["T", "Body."], "a title the page also shows is read once");
    }

    #[test]
    fn the_published_pages_have_ten_samples_and_their_prose() {
        for name in ["ja-remove-members.txt", "fr-assign-members.txt"] {
            let page = read(&published(name));
            assert_eq!(page.format, PageFormat::Text);
            assert_eq!(page.samples.len(), 10, "{name}");
            assert!(page.samples[0].code.starts_with("curl --request"), "{name}");
            assert!(page.samples[9].code.starts_with("import Foundation"), "{name}");
            assert!(page.samples[9].code.ends_with("dataTask.resume()\n"), "{name}");
            assert!(page.prose.len() > 15, "{name}");
        }
        let ja = read(&published("ja-remove-members.txt"));
        assert_eq!(ja.prose[0], ProseBlock { text: "組織からメンバーを削除する".into(), line: 1, marks: vec![] });
        assert!(ja.prose.iter().any(|b| b.text == "Mangement API"));
        assert!(
            ja.prose.iter().any(|b| b.text.starts_with("[Auth0 Dashboard]>[Organization]に移動")),
            "list markers go"
        );
        assert_eq!(ja.samples[0].line, 20);
        assert!(ja.prose.last().unwrap().text.starts_with("429 "));
    }

    /// A crawled page loses its "Was this helpful?" lines, and maybe its "/" lines too: the
    /// samples are still the ten of the page, each whole, and the prose after the last stays prose.
    #[test]
    fn samples_without_separators_are_split_by_content() {
        for name in ["ja-remove-members.txt", "fr-assign-members.txt"] {
            let full = published(name);
            let want: Vec<String> = read(&full).samples.into_iter().map(|s| s.code).collect();
            let no_separators: String =
                full.lines().filter(|l| l.trim() != SEPARATOR).map(|l| format!("{l}\n")).collect();
            let neither: String = no_separators.lines().filter(|l| l.trim() != "/").map(|l| format!("{l}\n")).collect();
            for (variant, text) in [("no separators", &no_separators), ("no separators nor /", &neither)] {
                let page = read(text);
                let got: Vec<String> = page.samples.iter().map(|s| s.code.clone()).collect();
                assert_eq!(got, want, "{name}, {variant}");
                assert!(!page.ends_in_sample, "{name}, {variant}");
                assert!(page.prose.last().unwrap().text.starts_with("429 "), "{name}, {variant}");
            }
        }
        // The C# sample runs straight into the curl one, not even a blank line between.
        let csharp =
            "var client = new RestClient(\"https://x/y\");\nIRestResponse response = client.Execute(request);\n";
        let page = read(&format!("Intro\n\n{csharp}curl --request GET \\\n  --url https://x/y\n"));
        let got: Vec<&str> = page.samples.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(got, vec![csharp, "curl --request GET \\\n  --url https://x/y\n"]);
        assert_eq!(page.samples[1].line, 5);
        // Two starts of the same sample are one sample.
        let php = "<?php\n\n$curl = curl_init();\ncurl_exec($curl);\n";
        assert_eq!(read(&format!("Intro\n\n{php}")).samples.len(), 1);
    }

    #[test]
    fn a_page_cut_mid_sample_keeps_the_cut_sample() {
        let full = published("fr-assign-members.txt");
        let cut = &full[..full.find("conn.request(").unwrap()];
        let page = read(cut);
        assert_eq!(page.samples.len(), 8);
        assert!(page.samples[7].code.starts_with("import http.client"));
        assert!(page.ends_in_sample);
        assert!(!read(&full).ends_in_sample);
    }

    #[test]
    fn a_bold_line_before_a_code_block_is_its_label_not_prose() {
        let blocks = markdown_prose(
            "Intro.\n\n**Python (requests)**\n\n```python\nx\n```\n\n**Bold** and more.\n\n**Only bold**\n\nNext.\n",
        );
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Intro.", "Bold and more.", "Only bold", "Next."]);
    }

    #[test]
    fn a_published_label_before_a_sample_is_not_prose() {
        let page = read("Intro.\n\n**Python (requests)**\n\n```python\nimport requests\n```\n\nEnd **bold**.\n");
        let texts: Vec<&str> = page.prose.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Intro.", "End bold."]);
        assert_eq!(page.prose[1].line, 9);
    }

    #[test]
    fn markdown_fences_with_titles_and_indentation() {
        let md = "# Title\n\nSome *prose*.\n\n<CodeGroup>\n    ```bash cURL\n    curl --request GET \\\n      --url https://x/y\n    ```\n    ```sh Auth0 CLI\n    auth0 orgs members list\n    ```\n</CodeGroup>\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n";
        let page = read(md);
        assert_eq!(page.format, PageFormat::Markdown);
        assert_eq!(page.samples.len(), 2);
        assert_eq!(page.samples[0].info.as_deref(), Some("bash"));
        assert_eq!(page.samples[0].title.as_deref(), Some("cURL"));
        assert_eq!(page.samples[0].code, "curl --request GET \\\n  --url https://x/y\n");
        assert_eq!(page.samples[0].line, 7);
        let texts: Vec<&str> = page.prose.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Title", "Some prose.", "A B", "1 2"]);
    }

    #[test]
    fn html_code_classes_lang_and_table_rows() {
        let html = "<!DOCTYPE html>\n<html lang=\"ja\"><body>\n<h1>見出し</h1>\n<p>本文&amp;</p>\n<pre><code class=\"language-python\">print(&quot;x&quot;)\n</code></pre>\n<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table></body></html>";
        let page = read(html);
        assert_eq!(page.format, PageFormat::Html);
        assert_eq!(page.lang.as_deref(), Some("ja"));
        assert_eq!(page.samples[0].info.as_deref(), Some("python"));
        assert_eq!(page.samples[0].code, "print(\"x\")\n");
        let texts: Vec<&str> = page.prose.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["見出し", "本文&", "A B", "1 2"]);
    }

    #[test]
    fn many_html_blocks_each_keep_their_code_and_line() {
        let n = 5000;
        let blocks: String = (0..n)
            .map(|i| format!("<p>step {i}</p>\n<pre><code class=\"language-bash\">echo {i}\n</code></pre>\n"))
            .collect();
        let page = read(&format!("<html><body>\n{blocks}</body></html>"));
        assert_eq!(page.samples.len(), n);
        assert_eq!(page.prose.len(), n);
        for i in 0..n {
            assert_eq!(page.samples[i].code, format!("echo {i}\n"));
            assert_eq!(page.samples[i].info.as_deref(), Some("bash"));
            assert_eq!(page.samples[i].line, 4 + 3 * i, "the line after the <pre> line");
            assert_eq!(page.prose[i], ProseBlock { text: format!("step {i}"), line: 2 + 3 * i, marks: vec![] });
        }
    }

    #[test]
    fn many_markdown_fences_each_keep_their_code_and_line() {
        let n = 5000;
        let md: String = (0..n).map(|i| format!("Step {i}.\n\n```bash\necho {i}\n```\n\n")).collect();
        let page = read(&md);
        assert_eq!((page.samples.len(), page.prose.len()), (n, n));
        assert_eq!(page.samples[n - 1].line, 6 * (n - 1) + 4);
        assert_eq!(
            page.prose[n - 1],
            ProseBlock { text: format!("Step {}.", n - 1), line: 6 * (n - 1) + 1, marks: vec![] }
        );
    }

    #[test]
    fn a_block_inside_a_block_is_part_of_it_as_in_markdown() {
        let page =
            read("<html><body><ul><li>outer <ul><li>inner</li></ul></li></ul><pre>a<pre>b</pre></pre></body></html>");
        let texts: Vec<&str> = page.prose.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["outer inner"]);
        assert_eq!(page.samples.len(), 1);
    }

    #[test]
    fn nesting_past_the_limit_is_flattened_and_the_page_still_read() {
        let deep = format!(
            "<html><body>{}<pre><code class=\"language-bash\">curl x</code></pre>",
            "<ul><li>item ".repeat(10_000)
        );
        let flattened = flatten_deep_nesting(&deep);
        assert_eq!(flattened.len(), deep.len(), "offsets stay");
        let page = read(&deep);
        assert_eq!(page.samples.len(), 1);
        assert_eq!(page.samples[0].code, "curl x\n");
        assert_eq!(page.prose.len(), 1, "one outermost list item");
        let formatting: String = (0..10_000).map(|i| format!("<div><b id={i}></div>x")).collect();
        assert!(matches!(flatten_deep_nesting(&formatting), std::borrow::Cow::Owned(_)));
        let shallow = "<p><b>a</b><script>if (a<b) {}</script></p>";
        assert!(matches!(flatten_deep_nesting(shallow), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn pages_decode_by_their_byte_order_mark() {
        assert_eq!(decode(b"\xEF\xBB\xBFcurl").unwrap(), "curl");
        assert_eq!(decode(&[0xFF, 0xFE, b'h', 0, 0xE9, 0]).unwrap(), "hé");
        assert_eq!(decode(&[0xFE, 0xFF, 0, b'h', 0, 0xE9]).unwrap(), "hé");
        assert_eq!(decode(&[0xFF, 0xFE, 0x00, 0xD8]), Err(NotText::Utf16), "an unpaired surrogate");
        assert_eq!(decode(b"caf\xE9"), Err(NotText::Encoding { at: 3 }));
        assert_eq!(decode(b"a\0b"), Err(NotText::Binary { at: 1 }));
        assert_eq!(decode(b"").unwrap(), "");
    }

    #[test]
    fn hidden_controls_are_made_visible_and_the_rest_kept() {
        assert_eq!(visible("a\x1b[2Jb\u{202e}c\td\ne\u{9b}"), "a\\u{1b}[2Jb\\u{202e}c\td\ne\\u{9b}");
        assert!(matches!(visible("plain été 😀"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn garbage_and_binary_never_panic() {
        for input in ["", "\u{0}\u{1}\u{fffd}", "```", "~~~~\n", "<pre", "Was this helpful?\n/\n", &"x".repeat(100_000)]
        {
            let _ = read(input);
        }
    }
}
