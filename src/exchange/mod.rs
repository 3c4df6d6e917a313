//! Exchange with translators: a locale's messages exported as XLIFF 2.0 or gettext PO, and a
//! translated file imported back into `locales/<locale>/`.
//!
//! Pure conversion between the project and [`Unit`]s ([`units`], [`plan_import`]); [`xliff`]
//! and [`po`] turn units into files and files into [`Entry`]s. Every unit's text travels as a
//! Fluent *pattern text*: the pattern's Fluent syntax without the `id =` and the indentation,
//! so variables, selectors and escapes survive any tool that keeps text as it is.

pub mod po;
pub mod xliff;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;

use crate::error::{Error, Location, Result};
use crate::load::Project;
use crate::locale::{Catalog, MessageState, STUB_MARK};

/// The file formats a locale can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xliff,
    Po,
}

/// Where a unit stands for the translator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    /// No translation yet (missing, a stub, or still the English text): no target is offered.
    New,
    /// Translated from an English text that has changed since: the old translation is offered.
    NeedsReview,
    Translated,
}

/// The attribute that is a mark, not text: it goes along with the English message, untranslated.
const MARK_ATTRIBUTE: &str = crate::locale::RAW_HTML_ATTRIBUTE;

/// One translatable piece: a message's value (`id`) or one of its attributes (`id.attr`).
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: String,
    /// The English file that defines the message, relative to the project, and its line.
    pub file: PathBuf,
    pub line: usize,
    /// Fluent pattern text of the English.
    pub source: String,
    /// Fluent pattern text of the locale's translation, when it has one worth offering.
    pub target: Option<String>,
    /// The English the offered translation was made from (needs review only).
    pub previous: Option<String>,
    pub state: State,
    /// Notes for the translator: (category, text).
    pub notes: Vec<(&'static str, String)>,
    /// The text holds a selector (plurals): it goes as Fluent source text, not as words and codes.
    pub fluent: bool,
    /// Example values of the variables it uses, by name, for inline codes.
    pub examples: BTreeMap<String, String>,
}

/// One unit as a translated file gives it back.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    /// Where the unit is in the file, and where its source and target are.
    pub at: Location,
    pub source: String,
    pub source_at: Location,
    pub target: Option<String>,
    pub target_at: Location,
    pub state: State,
    /// The English an offered translation was made from, when the file says.
    pub previous: Option<String>,
}

/// A translated file as read: its target language (with where the file says it) and units.
#[derive(Debug, Clone)]
pub struct ReadFile {
    pub format: Format,
    pub language: Option<(String, Location)>,
    /// The language the file says its sources are in (XLIFF srcLang, PO X-Source-Language).
    pub source_language: Option<(String, Location)>,
    pub entries: Vec<Entry>,
}

/// Reads a translated file, XLIFF or PO by its content.
pub fn read(text: &str, file: &Path) -> Result<ReadFile> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('<') {
        xliff::read(text, file)
    } else {
        po::read(text, file)
    }
}

/// Writes `units` of `locale` in `format`.
pub fn write(format: Format, units: &[Unit], source_locale: &str, locale: &str) -> Result<String> {
    match format {
        Format::Xliff => Ok(xliff::write(units, source_locale, locale)),
        Format::Po => po::write(units, source_locale, locale),
    }
}

// ---------------------------------------------------------------------------------------------
// Fluent pattern text.

/// The pattern text of `pattern`: its Fluent syntax as the serializer writes it, without the
/// message's `id =` and the indentation every line after the first carries.
pub fn pattern_text<S: AsRef<str>>(pattern: &ast::Pattern<S>) -> String {
    let message = ast::Message {
        id: ast::Identifier { name: "m" },
        value: Some(borrow_pattern(pattern)),
        attributes: Vec::new(),
        comment: None,
    };
    let text = fluent_syntax::serializer::serialize(&ast::Resource { body: vec![ast::Entry::Message(message)] });
    let rest = text.strip_prefix("m =").unwrap_or(&text).trim_end_matches('\n');
    let rest = rest.strip_prefix('\n').or_else(|| rest.strip_prefix(' ')).unwrap_or(rest);
    let lines: Vec<&str> = rest.split('\n').map(|l| l.strip_prefix("    ").unwrap_or(l)).collect();
    lines.join("\n")
}

/// `pattern` with its strings borrowed.
fn borrow_pattern<S: AsRef<str>>(whole: &ast::Pattern<S>) -> ast::Pattern<&str> {
    fn id<S: AsRef<str>>(i: &ast::Identifier<S>) -> ast::Identifier<&str> {
        ast::Identifier { name: i.name.as_ref() }
    }
    fn args<S: AsRef<str>>(a: &ast::CallArguments<S>) -> ast::CallArguments<&str> {
        ast::CallArguments {
            positional: a.positional.iter().map(inline).collect(),
            named: a.named.iter().map(|n| ast::NamedArgument { name: id(&n.name), value: inline(&n.value) }).collect(),
        }
    }
    fn inline<S: AsRef<str>>(e: &ast::InlineExpression<S>) -> ast::InlineExpression<&str> {
        use ast::InlineExpression as I;
        match e {
            I::StringLiteral { value } => I::StringLiteral { value: value.as_ref() },
            I::NumberLiteral { value } => I::NumberLiteral { value: value.as_ref() },
            I::FunctionReference { id: i, arguments } => I::FunctionReference { id: id(i), arguments: args(arguments) },
            I::MessageReference { id: i, attribute } => {
                I::MessageReference { id: id(i), attribute: attribute.as_ref().map(id) }
            }
            I::TermReference { id: i, attribute, arguments } => I::TermReference {
                id: id(i),
                attribute: attribute.as_ref().map(id),
                arguments: arguments.as_ref().map(args),
            },
            I::VariableReference { id: i } => I::VariableReference { id: id(i) },
            I::Placeable { expression } => I::Placeable { expression: Box::new(expr(expression)) },
        }
    }
    fn expr<S: AsRef<str>>(e: &ast::Expression<S>) -> ast::Expression<&str> {
        match e {
            ast::Expression::Inline(i) => ast::Expression::Inline(inline(i)),
            ast::Expression::Select { selector, variants } => ast::Expression::Select {
                selector: inline(selector),
                variants: variants
                    .iter()
                    .map(|v| ast::Variant {
                        key: match &v.key {
                            ast::VariantKey::Identifier { name } => ast::VariantKey::Identifier { name: name.as_ref() },
                            ast::VariantKey::NumberLiteral { value } => {
                                ast::VariantKey::NumberLiteral { value: value.as_ref() }
                            }
                        },
                        value: pattern(&v.value),
                        default: v.default,
                    })
                    .collect(),
            },
        }
    }
    fn pattern<S: AsRef<str>>(p: &ast::Pattern<S>) -> ast::Pattern<&str> {
        ast::Pattern {
            elements: p
                .elements
                .iter()
                .map(|e| match e {
                    ast::PatternElement::TextElement { value } => {
                        ast::PatternElement::TextElement { value: value.as_ref() }
                    }
                    ast::PatternElement::Placeable { expression } => {
                        ast::PatternElement::Placeable { expression: expr(expression) }
                    }
                })
                .collect(),
        }
    }
    pattern(whole)
}

/// Parses Fluent text with the guards the project's loader has: nesting deeper than the
/// parser's stack allows is refused (at its offset), and a short `\u` escape that would panic
/// fluent-syntax 0.12 is made an unknown escape first (the parser then reports it).
fn parse_fluent(text: &str) -> std::result::Result<ast::Resource<String>, (usize, String)> {
    if let Some(offset) = crate::locale::too_deep(text) {
        return Err((offset, format!("placeables nest more than {} deep", crate::locale::MAX_NESTING)));
    }
    let mut text = text.to_string();
    for offset in crate::locale::broken_unicode_escapes(&text) {
        text.replace_range(offset + 1..offset + 2, "x");
    }
    fluent_syntax::parser::parse(text).map_err(|(_, errors)| (errors[0].pos.start, errors[0].kind.to_string()))
}

/// Why a pattern text is not valid Fluent: 1-based line and column in the text, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses a pattern text (what [`pattern_text`] writes, or a translator's edit of it).
pub fn parse_pattern(text: &str) -> std::result::Result<ast::Pattern<String>, TextError> {
    if text.trim().is_empty() {
        return Err(TextError { line: 1, column: 1, message: "the text is empty".into() });
    }
    // `m = ` and the continuation indent are both 4 characters: columns map back by 4.
    let source = format!("m = {}\n", text.split('\n').collect::<Vec<_>>().join("\n    "));
    let last_line = text.split('\n').count();
    let at = |offset: usize| {
        let (line, column) = crate::error::line_col(&source, offset);
        if line > last_line {
            // At the end: after the text's last character.
            (last_line, text.rsplit('\n').next().unwrap_or_default().chars().count() + 1)
        } else {
            (line, column.saturating_sub(4).max(1))
        }
    };
    let resource = match parse_fluent(&source) {
        Ok(resource) => resource,
        Err((offset, kind)) => {
            let (line, column) = at(offset);
            return Err(TextError { line, column, message: format!("not valid Fluent: {kind}") });
        }
    };
    let mut messages = resource.body.into_iter().filter_map(|e| match e {
        ast::Entry::Message(m) => Some(m),
        _ => None,
    });
    match messages.next() {
        Some(m) if m.attributes.is_empty() && m.value.is_some() => Ok(m.value.expect("checked")),
        Some(m) if !m.attributes.is_empty() => {
            let offset = source.find("\n    .").map_or(0, |i| i + 5);
            let (line, column) = at(offset);
            Err(TextError {
                line,
                column,
                message: format!(
                    "a line starting with `.` starts an attribute (`.{}`), not text",
                    m.attributes[0].id.name
                ),
            })
        }
        _ => Err(TextError { line: 1, column: 1, message: "not valid Fluent: no text".into() }),
    }
}

/// A pattern as the words and codes a reader sees: text (string literals included) and the
/// Fluent source of every other placeable. Two patterns that mean the same compare equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Code(String),
}

/// The pieces of `pattern`; adjacent text merged.
pub fn pieces<S: AsRef<str>>(pattern: &ast::Pattern<S>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let push_text = |out: &mut Vec<Piece>, text: &str| match out.last_mut() {
        Some(Piece::Text(t)) => t.push_str(text),
        _ => out.push(Piece::Text(text.to_string())),
    };
    for element in borrow_pattern(pattern).elements {
        match element {
            ast::PatternElement::TextElement { value } => push_text(&mut out, value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }),
            } => push_text(&mut out, &fluent_syntax::unicode::unescape_unicode_to_string(value)),
            placeable => out.push(Piece::Code(pattern_text(&ast::Pattern { elements: vec![placeable] }))),
        }
    }
    out
}

/// Does the pattern hold a selector anywhere?
pub fn has_selector<S>(pattern: &ast::Pattern<S>) -> bool {
    pattern.elements.iter().any(|e| {
        matches!(e, ast::PatternElement::Placeable { expression: ast::Expression::Select { .. } })
            || matches!(e, ast::PatternElement::Placeable { expression: ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) } if matches!(**expression, ast::Expression::Select { .. }))
    })
}

/// The variables (`$name`) a pattern uses, anywhere in it.
pub fn variables<S: AsRef<str>>(whole: &ast::Pattern<S>) -> BTreeSet<String> {
    fn inline<S: AsRef<str>>(e: &ast::InlineExpression<S>, out: &mut BTreeSet<String>) {
        use ast::InlineExpression as I;
        match e {
            I::VariableReference { id } => {
                out.insert(id.name.as_ref().to_string());
            }
            I::FunctionReference { arguments, .. } | I::TermReference { arguments: Some(arguments), .. } => {
                for a in &arguments.positional {
                    inline(a, out);
                }
                for n in &arguments.named {
                    inline(&n.value, out);
                }
            }
            I::Placeable { expression } => expr(expression, out),
            _ => {}
        }
    }
    fn expr<S: AsRef<str>>(e: &ast::Expression<S>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline(i, out),
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern(&v.value, out);
                }
            }
        }
    }
    fn pattern<S: AsRef<str>>(p: &ast::Pattern<S>, out: &mut BTreeSet<String>) {
        for e in &p.elements {
            if let ast::PatternElement::Placeable { expression } = e {
                expr(expression, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    pattern(whole, &mut out);
    out
}

/// The pattern text that reads back as `pieces`: codes as they are, text escaped the Fluent
/// way where Fluent would read it otherwise (braces; a line's leading spaces, `[`, `*` or `.`;
/// whitespace at the ends; carriage returns), as string literals.
pub fn fluent_text(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Code(code) => out.push_str(code),
            Piece::Text(text) => escape_text(text, i == 0, i + 1 == pieces.len(), &mut out),
        }
    }
    out
}

/// A string literal holding `text`.
fn literal(text: &str) -> String {
    let mut out = String::from("{\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("\"}");
    out
}

fn escape_text(text: &str, starts_pattern: bool, ends_pattern: bool, out: &mut String) {
    // Whitespace Fluent would drop: leading at the pattern's start, trailing at its end.
    let (lead, rest) = if starts_pattern {
        let body = text.trim_start_matches([' ', '\t', '\n', '\r']);
        text.split_at(text.len() - body.len())
    } else {
        ("", text)
    };
    let (body, trail) = if ends_pattern {
        let body = rest.trim_end_matches([' ', '\t', '\n', '\r']);
        (body, &rest[body.len()..])
    } else {
        (rest, "")
    };
    if !lead.is_empty() {
        out.push_str(&literal(lead));
    }
    let mut line_start = starts_pattern && lead.is_empty() || out.ends_with('\n');
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if line_start && c == ' ' {
            let spaces = body[i..].len() - body[i..].trim_start_matches(' ').len();
            out.push_str(&literal(&body[i..i + spaces]));
            for _ in 1..spaces {
                chars.next();
            }
            line_start = false;
            continue;
        }
        match c {
            '{' | '}' | '\r' => out.push_str(&literal(&c.to_string())),
            '[' | '*' | '.' if line_start => out.push_str(&literal(&c.to_string())),
            c => out.push(c),
        }
        line_start = c == '\n';
    }
    if !trail.is_empty() {
        out.push_str(&literal(trail));
    }
}

// ---------------------------------------------------------------------------------------------
// Export.

/// A message of a Fluent text, parsed, with its comment lines and its 1-based line.
struct SourceMessage {
    id: String,
    line: usize,
    comment: Vec<String>,
    value: Option<ast::Pattern<String>>,
    attributes: Vec<(String, ast::Pattern<String>)>,
}

/// The messages of a Fluent text in file order.
fn source_messages(text: &str) -> Vec<SourceMessage> {
    // Locale files passed the loader's guards; a translation record did not.
    if crate::locale::too_deep(text).is_some() {
        return Vec::new();
    }
    let mut text = text.to_string();
    for offset in crate::locale::broken_unicode_escapes(&text) {
        text.replace_range(offset + 1..offset + 2, "x");
    }
    let text = text.as_str();
    let resource = fluent_syntax::parser::parse(text.to_string()).unwrap_or_else(|(partial, _)| partial);
    let mut out = Vec::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let id = m.id.name.clone();
            let line = message_line(text, &id).unwrap_or(1);
            out.push(SourceMessage {
                line,
                comment: m.comment.map(|c| c.content).unwrap_or_default(),
                value: m.value,
                attributes: m.attributes.into_iter().map(|a| (a.id.name, a.value)).collect(),
                id,
            });
        }
    }
    out
}

/// The 1-based line of the line that starts message `id` (`id =` at the line's start).
fn message_line(text: &str, id: &str) -> Option<usize> {
    text.split('\n').position(|line| starts_message(line, id)).map(|i| i + 1)
}

fn starts_message(line: &str, id: &str) -> bool {
    line.strip_prefix(id).is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with('='))
}

/// The parts of a message as units: (unit id, pattern), the value first; the mark attribute
/// is no unit.
fn parts(m: &SourceMessage) -> Vec<(String, &ast::Pattern<String>)> {
    let mut out = Vec::new();
    if let Some(value) = &m.value {
        out.push((m.id.clone(), value));
    }
    for (name, value) in &m.attributes {
        if name != MARK_ATTRIBUTE {
            out.push((format!("{}.{name}", m.id), value));
        }
    }
    out
}

/// The units of `locale`: every message of the default locale, in its files' order (files by
/// path), each with the locale's translation and state. `states` filters (all when empty).
pub fn units(project: &Project, catalog: &Catalog, locale: &str, states: &[State]) -> Result<Vec<Unit>> {
    let default = catalog.default_locale().to_string();
    let not_configured = || {
        Error::project(
            project.root.join(crate::load::CONFIG_FILE),
            format!("locale `{locale}` is not configured"),
            format!("use one of: {}", project.config.locales.join(", ")),
        )
    };
    if locale == default {
        return Err(Error::project(
            project.root.join(crate::load::CONFIG_FILE),
            format!("locale `{locale}` is the default locale: the source of translations, not a translation"),
            "export a locale translated from it",
        ));
    }
    let own = project.locales.iter().find(|l| l.locale == locale).ok_or_else(not_configured)?;
    let english = project.locales.iter().find(|l| l.locale == default).ok_or_else(not_configured)?;
    let translations: BTreeMap<String, SourceMessage> =
        own.files.iter().flat_map(|(_, text)| source_messages(text)).map(|m| (m.id.clone(), m)).collect();
    let usage = usage(project);
    let mut units = Vec::new();
    for (path, text) in &english.files {
        let file = path.strip_prefix(&project.root).unwrap_or(path).to_path_buf();
        for message in source_messages(text) {
            let state = catalog.state(locale, &message.id);
            let translation = translations.get(&message.id);
            let previous = match &state {
                MessageState::Stale { was } => source_messages(&format!("{} = {}\n", message.id, was)).pop(),
                _ => None,
            };
            let used = usage.get(&message.id);
            for (id, pattern) in parts(&message) {
                let find =
                    |m: &SourceMessage| parts(m).into_iter().find(|(i, _)| *i == id).map(|(_, p)| pattern_text(p));
                let target = translation.and_then(find);
                let (state, target, previous) = match (&state, target) {
                    (MessageState::Translated, Some(t)) => (State::Translated, Some(t), None),
                    (MessageState::Stale { .. }, Some(t)) => {
                        (State::NeedsReview, Some(t), previous.as_ref().and_then(find))
                    }
                    _ => (State::New, None, None),
                };
                if !states.is_empty() && !states.contains(&state) {
                    continue;
                }
                let fluent = has_selector(pattern);
                let vars = variables(pattern);
                let mut notes = Vec::new();
                let examples: BTreeMap<String, String> = match used {
                    Some(u) => vars.iter().filter_map(|v| u.examples.get(v).map(|e| (v.clone(), e.clone()))).collect(),
                    None => BTreeMap::new(),
                };
                let place = match used {
                    Some(u) if !u.places.is_empty() => u.places.join("; "),
                    _ => "not used by any page yet".to_string(),
                };
                let place = match id.split_once('.') {
                    Some((m, a)) => format!("attribute .{a} of message {m}, which is {place}"),
                    None => place,
                };
                notes.push(("location", format!("Used as: {place}")));
                for v in &vars {
                    let meaning = variable_meaning(v);
                    let example = examples.get(v).map_or_else(String::new, |e| format!(", e.g. \"{e}\""));
                    notes.push(("variable", format!("{{ ${v} }}: {meaning}{example}")));
                }
                if !message.comment.is_empty() {
                    notes.push(("comment", message.comment.join("\n")));
                }
                if fluent {
                    notes.push((
                        "format",
                        "Fluent source text: the text chooses among variants (plural forms). Translate the words of \
                         each [variant]; keep the braces, the $variables, the selector line and the * of the default \
                         variant; add or remove variants as the language needs (one, few, many, other)."
                            .to_string(),
                    ));
                }
                units.push(Unit {
                    id,
                    file: file.clone(),
                    line: message.line,
                    source: pattern_text(pattern),
                    target,
                    previous,
                    state,
                    notes,
                    fluent,
                    examples,
                });
            }
        }
    }
    Ok(units)
}

/// What a variable the pages pass means.
fn variable_meaning(name: &str) -> String {
    match name {
        "method" => "the endpoint's HTTP method".into(),
        "path" => "the endpoint's path".into(),
        "scope" => "the scopes (permissions) the endpoint requires, as code".into(),
        "items" => "the words of an array's item type".into(),
        other => format!("the endpoint's limit `{other}` (a number)"),
    }
}

/// Where a message is used, and an example value of each variable it may get.
#[derive(Debug, Default)]
struct Usage {
    places: Vec<String>,
    examples: BTreeMap<String, String>,
}

/// Where each message of the project is used, by the page layout's conventions and the
/// endpoint files (the ids `model::build` asks for).
fn usage(project: &Project) -> BTreeMap<String, Usage> {
    let mut out: BTreeMap<String, Usage> = BTreeMap::new();
    let mut add = |id: &str, place: String, args: &[(String, crate::locale::Arg)]| {
        let u = out.entry(id.to_string()).or_default();
        // `... of endpoint a` and `... of endpoint b` read as `... of endpoints a, b`.
        let merged = place.rsplit_once(" of endpoint ").and_then(|(what, endpoint)| {
            let head = format!("{what} of endpoint");
            let slot = u.places.iter_mut().find(|p| p.starts_with(&head) && !p[head.len()..].contains(" of "))?;
            if !slot.split([' ', ',']).any(|w| w == endpoint) {
                *slot =
                    format!("{what} of endpoints {}, {endpoint}", slot[head.len()..].trim_start_matches('s').trim());
            }
            Some(())
        });
        if merged.is_none() && !u.places.contains(&place) {
            u.places.push(place);
        }
        for (name, value) in args {
            let value = match value {
                crate::locale::Arg::Text(t) => t.clone(),
                crate::locale::Arg::Number(n) => n.to_string(),
            };
            u.examples.entry(name.clone()).or_insert(value);
        }
    };
    let mut guides_seen = BTreeSet::new();
    for file in &project.endpoints {
        let e = &file.endpoint;
        let args = crate::model::message_args(file);
        let g = &e.guide;
        if guides_seen.insert(g.clone()) {
            add(&format!("{g}-title"), format!("the title of guide {g}"), &args);
            add(&format!("{g}-intro"), format!("the introduction of guide {g} (Markdown)"), &args);
            add(&format!("{g}-dashboard-intro"), format!("the line above the Dashboard steps of guide {g}"), &args);
            for n in 1..=50 {
                add(&format!("{g}-dashboard-step-{n}"), format!("Dashboard step {n} of guide {g} (Markdown)"), &args);
            }
            add(&format!("{g}-api-heading"), format!("the heading of the API section of guide {g}"), &args);
            add(
                &format!("{g}-api-intro"),
                format!("the introduction of the API section of guide {g} (Markdown)"),
                &args,
            );
            add("api-intro", format!("the introduction of the API section of guide {g} (Markdown)"), &args);
        }
        let id = &e.id;
        add(&format!("{id}-intro"), format!("the introduction of endpoint {id}"), &args);
        for p in &e.placeholders {
            add(&p.description, format!("the description of placeholder `{}` of endpoint {id}", p.name), &args);
        }
        for r in &e.responses {
            let code = r.error_code.as_deref().map_or_else(String::new, |c| format!(" `{c}`"));
            add(
                &r.message,
                format!("the message of response {}{code} (a table cell) of endpoint {id}", r.status),
                &args,
            );
            if let Some(cause) = &r.cause {
                add(cause, format!("the cause of response {}{code} (a table cell) of endpoint {id}", r.status), &args);
            }
        }
        for p in &e.parameters {
            if let Some(d) = &p.description {
                add(d, format!("the description of parameter `{}` (a table cell) of endpoint {id}", p.name), &args);
            }
        }
        let mut fields: Vec<&crate::endpoint::Field> = e.fields.iter().collect();
        while let Some(f) = fields.pop() {
            if let Some(d) = &f.description {
                add(d, format!("the description of body field `{}` (a table cell) of endpoint {id}", f.name), &args);
            }
            fields.extend(f.fields.iter());
        }
        if let Some(group) = &e.group {
            add(group, "the name of a group of guides in the site's sidebar".into(), &args);
        }
        for shared in [
            "dashboard-heading",
            "api-heading",
            "responses-heading",
            "responses-intro",
            "examples-heading",
            "parameters-heading",
            "fields-heading",
        ] {
            add(shared, "a heading or line shared by every page".into(), &args);
        }
        for header in [
            "placeholders-value",
            "placeholders-description",
            "responses-status",
            "responses-error-code",
            "responses-message",
            "responses-cause",
            "parameters-name",
            "parameters-in",
            "parameters-type",
            "parameters-required",
            "parameters-description",
            "fields-name",
        ] {
            add(header, "a table header on every page".into(), &args);
        }
    }
    for id in
        ["ui-copy", "ui-copied", "ui-samples", "ui-locales", "ui-guides", "ui-search", "ui-no-results", "ui-navigation"]
    {
        add(id, "a control of the HTML site (button, label or accessible name)".into(), &[]);
    }
    add("locale-name", "the name of this language in itself, in the site's language switcher".into(), &[]);
    add(
        "host-placeholder",
        format!("the description of the host placeholder `{}`", project.config.host_placeholder),
        &[],
    );
    for (prefix, what) in [
        ("parameters-in-", "where a parameter goes, in the parameter table"),
        ("type-", "a value type, in the parameter and field tables"),
        ("value-", "a word before a parameter's required mark, default, allowed values or example"),
    ] {
        for locale in project.locales.iter().filter(|l| l.locale == project.config.default_locale) {
            for (_, text) in &locale.files {
                for id in crate::locale::message_values(text).into_keys().filter(|id| id.starts_with(prefix)) {
                    let mut args = Vec::new();
                    if id == "type-array-of" {
                        args.push(("items".to_string(), crate::locale::Arg::Text("string".into())));
                    }
                    add(&id, what.to_string(), &args);
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Import.

/// What an import was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The locale the file must be for; the file's own target language when `None`.
    pub locale: Option<String>,
    /// Import needs-review (fuzzy) units that carry a translation too.
    pub include_fuzzy: bool,
}

/// What an import did (or, dry, would do) to one locale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub locale: String,
    /// Messages written (their text, their translation record, or both).
    pub updated: Vec<String>,
    /// Messages whose translation was already the file's.
    pub unchanged: Vec<String>,
    /// Units not imported: (unit id, why: `new`, `fuzzy` or `empty`).
    pub skipped: Vec<(String, &'static str)>,
    /// The files to write (path, contents); the project's files otherwise untouched.
    pub writes: Vec<(PathBuf, String)>,
}

/// Several errors of one file, each with its place: all are reported, nothing is written.
fn combine(mut errors: Vec<Error>) -> Error {
    if errors.len() == 1 {
        return errors.remove(0);
    }
    Error::Messages(errors.iter().map(ToString::to_string).collect())
}

/// A unit's text turned into a pattern, or the error at its place in the file.
fn parse_at(text: &str, at: &Location, what: &str) -> std::result::Result<ast::Pattern<String>, Error> {
    parse_pattern(text).map_err(|e| {
        let place = if e.line > 1 { format!(" (line {} of the text, column {})", e.line, e.column) } else { format!(" (column {} of the text)", e.column) };
        Error::input(
            at.clone(),
            format!("the {what} is {}{place}", e.message.trim_start_matches("the text is ")),
            "write Fluent text: `{ $name }` for a variable, `{\"{\"}` for a literal brace; a line may not start with `[`, `*` or `.`",
        )
    })
}

/// A message as the import builds it: value and attributes as patterns.
#[derive(Clone)]
struct Built {
    value: Option<ast::Pattern<String>>,
    attributes: Vec<(String, ast::Pattern<String>)>,
}

impl Built {
    fn of(m: &SourceMessage) -> Built {
        Built { value: m.value.clone(), attributes: m.attributes.clone() }
    }

    /// What a reader sees: the pieces of the value and of each attribute.
    fn meaning(&self) -> Vec<(String, Vec<Piece>)> {
        let mut out = vec![(String::new(), self.value.as_ref().map(pieces).unwrap_or_default())];
        out.extend(self.attributes.iter().map(|(n, p)| (n.clone(), pieces(p))));
        out
    }

    /// Its Fluent source as message `id`, ending in a newline.
    fn fluent(&self, id: &str) -> String {
        let message = ast::Message {
            id: ast::Identifier { name: id.to_string() },
            value: self.value.clone(),
            attributes: self
                .attributes
                .iter()
                .map(|(n, p)| ast::Attribute { id: ast::Identifier { name: n.clone() }, value: p.clone() })
                .collect(),
            comment: None,
        };
        fluent_syntax::serializer::serialize(&ast::Resource { body: vec![ast::Entry::Message(message)] })
    }

    /// Its canonical value, as translation records hold it.
    fn canonical(&self, id: &str) -> String {
        crate::locale::message_values(&self.fluent(id)).remove(id).unwrap_or_default()
    }

    fn set(&mut self, attribute: Option<&str>, pattern: ast::Pattern<String>) {
        match attribute {
            None => self.value = Some(pattern),
            Some(name) => match self.attributes.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = pattern,
                None => self.attributes.push((name.to_string(), pattern)),
            },
        }
    }
}

/// A message of the file on its way in.
struct Pending {
    /// The English as the file gives it (today's English for the parts the file lacks).
    english: Built,
    /// The locale's message with the file's translations set in.
    translation: Built,
    /// Whether any unit of it is imported.
    imported: bool,
    /// For fuzzy units imported with `--include-fuzzy`: the English they were made from.
    fuzzy_from: Option<Built>,
}

/// Plans the import of `file` (its text `text`) into the project: validates every unit, then
/// works out each message's new text and translation record. Pure: the caller writes
/// [`ImportReport::writes`] all or nothing.
pub fn plan_import(
    project: &Project,
    catalog: &Catalog,
    text: &str,
    file: &Path,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let read = read(text, file)?;
    let default = catalog.default_locale().to_string();
    let file_start = Location::new(file, 1, 1);
    let locale = match (&options.locale, &read.language) {
        (Some(wanted), Some((said, at))) if !same_language(wanted, said) => {
            return Err(Error::input(
                at.clone(),
                format!("the file is for locale `{said}`, not `{wanted}`"),
                format!("import it with --locale {said}, or export the file for {wanted}"),
            ))
        }
        (Some(wanted), _) => wanted.clone(),
        (None, Some((said, at))) => {
            project.config.locales.iter().find(|l| same_language(l, said)).cloned().ok_or_else(|| {
                Error::input(
                    at.clone(),
                    format!("the file is for locale `{said}`, which the project does not have"),
                    format!(
                        "add it to `locales` in apiglot.toml, or import into one of: {}",
                        project.config.locales.join(", ")
                    ),
                )
            })?
        }
        (None, None) => {
            return Err(Error::input(
                file_start,
                "the file does not say its language (XLIFF trgLang, PO header Language)",
                "pass --locale L",
            ))
        }
    };
    if !project.config.locales.contains(&locale) {
        return Err(Error::project(
            project.root.join(crate::load::CONFIG_FILE),
            format!("locale `{locale}` is not configured"),
            format!("use one of: {}", project.config.locales.join(", ")),
        ));
    }
    if let Some((said, at)) = read.source_language.as_ref().filter(|(l, _)| !same_language(l, &default)) {
        return Err(Error::input(
            at.clone(),
            format!("the file's source language is `{said}`, not the project's default locale `{default}`"),
            "import a file exported from this project (its sources are the default locale's messages)",
        ));
    }
    if locale == default {
        return Err(Error::input(
            read.language.as_ref().map_or(file_start, |(_, at)| at.clone()),
            format!(
                "locale `{locale}` is the default locale: the English source is edited in its .ftl files, not imported"
            ),
            "import a file translated into another locale",
        ));
    }
    let loaded = |l: &str| {
        project.locales.iter().find(|s| s.locale == l).ok_or_else(|| {
            Error::project(
                project.root.join(crate::load::CONFIG_FILE),
                format!("locale `{l}` has no folder of messages"),
                format!("create locales/{l}/ or name it in `locales`"),
            )
        })
    };
    let english_source = loaded(&default)?;
    let own = loaded(&locale)?;
    let english: BTreeMap<String, (PathBuf, SourceMessage)> = english_source
        .files
        .iter()
        .flat_map(|(path, text)| source_messages(text).into_iter().map(move |m| (m.id.clone(), (path.clone(), m))))
        .collect();
    let translations: BTreeMap<String, SourceMessage> =
        own.files.iter().flat_map(|(_, text)| source_messages(text)).map(|m| (m.id.clone(), m)).collect();

    // Validate every unit first, all errors at once.
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    let mut report = ImportReport { locale: locale.clone(), ..ImportReport::default() };
    let mut messages: BTreeMap<String, Pending> = BTreeMap::new();
    for entry in &read.entries {
        if !seen.insert(entry.id.clone()) {
            errors.push(Error::input(
                entry.at.clone(),
                format!("unit `{}` appears twice", entry.id),
                "keep one unit per message",
            ));
            continue;
        }
        let (message_id, attribute) = match entry.id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (entry.id.as_str(), None),
        };
        let Some((_, english_message)) = english.get(message_id) else {
            errors.push(Error::input(
                entry.at.clone(),
                format!("unit `{}` names no message of the default locale ({default})", entry.id),
                "import files exported from this project; a message removed from the English since is dropped from the file",
            ));
            continue;
        };
        let known = match attribute {
            None => english_message.value.is_some(),
            Some(a) => a != MARK_ATTRIBUTE && english_message.attributes.iter().any(|(n, _)| n == a),
        };
        if !known {
            errors.push(Error::input(
                entry.at.clone(),
                format!("unit `{}`: the English message `{message_id}` has no such part", entry.id),
                "import files exported from this project",
            ));
            continue;
        }
        let source = match parse_at(&entry.source, &entry.source_at, "source") {
            Ok(p) => p,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let slot = messages.entry(message_id.to_string()).or_insert_with(|| {
            let english_now = Built::of(english_message);
            let current = translations.get(message_id).map_or(Built { value: None, attributes: Vec::new() }, Built::of);
            Pending { english: english_now, translation: current, imported: false, fuzzy_from: None }
        });
        slot.english.set(attribute, source.clone());
        let skip = match (&entry.target, entry.state) {
            (None, _) => Some("new"),
            (Some(t), _) if t.trim().is_empty() => Some("empty"),
            (_, State::New) => Some("new"),
            (_, State::NeedsReview) if !options.include_fuzzy => Some("fuzzy"),
            _ => None,
        };
        if let Some(why) = skip {
            report.skipped.push((entry.id.clone(), why));
            continue;
        }
        let target = match parse_at(entry.target.as_deref().unwrap_or_default(), &entry.target_at, "translation") {
            Ok(p) => p,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let allowed = variables(&source);
        if let Some(unknown) = variables(&target).into_iter().find(|v| !allowed.contains(v)) {
            let list = if allowed.is_empty() {
                "none".to_string()
            } else {
                allowed.iter().map(|v| format!("${v}")).collect::<Vec<_>>().join(", ")
            };
            errors.push(Error::input(
                entry.target_at.clone(),
                format!("the translation of `{}` uses the variable ${unknown}, which the English does not", entry.id),
                format!("use only the English text's variables ({list})"),
            ));
            continue;
        }
        slot.translation.set(attribute, target);
        slot.imported = true;
        if entry.state == State::NeedsReview {
            // Still not reviewed: recorded as made from the English it was made from, so it stays stale.
            let previous = entry.previous.as_deref().and_then(|p| parse_pattern(p).ok());
            let made_from = slot.fuzzy_from.get_or_insert_with(|| slot.english.clone());
            if let Some(previous) = previous {
                made_from.set(attribute, previous);
            }
        }
    }
    if !errors.is_empty() {
        return Err(combine(errors));
    }

    // Each message: its new text in place (or appended to the file named like the English
    // one), and its record.
    let mut records = own.translated_from.clone();
    let mut texts: BTreeMap<PathBuf, String> = own.files.iter().cloned().collect();
    let mut changed_files = BTreeSet::new();
    for (id, pending) in messages {
        let Pending { english: english_given, mut translation, imported, fuzzy_from } = pending;
        if !imported {
            continue;
        }
        let (english_path, english_message) = &english[&id];
        // A message needs its value before anything of it can be written.
        if english_message.value.is_some() && translation.value.is_none() {
            continue;
        }
        // The mark goes along with the English.
        translation.attributes.retain(|(n, _)| n != MARK_ATTRIBUTE);
        if let Some((_, mark)) = english_message.attributes.iter().find(|(n, _)| n == MARK_ATTRIBUTE) {
            translation.attributes.push((MARK_ATTRIBUTE.to_string(), mark.clone()));
        }
        // Order attributes as the English does.
        let order: Vec<&String> = english_message.attributes.iter().map(|(n, _)| n).collect();
        translation.attributes.sort_by_key(|(n, _)| order.iter().position(|o| *o == n).unwrap_or(usize::MAX));
        let existing = translations.get(&id);
        let stub = catalog.state(&locale, &id) == MessageState::Stub;
        let same_text = existing.is_some_and(|m| Built::of(m).meaning() == translation.meaning()) && !stub;
        // The English the translation was made from, as the file gives it; written as the
        // project writes it when it means the same (a literal brace may be spelt two ways).
        let given = fuzzy_from.unwrap_or(english_given);
        let english_now = catalog.value(&default, &id).unwrap_or_default().to_string();
        let record = records.get(&id).cloned();
        let same_record = match &record {
            Some(r) => means_same(&id, r, &given),
            None => means_same(&id, &english_now, &given),
        };
        let made_from = if means_same(&id, &english_now, &given) { english_now } else { given.canonical(&id) };
        if same_text && same_record {
            report.unchanged.push(id);
            continue;
        }
        // A new translation is always recorded: it says which English it was made from.
        if !same_record || !same_text {
            records.insert(id.clone(), made_from);
        }
        if !same_text {
            let new = translation.fluent(&id);
            let path = match catalog.file_of(&locale, &id) {
                Some(path) => path.to_path_buf(),
                // The file named like the English one (below the same subfolders).
                None => own.dir.join(english_path.strip_prefix(&english_source.dir).unwrap_or(english_path)),
            };
            let text = texts.entry(path.clone()).or_default();
            *text = replace_message(text, &id, &new);
            changed_files.insert(path);
        }
        report.updated.push(id);
    }
    for path in changed_files {
        report.writes.push((path.clone(), texts[&path].clone()));
    }
    if records != own.translated_from {
        report
            .writes
            .push((own.dir.join(crate::import::TRANSLATED_FROM), crate::import::translated_from_toml(&records)));
    }
    Ok(report)
}

/// Whether the canonical value `value` of message `id` means what `built` does.
fn means_same(id: &str, value: &str, built: &Built) -> bool {
    source_messages(&format!("{id} = {value}\n")).pop().is_some_and(|m| Built::of(&m).meaning() == built.meaning())
}

/// Whether two language tags name the same locale (`fr_CA` as gettext writes it is `fr-CA`).
fn same_language(a: &str, b: &str) -> bool {
    a.replace('_', "-").eq_ignore_ascii_case(&b.replace('_', "-"))
}

/// `text` with message `id` replaced by `new` (a whole message, ending in a newline): in its
/// place, the comment above it kept but for the stub mark; appended when the text lacks it.
pub fn replace_message(text: &str, id: &str, new: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(start) = lines.iter().position(|l| starts_message(l, id)) else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(new);
        return out;
    };
    // The message runs on while lines are indented, blank, or start a variant, a closing
    // brace or an attribute; blank lines at its end belong to what follows.
    let mut end = start + 1;
    let mut last = start + 1;
    while end < lines.len() {
        let line = lines[end];
        let blank = line.trim().is_empty();
        if !blank && !line.starts_with([' ', '\t', '[', '*', '.', '}']) {
            break;
        }
        end += 1;
        if !blank {
            last = end;
        }
    }
    // The stub mark in the comment right above goes.
    let mut comment_start = start;
    while comment_start > 0 && is_message_comment(lines[comment_start - 1]) {
        comment_start -= 1;
    }
    let mut out = String::new();
    for line in &lines[..comment_start] {
        out.push_str(line);
    }
    for line in &lines[comment_start..start] {
        if line.trim_start_matches('#').trim() != STUB_MARK {
            out.push_str(line);
        }
    }
    // The new message brings its own newline, also where the old one ended the file without.
    out.push_str(new);
    for line in &lines[last..] {
        out.push_str(line);
    }
    out
}

/// A `#` comment line (not `##` or `###`), which belongs to the message below it.
fn is_message_comment(line: &str) -> bool {
    line == "#\n" || line == "#" || line.starts_with("# ") || line == "#\r\n"
}

/// Writes a planned import: every file or none.
pub fn apply(report: &ImportReport) -> Result<Vec<PathBuf>> {
    let writes: Vec<(PathBuf, &[u8])> = report.writes.iter().map(|(p, t)| (p.clone(), t.as_bytes())).collect();
    crate::fsutil::write_all_or_nothing(&writes)
}

/// Exports `locale` of the project at `root` in `format`.
pub fn export(root: &Path, locale: &str, format: Format, states: &[State]) -> Result<(String, usize)> {
    let project = crate::load::project(root)?;
    let catalog = Catalog::build(&project.config, project.locales.clone())?;
    let units = units(&project, &catalog, locale, states)?;
    Ok((write(format, &units, catalog.default_locale(), locale)?, units.len()))
}

/// Imports `file` into the project at `root`: nothing is written on any error, nor when `dry`.
pub fn import(root: &Path, file: &Path, options: &ImportOptions, dry: bool) -> Result<(ImportReport, Vec<PathBuf>)> {
    let project = crate::load::project(root)?;
    let catalog = Catalog::build(&project.config, project.locales.clone())?;
    let text = crate::load::source_text(file)?;
    let report = plan_import(&project, &catalog, &text, file, options)?;
    let written = if dry { Vec::new() } else { apply(&report)? };
    Ok((report, written))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Texts that Fluent, XML or PO would read otherwise if written as they are.
    pub const HOSTILE: &[&str] = &[
        "<a href=\"x\">&amp; 'single' \"double\"</a> \\ back\\slash",
        "{ $not_a_variable } and } and {",
        "tab\there, CR\r, bell\u{7}, NUL\u{0}, DEL\u{7f}",
        "  leading spaces, trailing spaces  ",
        "\nleading newline",
        "trailing newline\n",
        "line one\n  indented two\n[bracket]\n*star\n.dot\n}brace",
        "blank\n\n\nlines",
        "日本語 é ü ‏עברית‎ \u{202e}bidi override\u{202c} \u{fffe}",
        "emoji 👩‍💻 and \u{10FFFF}",
        "]]> <!-- --> <?pi?> &#x1; &lt;",
        "msgid \"x\"\nmsgstr \"y\"\n#, fuzzy",
        ".",
        "*",
        " ",
    ];

    #[test]
    fn any_text_reads_back_as_itself_through_fluent() {
        for text in HOSTILE {
            let pieces_in = vec![Piece::Text(text.to_string())];
            let fluent = fluent_text(&pieces_in);
            let pattern = parse_pattern(&fluent).unwrap_or_else(|e| panic!("{text:?} -> {fluent:?}: {e:?}"));
            assert_eq!(pieces(&pattern), pieces_in, "{text:?} -> {fluent:?}");
            // Its own pattern text reads back the same.
            assert_eq!(pieces(&parse_pattern(&pattern_text(&pattern)).unwrap()), pieces_in, "{text:?}");
        }
    }

    #[test]
    fn codes_stay_codes_and_selectors_stay_whole() {
        let p = parse_pattern("Make a { $method } call { NUMBER($n) } { -brand } {\"{\"}").unwrap();
        assert_eq!(
            pieces(&p),
            vec![
                Piece::Text("Make a ".into()),
                Piece::Code("{ $method }".into()),
                Piece::Text(" call ".into()),
                Piece::Code("{ NUMBER($n) }".into()),
                Piece::Text(" ".into()),
                Piece::Code("{ -brand }".into()),
                Piece::Text(" {".into()),
            ]
        );
        assert_eq!(variables(&p), BTreeSet::from(["method".to_string(), "n".to_string()]));
        let plural = "{ $n ->\n    [one] One { $what }\n   *[other] { $n } many\n}";
        let p = parse_pattern(plural).unwrap();
        assert!(has_selector(&p));
        assert_eq!(pattern_text(&p), plural);
        assert_eq!(variables(&p), BTreeSet::from(["n".to_string(), "what".to_string()]));
    }

    #[test]
    fn bad_text_is_placed() {
        let e = parse_pattern("ok\nthen { $x").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        let e = parse_pattern("one\n.two = x").unwrap_err();
        assert!(e.message.contains("attribute"), "{e:?}");
        assert_eq!((e.line, e.column), (2, 1));
        assert!(parse_pattern("  ").is_err());
        // Guards: no stack overflow, no panic of the parser.
        let deep = format!("{}x{}", "{ ".repeat(20_000), " }".repeat(20_000));
        assert!(parse_pattern(&deep).unwrap_err().message.contains("nest"));
        assert!(parse_pattern("a {\"\\u00é\"} b").is_err());
        assert!(source_messages(&format!("m = {deep}\n")).is_empty());
    }

    #[test]
    fn a_message_is_replaced_in_place_and_its_stub_mark_goes() {
        let text = "## Group\n\n# Keep me\n# apiglot: untranslated\na = Old\n    more\n\n    lines\n\nb = B\n# apiglot: untranslated\nc = C";
        let out = replace_message(text, "a", "a = New\n");
        assert_eq!(out, "## Group\n\n# Keep me\na = New\n\nb = B\n# apiglot: untranslated\nc = C");
        let out = replace_message(&out, "c", "c = Cé\n    .title = T\n");
        assert_eq!(out, "## Group\n\n# Keep me\na = New\n\nb = B\nc = Cé\n    .title = T\n");
        assert_eq!(replace_message("x = 1", "y", "y = 2\n"), "x = 1\ny = 2\n");
        let select = "s = { $n ->\n[one] a\n*[other] b\n}\nt = T\n";
        assert_eq!(replace_message(select, "s", "s = S\n"), "s = S\nt = T\n");
    }
}
