//! Renders the model: samples per endpoint and target, then each page as Markdown (in the
//! configured flavor) and as a static HTML site (guide pages, an index per locale, assets).
//! Returns values; prints and writes nothing.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, Flavor, Format};
use crate::error::Result;
use crate::highlight::{self, Mark};
use crate::incremental::{Digest, Key};
use crate::model::{GuidePage, LocaleInfo, Outline, Prose, ResolvedEndpoint, Table};
use crate::request::Request;
use crate::safe::{self, Dialect};
use crate::targets::SampleTarget;
use crate::templates::Engine;

/// One rendered code sample.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    pub target: &'static str,
    pub info: &'static str,
    /// The tab's name: the target's label, with its client when another client of the same
    /// language is on the page.
    pub label: Cow<'static, str>,
    pub code: String,
    /// A backtick fence longer than any backtick run in `code`.
    pub fence: String,
}

/// A file to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub pages: usize,
    pub samples: usize,
}

/// The request as a sample template sees it, `r`: the request's fields, then its headers as one
/// object (`header_map`: a repeated name keeps its first place and its last value). Written by
/// hand so that the value is made in one pass: a flattened struct would buffer every field
/// first, and adding `header_map` to a made Tera map would build the map again. A unit test
/// holds the fields to [`Request`]'s own.
struct RequestView<'a>(&'a Request);

impl Serialize for RequestView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct HeaderMap<'a>(&'a [crate::endpoint::NameValue]);
        impl Serialize for HeaderMap<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                serializer.collect_map(self.0.iter().map(|h| (&h.name, &h.value)))
            }
        }
        let r = self.0;
        let mut view = serializer.serialize_struct("Request", 14)?;
        view.serialize_field("method", &r.method)?;
        view.serialize_field("scheme", &r.scheme)?;
        view.serialize_field("host", &r.host)?;
        view.serialize_field("origin", &r.origin)?;
        view.serialize_field("path", &r.path)?;
        view.serialize_field("query_string", &r.query_string)?;
        view.serialize_field("path_and_query", &r.path_and_query)?;
        view.serialize_field("url", &r.url)?;
        view.serialize_field("query", &r.query)?;
        view.serialize_field("headers", &r.headers)?;
        view.serialize_field("basic", &r.basic)?;
        view.serialize_field("cookies", &r.cookies)?;
        view.serialize_field("body", &r.body)?;
        view.serialize_field("header_map", &HeaderMap(&r.headers))?;
        view.end()
    }
}

/// The sample of `request` in `target`.
pub fn sample(engine: &Engine, target: SampleTarget, request: &Request) -> Result<Sample> {
    Ok(request_samples(engine, &[target], request)?.remove(0))
}

/// `r`, made once per request and shared by every target's context (a Tera map is
/// reference-counted).
fn request_value(request: &Request) -> tera::Value {
    tera::Value::from_serializable(&RequestView(request))
}

/// The context `target`'s template sees: `r`, and the request's values as the target's built-in
/// template writes them ([`crate::targets::prepared`]). One context per target, holding only
/// its own values: Tera's context is a sorted map searched by comparing names, and every name
/// a template reads is looked up there.
fn sample_context(r: &tera::Value, request: &Request, target: &SampleTarget) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert_value("r", r.clone());
    if let Some(prepare) = target.prepare {
        prepare(&mut context, request);
    }
    context
}

/// Renders `target`'s template (named `name`) into `code` (cleared first) and returns the
/// sample's text without trailing white space. `code` is reused from sample to sample: no
/// buffer per render.
fn render_code<'c>(engine: &Engine, name: &str, context: &tera::Context, code: &'c mut Vec<u8>) -> Result<&'c str> {
    code.clear();
    engine.render_to(name, context, code)?;
    let text = std::str::from_utf8(code).map_err(|e| crate::error::Error::Template {
        template: name.to_string(),
        file: None,
        line: 0,
        column: 0,
        message: format!("the sample is not UTF-8: {e}"),
    })?;
    Ok(text.trim_end())
}

/// The sample of `request` for each of `targets`, in order. `r` is made once for all targets:
/// turning the request into template values costs about as much as rendering.
pub fn request_samples(engine: &Engine, targets: &[SampleTarget], request: &Request) -> Result<Vec<Sample>> {
    let r = request_value(request);
    let mut buffer = Vec::new();
    targets
        .iter()
        .map(|target| {
            let context = sample_context(&r, request, target);
            let code = render_code(engine, &target.template_name(), &context, &mut buffer)?.to_string();
            Ok(Sample {
                target: target.id,
                info: target.language.info,
                label: tab_label(target, targets),
                fence: fence_for(&code),
                code,
            })
        })
        .collect()
}

/// The targets `apiglot samples` prints, with what each block needs worked out once for all
/// requests: the template's name and the block's label.
pub struct MarkdownTargets {
    blocks: Vec<(SampleTarget, String, Cow<'static, str>)>,
}

impl MarkdownTargets {
    pub fn new(targets: &[SampleTarget]) -> MarkdownTargets {
        let blocks = targets.iter().map(|t| (*t, t.template_name(), tab_label(t, targets))).collect();
        MarkdownTargets { blocks }
    }
}

/// Appends to `out` the sample of `request` for each of `targets` as `apiglot samples`
/// prints it: a fenced block whose info string carries the language, `id` and the label.
/// `code` is scratch space the caller reuses across requests.
pub fn request_markdown(
    engine: &Engine,
    targets: &MarkdownTargets,
    request: &Request,
    id: &str,
    code: &mut Vec<u8>,
    out: &mut String,
) -> Result<()> {
    let r = request_value(request);
    for (target, name, label) in &targets.blocks {
        let text = render_code(engine, name, &sample_context(&r, request, target), code)?;
        let fence = if text.contains('`') { (safe::longest_backtick_run(text) + 1).max(3) } else { 3 };
        let fence_line = |out: &mut String| out.extend(std::iter::repeat_n('`', fence));
        out.reserve(2 * fence + target.language.info.len() + id.len() + label.len() + text.len() + 6);
        fence_line(out);
        for part in [target.language.info, " ", id, " ", label, "\n", text, "\n"] {
            out.push_str(part);
        }
        fence_line(out);
        out.push_str("\n\n");
    }
    Ok(())
}

/// The target's label, with its client when `targets` hold another client of its language
/// ("Python (requests)" beside "Python (http.client)").
fn tab_label(target: &SampleTarget, targets: &[SampleTarget]) -> Cow<'static, str> {
    if targets.iter().any(|t| t.language.name == target.language.name && t.id != target.id) {
        Cow::Owned(format!("{} ({})", target.label, target.client))
    } else {
        Cow::Borrowed(target.label)
    }
}

fn fence_for(code: &str) -> String {
    "`".repeat((safe::longest_backtick_run(code) + 1).max(3))
}

/// Every sample of every endpoint, in the configured target order.
pub fn samples(
    engine: &Engine,
    config: &Config,
    endpoints: &[ResolvedEndpoint],
) -> Result<BTreeMap<String, Vec<Sample>>> {
    let targets: Vec<SampleTarget> = config.targets.iter().filter_map(|t| SampleTarget::by_id(t)).collect();
    endpoints
        .par_iter()
        .map(|endpoint| Ok((endpoint.id.clone(), request_samples(engine, &targets, &endpoint.request)?)))
        .collect()
}

/// A page's plain Markdown: what `apiglot check` compares published pages with.
pub fn markdown_page(engine: &Engine, page: &GuidePage, samples: &BTreeMap<String, Vec<Sample>>) -> Result<String> {
    markdown_page_in(engine, Flavor::Plain, page, &markdown_samples(samples))
}

/// Samples as the Markdown templates see them (`samples`), with each label as Markdown text:
/// made once for the pages of a guide in every locale (a template value shares its lists).
fn markdown_samples(samples: &BTreeMap<String, Vec<Sample>>) -> tera::Value {
    // Plain Markdown and mdBook have no tabs: a bold line before each block labels it with
    // its language and client, as Markdown text.
    let labelled: BTreeMap<&String, Vec<MarkdownSample>> = samples
        .iter()
        .map(|(id, list)| {
            let list = list.iter().map(|sample| MarkdownSample { sample, label_md: inline_label(&sample.label) });
            (id, list.collect())
        })
        .collect();
    tera::Value::from_serializable(&labelled)
}

/// A page's Markdown in `flavor`: every text of the page made safe Markdown for the flavor.
fn markdown_page_in(engine: &Engine, flavor: Flavor, page: &GuidePage, samples: &tera::Value) -> Result<String> {
    let mut context = tera::Context::new();
    context.insert("page", &markdown_view(page, flavor));
    context.insert_value("samples", samples.clone());
    context.insert("flavor", flavor.name());
    let text = engine.render("pages/guide.md.tera", &context)?;
    let text = if flavor == Flavor::Mdbook { safe::mdbook_directives(&text) } else { text.into() };
    Ok(format!("{}\n", text.trim_end()))
}

/// Markdown to an HTML fragment. Raw HTML in the Markdown is shown as text unless `keep_html`
/// (the message is marked `.html = yes`), and then sanitized; links and images keep only
/// allowed URLs (see [`safe`]).
pub fn html_fragment(markdown: &str, keep_html: bool) -> String {
    safe::html_fragment(markdown, keep_html)
}

/// Markdown of one line (a table cell, a list item) to inline HTML: no paragraph around it.
/// One line is read as the inline text it is in a Markdown table (four leading spaces are
/// no code block there), as the Markdown pages read it.
pub fn html_inline(markdown: &str, keep_html: bool) -> String {
    // An escaped `*` in front makes the line a paragraph's text, and as punctuation it
    // leaves the first character's meaning alone (a letter would stop `_em_` opening).
    if !markdown.contains(['\n', '\r']) {
        let html = html_fragment(&format!("\\*{markdown}"), keep_html);
        let trimmed = html.trim_end();
        if let Some(inner) = trimmed.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")) {
            if let Some(inner) = inner.strip_prefix('*').filter(|i| !i.contains("<p>")) {
                return inner.to_string();
            }
        }
    }
    let html = html_fragment(markdown, keep_html);
    let trimmed = html.trim_end();
    match trimmed.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

fn dialect(flavor: Flavor) -> Dialect {
    if flavor.is_mdx() {
        Dialect::Mdx
    } else {
        Dialect::CommonMark
    }
}

/// The page as a Markdown template of `flavor` sees it: messages as safe Markdown, titles
/// and headings as escaped text, table cells as safe inline Markdown. Every Markdown page
/// goes through here, so no template (built-in or a project's) gets raw text.
fn markdown_view(page: &GuidePage, flavor: Flavor) -> GuidePage {
    let dialect = dialect(flavor);
    let prose = |p: &Prose| Prose { text: safe::markdown(&p.text, p.html, dialect), html: p.html };
    let words = |t: &str| safe::words(t, dialect);
    let inline = |t: &str| safe::markdown_inline(t, dialect);
    let table = |t: &Table| Table {
        headers: t.headers.iter().map(|h| inline(h)).collect(),
        rows: t.rows.iter().map(|r| r.iter().map(|c| inline(c)).collect()).collect(),
    };
    let mut page = page.clone();
    // Mintlify has the title only in the front matter, a quoted string (`quoted`).
    if flavor != Flavor::Mintlify {
        page.title = words(&page.title);
    }
    page.intro = prose(&page.intro);
    if let Some(d) = &mut page.dashboard {
        d.heading = words(&d.heading);
        d.intro = prose(&d.intro);
        d.steps = d.steps.iter().map(prose).collect();
    }
    page.api.heading =
        if page.api.heading_is_code { safe::code_span(&page.api.heading) } else { words(&page.api.heading) };
    page.api.intro = prose(&page.api.intro);
    for ep in &mut page.api.endpoints {
        ep.intro = ep.intro.as_ref().map(prose);
        ep.operation = ep.operation.as_deref().map(safe::code_span);
        ep.placeholders = table(&ep.placeholders);
        ep.responses.heading = words(&ep.responses.heading);
        ep.responses.intro = safe::markdown(&ep.responses.intro, false, dialect);
        ep.responses.table = table(&ep.responses.table);
        for section in [&mut ep.parameters, &mut ep.fields].into_iter().flatten() {
            section.heading = words(&section.heading);
            section.table = table(&section.table);
        }
        if let Some(heading) = &mut ep.responses.examples_heading {
            *heading = words(heading);
        }
        for example in &mut ep.responses.examples {
            example.message = inline(&example.message);
        }
        for note in &mut ep.placeholder_notes {
            note.description = prose(&note.description);
        }
    }
    // The built-in Markdown templates do not show these; a project's own may.
    if let Some(host) = &mut page.host {
        host.description = prose(&host.description);
    }
    let ui = &mut page.ui;
    for text in [
        &mut ui.copy,
        &mut ui.copied,
        &mut ui.samples,
        &mut ui.locales,
        &mut ui.guides,
        &mut ui.search,
        &mut ui.no_results,
        &mut ui.navigation,
    ] {
        *text = words(text);
    }
    page
}

/// A sample's label as the text of a bold line: only what is markup inside a line is
/// escaped (`C#` stays `C#`), and what MDX reads as an expression or a tag.
fn inline_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if "\\*_`[]<>&~{}|!".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A sample as a Markdown page shows it: with its label as Markdown text.
#[derive(Debug, Clone, Serialize)]
struct MarkdownSample<'a> {
    #[serde(flatten)]
    sample: &'a Sample,
    label_md: String,
}

/// A sample as the HTML site shows it: highlighted, placeholders marked.
#[derive(Debug, Clone, Serialize)]
struct SiteSample<'a> {
    #[serde(flatten)]
    sample: &'a Sample,
    html: String,
}

/// A link to the same page (or index) in one configured locale.
#[derive(Debug, Clone, Serialize)]
struct LocaleLink<'a> {
    locale: &'a str,
    lang: &'a str,
    name: &'a str,
    href: String,
    current: bool,
}

/// The id of the element that describes placeholder `name` of `endpoint` on a guide page.
fn note_id(endpoint: &str, name: &str) -> String {
    format!("ph-{endpoint}-{name}")
}

/// The id of the element that describes the host placeholder.
const HOST_NOTE_ID: &str = "ph-host";

/// The samples of `endpoints` as the HTML site shows them, highlighted.
fn site_samples<'a>(
    config: &Config,
    host_described: bool,
    endpoints: &[&ResolvedEndpoint],
    samples: &'a BTreeMap<String, Vec<Sample>>,
) -> BTreeMap<String, Vec<SiteSample<'a>>> {
    endpoints
        .iter()
        .filter_map(|endpoint| Some((endpoint, samples.get(&endpoint.id)?)))
        .map(|(endpoint, rendered)| {
            let mut marks: Vec<Mark> = endpoint
                .placeholders
                .iter()
                .map(|name| Mark { text: name.clone(), described_by: Some(note_id(&endpoint.id, name)) })
                .collect();
            if endpoint.request.host.contains(&config.host_placeholder) {
                let described_by = host_described.then(|| HOST_NOTE_ID.to_string());
                marks.push(Mark { text: config.host_placeholder.clone(), described_by });
            }
            // Longer names first, so `USER_ID_2` is not taken for `USER_ID`.
            marks.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then_with(|| a.text.cmp(&b.text)));
            let site = rendered
                .iter()
                .map(|sample| SiteSample { sample, html: highlight::to_html(sample.target, &sample.code, &marks) })
                .collect();
            (endpoint.id.clone(), site)
        })
        .collect()
}

/// A link to `file` in each locale's folder, from a page in a locale folder (`up`) or from
/// the site's root.
fn locale_links<'a>(model: &'a Outline, current: &str, file: &str, up: bool) -> Vec<LocaleLink<'a>> {
    let parent = if up { "../" } else { "" };
    model
        .locales
        .iter()
        .map(|l| LocaleLink {
            locale: &l.locale,
            lang: &l.lang,
            name: &l.name,
            href: format!("{parent}{}/{file}", l.locale),
            current: l.locale == current,
        })
        .collect()
}

/// A guide's page as HTML; `samples` are the guide's [`SiteSample`]s as a template value, made
/// once for every locale.
fn html_page(engine: &Engine, model: &Outline, page: &GuidePage, samples: &tera::Value) -> Result<String> {
    let mut context = tera::Context::new();
    context.insert("page", page);
    context.insert_value("samples", samples.clone());
    context.insert("locales", &locale_links(model, &page.locale, &format!("{}.html", page.guide), true));
    context.insert("assets", "../assets/");
    context.insert("host_note_id", HOST_NOTE_ID);
    let text = engine.render("pages/guide.html.tera", &context)?;
    Ok(format!("{}\n", text.trim_end()))
}

/// A guide in a locale's index.
#[derive(Serialize)]
struct GuideLink<'a> {
    guide: &'a str,
    title: Cow<'a, str>,
    href: String,
}

/// The guides of `locale`, each linking to its page with `extension`.
fn guide_links<'a>(model: &'a Outline, locale: &LocaleInfo, extension: &str) -> Vec<GuideLink<'a>> {
    model
        .pages
        .iter()
        .filter(|p| p.locale == locale.locale)
        .map(|p| GuideLink {
            guide: &p.guide,
            title: Cow::Borrowed(&p.title),
            href: format!("{}.{extension}", p.guide),
        })
        .collect()
}

fn index_page(engine: &Engine, model: &Outline, locale: &LocaleInfo) -> Result<String> {
    let mut context = tera::Context::new();
    context.insert("locale", locale);
    context.insert("guides", &guide_links(model, locale, "html"));
    context.insert("locales", &locale_links(model, &locale.locale, "index.html", true));
    context.insert("assets", "../assets/");
    let text = engine.render("pages/index.html.tera", &context)?;
    Ok(format!("{}\n", text.trim_end()))
}

fn site_home(engine: &Engine, model: &Outline, config: &Config) -> Result<String> {
    let links = locale_links(model, &config.default_locale, "index.html", false);
    let default = model.locales.iter().find(|l| l.locale == config.default_locale);
    let mut context = tera::Context::new();
    context.insert("locale", &default);
    context.insert("locales", &links);
    context.insert("assets", "assets/");
    let text = engine.render("pages/home.html.tera", &context)?;
    Ok(format!("{}\n", text.trim_end()))
}

/// A guide as the sidebar and the search know it.
#[derive(Serialize)]
struct NavGuide<'a> {
    title: &'a str,
    href: String,
    /// Each endpoint's method and path, which the search also matches.
    operations: &'a [String],
}

/// A sidebar group: a tag of the API description, or the guides that name none.
#[derive(Serialize)]
struct NavGroup<'a> {
    name: &'a str,
    guides: Vec<NavGuide<'a>>,
}

/// `<locale>/nav.js`: the locale's guides by group, for the sidebar and the offline search
/// of every page (a script, not JSON to fetch, so that it loads from `file://` too). One
/// file per locale instead of a sidebar in every page keeps a site of 452 guides small.
/// Text is JSON with `<`, `>`, `&` and the line separators escaped: data, never markup.
fn nav_script(model: &Outline, locale: &LocaleInfo) -> String {
    let mut groups: Vec<NavGroup> = Vec::new();
    let mut ungrouped = Vec::new();
    for page in model.pages.iter().filter(|p| p.locale == locale.locale) {
        let guide = NavGuide { title: &page.title, href: format!("{}.html", page.guide), operations: &page.operations };
        match page.group.as_deref() {
            Some(name) => match groups.iter_mut().find(|g| g.name == name) {
                Some(group) => group.guides.push(guide),
                None => groups.push(NavGroup { name, guides: vec![guide] }),
            },
            None => ungrouped.push(guide),
        }
    }
    if !ungrouped.is_empty() {
        groups.push(NavGroup { name: &locale.ui.guides, guides: ungrouped });
    }
    let json = serde_json::to_string(&serde_json::json!({ "groups": groups }))
        .expect("the navigation serializes")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!(
        "// The sidebar and search index of this locale's guides, written by apiglot.\nwindow.apiglotNav = {json};\n"
    )
}

/// The files of the mdBook flavor besides the pages: a SUMMARY.md per rendered locale and a
/// book.toml per locale under `books/<locale>/` that points at it.
fn mdbook_files(engine: &Engine, model: &Outline) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for locale in model.locales.iter().filter(|l| model.pages.iter().any(|p| p.locale == l.locale)) {
        // SUMMARY.md links each guide by its title: Markdown text.
        let guides: Vec<GuideLink> = guide_links(model, locale, "md")
            .into_iter()
            .map(|g| GuideLink { title: Cow::Owned(safe::words(&g.title, Dialect::CommonMark)), ..g })
            .collect();
        let mut context = tera::Context::new();
        context.insert("locale", locale);
        context.insert("guides", &guides);
        let summary = engine.render("pages/SUMMARY.md.tera", &context)?;
        files.push(OutputFile {
            path: PathBuf::from(&locale.locale).join("SUMMARY.md"),
            contents: format!("{}\n", summary.trim_end()).into_bytes(),
        });
        let book = engine.render("pages/book.toml.tera", &context)?;
        files.push(OutputFile {
            path: PathBuf::from("books").join(&locale.locale).join("book.toml"),
            contents: format!("{}\n", book.trim_end()).into_bytes(),
        });
    }
    Ok(files)
}

/// The stylesheet and script of the HTML site; a project overrides them like any template.
pub const ASSETS: [(&str, &str); 2] =
    [("assets/apiglot.css.tera", "assets/apiglot.css"), ("assets/apiglot.js.tera", "assets/apiglot.js")];

/// The site of an outline, rendered a guide at a time: [`Site::guide`] returns the files of
/// one guide's pages (every locale, every format) and [`Site::lists`] the rest (indexes,
/// navigation, assets, mdBook's summaries). The caller hands each to an output sink as it
/// comes, so a build holds the pages in flight, never the whole site.
pub struct Site<'a> {
    engine: &'a Engine,
    config: &'a Config,
    outline: &'a Outline<'a>,
    targets: Vec<SampleTarget>,
    endpoints: BTreeMap<&'a str, &'a ResolvedEndpoint>,
}

impl<'a> Site<'a> {
    pub fn new(engine: &'a Engine, config: &'a Config, outline: &'a Outline<'a>) -> Site<'a> {
        Site {
            engine,
            config,
            outline,
            targets: config.targets.iter().filter_map(|t| SampleTarget::by_id(t)).collect(),
            endpoints: outline.endpoints.iter().map(|e| (e.id.as_str(), e)).collect(),
        }
    }

    /// The key of what every page of the site is rendered with besides the pages' own text
    /// (see [`crate::incremental`]): `base` (the binary, the options, the settings, the
    /// templates) and what the outline lends every page (the locale switcher's names, whether
    /// the host placeholder is described).
    pub fn key(&self, base: Key) -> Key {
        let mut digest = Digest::default();
        digest.text(&base.to_string());
        digest.json(&self.outline.locales);
        digest.json(&self.host_described());
        digest.finish()
    }

    fn host_described(&self) -> bool {
        self.outline.pages.first().is_some_and(|p| p.host)
    }

    /// The key of the files of each page of guide `index` (one per rendered locale, with the
    /// locale), given the site's [`Site::key`].
    pub fn page_keys(&self, index: usize, site: Key) -> Vec<(&'a str, Key)> {
        self.outline.page_keys(index, site)
    }

    fn guide_endpoints(&self, index: usize) -> Vec<&'a ResolvedEndpoint> {
        self.outline.guide_endpoints(index).filter_map(|id| self.endpoints.get(id).copied()).collect()
    }

    /// How many guides [`Site::guide`] renders.
    pub fn guides(&self) -> usize {
        self.outline.guide_count()
    }

    /// The files of guide `index` in every rendered locale that `wanted` takes and every
    /// format, with the number of samples rendered for it. `page_done` is called once per page.
    pub fn guide(
        &self,
        index: usize,
        wanted: &dyn Fn(&str) -> bool,
        page_done: &(dyn Fn() + Sync),
    ) -> Result<(Vec<OutputFile>, usize)> {
        let config = self.config;
        let endpoints = self.guide_endpoints(index);
        // Samples do not depend on the locale: rendered (and highlighted) once for the guide.
        let samples: BTreeMap<String, Vec<Sample>> = endpoints
            .iter()
            .map(|e| Ok((e.id.clone(), request_samples(self.engine, &self.targets, &e.request)?)))
            .collect::<Result<_>>()?;
        let html = config.formats.contains(&Format::Html);
        let host_described = self.host_described();
        let site = if html {
            tera::Value::from_serializable(&site_samples(config, host_described, &endpoints, &samples))
        } else {
            tera::Value::none()
        };
        let labelled =
            if config.formats.contains(&Format::Md) { markdown_samples(&samples) } else { tera::Value::none() };
        let mut files = Vec::new();
        for page in self.outline.guide_pages(index)?.into_iter().filter(|p| wanted(&p.locale)) {
            let base = PathBuf::from(&page.locale).join(&page.guide);
            if html {
                let html = html_page(self.engine, self.outline, &page, &site)?;
                files.push(OutputFile { path: base.with_extension("html"), contents: html.into_bytes() });
            }
            if config.formats.contains(&Format::Md) {
                let markdown = markdown_page_in(self.engine, config.flavor, &page, &labelled)?;
                let extension = if config.flavor.is_mdx() { "mdx" } else { "md" };
                files.push(OutputFile { path: base.with_extension(extension), contents: markdown.into_bytes() });
            }
            page_done();
        }
        Ok((files, samples.values().map(Vec::len).sum()))
    }

    /// The files that list the guides: each locale's index and navigation, the home page and
    /// the assets (HTML), mdBook's summaries and books.
    pub fn lists(&self) -> Result<Vec<OutputFile>> {
        let (engine, model, config) = (self.engine, self.outline, self.config);
        let mut files = Vec::new();
        if config.formats.contains(&Format::Html) {
            for locale in model.locales.iter().filter(|l| model.pages.iter().any(|p| p.locale == l.locale)) {
                let index = index_page(engine, model, locale)?;
                files.push(OutputFile {
                    path: PathBuf::from(&locale.locale).join("index.html"),
                    contents: index.into_bytes(),
                });
                files.push(OutputFile {
                    path: PathBuf::from(&locale.locale).join("nav.js"),
                    contents: nav_script(model, locale).into_bytes(),
                });
            }
            files.push(OutputFile {
                path: PathBuf::from("index.html"),
                contents: site_home(engine, model, config)?.into_bytes(),
            });
            for (template, path) in ASSETS {
                let text = engine.render(template, &tera::Context::new())?;
                files.push(OutputFile { path: PathBuf::from(path), contents: text.into_bytes() });
            }
        }
        if config.formats.contains(&Format::Md) && config.flavor == Flavor::Mdbook {
            files.extend(mdbook_files(engine, model)?);
        }
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_escape_only_inline_markup() {
        assert_eq!(inline_label("C#"), "C#");
        assert_eq!(inline_label("Python (requests)"), "Python (requests)");
        assert_eq!(inline_label("a*b_c<d>{e}"), "a\\*b\\_c\\<d\\>\\{e\\}");
    }

    #[test]
    fn a_tab_names_the_client_when_its_language_has_another() {
        let python = crate::targets::python::TARGET;
        let requests = SampleTarget { id: "python-requests", client: "requests", ..python };
        let curl = crate::targets::curl::TARGET;
        assert_eq!(tab_label(&python, &[curl, python]), "Python");
        assert_eq!(tab_label(&python, &[curl, python, requests]), "Python (http.client)");
        assert_eq!(tab_label(&requests, &[python, requests]), "Python (requests)");
        assert_eq!(tab_label(&curl, &[curl, python, requests]), "cURL");
    }

    #[test]
    fn raw_html_is_text_unless_the_message_is_marked() {
        assert_eq!(html_fragment("Use <b>this</b> & that", false), "<p>Use &lt;b&gt;this&lt;/b&gt; &amp; that</p>\n");
        assert_eq!(html_fragment("Use <b>this</b>", true), "<p>Use <b>this</b></p>\n");
        assert_eq!(html_inline("A `code` cell \\| with a pipe", false), "A <code>code</code> cell | with a pipe");
        assert_eq!(html_inline("    <b>indented</b>", false), "    &lt;b&gt;indented&lt;/b&gt;");
        assert_eq!(html_inline("# not a heading", false), "# not a heading");
        assert_eq!(html_inline("_em_ and *em*", false), "<em>em</em> and <em>em</em>");
        assert_eq!(html_inline("Two\n\nparagraphs", false), "<p>Two</p>\n<p>paragraphs</p>");
    }

    /// `r` holds every field [`Request`] serializes, in its order, then `header_map`: a field
    /// added to the request and not to the view fails here.
    #[test]
    fn r_is_the_request_and_its_header_map() {
        let har = r#"[{"method": "POST", "url": "https://{yourDomain}/a/{ID}?q=1&q=2",
            "headers": [{"name": "x-a", "value": "1"}, {"name": "X-A", "value": "2"}, {"name": "cookie", "value": "s=1"},
                        {"name": "authorization", "value": "Basic dTpw"}],
            "postData": {"mimeType": "application/json", "text": "{\"k\": [1, \"{ID}\"]}"}}]"#;
        let request = crate::har::parse(har, std::path::Path::new("c.har")).unwrap().remove(0).request;
        assert!(request.basic.is_some() && request.body.is_some() && !request.cookies.is_empty());
        let view = serde_json::to_value(RequestView(&request)).unwrap();
        let mut expected = serde_json::to_value(&request).unwrap();
        let header_map: serde_json::Map<String, serde_json::Value> =
            request.headers.iter().map(|h| (h.name.clone(), h.value.clone().into())).collect();
        expected.as_object_mut().unwrap().insert("header_map".into(), header_map.into());
        assert_eq!(view, expected);
        let keys: Vec<&String> = view.as_object().unwrap().keys().collect();
        let order: Vec<&String> = expected.as_object().unwrap().keys().collect();
        assert_eq!(keys, order);
        assert_eq!(view["header_map"]["x-a"], "1, 2", "a repeated header is joined when resolved");
        assert_eq!(tera::Value::from_serializable(&view), request_value(&request));
    }

    #[test]
    fn mdx_escapes_braces_and_tags_outside_code_spans() {
        let mdx = |text: &str, html: bool| safe::markdown(text, html, Dialect::Mdx);
        assert_eq!(
            mdx("Set {x} in <b> and `{ORG_ID}` or ``a`{b}``", false),
            "Set \\{x\\} in \\<b> and `{ORG_ID}` or ``a`{b}``"
        );
        assert_eq!(mdx("Keep <kbd>K</kbd>", true), "Keep <kbd>K</kbd>");
        assert_eq!(mdx("An unclosed ` tick {", false), "An unclosed ` tick \\{");
    }
}
