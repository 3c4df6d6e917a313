//! Reads a project folder: `apiglot.toml`, `endpoints/*.yaml`, `locales/<locale>/*.ftl`,
//! `templates/**`. The only stage that reads files; everything after it is pure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::endpoint::Endpoint;
use crate::error::{Error, Location, Result};
use crate::fsutil;
use crate::import::ImportState;
use crate::locale::LocaleSource;

/// An endpoint with the file it came from, kept for error locations.
#[derive(Debug, Clone)]
pub struct EndpointFile {
    pub path: PathBuf,
    pub source: String,
    pub endpoint: Endpoint,
}

impl EndpointFile {
    pub fn at(&self, needle: &str) -> Location {
        Location::of_text(&self.path, &self.source, needle)
    }
}

/// A project template that overrides (or adds to) the built-in ones.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// Name relative to `templates/`, with `/` separators, e.g. `samples/python.tera`.
    pub name: String,
    pub path: PathBuf,
    pub source: String,
}

/// Everything a build needs, read from disk.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    pub endpoints: Vec<EndpointFile>,
    pub locales: Vec<LocaleSource>,
    pub templates: Vec<TemplateFile>,
}

pub const CONFIG_FILE: &str = "apiglot.toml";

/// The text of a project file: UTF-8, a leading byte order mark dropped (editors on Windows
/// write one). Bytes that are not UTF-8 are an error at the line and column of the first one.
pub fn source_text(path: &Path) -> Result<String> {
    let mut bytes = fsutil::read(path)?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&e.as_bytes()[..valid]).expect("valid up to here");
        Error::input(
            Location::at_offset(path, before, valid),
            format!("the file is not UTF-8 text (byte 0x{:02X} at offset {valid})", e.as_bytes()[valid]),
            "save the file as UTF-8",
        )
    })
}

/// The project at `root`, or every error of every file in it.
pub fn project(root: &Path) -> Result<Project> {
    let (project, errors) = survey(root)?;
    match Error::many(errors) {
        Some(error) => Err(error),
        None => Ok(project),
    }
}

/// The project at `root` as far as it reads, with an error for each endpoint file, locale
/// folder and template that does not: what reads is kept, so that the next stages find their
/// problems in the same run. Fails at once only without a project (no apiglot.toml, a broken
/// one, no endpoints/ folder).
pub fn survey(root: &Path) -> Result<(Project, Vec<Error>)> {
    let config = config(root, "run apiglot in the project folder or pass --root DIR")?;
    let endpoints_dir = root.join("endpoints");
    if !endpoints_dir.is_dir() {
        // Building without it would remove every page from out/.
        return Err(Error::project(
            &endpoints_dir,
            "the project has no endpoints/ folder",
            "create endpoints/ with one .yaml file per API operation (`apiglot schema` prints the format), \
             or run apiglot import openapi SPEC or apiglot import har FILE to create them",
        ));
    }
    let mut errors = Vec::new();
    let endpoints = endpoint_files(&endpoints_dir, &mut errors)?;
    let mut locales = Vec::new();
    for locale in &config.locales {
        let dir = root.join("locales").join(locale);
        if !dir.is_dir() {
            errors.push(Error::project(
                &dir,
                format!("locale `{locale}` is named in apiglot.toml but has no folder"),
                format!("create {} with its .ftl files, or remove `{locale}` from `locales`", dir.display()),
            ));
            continue;
        }
        locales.push(locale_source(locale, dir, &mut errors)?);
    }
    let templates = templates(&root.join("templates")).unwrap_or_else(|error| {
        errors.push(error);
        Vec::new()
    });
    Ok((Project { root: root.to_path_buf(), config, endpoints, locales, templates }, errors))
}

/// The project's `apiglot.toml`; `help` says what to do when there is none.
fn config(root: &Path, help: &str) -> Result<Config> {
    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        return Err(Error::project(&config_path, "no apiglot.toml: this folder is not an apiglot project", help));
    }
    Config::parse(&config_path, &source_text(&config_path)?)
}

/// A locale's `.ftl` files and translation records (none when the folder is missing).
/// A file that cannot be read or is too deep to parse goes to `errors` and is left out.
fn locale_source(locale: &str, dir: PathBuf, errors: &mut Vec<Error>) -> Result<LocaleSource> {
    let mut files = Vec::new();
    for path in fsutil::files_with_extension(&dir, "ftl")? {
        let text = match source_text(&path) {
            Ok(text) => text,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        if let Some(offset) = crate::locale::too_deep(&text) {
            errors.push(Error::input(
                Location::at_offset(&path, &text, offset),
                format!("placeables nest more than {} deep here", crate::locale::MAX_NESTING),
                "split the message into several messages; the parser would run out of stack",
            ));
            continue;
        }
        files.push((path, text));
    }
    let translated_from = translation_records(&dir.join(crate::import::TRANSLATED_FROM)).unwrap_or_else(|error| {
        errors.push(error);
        Default::default()
    });
    Ok(LocaleSource { locale: locale.to_string(), dir, files, translated_from })
}

/// What `apiglot import` merges into: the settings, the endpoints already in `into`, every
/// configured locale (a missing folder is an empty locale) and the import state.
pub struct ImportTarget {
    pub config: Config,
    pub endpoints: Vec<EndpointFile>,
    pub locales: Vec<LocaleSource>,
    pub state: ImportState,
}

pub fn import_target(root: &Path, into: &Path) -> Result<ImportTarget> {
    let config =
        config(root, "create apiglot.toml (an empty file is a valid English-only project) or pass --root DIR")?;
    let mut errors = Vec::new();
    let locales = config
        .locales
        .iter()
        .map(|locale| locale_source(locale, root.join("locales").join(locale), &mut errors))
        .collect::<Result<Vec<_>>>()?;
    if let Some(error) = Error::many(errors) {
        return Err(error);
    }
    Ok(ImportTarget { endpoints: endpoints(into)?, locales, state: import_state(root)?, config })
}

/// The text of an API description to import.
pub fn spec(path: &Path) -> Result<String> {
    source_text(path)
}

/// A locale's `translated-from.toml` (message id = the English value it was translated from);
/// none when the file is missing.
pub fn translation_records(path: &Path) -> Result<BTreeMap<String, String>> {
    if !path.is_file() {
        return Ok(BTreeMap::new());
    }
    let text = source_text(path)?;
    toml::from_str(&text).map_err(|e| {
        Error::input(
            Location::at_offset(path, &text, e.span().map_or(0, |s| s.start)),
            e.message().to_string(),
            "each line is `message-id = \"English text\"`; delete the file to start the records afresh",
        )
    })
}

/// `apiglot-import.toml` of the project at `root`; empty when there is none.
pub fn import_state(root: &Path) -> Result<ImportState> {
    let path = root.join(crate::import::STATE_FILE);
    if !path.is_file() {
        return Ok(ImportState::default());
    }
    let text = source_text(&path)?;
    toml::from_str(&text).map_err(|e| {
        Error::input(
            Location::at_offset(&path, &text, e.span().map_or(0, |s| s.start)),
            e.message().to_string(),
            "apiglot import writes this file: restore it from version control, or delete it (edited English messages are then overwritten by the next import)",
        )
    })
}

/// Parses every `*.yaml` endpoint file below `dir` and checks ids across files.
pub fn endpoints(dir: &Path) -> Result<Vec<EndpointFile>> {
    let mut errors = Vec::new();
    let files = endpoint_files(dir, &mut errors)?;
    match Error::many(errors) {
        Some(error) => Err(error),
        None => Ok(files),
    }
}

/// The endpoint files below `dir` that parse; each one that does not goes to `errors`.
fn endpoint_files(dir: &Path, errors: &mut Vec<Error>) -> Result<Vec<EndpointFile>> {
    let mut files: Vec<EndpointFile> = Vec::new();
    let mut paths = fsutil::files_with_extension(dir, "yaml")?;
    paths.extend(fsutil::files_with_extension(dir, "yml")?);
    paths.sort();
    for path in paths {
        let file = match source_text(&path).and_then(|source| parse_endpoint(&path, source)) {
            Ok(file) => file,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        if let Some(first) = files.iter().find(|f| f.endpoint.id == file.endpoint.id) {
            errors.push(Error::input(
                file.at("id:"),
                format!("endpoint id `{}` is already used by {}", file.endpoint.id, first.path.display()),
                "give every endpoint its own id",
            ));
            continue;
        }
        files.push(file);
    }
    Ok(files)
}

pub fn parse_endpoint(path: &Path, source: String) -> Result<EndpointFile> {
    let endpoint: Endpoint = serde_yaml_ng::from_str(&source).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let message = e.to_string().split(" at line ").next().unwrap_or_default().to_string();
        // The YAML reader stops at 128 levels rather than run out of stack.
        let message = if message.starts_with("recursion limit exceeded") {
            format!("{message}: the YAML nests more than 128 levels deep here")
        } else {
            message
        };
        Error::input(
            Location::new(path, line, column),
            message,
            "fix the YAML; `apiglot schema` prints the endpoint format for editors",
        )
    })?;
    let file = EndpointFile { path: path.to_path_buf(), source, endpoint };
    check_slug(&file, &file.endpoint.id, "id")?;
    check_slug(&file, &file.endpoint.guide, "guide")?;
    if let Some(reserved) = reserved_guide(&file.endpoint.guide) {
        return Err(Error::input(
            file.at("guide:"),
            format!("guide `{}` has the name of {reserved}", file.endpoint.guide),
            format!("rename the guide, e.g. to `{}-guide`", file.endpoint.guide),
        ));
    }
    Ok(file)
}

/// Ids and guide names become file names under `out/`: only `[a-z0-9-]`, so none can escape it.
fn check_slug(file: &EndpointFile, value: &str, field: &str) -> Result<()> {
    let ok = !value.is_empty()
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !value.starts_with('-');
    if ok {
        return Ok(());
    }
    Err(Error::input(
        file.at(&format!("{field}:")),
        format!("{field} `{value}` is not a safe file name"),
        "use lower-case letters, digits and `-` only (it names a file under out/), e.g. remove-members",
    ))
}

/// Names a guide page cannot take, lower-case: apiglot's own files beside the pages of a
/// locale and at the top of out/ (compared without case: macOS and Windows file systems
/// ignore it), and the device names Windows reserves in any folder.
const RESERVED_GUIDES: &[(&str, &str)] = &[
    ("index", "the locale's index page (index.html)"),
    ("summary", "the mdBook table of contents (SUMMARY.md)"),
    ("book", "the mdBook settings (book.toml)"),
    ("books", "the folder of mdBook settings (books/)"),
    ("assets", "the folder of the site's stylesheet and script (assets/)"),
];

/// What a guide named `guide` would collide with, if anything. Guides are `[a-z0-9-]`, so a
/// hidden file (`.apiglot-manifest`) is out of reach already.
pub fn reserved_guide(guide: &str) -> Option<String> {
    let lower = guide.to_ascii_lowercase();
    if let Some((_, what)) = RESERVED_GUIDES.iter().find(|(name, _)| *name == lower) {
        return Some((*what).to_string());
    }
    let device = matches!(lower.as_str(), "con" | "prn" | "aux" | "nul")
        || ["com", "lpt"].iter().any(|p| {
            lower.strip_prefix(p).is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
        });
    (device || lower.starts_with('.')).then(|| "a device or hidden file on some systems".to_string())
}

fn templates(dir: &Path) -> Result<Vec<TemplateFile>> {
    let mut out = Vec::new();
    for path in fsutil::files_with_extension(dir, "tera")? {
        let name = path
            .strip_prefix(dir)
            .expect("walked below dir")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let source = source_text(&path)?;
        out.push(TemplateFile { name, path, source });
    }
    Ok(out)
}

/// Every input file of the project at `root` as bytes, by path, without parsing: the
/// config, and every file below `endpoints/`, `locales/` and `templates/`. Cheap enough to
/// fingerprint before deciding whether a build has anything to do.
pub fn sources(root: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut out = Vec::new();
    let config = root.join(CONFIG_FILE);
    if config.is_file() {
        out.push((config.clone(), fsutil::read(&config)?));
    }
    for dir in ["endpoints", "locales", "templates"] {
        let dir = root.join(dir);
        if !dir.exists() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Io {
                path: dir.clone(),
                source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop")),
            })?;
            if entry.file_type().is_file() {
                let bytes = fsutil::read(entry.path())?;
                out.push((entry.into_path(), bytes));
            }
        }
    }
    Ok(out)
}

/// The text of a HAR file (captured requests) for `apiglot samples`.
pub fn har(path: &Path) -> Result<String> {
    source_text(path)
}

/// A published page's source (path, URL or `-` for stdin) and its bytes, as read: decoding
/// them (UTF-8, UTF-16 by its BOM, or "not text") is the checker's work.
#[derive(Debug, Clone)]
pub struct PageInput {
    pub source: String,
    pub bytes: Vec<u8>,
}

/// The most `apiglot check` reads of one page unless `--max-page-size` says otherwise: 16 MiB.
/// Any source counts (a file, stdin, a device, a fifo, a URL after decompression); one byte
/// more is an input error, so `/dev/zero` or an endless response cannot exhaust memory.
pub const PAGE_LIMIT: u64 = 16 * 1024 * 1024;

/// All pages of one run together may hold this many times the one-page cap (1 GiB by default):
/// a folder of many large pages is refused rather than read into memory whole.
pub const TOTAL_PAGES_FACTOR: u64 = 64;

/// How many redirects a fetched page may follow.
const MAX_REDIRECTS: usize = 10;

/// Extensions of page files found when walking a folder.
const PAGE_EXTENSIONS: &[&str] = &["txt", "md", "mdx", "markdown", "html", "htm"];

/// Reads each input: `-` (stdin), a file or device, a folder (walked for page files), or an
/// http(s) URL (fetched). Each reads at most `limit` bytes.
pub fn pages(inputs: &[String], limit: u64) -> Result<Vec<PageInput>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.starts_with("http://") || input.starts_with("https://") {
            add(&mut out, PageInput { source: input.clone(), bytes: fetch(input, limit)? }, limit)?;
            continue;
        }
        if input == "-" {
            let bytes = read_capped(std::io::stdin().lock(), limit, "-")?;
            add(&mut out, PageInput { source: "-".into(), bytes }, limit)?;
            continue;
        }
        let path = Path::new(input);
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::Io {
                    path: path.to_path_buf(),
                    source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop")),
                })?;
                let is_page =
                    entry.path().extension().and_then(|e| e.to_str()).is_some_and(|e| PAGE_EXTENSIONS.contains(&e));
                if entry.file_type().is_file() && is_page {
                    add(&mut out, page_file(entry.path(), limit)?, limit)?;
                }
            }
        } else {
            add(&mut out, page_file(path, limit)?, limit)?;
        }
    }
    Ok(out)
}

/// Adds a page, or fails once all pages together pass `TOTAL_PAGES_FACTOR` times the cap.
fn add(out: &mut Vec<PageInput>, page: PageInput, limit: u64) -> Result<()> {
    let total: u64 = out.iter().map(|p| p.bytes.len() as u64).sum::<u64>() + page.bytes.len() as u64;
    let total_limit = limit.saturating_mul(TOTAL_PAGES_FACTOR);
    if total > total_limit {
        return Err(Error::project(
            &page.source,
            format!(
                "with this page, the pages hold more than {total_limit} bytes, the most apiglot check reads in one run"
            ),
            "check fewer pages at a time, or raise the cap with --max-page-size (the total may be 64 times it)",
        ));
    }
    out.push(page);
    Ok(())
}

/// A file, device or fifo: its size on disk is not trusted (a device or fifo has none), the
/// read itself stops one byte past the limit.
fn page_file(path: &Path, limit: u64) -> Result<PageInput> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    if file.metadata().map_err(io)?.len() > limit {
        return Err(too_large(&path.display().to_string(), limit));
    }
    let bytes = read_capped(file, limit, &path.display().to_string())?;
    Ok(PageInput { source: path.display().to_string(), bytes })
}

/// Reads `reader` to its end, or fails as soon as it holds more than `limit` bytes.
fn read_capped(reader: impl std::io::Read, limit: u64, source: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::project(source, format!("could not read the page: {e}"), "check the page's path"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(source, limit));
    }
    Ok(bytes)
}

fn too_large(source: &str, limit: u64) -> Error {
    Error::project(
        source,
        format!("the page holds more than {limit} bytes, the most apiglot check reads of one page"),
        "check the page itself, not an archive, a device or a dump of many pages; or raise the cap with --max-page-size BYTES",
    )
}

/// Fetches a page over http(s), following redirects to http(s) URLs only: a redirect to
/// another scheme (`file:`, `ftp:`, `data:`) is an error naming it, never an empty page.
fn fetch(url: &str, limit: u64) -> Result<Vec<u8>> {
    let failed = |message: String| Error::project(url, message, "check the URL, or save the page and pass its file");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .max_redirects(0)
        .build()
        .into();
    let mut current = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let mut response = agent.get(&current).call().map_err(|e| failed(format!("could not fetch {current}: {e}")))?;
        if response.status().is_redirection() {
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .ok_or_else(|| failed(format!("{current} redirects without a valid Location")))?;
            let next = resolve_location(&current, location.trim());
            if !(next.starts_with("http://") || next.starts_with("https://")) {
                return Err(failed(format!(
                    "{current} redirects to {}, which is not an http(s) URL; apiglot check fetches pages over http(s) only",
                    crate::page::visible(&next)
                )));
            }
            current = next;
            continue;
        }
        return read_capped(response.body_mut().as_reader(), limit, url);
    }
    Err(failed(format!("more than {MAX_REDIRECTS} redirects")))
}

/// The absolute URL a `Location` header names, relative to the URL that sent it.
fn resolve_location(base: &str, location: &str) -> String {
    let scheme_len = location.find(':').filter(|&i| {
        i > 0
            && location[..i].starts_with(|c: char| c.is_ascii_alphabetic())
            && location[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if scheme_len.is_some() {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if let Some(authority_relative) = location.strip_prefix("//") {
        return format!("{scheme}://{authority_relative}");
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let path = rest[host_end..].split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{origin}{dir}{location}")
}

#[cfg(test)]
mod page_tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_redirecting_url() {
        let base = "https://h:8/a/b?q=1";
        assert_eq!(resolve_location(base, "file:///etc/passwd"), "file:///etc/passwd");
        assert_eq!(resolve_location(base, "//other/x"), "https://other/x");
        assert_eq!(resolve_location(base, "/x"), "https://h:8/x");
        assert_eq!(resolve_location(base, "c"), "https://h:8/a/c");
        assert_eq!(resolve_location("http://h", "c"), "http://h/c");
    }

    #[test]
    fn a_reader_longer_than_the_cap_is_refused_after_cap_plus_one_bytes() {
        let endless = std::io::repeat(b'x');
        let err = read_capped(endless, 1000, "/dev/zero").unwrap_err().to_string();
        assert!(err.contains("/dev/zero") && err.contains("--max-page-size"), "{err}");
        assert_eq!(read_capped(&b"12345"[..], 5, "-").unwrap(), b"12345");
    }
}
