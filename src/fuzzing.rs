//! Entry points for the fuzz harness: each takes arbitrary bytes and drives one input reader
//! of apiglot as the command line would, through the library. They return nothing and must
//! never panic, hang or allocate without bound: any of those is a bug the harness reports.
//!
//! Used by the cargo-fuzz targets in `fuzz/` and by the replay test
//! (`tests/testsuite/fuzz.rs`), which runs every saved input through the same functions.
//! The readers take text: bytes that are not UTF-8 are replaced, as `check` replaces them (the
//! file loaders refuse such files before any reader runs).

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use crate::check::{Checker, Overrides};
use crate::config::Config;
use crate::locale::{Arg, Catalog, LocaleSource};
use crate::targets::SampleTarget;
use crate::templates::Engine;

/// A fuzz target: arbitrary bytes in, nothing out.
pub type Target = fn(&[u8]);

/// The harness's targets by name, as `fuzz/` and the replay corpus folders name them.
pub const TARGETS: [(&str, Target); 6] = [
    ("page", page),
    ("endpoint", endpoint),
    ("fluent", fluent),
    ("openapi", openapi),
    ("har", har),
    ("exchange", exchange),
];

/// The example project the pages are checked against: the repository's own.
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Checks this many pages with one `Checker` before building a new one: the checker caches
/// each sample's analysis, which would otherwise grow with every input a fuzzer makes up.
const CHECKS_PER_CHECKER: usize = 256;

thread_local! {
    static CHECKER: RefCell<Option<(Checker, usize)>> = const { RefCell::new(None) };
    static ENGINE: Engine = Engine::new(&[]).expect("the built-in templates compile");
}

/// Page reading in every format (text, Markdown/MDX, HTML) and the whole check of the page
/// against the example project.
pub fn page(data: &[u8]) {
    let content = String::from_utf8_lossy(data);
    let read = crate::page::read(&content);
    let _ = (crate::page::markdown_prose(&content), read.format);
    CHECKER.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.as_ref().is_none_or(|(_, uses)| *uses >= CHECKS_PER_CHECKER) {
            let project = crate::load::project(&example_root()).expect("the example project loads");
            *cell = Some((Checker::new(&project).expect("the example project renders"), 0));
        }
        let (checker, uses) = cell.as_mut().expect("built above");
        *uses += 1;
        // Half the inputs as a French page by its path, the rest with no hint at all.
        let source = if data.len() % 2 == 0 { "page.txt" } else { "docs/fr/remove-members.html" };
        let report = checker.check(source, &content, &Overrides::default());
        let _ = serde_json::to_string(&report).expect("reports serialize");
    });
}

/// An endpoint file: parsing, then for a valid one request resolution and its ten samples.
pub fn endpoint(data: &[u8]) {
    let path = Path::new("endpoints/fuzz.yaml");
    let text = String::from_utf8_lossy(data).into_owned();
    let file = match crate::load::parse_endpoint(path, text.clone()) {
        Ok(file) => file,
        Err(e) => return drop(e.to_string()),
    };
    let src = crate::request::Source { file: path, text: &text };
    match crate::request::resolve(&file.endpoint, &Config::default().host_placeholder, &src) {
        Ok(request) => render_samples(&request),
        Err(e) => drop(e.to_string()),
    }
}

/// A locale file: loading it into a catalog as the default locale and formatting each of its
/// messages, without arguments and with the ones apiglot's own messages take.
pub fn fluent(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let path = PathBuf::from("locales/en/fuzz.ftl");
    let _ = crate::locale::message_values(&text);
    let source = LocaleSource {
        locale: "en".into(),
        dir: PathBuf::from("locales/en"),
        files: vec![(path, text)],
        translated_from: Default::default(),
    };
    let catalog = match Catalog::build(&Config::default(), vec![source]) {
        Ok(catalog) => catalog,
        Err(e) => return drop(e.to_string()),
    };
    let args = [
        ("method".to_string(), Arg::Text("POST".into())),
        ("path".to_string(), Arg::Text("/api/v2/x".into())),
        ("count".to_string(), Arg::Number(2)),
    ];
    for id in catalog.default_ids() {
        let _ = catalog.format("en", &id, &[]);
        if let Ok(text) = catalog.format("en", &id, &args) {
            let _ = crate::locale::canonical_value(&id, &text.text);
        }
    }
}

/// An OpenAPI description, read as JSON when it starts with `{` and as YAML otherwise, then
/// each of the first imported operations resolved and rendered.
pub fn openapi(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let options = crate::import::openapi::Options { tags: &[], host_placeholder: "{yourDomain}" };
    match crate::import::openapi::parse(&text, Path::new("spec.yaml"), &options) {
        Ok(imported) => resolve_and_render(imported.operations.iter().map(|o| &o.endpoint)),
        Err(e) => drop(e.to_string()),
    }
}

/// A HAR file (any of its three shapes): reading, the operations `import har` makes of it,
/// and the samples `apiglot samples` renders for its first requests.
pub fn har(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let file = Path::new("capture.har");
    match crate::har::parse(&text, file) {
        Ok(requests) => drop(crate::import::har::operations(requests)),
        Err(e) => return drop(e.to_string()),
    }
    match crate::HarSamples::new(&text, file, SampleTarget::BUILTIN) {
        Ok(samples) => {
            let range = 0..samples.len().min(MAX_RENDERED);
            if let Err(e) = samples.render(range, SampleTarget::BUILTIN) {
                drop(e.to_string());
            }
        }
        Err(e) => drop(e.to_string()),
    }
}

thread_local! {
    static EXCHANGE_PROJECT: (crate::load::Project, Catalog) = {
        let root = example_root().join("tests/cases/exchange/project");
        let project = crate::load::project(&root).expect("the exchange test project loads");
        let catalog = Catalog::build(&project.config, project.locales.clone()).expect("its catalog builds");
        (project, catalog)
    };
}

/// A translated XLIFF or PO file (told apart by content), planned for import into the exchange
/// tests' project (messages in every state, hostile text): reading, validating every unit, and
/// the locale files the import would write.
pub fn exchange(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    EXCHANGE_PROJECT.with(|(project, catalog)| {
        let options = crate::exchange::ImportOptions::default();
        match crate::exchange::plan_import(project, catalog, &text, Path::new("fr.po"), &options) {
            Ok(report) => drop(report),
            Err(e) => drop(e.to_string()),
        }
    });
}

/// Requests rendered per input: one request exercises every template, more only slow the
/// fuzzer down.
const MAX_RENDERED: usize = 2;

fn resolve_and_render<'a>(endpoints: impl Iterator<Item = &'a crate::endpoint::Endpoint>) {
    for endpoint in endpoints.take(MAX_RENDERED) {
        let src = crate::request::Source { file: Path::new("endpoints/imported.yaml"), text: "" };
        match crate::request::resolve(endpoint, "{yourDomain}", &src) {
            Ok(request) => render_samples(&request),
            Err(e) => drop(e.to_string()),
        }
    }
}

fn render_samples(request: &crate::request::Request) {
    ENGINE.with(|engine| {
        if let Err(e) = crate::render::request_samples(engine, SampleTarget::BUILTIN, request) {
            drop(e.to_string());
        }
    });
}
