//! Builds the page model: for each guide and locale, every piece of translated text and the
//! resolved request of each endpoint. Pure: no I/O, no rendering.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::endpoint::{Field, ParameterLocation, ValueType};
use crate::error::{Error, Location, Result};
use crate::incremental::{Digest, Key};
use crate::load::{EndpointFile, Project};
use crate::locale::{Arg, Catalog, LookupError, MissingMessage, StaleMessage};
use crate::request::{self, Request, Source};
use crate::safe;

/// An endpoint ready to render: its id and the request every sample sends.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedEndpoint {
    pub id: String,
    pub guide: String,
    pub request: Request,
    /// The names of its placeholders, as samples show them (`ORG_ID`).
    pub placeholders: Vec<String>,
}

/// A translated paragraph (Markdown) and whether its message is marked to keep raw HTML
/// (Fluent attribute `.html`); unmarked, raw HTML is shown as text in HTML output.
#[derive(Debug, Clone, Serialize)]
pub struct Prose {
    pub text: String,
    pub html: bool,
}

/// The words of the HTML site's controls, from optional messages (English when a project
/// lacks them).
#[derive(Debug, Clone, Serialize)]
pub struct Ui {
    /// `ui-copy`: the copy button.
    pub copy: String,
    /// `ui-copied`: the copy button after a copy.
    pub copied: String,
    /// `ui-samples`: the accessible name of a tab group of samples.
    pub samples: String,
    /// `ui-locales`: the accessible name of the locale switcher.
    pub locales: String,
    /// `ui-guides`: the title of a locale's index page, and the sidebar's group of guides
    /// that name none.
    pub guides: String,
    /// `ui-search`: the label of the search box.
    pub search: String,
    /// `ui-no-results`: what the search says when nothing matches.
    pub no_results: String,
    /// `ui-navigation`: the accessible name of the sidebar.
    pub navigation: String,
}

/// A configured locale as the site names it: `locale-name` in its own words, else its tag.
#[derive(Debug, Clone, Serialize)]
pub struct LocaleInfo {
    pub locale: String,
    pub lang: String,
    pub name: String,
    pub ui: Ui,
}

/// A placeholder of a sample and its description in the page's locale.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceholderNote {
    /// As samples show it: `ORG_ID`, or the host placeholder `{yourDomain}`.
    pub name: String,
    pub description: Prose,
}

/// One guide page in one locale.
#[derive(Debug, Clone, Serialize)]
pub struct GuidePage {
    pub guide: String,
    pub locale: String,
    /// BCP 47 tag for `<html lang>`.
    pub lang: String,
    pub title: String,
    pub intro: Prose,
    pub dashboard: Option<Dashboard>,
    pub api: ApiSection,
    /// The host placeholder and its description (message `host-placeholder`), when defined.
    pub host: Option<PlaceholderNote>,
    pub ui: Ui,
    /// The sidebar group the guide is listed under (its first endpoint's `group`), if any.
    pub group: Option<String>,
    /// What the search finds the guide by besides its title: each endpoint's method and path.
    pub operations: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub heading: String,
    pub intro: Prose,
    pub steps: Vec<Prose>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApiSection {
    pub heading: String,
    /// The heading is an operation (`GET /api/v2/users`), shown as code: the page of one
    /// reference endpoint is headed by its own operation rather than the API's name.
    pub heading_is_code: bool,
    pub intro: Prose,
    pub endpoints: Vec<EndpointSection>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndpointSection {
    pub id: String,
    /// The method and path (`GET /api/v2/users/{id}`), shown on reference pages (an endpoint
    /// that lists its parameters).
    pub operation: Option<String>,
    pub intro: Option<Prose>,
    pub placeholders: Table,
    /// The placeholders with their descriptions, for the HTML site's hover notes.
    pub placeholder_notes: Vec<PlaceholderNote>,
    /// Every parameter the operation takes (optional ones included), when the endpoint lists them.
    pub parameters: Option<TableSection>,
    /// The request body's fields, nested ones by their path (`user.address.city`).
    pub fields: Option<TableSection>,
    pub responses: ResponsesSection,
}

/// A heading and its table.
#[derive(Debug, Clone, Serialize)]
pub struct TableSection {
    pub heading: String,
    pub table: Table,
}

/// A response's example body, formatted: JSON indented, a string as it is.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseExample {
    pub status: u16,
    /// The response's message, as its row says it.
    pub message: String,
    /// The fence info string: `json` or `text`.
    pub info: &'static str,
    pub code: String,
    /// A Markdown fence longer than any backtick run in `code`.
    pub fence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponsesSection {
    pub heading: String,
    pub intro: String,
    pub table: Table,
    /// The heading over the examples (message `examples-heading`), when there are examples.
    pub examples_heading: Option<String>,
    pub examples: Vec<ResponseExample>,
}

/// A Markdown table whose cells are already escaped for a table row.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Everything the render stage needs.
#[derive(Debug, Clone)]
pub struct Model {
    pub endpoints: Vec<ResolvedEndpoint>,
    pub pages: Vec<GuidePage>,
    /// Every configured locale (not only those rendered), for the locale switcher.
    pub locales: Vec<LocaleInfo>,
    /// Messages a locale lacks and took from its fallback, sorted.
    pub missing: Vec<MissingMessage>,
    /// Translations whose English source changed since they were made, sorted.
    pub stale: Vec<StaleMessage>,
    /// Messages of the rendered locales that still read as English (stubs, or identical to it).
    pub untranslated: Vec<crate::locale::UntranslatedMessage>,
    /// Declared placeholders that no request field uses, where they are declared.
    pub unused_placeholders: Vec<(Location, String)>,
}

/// A message that the pages need and the default locale does not define (every fallback
/// chain ends there, so a page of some locale would have no text for it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UndefinedMessage {
    pub id: String,
    /// The guide whose page needs it (its messages live in `<guide>.ftl`); empty for a
    /// message every page shares.
    pub guide: String,
    /// The place in an endpoint file that names it, when one does.
    pub at: Option<Location>,
    /// The endpoint it describes, when one does.
    pub endpoint: Option<String>,
    /// The variables it may use (`$method`, `$path`, …).
    pub variables: Vec<String>,
}

/// What keeps a model from being built, all of it: the problems of every endpoint and every
/// message, so that one run shows them all.
#[derive(Debug, Default)]
pub struct Problems {
    /// Messages no locale defines, each once.
    pub undefined: Vec<UndefinedMessage>,
    /// Every other input error.
    pub errors: Vec<Error>,
}

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.undefined.is_empty() && self.errors.is_empty()
    }

    /// All problems as one error, or none.
    pub fn into_error(self, default_dir: &std::path::Path) -> Option<Error> {
        let mut errors = self.errors;
        let default_locale = default_dir.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        for m in self.undefined {
            let help = format!(
                "add `{} = ...` to {} (and translate it in the other locales), or run `apiglot messages --write-missing` to write a stub of every missing message",
                m.id,
                default_dir.join(message_file(&m.guide)).display()
            );
            let message = format!("message `{}` is not defined in {default_locale}, the default locale", m.id);
            errors.push(match m.at {
                Some(at) => Error::input(at, message, help),
                None => Error::project(default_dir, message, help),
            });
        }
        Error::many(errors)
    }
}

/// The file of a locale folder that holds a guide's messages (`common.ftl` for shared ones).
pub fn message_file(guide: &str) -> String {
    if guide.is_empty() {
        "common.ftl".to_string()
    } else {
        format!("{guide}.ftl")
    }
}

/// Builds the model for `locales` (all of the project's when empty); every problem it finds
/// comes back at once.
pub fn build(project: &Project, catalog: &Catalog, locales: &[String]) -> Result<Model> {
    let (model, problems) = survey(project, catalog, locales);
    let default_dir = project.root.join("locales").join(&project.config.default_locale);
    match problems.into_error(&default_dir) {
        Some(error) => Err(error),
        None => Ok(model),
    }
}

/// Builds the model as far as it goes, with every problem found on the way; where a message
/// is undefined the model holds an empty text, so it is only for looking at the problems.
pub fn survey(project: &Project, catalog: &Catalog, locales: &[String]) -> (Model, Problems) {
    let (endpoints, unused_placeholders, problems) = resolve(project);
    let (outline, pages, problems, _) =
        pass(project, catalog, locales, endpoints, unused_placeholders, problems, true, None, false);
    let model = Model {
        endpoints: outline.endpoints,
        pages,
        locales: outline.locales,
        missing: outline.missing,
        stale: outline.stale,
        untranslated: outline.untranslated,
        unused_placeholders: outline.unused_placeholders,
    };
    (model, problems)
}

/// [`survey`] without the pages' text: each page is made, looked at for problems and dropped,
/// so that a build of 10,000 guides does not hold 30,000 pages; the renderer makes a guide's
/// pages again when it renders them ([`Outline::guide_pages`]).
pub fn outline<'a>(project: &'a Project, catalog: &'a Catalog, locales: &[String]) -> (Outline<'a>, Problems) {
    let (outline, problems, _) = outline_reusing(project, catalog, locales, None, false);
    (outline, problems)
}

/// [`outline`] that takes from `reuse` each page that nothing it used changed since, and
/// returns the memo of this model for the next one when `remember` asks for it (else an empty
/// one: the message ids of every page are not kept).
pub fn outline_reusing<'a>(
    project: &'a Project,
    catalog: &'a Catalog,
    locales: &[String],
    reuse: Option<&Reuse>,
    remember: bool,
) -> (Outline<'a>, Problems, Memo) {
    let (endpoints, unused_placeholders, problems) = resolve(project);
    let (outline, _, problems, memo) =
        pass(project, catalog, locales, endpoints, unused_placeholders, problems, false, reuse, remember);
    (outline, problems, memo)
}

/// Every endpoint's request, resolved, with the placeholders no request field uses.
fn resolve(project: &Project) -> (Vec<ResolvedEndpoint>, Vec<(Location, String)>, Problems) {
    let mut problems = Problems::default();
    let mut endpoints = Vec::new();
    let mut unused_placeholders = Vec::new();
    for file in &project.endpoints {
        let src = Source { file: &file.path, text: &file.source };
        let request = match request::resolve(&file.endpoint, &project.config.host_placeholder, &src) {
            Ok(request) => request,
            Err(error) => {
                problems.errors.push(error);
                continue;
            }
        };
        for name in request::unused_placeholders(&file.endpoint) {
            let at = Location::of_text(&file.path, &file.source, &format!("name: {name}"));
            unused_placeholders.push((at, name.to_string()));
        }
        let placeholders = file.endpoint.placeholders.iter().map(|p| p.name.clone()).collect();
        endpoints.push(ResolvedEndpoint {
            id: file.endpoint.id.clone(),
            guide: file.endpoint.guide.clone(),
            request,
            placeholders,
        });
    }
    (endpoints, unused_placeholders, problems)
}

/// One page's make: the page (when asked to keep it), what a build's lists need of it, and
/// what went wrong on the way.
type Made = (Option<GuidePage>, Option<PageEntry>, Vec<MissingMessage>, Problems);

/// Makes every page (guides in parallel, each page's problems kept apart and then joined in
/// the order of a sequential pass: locale by locale, guide by guide), keeping the pages only
/// when `keep`.
#[allow(clippy::too_many_arguments)]
fn pass<'a>(
    project: &'a Project,
    catalog: &'a Catalog,
    locales: &[String],
    endpoints: Vec<ResolvedEndpoint>,
    unused_placeholders: Vec<(Location, String)>,
    mut problems: Problems,
    keep: bool,
    reuse: Option<&Reuse>,
    remember: bool,
) -> (Outline<'a>, Vec<GuidePage>, Problems, Memo) {
    use rayon::prelude::*;
    let mut guides: BTreeMap<&str, Vec<&EndpointFile>> = BTreeMap::new();
    for file in &project.endpoints {
        guides.entry(file.endpoint.guide.as_str()).or_default().push(file);
    }
    let guides: Vec<(&str, Vec<&EndpointFile>)> = guides.into_iter().collect();

    let mut missing = Vec::new();
    let mut infos = Vec::new();
    for locale in &project.config.locales {
        let lang = catalog.locale(locale).map_or_else(|| locale.clone(), |l| l.langid.to_string());
        // Fallbacks are reported only for the locales being rendered.
        let mut unreported = Vec::new();
        let sink = if locales.contains(locale) { &mut missing } else { &mut unreported };
        let mut t = Translator {
            catalog,
            locale,
            missing: sink,
            guide: "",
            problems: &mut problems,
            trace: None,
            used: Vec::new(),
        };
        let Ok(ui) = ui(&mut t) else { continue };
        let name = t.words("locale-name", locale).unwrap_or_else(|_| locale.clone());
        infos.push(LocaleInfo { locale: locale.clone(), lang, name, ui });
    }
    let rendered: Vec<(String, String)> = locales
        .iter()
        .map(|l| (l.clone(), catalog.locale(l).map_or_else(|| l.clone(), |x| x.langid.to_string())))
        .collect();
    // A small site keeps the pages it made, so that rendering does not make them again; a
    // big one keeps the first guides' pages only, up to KEPT_PAGES, and makes the rest again.
    let kept_guides = if keep { guides.len() } else { KEPT_PAGES / rendered.len().max(1) };
    // Each guide's pages are hashed as they are made: the guide's key says whether an
    // incremental build may keep its files (see `crate::incremental`).
    // A page that `reuse` says nothing it used changed is taken from the memo, not made.
    let reused = |guide: &str, locale: &str| -> Option<&PageMemo> {
        let reuse = reuse?;
        if reuse.guides.contains(guide) {
            return None;
        }
        let memo = reuse.memo.pages.get(guide)?.get(locale)?;
        memo.used.iter().all(|id| !reuse.messages.contains(id)).then_some(memo)
    };
    type Remembered = (Made, Option<std::sync::Arc<[String]>>);
    let (made, page_keys): (Vec<Vec<Remembered>>, Vec<Vec<Key>>) = guides
        .par_iter()
        .enumerate()
        .map(|(index, (guide, files))| {
            rendered
                .iter()
                .map(|(locale, lang)| {
                    if let Some(memo) = reused(guide, locale) {
                        let made = (None, Some(memo.entry.clone()), Vec::new(), Problems::default());
                        return ((made, Some(std::sync::Arc::clone(&memo.used))), memo.key);
                    }
                    let mut missing = Vec::new();
                    let mut problems = Problems::default();
                    let mut used = Vec::new();
                    let page =
                        make_page(project, catalog, locale, lang, guide, files, &mut missing, &mut problems, &mut used);
                    let mut digest = Digest::default();
                    digest.json(&page);
                    let entry = page.as_ref().map(PageEntry::of);
                    // Only a page made without a problem is remembered: one with a problem is
                    // made again, so that its problem is reported again.
                    let used = (remember && page.is_some() && problems.is_empty()).then(|| {
                        used.sort();
                        used.dedup();
                        std::sync::Arc::from(used)
                    });
                    (((page.filter(|_| index < kept_guides), entry, missing, problems), used), digest.finish())
                })
                .unzip()
        })
        .unzip();
    // Each guide's endpoints as its pages' keys take them: hashed again only for a guide
    // whose endpoint files changed.
    let resolved: std::collections::HashMap<&str, &ResolvedEndpoint> =
        endpoints.iter().map(|e| (e.id.as_str(), e)).collect();
    let endpoint_keys: Vec<Key> = guides
        .par_iter()
        .map(|(guide, files)| {
            let kept = reuse.filter(|r| !r.guides.contains(*guide)).and_then(|r| r.memo.endpoint_keys.get(*guide));
            if let Some(key) = kept {
                return *key;
            }
            let mut digest = Digest::default();
            for file in files {
                digest.json(&resolved.get(file.endpoint.id.as_str()));
            }
            digest.finish()
        })
        .collect();
    // What the next preview build may take from this one.
    let mut memo = Memo::default();
    for (g, (guide, _)) in guides.iter().enumerate() {
        memo.endpoint_keys.insert(guide.to_string(), endpoint_keys[g]);
    }
    for (g, (guide, _)) in guides.iter().enumerate() {
        for (l, (locale, _)) in rendered.iter().enumerate() {
            let ((_, entry, _, _), used) = &made[g][l];
            if let (Some(entry), Some(used)) = (entry, used) {
                let page = PageMemo { key: page_keys[g][l], entry: entry.clone(), used: std::sync::Arc::clone(used) };
                memo.pages.entry(guide.to_string()).or_default().insert(locale.clone(), page);
            }
        }
    }
    let made: Vec<Vec<Made>> =
        made.into_iter().map(|pages| pages.into_iter().map(|(made, _)| made).collect()).collect();
    let mut made: Vec<std::vec::IntoIter<Made>> = made.into_iter().map(Vec::into_iter).collect();
    let mut pages = Vec::new();
    let mut entries = Vec::new();
    let mut kept: Vec<Vec<GuidePage>> = if keep { Vec::new() } else { guides.iter().map(|_| Vec::new()).collect() };
    for _ in &rendered {
        for (index, of_guide) in made.iter_mut().enumerate() {
            let (page, entry, page_missing, page_problems) = of_guide.next().expect("one per rendered locale");
            match kept.get_mut(index) {
                Some(of_guide) => of_guide.extend(page),
                None => pages.extend(page),
            }
            entries.extend(entry);
            missing.extend(page_missing);
            problems.errors.extend(page_problems.errors);
            problems.undefined.extend(page_problems.undefined);
        }
    }
    missing.sort();
    missing.dedup();
    // A message that did not parse is reported as such, not as undefined.
    problems.undefined.retain(|m| !catalog.broken(&m.id));
    problems.undefined.sort();
    problems.undefined.dedup();
    // The warnings, which a model that reuses pages (the preview's, which shows none) leaves out.
    let stale = locales.iter().filter(|_| reuse.is_none()).flat_map(|l| catalog.stale(l)).collect();
    let untranslated = locales.iter().filter(|_| reuse.is_none()).flat_map(|l| catalog.untranslated(l)).collect();
    let outline = Outline {
        endpoints,
        locales: infos,
        pages: entries,
        missing,
        stale,
        untranslated,
        unused_placeholders,
        project,
        catalog,
        rendered,
        guides,
        page_keys,
        endpoint_keys,
        kept: kept.into_iter().map(|pages| std::sync::Mutex::new(Some(pages).filter(|p| !p.is_empty()))).collect(),
    };
    (outline, pages, problems, memo)
}

/// What a model keeps of each page it made without a problem, so that the next model (the
/// preview's, after a change) makes only the pages whose messages or endpoints changed.
#[derive(Default)]
pub struct Memo {
    /// By guide, then by rendered locale.
    pages: std::collections::HashMap<String, std::collections::HashMap<String, PageMemo>>,
    /// The hash of each guide's resolved endpoints.
    endpoint_keys: std::collections::HashMap<String, Key>,
}

/// What the model needs of a page it does not make again.
struct PageMemo {
    key: Key,
    entry: PageEntry,
    /// Every message id the page asked for, sorted.
    used: std::sync::Arc<[String]>,
}

/// What changed since a [`Memo`] was made, for [`outline_reusing`]. Exact only when every
/// change is named: the preview names the messages of the files it read again, and falls
/// back to making every page when it cannot. A model made with it lists no warnings (stale
/// and untranslated messages, and the fallbacks of the pages it did not make): its one
/// user, the preview, shows none.
pub struct Reuse<'r> {
    pub memo: &'r Memo,
    /// Ids of messages (and terms, `-term`) whose text changed, was added or removed in any
    /// locale, with every message whose text names one of them.
    pub messages: &'r std::collections::HashSet<String>,
    /// Guides whose endpoint files changed, were added or removed.
    pub guides: &'r std::collections::HashSet<String>,
}

/// The page of `guide` in `locale`, or none when a problem (now in `problems`) stopped it.
#[allow(clippy::too_many_arguments)]
fn make_page(
    project: &Project,
    catalog: &Catalog,
    locale: &str,
    lang: &str,
    guide: &str,
    files: &[&EndpointFile],
    missing: &mut Vec<MissingMessage>,
    problems: &mut Problems,
    used: &mut Vec<String>,
) -> Option<GuidePage> {
    let mut t = Translator { catalog, locale, missing, guide, problems, trace: None, used: Vec::new() };
    let page = match guide_page(&mut t, guide, files, lang) {
        Ok(mut page) => {
            page.host = t
                .optional("host-placeholder", &[])
                .ok()
                .flatten()
                .map(|description| PlaceholderNote { name: project.config.host_placeholder.clone(), description });
            Some(page)
        }
        Err(error) => {
            t.problems.errors.push(error);
            None
        }
    };
    *used = std::mem::take(&mut t.used);
    page
}

/// What the lists of a site (the indexes, the navigation, mdBook's summaries) need of a page.
#[derive(Debug, Clone, Serialize)]
pub struct PageEntry {
    pub guide: String,
    pub locale: String,
    pub title: String,
    pub group: Option<String>,
    pub operations: Vec<String>,
    /// The page describes the host placeholder.
    pub host: bool,
}

impl PageEntry {
    fn of(page: &GuidePage) -> PageEntry {
        PageEntry {
            guide: page.guide.clone(),
            locale: page.locale.clone(),
            title: page.title.clone(),
            group: page.group.clone(),
            operations: page.operations.clone(),
            host: page.host.is_some(),
        }
    }
}

/// The model as a build streams it: everything but the pages' text, which
/// [`Outline::guide_pages`] makes one guide at a time.
pub struct Outline<'a> {
    pub endpoints: Vec<ResolvedEndpoint>,
    /// Every configured locale (not only those rendered), for the locale switcher.
    pub locales: Vec<LocaleInfo>,
    /// Every page, in the order of [`Model::pages`] (locale by locale, guide by guide).
    pub pages: Vec<PageEntry>,
    pub missing: Vec<MissingMessage>,
    pub stale: Vec<StaleMessage>,
    pub untranslated: Vec<crate::locale::UntranslatedMessage>,
    pub unused_placeholders: Vec<(Location, String)>,
    project: &'a Project,
    catalog: &'a Catalog,
    /// The rendered locales with their language tags.
    rendered: Vec<(String, String)>,
    guides: Vec<(&'a str, Vec<&'a EndpointFile>)>,
    /// The hash of each guide's page in each rendered locale, as the survey made it.
    page_keys: Vec<Vec<Key>>,
    /// The hash of each guide's resolved endpoints.
    endpoint_keys: Vec<Key>,
    /// The pages the survey kept, by guide, each taken by the first [`Outline::guide_pages`].
    kept: Vec<std::sync::Mutex<Option<Vec<GuidePage>>>>,
}

/// How many pages an outline keeps from its survey: all of a site of 450 guides in three
/// locales (about 20 MB), a bounded part of a bigger one.
const KEPT_PAGES: usize = 2048;

impl Outline<'_> {
    /// How many guides there are; [`Outline::guide_pages`] takes an index below it.
    pub fn guide_count(&self) -> usize {
        self.guides.len()
    }

    /// How many locales are rendered: the pages of each guide.
    pub fn locale_count(&self) -> usize {
        self.rendered.len()
    }

    /// The name of guide `index`.
    pub fn guide_name(&self, index: usize) -> &str {
        self.guides[index].0
    }

    /// What the files of each page of guide `index` are made from besides the site's
    /// templates and settings (`site`, the key of the rest): the page's text and its guide's
    /// resolved endpoints (see `crate::incremental`). One key per rendered locale, with the
    /// locale.
    pub fn page_keys(&self, index: usize, site: Key) -> Vec<(&str, Key)> {
        let mut digest = Digest::default();
        digest.text(&site.to_string());
        digest.text(self.guides[index].0);
        digest.text(&self.endpoint_keys[index].to_string());
        self.rendered
            .iter()
            .zip(&self.page_keys[index])
            .map(|((locale, _), page)| {
                let mut digest = digest.clone();
                digest.text(locale);
                digest.text(&page.to_string());
                (locale.as_str(), digest.finish())
            })
            .collect()
    }

    /// The ids of the endpoints of guide `index`.
    pub fn guide_endpoints(&self, index: usize) -> impl Iterator<Item = &str> {
        self.guides[index].1.iter().map(|f| f.endpoint.id.as_str())
    }

    /// The pages of guide `index`, one per rendered locale: those the survey kept (once), else
    /// made again from the catalog (an outline is only rendered when its survey found no
    /// problem, so none is lost here).
    pub fn guide_pages(&self, index: usize) -> Result<Vec<GuidePage>> {
        if let Some(pages) = self.kept.get(index).and_then(|k| k.lock().expect("not poisoned").take()) {
            return Ok(pages);
        }
        let (guide, files) = &self.guides[index];
        let mut pages = Vec::with_capacity(self.rendered.len());
        for (locale, lang) in &self.rendered {
            let mut problems = Problems::default();
            let page = make_page(
                self.project,
                self.catalog,
                locale,
                lang,
                guide,
                files,
                &mut Vec::new(),
                &mut problems,
                &mut Vec::new(),
            );
            match (page, problems.errors.pop()) {
                (_, Some(error)) => return Err(error),
                (Some(page), None) => pages.push(page),
                (None, None) => {}
            }
        }
        Ok(pages)
    }
}

/// Formats messages for one locale and records fallbacks.
struct Translator<'a> {
    catalog: &'a Catalog,
    locale: &'a str,
    missing: &'a mut Vec<MissingMessage>,
    /// The guide being modelled; empty for what every page shares.
    guide: &'a str,
    /// Where problems go, so that the model goes on and finds the next one.
    problems: &'a mut Problems,
    /// When tracing (see [`build_traced`]), each formatted message is recorded here and its
    /// text wrapped in [`trace_open`] and [`TRACE_CLOSE`].
    trace: Option<&'a mut Vec<Traced>>,
    /// Every message id asked for (formatted, or looked up in the default locale), so that
    /// the preview makes a page again only when one of them changed.
    used: Vec<String>,
}

/// A message formatted while tracing: its id and the arguments it was formatted with.
#[derive(Debug, Clone)]
pub(crate) struct Traced {
    pub id: String,
    pub args: Vec<(String, Arg)>,
}

/// Closes the text of a traced message. Private-use characters: no message, template or
/// Markdown reader gives them a meaning, so they pass through rendering as plain text.
pub(crate) const TRACE_CLOSE: char = '\u{10FFFD}';
/// The first of the characters that open the text of traced message number n (U+F0000 + n).
const TRACE_FIRST: u32 = 0xF0000;
/// How many messages one traced page may mark; any more are left unmarked.
const TRACE_MAX: usize = 0xFFFD - 1;

/// The character that opens traced message number `n`, if there are enough.
pub(crate) fn trace_open(n: usize) -> Option<char> {
    (n < TRACE_MAX).then(|| char::from_u32(TRACE_FIRST + n as u32)).flatten()
}

/// The number of the traced message a character opens, if it opens one.
pub(crate) fn traced_number(c: char) -> Option<usize> {
    let n = (c as u32).checked_sub(TRACE_FIRST)? as usize;
    (n < TRACE_MAX).then_some(n)
}

/// The guide pages of one locale with every message's text marked by where it starts and
/// ends, and the messages in the order of their marks: a page rendered from them says which
/// message each piece of its text comes from (what `apiglot adopt` places a page's text by).
pub(crate) fn build_traced(
    project: &Project,
    catalog: &Catalog,
    locale: &str,
) -> Result<(Vec<GuidePage>, Vec<Traced>)> {
    let mut guides: BTreeMap<&str, Vec<&EndpointFile>> = BTreeMap::new();
    for file in &project.endpoints {
        guides.entry(file.endpoint.guide.as_str()).or_default().push(file);
    }
    let lang = catalog.locale(locale).map_or_else(|| locale.to_string(), |l| l.langid.to_string());
    let mut missing = Vec::new();
    let mut traced = Vec::new();
    let mut pages = Vec::new();
    let mut problems = Problems::default();
    for (guide, files) in &guides {
        let mut t = Translator {
            catalog,
            locale,
            missing: &mut missing,
            guide,
            problems: &mut problems,
            trace: Some(&mut traced),
            used: Vec::new(),
        };
        pages.push(guide_page(&mut t, guide, files, &lang)?);
    }
    let default_dir = project.root.join("locales").join(&project.config.default_locale);
    match problems.into_error(&default_dir) {
        Some(error) => Err(error),
        None => Ok((pages, traced)),
    }
}

/// Where a message id was asked for, so an undefined one can be pointed at.
enum Wanted<'a> {
    /// Named by the guide's convention (`<guide>-title`) or by the page layout.
    ByConvention,
    /// Named in an endpoint file.
    InEndpoint(&'a EndpointFile),
}

impl Translator<'_> {
    fn text(&mut self, id: &str, args: &[(String, Arg)], wanted: Wanted) -> Result<String> {
        self.prose(id, args, wanted).map(|p| p.text)
    }

    /// A message as a paragraph, with its raw-HTML mark.
    fn prose(&mut self, id: &str, args: &[(String, Arg)], wanted: Wanted) -> Result<Prose> {
        self.used.push(id.to_string());
        match self.catalog.format(self.locale, id, args) {
            Ok(text) => {
                if let Some(m) = text.missing {
                    self.missing.push(m);
                }
                if let Some(trace) = self.trace.as_deref_mut() {
                    if let Some(open) = trace_open(trace.len()) {
                        trace.push(Traced { id: id.to_string(), args: args.to_vec() });
                        return Ok(Prose { text: format!("{open}{}{TRACE_CLOSE}", text.text), html: text.html });
                    }
                }
                Ok(Prose { text: text.text, html: text.html })
            }
            Err(LookupError::Undefined) => {
                let (at, endpoint) = match wanted {
                    Wanted::InEndpoint(file) => (Some(file.at(id)), Some(file.endpoint.id.clone())),
                    Wanted::ByConvention => (None, None),
                };
                let variables = args.iter().map(|(name, _)| name.clone()).collect();
                self.problems.undefined.push(UndefinedMessage {
                    id: id.to_string(),
                    guide: self.guide.to_string(),
                    at,
                    endpoint,
                    variables,
                });
                Ok(Prose { text: String::new(), html: false })
            }
            Err(LookupError::Format { locale, at, errors }) => {
                self.problems.errors.push(Error::input(
                    at,
                    format!("message `{id}` in locale {locale} could not be formatted: {}", errors.join("; ")),
                    "use only the arguments the endpoint provides: $method, $path, $scope and its limits",
                ));
                Ok(Prose { text: String::new(), html: false })
            }
        }
    }

    /// Whether the default locale defines `id`, recorded as used.
    fn has_default(&mut self, id: &str) -> bool {
        self.used.push(id.to_string());
        self.catalog.has_default(id)
    }

    fn optional(&mut self, id: &str, args: &[(String, Arg)]) -> Result<Option<Prose>> {
        if self.has_default(id) {
            self.prose(id, args, Wanted::ByConvention).map(Some)
        } else {
            Ok(None)
        }
    }

    /// An optional message as plain words, or `default`.
    fn words(&mut self, id: &str, default: &str) -> Result<String> {
        Ok(self.optional(id, &[])?.map_or_else(|| default.to_string(), |p| p.text))
    }
}

/// The Fluent arguments every message of an endpoint may use.
pub fn message_args(file: &EndpointFile) -> Vec<(String, Arg)> {
    let e = &file.endpoint;
    let mut args = vec![
        ("method".to_string(), Arg::Text(e.method.to_ascii_uppercase())),
        ("path".to_string(), Arg::Text(e.path.clone())),
    ];
    let scopes: Vec<&str> = e.scope.iter().chain(&e.scopes).map(String::as_str).collect();
    if !scopes.is_empty() {
        args.push(("scope".to_string(), Arg::Text(scopes.join(", "))));
    }
    for (name, value) in &e.limits {
        args.push((name.clone(), Arg::Number(*value)));
    }
    args
}

fn ui(t: &mut Translator) -> Result<Ui> {
    Ok(Ui {
        copy: t.words("ui-copy", "Copy")?,
        copied: t.words("ui-copied", "Copied")?,
        samples: t.words("ui-samples", "Code samples")?,
        locales: t.words("ui-locales", "Language")?,
        guides: t.words("ui-guides", "Guides")?,
        search: t.words("ui-search", "Search")?,
        no_results: t.words("ui-no-results", "No results")?,
        navigation: t.words("ui-navigation", "Navigation")?,
    })
}

fn guide_page(t: &mut Translator, guide: &str, files: &[&EndpointFile], lang: &str) -> Result<GuidePage> {
    let args = message_args(files[0]);
    let title = t.text(&format!("{guide}-title"), &args, Wanted::ByConvention)?;
    let intro = t.prose(&format!("{guide}-intro"), &args, Wanted::ByConvention)?;
    let dashboard = match t.optional(&format!("{guide}-dashboard-intro"), &args)? {
        Some(intro) => {
            let mut steps = Vec::new();
            while let Some(step) = t.optional(&format!("{guide}-dashboard-step-{}", steps.len() + 1), &args)? {
                steps.push(step);
            }
            Some(Dashboard { heading: t.text("dashboard-heading", &args, Wanted::ByConvention)?, intro, steps })
        }
        None => None,
    };
    let mut sections = Vec::new();
    for file in files {
        sections.push(endpoint_section(t, file)?);
    }
    // A guide's own heading (`<guide>-api-heading`) wins; a page of one reference endpoint
    // is headed by its operation (which it then does not repeat); else the API's name.
    let (heading, heading_is_code) = match t.optional(&format!("{guide}-api-heading"), &args)? {
        Some(own) => (own.text, false),
        None => match sections.as_mut_slice() {
            [only] if only.operation.is_some() => (only.operation.take().unwrap_or_default(), true),
            _ => (t.text("api-heading", &args, Wanted::ByConvention)?, false),
        },
    };
    // A guide without an API intro of its own uses the shared `api-intro` (an import writes
    // that one for every guide, so that translators translate it once).
    let own_api_intro = format!("{guide}-api-intro");
    let api_intro =
        if t.has_default(&own_api_intro) || !t.has_default("api-intro") { own_api_intro.as_str() } else { "api-intro" };
    Ok(GuidePage {
        guide: guide.to_string(),
        locale: t.locale.to_string(),
        lang: lang.to_string(),
        title,
        intro,
        dashboard,
        api: ApiSection {
            heading,
            heading_is_code,
            intro: t.prose(api_intro, &args, Wanted::ByConvention)?,
            endpoints: sections,
        },
        host: None,
        ui: ui(t)?,
        group: match files.iter().find_map(|f| f.endpoint.group.as_deref().map(|g| (f, g))) {
            Some((file, id)) => Some(t.text(id, &args, Wanted::InEndpoint(file))?),
            None => None,
        },
        operations: files.iter().map(|f| format!("{} {}", f.endpoint.method, f.endpoint.path)).collect(),
    })
}

fn endpoint_section(t: &mut Translator, file: &EndpointFile) -> Result<EndpointSection> {
    let args = message_args(file);
    let e = &file.endpoint;
    let mut placeholder_rows = Vec::new();
    let mut placeholder_notes = Vec::new();
    for p in &e.placeholders {
        let description = t.prose(&p.description, &args, Wanted::InEndpoint(file))?;
        placeholder_rows.push(vec![cell(&safe::code_span(&p.name)), cell(&description.text)]);
        placeholder_notes.push(PlaceholderNote { name: p.name.clone(), description });
    }
    let mut response_rows = Vec::new();
    let mut examples = Vec::new();
    for r in &e.responses {
        let message = t.text(&r.message, &args, Wanted::InEndpoint(file))?;
        let cause = match &r.cause {
            Some(id) => t.text(id, &args, Wanted::InEndpoint(file))?,
            None => String::new(),
        };
        let code = r.error_code.as_deref().map_or_else(String::new, |c| cell(&safe::code_span(c)));
        response_rows.push(vec![r.status.to_string(), code, cell(&message), cell(&cause)]);
        if let Some(example) = &r.example {
            let (info, code) = match example {
                serde_json::Value::String(text) => ("text", text.clone()),
                value => ("json", serde_json::to_string_pretty(value).unwrap_or_default()),
            };
            let fence = "`".repeat(safe::longest_backtick_run(&code).max(2) + 1);
            examples.push(ResponseExample { status: r.status, message: message.clone(), info, code, fence });
        }
    }
    let parameters = if e.parameters.is_empty() {
        None
    } else {
        let mut rows = Vec::new();
        for p in &e.parameters {
            let location = match p.location {
                ParameterLocation::Path => "parameters-in-path",
                ParameterLocation::Query => "parameters-in-query",
                ParameterLocation::Header => "parameters-in-header",
                ParameterLocation::Cookie => "parameters-in-cookie",
            };
            let facts = Facts { kind: p.kind, items: p.items, format: p.format.as_deref() };
            // A path parameter is always required (a request without it is another path).
            let required = p.required || p.location == ParameterLocation::Path;
            rows.push(vec![
                cell(&safe::code_span(&p.name)),
                t.text(location, &args, Wanted::ByConvention)?,
                cell(&type_words(t, &facts, &args)?),
                t.text(if required { "value-required" } else { "value-optional" }, &args, Wanted::ByConvention)?,
                cell(&described(t, file, p.description.as_deref(), p.default.as_ref(), &p.values, p.example.as_ref())?),
            ]);
        }
        let mut header = |id: &str| t.text(id, &args, Wanted::ByConvention);
        Some(TableSection {
            heading: header("parameters-heading")?,
            table: Table {
                headers: vec![
                    header("parameters-name")?,
                    header("parameters-in")?,
                    header("parameters-type")?,
                    header("parameters-required")?,
                    header("parameters-description")?,
                ],
                rows,
            },
        })
    };
    let fields = if e.fields.is_empty() {
        None
    } else {
        let mut rows = Vec::new();
        field_rows(t, file, &e.fields, "", &mut rows)?;
        let mut header = |id: &str| t.text(id, &args, Wanted::ByConvention);
        Some(TableSection {
            heading: header("fields-heading")?,
            table: Table {
                headers: vec![
                    header("fields-name")?,
                    header("parameters-type")?,
                    header("parameters-required")?,
                    header("parameters-description")?,
                ],
                rows,
            },
        })
    };
    let examples_heading = match examples.is_empty() {
        true => None,
        false => Some(t.text("examples-heading", &args, Wanted::ByConvention)?),
    };
    let mut header = |id: &str| t.text(id, &args, Wanted::ByConvention);
    let placeholders = Table {
        headers: vec![header("placeholders-value")?, header("placeholders-description")?],
        rows: placeholder_rows,
    };
    let table = Table {
        headers: vec![
            header("responses-status")?,
            header("responses-error-code")?,
            header("responses-message")?,
            header("responses-cause")?,
        ],
        rows: response_rows,
    };
    let operation = (!e.parameters.is_empty() || !e.fields.is_empty())
        .then(|| format!("{} {}", e.method.to_ascii_uppercase(), e.path));
    Ok(EndpointSection {
        id: e.id.clone(),
        operation,
        // An endpoint named like its guide (one guide per imported operation) has its intro as
        // the page's intro, so it is not repeated in the API section.
        intro: if e.id == e.guide { None } else { t.optional(&format!("{}-intro", e.id), &args)? },
        placeholders,
        placeholder_notes,
        parameters,
        fields,
        responses: ResponsesSection {
            heading: t.text("responses-heading", &args, Wanted::ByConvention)?,
            intro: t.text("responses-intro", &args, Wanted::ByConvention)?,
            table,
            examples_heading,
            examples,
        },
    })
}

/// What the type and required columns say of a parameter or field.
struct Facts<'a> {
    kind: Option<ValueType>,
    items: Option<ValueType>,
    format: Option<&'a str>,
}

/// A type in the page's words: `type-string`, or `type-array-of` with the item type's words
/// as `$items`; a format follows as code (`date-time`).
fn type_words(t: &mut Translator, facts: &Facts, args: &[(String, Arg)]) -> Result<String> {
    let Some(kind) = facts.kind else { return Ok(String::new()) };
    let mut words = match (kind, facts.items) {
        (ValueType::Array, Some(items)) => {
            let items = t.text(&format!("type-{}", items.name()), args, Wanted::ByConvention)?;
            let mut with_items = args.to_vec();
            with_items.push(("items".to_string(), Arg::Text(items)));
            t.text("type-array-of", &with_items, Wanted::ByConvention)?
        }
        (kind, _) => t.text(&format!("type-{}", kind.name()), args, Wanted::ByConvention)?,
    };
    if let Some(format) = facts.format.filter(|f| !f.is_empty()) {
        words.push_str(" (");
        words.push_str(&safe::code_span(format));
        words.push(')');
    }
    Ok(words)
}

/// A description cell: the description message, then the default, the allowed values and an
/// example, each after its word (`value-default`, `value-one-of`, `value-example`) as code.
fn described(
    t: &mut Translator,
    file: &EndpointFile,
    description: Option<&str>,
    default: Option<&serde_json::Value>,
    values: &[serde_json::Value],
    example: Option<&serde_json::Value>,
) -> Result<String> {
    let args = message_args(file);
    let mut parts = Vec::new();
    if let Some(id) = description {
        parts.push(t.text(id, &args, Wanted::InEndpoint(file))?);
    }
    let code = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => safe::code_span(s),
        other => safe::code_span(&other.to_string()),
    };
    if let Some(default) = default {
        parts.push(format!("{} {}", t.text("value-default", &args, Wanted::ByConvention)?, code(default)));
    }
    if !values.is_empty() {
        let list: Vec<String> = values.iter().map(code).collect();
        parts.push(format!("{} {}", t.text("value-one-of", &args, Wanted::ByConvention)?, list.join(", ")));
    }
    if let Some(example) = example {
        parts.push(format!("{} {}", t.text("value-example", &args, Wanted::ByConvention)?, code(example)));
    }
    Ok(parts.join(" "))
}

/// The rows of the body table: each field by its path (`user.address.city`; an array's item
/// fields after `[]`), nested fields after their parent.
fn field_rows(
    t: &mut Translator,
    file: &EndpointFile,
    fields: &[Field],
    parent: &str,
    rows: &mut Vec<Vec<String>>,
) -> Result<()> {
    let args = message_args(file);
    for f in fields {
        let path = if parent.is_empty() { f.name.clone() } else { format!("{parent}.{}", f.name) };
        let facts = Facts { kind: f.kind, items: f.items, format: f.format.as_deref() };
        rows.push(vec![
            cell(&safe::code_span(&path)),
            cell(&type_words(t, &facts, &args)?),
            t.text(if f.required { "value-required" } else { "value-optional" }, &args, Wanted::ByConvention)?,
            cell(&described(t, file, f.description.as_deref(), f.default.as_ref(), &f.values, None)?),
        ]);
        let child_parent = if f.kind == Some(ValueType::Array) { format!("{path}[]") } else { path };
        field_rows(t, file, &f.fields, &child_parent, rows)?;
    }
    Ok(())
}

/// Escapes text for one Markdown table cell: a pipe would end the cell, a line break the row.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}
