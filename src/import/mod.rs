//! `apiglot import`: API descriptions -> endpoint files and English message skeletons, merged
//! with what a project already has. Pure: takes the project's texts, returns the files to
//! write and a report; `lib::import_openapi` reads and writes.
//!
//! The merge rule is three-way: the state file remembers what the last import wrote, so a
//! fact (method, server, path, query, headers, cookies, auth, body, scopes) or an English message
//! follows the spec unless the team changed it since; then the team's version is kept and
//! reported. The team's `guide`, `limits`, placeholder description ids, response message ids,
//! error codes and causes are always kept, and translations are never touched. A translation
//! records the English text it was made from (`locales/<locale>/translated-from.toml`), so a
//! changed English source marks it stale.

pub mod har;
pub mod openapi;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::endpoint::Endpoint;
use crate::error::{Error, Result};
use crate::load::EndpointFile;
use crate::locale::{self, LocaleSource};

/// What the importer last wrote, so a re-import can tell the team's edits from spec changes.
pub const STATE_FILE: &str = "apiglot-import.toml";

/// One operation of an API description, ready to merge.
#[derive(Debug, Clone)]
pub struct ImportedOperation {
    pub endpoint: Endpoint,
    /// English messages, values in Fluent syntax.
    pub messages: Vec<Message>,
    /// `GET /users/{id}`, for reports.
    pub operation: String,
    /// What was left out or changed on the way (a second content type, a security scheme
    /// apiglot cannot send, a captured secret), for the report.
    pub notes: Vec<String>,
}

/// The operations of an API description (or a HAR file) in order, and the ids of every
/// operation in it (also those a tag filter left out), so the merge can tell a removed
/// operation from a filtered one.
#[derive(Debug)]
pub struct Imported {
    pub operations: Vec<ImportedOperation>,
    pub all_ids: BTreeSet<String>,
    /// The API's name (`info.title`), the heading of every guide's API section.
    pub title: Option<String>,
    /// Operations left out (`TRACE /debug`) and why, for the report.
    pub skipped: Vec<(String, String)>,
}

/// The message id of placeholder `name`'s description in guide `guide`: `<guide>-<name>`,
/// never the id of another of its messages (a property named `title`).
pub(crate) fn placeholder_message_id(guide: &str, name: &str, messages: &[Message]) -> String {
    let mut id = format!("{guide}-{}", kebab(name));
    while messages.iter().any(|m| m.id == id) || is_guide_message(guide, &id) {
        id.push_str("-value");
    }
    id
}

/// Is `message_id` one of the messages a guide has by convention?
fn is_guide_message(guide: &str, message_id: &str) -> bool {
    let Some(suffix) = message_id.strip_prefix(guide).and_then(|s| s.strip_prefix('-')) else { return false };
    matches!(suffix, "title" | "intro" | "api-intro" | "dashboard-intro")
        || suffix.starts_with("dashboard-step-")
        || suffix.starts_with("response-")
}

/// An English message: its id and its value in Fluent syntax.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: String,
    pub value: String,
}

impl Message {
    /// A message whose text is literal (from the spec): escaped for Fluent.
    pub fn plain(id: String, text: &str) -> Message {
        Message { id, value: fluent_text(text) }
    }

    /// A message written in Fluent syntax (with `{ $arg }` placeables).
    pub fn fluent(id: String, value: &str) -> Message {
        Message { id, value: value.to_string() }
    }
}

/// `apiglot-import.toml`: per imported operation its method and path, per message the English
/// value the importer last wrote.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportState {
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
    #[serde(default)]
    pub messages: BTreeMap<String, String>,
    /// Per operation, the endpoint as last imported (compact JSON), to tell the team's edits
    /// of a fact from the spec's changes.
    #[serde(default)]
    pub endpoints: BTreeMap<String, String>,
}

/// Everything the merge needs from the project, as read from disk.
pub struct Existing<'a> {
    pub root: &'a Path,
    /// Where endpoint files go (`--into`).
    pub into: &'a Path,
    pub default_locale: &'a str,
    /// The endpoints already in `into`.
    pub endpoints: &'a [EndpointFile],
    /// Every configured locale's files and translation records.
    pub locales: &'a [LocaleSource],
    pub state: ImportState,
    /// The spec's file name, for the header comment of endpoint files.
    pub spec_name: &'a str,
}

/// A file to write (whole, atomically).
#[derive(Debug, Clone, PartialEq)]
pub struct FileWrite {
    pub path: PathBuf,
    pub contents: String,
}

/// What a re-import changed.
#[derive(Debug, Clone, Default)]
pub struct MergeReport {
    pub added: Vec<String>,
    /// Operation id and the facts that changed.
    pub changed: Vec<(String, Vec<&'static str>)>,
    pub unchanged: usize,
    /// Operations imported before and no longer in the spec; their files are left in place.
    pub removed: Vec<(String, String)>,
    pub messages_added: usize,
    pub messages_updated: Vec<String>,
    /// English messages the team edited whose spec text changed: the edit was kept.
    pub kept_edits: Vec<String>,
    /// Facts the team edited and the spec changed since: (operation id, fact); the edit was kept.
    pub kept_facts: Vec<(String, &'static str)>,
    /// Translations whose English source changed: (locale, message id).
    pub stale: Vec<(String, String)>,
    /// Operation id and what could not be imported.
    pub notes: Vec<(String, String)>,
}

/// Messages every guide page uses; the importer adds the ones the default locale lacks (the
/// API heading is the spec's title when it has one).
const SHARED_MESSAGES: &[(&str, &str)] = &[
    ("dashboard-heading", "Dashboard"),
    ("api-heading", "API"),
    ("placeholders-value", "Value"),
    ("placeholders-description", "Description"),
    ("responses-heading", "Response status codes"),
    ("responses-intro", "Possible response status codes are as follows:"),
    ("responses-status", "Status code"),
    ("responses-error-code", "Error code"),
    ("responses-message", "Message"),
    ("responses-cause", "Cause"),
    ("parameters-heading", "Parameters"),
    ("parameters-name", "Name"),
    ("parameters-in", "In"),
    ("parameters-in-path", "path"),
    ("parameters-in-query", "query"),
    ("parameters-in-header", "header"),
    ("parameters-in-cookie", "cookie"),
    ("parameters-type", "Type"),
    ("parameters-required", "Required"),
    ("parameters-description", "Description"),
    ("fields-heading", "Request body"),
    ("fields-name", "Field"),
    ("value-required", "required"),
    ("value-optional", "optional"),
    ("value-default", "Default:"),
    ("value-one-of", "One of:"),
    ("value-example", "Example:"),
    ("type-string", "string"),
    ("type-integer", "integer"),
    ("type-number", "number"),
    ("type-boolean", "boolean"),
    ("type-array", "array"),
    ("type-object", "object"),
    ("type-file", "file"),
    ("type-null", "null"),
    ("type-array-of", "array of { $items }"),
    ("examples-heading", "Response examples"),
];

/// The file translation records live in, per locale folder.
pub const TRANSLATED_FROM: &str = "translated-from.toml";

/// Merges `imported` into the project: the files to write and what changed.
pub fn merge(existing: Existing, imported: Imported) -> Result<(Vec<FileWrite>, MergeReport)> {
    let mut report = MergeReport::default();
    let mut state = existing.state.clone();
    let mut files = FileSet::default();
    let default = existing.locales.iter().find(|l| l.locale == existing.default_locale).ok_or_else(|| {
        Error::project(
            existing.root.join("locales").join(existing.default_locale),
            "the default locale has no folder",
            "create it",
        )
    })?;
    // id -> (file, value) of every English message.
    let mut english: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    for (path, text) in &default.files {
        files.load(path, text);
        for (id, value) in locale::message_values(text) {
            english.insert(id, (path.clone(), value));
        }
    }

    // Translations without a record were made from today's English: record it before it changes.
    let mut records: Vec<(&LocaleSource, BTreeMap<String, String>)> = Vec::new();
    for source in existing.locales.iter().filter(|l| l.locale != existing.default_locale) {
        let mut record = source.translated_from.clone();
        for (_, text) in &source.files {
            for id in locale::message_values(text).into_keys() {
                if let Some((_, value)) = english.get(&id) {
                    record.entry(id).or_insert_with(|| value.clone());
                }
            }
        }
        records.push((source, record));
    }

    let en_dir = existing.root.join("locales").join(existing.default_locale);
    for op in &imported.operations {
        let id = op.endpoint.id.clone();
        let previous = existing.endpoints.iter().find(|f| f.endpoint.id == id);
        let endpoint = match previous {
            Some(file) => {
                let last: Option<Endpoint> = state.endpoints.get(&id).and_then(|j| serde_json::from_str(j).ok());
                // What the spec changed since the last import (without one: since the file).
                let changed = changed_facts(last.as_ref().unwrap_or(&file.endpoint), &op.endpoint);
                if changed.is_empty() {
                    report.unchanged += 1;
                } else {
                    report.changed.push((id.clone(), changed));
                }
                let (merged, kept) = merge_endpoint(&file.endpoint, &op.endpoint, last.as_ref());
                report.kept_facts.extend(kept.into_iter().map(|fact| (id.clone(), fact)));
                merged
            }
            None => {
                report.added.push(id.clone());
                op.endpoint.clone()
            }
        };
        let same =
            previous.is_some_and(|f| serde_json::to_value(&f.endpoint).ok() == serde_json::to_value(&endpoint).ok());
        if !same {
            let path = match previous {
                Some(file) => file.path.clone(),
                None => free_path(existing.into, &id, existing.endpoints),
            };
            files.set(&path, endpoint_yaml(&endpoint, existing.spec_name, &op.operation));
        }
        for note in &op.notes {
            report.notes.push((id.clone(), note.clone()));
        }
        state.operations.insert(id.clone(), op.operation.clone());
        state.endpoints.insert(id.clone(), serde_json::to_string(&op.endpoint).expect("endpoints serialize"));

        // Only the messages the merged endpoint still uses.
        let mut used: BTreeSet<String> = BTreeSet::new();
        if endpoint.guide == id {
            used.extend(["title", "intro", "api-intro"].map(|suffix| format!("{id}-{suffix}")));
        }
        used.extend(endpoint.placeholders.iter().map(|p| p.description.clone()));
        used.extend(endpoint.responses.iter().map(|r| r.message.clone()));
        for message in op.messages.iter().filter(|m| used.contains(&m.id)) {
            let new = locale::canonical_value(&message.id, &message.value);
            let last = state.messages.get(&message.id).cloned();
            match english.get(&message.id).cloned() {
                None => {
                    let path = en_dir.join(format!("{id}.ftl"));
                    files.append_message(&path, &message.id, &new);
                    english.insert(message.id.clone(), (path, new.clone()));
                    report.messages_added += 1;
                }
                Some((_, current)) if current == new => {}
                Some((path, current)) if last.as_deref() == Some(current.as_str()) => {
                    files.replace_message(&path, &message.id, &new);
                    english.insert(message.id.clone(), (path, new.clone()));
                    report.messages_updated.push(message.id.clone());
                }
                Some(_) => {
                    if last.as_deref() != Some(new.as_str()) {
                        report.kept_edits.push(message.id.clone());
                    }
                }
            }
            state.messages.insert(message.id.clone(), new);
        }
    }

    for (id, operation) in &existing.state.operations {
        if !imported.all_ids.contains(id) {
            report.removed.push((id.clone(), operation.clone()));
            if !existing.endpoints.iter().any(|f| &f.endpoint.id == id) {
                state.operations.remove(id);
                state.endpoints.remove(id);
            }
        }
    }

    report.notes.extend(imported.skipped.iter().cloned());

    let common = en_dir.join("common.ftl");
    for (id, text) in SHARED_MESSAGES {
        if !english.contains_key(*id) {
            let text = match (*id, &imported.title) {
                ("api-heading", Some(title)) => title.as_str(),
                _ => text,
            };
            // `type-array-of` is Fluent with a variable; the others are plain text.
            let value = if text.contains("{ $") { text.to_string() } else { fluent_text(text) };
            files.append_message(&common, id, &value);
        }
    }

    for (source, record) in &records {
        let own: BTreeSet<String> =
            source.files.iter().flat_map(|(_, t)| locale::message_values(t).into_keys()).collect();
        for (id, from) in record {
            let now = english.get(id).map(|(_, v)| v);
            if own.contains(id) && now.is_some_and(|now| now != from) {
                report.stale.push((source.locale.clone(), id.clone()));
            }
        }
        // A locale with nothing translated yet still gets the file, so that its folder exists
        // in a clone (git keeps no empty folders) and says what it is for.
        if *record != source.translated_from || source.files.is_empty() {
            files.set(&source.dir.join(TRANSLATED_FROM), translated_from_toml(record));
        }
    }

    let state_text = format!(
        "# Written by `apiglot import`: the operations it imported and the English text it last wrote\n\
         # for each message, so that a re-import keeps your edits. Commit it; do not edit it.\n\n{}",
        toml::to_string(&state).expect("the import state is plain strings")
    );
    files.set(&existing.root.join(STATE_FILE), state_text);
    Ok((files.changed(), report))
}

/// `<into>/<id>.yaml`, or `<id>-2.yaml`, ... when a file of another endpoint has that name.
fn free_path(into: &Path, id: &str, endpoints: &[EndpointFile]) -> PathBuf {
    let taken = |p: &Path| endpoints.iter().any(|f| f.path == p);
    let mut path = into.join(format!("{id}.yaml"));
    let mut n = 2;
    while taken(&path) {
        path = into.join(format!("{id}-{n}.yaml"));
        n += 1;
    }
    path
}

/// The text of `locales/<locale>/translated-from.toml`.
pub fn translated_from_toml(record: &BTreeMap<String, String>) -> String {
    format!(
        "# The English text each translation of this folder was made from, kept by apiglot. When the\n\
         # English changes, `apiglot list` and `apiglot build` report the translation as stale;\n\
         # after updating it, run `apiglot translated --locale <this locale>`.\n\n{}",
        toml::to_string(record).expect("records are plain strings")
    )
}

/// The facts of `new` that differ from `old`.
fn changed_facts(old: &Endpoint, new: &Endpoint) -> Vec<&'static str> {
    let facts: [(&'static str, bool); 11] = [
        ("method", old.method != new.method),
        ("server", old.server != new.server),
        ("path", old.path != new.path),
        ("query", old.query != new.query),
        ("headers", old.headers != new.headers),
        ("cookies", old.cookies != new.cookies),
        ("auth", json(&old.auth) != json(&new.auth)),
        ("body", json(&old.body) != json(&new.body)),
        ("scopes", old.scope != new.scope || old.scopes != new.scopes),
        ("placeholders", old.placeholders.iter().map(|p| &p.name).ne(new.placeholders.iter().map(|p| &p.name))),
        ("responses", old.responses.iter().map(|r| r.status).ne(new.responses.iter().map(|r| r.status))),
    ];
    facts.into_iter().filter(|(_, differs)| *differs).map(|(name, _)| name).collect()
}

/// Merges the endpoint file `old` with the imported `new`, `last` being what the previous import
/// wrote. A fact (method, server, path, query, headers, cookies, auth, body, scopes) follows the spec
/// unless the team changed it since the last import: then the team's version is kept, and
/// named in the returned list when the spec changed it too. `guide` and `limits` are the
/// team's; placeholders and responses are merged by `keep_hand_written`.
fn merge_endpoint(old: &Endpoint, new: &Endpoint, last: Option<&Endpoint>) -> (Endpoint, Vec<&'static str>) {
    let mut merged = keep_hand_written(old, new);
    let mut kept = Vec::new();
    if let Some(last) = last {
        macro_rules! fact {
            ($name:literal, $($field:ident),+) => {
                if json(&($(&old.$field),+)) != json(&($(&last.$field),+)) {
                    $(merged.$field = old.$field.clone();)+
                    if json(&($(&new.$field),+)) != json(&($(&last.$field),+)) {
                        kept.push($name);
                    }
                }
            };
        }
        fact!("method", method);
        fact!("server", server);
        fact!("path", path);
        fact!("query", query);
        fact!("headers", headers);
        fact!("cookies", cookies);
        fact!("auth", auth);
        fact!("body", body);
        fact!("scopes", scope, scopes);
    }
    // Placeholders: those the merged request uses, the spec's first, then the team's own.
    let used = used_placeholders(&merged);
    let team_own = old.placeholders.iter().filter(|p| !merged.placeholders.iter().any(|m| m.name == p.name)).cloned();
    let all: Vec<_> = merged.placeholders.iter().cloned().chain(team_own).collect();
    merged.placeholders = all.into_iter().filter(|p| used.contains(&p.name)).collect();
    (merged, kept)
}

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// The `{NAME}` placeholders the request of `e` uses.
fn used_placeholders(e: &Endpoint) -> Vec<String> {
    crate::request::endpoint_placeholder_names(e)
}

/// The imported facts with the team's own fields kept: `guide`, `limits`, the description id
/// of each placeholder still there, and the message id, error code and cause of each response
/// still there (the n-th response of a status matches the n-th of the same status).
fn keep_hand_written(old: &Endpoint, new: &Endpoint) -> Endpoint {
    let mut merged = new.clone();
    merged.guide = old.guide.clone();
    merged.limits = old.limits.clone();
    for p in &mut merged.placeholders {
        if let Some(o) = old.placeholders.iter().find(|o| o.name == p.name) {
            p.description = o.description.clone();
        }
    }
    let mut seen: BTreeMap<u16, usize> = BTreeMap::new();
    for r in &mut merged.responses {
        let n = seen.entry(r.status).or_default();
        if let Some(o) = old.responses.iter().filter(|o| o.status == r.status).nth(*n) {
            r.message = o.message.clone();
            r.error_code = o.error_code.clone();
            r.cause = o.cause.clone();
        }
        *n += 1;
    }
    merged
}

fn endpoint_yaml(endpoint: &Endpoint, spec_name: &str, operation: &str) -> String {
    format!(
        "# Imported from {spec_name} ({operation}) by `apiglot import`.\n\
         # A re-import updates the facts; guide, limits, placeholder descriptions and response\n\
         # messages, error codes and causes are yours.\n{}",
        serde_yaml_ng::to_string(endpoint).expect("endpoints always serialize")
    )
}

/// Files being edited: their text on disk and their new text.
#[derive(Default)]
struct FileSet {
    files: BTreeMap<PathBuf, (Option<String>, String)>,
}

impl FileSet {
    fn load(&mut self, path: &Path, text: &str) {
        self.files.entry(path.to_path_buf()).or_insert_with(|| (Some(text.to_string()), text.to_string()));
    }

    fn set(&mut self, path: &Path, text: String) {
        self.files.entry(path.to_path_buf()).or_insert((None, String::new())).1 = text;
    }

    fn append_message(&mut self, path: &Path, id: &str, value: &str) {
        let entry = &mut self.files.entry(path.to_path_buf()).or_insert((None, String::new())).1;
        if !entry.is_empty() && !entry.ends_with('\n') {
            entry.push('\n');
        }
        entry.push_str(&format_message(id, value));
    }

    fn replace_message(&mut self, path: &Path, id: &str, value: &str) {
        let entry = &mut self.files.get_mut(path).expect("English files are loaded").1;
        if let Some(span) = message_span(entry, id) {
            entry.replace_range(span, &format_message(id, value));
        }
    }

    fn changed(self) -> Vec<FileWrite> {
        self.files
            .into_iter()
            .filter(|(_, (before, after))| before.as_deref() != Some(after.as_str()))
            .map(|(path, (_, contents))| FileWrite { path, contents })
            .collect()
    }
}

/// `id = value` with continuation lines indented, ending in a line break.
fn format_message(id: &str, value: &str) -> String {
    let mut lines = value.lines();
    let mut out = format!("{id} = {}\n", lines.next().unwrap_or_default());
    for line in lines {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            out.push_str("    ");
            out.push_str(line.trim_start_matches(' '));
            out.push('\n');
        }
    }
    out
}

/// The bytes of message `id` in a Fluent file: its `id =` line and its indented (or blank)
/// continuation lines, without trailing blank lines.
fn message_span(text: &str, id: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    let mut start = None;
    let mut end = text.len();
    for line in text.split_inclusive('\n') {
        match start {
            None => {
                let rest = line.strip_prefix(id).map(str::trim_start);
                if rest.is_some_and(|r| r.starts_with('=')) {
                    start = Some(offset);
                    end = offset + line.len();
                }
            }
            Some(_) => {
                if line.trim().is_empty() {
                } else if line.starts_with([' ', '\t']) {
                    end = offset + line.len();
                } else {
                    break;
                }
            }
        }
        offset += line.len();
    }
    start.map(|s| s..end)
}

/// Literal text as a Fluent message value: braces escaped, a line starting with `[`, `*` or
/// `.` escaped (Fluent would read a variant, a default variant or an attribute), line breaks
/// kept (continuation lines are indented when written), blank text as `{""}`.
pub fn fluent_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let line = line.trim_end();
            let mut out = String::with_capacity(line.len());
            let indent = line.len() - line.trim_start_matches(' ').len();
            for (i, c) in line.chars().enumerate() {
                match c {
                    '{' => out.push_str("{\"{\"}"),
                    '}' => out.push_str("{\"}\"}"),
                    '[' | '*' | '.' if i == indent => out.push_str(&format!("{{\"{c}\"}}")),
                    _ => out.push(c),
                }
            }
            out
        })
        .collect();
    let joined = lines.join("\n");
    if joined.is_empty() {
        "{\"\"}".to_string()
    } else {
        joined
    }
}

/// Text from a spec or a capture written into an endpoint file: data, so every `{` is written
/// `{{` ([`crate::request::literal`]), except a `{NAME}` (UPPER_SNAKE, not right after a `{`),
/// which stays a placeholder that the importer declares.
pub fn data_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    while let Some(found) = text[done..].find('{') {
        let open = done + found;
        out.push_str(&text[done..open]);
        let after = &text[open + 1..];
        let name = after
            .find('}')
            .map(|close| &after[..close])
            .filter(|name| crate::request::is_placeholder_name(name) && (open == 0 || bytes[open - 1] != b'{'));
        match name {
            Some(name) => {
                out.push('{');
                out.push_str(name);
                out.push('}');
                done = open + name.len() + 2;
            }
            None => {
                out.push_str(&crate::request::literal("{"));
                done = open + 1;
            }
        }
    }
    out.push_str(&text[done..]);
    out
}

/// [`data_text`] of every string and key of a JSON value.
pub fn data_json(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(data_text(s)),
        Value::Array(items) => Value::Array(items.iter().map(data_json).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (data_text(k), data_json(v))).collect()),
        other => other.clone(),
    }
}

/// `get_users`, `getUsers`, `GET /users/{id}` -> `get-users`, `get-users-id`: `[a-z0-9-]`.
pub fn kebab(text: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit()) {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        previous = Some(c);
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatted(value: &str) -> String {
        use fluent_bundle::{FluentBundle, FluentResource};
        let source = format_message("m", value);
        let resource = FluentResource::try_new(source.clone()).unwrap_or_else(|_| panic!("not Fluent:\n{source}"));
        let mut bundle: FluentBundle<FluentResource> = FluentBundle::new(vec!["en".parse().unwrap()]);
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).unwrap();
        let pattern = bundle.get_message("m").unwrap().value().unwrap();
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, None, &mut errors).into_owned()
    }

    #[test]
    fn literal_text_survives_fluent() {
        for text in [
            "Plain.",
            "Braces {like} this and }{ and {{x}}",
            "List:\n\n* one\n* two\n\n.dot line\n[bracket] line",
            "  - indented\n  - items",
            "$x and { $y }",
            "Line with trailing space   \r\nnext",
            "[starts with bracket]",
        ] {
            let expected: Vec<&str> = text.trim().lines().map(|l| l.trim_end()).collect();
            let got = formatted(&fluent_text(text));
            let got: Vec<&str> = got.lines().collect();
            let expected: Vec<String> = expected.iter().map(|l| l.trim_start().to_string()).collect();
            let got: Vec<String> = got.iter().map(|l| l.trim_start().to_string()).collect();
            assert_eq!(got, expected, "{text:?}");
        }
        assert_eq!(formatted(&fluent_text("  ")), "");
    }

    #[test]
    fn data_keeps_placeholders_and_escapes_every_other_brace() {
        for (text, written) in [
            ("plain", "plain"),
            ("{ORG_ID}", "{ORG_ID}"),
            ("{TENANT}.example.com", "{TENANT}.example.com"),
            ("{id}", "{{id}"),
            ("Hello {{ user.email }}!", "Hello {{{{ user.email }}!"),
            ("{{NAME}}", "{{{{NAME}}"),
            ("{\"a\": {B}}", "{{\"a\": {B}}"),
            ("}{", "}{{"),
            ("{", "{{"),
        ] {
            assert_eq!(data_text(text), written, "{text:?}");
        }
        let json = serde_json::json!({ "{k}": ["{{x}}", "{X}", 1] });
        assert_eq!(data_json(&json), serde_json::json!({ "{{k}": ["{{{{x}}", "{X}", 1] }));
    }

    #[test]
    fn spans_cover_continuation_lines() {
        let text = "a = one\n    two\n\nb = three\n# c\nc = x\n";
        assert_eq!(&text[message_span(text, "a").unwrap()], "a = one\n    two\n");
        assert_eq!(&text[message_span(text, "b").unwrap()], "b = three\n");
        assert!(message_span(text, "ab").is_none());
    }
}
