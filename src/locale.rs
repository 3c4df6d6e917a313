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
    /// Each message's source: the text of its file and the offset of its first line, so a
    /// formatting error points at its line and column.
    sources: HashMap<String, (std::sync::Arc<str>, usize)>,
    /// Messages whose comment carries [`STUB_MARK`] or [`SAME_MARK`].
    stubs: std::collections::HashSet<String>,
    same_marked: std::collections::HashSet<String>,
    /// Messages left out because they did not parse.
    broken: std::collections::HashSet<String>,
}

/// The comment line `apiglot messages --write-missing` puts above a stub: the message holds the
/// English text until a translator replaces it and deletes the line.
pub const STUB_MARK: &str = "apiglot: untranslated";
/// The comment line that says a message is the same as its English source on purpose.
pub const SAME_MARK: &str = "apiglot: same-as-source";

/// Where a locale's message stands, for translators (`list`, `build`, exchange files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageState {
    /// The locale lacks it: pages use its fallback.
    Missing,
    /// A stub (marked [`STUB_MARK`]) still waiting for its translation.
    Stub,
    /// Identical to the English source, with words left once the allowed ones are taken out.
    SameAsSource,
    /// Translated from an English text that has changed since (`was`).
    Stale { was: String },
    /// Translated, or the source locale itself.
    Translated,
}

impl MessageState {
    /// Needs a translator: missing, a stub or the English text.
    pub fn is_untranslated(&self) -> bool {
        matches!(self, MessageState::Missing | MessageState::Stub | MessageState::SameAsSource)
    }
}

/// A message of a locale that still reads as English: a stub or text identical to the source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UntranslatedMessage {
    pub locale: String,
    pub id: String,
    pub file: PathBuf,
    /// It is still a stub (else it is identical to its English source).
    pub stub: bool,
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
    /// The message exists but formatting failed (e.g. a missing argument): where, and why.
    Format { locale: String, at: Location, errors: Vec<String> },
}

/// The ids of the entries (messages, and terms as `-term`) that differ between two texts of
/// one `.ftl` file: changed, added or removed, comments included. None when either text has
/// an entry that does not parse (its id is not to be trusted).
pub fn changed_entries(old: &str, new: &str) -> Option<std::collections::HashSet<String>> {
    fn entries(text: &str) -> Option<HashMap<String, String>> {
        use fluent_syntax::ast;
        if !broken_unicode_escapes(text).is_empty() {
            return None;
        }
        let resource = fluent_syntax::parser::parse(text).ok()?;
        let mut out = HashMap::new();
        for entry in resource.body {
            let id = match &entry {
                ast::Entry::Message(m) => m.id.name.to_string(),
                ast::Entry::Term(t) => format!("-{}", t.id.name),
                ast::Entry::Junk { .. } => return None,
                _ => continue,
            };
            let text = fluent_syntax::serializer::serialize(&ast::Resource { body: vec![entry] });
            // A second definition is an error the catalog reports; either one counts.
            out.entry(id).and_modify(|t: &mut String| t.push_str(&text)).or_insert(text);
        }
        Some(out)
    }
    let (old, new) = (entries(old)?, entries(new)?);
    let mut changed: std::collections::HashSet<String> =
        old.iter().filter(|(id, text)| new.get(*id) != Some(text)).map(|(id, _)| id.clone()).collect();
    changed.extend(new.keys().filter(|id| !old.contains_key(*id)).cloned());
    Some(changed)
}

/// The locales a preview parsed, each with the key of the files it was parsed from (see
/// [`Catalog::survey_cached`]).
#[derive(Default)]
pub struct LocaleCache {
    locales: std::sync::Mutex<HashMap<String, (crate::incremental::Key, std::sync::Arc<Locale>)>>,
}

/// All locales of a project.
pub struct Catalog {
    /// Shared with a [`LocaleCache`], which hands an unchanged locale to the next catalog.
    locales: BTreeMap<String, std::sync::Arc<Locale>>,
    chains: HashMap<String, Vec<String>>,
    default_locale: String,
    /// Words that stay the same in every language (`translation.same_as_source`).
    same_as_source: Vec<String>,
}

impl Catalog {
    /// The catalog of `sources`, or every error of every file.
    pub fn build(config: &Config, sources: Vec<LocaleSource>) -> Result<Catalog> {
        let (catalog, errors) = Catalog::survey(config, sources)?;
        match Error::many(errors) {
            Some(error) => Err(error),
            None => Ok(catalog),
        }
    }

    /// The catalog of what parses, with an error for each problem of each file: a broken
    /// message is left out (and named in [`Catalog::broken`]), a file with an escape that would
    /// crash the parser is left out whole. Fails only when a locale's name is not a locale.
    pub fn survey(config: &Config, sources: Vec<LocaleSource>) -> Result<(Catalog, Vec<Error>)> {
        let mut locales = BTreeMap::new();
        let mut errors = Vec::new();
        for source in sources {
            let locale = build_locale(source, &mut errors)?;
            locales.insert(locale.id.clone(), std::sync::Arc::new(locale));
        }
        Ok((Catalog::of(config, locales), errors))
    }

    /// [`Catalog::survey`] of `sources` that takes each locale whose files are the same as
    /// when `cache` last saw them (and that had no problem then) from `cache` instead of
    /// parsing them again: the preview's catalog after one file changed.
    pub fn survey_cached(
        config: &Config,
        sources: &[LocaleSource],
        cache: &LocaleCache,
    ) -> Result<(Catalog, Vec<Error>)> {
        let mut locales = BTreeMap::new();
        let mut errors = Vec::new();
        let mut cached = cache.locales.lock().expect("not poisoned");
        for source in sources {
            let mut digest = crate::incremental::Digest::default();
            digest.text(&source.locale);
            digest.text(&source.dir.to_string_lossy());
            for (path, text) in &source.files {
                digest.text(&path.to_string_lossy());
                digest.text(text);
            }
            digest.json(&source.translated_from);
            let key = digest.finish();
            let locale = match cached.get(&source.locale).filter(|(k, _)| *k == key) {
                Some((_, locale)) => std::sync::Arc::clone(locale),
                None => {
                    let mut found = Vec::new();
                    let locale = std::sync::Arc::new(build_locale(source.clone(), &mut found)?);
                    if found.is_empty() {
                        cached.insert(source.locale.clone(), (key, std::sync::Arc::clone(&locale)));
                    } else {
                        cached.remove(&source.locale);
                    }
                    errors.extend(found);
                    locale
                }
            };
            locales.insert(locale.id.clone(), locale);
        }
        Ok((Catalog::of(config, locales), errors))
    }

    fn of(config: &Config, locales: BTreeMap<String, std::sync::Arc<Locale>>) -> Catalog {
        let mut chains = HashMap::new();
        for id in locales.keys() {
            let chain: Vec<String> =
                config.fallback_chain(id).into_iter().filter(|l| locales.contains_key(l)).collect();
            chains.insert(id.clone(), chain);
        }
        Catalog {
            locales,
            chains,
            default_locale: config.default_locale.clone(),
            same_as_source: config.translation.same_as_source.clone(),
        }
    }

    /// Adds to `changed` (ids of messages and `-terms`) every message of any locale whose
    /// text names one of them, again until none is added: what formats differently when they
    /// change. By the id's text anywhere in the message, so some are added that need not be.
    pub fn add_referencing(&self, changed: &mut std::collections::HashSet<String>) {
        loop {
            let mut added = Vec::new();
            for locale in self.locales.values() {
                for (id, value) in &locale.values {
                    if !changed.contains(id) && changed.iter().any(|c| value.contains(c.as_str())) {
                        added.push(id.clone());
                    }
                }
            }
            if added.is_empty() {
                return;
            }
            changed.extend(added);
        }
    }

    /// Whether some locale has a message `id` that did not parse (so it is not undefined).
    pub fn broken(&self, id: &str) -> bool {
        self.locales.values().any(|l| l.broken.contains(id))
    }

    /// The locale every chain ends in: the source of translations.
    pub fn default_locale(&self) -> &str {
        &self.default_locale
    }

    /// The message ids `locale` itself defines, sorted.
    pub fn ids(&self, locale: &str) -> Vec<String> {
        let mut ids: Vec<String> =
            self.locales.get(locale).map(|l| l.files.keys().cloned().collect()).unwrap_or_default();
        ids.sort();
        ids
    }

    /// Message `id` of `locale` in canonical Fluent syntax (`value` plus `.attribute` lines).
    pub fn value(&self, locale: &str, id: &str) -> Option<&str> {
        self.locales.get(locale)?.values.get(id).map(String::as_str)
    }

    /// The file of `locale` that defines `id`.
    pub fn file_of(&self, locale: &str, id: &str) -> Option<&std::path::Path> {
        self.locales.get(locale)?.files.get(id).map(PathBuf::as_path)
    }

    /// Where message `id` of `locale` stands.
    pub fn state(&self, locale: &str, id: &str) -> MessageState {
        let Some(own) = self.locales.get(locale) else { return MessageState::Missing };
        let Some(value) = own.values.get(id) else { return MessageState::Missing };
        if own.stubs.contains(id) {
            return MessageState::Stub;
        }
        if locale == self.default_locale {
            return MessageState::Translated;
        }
        let default = self.locales.get(&self.default_locale);
        let english = default.and_then(|d| d.values.get(id));
        let same_language = default.is_some_and(|d| d.langid.language == own.langid.language);
        if english == Some(value)
            && !same_language
            && !own.same_marked.contains(id)
            && has_words(value, &self.same_as_source)
        {
            return MessageState::SameAsSource;
        }
        match (own.translated_from.get(id), english) {
            (Some(was), Some(now)) if was != now => MessageState::Stale { was: was.clone() },
            _ => MessageState::Translated,
        }
    }

    /// The messages of `locale` that still read as English (stubs, and text identical to the
    /// source), sorted by id.
    pub fn untranslated(&self, locale: &str) -> Vec<UntranslatedMessage> {
        let Some(own) = self.locales.get(locale) else { return Vec::new() };
        self.ids(locale)
            .into_iter()
            .filter_map(|id| {
                let stub = match self.state(locale, &id) {
                    MessageState::Stub => true,
                    MessageState::SameAsSource => false,
                    _ => return None,
                };
                Some(UntranslatedMessage { locale: locale.to_string(), file: own.files[&id].clone(), id, stub })
            })
            .collect()
    }

    pub fn locale(&self, id: &str) -> Option<&Locale> {
        self.locales.get(id).map(std::sync::Arc::as_ref)
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
    pub fn missing(&self, locale: &str) -> Vec<MissingMessage> {
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
                let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
                return Err(LookupError::Format {
                    locale: candidate.clone(),
                    at: loc.error_at(&file, id, &errors),
                    errors,
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

impl Locale {
    /// Where a formatting error of message `id` is: the first variable an error names, in
    /// the message's own lines, else the message's first line.
    fn error_at(&self, file: &std::path::Path, id: &str, errors: &[String]) -> Location {
        let Some((text, start)) = self.sources.get(id) else { return Location::new(file, 1, 1) };
        // The message runs to the next line that starts an entry (not indented, not blank).
        let end = text[*start..]
            .match_indices('\n')
            .map(|(i, _)| start + i + 1)
            .find(|&i| text[i..].starts_with(|c: char| !c.is_whitespace()))
            .unwrap_or(text.len());
        let named = errors.iter().find_map(|e| {
            let at = e.find('$')?;
            let name: String =
                e[at + 1..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-').collect();
            (!name.is_empty()).then_some(name)
        });
        let offset = named
            .and_then(|name| {
                let pattern = regex::Regex::new(&format!(r"\$[ \t]*{}\b", regex::escape(&name))).ok()?;
                pattern.find(&text[*start..end]).map(|m| start + m.start())
            })
            .unwrap_or(*start);
        Location::at_offset(file, text, offset)
    }
}

/// Whether a message value (canonical Fluent syntax) holds a word once variables, code spans,
/// link targets, URLs, tags and the `allowed` words are taken out: only then can it be left
/// untranslated by mistake. Variant texts of selectors and attribute texts count.
pub fn has_words(value: &str, allowed: &[String]) -> bool {
    use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};
    static NOT_PROSE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?s)`[^`]*`|\]\([^)]*\)|<[^<>]*>|[A-Za-z][A-Za-z0-9+.-]*://\S+").expect("valid")
    });
    fn text_of(pattern: &Pattern<&str>, out: &mut String) {
        for element in &pattern.elements {
            match element {
                PatternElement::TextElement { value } => out.push_str(value),
                PatternElement::Placeable { expression } => {
                    out.push(' ');
                    match expression {
                        Expression::Select { variants, .. } => {
                            for variant in variants {
                                text_of(&variant.value, out);
                                out.push(' ');
                            }
                        }
                        Expression::Inline(InlineExpression::StringLiteral { value }) => out.push_str(value),
                        Expression::Inline(_) => {}
                    }
                }
            }
        }
    }
    let source = format!("m = {value}\n");
    let resource = fluent_syntax::parser::parse(source.as_str()).unwrap_or_else(|(partial, _)| partial);
    let mut text = String::new();
    for entry in &resource.body {
        if let fluent_syntax::ast::Entry::Message(m) = entry {
            if let Some(pattern) = &m.value {
                text_of(pattern, &mut text);
            }
            for attribute in m.attributes.iter().filter(|a| a.id.name != RAW_HTML_ATTRIBUTE) {
                text.push(' ');
                text_of(&attribute.value, &mut text);
            }
        }
    }
    let mut text = NOT_PROSE.replace_all(&text, " ").into_owned();
    for word in allowed.iter().filter(|w| !w.is_empty()) {
        text = text.replace(word.as_str(), " ");
    }
    // A word: two letters or more, or one letter of a script without case (a CJK word).
    text.split(|c: char| !c.is_alphabetic()).any(|w| w.chars().count() > 1 || !w.is_ascii())
}

/// How deeply placeables, selectors and call arguments may nest in a message. The Fluent
/// parser and formatter recurse once per level (15,000 levels overflowed the stack); real
/// messages nest two or three.
pub const MAX_NESTING: usize = 32;

/// The byte offset of the first place in a Fluent text where nesting goes deeper than
/// [`MAX_NESTING`], found without parsing (the parser is what must not see it).
pub fn too_deep(text: &str) -> Option<usize> {
    /// What an opening character started.
    #[derive(Clone, Copy, PartialEq)]
    enum Frame {
        /// `{`: an expression.
        Placeable,
        /// `(`: call arguments.
        Call,
        /// After `->`: the variants, whose values are text until the selector's `}`.
        Variants,
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut in_string = false;
    let mut line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let at_line_start = line_start;
        line_start = b == b'\n';
        let top = stack.last().copied();
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' | b'\n' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match (top, b) {
            // A comment line between entries.
            (None, b'#') if at_line_start => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            (_, b'{') => stack.push(Frame::Placeable),
            (Some(Frame::Placeable | Frame::Call), b'(') => stack.push(Frame::Call),
            (Some(Frame::Call), b')') => {
                stack.pop();
            }
            (Some(Frame::Placeable | Frame::Call), b'"') => in_string = true,
            (Some(Frame::Placeable), b'-') if bytes.get(i + 1) == Some(&b'>') => stack.push(Frame::Variants),
            (Some(_), b'}') => {
                // Closes the innermost placeable, and the variants and calls it holds.
                while let Some(frame) = stack.pop() {
                    if frame == Frame::Placeable {
                        break;
                    }
                }
            }
            _ => {}
        }
        // A selector's variants sit inside its placeable: one level, not two.
        if stack.len() > MAX_NESTING && stack.iter().filter(|f| **f != Frame::Variants).count() > MAX_NESTING {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// One locale's messages; each problem of its files goes to `errors` and the rest is kept.
fn build_locale(source: LocaleSource, errors: &mut Vec<Error>) -> Result<Locale> {
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
    let mut sources = HashMap::new();
    let mut stubs = std::collections::HashSet::new();
    let mut same_marked = std::collections::HashSet::new();
    let mut broken = std::collections::HashSet::new();
    for (path, text) in source.files {
        if let Some(&offset) = broken_unicode_escapes(&text).first() {
            errors.push(Error::input(
                Location::at_offset(&path, &text, offset),
                "Fluent syntax error: a unicode escape needs 4 hex digits after \\u (6 after \\U)",
                "write the character itself, or its full code point, e.g. \\u00E9 for é",
            ));
            // The parser must not see it; the file's ids count as broken, not undefined.
            broken.extend(entry_ids(&text));
            continue;
        }
        for (id, message) in parsed_messages(&text) {
            let marked = |mark: &str| message.comment.iter().any(|l| l.trim() == mark);
            if marked(STUB_MARK) {
                stubs.insert(id.clone());
            }
            if marked(SAME_MARK) {
                same_marked.insert(id.clone());
            }
            values.insert(id, message.value);
        }
        let resource = match FluentResource::try_new(text.clone()) {
            Ok(resource) => resource,
            Err((resource, syntax_errors)) => {
                for error in &syntax_errors {
                    // A brace in prose is the usual cause: Fluent reads `{` as a placeable's start.
                    let start = error.pos.start.min(text.len());
                    let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
                    let line_end = text[line_start..].find('\n').map_or(text.len(), |n| line_start + n);
                    let help = if text[line_start..line_end].contains(['{', '}']) {
                        "`{` starts a placeable such as `{ $name }`; to write a brace as text, write `{\"{\"}` for `{` and `{\"}\"}` for `}`"
                    } else {
                        "see https://projectfluent.org/fluent/guide/ for the message syntax"
                    };
                    errors.push(Error::input(
                        Location::at_offset(&path, &text, error.pos.start),
                        format!("Fluent syntax error: {}", error.kind),
                        help,
                    ));
                }
                for entry in resource.entries() {
                    if let fluent_syntax::ast::Entry::Junk { content } = entry {
                        broken.extend(entry_ids(content));
                    }
                }
                resource
            }
        };
        let mut ids = Vec::new();
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                if let Err(error) = check_html_mark(m, &path, &text) {
                    errors.push(error);
                }
                ids.push(m.id.name.to_string());
            }
        }
        let mut duplicates = false;
        for id in &ids {
            if let Some(previous) = files.get(id) {
                errors.push(Error::input(
                    Location::of_text(&path, &text, &format!("{id} =")),
                    format!("message `{id}` is already defined in {}", previous.display()),
                    "keep one definition per locale: remove or rename one of them",
                ));
                duplicates = true;
                continue;
            }
            files.insert(id.clone(), path.clone());
        }
        // Each message's first line, in one pass: a line that starts with its id and `=`.
        let shared: std::sync::Arc<str> = text.as_str().into();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let name_end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(0);
            if name_end > 0 && line[name_end..].trim_start_matches([' ', '\t']).starts_with('=') {
                let id = &line[..name_end];
                if files.get(id) == Some(&path) && !sources.contains_key(id) {
                    sources.insert(id.to_string(), (shared.clone(), line_start));
                }
            }
            line_start += line.len();
        }
        if duplicates {
            // Already reported, with their place; the bundle keeps the first definitions.
            let _ = bundle.add_resource(resource);
        } else if let Err(duplicate) = bundle.add_resource(resource) {
            errors.push(Error::project(&path, format!("{duplicate:?}"), "remove the duplicate definition"));
        }
    }
    Ok(Locale {
        id: source.locale,
        langid,
        dir: source.dir,
        bundle,
        files,
        values,
        translated_from: source.translated_from,
        sources,
        stubs,
        same_marked,
        broken,
    })
}

/// The ids of the entries a Fluent text starts (lines `id =`), for text the parser cannot read.
fn entry_ids(text: &str) -> Vec<String> {
    static ENTRY: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?m)^([A-Za-z][A-Za-z0-9_-]*)[ \t]*=").expect("valid"));
    ENTRY.captures_iter(text).map(|c| c[1].to_string()).collect()
}

/// A message's `.html` attribute must say `yes`: any other value (`no`, `false`) reads as if
/// it turned raw HTML off, but a mark is a mark, so it is refused rather than guessed at.
fn check_html_mark(message: &fluent_syntax::ast::Message<&str>, path: &std::path::Path, text: &str) -> Result<()> {
    use fluent_syntax::ast::PatternElement;
    let Some(attribute) = message.attributes.iter().find(|a| a.id.name == RAW_HTML_ATTRIBUTE) else {
        return Ok(());
    };
    let value: String = attribute
        .value
        .elements
        .iter()
        .map(|e| match e {
            PatternElement::TextElement { value } => (*value).to_string(),
            PatternElement::Placeable { .. } => "{…}".to_string(),
        })
        .collect();
    if value.trim() == "yes" {
        return Ok(());
    }
    // The attribute's line: the first `.html =` after the message's own line.
    let id = regex::escape(message.id.name);
    let start = regex::Regex::new(&format!(r"(?m)^{id}[ \t]*=")).ok().and_then(|r| r.find(text)).map_or(0, |m| m.end());
    let offset = regex::Regex::new(r"(?m)^[ \t]+\.html[ \t]*=")
        .ok()
        .and_then(|r| r.find_at(text, start))
        .map_or(start, |m| m.start() + m.as_str().find('.').unwrap_or(0));
    Err(Error::input(
        Location::at_offset(path, text, offset),
        format!("message `{}` has `.html = {}`; only `.html = yes` is a mark", message.id.name, value.trim()),
        "write `.html = yes` to keep the message's HTML tags (they are still sanitized), or remove the attribute to show them as text",
    ))
}

/// Each message of a Fluent text with its value in canonical syntax (as fluent-syntax
/// serializes it, without comments), so that layout changes do not count as changes.
pub fn message_values(text: &str) -> BTreeMap<String, String> {
    parsed_messages(text).into_iter().map(|(id, m)| (id, m.value)).collect()
}

/// A message as the full parser reads it (the runtime parser drops comments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedMessage {
    /// The value and attributes in canonical syntax (see [`message_values`]).
    pub value: String,
    /// The lines of the `#` comment right above it.
    pub comment: Vec<String>,
}

/// Each message of a Fluent text, by id, with its canonical value and its comment.
pub fn parsed_messages(text: &str) -> BTreeMap<String, ParsedMessage> {
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
            let comment =
                message.comment.as_ref().map(|c| c.content.iter().map(|l| l.to_string()).collect()).unwrap_or_default();
            let single = ast::Resource { body: vec![ast::Entry::Message(ast::Message { comment: None, ..message })] };
            let serialized = fluent_syntax::serializer::serialize(&single);
            let value = serialized.split_once('=').map_or("", |(_, v)| v).trim().to_string();
            out.insert(id, ParsedMessage { value, comment });
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
pub(crate) fn broken_unicode_escapes(text: &str) -> Vec<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, close: &str, depth: usize) -> String {
        format!("deep = {}x{}\n", open.repeat(depth), close.repeat(depth))
    }

    fn catalog(en: &str, fr: &str, fr_from: &[(&str, &str)]) -> Catalog {
        let config = Config {
            locales: vec!["en".into(), "fr".into(), "en-GB".into()],
            translation: crate::config::TranslationConfig { same_as_source: vec!["Auth0 Dashboard".into()] },
            ..Config::default()
        };
        let source = |locale: &str, text: &str, from: BTreeMap<String, String>| LocaleSource {
            locale: locale.into(),
            dir: PathBuf::from(format!("locales/{locale}")),
            files: vec![(PathBuf::from(format!("locales/{locale}/a.ftl")), text.to_string())],
            translated_from: from,
        };
        let from = fr_from.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Catalog::build(
            &config,
            vec![source("en", en, BTreeMap::new()), source("fr", fr, from), source("en-GB", en, BTreeMap::new())],
        )
        .unwrap()
    }

    #[test]
    fn each_message_has_one_state() {
        let en = "title = Assign members\nheading = Auth0 Dashboard\nstep = Click Save\nnew = New text\nsame = Exactly this\nstub = Invite a user\nlost = Gone\n";
        let fr = "title = Affecter des membres\nheading = Auth0 Dashboard\nstep = Click Save\nnew = Texte\n# apiglot: same-as-source\nsame = Exactly this\n# apiglot: untranslated\nstub = Invite a user\n";
        let c = catalog(en, fr, &[("new", "Old text"), ("title", "Assign members")]);
        assert_eq!(c.state("fr", "title"), MessageState::Translated);
        assert_eq!(c.state("fr", "heading"), MessageState::Translated, "allowed words only");
        assert_eq!(c.state("fr", "step"), MessageState::SameAsSource);
        assert_eq!(c.state("fr", "new"), MessageState::Stale { was: "Old text".into() });
        assert_eq!(c.state("fr", "same"), MessageState::Translated, "marked the same on purpose");
        assert_eq!(c.state("fr", "stub"), MessageState::Stub);
        assert_eq!(c.state("fr", "lost"), MessageState::Missing);
        assert_eq!(c.state("en", "step"), MessageState::Translated, "the source");
        assert_eq!(c.state("en-GB", "step"), MessageState::Translated, "the same language may say the same");
        let ids: Vec<(String, bool)> = c.untranslated("fr").into_iter().map(|m| (m.id, m.stub)).collect();
        assert_eq!(ids, [("step".to_string(), false), ("stub".to_string(), true)]);
        assert_eq!(c.missing("fr").len(), 1);
    }

    #[test]
    fn words_are_what_is_left_of_prose_once_code_and_allowed_names_are_out() {
        let allowed = vec!["Auth0 Dashboard".to_string(), "Management API".to_string()];
        assert!(has_words("Assign members", &allowed));
        assert!(!has_words("Auth0 Dashboard", &allowed));
        assert!(!has_words("{ $method } { $path }", &allowed));
        assert!(!has_words("`ORG_ID` (https://example.com/a-b)", &allowed));
        assert!(!has_words("[Management API](https://auth0.com/docs/api)", &allowed));
        assert!(has_words("{ $n ->\n        [one] One member\n       *[other] { $n } members\n    }", &allowed));
        assert!(has_words("{ \"Hello\" }", &allowed));
        assert!(has_words("Copy\n    .title = Copy the sample", &[]));
        assert!(!has_words("{ $a }\n    .html = yes", &[]));
        assert!(has_words("メンバー", &[]));
    }

    #[test]
    fn nesting_is_bounded_before_parsing() {
        // Placeables, selectors and call arguments all recurse in the parser.
        let selector = |d| nested("{ $n ->\n *[other] ", "\n }", d);
        let calls = |d| format!("deep = {{ {}1{} }}\n", "NUMBER(".repeat(d), ")".repeat(d));
        for (kind, make) in [
            ("placeables", &(|d| nested("{ ", " }", d)) as &dyn Fn(usize) -> String),
            ("selectors", &selector),
            ("calls", &calls),
        ] {
            let deep = make(15_000);
            let offset = too_deep(&deep).unwrap_or_else(|| panic!("{kind}: not caught"));
            assert!(offset < 1000, "{kind}: at the 33rd level, not at {offset}");
            // As deep as allowed still parses and formats, on a test thread's small stack.
            let ok = make(MAX_NESTING - 1);
            assert_eq!(too_deep(&ok), None, "{kind}");
            FluentResource::try_new(ok).unwrap_or_else(|_| panic!("{kind}: valid Fluent"));
        }
    }

    #[test]
    fn braces_in_strings_comments_and_variant_text_do_not_count() {
        let text = format!(
            "# {}\nm = {{ \"{}\" }} and {{ $n ->\n [one] one ( \" {{ x }}\n *[other] many }} {{ -t(a: \"}}\") }}\n",
            "{".repeat(100),
            "{".repeat(100)
        );
        assert_eq!(too_deep(&text), None);
        let closing = format!("m = {{ \"{}\" }}\n{}", "}".repeat(100), nested("{ ", " }", 40));
        assert!(too_deep(&closing).is_some(), "a brace in a string closes nothing");
    }

    #[test]
    fn changed_entries_names_what_differs_and_gives_up_on_junk() {
        let old = "a = One\nb = Two\n-t = Term\n";
        let new = "a = One\nb = Deux\n-t = Terme\nc = Three\n";
        let mut changed: Vec<String> = changed_entries(old, new).unwrap().into_iter().collect();
        changed.sort();
        assert_eq!(changed, ["-t", "b", "c"]);
        let removed: Vec<String> = changed_entries("a = One\n", "").unwrap().into_iter().collect();
        assert_eq!(removed, ["a"]);
        assert!(changed_entries(old, "a = {\n").is_none(), "an entry that does not parse names nothing");
        let commented = changed_entries("a = One\n", "# apiglot: untranslated\na = One\n").unwrap();
        assert!(commented.contains("a"), "a comment counts");
    }
}
