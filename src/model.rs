//! Builds the page model: for each guide and locale, every piece of translated text and the
//! resolved request of each endpoint. Pure: no I/O, no rendering.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Location, Result};
use crate::load::{EndpointFile, Project};
use crate::locale::{Arg, Catalog, LookupError, MissingMessage, StaleMessage};
use crate::request::{self, Request, Source};

/// An endpoint ready to render: its id and the request every sample sends.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedEndpoint {
    pub id: String,
    pub guide: String,
    pub request: Request,
}

/// One guide page in one locale.
#[derive(Debug, Clone, Serialize)]
pub struct GuidePage {
    pub guide: String,
    pub locale: String,
    /// BCP 47 tag for `<html lang>`.
    pub lang: String,
    pub title: String,
    pub intro: String,
    pub dashboard: Option<Dashboard>,
    pub api: ApiSection,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub heading: String,
    pub intro: String,
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApiSection {
    pub heading: String,
    pub intro: String,
    pub endpoints: Vec<EndpointSection>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndpointSection {
    pub id: String,
    pub intro: Option<String>,
    pub placeholders: Table,
    pub responses: ResponsesSection,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponsesSection {
    pub heading: String,
    pub intro: String,
    pub table: Table,
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
    /// Messages a locale lacks and took from its fallback, sorted.
    pub missing: Vec<MissingMessage>,
    /// Translations whose English source changed since they were made, sorted.
    pub stale: Vec<StaleMessage>,
}

/// Builds the model for `locales` (all of the project's when empty).
pub fn build(project: &Project, catalog: &Catalog, locales: &[String]) -> Result<Model> {
    let mut endpoints = Vec::new();
    for file in &project.endpoints {
        let src = Source { file: &file.path, text: &file.source };
        let request = request::resolve(&file.endpoint, &project.config.host_placeholder, &src)?;
        endpoints.push(ResolvedEndpoint { id: file.endpoint.id.clone(), guide: file.endpoint.guide.clone(), request });
    }
    let mut guides: BTreeMap<&str, Vec<&EndpointFile>> = BTreeMap::new();
    for file in &project.endpoints {
        guides.entry(file.endpoint.guide.as_str()).or_default().push(file);
    }

    let default_dir = project.root.join("locales").join(&project.config.default_locale);
    let mut pages = Vec::new();
    let mut missing = Vec::new();
    for locale in locales {
        let lang = catalog.locale(locale).map_or_else(|| locale.clone(), |l| l.langid.to_string());
        for (guide, files) in &guides {
            let mut t = Translator { catalog, locale, missing: &mut missing, default_dir: &default_dir };
            pages.push(guide_page(&mut t, guide, files, &lang)?);
        }
    }
    missing.sort();
    missing.dedup();
    let stale = locales.iter().flat_map(|l| catalog.stale(l)).collect();
    Ok(Model { endpoints, pages, missing, stale })
}

/// Formats messages for one locale and records fallbacks.
struct Translator<'a> {
    catalog: &'a Catalog,
    locale: &'a str,
    missing: &'a mut Vec<MissingMessage>,
    default_dir: &'a std::path::Path,
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
        match self.catalog.format(self.locale, id, args) {
            Ok(text) => {
                if let Some(m) = text.missing {
                    self.missing.push(m);
                }
                Ok(text.text)
            }
            Err(LookupError::Undefined) => {
                let help = format!(
                    "add `{id} = ...` to a .ftl file in {} (and translate it in the other locales)",
                    self.default_dir.display()
                );
                Err(match wanted {
                    Wanted::InEndpoint(file) => {
                        Error::input(file.at(id), format!("message `{id}` is not defined in any locale"), help)
                    }
                    Wanted::ByConvention => {
                        Error::project(self.default_dir, format!("message `{id}` is not defined in any locale"), help)
                    }
                })
            }
            Err(LookupError::Format { locale, file, errors }) => Err(Error::input(
                Location::new(file, 1, 1),
                format!("message `{id}` in locale {locale} could not be formatted: {}", errors.join("; ")),
                "use only the arguments the endpoint provides: $method, $path, $scope and its limits",
            )),
        }
    }

    fn optional(&mut self, id: &str, args: &[(String, Arg)]) -> Result<Option<String>> {
        if self.catalog.has_default(id) {
            self.text(id, args, Wanted::ByConvention).map(Some)
        } else {
            Ok(None)
        }
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

fn guide_page(t: &mut Translator, guide: &str, files: &[&EndpointFile], lang: &str) -> Result<GuidePage> {
    let args = message_args(files[0]);
    let title = t.text(&format!("{guide}-title"), &args, Wanted::ByConvention)?;
    let intro = t.text(&format!("{guide}-intro"), &args, Wanted::ByConvention)?;
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
    Ok(GuidePage {
        guide: guide.to_string(),
        locale: t.locale.to_string(),
        lang: lang.to_string(),
        title,
        intro,
        dashboard,
        api: ApiSection {
            heading: t.text("api-heading", &args, Wanted::ByConvention)?,
            intro: t.text(&format!("{guide}-api-intro"), &args, Wanted::ByConvention)?,
            endpoints: sections,
        },
    })
}

fn endpoint_section(t: &mut Translator, file: &EndpointFile) -> Result<EndpointSection> {
    let args = message_args(file);
    let e = &file.endpoint;
    let mut placeholder_rows = Vec::new();
    for p in &e.placeholders {
        let description = t.text(&p.description, &args, Wanted::InEndpoint(file))?;
        placeholder_rows.push(vec![format!("`{}`", p.name), cell(&description)]);
    }
    let mut response_rows = Vec::new();
    for r in &e.responses {
        let message = t.text(&r.message, &args, Wanted::InEndpoint(file))?;
        let cause = match &r.cause {
            Some(id) => t.text(id, &args, Wanted::InEndpoint(file))?,
            None => String::new(),
        };
        let code = r.error_code.as_deref().map_or_else(String::new, |c| format!("`{}`", cell(c)));
        response_rows.push(vec![r.status.to_string(), code, cell(&message), cell(&cause)]);
    }
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
    Ok(EndpointSection {
        id: e.id.clone(),
        // An endpoint named like its guide (one guide per imported operation) has its intro as
        // the page's intro, so it is not repeated in the API section.
        intro: if e.id == e.guide { None } else { t.optional(&format!("{}-intro", e.id), &args)? },
        placeholders,
        responses: ResponsesSection {
            heading: t.text("responses-heading", &args, Wanted::ByConvention)?,
            intro: t.text("responses-intro", &args, Wanted::ByConvention)?,
            table,
        },
    })
}

/// Escapes text for one Markdown table cell: a pipe would end the cell, a line break the row.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}
