//! Where every message stands in every locale, and stubs for the missing ones
//! (`apiglot messages`, `apiglot list`).
//!
//! A stub is a message a translator still has to write: it holds the text pages show today
//! (the English, or what the locale's fallback chain supplies), so the build renders exactly
//! what it rendered before, and it carries [`locale::STUB_MARK`] so that `list`, `build` and the
//! exchange files report it as untranslated until someone replaces it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::locale::{self, Catalog, MissingMessage, StaleMessage, UntranslatedMessage};
use crate::model::{self, UndefinedMessage};
use crate::{fsutil, load};

/// The messages of one locale that need a translator.
#[derive(Debug, Clone)]
pub struct LocaleMessages {
    pub locale: String,
    /// Messages the pages need that this locale lacks: those the default locale has (taken
    /// from the fallback chain) and those no locale has.
    pub missing: Vec<MissingMessage>,
    /// Messages the default locale lacks too (see [`Survey::undefined`]) and this one lacks.
    pub undefined: Vec<String>,
    pub untranslated: Vec<UntranslatedMessage>,
    pub stale: Vec<StaleMessage>,
}

/// Every locale's messages, in the order of `locales` in apiglot.toml.
pub struct Survey {
    pub project: load::Project,
    pub catalog: Catalog,
    /// Messages the pages need and the default locale does not define.
    pub undefined: Vec<UndefinedMessage>,
    pub locales: Vec<LocaleMessages>,
}

/// Reads the project at `root` and finds, for every locale, what a translator has to do. The
/// project's other input errors (an endpoint that does not parse, a Fluent syntax error) stop
/// it, all of them reported at once, since what they hide cannot be counted.
pub fn survey(root: &Path) -> Result<Survey> {
    let (project, errors) = load::survey(root)?;
    survey_project(project, errors)
}

/// [`survey`] of a project already read, with the errors its reading found.
pub fn survey_project(project: load::Project, mut errors: Vec<Error>) -> Result<Survey> {
    let (catalog, catalog_errors) = Catalog::survey(&project.config, project.locales.clone())?;
    errors.extend(catalog_errors);
    let (_, problems) = model::survey(&project, &catalog, &project.config.locales);
    errors.extend(problems.errors);
    if let Some(error) = Error::many(errors) {
        return Err(error);
    }
    let undefined = problems.undefined;
    let locales = project
        .config
        .locales
        .iter()
        .map(|l| LocaleMessages {
            locale: l.clone(),
            missing: catalog.missing(l),
            undefined: undefined.iter().filter(|u| catalog.value(l, &u.id).is_none()).map(|u| u.id.clone()).collect(),
            untranslated: catalog.untranslated(l),
            stale: catalog.stale(l),
        })
        .collect();
    Ok(Survey { project, catalog, undefined, locales })
}

/// One stub to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub {
    pub locale: String,
    pub id: String,
    /// The `.ftl` file it goes to.
    pub file: PathBuf,
    /// Its Fluent text: the comment with the mark, then the message.
    pub text: String,
}

/// The stubs that make every message of the pages defined in `locales` (every configured
/// locale when empty). A message no locale defines always gets a stub in the default locale
/// too, since every chain ends there.
pub fn missing_stubs(survey: &Survey, locales: &[String]) -> Vec<Stub> {
    let config = &survey.project.config;
    let wanted = |l: &str| locales.is_empty() || locales.iter().any(|w| w == l);
    let dir = |l: &str| survey.project.root.join("locales").join(l);
    let mut stubs = Vec::new();
    for m in &survey.undefined {
        let file_name = model::message_file(&m.guide);
        let mut notes = vec![locale::STUB_MARK.to_string()];
        match (&m.endpoint, &m.at) {
            (Some(endpoint), Some(at)) => notes.push(format!("Used by endpoint {endpoint} ({at})")),
            _ if m.guide.is_empty() => notes.push("Used by every page".to_string()),
            _ => notes.push(format!("Used by guide {}", m.guide)),
        }
        if !m.variables.is_empty() {
            let names: Vec<String> = m.variables.iter().map(|v| format!("${v}")).collect();
            notes.push(format!("Variables: {}", names.join(", ")));
        }
        let value = format!("TODO: write {}", m.id);
        for l in &config.locales {
            // A locale that has it keeps its own text; the default locale needs it whatever
            // `locales` says.
            let has_it = survey.catalog.value(l, &m.id).is_some();
            if !has_it && (*l == config.default_locale || wanted(l)) {
                stubs.push(Stub {
                    locale: l.clone(),
                    id: m.id.clone(),
                    file: dir(l).join(&file_name),
                    text: stub_text(&notes, &m.id, &value),
                });
            }
        }
    }
    for report in survey.locales.iter().filter(|r| wanted(&r.locale)) {
        for m in &report.missing {
            // The text the page shows today: the fallback's, so the build does not change.
            let Some(value) = survey.catalog.value(&m.used_locale, &m.id) else { continue };
            let english = survey.catalog.file_of(&m.used_locale, &m.id);
            let relative = english
                .and_then(|f| f.strip_prefix(dir(&m.used_locale)).ok())
                .map_or_else(|| PathBuf::from("common.ftl"), Path::to_path_buf);
            let notes = [locale::STUB_MARK.to_string(), format!("Translate from {}", m.used_locale)];
            stubs.push(Stub {
                locale: report.locale.clone(),
                id: m.id.clone(),
                file: dir(&report.locale).join(relative),
                text: stub_text(&notes, &m.id, value),
            });
        }
    }
    stubs
}

/// How many of `stubs` each locale gets, by locale.
pub fn stubs_per_locale(stubs: &[Stub]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for stub in stubs {
        *counts.entry(stub.locale.as_str()).or_default() += 1;
    }
    counts
}

/// A message with a comment: each note a `#` line right above it, so Fluent attaches it.
fn stub_text(notes: &[String], id: &str, value: &str) -> String {
    let mut text = String::new();
    for note in notes {
        text.push_str("# ");
        text.push_str(&note.replace(['\n', '\r'], " "));
        text.push('\n');
    }
    text.push_str(id);
    text.push_str(" = ");
    text.push_str(value);
    text.push('\n');
    text
}

/// Writes `stubs`, each appended to its file (existing text kept byte for byte), all files or
/// none. Returns the files written.
pub fn write_stubs(stubs: &[Stub]) -> Result<Vec<PathBuf>> {
    let files = stub_files(stubs)?;
    let writes: Vec<(PathBuf, &[u8])> = files.iter().map(|(path, text)| (path.clone(), text.as_slice())).collect();
    fsutil::write_all_or_nothing(&writes)
}

/// Each file `stubs` go to, with its new text: what it holds now, then its stubs.
pub fn stub_files(stubs: &[Stub]) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files: BTreeMap<&Path, String> = BTreeMap::new();
    for stub in stubs {
        let text = match files.get_mut(stub.file.as_path()) {
            Some(text) => text,
            None => {
                let existing = match std::fs::symlink_metadata(&stub.file) {
                    Ok(_) => fsutil::read_to_string(&stub.file)?,
                    Err(_) => String::new(),
                };
                files.entry(&stub.file).or_insert(existing)
            }
        };
        if !text.is_empty() {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push('\n');
        }
        text.push_str(&stub.text);
    }
    Ok(files.into_iter().map(|(path, text)| (path.to_path_buf(), text.into_bytes())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stub_is_a_marked_message_fluent_attaches_its_comment_to() {
        let text = stub_text(&[locale::STUB_MARK.into(), "Used by\nguide x".into()], "x-title", "Hello { $name }");
        assert_eq!(text, "# apiglot: untranslated\n# Used by guide x\nx-title = Hello { $name }\n");
        let parsed = locale::parsed_messages(&text);
        assert_eq!(parsed["x-title"].comment[0], locale::STUB_MARK);
        assert_eq!(parsed["x-title"].value, "Hello { $name }");
    }
}
