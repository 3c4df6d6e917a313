//! The `apiglot` command line: the boundary where errors become messages and exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use apiglot::check::{Checker, Class, Overrides};
use apiglot::config::Flavor;
use apiglot::report::{self, Format};
use apiglot::targets::SampleTarget;
use apiglot::{load, locale, output, BuildOptions};

/// Exit codes: 0 ok, 1 stale output or drift found, 2 usage or input error.
const STALE: u8 = 1;
const INPUT_ERROR: u8 = 2;

/// mimalloc rather than the system allocator: rendering makes many small strings on every
/// thread, and glibc's arenas spent a fifth of `apiglot samples` in malloc and free, with
/// threads waiting on each other's arena locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "apiglot",
    version,
    about = "Render API guides and code samples in many languages and locales from one source of truth."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How `apiglot targets` prints.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ListFormat {
    /// One line a target.
    Human,
    /// A JSON object: the tool, its version and the `targets`.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Render every guide in every locale into the output folder (Markdown and HTML).
    Build {
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder; a relative one is inside `--root` (`out` of the project by default).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Render only this locale (repeatable); all configured locales by default.
        #[arg(long = "locale", value_name = "L")]
        locales: Vec<String>,
        /// Fail when a locale lacks a message instead of falling back.
        #[arg(long)]
        strict: bool,
        /// Write nothing; exit 1 and name the files when the output folder is stale.
        #[arg(long)]
        check: bool,
        /// What the Markdown output is written for (default: `flavor` in apiglot.toml, else plain).
        #[arg(long, value_enum)]
        flavor: Option<FlavorArg>,
        #[command(flatten)]
        safety: OutSafety,
    },
    /// Check published pages (files, folders or http(s) URLs) for drift from the source.
    ///
    /// Exit code 0 when no finding is of a --fail-on class, 1 otherwise, 2 on bad input.
    Check {
        /// Pages to check: files, folders (walked for .txt .md .mdx .html), http(s) URLs, or `-` for stdin.
        #[arg(required = true, value_name = "PAGE")]
        pages: Vec<String>,
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Report format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Finding classes that make the check fail (comma-separated).
        #[arg(long, value_enum, value_delimiter = ',', default_values = ["semantic", "security", "broken", "missing"])]
        fail_on: Vec<Class>,
        /// Colour the human report: auto (a terminal, and NO_COLOR unset), always, never.
        #[arg(long, value_enum, default_value = "auto")]
        color: ColorChoice,
        /// Compare every page with this endpoint id instead of matching it.
        #[arg(long)]
        endpoint: Option<String>,
        /// Compare every page with this locale instead of detecting it.
        #[arg(long)]
        locale: Option<String>,
        /// The most bytes read of one page (file, stdin, device or URL); more is an input error.
        #[arg(long, value_name = "BYTES", default_value_t = load::PAGE_LIMIT)]
        max_page_size: u64,
    },
    /// Write the prose of published pages, already translated, into a locale's messages.
    ///
    /// Each page is matched to its endpoint and locale as `check` does; its text is placed on
    /// the messages by the page's structure. A message the locale already has with another
    /// text is kept unless --force. Exit code 0 when done, 2 on bad input.
    Adopt {
        /// Pages to adopt: files, folders (walked for .txt .md .mdx .html), http(s) URLs, or `-` for stdin.
        #[arg(required = true, value_name = "PAGE")]
        pages: Vec<String>,
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The locale to write into (a configured one); detected per page when not given.
        #[arg(long, value_name = "L")]
        locale: Option<String>,
        /// The endpoint id every page documents; matched per page when not given.
        #[arg(long, value_name = "ID")]
        endpoint: Option<String>,
        /// Replace messages the locale already has with another text.
        #[arg(long)]
        force: bool,
        /// Write nothing; print what would be written.
        #[arg(long)]
        dry_run: bool,
        /// Report format.
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
        /// The most bytes read of one page (file, stdin, device or URL); more is an input error.
        #[arg(long, value_name = "BYTES", default_value_t = load::PAGE_LIMIT)]
        max_page_size: u64,
    },
    /// Preview the site on 127.0.0.1: rebuild on every change of endpoints, locales, templates
    /// or apiglot.toml, and reload the open page. Writes nothing.
    Serve {
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port on 127.0.0.1; 0 picks a free one.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Render only this locale (repeatable); all configured locales by default.
        #[arg(long = "locale", value_name = "L")]
        locales: Vec<String>,
        /// What the Markdown output is written for (default: `flavor` in apiglot.toml, else plain).
        #[arg(long, value_enum)]
        flavor: Option<FlavorArg>,
    },
    /// Render every request of a HAR file into code samples (no guides).
    ///
    /// FILE is a HAR log, a JSON list of HAR requests, or an object with a `requests` list.
    Samples {
        /// The HAR file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Render only this target (repeatable); all ten by default.
        #[arg(long = "target", value_name = "T", value_parser = clap::builder::PossibleValuesParser::new(SampleTarget::ids()))]
        targets: Vec<String>,
        /// Write one file per request and target, `DIR/<request id>/<target>.<ext>`; `-` (the
        /// default) prints every sample to stdout as fenced Markdown blocks.
        #[arg(long, value_name = "DIR|-", default_value = "-")]
        out: PathBuf,
        #[command(flatten)]
        safety: OutSafety,
    },
    /// List endpoints, guides, locales and the messages each locale lacks.
    List {
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// What translators have to do: each locale's missing, untranslated (stubs, or the same
    /// as English) and stale messages; `--write-missing` writes a stub for each missing one.
    /// `messages export` and `messages import` exchange a locale with translators (XLIFF, PO).
    #[command(args_conflicts_with_subcommands = true)]
    Messages {
        #[command(subcommand)]
        action: Option<MessagesAction>,
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only this locale (repeatable); every configured locale by default.
        #[arg(long = "locale", value_name = "L")]
        locales: Vec<String>,
        /// Write a stub for each missing message, so that the project builds: the text pages
        /// show today (a `TODO` for a message no locale has), marked `# apiglot: untranslated`
        /// until a translator replaces it.
        #[arg(long)]
        write_missing: bool,
    },
    /// Add to the project: `apiglot new endpoint ID --method M --path P`.
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish, e.g.
    /// `apiglot completions bash > /etc/bash_completion.d/apiglot`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) of apiglot, or of one command: `apiglot man | man -l -`,
    /// `apiglot man build > apiglot-build.1`.
    Man {
        /// The command whose page to print (`build`, `check`, `import`, …).
        command: Option<String>,
    },
    /// Write a new project that builds at once: apiglot.toml, one endpoint, and its messages
    /// in English and French.
    Init {
        /// The folder to write it in (made if missing); it must hold no project yet.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print the JSON Schema of the endpoint file format (for editors).
    Schema,
    /// List the sample targets: each client, its language, and what proves it (read back by
    /// `check`; executed by the test harness, with which runtime).
    Targets {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Import an API description: endpoint files and English message skeletons, merged with
    /// what the project has (facts updated; your fields, English edits and translations kept).
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
    /// Record that a locale's translations are made from today's English (clears `stale` for
    /// them; run it after translating).
    Translated {
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The locale whose translations were reviewed.
        #[arg(long, value_name = "L")]
        locale: String,
        /// Only these message ids; every message the locale translates by default.
        #[arg(value_name = "ID")]
        ids: Vec<String>,
    },
}

#[derive(Subcommand)]
enum MessagesAction {
    /// Write every English message of a locale as a unit with its English source, the locale's
    /// translation, its state (new, needs review, translated) and a note for translators.
    Export {
        /// The locale to translate into.
        #[arg(long, value_name = "L")]
        locale: String,
        /// The file format.
        #[arg(long, value_enum)]
        format: ExchangeFormat,
        /// The file to write (relative to --root when --root is given); `-` prints it.
        #[arg(long, value_name = "FILE|-", default_value = "-")]
        out: PathBuf,
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only units in these states (comma-separated); all by default.
        #[arg(long, value_enum, value_delimiter = ',')]
        state: Vec<ExchangeState>,
    },
    /// Read a translated XLIFF 2.x or PO file (told apart by content) into locales/<locale>/:
    /// every translated unit, written in place, recorded in translated-from.toml. Any problem
    /// and nothing is written.
    Import {
        /// The XLIFF or PO file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The locale the file must be for; the file's own language by default.
        #[arg(long, value_name = "L")]
        locale: Option<String>,
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Report what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also import needs-review (fuzzy) units; they stay stale (recorded as made from the
        /// previous English).
        #[arg(long)]
        include_fuzzy: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExchangeFormat {
    /// XLIFF 2.0.
    Xliff,
    /// gettext PO.
    Po,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExchangeState {
    New,
    NeedsReview,
    Translated,
}

#[derive(Subcommand)]
enum NewWhat {
    /// An endpoint file with the facts given (placeholders from the path, a 200 response) and
    /// a stub of every message it needs in every locale: the project builds at once, and
    /// `apiglot messages` lists what to write.
    Endpoint {
        /// The endpoint's id, which names its file: lower-case letters, digits and `-`.
        id: String,
        /// The HTTP method.
        #[arg(long)]
        method: String,
        /// The path, placeholders in capitals: /api/v1/widgets/{WIDGET_ID}.
        #[arg(long)]
        path: String,
        /// The guide it belongs to (a page); its own guide, named like the id, by default.
        #[arg(long)]
        guide: Option<String>,
        /// The server; the one every endpoint of the project names by default.
        #[arg(long)]
        server: Option<String>,
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportFormat {
    /// An OpenAPI 3.0 or 3.1 description (JSON or YAML).
    Openapi {
        /// The OpenAPI file.
        spec: PathBuf,
        /// Import only operations with this tag (repeatable).
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
        /// Where endpoint files go; endpoints/ of --root by default.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        safety: IntoSafety,
    },
    /// Captured requests: a HAR log, a JSON list of HAR requests, or an object with a
    /// `requests` list. Each request becomes an endpoint and its own guide.
    Har {
        /// The HAR file.
        file: PathBuf,
        /// Where endpoint files go; endpoints/ of --root by default.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// The project folder (holds apiglot.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        safety: IntoSafety,
    },
}

/// Where apiglot may write its output folder.
#[derive(clap::Args)]
struct OutSafety {
    /// Write into the output folder even when it holds files and no apiglot manifest (its
    /// files are kept). Never the file-system root, the project or the current folder.
    #[arg(long)]
    force: bool,
    /// The output folder may be a symbolic link: write into the folder it points to.
    #[arg(long)]
    follow_out_link: bool,
}

impl OutSafety {
    fn rules(&self) -> output::Rules<'static> {
        output::Rules {
            option: "--out",
            owner: output::Owner::Manifest,
            force: self.force,
            follow_link: self.follow_out_link,
            link_option: "--follow-out-link",
        }
    }
}

/// Where an import may write endpoint files.
#[derive(clap::Args)]
struct IntoSafety {
    /// Write into the endpoints folder even when it holds files other than endpoint files
    /// (.yaml, .yml). Never the file-system root, the project or the current folder.
    #[arg(long)]
    force: bool,
    /// The endpoints folder may be a symbolic link: write into the folder it points to.
    #[arg(long)]
    follow_into_link: bool,
}

impl IntoSafety {
    fn rules(&self) -> output::Rules<'static> {
        output::Rules {
            option: "--into",
            owner: output::Owner::Endpoints,
            force: self.force,
            follow_link: self.follow_into_link,
            link_option: "--follow-into-link",
        }
    }
}

/// A JSON report object with the tool and its version first, as every report names them.
fn with_version(mut report: serde_json::Value) -> serde_json::Value {
    if let Some(object) = report.as_object_mut() {
        object.shift_insert(0, "tool".into(), "apiglot".into());
        object.shift_insert(1, "version".into(), env!("CARGO_PKG_VERSION").into());
    }
    report
}

/// `out` as `build` takes it: a relative path is inside the project, so `--root payments`
/// writes `payments/out`, wherever it is run from.
fn under_root(root: &std::path::Path, out: &std::path::Path) -> PathBuf {
    if out.is_absolute() || root == std::path::Path::new(".") {
        out.to_path_buf()
    } else {
        root.join(out)
    }
}

/// The folders no `--out` or `--into` may be or hold: the project and the current folder.
fn protected(root: &std::path::Path) -> [(&std::path::Path, &'static str); 2] {
    [(root, "the project folder"), (std::path::Path::new("."), "the current folder")]
}

/// The Markdown flavors, as the command line names them.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FlavorArg {
    /// CommonMark with GFM tables.
    Plain,
    /// Plain pages plus SUMMARY.md and book.toml.
    Mdbook,
    /// MDX with the samples in <Tabs>/<TabItem>.
    Docusaurus,
    /// MDX with the samples in <CodeGroup>.
    Mintlify,
}

impl From<FlavorArg> for Flavor {
    fn from(arg: FlavorArg) -> Flavor {
        match arg {
            FlavorArg::Plain => Flavor::Plain,
            FlavorArg::Mdbook => Flavor::Mdbook,
            FlavorArg::Docusaurus => Flavor::Docusaurus,
            FlavorArg::Mintlify => Flavor::Mintlify,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { INPUT_ERROR } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {}", describe(&e));
            ExitCode::from(INPUT_ERROR)
        }
    }
}

/// An error and its causes on one line, each cause once: a cause whose text its error
/// already ends with (`path: reason`, then `reason` again) is not repeated.
fn describe(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.ends_with(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Build { root, out, locales, strict, check, flavor, safety } => {
            let started = std::time::Instant::now();
            let options = BuildOptions { locales, strict, flavor: flavor.map(Flavor::from) };
            let fingerprint = apiglot::fingerprint(&load::sources(&root)?, &options);
            // `--check` writes nothing: any folder may be compared.
            let rules = output::Rules { force: safety.force || check, ..safety.rules() };
            let out = output::claim(&under_root(&root, &out), &rules, &protected(&root))?;
            if !check {
                // The same inputs, options and apiglot as the last build, and its files untouched,
                // and nothing left by an interrupted build: nothing to render, nothing to write.
                if let Some(stamp) = output::up_to_date(&out.real, &fingerprint)
                    .filter(|_| apiglot::staging::leftovers(&out.real).is_empty())
                {
                    for w in &stamp.warnings {
                        eprintln!("{w}");
                    }
                    eprintln!(
                        "rendered {} pages, {} samples, 0 written, 0 removed, in {:.2} s (unchanged since the last build)",
                        stamp.pages,
                        stamp.samples,
                        started.elapsed().as_secs_f64()
                    );
                    return Ok(0);
                }
            }
            // Each guide's files go to the sink as they are rendered: staged beside out/, or
            // compared with it (`--check`); an error drops the sink and out/ is as it was.
            enum Sink {
                Write(output::Writer),
                Compare(output::Compare),
            }
            impl output::Sink for Sink {
                fn add(&self, files: &[apiglot::render::OutputFile]) -> apiglot::Result<()> {
                    match self {
                        Sink::Write(w) => w.add(files),
                        Sink::Compare(c) => c.add(files),
                    }
                }
                fn keep(&self, paths: &[std::path::PathBuf]) -> apiglot::Result<bool> {
                    match self {
                        Sink::Write(w) => w.keep(paths),
                        Sink::Compare(c) => c.keep(paths),
                    }
                }
            }
            let progress = Bar::new();
            let open = || {
                if check {
                    Ok(Sink::Compare(output::Compare::new(&out)))
                } else {
                    output::Writer::begin(&out).map(Sink::Write)
                }
            };
            // Guides whose inputs did not change keep their files (see `apiglot::incremental`).
            let previous = if check { Default::default() } else { output::previous_records(&out.real) };
            let build = apiglot::build_incremental(&root, &options, &progress, &previous, open);
            progress.bar.finish_and_clear();
            let (build, sink) = build?;
            let mut warnings = warn_missing(&build.missing);
            warnings.extend(warn_stale(&build.stale));
            warnings.extend(warn_untranslated(&build.untranslated));
            for (at, name) in &build.unused_placeholders {
                let line = format!(
                    "warning: {at}: placeholder `{name}` is declared but no request field uses it\n  help: write \
                     `{{{name}}}` where the request needs it, or remove its declaration"
                );
                eprintln!("{line}");
                warnings.push(line);
            }
            let writer = match sink {
                Sink::Compare(compare) => {
                    let files = compare.files();
                    let stale = compare.finish();
                    if stale.is_empty() {
                        eprintln!("{} is up to date ({files} files)", out.shown.display());
                        return Ok(0);
                    }
                    for s in &stale {
                        eprintln!("stale: {}", s);
                    }
                    eprintln!("{} is stale: run `apiglot build` and commit the result", out.shown.display());
                    return Ok(STALE);
                }
                Sink::Write(writer) => writer,
            };
            let stamp = output::Stamp {
                fingerprint,
                pages: build.rendered.pages,
                samples: build.rendered.samples,
                warnings,
                files: Vec::new(),
                records: build.records,
            };
            let report = writer.finish(Some(stamp)).with_context(|| format!("writing {}", out.shown.display()))?;
            let kept = match build.kept_pages {
                0 => String::new(),
                n => format!(" ({} re-rendered, {n} unchanged)", build.rendered.pages - n),
            };
            eprintln!(
                "rendered {} pages, {} samples, {} written, {} removed, in {:.2} s{kept}",
                build.rendered.pages,
                build.rendered.samples,
                report.written.len(),
                report.removed.len(),
                started.elapsed().as_secs_f64()
            );
            Ok(0)
        }
        Command::Check { pages, root, format, fail_on, color, endpoint, locale, max_page_size } => {
            let project = load::project(&root)?;
            let checker = Checker::new(&project)?;
            let overrides = Overrides { endpoint, locale };
            let inputs: Vec<(String, Vec<u8>)> =
                load::pages(&pages, max_page_size)?.into_iter().map(|p| (p.source, p.bytes)).collect();
            let reports = checker.check_all(&inputs, &overrides);
            let color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    use std::io::IsTerminal;
                    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
                }
            };
            print!("{}", report::render(format, &reports, &fail_on, color));
            let failing = reports.iter().flat_map(|r| &r.findings).any(|f| fail_on.contains(&f.class));
            Ok(if failing { STALE } else { 0 })
        }
        Command::Adopt { pages, root, locale, endpoint, force, dry_run, format, max_page_size } => {
            let options = apiglot::adopt::Options { locale, endpoint, force, dry_run };
            let report = apiglot::adopt::adopt_pages(&root, &pages, max_page_size, &options)?;
            match format {
                ListFormat::Human => print!("{}", apiglot::adopt::human(&report)),
                ListFormat::Json => {
                    println!("{}", serde_json::to_string_pretty(&with_version(serde_json::to_value(&report)?))?)
                }
            }
            Ok(0)
        }
        Command::Serve { root, port, locales, flavor } => {
            // A folder that is no project is a usage error, not a page of errors.
            load::project(&root)?;
            let options = BuildOptions { locales, strict: false, flavor: flavor.map(Flavor::from) };
            let preview = apiglot::serve::start(&root, options, port)
                .with_context(|| format!("starting the preview on 127.0.0.1:{port}"))?;
            let addr = preview.addr().context("the preview has no IP address")?;
            eprintln!(
                "serving {} at http://{addr}/ (rebuilds on change; Ctrl-C stops)",
                apiglot::serve::describe(&root).display()
            );
            preview.run();
            Ok(0)
        }
        Command::Samples { file, targets, out, safety } => {
            let started = std::time::Instant::now();
            let targets: Vec<SampleTarget> = if targets.is_empty() {
                SampleTarget::defaults()
            } else {
                targets.iter().filter_map(|t| SampleTarget::by_id(t)).collect()
            };
            let out_dir = if out == std::path::Path::new("-") {
                None
            } else {
                let [_, current] = protected(std::path::Path::new("."));
                Some(output::claim(&out, &safety.rules(), &[current])?)
            };
            let har = apiglot::HarSamples::read(&file, &targets)?;
            let done = |written: String| {
                eprintln!(
                    "rendered {} requests, {} samples{written}, in {:.2} s",
                    har.len(),
                    har.len() * targets.len(),
                    started.elapsed().as_secs_f64()
                )
            };
            if let Some(out) = out_dir {
                let files: Vec<apiglot::render::OutputFile> = har
                    .render(0..har.len(), &targets)?
                    .into_iter()
                    .flat_map(|r| {
                        let dir = PathBuf::from(r.id);
                        r.samples.into_iter().zip(&targets).map(move |(s, t)| apiglot::render::OutputFile {
                            path: dir.join(format!("{}.{}", t.id, t.extension)),
                            contents: format!("{}\n", s.code).into_bytes(),
                        })
                    })
                    .collect();
                let report =
                    output::write(&out, &files, None).with_context(|| format!("writing {}", out.shown.display()))?;
                done(format!(", {} written, {} removed", report.written.len(), report.removed.len()));
            } else {
                har.write_markdown(&targets, &mut std::io::BufWriter::new(std::io::stdout().lock()))?;
                done(String::new());
                // The process ends here: freeing every request one by one would only cost time.
                std::mem::forget(har);
            }
            Ok(0)
        }
        Command::List { root } => {
            list(&root)?;
            Ok(0)
        }
        Command::Import { format: ImportFormat::Openapi { spec, tags, into, root, safety } } => {
            let into = claim_into(&root, into, &safety)?;
            let options = apiglot::ImportOptions { spec, tags, into: Some(into) };
            let (report, written) = apiglot::import_openapi(&root, &options)?;
            print!("{}", import_report(&report, written.len()));
            Ok(0)
        }
        Command::Import { format: ImportFormat::Har { file, into, root, safety } } => {
            let into = claim_into(&root, into, &safety)?;
            let (report, written) = apiglot::import_har(&root, &file, Some(&into))?;
            print!("{}", import_report(&report, written.len()));
            Ok(0)
        }
        Command::Messages { action: Some(action), .. } => messages(action),
        Command::Translated { root, locale, ids } => {
            let marked = apiglot::mark_translated(&root, &locale, &ids)?;
            eprintln!("locale {locale}: {marked} translations recorded as made from today's English");
            Ok(0)
        }
        Command::Messages { root, locales, write_missing, action: None } => {
            let survey = apiglot::messages::survey(&root)?;
            for l in &locales {
                if !survey.project.config.locales.contains(l) {
                    anyhow::bail!(apiglot::Error::project(
                        root.join(load::CONFIG_FILE),
                        format!("locale `{l}` is not configured"),
                        format!("use one of: {}", survey.project.config.locales.join(", ")),
                    ));
                }
            }
            if write_missing {
                let stubs = apiglot::messages::missing_stubs(&survey, &locales);
                let written = apiglot::messages::write_stubs(&stubs)?;
                for (locale, count) in apiglot::messages::stubs_per_locale(&stubs) {
                    println!("locale {locale}: {count} stubs written");
                }
                for path in &written {
                    println!("  {}", path.display());
                }
                if stubs.is_empty() {
                    println!("no message is missing");
                } else {
                    println!("each stub is marked `# {}`: translate it and delete that line", locale::STUB_MARK);
                }
                return Ok(0);
            }
            print_messages(&survey, &locales);
            Ok(0)
        }
        Command::New { what: NewWhat::Endpoint { id, method, path, guide, server, root } } => {
            let new = apiglot::skeleton::NewEndpoint { id, method, path, guide, server };
            let written = apiglot::skeleton::new_endpoint(&root, &new)?;
            println!("wrote {}", written.endpoint.display());
            for (locale, count) in apiglot::messages::stubs_per_locale(&written.stubs) {
                println!("locale {locale}: {count} message stubs");
            }
            println!("next: fill in the endpoint's facts, write its messages (`apiglot messages` lists them), then `apiglot build`");
            Ok(0)
        }
        Command::Completions { shell } => {
            use clap::CommandFactory as _;
            clap_complete::generate(shell, &mut Cli::command(), "apiglot", &mut std::io::stdout().lock());
            Ok(0)
        }
        Command::Man { command } => {
            use clap::CommandFactory as _;
            let mut cli = Cli::command();
            cli.build();
            let (page, title) = match &command {
                None => (cli, "apiglot".to_string()),
                Some(name) => {
                    let names: Vec<String> = cli.get_subcommands().map(|c| c.get_name().to_string()).collect();
                    let Some(sub) = cli.find_subcommand(name) else {
                        anyhow::bail!("`{name}` is not an apiglot command\n  help: name one of: {}", names.join(", "));
                    };
                    // The page of `build` is titled `apiglot-build`, as `man apiglot-build` finds it.
                    (sub.clone().bin_name(format!("apiglot {name}")), format!("apiglot-{name}"))
                }
            };
            let mut roff = Vec::new();
            clap_mangen::Man::new(page).title(title).render(&mut roff)?;
            use std::io::Write as _;
            std::io::stdout().lock().write_all(&roff)?;
            Ok(0)
        }
        Command::Init { dir } => {
            let written = apiglot::init::init(&dir)?;
            eprintln!(
                "wrote a new project in {} ({} files); next: `apiglot build --root {}`",
                dir.display(),
                written.len(),
                dir.display()
            );
            Ok(0)
        }
        Command::Schema => {
            println!("{}", serde_json::to_string_pretty(&apiglot::endpoint::json_schema())?);
            Ok(0)
        }
        Command::Targets { format } => {
            let rows: Vec<serde_json::Value> = SampleTarget::BUILTIN
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "id": t.id,
                        "language": t.language.name,
                        "client": t.client,
                        "info": t.language.info,
                        "label": t.label,
                        "parses": true,
                        "runs": t.runs_on.is_some(),
                        "runtime": t.runs_on,
                    })
                })
                .collect();
            match format {
                ListFormat::Json => {
                    let list =
                        serde_json::json!({ "tool": "apiglot", "version": env!("CARGO_PKG_VERSION"), "targets": rows });
                    println!("{}", serde_json::to_string_pretty(&list)?)
                }
                ListFormat::Human => {
                    let width = |f: fn(&SampleTarget) -> &str| SampleTarget::BUILTIN.iter().map(|t| f(t).len()).max();
                    let (id, language, client) = (width(|t| t.id), width(|t| t.language.name), width(|t| t.client));
                    let (id, language, client) = (id.unwrap_or(0), language.unwrap_or(0), client.unwrap_or(0));
                    for t in SampleTarget::BUILTIN {
                        let runs = t.runs_on.map_or("parsed by check, not executed".to_string(), |r| {
                            format!("parsed by check, executed on {r}")
                        });
                        println!("{:<id$}  {:<language$}  {:<client$}  {runs}", t.id, t.language.name, t.client);
                    }
                }
            }
            Ok(0)
        }
    }
}

/// The endpoints folder an import writes into (`--into`, else `endpoints/` of the project),
/// checked like an output folder and resolved (no link in it).
/// `apiglot messages export|import`.
fn messages(action: MessagesAction) -> anyhow::Result<u8> {
    use apiglot::exchange::{self, Format, State};
    match action {
        MessagesAction::Export { locale, format, out, root, state } => {
            let format = match format {
                ExchangeFormat::Xliff => Format::Xliff,
                ExchangeFormat::Po => Format::Po,
            };
            let states: Vec<State> = state
                .iter()
                .map(|s| match s {
                    ExchangeState::New => State::New,
                    ExchangeState::NeedsReview => State::NeedsReview,
                    ExchangeState::Translated => State::Translated,
                })
                .collect();
            let (text, units) = exchange::export(&root, &locale, format, &states)?;
            if out == std::path::Path::new("-") {
                use std::io::Write as _;
                std::io::stdout().write_all(text.as_bytes())?;
            } else {
                let path = under_root(&root, &out);
                apiglot::fsutil::write_atomic(&path, text.as_bytes())?;
                eprintln!("locale {locale}: {units} units written to {}", path.display());
            }
            Ok(0)
        }
        MessagesAction::Import { file, locale, root, dry_run, include_fuzzy } => {
            let options = exchange::ImportOptions { locale, include_fuzzy };
            let (report, written) = exchange::import(&root, &file, &options, dry_run)?;
            let mut skipped: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
            for (_, why) in &report.skipped {
                *skipped.entry(why).or_default() += 1;
            }
            let skipped: Vec<String> = skipped.iter().map(|(why, n)| format!("{n} {why}")).collect();
            println!(
                "locale {}: {} messages updated, {} unchanged; {} units skipped{}; 0 errors",
                report.locale,
                report.updated.len(),
                report.unchanged.len(),
                report.skipped.len(),
                if skipped.is_empty() { String::new() } else { format!(" ({})", skipped.join(", ")) }
            );
            for id in &report.updated {
                println!("  updated {id}");
            }
            if dry_run {
                println!("dry run: nothing written ({} files would be)", report.writes.len());
            } else {
                println!("{} files written", written.len());
            }
            Ok(0)
        }
    }
}

fn claim_into(root: &std::path::Path, into: Option<PathBuf>, safety: &IntoSafety) -> anyhow::Result<PathBuf> {
    let into = into.unwrap_or_else(|| root.join("endpoints"));
    Ok(output::claim(&into, &safety.rules(), &protected(root))?.shown)
}

/// What an import did, for the terminal.
fn import_report(r: &apiglot::import::MergeReport, files: usize) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "operations: {} added, {} changed, {} unchanged, {} removed",
        r.added.len(),
        r.changed.len(),
        r.unchanged,
        r.removed.len()
    );
    for id in &r.added {
        let _ = writeln!(out, "  added: {id}");
    }
    for (id, facts) in &r.changed {
        let _ = writeln!(out, "  changed: {id} ({})", facts.join(", "));
    }
    for (id, operation) in &r.removed {
        let _ = writeln!(
            out,
            "  removed from the spec: {id} ({operation}); its files are kept, delete them if it is gone for good"
        );
    }
    for (id, fact) in &r.kept_facts {
        let _ = writeln!(out, "  kept your edit of `{fact}` in {id} (the spec changed it too)");
    }
    for (id, note) in &r.notes {
        let _ = writeln!(out, "  note: {id}: {note}");
    }
    let _ = writeln!(out, "English messages: {} added, {} updated", r.messages_added, r.messages_updated.len());
    for id in &r.kept_edits {
        let _ = writeln!(out, "  kept your edit of `{id}` (the spec's text changed)");
    }
    if !r.stale.is_empty() {
        let _ = writeln!(out, "stale translations (their English changed): {}", r.stale.len());
        for (locale, id) in &r.stale {
            let _ = writeln!(out, "  {locale}: {id}");
        }
    }
    let _ = writeln!(out, "{files} files written");
    out
}

/// Shows the first few stale translations and returns the lines shown.
fn warn_stale(stale: &[locale::StaleMessage]) -> Vec<String> {
    const SHOWN: usize = 10;
    let mut lines: Vec<String> =
        stale.iter().take(SHOWN).map(|m| format!("warning: {}", apiglot::describe_stale(m))).collect();
    if stale.len() > SHOWN {
        lines.push(format!(
            "warning: {} more translations are stale; `apiglot list` shows them all",
            stale.len() - SHOWN
        ));
    }
    for line in &lines {
        eprintln!("{line}");
    }
    lines
}

/// One line per locale with messages that still read as English, with the first few of them.
fn warn_untranslated(untranslated: &[locale::UntranslatedMessage]) -> Vec<String> {
    const SHOWN: usize = 5;
    let mut by_locale: std::collections::BTreeMap<&str, Vec<&locale::UntranslatedMessage>> = Default::default();
    for m in untranslated {
        by_locale.entry(m.locale.as_str()).or_default().push(m);
    }
    let mut lines = Vec::new();
    for (locale, messages) in by_locale {
        let stubs = messages.iter().filter(|m| m.stub).count();
        lines.push(format!(
            "warning: locale {locale}: {} messages are untranslated ({stubs} stubs, {} the same as English); \
             `apiglot list` shows them all\n  help: translate them; for names that stay the same in every \
             language add them to `same_as_source` under [translation] in apiglot.toml, or put \
             `# {}` above the message",
            messages.len(),
            messages.len() - stubs,
            locale::SAME_MARK
        ));
        for m in messages.iter().take(SHOWN) {
            lines.push(format!("warning: {}", apiglot::describe_untranslated(m)));
        }
    }
    for line in &lines {
        eprintln!("{line}");
    }
    lines
}

/// A progress bar for the pages of a build, drawn on stderr only when it is a terminal and
/// rendering has taken longer than [`Bar::QUIET`]: a short build prints just its summary line.
struct Bar {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
    terminal: bool,
}

impl Bar {
    const QUIET: std::time::Duration = std::time::Duration::from_millis(300);

    fn new() -> Bar {
        use std::io::IsTerminal;
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("rendering {bar:40} {pos}/{len} pages, {eta} left")
                .expect("the template is valid"),
        );
        Bar {
            bar,
            started: std::time::Instant::now(),
            shown: Default::default(),
            terminal: std::io::stderr().is_terminal(),
        }
    }
}

impl apiglot::Progress for Bar {
    fn rendering(&self, total: usize) {
        self.bar.set_length(total as u64);
        // The estimate counts from the first page, not from loading the project.
        self.bar.reset_eta();
    }

    fn page_done(&self) {
        use std::sync::atomic::Ordering;
        self.bar.inc(1);
        if self.terminal && self.started.elapsed() > Self::QUIET && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
}

/// Shows the first few fallbacks of each locale (`apiglot list` shows them all); returns the
/// lines shown.
fn warn_missing(missing: &[locale::MissingMessage]) -> Vec<String> {
    let mut lines = Vec::new();
    const SHOWN: usize = 10;
    let mut by_locale: std::collections::BTreeMap<&str, Vec<&locale::MissingMessage>> = Default::default();
    for m in missing {
        by_locale.entry(m.locale.as_str()).or_default().push(m);
    }
    for (locale, messages) in by_locale {
        for m in messages.iter().take(SHOWN) {
            lines.push(format!("warning: {}", apiglot::describe_missing(m)));
        }
        if messages.len() > SHOWN {
            lines.push(format!(
                "warning: locale {locale}: {} more messages are missing; `apiglot list` shows them all",
                messages.len() - SHOWN
            ));
        }
    }
    for line in &lines {
        eprintln!("{line}");
    }
    lines
}

fn list(root: &std::path::Path) -> anyhow::Result<()> {
    let survey = apiglot::messages::survey(root)?;
    let project = &survey.project;
    println!("endpoints:");
    for e in &project.endpoints {
        let e = &e.endpoint;
        println!("  {}  {} {}  (guide {})", e.id, e.method.to_ascii_uppercase(), e.path, e.guide);
    }
    let mut guides: Vec<&str> = project.endpoints.iter().map(|e| e.endpoint.guide.as_str()).collect();
    guides.sort();
    guides.dedup();
    println!("guides:");
    for g in guides {
        println!("  {g}");
    }
    println!("locales:");
    for m in &survey.locales {
        println!(
            "  {}  chain {}  missing {}  untranslated {}  stale {}",
            m.locale,
            project.config.fallback_chain(&m.locale).join(" > "),
            m.missing.len() + m.undefined.len(),
            m.untranslated.len(),
            m.stale.len()
        );
    }
    if survey.locales.iter().any(|m| m.missing.len() + m.undefined.len() + m.untranslated.len() + m.stale.len() > 0) {
        println!("`apiglot messages` lists them; `apiglot messages --write-missing` writes stubs for the missing ones");
    }
    Ok(())
}

/// Every message that needs a translator, by locale, with its file.
fn print_messages(survey: &apiglot::messages::Survey, locales: &[String]) {
    for m in survey.locales.iter().filter(|m| locales.is_empty() || locales.contains(&m.locale)) {
        println!(
            "locale {}: missing {}, untranslated {}, stale {}",
            m.locale,
            m.missing.len() + m.undefined.len(),
            m.untranslated.len(),
            m.stale.len()
        );
        for u in survey.undefined.iter().filter(|u| m.undefined.contains(&u.id)) {
            let at = u.at.as_ref().map_or_else(String::new, |at| format!("  (named at {at})"));
            println!("  missing       {}  not in the default locale either{at}", u.id);
        }
        for x in &m.missing {
            println!("  missing       {}  (pages use {}'s, {})", x.id, x.used_locale, x.used_from.display());
        }
        for x in &m.untranslated {
            let why = if x.stub { "still a stub" } else { "the same as English" };
            println!("  untranslated  {}  {why} ({})", x.id, x.file.display());
        }
        for x in &m.stale {
            println!("  stale         {}  (its English changed since it was translated)", x.id);
        }
    }
}
