//! apiglot renders API guides and their code samples in many languages and locales from one
//! source of truth.
//!
//! The pipeline, one module a stage: [`load`] reads the project, [`model`] resolves requests
//! and translates prose (pure), [`render`] turns the model into files (pure), and [`output`]
//! is the only writer of `out/`.

pub mod check;
pub mod config;
pub mod endpoint;
pub mod error;
pub mod fsutil;
pub mod har;
pub mod json;
pub mod lang;
pub mod load;
pub mod locale;
pub mod model;
pub mod output;
pub mod page;
pub mod parse;
pub mod render;
pub mod report;
pub mod request;
pub mod target;
pub mod templates;

use std::path::Path;

pub use error::{Error, Result};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Locales to render; all configured ones when empty.
    pub locales: Vec<String>,
    /// Treat a message missing in a locale as an error instead of falling back.
    pub strict: bool,
}

/// The result of rendering a project, before anything is written.
pub struct Build {
    pub rendered: render::Rendered,
    /// Messages that a locale lacks and took from its fallback chain.
    pub missing: Vec<locale::MissingMessage>,
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
    (&options.locales, options.strict).hash(&mut hasher);
    sources.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// Loads, models and renders the project at `root`. Writes nothing.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Build> {
    build_with_progress(root, options, &())
}

/// [`build`], reporting rendering progress to `progress`.
pub fn build_with_progress(root: &Path, options: &BuildOptions, progress: &dyn Progress) -> Result<Build> {
    let project = load::project(root)?;
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
    let (model, engine) = prepare(&project, &locales)?;
    if options.strict && !model.missing.is_empty() {
        return Err(Error::Messages(model.missing.iter().map(describe_missing).collect()));
    }
    progress.rendering(model.pages.len());
    let rendered = render::all(&engine, &project.config, &model, &|| progress.page_done())?;
    Ok(Build { rendered, missing: model.missing })
}

/// The model of `project` in `locales` and the template engine that renders it: what
/// `build`, `check` and the tests all start from.
pub fn prepare(project: &load::Project, locales: &[String]) -> Result<(model::Model, templates::Engine)> {
    let catalog = locale::Catalog::build(&project.config, project.locales.clone())?;
    let model = model::build(project, &catalog, locales)?;
    let engine = templates::Engine::new(&project.templates)?;
    Ok((model, engine))
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
    ids: Vec<String>,
    requests: Vec<request::Request>,
    engine: templates::Engine,
}

impl HarSamples {
    /// Reads and resolves every request of `text`, read from `file`.
    pub fn new(text: &str, file: &Path) -> Result<HarSamples> {
        use rayon::prelude::*;
        let captured = har::parse(text, file)?;
        let host_placeholder = config::Config::default().host_placeholder;
        let requests = captured
            .par_iter()
            .map(|r| {
                // har::parse hands over only what resolve accepts; should it still refuse a
                // request, the error points at the request in the HAR file.
                let src = request::Source { file, text: "" };
                request::resolve(&r.endpoint, &host_placeholder, &src).map_err(|e| match e {
                    Error::Input { message, help, .. } => {
                        Error::Json { file: file.to_path_buf(), pointer: r.pointer.clone(), message, help }
                    }
                    other => other,
                })
            })
            .collect::<Result<_>>()?;
        let ids = captured.into_iter().map(|r| r.endpoint.id).collect();
        Ok(HarSamples { ids, requests, engine: templates::Engine::new(&[])? })
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
        targets: &[target::SampleTarget],
    ) -> Result<Vec<RequestSamples>> {
        use rayon::prelude::*;
        self.requests[range.clone()]
            .par_iter()
            .zip(&self.ids[range])
            .map(|(request, id)| {
                Ok(RequestSamples { id: id.clone(), samples: render::request_samples(&self.engine, targets, request)? })
            })
            .collect()
    }
}

/// One line for a message a locale lacks.
pub fn describe_missing(m: &locale::MissingMessage) -> String {
    format!("locale {}: message `{}` is missing (used the one in {})", m.locale, m.id, m.used_from.display())
}
