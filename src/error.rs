//! Domain errors: every input error names the file, the line and column, and what to do.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a user's file, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location { file: file.into(), line, column }
    }

    /// The location of byte `offset` in `source`.
    pub fn at_offset(file: impl Into<PathBuf>, source: &str, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        Location::new(file, line, column)
    }

    /// The location of the first occurrence of `needle` in `source`, else the file's start.
    pub fn of_text(file: impl Into<PathBuf>, source: &str, needle: &str) -> Self {
        let offset = source.find(needle).unwrap_or(0);
        Location::at_offset(file, source, offset)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// 1-based line and column (in characters) of byte `offset`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Everything that can go wrong between reading a project and writing `out/`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{at}: {message}\n  help: {help}")]
    Input { at: Location, message: String, help: String },

    #[error("{file}: {message}\n  help: {help}")]
    Project { file: PathBuf, message: String, help: String },

    #[error("{}: template `{template}`: {message}\n  help: {}", template_place(.file, *line, *column), template_help(.template))]
    Template { template: String, file: Option<PathBuf>, line: usize, column: usize, message: String },

    /// A place in a JSON input (a HAR file) named by its JSON pointer, e.g. `/requests/3/url`.
    #[error("{file}: at {pointer}: {message}\n  help: {help}")]
    Json { file: PathBuf, pointer: String, message: String, help: String },

    #[error("{} message error(s):\n{}", .0.len(), render_list(.0))]
    Messages(Vec<String>),

    /// Every problem one run found, sorted by file and place (see [`Error::many`]).
    #[error("{}", render_many(.0))]
    Many(Vec<Error>),
}

/// The problems grouped by file, each group under its file's name.
fn render_many(errors: &[Error]) -> String {
    let mut files: Vec<Option<&Path>> = errors.iter().map(Error::file).collect();
    files.dedup();
    let plural = if files.len() == 1 { "" } else { "s" };
    let mut out = format!("{} problems in {} file{plural}:\n", errors.len(), files.len());
    let mut current = None;
    for error in errors {
        if current != Some(error.file()) {
            current = Some(error.file());
            let name = error.file().map_or_else(|| "(no file)".to_string(), |f| f.display().to_string());
            out.push_str(&format!("\n{name}\n"));
        }
        for (i, line) in error.to_string().lines().enumerate() {
            out.push_str(if i == 0 { "  - " } else { "    " });
            out.push_str(line);
            out.push('\n');
        }
    }
    out.pop();
    out
}

/// `file:line:column` for a project template, the template's name for a built-in one.
fn template_place(file: &Option<PathBuf>, line: usize, column: usize) -> String {
    match file {
        Some(path) if line > 0 => format!("{}:{line}:{column}", path.display()),
        Some(path) => path.display().to_string(),
        None if line > 0 => format!("built-in template, line {line}, column {column}"),
        None => "built-in template".to_string(),
    }
}

fn template_help(template: &str) -> String {
    let sees = if !template.starts_with("samples/")
        && !template.starts_with("pages/")
        && !template.starts_with("assets/")
    {
        "an included template sees what the template that includes it sees"
    } else if template.starts_with("samples/") {
        "a sample template sees `r`: method, scheme, host, origin, path, query_string, path_and_query, url, query, headers, header_map, body (content_type, json, text, compact, kind, ascii)"
    } else {
        "a page template sees `page` (guide, locale, lang, title, intro, dashboard, api, host, ui) and `samples`; the Markdown page also sees `flavor`, the HTML page `locales` and `assets`"
    };
    format!("fix the template; {sees}")
}

fn render_list(items: &[String]) -> String {
    items.iter().map(|i| format!("  - {i}")).collect::<Vec<_>>().join("\n")
}

impl Error {
    /// An error at the place `pointer` names in the JSON document `text` (a HAR file): with
    /// its line and column where the pointer leads, else with the pointer alone.
    pub fn json(file: &Path, text: &str, pointer: &str, message: impl Into<String>, help: impl Into<String>) -> Error {
        let (message, help) = (message.into(), help.into());
        match crate::json::pointer_offset(text, pointer) {
            Some(offset) => Error::Input {
                at: Location::at_offset(file, text, offset),
                message: format!("at {pointer}: {message}"),
                help,
            },
            None => Error::Json { file: file.to_path_buf(), pointer: pointer.to_string(), message, help },
        }
    }

    /// All of `errors` as one, sorted by file and place and each shown once; `None` when
    /// there are none, the error itself when there is one.
    pub fn many(errors: Vec<Error>) -> Option<Error> {
        let mut errors: Vec<Error> = errors.into_iter().flat_map(Error::into_list).collect();
        errors.sort_by_cached_key(|e| (e.file().map(Path::to_path_buf), e.place(), e.to_string()));
        errors.dedup_by_key(|e| e.to_string());
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(Error::Many(errors)),
        }
    }

    fn into_list(self) -> Vec<Error> {
        match self {
            Error::Many(errors) => errors,
            other => vec![other],
        }
    }

    /// The file an error is in, when it is in one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Error::Io { path, .. } => Some(path),
            Error::Input { at, .. } => Some(&at.file),
            Error::Project { file, .. } | Error::Json { file, .. } => Some(file),
            Error::Template { file, .. } => file.as_deref(),
            Error::Messages(_) | Error::Many(_) => None,
        }
    }

    /// Line and column, for sorting (0 when the error names a whole file).
    fn place(&self) -> (usize, usize) {
        match self {
            Error::Input { at, .. } => (at.line, at.column),
            Error::Template { line, column, .. } => (*line, *column),
            _ => (0, 0),
        }
    }

    pub fn input(at: Location, message: impl Into<String>, help: impl Into<String>) -> Self {
        Error::Input { at, message: message.into(), help: help.into() }
    }

    pub fn project(file: impl Into<PathBuf>, message: impl Into<String>, help: impl Into<String>) -> Self {
        Error::Project { file: file.into(), message: message.into(), help: help.into() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a: 1\nキー: x\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 5), (2, 1));
        let x = src.find('x').unwrap();
        assert_eq!(line_col(src, x), (2, 5));
    }
}
