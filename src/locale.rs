//! Fluent message catalogs, one per locale, and lookups along the fallback chain.
//!
//! Pure: built from file texts that `load` read. Isolation marks are off because messages land
//! in code and Markdown, where invisible marks would corrupt the output.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::config::Config;
use crate::error::{Error, Location, Result};

/// The `.ftl` files of one locale folder, as read from disk.
#[derive(Debug, Clone)]
pub struct LocaleSource {
    pub locale: String,
    pub dir: PathBuf,
    pub files: Vec<(PathBuf, String)>,
    /// The English value each translation was made from (`translated-from.toml`), by message id.
    pub translated_from: BTreeMap<String, String>,
}

/// One locale's messages.
pub struct Locale {
    pub id: String,
    pub langid: LanguageIdentifier,
    pub dir: PathBuf,
    bundle: FluentBundle<FluentResource>,
    /// Which file defines each message, for diagnostics.
    files: HashMap<String, PathBuf>,
    /// Each message's value in canonical Fluent syntax, to compare with translation records.
    values: HashMap<String, String>,
    translated_from: BTreeMap<String, String>,
}

/// A message argument.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
}

/// A message that a locale lacks and took from a later locale in its chain.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MissingMessage {
    pub locale: String,
    pub id: String,
    /// The locale that supplied it instead, and its file.
    pub used_locale: String,
    pub used_from: PathBuf,
}

/// A translation whose English source changed since it was made.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StaleMessage {
    pub locale: String,
    pub id: String,
    /// The English value the translation was made from.
    pub was: String,
    /// The English value now.
    pub now: String,
}
/// The Fluent attribute that marks a message whose raw HTML is kept in HTML output
/// (`msg = Use <kbd>Ctrl</kbd>` + `    .html = yes`); elsewhere raw HTML is shown as text.
pub const RAW_HTML_ATTRIBUTE: &str = "html";

/// A formatted message and where it came from.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
    /// The message carries the attribute `.html`: its raw HTML is kept in HTML output.
    pub html: bool,
    pub missing: Option<MissingMessage>,
}

/// Why a message could not be formatted.
#[derive(Debug, Clone)]
pub enum LookupError {
    /// No locale in the chain has the message.
    Undefined,
    /// The message exists but formatting failed (e.g. a missing argument).
    Format { locale: String, file: PathBuf, errors: Vec<String> },
}

/// All locales of a project.
pub struct Catalog {
    locales: BTreeMap<String, Locale>,
    chains: HashMap<String, Vec<String>>,
    default_locale: String,
}

impl Catalog {
    pub fn build(config: &Config, sources: Vec<LocaleSource>) -> Result<Catalog> {
        let mut locales = BTreeMap::new();
        for source in sources {
            let locale = build_locale(source)?;
            locales.insert(locale.id.clone(), locale);
        }
        let mut chains = HashMap::new();
        for id in locales.keys() {
            let chain: Vec<String> =
                config.fallback_chain(id).into_iter().filter(|l| locales.contains_key(l)).collect();
            chains.insert(id.clone(), chain);
        }
        Ok(Catalog { locales, chains, default_locale: config.default_locale.clone() })
    }

    pub fn locale(&self, id: &str) -> Option<&Locale> {
        self.locales.get(id)
    }

    /// Does the default locale define `id`? It is the reference for optional messages.
    pub fn has_default(&self, id: &str) -> bool {
        self.locales.get(&self.default_locale).is_some_and(|l| l.bundle.has_message(id))
    }

    /// All message ids of the default locale, sorted.
    pub fn default_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> =
            self.locales.get(&self.default_locale).map(|l| l.files.keys().cloned().collect()).unwrap_or_default();
        ids.sort();
        ids
    }

    /// Messages the default locale has and `locale` itself does not, with the locale of its
    /// chain that supplies each.
    pub fn untranslated(&self, locale: &str) -> Vec<MissingMessage> {
        let Some(own) = self.locales.get(locale) else { return Vec::new() };
        let chain = self.chains.get(locale).map(Vec::as_slice).unwrap_or_default();
        let mut missing = Vec::new();
        for id in self.default_ids().into_iter().filter(|id| !own.files.contains_key(id)) {
            let supplier = chain.iter().filter_map(|l| self.locales.get(l)).find(|l| l.files.contains_key(&id));
            if let Some(supplier) = supplier {
                missing.push(MissingMessage {
                    locale: locale.to_string(),
                    used_locale: supplier.id.clone(),
                    used_from: supplier.files[&id].clone(),
                    id,
                });
            }
        }
        missing
    }

    /// Translations of `locale` whose English source changed since they were made (by the
    /// records of `translated-from.toml`), sorted by id.
    pub fn stale(&self, locale: &str) -> Vec<StaleMessage> {
        let (Some(own), Some(default)) = (self.locales.get(locale), self.locales.get(&self.default_locale)) else {
            return Vec::new();
        };
        if locale == self.default_locale {
            return Vec::new();
        }
        let mut stale = Vec::new();
        for (id, was) in &own.translated_from {
            if !own.values.contains_key(id) {
                continue;
            }
            if let Some(now) = default.values.get(id).filter(|now| *now != was) {
                stale.push(StaleMessage {
                    locale: locale.to_string(),
                    id: id.clone(),
                    was: was.clone(),
                    now: now.clone(),
                });
            }
        }
        stale
    }

    /// Formats message `id` for `locale`, walking its fallback chain.
    pub fn format(&self, locale: &str, id: &str, args: &[(String, Arg)]) -> Result<Text, LookupError> {
        let chain = self.chains.get(locale).map(Vec::as_slice).unwrap_or_default();
        for (depth, candidate) in chain.iter().enumerate() {
            let Some(loc) = self.locales.get(candidate) else { continue };
            let Some(message) = loc.bundle.get_message(id) else { continue };
            let Some(pattern) = message.value() else { continue };
            let mut fluent_args = FluentArgs::new();
            for (name, value) in args {
                match value {
                    Arg::Text(t) => fluent_args.set(name.clone(), FluentValue::from(t.clone())),
                    Arg::Number(n) => fluent_args.set(name.clone(), FluentValue::from(*n)),
                }
            }
            let mut errors = Vec::new();
            let text = loc.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
            let file = loc.files.get(id).cloned().unwrap_or_else(|| loc.dir.clone());
            if !errors.is_empty() {
                return Err(LookupError::Format {
                    locale: candidate.clone(),
                    file,
                    errors: errors.iter().map(ToString::to_string).collect(),
                });
            }
            let missing = (depth > 0).then(|| MissingMessage {
                locale: locale.to_string(),
                id: id.to_string(),
                used_locale: candidate.clone(),
                used_from: file,
            });
            let html = message.get_attribute(RAW_HTML_ATTRIBUTE).is_some();
            return Ok(Text { text, html, missing });
        }
        Err(LookupError::Undefined)
    }
}

fn build_locale(source: LocaleSource) -> Result<Locale> {
    let langid: LanguageIdentifier = source.locale.parse().map_err(|_| {
        Error::project(
            &source.dir,
            format!("`{}` is not a locale identifier", source.locale),
            "name locale folders with BCP 47 tags such as en, ja, fr-CA",
        )
    })?;
    let mut bundle = FluentBundle::new_concurrent(vec![langid.clone()]);
    bundle.set_use_isolating(false);
    let mut files: HashMap<String, PathBuf> = HashMap::new();
    let mut values = HashMap::new();
    for (path, text) in source.files {
        if let Some(&offset) = broken_unicode_escapes(&text).first() {
            return Err(Error::input(
                Location::at_offset(&path, &text, offset),
                "Fluent syntax error: a unicode escape needs 4 hex digits after \\u (6 after \\U)",
                "write the character itself, or its full code point, e.g. \\u00E9 for é",
            ));
        }
        values.extend(message_values(&text));
        let resource = match FluentResource::try_new(text.clone()) {
            Ok(resource) => resource,
            Err((_, errors)) => {
                let first = &errors[0];
                return Err(Error::input(
                    Location::at_offset(&path, &text, first.pos.start),
                    format!("Fluent syntax error: {}", first.kind),
                    "see https://projectfluent.org/fluent/guide/ for the message syntax",
                ));
            }
        };
        let mut ids = Vec::new();
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                ids.push(m.id.name.to_string());
            }
        }
        for id in &ids {
            if let Some(previous) = files.get(id) {
                return Err(Error::input(
                    Location::of_text(&path, &text, &format!("{id} =")),
                    format!("message `{id}` is already defined in {}", previous.display()),
                    "keep one definition per locale: remove or rename one of them",
                ));
            }
            files.insert(id.clone(), path.clone());
        }
        bundle
            .add_resource(resource)
            .map_err(|errors| Error::project(&path, format!("{errors:?}"), "remove the duplicate definition"))?;
    }
    Ok(Locale {
        id: source.locale,
        langid,
        dir: source.dir,
        bundle,
        files,
        values,
        translated_from: source.translated_from,
    })
}

/// Each message of a Fluent text with its value in canonical syntax (as fluent-syntax
/// serializes it, without comments), so that layout changes do not count as changes.
pub fn message_values(text: &str) -> BTreeMap<String, String> {
    use fluent_syntax::ast;
    // A short escape turned into an unknown one (`\x`): the parser skips the message as it
    // would have, without the panic.
    let mut text = std::borrow::Cow::Borrowed(text);
    for offset in broken_unicode_escapes(&text) {
        text.to_mut().replace_range(offset + 1..offset + 2, "x");
    }
    let resource = fluent_syntax::parser::parse(&*text).unwrap_or_else(|(partial, _)| partial);
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(message) = entry {
            let id = message.id.name.to_string();
            let single = ast::Resource { body: vec![ast::Entry::Message(ast::Message { comment: None, ..message })] };
            let serialized = fluent_syntax::serializer::serialize(&single);
            let value = serialized.split_once('=').map_or("", |(_, v)| v).trim().to_string();
            out.insert(id, value);
        }
    }
    out
}

/// The canonical form of `value` (Fluent syntax) as message `id`.
pub fn canonical_value(id: &str, value: &str) -> String {
    let mut text = format!("{id} =");
    for (i, line) in value.lines().enumerate() {
        if i == 0 {
            text.push(' ');
        } else {
            text.push_str("\n    ");
        }
        text.push_str(line);
    }
    text.push('\n');
    message_values(&text).remove(id).unwrap_or_else(|| value.to_string())
}

/// Where a `\u` or `\U` escape has fewer hex digits than it needs and a non-ASCII character
/// follows, in a line with a `"` before it (string literals end at the line): fluent-syntax 0.12
/// panics on such an escape in a string literal (it cuts that character in two to quote it in
/// its error), so apiglot finds them first. Which `"` opens a literal depends on the parser's
/// recovery from earlier errors, so any `"` counts; a false hit is an odd line anyway.
fn broken_unicode_escapes(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut quoted = false;
    let mut found = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\n' => quoted = false,
            b'"' => quoted = true,
            b'\\' if quoted => {
                let needed = match bytes.get(i + 1) {
                    Some(b'u') => 4,
                    Some(b'U') => 6,
                    _ => continue,
                };
                let digits = bytes[i + 2..].iter().take(needed).take_while(|b| b.is_ascii_hexdigit()).count();
                if digits < needed && bytes.get(i + 2 + digits).is_some_and(|b| !b.is_ascii()) {
                    found.push(i);
                }
            }
            _ => {}
        }
    }
    found
}
