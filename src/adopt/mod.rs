//! `apiglot adopt`: writes the prose of pages a team already translated and published into a
//! locale's messages, so it need not be typed again.
//!
//! Each page is matched to its endpoint and locale as `check` matches it; the guide is
//! rendered for that locale with every message's text marked (see
//! [`crate::model::build_traced`]); the page's blocks are placed on the rendering's (see
//! [`place`]), and the text each message gets is written as its Fluent value (see [`value`]).
//! A message the locale already has with another text is kept unless forced. Every file is
//! written, or none.

mod place;
mod value;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::check::page;
use crate::check::{self, Checker, Overrides};
use crate::error::{Error, Result};
use crate::load::{self, Project};
use crate::locale::{self, Catalog};
use crate::model::{self, GuidePage, Traced};
use crate::templates::Engine;
use crate::{fsutil, import, render};

/// What the command line asks for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The locale to write into; detected per page as `check` does when not given.
    pub locale: Option<String>,
    /// The endpoint every page documents; matched per page as `check` does when not given.
    pub endpoint: Option<String>,
    /// Replace messages the locale already has with another text.
    pub force: bool,
    /// Write nothing; say what would be written.
    pub dry_run: bool,
}

/// What adopting did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub dry_run: bool,
    pub pages: Vec<PageReport>,
    pub files: Vec<FileChange>,
}

/// One page: what it gave to which message.
#[derive(Debug, Clone, Serialize)]
pub struct PageReport {
    pub source: String,
    pub endpoint: String,
    pub locale: String,
    /// Messages written from this page (new, or replaced with --force).
    pub adopted: Vec<String>,
    /// Messages the locale already has with the page's text.
    pub unchanged: Vec<String>,
    /// Messages the locale already has with another text, left as they are (no --force).
    pub kept: Vec<String>,
    /// Page blocks that fit no block of the rendering.
    pub unplaced: Vec<Unplaced>,
    /// Messages of the rendered page the page gave no text for.
    pub not_provided: Vec<String>,
    /// Messages the page gave text for that could not be written, and why.
    pub not_adopted: Vec<NotAdopted>,
    /// What else a writer should know (a variable's value left as text, a second text).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unplaced {
    /// 1-based line in the page.
    pub line: usize,
    /// The block's text, shortened.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotAdopted {
    pub id: String,
    pub why: String,
}

/// A file written (or, in a dry run, that would be).
#[derive(Debug, Clone, Serialize)]
pub struct FileChange {
    pub path: PathBuf,
    /// Messages added, and replaced, in it.
    pub added: Vec<String>,
    pub replaced: Vec<String>,
    /// The entries written, as Fluent (empty for translated-from.toml).
    pub entries: Vec<String>,
}

/// What a message of a locale is to become.
struct Change {
    locale: String,
    id: String,
    value: String,
    /// The file it goes to; `replace` when it is already there.
    file: PathBuf,
    replace: bool,
}

/// Reads `pages` (files, folders, URLs, as `check` does) and adopts them into the project at
/// `root`.
pub fn adopt_pages(root: &Path, pages: &[String], limit: u64, options: &Options) -> Result<Report> {
    let inputs = load::pages(pages, limit).map_err(|e| match e {
        Error::Io { path, source } => Error::project(
            path,
            format!("the page could not be read: {source}"),
            "name a page file, a folder of pages (.txt .md .mdx .html), an http(s) URL, or - for stdin",
        ),
        other => other,
    })?;
    let inputs: Vec<(String, Vec<u8>)> = inputs.into_iter().map(|p| (p.source, p.bytes)).collect();
    adopt(root, &inputs, options)
}

/// Adopts pages (their source and bytes) into the project at `root`.
pub fn adopt(root: &Path, pages: &[(String, Vec<u8>)], options: &Options) -> Result<Report> {
    let project = load::project(root)?;
    let config_file = root.join(load::CONFIG_FILE);
    let default_locale = project.config.default_locale.clone();
    if let Some(l) = &options.locale {
        if !project.config.locales.contains(l) {
            return Err(Error::project(
                &config_file,
                format!("locale `{l}` is not configured"),
                format!(
                    "add it to `locales` in apiglot.toml (and create locales/{l}/), or use one of: {}",
                    project.config.locales.join(", ")
                ),
            ));
        }
    }
    if let Some(id) = &options.endpoint {
        if !project.endpoints.iter().any(|f| f.endpoint.id == *id) {
            return Err(Error::project(
                root.join("endpoints"),
                format!("no endpoint has the id `{id}`"),
                format!("use one of: {}", endpoint_ids(&project)),
            ));
        }
    }
    let checker = Checker::new(&project)?;
    let catalog = Catalog::build(&project.config, project.locales.clone())?;
    let engine = Engine::new(&project.templates)?;
    let english = messages(&project, &default_locale);
    let mut traced: HashMap<String, (Vec<GuidePage>, Vec<Traced>)> = HashMap::new();
    let overrides = Overrides { endpoint: options.endpoint.clone(), locale: options.locale.clone() };

    let mut reports = Vec::new();
    let mut changes: Vec<Change> = Vec::new();
    for (source, bytes) in pages {
        let text = page::decode(bytes).map_err(|why| {
            Error::project(source, format!("the page is not text: {why}"), "save the page as UTF-8 text")
        })?;
        let (endpoint, locale, guide) = match_page(&checker, &project, source, &text, &overrides)?;
        if !traced.contains_key(&locale) {
            traced.insert(locale.clone(), model::build_traced(&project, &catalog, &locale)?);
        }
        let (guide_pages, entries) = &traced[&locale];
        let guide_page = guide_pages.iter().find(|p| p.guide == guide).ok_or_else(|| {
            Error::project(source, format!("the page's guide `{guide}` has no page in {locale}"), "report this")
        })?;
        let samples = guide_page.api.endpoints.iter().map(|e| (e.id.clone(), Vec::new())).collect();
        let markdown = render::markdown_page(&engine, guide_page, &samples)?;
        let rendered = place::rendered_blocks(&page::markdown_prose(&markdown));
        let read = page::read(&text);
        // A page that shows markup says where its bold and code are; plain text lost them.
        let shows_markup = read.format != page::PageFormat::Text;
        let published = read.prose;
        let placed = place::place(&rendered, &published);

        let own = messages(&project, &locale);
        let mut report = PageReport {
            source: source.clone(),
            endpoint: endpoint.clone(),
            locale: locale.clone(),
            adopted: Vec::new(),
            unchanged: Vec::new(),
            kept: Vec::new(),
            unplaced: placed
                .unplaced
                .iter()
                .map(|(line, text)| Unplaced { line: *line, text: shorten(text) })
                .collect(),
            not_provided: Vec::new(),
            not_adopted: Vec::new(),
            notes: Vec::new(),
        };
        // Each message once, in page order, with its paragraphs as the page gave them.
        let mut seen: Vec<&str> = Vec::new();
        // The paragraphs each message took from its first use, to name a later use that says
        // otherwise (a table header repeated for each endpoint of a guide).
        let mut first_texts: HashMap<&str, Vec<String>> = HashMap::new();
        for (entry, pieces, nested) in entry_pieces(&rendered) {
            let id = entries[entry].id.as_str();
            let texts: Vec<Option<&(String, usize, Vec<page::Mark>)>> =
                (0..pieces).map(|p| placed.texts.get(&(entry, p))).collect();
            if seen.contains(&id) {
                let again: Option<Vec<String>> = texts.iter().map(|t| t.map(|(t, _, _)| t.clone())).collect();
                if let (Some(again), Some(first)) = (again, first_texts.get(id)) {
                    if again.join(" ") != first.join(" ") {
                        let line = texts.iter().flatten().next().map_or(0, |(_, line, _)| *line);
                        report.notes.push(format!(
                            "{id}: the page says it otherwise on line {line}; its first text is the one adopted"
                        ));
                    }
                }
                continue;
            }
            if texts.iter().all(Option::is_none) {
                // Another use of the message on the page may give it.
                continue;
            }
            seen.push(id);
            let Some(texts) = texts.into_iter().collect::<Option<Vec<_>>>() else {
                report.not_provided.push(id.to_string());
                report.notes.push(format!("{id}: the page gives only some of its paragraphs"));
                continue;
            };
            if nested {
                report.not_adopted.push(NotAdopted {
                    id: id.to_string(),
                    why: "its text holds another message's (an argument): translate it by hand".into(),
                });
                continue;
            }
            let paragraphs: Vec<String> = texts.iter().map(|(t, _, _)| t.clone()).collect();
            first_texts.insert(id, paragraphs.clone());
            let Some((english_file, english_value)) = english.get(id) else {
                report.not_adopted.push(NotAdopted {
                    id: id.to_string(),
                    why: format!("the default locale ({default_locale}) does not define it"),
                });
                continue;
            };
            let marks: Vec<page::Mark> = texts.iter().flat_map(|(_, _, m)| m.iter().cloned()).collect();
            let marks = shows_markup.then_some(marks.as_slice());
            let (value, notes) = match value::value(id, &paragraphs, english_value, &entries[entry].args, marks) {
                Ok(v) => v,
                Err(why) => {
                    report.not_adopted.push(NotAdopted { id: id.to_string(), why });
                    continue;
                }
            };
            report.notes.extend(notes.into_iter().map(|n| format!("{id}: {n}")));
            if let Some(earlier) = changes.iter().find(|c| c.locale == locale && c.id == id) {
                if locale::canonical_value(id, &earlier.value) != locale::canonical_value(id, &value) {
                    report.notes.push(format!("{id}: an earlier page gave another text, which is the one written"));
                }
                continue;
            }
            let locale_dir = root.join("locales").join(&locale);
            match own.get(id) {
                Some((_, current)) if *current == locale::canonical_value(id, &value) => {
                    report.unchanged.push(id.to_string())
                }
                Some(_) if !options.force => report.kept.push(id.to_string()),
                Some((file, _)) => {
                    report.adopted.push(id.to_string());
                    changes.push(Change {
                        locale: locale.clone(),
                        id: id.to_string(),
                        value,
                        file: file.clone(),
                        replace: true,
                    });
                }
                None => {
                    report.adopted.push(id.to_string());
                    let file = locale_dir.join(english_file.file_name().unwrap_or_default());
                    changes.push(Change { locale: locale.clone(), id: id.to_string(), value, file, replace: false });
                }
            }
        }
        let mut missing: Vec<String> = Vec::new();
        for (entry, _, _) in entry_pieces(&rendered) {
            let id = &entries[entry].id;
            if !seen.contains(&id.as_str()) && !missing.contains(id) && !report.not_provided.contains(id) {
                missing.push(id.clone());
            }
        }
        report.not_provided.extend(missing);
        reports.push(report);
    }

    let files = write_changes(&project, &english, &changes, options.dry_run)?;
    Ok(Report { dry_run: options.dry_run, pages: reports, files })
}

/// The endpoint(s), locale and guide of a page, matched as `check` matches them; an error
/// when the page shows no endpoint, its locale is unknown or only guessed, or it is the
/// default locale's.
fn match_page(
    checker: &Checker,
    project: &Project,
    source: &str,
    text: &str,
    overrides: &Overrides,
) -> Result<(String, String, String)> {
    let locales = project.config.locales.join(", ");
    let checked = checker.check(source, text, overrides);
    let endpoint = checked.endpoint.clone().ok_or_else(|| {
        Error::project(
            source,
            "the page documents no endpoint of the project: none of its samples sends a request an endpoint in endpoints/ describes",
            format!("name its endpoint with --endpoint ID (one of: {})", endpoint_ids(project)),
        )
    })?;
    let locale = checked.locale.clone().ok_or_else(|| {
        Error::project(
            source,
            "nothing tells the page's locale (no <html lang>, no locale in its path, prose that says little)",
            format!("name it with --locale L (one of: {locales})"),
        )
    })?;
    // A locale guessed from little prose (check says so in a finding) is not written into.
    if overrides.locale.is_none() && checked.findings.iter().any(|f| f.expected.starts_with(check::UNNAMED_LOCALE)) {
        return Err(Error::project(
            source,
            format!("nothing names the page's locale and its prose says little (it reads as {locale})"),
            format!("name it with --locale L (one of: {locales})"),
        ));
    }
    if locale == project.config.default_locale {
        return Err(Error::project(
            source,
            format!("the page is in {locale}, the default locale: its messages are the source, not translations"),
            "adopt pages of another locale, or name the page's locale with --locale L",
        ));
    }
    let first = endpoint.split(", ").next().unwrap_or_default();
    let guide =
        project.endpoints.iter().find(|f| f.endpoint.id == first).map(|f| f.endpoint.guide.clone()).unwrap_or_default();
    Ok((endpoint, locale, guide))
}

/// The traced messages of the rendered blocks in page order: (entry, how many paragraphs,
/// holds another message).
fn entry_pieces(rendered: &[place::RenderedBlock]) -> Vec<(usize, usize, bool)> {
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    for block in rendered {
        for seg in &block.segs {
            if let place::Seg::Span { entry, piece, nested, .. } = seg {
                match out.iter_mut().find(|(e, _, _)| e == entry) {
                    Some((_, pieces, n)) => {
                        *pieces = (*pieces).max(piece + 1);
                        *n |= *nested;
                    }
                    None => out.push((*entry, piece + 1, *nested)),
                }
            }
        }
    }
    out
}

/// Each message of `locale` with its file and its value in canonical Fluent syntax.
fn messages(project: &Project, locale: &str) -> BTreeMap<String, (PathBuf, String)> {
    let mut out = BTreeMap::new();
    for source in project.locales.iter().filter(|s| s.locale == locale) {
        for (path, text) in &source.files {
            for (id, value) in locale::message_values(text) {
                out.entry(id).or_insert((path.clone(), value));
            }
        }
    }
    out
}

fn endpoint_ids(project: &Project) -> String {
    project.endpoints.iter().map(|f| f.endpoint.id.as_str()).collect::<Vec<_>>().join(", ")
}

/// A page block's text as a report shows it: one line, at most 80 characters.
fn shorten(text: &str) -> String {
    let text = page::visible(text).replace('\n', " ");
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Writes every change (each `.ftl` file edited in place, and each locale's
/// `translated-from.toml`), all or nothing; in a dry run, only says what it would write.
fn write_changes(
    project: &Project,
    english: &BTreeMap<String, (PathBuf, String)>,
    changes: &[Change],
    dry_run: bool,
) -> Result<Vec<FileChange>> {
    let mut files: BTreeMap<PathBuf, (String, FileChange)> = BTreeMap::new();
    for change in changes {
        let (text, file) = files.entry(change.file.clone()).or_insert_with(|| {
            let text = project
                .locales
                .iter()
                .flat_map(|s| &s.files)
                .find(|(p, _)| *p == change.file)
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            let file = FileChange { path: change.file.clone(), added: vec![], replaced: vec![], entries: vec![] };
            (text, file)
        });
        let entry = format!("{} = {}\n", change.id, change.value);
        if change.replace {
            *text = replace_entry(text, &change.id, &entry);
            file.replaced.push(change.id.clone());
        } else {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&entry);
            file.added.push(change.id.clone());
        }
        file.entries.push(entry);
    }
    for (path, (text, _)) in &files {
        if let Err((_, errors)) = fluent_bundle::FluentResource::try_new(text.clone()) {
            return Err(Error::project(
                path,
                format!("adopting would write a file Fluent cannot read: {}", errors[0].kind),
                "nothing was written; adopt the pages one by one to find the message, and report this",
            ));
        }
    }
    // Each locale records the English each adopted message was made from.
    let mut records: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
    for change in changes {
        let record = records.entry(change.locale.as_str()).or_insert_with(|| {
            project
                .locales
                .iter()
                .find(|s| s.locale == change.locale)
                .map(|s| s.translated_from.clone())
                .unwrap_or_default()
        });
        if let Some((_, value)) = english.get(&change.id) {
            record.insert(change.id.clone(), value.clone());
        }
    }
    let mut writes: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut out: Vec<FileChange> = Vec::new();
    for (path, (text, change)) in files {
        writes.push((path, text.into_bytes()));
        out.push(change);
    }
    for (locale, record) in records {
        let path = project.root.join("locales").join(locale).join(import::TRANSLATED_FROM);
        writes.push((path.clone(), import::translated_from_toml(&record).into_bytes()));
        out.push(FileChange { path, added: vec![], replaced: vec![], entries: vec![] });
    }
    if !dry_run {
        let borrowed: Vec<(PathBuf, &[u8])> = writes.iter().map(|(p, b)| (p.clone(), b.as_slice())).collect();
        fsutil::write_all_or_nothing(&borrowed)?;
    }
    Ok(out)
}

/// `text` with message `id`'s entry replaced by `entry`: its value lines go, its attributes
/// (indented `.name =` lines) and every other line stay.
fn replace_entry(text: &str, id: &str, entry: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let starts =
        |line: &str| line.strip_prefix(id).is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with('='));
    let Some(first) = lines.iter().position(|l| starts(l)) else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(entry);
        return out;
    };
    // The entry runs over the indented lines (and blank lines between them) that follow.
    let mut last = first;
    for (i, line) in lines.iter().enumerate().skip(first + 1) {
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            last = i;
        } else {
            break;
        }
    }
    let attributes = (first + 1..=last).find(|&i| lines[i].trim_start().starts_with('.'));
    let mut out: String = lines[..first].concat();
    out.push_str(entry);
    if let Some(attributes) = attributes {
        out.push_str(&lines[attributes..=last].concat());
    }
    out.push_str(&lines[last + 1..].concat());
    out
}

/// The report as a person reads it.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    for page in &report.pages {
        out.push_str(&format!("{}: endpoint {}, locale {}\n", page.source, page.endpoint, page.locale));
        for id in &page.adopted {
            out.push_str(&format!("  adopted      {id}\n"));
        }
        for id in &page.kept {
            out.push_str(&format!("  kept         {id} (the locale has another text; --force replaces it)\n"));
        }
        if !page.unchanged.is_empty() {
            out.push_str(&format!("  unchanged    {} message(s) the locale already says so\n", page.unchanged.len()));
        }
        for u in &page.unplaced {
            out.push_str(&format!("  not placed   line {}: {}\n", u.line, u.text));
        }
        for n in &page.not_adopted {
            out.push_str(&format!("  not adopted  {}: {}\n", n.id, n.why));
        }
        for id in &page.not_provided {
            out.push_str(&format!("  not on page  {id}\n"));
        }
        for note in &page.notes {
            out.push_str(&format!("  note         {note}\n"));
        }
    }
    let verb = if report.dry_run { "would write" } else { "wrote" };
    if report.files.is_empty() {
        out.push_str("nothing to write\n");
    }
    for file in &report.files {
        let mut what = Vec::new();
        if !file.added.is_empty() {
            what.push(format!("{} added", file.added.len()));
        }
        if !file.replaced.is_empty() {
            what.push(format!("{} replaced", file.replaced.len()));
        }
        let what = if what.is_empty() { String::new() } else { format!(" ({})", what.join(", ")) };
        out.push_str(&format!("{verb} {}{what}\n", file.path.display()));
        if report.dry_run {
            for entry in &file.entries {
                for line in entry.lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_replaced_with_its_attributes_and_neighbours_kept() {
        let text = "# c\na = old\n    more\n    .html = yes\n\nb = keep\n";
        let out = replace_entry(text, "a", "a = new\n");
        assert_eq!(out, "# c\na = new\n    .html = yes\n\nb = keep\n");
        let out = replace_entry("a = old\n\n    two\nb = x\n", "a", "a = new\n");
        assert_eq!(out, "a = new\nb = x\n");
        let out = replace_entry("ab = x\na = old\n", "a", "a = new\n");
        assert_eq!(out, "ab = x\na = new\n");
    }

    #[test]
    fn a_long_block_is_shortened_on_one_line() {
        assert_eq!(shorten("a\nb"), "a b");
        assert_eq!(shorten(&"x".repeat(100)).chars().count(), 81);
    }
}
