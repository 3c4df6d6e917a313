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

/// Loads, models and renders the project at `root`. Writes nothing.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Build> {
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
    let rendered = render::all(&engine, &project.config, &model)?;
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

/// One line for a message a locale lacks.
pub fn describe_missing(m: &locale::MissingMessage) -> String {
    format!("locale {}: message `{}` is missing (used the one in {})", m.locale, m.id, m.used_from.display())
}
