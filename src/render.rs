//! Renders the model: samples per endpoint and target, then each page as Markdown and HTML.
//! Returns values; prints and writes nothing.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, Format};
use crate::error::Result;
use crate::model::{GuidePage, Model, ResolvedEndpoint};
use crate::request::Request;
use crate::target::SampleTarget;
use crate::templates::Engine;

/// One rendered code sample.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    pub target: &'static str,
    pub info: &'static str,
    pub label: &'static str,
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

/// The context a sample template sees as `r`: the request plus its headers as one object.
#[derive(Serialize)]
struct RequestView<'a> {
    #[serde(flatten)]
    request: &'a Request,
    header_map: serde_json::Map<String, serde_json::Value>,
}

pub fn sample(engine: &Engine, target: SampleTarget, request: &Request) -> Result<Sample> {
    Ok(request_samples(engine, &[target], request)?.remove(0))
}

/// The sample of `request` for each of `targets`, in order. The template context is built once
/// for all targets: turning the request into template values costs about as much as rendering.
pub fn request_samples(engine: &Engine, targets: &[SampleTarget], request: &Request) -> Result<Vec<Sample>> {
    let header_map =
        request.headers.iter().map(|h| (h.name.clone(), serde_json::Value::String(h.value.clone()))).collect();
    let mut context = tera::Context::new();
    context.insert("r", &RequestView { request, header_map });
    targets
        .iter()
        .map(|target| {
            let mut code = engine.render(&target.template_name(), &context)?;
            code.truncate(code.trim_end().len());
            Ok(Sample { target: target.id, info: target.info, label: target.label, fence: fence_for(&code), code })
        })
        .collect()
}

fn fence_for(code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for b in code.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
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

/// The page's Markdown. The template sees `page` and `samples`: the samples of the page's own
/// endpoints by endpoint id (not every endpoint's: a page context is built per page).
pub fn markdown_page(engine: &Engine, page: &GuidePage, samples: &BTreeMap<String, Vec<Sample>>) -> Result<String> {
    let own: BTreeMap<&str, &Vec<Sample>> =
        page.api.endpoints.iter().filter_map(|e| Some((e.id.as_str(), samples.get(&e.id)?))).collect();
    let mut context = tera::Context::new();
    context.insert("page", page);
    context.insert("samples", &own);
    let text = engine.render("pages/guide.md.tera", &context)?;
    Ok(format!("{}\n", text.trim_end()))
}

/// Markdown to an HTML fragment. Raw HTML in the Markdown is shown as text, never passed
/// through: messages are prose, not markup.
pub fn html_fragment(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

pub fn html_page(engine: &Engine, page: &GuidePage, markdown: &str) -> Result<String> {
    let mut context = tera::Context::new();
    context.insert("page", page);
    context.insert("body", &html_fragment(markdown));
    let text = engine.render("pages/guide.html.tera", &context)?;
    Ok(format!("{}\n", text.trim_end()))
}

/// Renders every page of the model in every configured format, pages in parallel.
/// `page_done` is called once per page rendered (from any thread), for progress reports.
pub fn all(engine: &Engine, config: &Config, model: &Model, page_done: &(dyn Fn() + Sync)) -> Result<Rendered> {
    let samples = samples(engine, config, &model.endpoints)?;
    let per_page: Vec<Vec<OutputFile>> = model
        .pages
        .par_iter()
        .map(|page| {
            let markdown = markdown_page(engine, page, &samples)?;
            let base = PathBuf::from(&page.locale).join(&page.guide);
            let mut files = Vec::with_capacity(2);
            if config.formats.contains(&Format::Html) {
                let html = html_page(engine, page, &markdown)?;
                files.push(OutputFile { path: base.with_extension("html"), contents: html.into_bytes() });
            }
            if config.formats.contains(&Format::Md) {
                files.push(OutputFile { path: base.with_extension("md"), contents: markdown.into_bytes() });
            }
            page_done();
            Ok(files)
        })
        .collect::<Result<_>>()?;
    let mut files: Vec<OutputFile> = per_page.into_iter().flatten().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Rendered { files, pages: model.pages.len(), samples: samples.values().map(Vec::len).sum() })
}
