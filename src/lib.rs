//! apiglot renders API guides and their code samples in many languages and locales from one
//! source of truth.
//!
//! The pipeline, one module a stage: [`load`] reads the project, [`model`] resolves requests
//! and translates prose (pure), [`render`] turns the model into files (pure), and [`output`]
//! is the only writer of `out/` (through [`staging`], which swaps the new tree in whole).
//!
//! The check is the other pipeline, all under [`check`]: `check::page` reads a published page,
//! [`parse`] reads each sample back into a request, `check` compares it with the model, and
//! `check::report` prints the findings.

pub mod adopt;
pub mod check;
pub mod config;
pub mod endpoint;
pub mod error;
pub mod exchange;
pub mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
pub mod grammars;
pub mod har;
pub mod highlight;
pub mod import;
pub mod incremental;
pub mod init;
pub mod json;
pub mod lang;
pub mod load;
pub mod locale;
pub mod messages;
pub mod model;
pub mod output;
pub mod parse;
pub mod render;
pub mod request;
pub mod safe;
pub mod serve;
pub mod skeleton;
pub mod staging;
pub mod strings;
pub mod targets;
pub mod templates;
pub mod xml;

use std::path::Path;

pub use check::{page, report, security};
pub use error::{Error, Result};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Locales to render; all configured ones when empty.
    pub locales: Vec<String>,
    /// Treat a message missing in a locale as an error instead of falling back.
    pub strict: bool,
    /// The Markdown flavor, overriding `flavor` in apiglot.toml.
    pub flavor: Option<config::Flavor>,
}

/// What a build rendered and found. `rendered.files` holds the files only where a build keeps
/// them in memory ([`build`]); [`build_into`] streams them to a sink instead.
pub struct Build {
    pub rendered: render::Rendered,
    /// Messages that a locale lacks and took from its fallback chain.
    pub missing: Vec<locale::MissingMessage>,
    /// Translations whose English source changed since they were made.
    pub stale: Vec<locale::StaleMessage>,
    /// Messages of the rendered locales that still read as English (stubs, or identical to it).
    pub untranslated: Vec<locale::UntranslatedMessage>,
    /// Declared placeholders that no request field uses, where they are declared.
    pub unused_placeholders: Vec<(error::Location, String)>,
    /// What each page was rendered from and to, for the next incremental build.
    pub records: incremental::Records,
    /// Pages whose files were kept from the previous build instead of rendered.
    pub kept_pages: usize,
}

/// Told how far a build has come, for a progress bar; the library itself never prints.
pub trait Progress: Sync {
    /// Rendering starts: `total` pages are to be rendered.
    fn rendering(&self, _total: usize) {}
    /// One more page is rendered (called from any thread).
    fn page_done(&self) {}
}

/// No progress reports.
impl Progress for () {}

/// A hash of everything a build's output depends on: the project's files (`load::sources`),
/// the options, and the apiglot binary itself (its size and modification time, so a rebuilt
/// apiglot never trusts outputs of an older one).
pub fn fingerprint(sources: &[(std::path::PathBuf, Vec<u8>)], options: &BuildOptions) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    let exe = std::env::current_exe().and_then(std::fs::metadata).ok();
    exe.map(|m| (m.len(), m.modified().ok())).hash(&mut hasher);
    (&options.locales, options.strict, format!("{:?}", options.flavor)).hash(&mut hasher);
    sources.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// Loads, models and renders the project at `root`. Writes nothing.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Build> {
    build_with_progress(root, options, &())
}

/// [`build`], reporting rendering progress to `progress`: every file kept in memory (the
/// preview's way; `apiglot build` streams them with [`build_into`]).
pub fn build_with_progress(root: &Path, options: &BuildOptions, progress: &dyn Progress) -> Result<Build> {
    let (mut build, memory) = build_into(root, options, progress, || Ok(output::Memory::default()))?;
    build.rendered.files = memory.into_files();
    Ok(build)
}

/// How many rendered guides may wait for the output sink of [`build_into`]: with the pages
/// the pool's threads are rendering, the most a build holds.
pub const QUEUED_GUIDES: usize = 8;

/// How many threads put rendered files into the sink. Creating a file can cost more CPU in the
/// kernel than rendering it: ext4 without a journal skips, at each new inode, every inode freed
/// in the last minutes (`rm -rf out` before a clean build), and one writer then kept one core
/// busy long after rendering ended.
const WRITERS: usize = 2;

/// Loads and models the project at `root`, then renders it a guide at a time (guides in
/// parallel), handing each guide's files to `sink` as soon as they are rendered: a build holds
/// the pages in flight, never the whole site. `open` makes the sink once the model is known to
/// hold no problem, so that an input error opens nothing. The [`Build`] returned holds no
/// files (`rendered.files` is empty); on an error the sink is dropped unfinished.
pub fn build_into<S: output::Sink>(
    root: &Path,
    options: &BuildOptions,
    progress: &dyn Progress,
    open: impl FnOnce() -> Result<S>,
) -> Result<(Build, S)> {
    build_incremental(root, options, progress, &incremental::Records::new(), open)
}

/// [`build_into`] that keeps the files of each page whose key is the one `previous` records
/// (see [`incremental`]) when the sink can keep them ([`output::Sink::keep`]), and renders
/// the rest. The lists (indexes, navigation, assets) are always rendered: they are cheap and
/// depend on every guide.
pub fn build_incremental<S: output::Sink>(
    root: &Path,
    options: &BuildOptions,
    progress: &dyn Progress,
    previous: &incremental::Records,
    open: impl FnOnce() -> Result<S>,
) -> Result<(Build, S)> {
    let timer = Timer::new();
    let (project, load_errors) = load_for(root, options)?;
    timer.lap("load");
    let cache = Cache::default();
    build_loaded(&project, load_errors, options, progress, previous, &cache, open)
}

/// The project at `root` as [`load::survey`] reads it, with the options' flavor.
pub fn load_for(root: &Path, options: &BuildOptions) -> Result<(load::Project, Vec<Error>)> {
    let (mut project, load_errors) = load::survey(root)?;
    if let Some(flavor) = options.flavor {
        project.config.flavor = flavor;
    }
    Ok((project, load_errors))
}

/// What one build hands the next in the same process (the preview): the parsed locales,
/// and the model's memo of its pages with what changed since it was made.
#[derive(Default)]
pub struct Cache {
    pub locales: locale::LocaleCache,
    /// Whether a build keeps the model's memo for the next one: only the preview builds
    /// again, and a memo holds every page's message ids (tens of megabytes for 10,000 guides).
    remember_model: bool,
    model: std::sync::Mutex<Option<ModelMemo>>,
    /// The template engine, with the key of the project's templates it compiled.
    engine: std::sync::Mutex<Option<(incremental::Key, std::sync::Arc<templates::Engine>)>>,
}

/// A model's memo and the changes named since.
struct ModelMemo {
    memo: model::Memo,
    messages: std::collections::HashSet<String>,
    guides: std::collections::HashSet<String>,
}

impl Cache {
    /// The cache of a process that builds again and again (the preview): the model's memo is
    /// kept from build to build.
    pub fn remembering() -> Cache {
        Cache { remember_model: true, ..Cache::default() }
    }

    /// The messages and terms (`-term`) whose text changed since the last build.
    pub fn messages_changed(&self, ids: impl IntoIterator<Item = String>) {
        if let Some(model) = self.model.lock().expect("not poisoned").as_mut() {
            model.messages.extend(ids);
        }
    }

    /// A guide whose endpoint files changed since the last build.
    pub fn guide_changed(&self, guide: &str) {
        if let Some(model) = self.model.lock().expect("not poisoned").as_mut() {
            model.guides.insert(guide.to_string());
        }
    }

    /// The engine of the project's templates (see [`engine`]): the last one when they are the
    /// same and nothing else went wrong.
    fn engine(&self, project: &load::Project, errors: Vec<Error>) -> Result<std::sync::Arc<templates::Engine>> {
        let mut digest = incremental::Digest::default();
        for template in &project.templates {
            digest.text(&template.name);
            digest.text(&template.path.to_string_lossy());
            digest.text(&template.source);
        }
        let key = digest.finish();
        let mut cached = self.engine.lock().expect("not poisoned");
        if let Some((_, engine)) = cached.as_ref().filter(|(k, _)| *k == key && errors.is_empty()) {
            return Ok(std::sync::Arc::clone(engine));
        }
        let engine = std::sync::Arc::new(engine(project, errors)?);
        *cached = Some((key, std::sync::Arc::clone(&engine)));
        Ok(engine)
    }

    /// Something changed that the cache cannot name: the next build makes every page.
    pub fn forget_model(&self) {
        *self.model.lock().expect("not poisoned") = None;
    }
}

/// [`build_incremental`] of a project already read ([`load_for`]), with the problems its
/// reading found, taking from `cache` what did not change since the last build.
pub fn build_loaded<S: output::Sink>(
    project: &load::Project,
    load_errors: Vec<Error>,
    options: &BuildOptions,
    progress: &dyn Progress,
    previous: &incremental::Records,
    cache: &Cache,
    open: impl FnOnce() -> Result<S>,
) -> Result<(Build, S)> {
    use rayon::prelude::*;
    let timer = Timer::new();
    let root = &project.root;
    let locales = if options.locales.is_empty() {
        project.config.locales.clone()
    } else {
        for l in &options.locales {
            if !project.config.locales.contains(l) {
                return Err(Error::project(
                    root.join(load::CONFIG_FILE),
                    format!("locale `{l}` is not configured"),
                    format!("use one of: {}", project.config.locales.join(", ")),
                ));
            }
        }
        options.locales.clone()
    };
    if project.config.formats.contains(&config::Format::Html) {
        let targets: Vec<targets::SampleTarget> =
            project.config.targets.iter().filter_map(|t| targets::SampleTarget::by_id(t)).collect();
        let overridden: Vec<&str> =
            project.templates.iter().filter_map(|t| t.name.strip_prefix("samples/")?.strip_suffix(".tera")).collect();
        highlight::prepare(&targets, &overridden);
    }
    let (catalog, mut errors) = locale::Catalog::survey_cached(&project.config, &project.locales, &cache.locales)?;
    errors.splice(0..0, load_errors);
    timer.lap("catalog");
    // The preview names what changed since its last build: only the pages that used it are
    // made again. A changed term may reach a message through another term: every page then.
    let memo = cache.model.lock().expect("not poisoned").take();
    // A strict build, which fails on warnings, makes every page (the reusing model lists none).
    let memo = memo.filter(|m| !options.strict && !m.messages.iter().any(|id| id.starts_with('-'))).map(|mut m| {
        catalog.add_referencing(&mut m.messages);
        m
    });
    let reuse = memo.as_ref().map(|m| model::Reuse { memo: &m.memo, messages: &m.messages, guides: &m.guides });
    let (outline, problems, memo) =
        model::outline_reusing(project, &catalog, &locales, reuse.as_ref(), cache.remember_model);
    *cache.model.lock().expect("not poisoned") =
        Some(ModelMemo { memo, messages: Default::default(), guides: Default::default() });
    timer.lap("model");
    let engine = cache.engine(project, errors_with(&mut errors, project, problems))?;
    timer.lap("templates");
    let stubs = || outline.untranslated.iter().filter(|m| m.stub);
    if options.strict && !(outline.missing.is_empty() && outline.stale.is_empty() && stubs().next().is_none()) {
        let messages = outline
            .missing
            .iter()
            .map(describe_missing)
            .chain(outline.stale.iter().map(describe_stale))
            .chain(stubs().map(describe_untranslated));
        return Err(Error::Messages(messages.collect()));
    }
    let sink = open()?;
    progress.rendering(outline.pages.len());
    let site = render::Site::new(&engine, &project.config, &outline);
    let site_key = site.key(base_key(project, options, &locales));
    let samples = std::sync::atomic::AtomicUsize::new(0);
    let kept_pages = std::sync::atomic::AtomicUsize::new(0);
    let records = std::sync::Mutex::new(incremental::Records::new());
    // Renderers never wait on the disk: WRITERS threads hand the files to the sink while the
    // pool renders, through a queue of at most QUEUED_GUIDES guides.
    let (queue, queued) = std::sync::mpsc::sync_channel::<Vec<render::OutputFile>>(QUEUED_GUIDES);
    let queued = std::sync::Mutex::new(Some(queued));
    let (rendered, written) = std::thread::scope(|scope| {
        let (sink, queued) = (&sink, &queued);
        let write = move || -> Result<()> {
            loop {
                let files = match &*queued.lock().expect("not poisoned") {
                    Some(queued) => queued.recv().ok(),
                    None => None,
                };
                let Some(files) = files else { return Ok(()) };
                if let Err(e) = sink.add(&files) {
                    // Closes the queue: the renderers stop at their next guide.
                    queued.lock().expect("not poisoned").take();
                    return Err(e);
                }
            }
        };
        let writers: Vec<_> = (0..WRITERS).map(|_| scope.spawn(write)).collect();
        let rendered = (0..site.guides()).into_par_iter().try_for_each_with(queue, |queue, guide| {
            use std::sync::atomic::Ordering::Relaxed;
            // The pages whose key is the one recorded keep their files, if the sink can.
            let mut render = Vec::new();
            let mut kept_samples = None;
            for (locale, key) in site.page_keys(guide, site_key) {
                let name = incremental::page_name(locale, outline.guide_name(guide));
                let key = key.to_string();
                if let Some(record) = previous.get(&name).filter(|r| r.key == key) {
                    if sink.keep(&record.files)? {
                        kept_samples = Some(record.samples);
                        kept_pages.fetch_add(1, Relaxed);
                        progress.page_done();
                        records.lock().expect("not poisoned").insert(name, record.clone());
                        continue;
                    }
                }
                render.push((locale, name, key));
            }
            if render.is_empty() {
                samples.fetch_add(kept_samples.unwrap_or_default(), Relaxed);
                return Ok(());
            }
            let wanted = |locale: &str| render.iter().any(|(l, _, _)| *l == locale);
            let (files, count) = site.guide(guide, &wanted, &|| progress.page_done())?;
            samples.fetch_add(count, Relaxed);
            let mut records = records.lock().expect("not poisoned");
            for (locale, name, key) in render {
                let files = files.iter().filter(|f| f.path.starts_with(locale)).map(|f| f.path.clone()).collect();
                records.insert(name, incremental::PageRecord { key, files, samples: count });
            }
            drop(records);
            // A closed queue means the sink failed: stop, and report the sink's error below.
            queue.send(files).map_err(|_| Error::Io {
                path: std::path::PathBuf::new(),
                source: std::io::Error::other("the output stopped"),
            })
        });
        let written =
            writers.into_iter().try_for_each(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        (rendered, written)
    });
    written?;
    timer.lap("pages");
    rendered?;
    sink.add(&site.lists()?)?;
    timer.lap("lists");
    let rendered = render::Rendered { files: Vec::new(), pages: outline.pages.len(), samples: samples.into_inner() };
    let build = Build {
        rendered,
        missing: outline.missing,
        stale: outline.stale,
        untranslated: outline.untranslated,
        unused_placeholders: outline.unused_placeholders,
        records: records.into_inner().expect("not poisoned"),
        kept_pages: kept_pages.into_inner(),
    };
    Ok((build, sink))
}

/// Prints how long each stage of a build took when `APIGLOT_TIMINGS` is set: the profile of
/// a build without a profiler.
struct Timer {
    last: Option<std::cell::Cell<std::time::Instant>>,
}

impl Timer {
    fn new() -> Timer {
        let on = std::env::var_os("APIGLOT_TIMINGS").is_some_and(|v| !v.is_empty());
        Timer { last: on.then(|| std::cell::Cell::new(std::time::Instant::now())) }
    }

    fn lap(&self, stage: &str) {
        if let Some(last) = &self.last {
            let now = std::time::Instant::now();
            eprintln!("timing: {stage} {:.1} ms", (now - last.get()).as_secs_f64() * 1000.0);
            last.set(now);
        }
    }
}

/// The key of what every page is rendered with (see [`incremental`]): the apiglot binary
/// (its version, size and modification time, as [`fingerprint`] takes it), the options, the
/// rendered locales, the settings and every project template.
fn base_key(project: &load::Project, options: &BuildOptions, locales: &[String]) -> incremental::Key {
    let mut digest = incremental::Digest::default();
    digest.text(env!("CARGO_PKG_VERSION"));
    let exe = std::env::current_exe().and_then(std::fs::metadata).ok();
    digest.text(&format!("{:?}", exe.map(|m| (m.len(), m.modified().ok()))));
    digest.text(&format!("{options:?} {locales:?} {:?}", project.config));
    for template in &project.templates {
        digest.text(&template.name);
        digest.text(&template.source);
    }
    digest.finish()
}

/// The model of `project` in `locales` and the template engine that renders it: what
/// `check` and the tests start from (every page held; a build streams them instead).
pub fn prepare(project: &load::Project, locales: &[String]) -> Result<(model::Model, templates::Engine)> {
    let (catalog, mut errors) = catalog(project, Vec::new())?;
    let (model, problems) = model::survey(project, &catalog, locales);
    let engine = engine(project, errors_with(&mut errors, project, problems))?;
    Ok((model, engine))
}

/// The catalog of the project's locales, with `errors` (the load's) and then the catalog's.
fn catalog(project: &load::Project, mut errors: Vec<Error>) -> Result<(locale::Catalog, Vec<Error>)> {
    let (catalog, catalog_errors) = locale::Catalog::survey(&project.config, project.locales.clone())?;
    errors.extend(catalog_errors);
    Ok((catalog, errors))
}

/// `errors` with the model's `problems` after them.
fn errors_with(errors: &mut Vec<Error>, project: &load::Project, problems: model::Problems) -> Vec<Error> {
    let default_dir = project.root.join("locales").join(&project.config.default_locale);
    errors.extend(problems.into_error(&default_dir));
    std::mem::take(errors)
}

/// The template engine, or every problem found so far (`errors`) with the templates' own
/// last: the load, the catalog, the model and the templates all go on past each problem, so
/// that one run reports all of them.
fn engine(project: &load::Project, mut errors: Vec<Error>) -> Result<templates::Engine> {
    match templates::Engine::new(&project.templates) {
        Ok(engine) => match Error::many(errors) {
            Some(error) => Err(error),
            None => Ok(engine),
        },
        Err(error) => {
            errors.push(error);
            Err(Error::many(errors).expect("the list holds the template's error"))
        }
    }
}

/// The samples of one captured request.
pub struct RequestSamples {
    pub id: String,
    pub samples: Vec<render::Sample>,
}

/// The requests of a HAR file, resolved and ready to render with the built-in templates.
/// Every input error surfaces in [`HarSamples::new`], so rendering in parts (to print each part
/// and drop it, keeping memory flat) never fails half-way.
pub struct HarSamples {
    /// Each request's id and the request.
    requests: Vec<(String, request::Request)>,
    engine: templates::Engine,
}

impl HarSamples {
    /// Reads and resolves every request of `text`, read from `file`, to be rendered into
    /// `targets` (only their templates are compiled). The templates compile while the file is
    /// read: the two are independent.
    pub fn new(text: &str, file: &Path, targets: &[targets::SampleTarget]) -> Result<HarSamples> {
        Self::compiling(targets, || har::requests(text, file))
    }

    /// [`HarSamples::new`] of the HAR file at `file`: the templates compile while the file is
    /// read too.
    pub fn read(file: &Path, targets: &[targets::SampleTarget]) -> Result<HarSamples> {
        Self::compiling(targets, || har::requests(&load::har(file)?, file))
    }

    /// The templates of `targets` compiled on one thread while `requests` runs on another.
    fn compiling(
        targets: &[targets::SampleTarget],
        requests: impl FnOnce() -> Result<Vec<(String, request::Request)>> + Send,
    ) -> Result<HarSamples> {
        let (engine, requests) = rayon::join(|| templates::Engine::for_samples(targets), requests);
        Ok(HarSamples { requests: requests?, engine: engine? })
    }

    /// How many requests the file holds.
    pub fn len(&self) -> usize {
        self.requests.len()
    }

    pub fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// The samples of the requests in `range` for each of `targets`, requests in parallel.
    pub fn render(
        &self,
        range: std::ops::Range<usize>,
        targets: &[targets::SampleTarget],
    ) -> Result<Vec<RequestSamples>> {
        use rayon::prelude::*;
        self.requests[range]
            .par_iter()
            .map(|(id, request)| {
                Ok(RequestSamples { id: id.clone(), samples: render::request_samples(&self.engine, targets, request)? })
            })
            .collect()
    }
}

impl HarSamples {
    /// Prints the samples of every request for each of `targets` to `out` as fenced Markdown
    /// blocks, in request order. Requests are rendered in parallel a part at a time, each
    /// request into one string that each worker's scratch buffer feeds: memory stays flat
    /// however many requests the file holds.
    pub fn write_markdown(&self, targets: &[targets::SampleTarget], out: &mut impl std::io::Write) -> Result<()> {
        use rayon::prelude::*;
        // About half a megabyte of text per part: small enough to stay in the cache between
        // being written and printed, large enough to keep both cores busy.
        const PART: usize = 64;
        let io = |source| Error::Io { path: "standard output".into(), source };
        let blocks = render::MarkdownTargets::new(targets);
        // A request's blocks take about 8 KB: most requests fit the first allocation. The
        // strings are made once and refilled part after part: no allocation per request, and
        // no string freed on another thread than the one that filled it.
        const REQUEST_BYTES: usize = 12 * 1024;
        let mut texts: Vec<String> = (0..PART.min(self.len())).map(|_| String::with_capacity(REQUEST_BYTES)).collect();
        thread_local! {
            /// Each worker's buffer that Tera renders one sample into.
            static CODE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        for part in self.requests.chunks(PART) {
            let texts = &mut texts[..part.len()];
            texts.par_iter_mut().zip(part).try_for_each(|(text, (id, request))| {
                text.clear();
                CODE.with_borrow_mut(|code| render::request_markdown(&self.engine, &blocks, request, id, code, text))
            })?;
            for text in texts.iter() {
                out.write_all(text.as_bytes()).map_err(io)?;
            }
        }
        out.flush().map_err(io)
    }
}

/// One line for a message a locale lacks.
pub fn describe_missing(m: &locale::MissingMessage) -> String {
    format!("locale {}: message `{}` is missing (used the one in {})", m.locale, m.id, m.used_from.display())
}

/// One line for a message that still reads as English.
pub fn describe_untranslated(m: &locale::UntranslatedMessage) -> String {
    let why = if m.stub { "is still a stub" } else { "is the same as the English source" };
    format!("locale {}: message `{}` {why} ({})", m.locale, m.id, m.file.display())
}

/// One line for a translation whose English changed.
pub fn describe_stale(m: &locale::StaleMessage) -> String {
    format!("locale {}: message `{}` is stale (English changed since it was translated)", m.locale, m.id)
}

/// What `apiglot import openapi` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub spec: std::path::PathBuf,
    /// Only operations with one of these tags; all when empty.
    pub tags: Vec<String>,
    /// Where endpoint files go; `endpoints/` of the project by default.
    pub into: Option<std::path::PathBuf>,
}

/// Imports an OpenAPI description into the project at `root`: reads the spec and the project,
/// merges (pure), then writes each changed file atomically. Nothing is written on an error.
pub fn import_openapi(root: &Path, options: &ImportOptions) -> Result<(import::MergeReport, Vec<std::path::PathBuf>)> {
    import(root, options.into.as_deref(), &options.spec, |text, config| {
        import::openapi::parse(
            text,
            &options.spec,
            &import::openapi::Options { tags: &options.tags, host_placeholder: &config.host_placeholder },
        )
    })
}

/// Imports captured requests (a HAR file) into the project at `root`, like [`import_openapi`]:
/// each request becomes an endpoint file with English message skeletons, merged with the project.
pub fn import_har(
    root: &Path,
    file: &Path,
    into: Option<&Path>,
) -> Result<(import::MergeReport, Vec<std::path::PathBuf>)> {
    import(root, into, file, |text, _| Ok(import::har::operations(har::parse(text, file)?)))
}

/// Reads the project and `source`, turns the source into operations with `parse`, merges them
/// (pure), then writes every changed file or none ([`fsutil::write_all_or_nothing`]): nothing
/// is written on an error, not even the import state or an empty endpoints folder.
fn import(
    root: &Path,
    into: Option<&Path>,
    source: &Path,
    parse: impl FnOnce(&str, &config::Config) -> Result<import::Imported>,
) -> Result<(import::MergeReport, Vec<std::path::PathBuf>)> {
    let into = into.map_or_else(|| root.join("endpoints"), Path::to_path_buf);
    let target = load::import_target(root, &into)?;
    let imported = parse(&load::spec(source)?, &target.config)?;
    let locales = target.locales;
    let source_name = source.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let existing = import::Existing {
        root,
        into: &into,
        default_locale: &target.config.default_locale,
        endpoints: &target.endpoints,
        locales: &locales,
        state: target.state,
        spec_name: &source_name,
    };
    let (writes, report) = import::merge(existing, imported)?;
    // No write below `into` goes through a link (`into` itself was checked by the caller).
    for w in &writes {
        if let Ok(rel) = w.path.strip_prefix(&into) {
            if let Some(link) = staging::first_link(&into, rel) {
                return Err(staging::link_error(&into.join(link)));
            }
        }
    }
    let writes: Vec<(std::path::PathBuf, &[u8])> =
        writes.iter().map(|w| (w.path.clone(), w.contents.as_bytes())).collect();
    let written = fsutil::write_all_or_nothing(&writes)?;
    Ok((report, written))
}

/// Records that `locale`'s translations of `ids` (all its translations when empty) are made
/// from today's English, in `locales/<locale>/translated-from.toml`. Returns how many records
/// were added or changed.
pub fn mark_translated(root: &Path, locale: &str, ids: &[String]) -> Result<usize> {
    let project = load::project(root)?;
    let find = |l: &str| project.locales.iter().find(|s| s.locale == l);
    let (Some(source), Some(default)) = (find(locale), find(&project.config.default_locale)) else {
        return Err(Error::project(
            root.join(load::CONFIG_FILE),
            format!("locale `{locale}` is not configured"),
            format!("use one of: {}", project.config.locales.join(", ")),
        ));
    };
    let values = |s: &locale::LocaleSource| {
        s.files.iter().flat_map(|(_, text)| locale::message_values(text)).collect::<std::collections::BTreeMap<_, _>>()
    };
    let english = values(default);
    let own = values(source);
    if let Some(unknown) = ids.iter().find(|id| !own.contains_key(*id) || !english.contains_key(*id)) {
        return Err(Error::project(
            &source.dir,
            format!("locale {locale} has no translation of an English message `{unknown}`"),
            "name messages that both the locale and the default locale define (`apiglot list` shows the stale ones)",
        ));
    }
    let mut record = source.translated_from.clone();
    let mut marked = 0;
    for (id, value) in &english {
        let wanted = if ids.is_empty() { own.contains_key(id) } else { ids.contains(id) };
        if wanted && record.get(id) != Some(value) {
            record.insert(id.clone(), value.clone());
            marked += 1;
        }
    }
    if record != source.translated_from {
        let path = source.dir.join(import::TRANSLATED_FROM);
        fsutil::write_atomic(&path, import::translated_from_toml(&record).as_bytes())?;
    }
    Ok(marked)
}
