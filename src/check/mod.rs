//! Compares published pages with the source: which endpoint and locale a page documents,
//! whether each sample still sends the endpoint's request, whether it would run, and whether
//! the prose still says what the locale's rendering says.
//!
//! Pure: a `Checker` is built once from the rendered project and then checks page texts.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::load::Project;
use crate::model::{GuidePage, ResolvedEndpoint};
use crate::parse::{self, Analysis, IssueKind};
use crate::render::{self, Sample};
use crate::templates::Engine;
use page::{normalize_space, PublishedPage, PublishedSample};

pub(crate) mod compare;
mod identify;
mod language;
pub mod page;
pub(crate) mod prose;
pub mod report;
pub mod security;

use crate::targets::SampleTarget;
pub use compare::{compare_request, is_placeholder_spelling};
use compare::{path_matches, percent_decode, split_url, Placeholders, Spelling};
pub use identify::{identify, sniff, unrendered_client, Client};
use prose::prose_findings;

/// What kind of drift a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// The request differs: host, path, method, query, header, body, content type.
    Semantic,
    /// Certificate checks off, or a credential-looking value.
    Security,
    /// Would not compile or run.
    Broken,
    /// Uses a deprecated API.
    Deprecated,
    /// A target, section or placeholder the source has and the page lacks.
    Missing,
    /// Something the page has and the source does not.
    Extra,
    /// Text differs from the locale's rendering.
    Prose,
    /// Layout only.
    Cosmetic,
    /// A sample in a client apiglot does not render (Python requests, fetch, wget...): its
    /// request is not compared, only its security.
    Unverified,
}

impl Class {
    pub const DEFAULT_FAIL_ON: [Class; 4] = [Class::Semantic, Class::Security, Class::Broken, Class::Missing];

    pub fn name(self) -> &'static str {
        match self {
            Class::Semantic => "semantic",
            Class::Security => "security",
            Class::Broken => "broken",
            Class::Deprecated => "deprecated",
            Class::Missing => "missing",
            Class::Extra => "extra",
            Class::Prose => "prose",
            Class::Cosmetic => "cosmetic",
            Class::Unverified => "unverified",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub class: Class,
    /// The page's path or URL.
    pub page: String,
    pub locale: Option<String>,
    pub target: Option<String>,
    /// 1-based line in the published page.
    pub line: usize,
    pub expected: String,
    pub found: String,
    /// One line a docs writer understands.
    pub explanation: String,
}

/// The findings of one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageReport {
    pub source: String,
    pub endpoint: Option<String>,
    pub locale: Option<String>,
    pub findings: Vec<Finding>,
}

/// An endpoint with what its pages must show. Its samples are rendered when a page of it is
/// first checked: one page checked against a project of hundreds of endpoints renders one
/// endpoint's samples, not all of them.
struct Expected {
    endpoint: ResolvedEndpoint,
    placeholders: Vec<String>,
    /// The rendered samples, or why they could not be rendered.
    samples: OnceLock<std::result::Result<Vec<Sample>, String>>,
}

/// A guide page of the model and its normalized prose blocks, rendered when first asked for.
type LazyProse = (GuidePage, OnceLock<std::result::Result<Vec<String>, String>>);

/// Flags that override what a page's content says.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub endpoint: Option<String>,
    pub locale: Option<String>,
}

pub struct Checker {
    /// Analyses by (target, code): a docs set repeats each sample in every locale, and a
    /// sample's analysis depends on its text alone.
    analyses: std::sync::Mutex<HashMap<(&'static str, String), Analysis>>,
    /// Security findings by (target, code), for the same reason.
    security: std::sync::Mutex<HashMap<(String, String), Vec<SampleFinding>>>,
    config: Config,
    engine: Engine,
    targets: Vec<SampleTarget>,
    expected: Vec<Expected>,
    /// Indexes into `expected` by (method, number of path segments): a sample's request is
    /// compared with the few endpoints it can match, not every endpoint of the project.
    by_shape: HashMap<(String, usize), Vec<usize>>,
    /// Each guide page of the model by (locale, guide), with its normalized prose blocks,
    /// rendered (with that page's own samples only) when first asked for.
    prose: HashMap<(String, String), LazyProse>,
    /// `[check] placeholder_aliases`, read once.
    aliases: BTreeMap<String, Vec<String>>,
}

impl Checker {
    /// Loads the model and the templates; renders nothing yet (see [`Expected`]), so that the
    /// set-up costs the same for one page as for a thousand.
    pub fn new(project: &Project) -> Result<Checker> {
        let config = project.config.clone();
        let (model, engine) = crate::prepare(project, &config.locales)?;
        let targets = config.targets.iter().filter_map(|t| SampleTarget::by_id(t)).collect();
        let prose = model
            .pages
            .into_iter()
            .map(|page| ((page.locale.clone(), page.guide.clone()), (page, OnceLock::new())))
            .collect();
        let expected: Vec<Expected> = model
            .endpoints
            .into_iter()
            .map(|endpoint| {
                let file =
                    project.endpoints.iter().find(|f| f.endpoint.id == endpoint.id).expect("resolved from a file");
                Expected {
                    placeholders: file.endpoint.placeholders.iter().map(|p| p.name.clone()).collect(),
                    samples: OnceLock::new(),
                    endpoint,
                }
            })
            .collect();
        let aliases = config.check.aliases();
        let mut by_shape: HashMap<(String, usize), Vec<usize>> = HashMap::new();
        for (index, e) in expected.iter().enumerate() {
            let shape = (e.endpoint.request.method.clone(), segment_count(&percent_decode(&e.endpoint.request.path)));
            by_shape.entry(shape).or_default().push(index);
        }
        let checker = Checker {
            analyses: Default::default(),
            security: Default::default(),
            config,
            engine,
            targets,
            expected,
            by_shape,
            prose,
            aliases,
        };
        // A template that does not render fails the set-up, as it did when everything was
        // rendered up front: one endpoint's samples and one page show it.
        if let Some(first) = checker.expected.first() {
            render::request_samples(&checker.engine, &checker.targets, &first.endpoint.request)?;
        }
        if let Some((page, _)) = checker.prose.values().next() {
            render::markdown_page(&checker.engine, page, &checker.own_samples(page))?;
        }
        Ok(checker)
    }

    /// The samples apiglot renders for `expected`, or why they could not be rendered (a
    /// failing finding of the page, see [`Checker::render_error`]).
    fn rendered_samples<'a>(&self, expected: &'a Expected) -> &'a std::result::Result<Vec<Sample>, String> {
        expected.samples.get_or_init(|| {
            render::request_samples(&self.engine, &self.targets, &expected.endpoint.request).map_err(|e| e.to_string())
        })
    }

    fn samples_of<'a>(&self, expected: &'a Expected) -> &'a [Sample] {
        self.rendered_samples(expected).as_deref().unwrap_or_default()
    }

    /// The page's own samples, by endpoint id: a page rendered with every endpoint's samples
    /// made the set-up quadratic in the number of guides.
    fn own_samples(&self, page: &GuidePage) -> BTreeMap<String, Vec<Sample>> {
        page.api
            .endpoints
            .iter()
            .filter_map(|section| {
                let expected = self.expected.iter().find(|e| e.endpoint.id == section.id)?;
                Some((section.id.clone(), self.samples_of(expected).to_vec()))
            })
            .collect()
    }

    /// The normalized prose blocks of the guide's rendering in the locale, rendered with the
    /// page's own samples only, or why it could not be rendered.
    fn rendered_prose(&self, locale: &str, guide: &str) -> Option<&std::result::Result<Vec<String>, String>> {
        let (page, blocks) = self.prose.get(&(locale.to_string(), guide.to_string()))?;
        Some(blocks.get_or_init(|| {
            let markdown =
                render::markdown_page(&self.engine, page, &self.own_samples(page)).map_err(|e| e.to_string())?;
            Ok(page::markdown_prose(&markdown).into_iter().map(|b| normalize_space(&b.text)).collect())
        }))
    }

    fn prose_of(&self, locale: &str, guide: &str) -> Option<&[String]> {
        self.rendered_prose(locale, guide)?.as_deref().ok()
    }

    /// Why apiglot could not render what the page is compared with, if it could not.
    fn render_error(&self, expected: &Expected, locale: Option<&str>) -> Option<String> {
        if let Err(why) = self.rendered_samples(expected) {
            return Some(why.clone());
        }
        match self.rendered_prose(locale?, &expected.endpoint.guide)? {
            Err(why) => Some(why.clone()),
            Ok(_) => None,
        }
    }

    /// Checks one page. `source` is its path or URL, used for locale hints and in findings.
    pub fn check(&self, source: &str, content: &str, overrides: &Overrides) -> PageReport {
        let page = page::read(content);
        let mapping = self.config.check.pages.iter().find(|(key, _)| source.ends_with(key.as_str())).map(|(_, m)| m);
        let mut findings = Vec::new();
        let at = |class, target: Option<&str>, line, expected: String, found: String, explanation: String| Finding {
            class,
            page: source.to_string(),
            locale: None,
            target: target.map(str::to_string),
            line,
            expected,
            found,
            explanation,
        };

        // Which target each sample is, and what it sends.
        let mut known: Vec<Known> = Vec::new();
        // Samples in clients apiglot does not render: named once each, and checked for security only.
        let mut unverified: Vec<(Client, &PublishedSample)> = Vec::new();
        for sample in &page.samples {
            if let Some(client) = unrendered_client(&sample.code) {
                findings.push(at(
                    Class::Unverified,
                    None,
                    sample.line,
                    String::new(),
                    format!("{} {}", client.language, client.client),
                    format!(
                        "a {} sample using {}, a client apiglot does not render: its request is not compared, only its security",
                        client.language, client.client
                    ),
                ));
                unverified.push((client, sample));
                continue;
            }
            match identify(sample) {
                Some(target) => known.push((target, sample, self.analyze(target, &sample.code))),
                // A response body or a config file in the prose is data, not a request.
                None if identify::is_data_block(sample) => {}
                None => findings.push(at(
                    Class::Extra,
                    None,
                    sample.line,
                    String::new(),
                    sample.title.clone().or_else(|| sample.info.clone()).unwrap_or_else(|| "code".into()),
                    "a sample in a language apiglot does not render; it is not checked".into(),
                )),
            }
        }

        let wanted_endpoint = overrides.endpoint.clone().or_else(|| mapping.and_then(|m| m.endpoint.clone()));
        let expected = match wanted_endpoint {
            Some(id) => self.expected.iter().find(|e| e.endpoint.id == id),
            None => match self.match_endpoint(source, &known) {
                Matched::None => None,
                Matched::One(one) => Some(one),
                // Endpoints of one guide, on a page whose samples come in several sections (a
                // target comes again): each section is matched with its endpoint below.
                Matched::Ambiguous(candidates)
                    if candidates.iter().all(|e| e.endpoint.guide == candidates[0].endpoint.guide)
                        && has_sections(&known) =>
                {
                    candidates.first().copied()
                }
                Matched::Ambiguous(candidates) => {
                    let ids: Vec<&str> = candidates.iter().map(|e| e.endpoint.id.as_str()).collect();
                    findings.push(at(
                        Class::Missing,
                        None,
                        page.samples.first().map_or(1, |s| s.line),
                        "one endpoint".into(),
                        ids.join(", "),
                        format!(
                            "the page's samples match {} endpoints equally and its name names none of them, so it was checked against the first, {}: name the endpoint with --endpoint or [check.pages] in apiglot.toml",
                            ids.len(),
                            ids[0]
                        ),
                    ));
                    candidates.first().copied()
                }
            },
        };
        // A page that shows no sample of any endpoint checked nothing: that fails (as missing),
        // so that an empty page or one whose samples apiglot cannot read never passes.
        let Some(expected) = expected else {
            // apiglot's own index pages (marked so by their templates) list guides: nothing to check.
            if page.samples.is_empty() && content.contains(INDEX_MARK) {
                return PageReport { source: source.into(), endpoint: None, locale: None, findings };
            }
            let first = known
                .iter()
                .find_map(|(_, _, a)| Some(format!("{} {}", a.request.method.clone()?, a.request.url.clone()?)));
            let why = match (&first, content.trim().is_empty()) {
                (_, true) => "the page is empty, so no sample of any endpoint was checked",
                (None, _) if !unverified.is_empty() => "the page's samples all use clients apiglot does not render (see the unverified findings), so no request was checked: add a sample of a target, or name the endpoint with --endpoint",
                (Some(_), _) => "the page documents a request no endpoint in endpoints/ describes, so none of its samples was checked: add the endpoint, or name it with --endpoint",
                (None, _) => "the page has no code sample apiglot can read (curl, C#, Go, Java, Node, Objective-C, PHP, Python, Ruby or Swift), so nothing was checked",
            };
            findings.push(at(
                Class::Missing,
                None,
                page.samples.first().map_or(1, |s| s.line),
                "a sample of an endpoint".into(),
                first.unwrap_or_default(),
                why.into(),
            ));
            // A leaked token or a turned-off certificate check matters on any page.
            for (target, sample, (class, line, exp, found, why)) in self.unverified_security(&unverified) {
                findings.push(at(class, Some(target), sample.line + line.saturating_sub(1), exp, found, why));
            }
            for (target, sample, analysis) in &known {
                findings.extend(self.security_findings(target, sample, analysis).into_iter().map(
                    |(class, line, exp, found, why)| {
                        at(class, Some(target), sample.line + line.saturating_sub(1), exp, found, why)
                    },
                ));
            }
            for f in &mut findings {
                f.found = crate::security::redact(&f.found);
            }
            findings.sort_by_key(|f| (f.line, f.class));
            return PageReport { source: source.into(), endpoint: None, locale: None, findings };
        };

        let locale = overrides
            .locale
            .clone()
            .or_else(|| mapping.and_then(|m| m.locale.clone()))
            .or_else(|| self.locale_from_hints(page.lang.as_deref(), source));
        let locale = match locale {
            Some(locale) => Some(locale),
            None => self.locale_from_prose(&page, &expected.endpoint.guide).map(|guess| {
                if !guess.confident {
                    findings.push(at(
                        Class::Prose,
                        None,
                        page.prose.first().map_or(1, |b| b.line),
                        UNNAMED_LOCALE.into(),
                        guess.locale.clone(),
                        format!(
                            "nothing names the page's locale and its prose says little: it was read as {} ({}), so its prose findings may be wrong; name the locale with --locale or [check.pages]",
                            guess.locale, guess.why
                        ),
                    ));
                }
                guess.locale
            }),
        };

        if let Some(why) = self.render_error(expected, locale.as_deref()) {
            findings.push(at(
                Class::Missing,
                None,
                1,
                "apiglot's rendering of the page".into(),
                String::new(),
                format!(
                    "apiglot could not render what this page is compared with, so its text was not compared: {why}"
                ),
            ));
        }

        for (target, sample, (class, line, exp, found, why)) in self.unverified_security(&unverified) {
            findings.push(at(class, Some(target), sample.line + line.saturating_sub(1), exp, found, why));
        }

        // A guide of several endpoints shows each in its own section of samples: the page's
        // samples are split where a target comes again, and each section is compared with the
        // endpoint of the guide it sends best.
        let sections = self.sections(&known, expected);
        let mut all_seen: Vec<Vec<&str>> = Vec::new();
        let mut spellings: Vec<Spelling> = Vec::new();
        for (section, expected) in &sections {
            let mut seen: Vec<&str> = Vec::new();
            for (target, sample, analysis) in section.iter() {
                if seen.contains(target) {
                    findings.push(at(
                        Class::Extra,
                        Some(target),
                        sample.line,
                        String::new(),
                        (*target).into(),
                        "the same target appears twice".into(),
                    ));
                    continue;
                }
                seen.push(target);
                findings.extend(
                    self.sample_findings(target, sample, analysis, expected, &mut spellings).into_iter().map(
                        |(class, line, exp, found, why)| {
                            at(class, Some(target), sample.line + line.saturating_sub(1), exp, found, why)
                        },
                    ),
                );
            }
            all_seen.push(seen);
        }
        // Placeholders spelt otherwise than in the source: noise to a reader, so one cosmetic
        // finding for the whole page.
        if !spellings.is_empty() {
            let list = |f: fn(&Spelling) -> &str| {
                let mut names: Vec<&str> = Vec::new();
                for s in &spellings {
                    if !names.contains(&f(s)) {
                        names.push(f(s));
                    }
                }
                names.join(", ")
            };
            let pairs: Vec<String> = spellings.iter().map(|(found, name)| format!("{found} for {name}")).collect();
            findings.push(at(
                Class::Cosmetic,
                None,
                page.samples.first().map_or(1, |s| s.line),
                list(|s| s.1.as_str()),
                list(|s| s.0.as_str()),
                format!(
                    "the page spells placeholders differently from the source: {}; to accept a spelling, add it to [check] placeholder_aliases",
                    pairs.join(", ")
                ),
            ));
        }
        // A page cut inside a sample that no longer parses lacks the samples after the cut
        // because of the cut: that sample's broken finding says so, and they are not missing.
        let cut = page.ends_in_sample
            && known.last().is_some_and(|(_, _, a)| a.issues.iter().any(|i| i.kind == IssueKind::Broken));
        if let Some((target, sample, _)) = known.last().filter(|_| cut) {
            // Said in the sample's one broken finding, which already lists its errors.
            let cut_off = "the page ends in the middle of this sample: it was cut off when published";
            let last_line = sample.line + sample.code.lines().count().saturating_sub(1);
            let own = findings.iter_mut().find(|f| {
                f.class == Class::Broken
                    && f.target.as_deref() == Some(*target)
                    && (sample.line..=last_line).contains(&f.line)
            });
            match own {
                Some(f) => f.explanation = format!("{cut_off}; {}", f.explanation),
                None => findings.push(at(
                    Class::Broken,
                    Some(target),
                    last_line,
                    String::new(),
                    sample.code.lines().last().unwrap_or("").trim().to_string(),
                    cut_off.into(),
                )),
            }
        }
        for ((section, _), seen) in sections.iter().zip(&all_seen) {
            let first_line =
                section.first().map(|(_, s, _)| s.line).or(page.samples.first().map(|s| s.line)).unwrap_or(1);
            for target in self.config.targets.iter().filter(|_| !cut) {
                if !seen.contains(&target.as_str()) {
                    findings.push(at(
                        Class::Missing,
                        Some(target),
                        first_line,
                        target.clone(),
                        String::new(),
                        format!(
                            "the page has no {} sample",
                            SampleTarget::by_id(target).map_or(target.as_str(), |t| t.label)
                        ),
                    ));
                }
            }
        }

        // Prose and placeholders.
        if let Some(locale) = &locale {
            if let Some(blocks) = self.prose_of(locale, &expected.endpoint.guide) {
                findings.extend(
                    prose_findings(blocks, &page.prose)
                        .into_iter()
                        .map(|(line, exp, found, why)| at(Class::Prose, None, line, exp, found, why)),
                );
            }
        }
        let mut all_text: String = page.prose.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n");
        if all_text.contains('%') {
            // `%7BorgId%7D` in prose names the spelling `{orgId}` the URL comparison reports.
            all_text = format!("{all_text}\n{}", compare::percent_decode(&all_text));
        }
        let mut placeholders: Vec<&String> = Vec::new();
        for (_, e) in &sections {
            for name in &e.placeholders {
                if !placeholders.contains(&name) {
                    placeholders.push(name);
                }
            }
        }
        for name in placeholders {
            // The page may describe it under the spelling its samples use.
            let described = all_text.contains(name.as_str())
                || spellings.iter().any(|(found, n)| n == name && all_text.contains(found.as_str()))
                || self.aliases.get(name).is_some_and(|a| a.iter().any(|s| all_text.contains(s.as_str())));
            if !described {
                findings.push(at(
                    Class::Missing,
                    None,
                    page.prose.last().map_or(1, |b| b.line),
                    name.clone(),
                    String::new(),
                    format!("the page does not describe the placeholder {name}"),
                ));
            }
        }

        for f in &mut findings {
            f.locale = locale.clone();
            f.expected = crate::security::redact(&f.expected);
            f.found = crate::security::redact(&f.found);
        }
        findings.sort_by_key(|f| (f.line, f.class));
        let mut ids: Vec<&str> = Vec::new();
        for (_, e) in &sections {
            if !ids.contains(&e.endpoint.id.as_str()) {
                ids.push(&e.endpoint.id);
            }
        }
        PageReport { source: source.into(), endpoint: Some(ids.join(", ")), locale, findings }
    }

    /// The page's samples in sections, each with the endpoint it is compared with. One
    /// section with `expected` unless its guide has several endpoints and a target comes
    /// again: then a new section starts at each repeat, and each section takes the endpoint
    /// of the guide whose request its samples send with the fewest differences (an endpoint
    /// no earlier section took first).
    fn sections<'k, 's>(
        &'s self,
        known: &'k [Known<'k>],
        expected: &'s Expected,
    ) -> Vec<(&'k [Known<'k>], &'s Expected)> {
        let guide: Vec<&Expected> =
            self.expected.iter().filter(|e| e.endpoint.guide == expected.endpoint.guide).collect();
        let mut starts = vec![0];
        let mut seen: Vec<&str> = Vec::new();
        for (i, (target, _, _)) in known.iter().enumerate() {
            if seen.contains(target) {
                starts.push(i);
                seen.clear();
            }
            seen.push(target);
        }
        if guide.len() < 2 || starts.len() < 2 {
            return vec![(known, expected)];
        }
        let mut taken: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(known.len());
            let section = &known[start..end];
            let differences = |e: &Expected| -> usize {
                let ph = Placeholders { names: &e.placeholders, aliases: Some(&self.aliases) };
                section
                    .iter()
                    .map(|(_, _, a)| compare::compare(&e.endpoint.request, &a.request, &ph).differences.len())
                    .sum()
            };
            let best = guide
                .iter()
                .copied()
                .min_by_key(|e| (taken.contains(&e.endpoint.id.as_str()), differences(e)))
                .unwrap_or(expected);
            taken.push(&best.endpoint.id);
            out.push((section, best));
        }
        out
    }

    /// Checks a page as read: its bytes are decoded first (UTF-8, or UTF-16 by its BOM), and
    /// bytes that are no text give a failing finding, not an empty page that passes.
    pub fn check_bytes(&self, source: &str, bytes: &[u8], overrides: &Overrides) -> PageReport {
        match page::decode(bytes) {
            Ok(text) => self.check(source, &text, overrides),
            Err(why) => PageReport {
                source: source.into(),
                endpoint: None,
                locale: None,
                findings: vec![Finding {
                    class: Class::Missing,
                    page: source.into(),
                    locale: None,
                    target: None,
                    line: 1,
                    expected: "text (UTF-8, or UTF-16 with a byte order mark)".into(),
                    found: why.to_string(),
                    explanation: "the page is not text, so no sample could be read: save it as UTF-8".into(),
                }],
            },
        }
    }

    /// Checks many pages (their bytes as read), in parallel; reports come in the order of `pages`.
    pub fn check_all<B: AsRef<[u8]> + Sync>(&self, pages: &[(String, B)], overrides: &Overrides) -> Vec<PageReport> {
        use rayon::prelude::*;
        pages.par_iter().map(|(source, bytes)| self.check_bytes(source, bytes.as_ref(), overrides)).collect()
    }

    fn analyze(&self, target: &'static str, code: &str) -> Analysis {
        let key = (target, code.to_string());
        if let Some(known) = self.analyses.lock().expect("no panic while holding the lock").get(&key) {
            return known.clone();
        }
        let mut analysis = parse::analyze(target, code).unwrap_or_default();
        // What a sample that does not parse sends is read from its lines outside the errors.
        if analysis.issues.iter().any(parse::is_syntax_error) {
            analysis.request = parse::read_around_errors(target, code).unwrap_or_default();
        }
        self.analyses.lock().expect("no panic while holding the lock").insert(key, analysis.clone());
        analysis
    }

    /// The endpoint the page documents: each sample votes for the endpoints whose method and
    /// path it sends, and among those only for the most specific (most literal path segments:
    /// `/custom-domains/default` is that endpoint, not `/custom-domains/{id}`). The endpoints
    /// with most votes win; a tie is broken by the page's file name or URL slug (the endpoint's
    /// id or guide); a tie that remains is returned with all its candidates, never settled in
    /// silence.
    fn match_endpoint(&self, source: &str, known: &[Known]) -> Matched<'_> {
        let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
        // A page's samples mostly send the same request: each (method, path) is matched once.
        let mut matched: HashMap<(&str, String), Vec<usize>> = HashMap::new();
        for (_, _, analysis) in known {
            let (Some(method), Some(url)) = (&analysis.request.method, &analysis.request.url) else { continue };
            let path = split_url(url).path;
            let best = matched.entry((method.as_str(), path)).or_insert_with_key(|(method, path)| {
                let shape = (method.to_string(), segment_count(path));
                let mut best: Vec<usize> = Vec::new();
                let mut best_literals = 0;
                for &index in self.by_shape.get(&shape).into_iter().flatten() {
                    let e = &self.expected[index];
                    if !path_matches(&e.endpoint.request.path, path, &e.placeholders) {
                        continue;
                    }
                    let literals = literal_segments(&e.endpoint.request.path, &e.placeholders);
                    if best.is_empty() || literals > best_literals {
                        best = vec![index];
                        best_literals = literals;
                    } else if literals == best_literals {
                        best.push(index);
                    }
                }
                best
            });
            for &index in best.iter() {
                *votes.entry(index).or_default() += 1;
            }
        }
        let Some(most) = votes.values().max().copied() else { return Matched::None };
        let mut candidates: Vec<&Expected> =
            votes.iter().filter(|(_, count)| **count == most).map(|(index, _)| &self.expected[*index]).collect();
        if candidates.len() > 1 {
            let slug = page_slug(source);
            let named: Vec<&Expected> = candidates
                .iter()
                .copied()
                .filter(|e| slug_of(&e.endpoint.id) == slug || slug_of(&e.endpoint.guide) == slug)
                .collect();
            if !named.is_empty() {
                candidates = named;
            }
        }
        match candidates.as_slice() {
            [one] => Matched::One(one),
            _ => Matched::Ambiguous(candidates),
        }
    }

    fn locale_from_hints(&self, lang: Option<&str>, source: &str) -> Option<String> {
        let configured = |tag: &str| self.config.locales.iter().find(|l| l.eq_ignore_ascii_case(tag)).cloned();
        if let Some(found) = lang.and_then(|l| configured(l).or_else(|| configured(l.split(['-', '_']).next()?))) {
            return Some(found);
        }
        let lower = source.replace('\\', "/");
        for segment in lower.split('/').rev() {
            if let Some(found) = configured(segment) {
                return Some(found);
            }
            // A file-name prefix such as ja-remove-members.txt.
            let mut prefix = segment;
            while let Some(cut) = prefix.rfind(['-', '_', '.']) {
                prefix = &prefix[..cut];
                if let Some(found) = configured(prefix) {
                    return Some(found);
                }
            }
        }
        None
    }

    /// The configured locale the page's prose is written in: its script, then its words (see
    /// [`language::guess`]).
    fn locale_from_prose(&self, page: &PublishedPage, guide: &str) -> Option<language::Guess> {
        let text: String = page.prose.iter().map(|b| normalize_space(&b.text)).collect::<Vec<_>>().join("\n");
        let renderings: Vec<(String, Option<String>)> = self
            .config
            .locales
            .iter()
            .map(|locale| (locale.clone(), self.prose_of(locale, guide).map(|blocks| blocks.join("\n"))))
            .collect();
        language::guess(&text, &renderings)
    }

    /// (class, line in the sample, expected, found, explanation)
    fn sample_findings(
        &self,
        target: &str,
        sample: &PublishedSample,
        analysis: &Analysis,
        expected: &Expected,
        spellings: &mut Vec<Spelling>,
    ) -> Vec<(Class, usize, String, String, String)> {
        let broken = analysis.issues.iter().any(parse::is_syntax_error);
        let mut out = self.security_findings(target, sample, analysis);
        let code_line = |line: usize| sample.code.lines().nth(line.saturating_sub(1)).unwrap_or("").trim().to_string();
        for issue in analysis.issues.iter().filter(|i| i.kind == IssueKind::Deprecated) {
            out.push((Class::Deprecated, issue.line, String::new(), code_line(issue.line), issue.message.clone()));
        }
        // One broken finding per sample, at its first error, listing every error with its page line.
        let mut errors: Vec<&parse::Issue> = analysis.issues.iter().filter(|i| i.kind == IssueKind::Broken).collect();
        errors.dedup_by(|a, b| a.line == b.line && a.message == b.message);
        if let Some(first) = errors.first() {
            let explanation = match errors.as_slice() {
                [only] => only.message.clone(),
                all => all
                    .iter()
                    .map(|i| format!("line {}: {}", sample.line + i.line.saturating_sub(1), i.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            out.push((Class::Broken, first.line, String::new(), code_line(first.line), explanation));
        }
        // A sample that does not parse is compared on what its lines outside the errors send
        // (see `Checker::analyze`): what those lines do not show is unknown, not missing.
        let read = if broken {
            let mut read = analysis.request.clone();
            fill_unknown(&mut read, &expected.endpoint.request);
            read
        } else {
            analysis.request.clone()
        };
        let placeholders = Placeholders { names: &expected.placeholders, aliases: Some(&self.aliases) };
        let comparison = compare::compare(&expected.endpoint.request, &read, &placeholders);
        for (exp, found, why) in comparison.differences {
            out.push((Class::Semantic, 1, exp, found, why));
        }
        let sample_spellings = comparison.spellings;
        for spelling in &sample_spellings {
            if !spellings.contains(spelling) {
                spellings.push(spelling.clone());
            }
        }
        if let Some(ours) = self.samples_of(expected).iter().find(|s| s.target == target) {
            // Placeholder spellings are reported once for the page, not again in each text.
            let theirs = compare::unspell(&sample.code, &sample_spellings);
            let (a, b) = (self.normalize_code(&ours.code), self.normalize_code(&theirs));
            if a != b {
                out.push((Class::Cosmetic, 1, a, b, "the sample's text differs from apiglot's rendering".into()));
            }
        }
        out
    }

    /// The security findings of samples in clients apiglot does not render, found with the
    /// reader and patterns of the target in their language; each explanation names the client.
    fn unverified_security<'s>(
        &self,
        unverified: &[(Client, &'s PublishedSample)],
    ) -> Vec<(&'static str, &'s PublishedSample, SampleFinding)> {
        let mut out = Vec::new();
        for (client, sample) in unverified {
            let analysis = parse::analyze(client.security_as, &sample.code).unwrap_or_default();
            for (class, line, exp, found, why) in self.security_findings(client.security_as, sample, &analysis) {
                out.push((
                    client.security_as,
                    *sample,
                    (class, line, exp, found, format!("{} {}: {why}", client.language, client.client)),
                ));
            }
        }
        out
    }

    /// `security_findings` of a sample, computed once per distinct (target, code).
    fn security_findings(&self, target: &str, sample: &PublishedSample, analysis: &Analysis) -> Vec<SampleFinding> {
        let key = (target.to_string(), sample.code.clone());
        if let Some(known) = self.security.lock().expect("no panic while holding the lock").get(&key) {
            return known.clone();
        }
        let found = security_findings(target, sample, analysis);
        self.security.lock().expect("no panic while holding the lock").insert(key, found.clone());
        found
    }

    /// Trailing blanks off, every spelling of the host placeholder as the configured one.
    fn normalize_code(&self, code: &str) -> String {
        let mut text: String = code.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
        for spelling in &self.config.check.host_spellings {
            text = text.replace(spelling.as_str(), &self.config.host_placeholder);
        }
        format!("{}\n", text.trim_end())
    }
}

/// Fills what a partial read of a broken sample does not show (method, URL, body, each
/// header) with the endpoint's, so that only what was read is compared.
fn fill_unknown(read: &mut parse::ParsedRequest, want: &crate::request::Request) {
    read.method.get_or_insert_with(|| want.method.clone());
    read.url.get_or_insert_with(|| want.url.clone());
    if !read.has_body() {
        if let Some(b) = &want.body {
            match b.format {
                "multipart" => read.parts = Some(compare::parts_as_read(&b.parts)),
                "binary" => read.file = Some(b.file.clone()),
                _ => read.body = Some(b.text.clone()),
            }
        }
    }
    if read.basic.is_none() {
        read.basic = want.basic.as_ref().map(|b| (b.user.clone(), b.password.clone()));
    }
    for header in &want.headers {
        if !read.sets_header(&header.name)
            && !read.implicit_headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&header.name))
        {
            read.headers.push((header.name.clone(), header.value.clone()));
        }
    }
}

/// A sample apiglot renders a target of: the target, the sample, and what it sends.
type Known<'a> = (&'static str, &'a PublishedSample, Analysis);

/// Does a target come twice among the page's samples (so that they form sections)?
fn has_sections(known: &[Known]) -> bool {
    known.iter().enumerate().any(|(i, (target, _, _))| known[..i].iter().any(|(t, _, _)| t == target))
}

/// What a finding expects when nothing names a page's locale and its prose says little.
pub(crate) const UNNAMED_LOCALE: &str = "a locale named by <html lang>, the page's path, --locale or [check.pages]";

/// The mark of the index pages apiglot builds (templates/pages/index.html.tera, home.html.tera).
const INDEX_MARK: &str = r#"<meta name="apiglot-page" content="index">"#;

/// Which endpoint a page's samples send.
enum Matched<'a> {
    None,
    One(&'a Expected),
    /// Equally good candidates, in the order of the endpoints.
    Ambiguous(Vec<&'a Expected>),
}

/// How many segments a path has, as `path_matches` splits it (a trailing slash aside).
fn segment_count(path: &str) -> usize {
    path.trim_end_matches('/').split('/').count()
}

/// How many segments of an endpoint's path are literal (not a placeholder).
fn literal_segments(path: &str, placeholders: &[String]) -> usize {
    path.split('/').filter(|s| !s.is_empty() && !placeholders.iter().any(|p| p == s)).count()
}

/// A name reduced to lowercase letters and digits between single hyphens, to compare a file
/// name or URL slug with an endpoint id (`Get_Default` and `get-default` are the same).
fn slug_of(name: &str) -> String {
    name.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
}

/// The page's name as a slug: the last segment of its path or URL (query and fragment off),
/// without its extension.
fn page_slug(source: &str) -> String {
    let path = source.split(['?', '#']).next().unwrap_or(source).replace('\\', "/");
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let stem = match last.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric()) => stem,
        _ => last,
    };
    slug_of(stem)
}

/// (class, line in the sample, expected, found, explanation)
type SampleFinding = (Class, usize, String, String, String);

/// (class, line in the sample, expected, found, explanation) of the security findings of a
/// sample: the parser's (certificate checks off, found on the syntax tree), the settings found
/// by pattern (one finding a line), and credentials by their shapes, masked.
fn security_findings(
    target: &str,
    sample: &PublishedSample,
    analysis: &Analysis,
) -> Vec<(Class, usize, String, String, String)> {
    let code_line = |line: usize| sample.code.lines().nth(line.saturating_sub(1)).unwrap_or("").trim().to_string();
    let mut out: Vec<(Class, usize, String, String, String)> = analysis
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::Security)
        .map(|i| (Class::Security, i.line, String::new(), code_line(i.line), i.message.clone()))
        .collect();
    for (line, message) in crate::security::insecure_settings(target, &sample.code) {
        if !out.iter().any(|o| o.1 == line) {
            out.push((Class::Security, line, String::new(), code_line(line), message));
        }
    }
    out.dedup_by(|a, b| a.1 == b.1 && a.4 == b.4);
    let credentials = crate::security::credentials(target, &sample.code);
    // Basic credentials given to the client (`SetBasicAuth`, `auth:`, `CURLOPT_USERPWD`), which
    // no pattern of a header or URL finds: a password that is no placeholder is a real one.
    let basic_password = analysis
        .request
        .basic
        .as_ref()
        .map(|(_, password)| password.as_str())
        .filter(|p| !crate::security::is_placeholder(p))
        .and_then(|p| Some((sample.code.lines().position(|l| l.contains(p))? + 1, p)))
        .filter(|(line, _)| !credentials.iter().any(|c| c.line == *line));
    if let Some((line, password)) = basic_password {
        out.push((
            Class::Security,
            line,
            "a placeholder".into(),
            code_line(line).replace(password, &crate::security::mask(password)),
            "the sample holds what looks like a real basic auth password: replace it with a placeholder and revoke it"
                .into(),
        ));
    }
    for credential in credentials {
        out.push((
            Class::Security,
            credential.line,
            "a placeholder".into(),
            credential.masked,
            format!(
                "the sample holds what looks like a real {}: replace it with a placeholder and revoke it",
                credential.kind
            ),
        ));
    }
    out
}
