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

pub fn read(content: &str) -> PublishedPage {
    match detect(content) {
        PageFormat::Html => html(content),
        PageFormat::Markdown => markdown(content),
        PageFormat::Text => text(content),
    }
}

pub fn detect(content: &str) -> PageFormat {
    let head: String = content.chars().take(4096).collect::<String>().to_ascii_lowercase();
    if head.contains("<!doctype html") || head.contains("<html") || content.contains("<pre") {
        PageFormat::Html
    } else if content.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("```") || t.starts_with("~~~")
    }) {
        PageFormat::Markdown
    } else {
        PageFormat::Text
    }
}

/// The first line of a sample of any target, as apiglot and the reference pages write it.
pub fn starts_sample(line: &str) -> bool {
    let t = line.trim_start();
    [
        "curl ",
        "var client = new RestClient",
        "package main",
        "HttpResponse<",
        "var axios",
        "const axios",
        "#import <Foundation",
        "$curl = curl_init",
        "<?php",
        "import http.client",
        "require 'uri'",
        "require 'net/http'",
        "import Foundation",
    ]
    .iter()
    .any(|start| t.starts_with(start))
}

const SEPARATOR: &str = "Was this helpful?";

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
    let last = chunks.len() - 1;
    let mut ends_in_sample = false;
    for (index, (first, chunk)) in chunks.into_iter().enumerate() {
        // Skip the "/" line and blanks that open a chunk after a separator.
        let mut start = 0;
        while start < chunk.len() && (chunk[start].trim().is_empty() || (index > 0 && chunk[start].trim() == "/")) {
            start += 1;
        }
        let code_start = if index == 0 || index == last {
            (start..chunk.len()).find(|&i| starts_sample(chunk[i]))
        } else {
            Some(start)
        };
        let prose_end = code_start.unwrap_or(chunk.len());
        for (i, line) in chunk.iter().enumerate().take(prose_end).skip(start) {
            push_prose_line(&mut prose, line, first + i + 1);
        }
        if let Some(code_start) = code_start {
            let code = chunk[code_start..].join("\n");
            let code = code.trim_end();
            if !code.is_empty() {
                samples.push(PublishedSample {
                    info: None,
                    title: None,
                    code: format!("{code}\n"),
                    line: first + code_start + 1,
                });
                ends_in_sample = index == last;
            }
        }
    }
    PublishedPage { format: PageFormat::Text, lang: None, prose, samples, ends_in_sample }
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
        prose.push(ProseBlock { text: t.to_string(), line: line_number });
    }
}

fn markdown(content: &str) -> PublishedPage {
    let lines: Vec<&str> = content.lines().collect();
    let mut samples = Vec::new();
    let mut outside = String::new();
    let mut ends_in_sample = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        let t = line.trim_start();
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
        // Keep line numbers of the prose that follows.
        for _ in i..=j.min(lines.len().saturating_sub(1)) {
            outside.push('\n');
        }
        i = j + 1;
    }
    PublishedPage { format: PageFormat::Markdown, lang: None, prose: markdown_prose(&outside), samples, ends_in_sample }
}

/// Prose blocks of Markdown (code blocks and HTML or JSX tags left out).
pub fn markdown_prose(markdown: &str) -> Vec<ProseBlock> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut blocks = Vec::new();
    let mut current: Option<(String, usize)> = None;
    let mut in_code = false;
    let mut cells: Vec<String> = Vec::new();
    let line_of = |offset: usize| markdown[..offset.min(markdown.len())].matches('\n').count() + 1;
    for (event, range) in Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell) if current.is_none() => {
                current = Some((String::new(), line_of(range.start)));
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => cells.clear(),
            Event::End(TagEnd::TableCell) => {
                if let Some((text, _)) = current.take() {
                    cells.push(text.trim().to_string());
                }
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let text = cells.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    blocks.push(ProseBlock { text, line: line_of(range.start) });
                }
                cells.clear();
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                if let Some((text, line)) = current.take() {
                    let text = text.trim().to_string();
                    if !text.is_empty() {
                        blocks.push(ProseBlock { text, line });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) if !in_code => {
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

fn html(content: &str) -> PublishedPage {
    use scraper::{Html, Selector};
    let document = Html::parse_document(content);
    let select = |css: &str| Selector::parse(css).expect("a valid selector");
    let lang = document
        .select(&select("html"))
        .next()
        .and_then(|e| e.value().attr("lang"))
        .map(str::to_string)
        .filter(|l| !l.is_empty());

    let line_at = |offset: usize| content[..offset.min(content.len())].matches('\n').count() + 1;
    let pre_offsets: Vec<usize> = content.match_indices("<pre").map(|(i, _)| i).collect();
    let mut samples = Vec::new();
    for (index, pre) in document.select(&select("pre")).enumerate() {
        let code_element = pre.select(&select("code")).next();
        let classes: Vec<&str> =
            code_element.iter().flat_map(|c| c.value().classes()).chain(pre.value().classes()).collect();
        let info = classes
            .iter()
            .find_map(|c| c.strip_prefix("language-").or_else(|| c.strip_prefix("lang-")))
            .map(str::to_string)
            .or_else(|| pre.value().attr("data-lang").map(str::to_string));
        let code: String = code_element.map_or_else(|| pre.text().collect(), |c| c.text().collect());
        let line = pre_offsets.get(index).map_or(1, |&o| line_at(o) + 1);
        samples.push(PublishedSample { info, title: None, code: format!("{}\n", code.trim_end()), line });
    }

    let mut prose = Vec::new();
    for element in document.select(&select("h1, h2, h3, h4, h5, h6, p, li, tr")) {
        // Code is not prose, and neither is a site's navigation (menus, locale switchers).
        if element.ancestors().any(|a| a.value().as_element().is_some_and(|e| matches!(e.name(), "pre" | "nav"))) {
            continue;
        }
        let text = if element.value().name() == "tr" {
            element
                .select(&select("th, td"))
                .map(|cell| normalize_space(&cell.text().collect::<String>()))
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            normalize_space(&element.text().collect::<String>())
        };
        if text.is_empty() {
            continue;
        }
        let probe: String = text.chars().take(24).collect();
        let line = content.find(&probe).map_or(1, line_at);
        prose.push(ProseBlock { text, line });
    }
    // The HTML parser closes what a cut page leaves open, so a cut shows only as a broken sample.
    PublishedPage { format: PageFormat::Html, lang, prose, samples, ends_in_sample: false }
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
        assert_eq!(ja.prose[0], ProseBlock { text: "組織からメンバーを削除する".into(), line: 1 });
        assert!(ja.prose.iter().any(|b| b.text == "Mangement API"));
        assert!(
            ja.prose.iter().any(|b| b.text.starts_with("[Auth0 Dashboard]>[Organization]に移動")),
            "list markers go"
        );
        assert_eq!(ja.samples[0].line, 20);
        assert!(ja.prose.last().unwrap().text.starts_with("429 "));
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
    fn garbage_and_binary_never_panic() {
        for input in ["", "\u{0}\u{1}\u{fffd}", "```", "~~~~\n", "<pre", "Was this helpful?\n/\n", &"x".repeat(100_000)]
        {
            let _ = read(input);
        }
    }
}
