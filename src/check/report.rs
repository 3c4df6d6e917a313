//! Writes `apiglot check` results for people (with coloured diffs), for programs (JSON), for
//! GitHub Actions (workflow annotations), for code scanning (SARIF 2.1.0) and for test
//! dashboards (JUnit XML). Returns text; prints nothing.
//!
//! Text from a page is never printed raw: control characters (an escape sequence that clears
//! the screen or sets the window title), bidi controls and line separators are shown as
//! `\u{1b}` in the human, GitHub, SARIF and JUnit formats, and as `\u001b` JSON escapes; JUnit
//! also drops what XML 1.0 cannot hold.

use std::collections::BTreeMap;

use clap::ValueEnum;
use serde_json::{json, Value};

use super::prose::{marked, word_changes, written, WordChange};
use crate::check::{Class, Finding, PageReport};
use crate::page::{is_hidden_control, visible};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: each finding with its expected and found text, changed words marked.
    Human,
    /// One object per page; each finding says whether it fails the check (`fails`).
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: one test case per page, one failure per failing finding.
    Junit,
}

pub fn render(format: Format, reports: &[PageReport], fail_on: &[Class], color: bool) -> String {
    match format {
        Format::Human => human(&shown(reports), fail_on, color),
        Format::Json => json_escaped(
            &(serde_json::to_string_pretty(&json_value(reports, fail_on)).expect("reports serialize") + "\n"),
        ),
        Format::Github => github(&shown(reports), fail_on),
        Format::Sarif => {
            json_escaped(&(serde_json::to_string_pretty(&sarif(reports, fail_on)).expect("SARIF serializes") + "\n"))
        }
        Format::Junit => junit(&shown(reports), fail_on),
    }
}

/// The reports with every string a page may have put in them made visible.
fn shown(reports: &[PageReport]) -> Vec<PageReport> {
    let v = |s: &str| visible(s).into_owned();
    let vo = |s: &Option<String>| s.as_deref().map(v);
    reports
        .iter()
        .map(|r| PageReport {
            source: v(&r.source),
            endpoint: vo(&r.endpoint),
            locale: vo(&r.locale),
            findings: r
                .findings
                .iter()
                .map(|f| Finding {
                    class: f.class,
                    page: v(&f.page),
                    locale: vo(&f.locale),
                    target: vo(&f.target),
                    line: f.line,
                    expected: v(&f.expected),
                    found: v(&f.found),
                    explanation: v(&f.explanation),
                })
                .collect(),
        })
        .collect()
}

/// serde_json escapes C0 controls but writes DEL, C1 controls and bidi controls as they are;
/// they can only stand inside JSON strings, where a `\uXXXX` escape is the same value.
fn json_escaped(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_hidden_control(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The reports as JSON: the tool and its version, then `pages`, each finding with `fails`
/// (after `class`) and, where words changed, `changes`: `{"same": …}` and
/// `{"removed": …, "added": …}` pieces in order.
fn json_value(reports: &[PageReport], fail_on: &[Class]) -> Value {
    let mut value = serde_json::to_value(reports).expect("reports serialize");
    let pages = value.as_array_mut().expect("a list of reports");
    for (page, report) in pages.iter_mut().zip(reports) {
        let findings = page["findings"].as_array_mut().expect("a list of findings");
        for (finding, f) in findings.iter_mut().zip(&report.findings) {
            let object = finding.as_object_mut().expect("a finding is an object");
            object.shift_insert(1, "fails".into(), Value::Bool(fail_on.contains(&f.class)));
            if let Some(changes) = changes_of(f) {
                let pieces = changes
                    .iter()
                    .map(|c| match c {
                        WordChange::Same(text) => json!({ "same": text }),
                        WordChange::Changed { removed, added } => json!({ "removed": removed, "added": added }),
                    })
                    .collect();
                object.insert("changes".into(), Value::Array(pieces));
            }
        }
    }
    json!({ "tool": "apiglot", "version": env!("CARGO_PKG_VERSION"), "pages": value })
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Changed words: red and green when colour is on, `[-removed-]{+added+}` when it is off.
    fn changes(&self, changes: &[WordChange]) -> String {
        if !self.0 {
            return marked(changes);
        }
        written(changes, |removed| self.wrap("1;31;9", removed), |added| self.wrap("1;32", added))
    }
}

fn class_color(class: Class) -> &'static str {
    match class {
        Class::Semantic | Class::Security | Class::Broken | Class::Missing => "1;31",
        Class::Deprecated | Class::Prose | Class::Extra => "33",
        Class::Cosmetic => "2",
        Class::Unverified => "36",
    }
}

/// What to do about a finding of each class: the help of the class's SARIF rule. A new class
/// is one line here.
fn class_help(class: Class) -> &'static str {
    match class {
        Class::Semantic => "The sample on the page sends another request than the source describes (host, path, method, query, header, body or content type). Republish the page from apiglot's rendering, or fix the endpoint file if the page is right.",
        Class::Security => "The sample turns certificate checks off or shows a value that looks like a real credential. Republish the page from apiglot's rendering and rotate any credential that was published.",
        Class::Broken => "The sample would not compile or run as shown (a syntax error, lost escapes, a sample cut short). Republish the page from apiglot's rendering.",
        Class::Deprecated => "The sample uses an API its library deprecates. Republish the page from apiglot's rendering, which uses the current API.",
        Class::Missing => "The page lacks a sample, a section or a placeholder description the source has. Republish the page, or leave the target out of the project's targets.",
        Class::Extra => "The page has something the source does not. Add it to the source or remove it from the page.",
        Class::Prose => "The page's text differs from the locale's rendering: the changed words are marked. Update the locale's messages or republish the page.",
        Class::Cosmetic => "Layout or spelling only (white space, placeholder spelling); the request is the same.",
        Class::Unverified => "The sample uses an HTTP client apiglot does not render, so its request is not compared (its security is). Add the client as a target, or accept it as the page's own.",
    }
}

/// Annotation and SARIF level: failing classes are errors, cosmetic ones notes.
fn level(class: Class, fail_on: &[Class]) -> &'static str {
    if fail_on.contains(&class) {
        "error"
    } else if matches!(class, Class::Cosmetic | Class::Unverified) {
        "note"
    } else {
        "warning"
    }
}

fn human(reports: &[PageReport], fail_on: &[Class], color: bool) -> String {
    let paint = Paint(color);
    let mut out = String::new();
    let mut counts: BTreeMap<Class, usize> = BTreeMap::new();
    for report in reports {
        out.push_str(&paint.wrap("1", &report.source));
        out.push_str(&format!(
            ": endpoint {}, locale {}\n",
            report.endpoint.as_deref().unwrap_or("(none)"),
            report.locale.as_deref().unwrap_or("(unknown)")
        ));
        for f in &report.findings {
            *counts.entry(f.class).or_default() += 1;
            out.push_str(&finding_text(f, &paint));
        }
    }
    let total: usize = counts.values().sum();
    let failing: usize = counts.iter().filter(|(c, _)| fail_on.contains(c)).map(|(_, n)| n).sum();
    let breakdown = counts.iter().map(|(c, n)| format!("{n} {}", c.name())).collect::<Vec<_>>().join(", ");
    out.push_str(&format!(
        "{} page(s), {total} finding(s){}{}; {failing} fail the check\n",
        reports.len(),
        if total > 0 { ": " } else { "" },
        breakdown
    ));
    out
}

/// One finding as the human report shows it: a head line, then its details indented.
fn finding_text(f: &Finding, paint: &Paint) -> String {
    let target = f.target.as_deref().map(|t| format!("{t}: ")).unwrap_or_default();
    let mut out = format!(
        "  {} line {}  {target}{}\n",
        paint.wrap(class_color(f.class), &format!("{:<10}", f.class.name())),
        f.line,
        f.explanation
    );
    for line in details(f, paint) {
        out.push_str(&format!("      {line}\n"));
    }
    out
}

/// Expected and found, as a unified diff when they span lines, with the changed words when
/// they are one line each.
fn details(f: &Finding, paint: &Paint) -> Vec<String> {
    if f.expected.contains('\n') || f.found.contains('\n') {
        let diff = similar::TextDiff::from_lines(&f.expected, &f.found);
        return diff
            .unified_diff()
            .context_radius(1)
            .header("apiglot", "published")
            .to_string()
            .lines()
            .map(|line| match line.chars().next() {
                Some('+') => paint.wrap("32", line),
                Some('-') => paint.wrap("31", line),
                Some('@') => paint.wrap("36", line),
                _ => line.to_string(),
            })
            .collect();
    }
    let mut out = Vec::new();
    if !f.expected.is_empty() {
        out.push(format!("expected: {}", paint.wrap("32", &f.expected)));
    }
    if !f.found.is_empty() {
        out.push(format!("found:    {}", paint.wrap("31", &f.found)));
    } else if !f.expected.is_empty() {
        out.push(format!("found:    {}", paint.wrap("31", "(nothing)")));
    }
    if let Some(changes) = changes_of(f) {
        out.push(format!("changes:  {}", paint.changes(&changes)));
    }
    out
}

/// The changed words of a finding whose expected and found are two versions of one text
/// (a sentence, a header, a value); other findings set unrelated texts side by side.
fn changes_of(f: &Finding) -> Option<Vec<WordChange>> {
    matches!(f.class, Class::Prose | Class::Semantic | Class::Cosmetic)
        .then(|| word_changes(&f.expected, &f.found))
        .flatten()
}

/// A finding in one line for annotations and SARIF: the target, the explanation, and the
/// changed words, or else whichever of expected and found is there (on one line).
fn one_line_message(f: &Finding) -> String {
    let target = f.target.as_deref().map(|t| format!("{t}: ")).unwrap_or_default();
    let mut message = format!("{target}{}", f.explanation);
    if let Some(changes) = changes_of(f) {
        message.push_str(&format!(" (changes: {})", marked(&changes)));
    } else if !f.expected.contains('\n') && !f.found.contains('\n') {
        let parts: Vec<String> = [("expected", &f.expected), ("found", &f.found)]
            .into_iter()
            .filter(|(_, text)| !text.is_empty())
            .map(|(name, text)| format!("{name}: {text}"))
            .collect();
        if !parts.is_empty() {
            message.push_str(&format!(" ({})", parts.join("; ")));
        }
    }
    message
}

/// Escapes text for a workflow command's message or property.
fn escape(text: &str, property: bool) -> String {
    let text = text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        text.replace(':', "%3A").replace(',', "%2C")
    } else {
        text
    }
}

fn github(reports: &[PageReport], fail_on: &[Class]) -> String {
    let mut out = String::new();
    for report in reports {
        for f in &report.findings {
            let level = match level(f.class, fail_on) {
                "note" => "notice",
                other => other,
            };
            out.push_str(&format!(
                "::{level} file={},line={},title={}::{}\n",
                escape(&f.page, true),
                f.line,
                escape(&format!("apiglot {}", f.class.name()), true),
                escape(&one_line_message(f), false)
            ));
        }
    }
    out
}

/// Where a SARIF result is: a URL as it is; a file path as a URI reference, relative to the
/// checkout (`%SRCROOT%`) when the path is relative, a `file://` URI when it is absolute.
fn artifact_location(source: &str) -> Value {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    /// What a URI path cannot hold as it is; everything outside ASCII is encoded too.
    const PATH: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'[')
        .add(b']')
        .add(b'\\')
        .add(b'^')
        .add(b'`')
        .add(b'{')
        .add(b'|')
        .add(b'}');
    if source.starts_with("http://") || source.starts_with("https://") {
        return json!({ "uri": source });
    }
    let path = source.replace('\\', "/");
    let absolute = path.starts_with('/') || path.as_bytes().get(1) == Some(&b':');
    let encoded = utf8_percent_encode(path.strip_prefix("./").unwrap_or(&path), PATH).to_string();
    if absolute {
        let slash = if encoded.starts_with('/') { "" } else { "/" };
        json!({ "uri": format!("file://{slash}{encoded}") })
    } else {
        json!({ "uri": encoded, "uriBaseId": "%SRCROOT%" })
    }
}

/// One SARIF 2.1.0 log with one run: a rule per finding class, a result per finding.
fn sarif(reports: &[PageReport], fail_on: &[Class]) -> Value {
    let classes = Class::value_variants();
    let rules: Vec<Value> = classes
        .iter()
        .map(|&class| {
            let summary = class
                .to_possible_value()
                .and_then(|v| v.get_help().map(|h| h.to_string()))
                .unwrap_or_else(|| class.name().to_string());
            json!({
                "id": class.name(),
                "name": class.name(),
                "shortDescription": { "text": summary },
                "help": { "text": class_help(class) },
                "defaultConfiguration": { "level": level(class, fail_on) },
            })
        })
        .collect();
    let mut results = Vec::new();
    for (raw, report) in reports.iter().zip(shown(reports)) {
        for (raw_finding, f) in raw.findings.iter().zip(&report.findings) {
            let mut properties = serde_json::Map::new();
            for (name, value) in [("target", &f.target), ("locale", &f.locale), ("endpoint", &report.endpoint)] {
                if let Some(value) = value {
                    properties.insert(name.into(), json!(value));
                }
            }
            for (name, value) in [("expected", &f.expected), ("found", &f.found)] {
                if !value.is_empty() {
                    properties.insert(name.into(), json!(value));
                }
            }
            results.push(json!({
                "ruleId": f.class.name(),
                "ruleIndex": classes.iter().position(|c| *c == f.class).expect("every class has a rule"),
                "level": level(f.class, fail_on),
                "message": { "text": one_line_message(f) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&raw_finding.page),
                        "region": { "startLine": f.line.max(1) },
                    }
                }],
                "properties": properties,
            }));
        }
    }
    json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "apiglot",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// JUnit XML: the run is one test suite, each page a test case (classname: its endpoint, or
/// its locale when no endpoint matched), each failing finding a failure of that case, and the
/// other findings the case's output.
fn junit(reports: &[PageReport], fail_on: &[Class]) -> String {
    let paint = Paint(false);
    let failures: usize = reports.iter().flat_map(|r| &r.findings).filter(|f| fail_on.contains(&f.class)).count();
    let counts = format!(r#"tests="{}" failures="{failures}" errors="0" skipped="0""#, reports.len());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"apiglot check\" {counts}>\n"));
    out.push_str(&format!("  <testsuite name=\"apiglot check\" {counts}>\n"));
    out.push_str(&format!(
        "    <properties>\n      <property name=\"apiglot.version\" value=\"{}\"/>\n    </properties>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for report in reports {
        let classname = report.endpoint.as_deref().or(report.locale.as_deref()).unwrap_or("unmatched");
        out.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"{}\"",
            crate::xml::escape(&report.source, true),
            crate::xml::escape(classname, true)
        ));
        if report.findings.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let mut passing = String::new();
        for f in &report.findings {
            if fail_on.contains(&f.class) {
                let target = f.target.as_deref().map(|t| format!("{t}: ")).unwrap_or_default();
                let text =
                    std::iter::once(format!("{}:{}", f.page, f.line)).chain(details(f, &paint)).collect::<Vec<_>>();
                out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    f.class.name(),
                    crate::xml::escape(&format!("line {}: {target}{}", f.line, f.explanation), true),
                    crate::xml::escape(&text.join("\n"), false)
                ));
            } else {
                passing.push_str(&finding_text(f, &paint));
            }
        }
        if !passing.is_empty() {
            out.push_str(&format!("      <system-out>{}</system-out>\n", crate::xml::escape(&passing, false)));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Vec<PageReport> {
        vec![PageReport {
            source: "docs/ja,x.txt".into(),
            endpoint: Some("e".into()),
            locale: Some("ja".into()),
            findings: vec![
                Finding {
                    class: Class::Semantic,
                    page: "docs/ja,x.txt".into(),
                    locale: Some("ja".into()),
                    target: Some("python".into()),
                    line: 7,
                    expected: "{yourDomain}".into(),
                    found: String::new(),
                    explanation: "the sample connects to an empty host".into(),
                },
                Finding {
                    class: Class::Cosmetic,
                    page: "docs/ja,x.txt".into(),
                    locale: Some("ja".into()),
                    target: Some("go".into()),
                    line: 9,
                    expected: "a\nb\n".into(),
                    found: "a\nc\n".into(),
                    explanation: "text differs".into(),
                },
            ],
        }]
    }

    #[test]
    fn human_report_without_color_has_a_diff_and_a_summary() {
        let text = render(Format::Human, &report(), &Class::DEFAULT_FAIL_ON, false);
        assert!(!text.contains('\x1b'));
        assert!(text.contains("  semantic   line 7  python: the sample connects to an empty host\n      expected: {yourDomain}\n      found:    (nothing)\n"));
        assert!(text.contains("      -b\n      +c\n"), "{text}");
        assert!(text.ends_with("1 page(s), 2 finding(s): 1 semantic, 1 cosmetic; 1 fail the check\n"), "{text}");
        assert!(render(Format::Human, &report(), &Class::DEFAULT_FAIL_ON, true).contains("\x1b[1;31msemantic"));
    }

    #[test]
    fn changed_words_only_between_two_versions_of_one_text() {
        let finding = |class| Finding {
            class,
            page: "p".into(),
            locale: None,
            target: None,
            line: 1,
            expected: "text (UTF-8, or UTF-16 with a byte order mark)".into(),
            found: "binary data (a NUL at byte 0)".into(),
            explanation: "why".into(),
        };
        // What a page-level finding sets side by side are two different things, not an edit.
        assert!(changes_of(&finding(Class::Missing)).is_none());
        assert!(changes_of(&finding(Class::Prose)).is_some());
    }

    #[test]
    fn github_annotations_escape_properties() {
        let text = render(Format::Github, &report(), &Class::DEFAULT_FAIL_ON, false);
        assert!(text.starts_with("::error file=docs/ja%2Cx.txt,line=7,title=apiglot semantic::python: the sample connects to an empty host (expected: {yourDomain})\n"), "{text}");
        assert!(text.contains("::notice file=docs/ja%2Cx.txt,line=9,title=apiglot cosmetic::go: text differs\n"));
    }

    #[test]
    fn json_is_one_object_per_page() {
        let value: serde_json::Value = serde_json::from_str(&render(Format::Json, &report(), &[], false)).unwrap();
        assert_eq!((&value["tool"], &value["version"]), (&json!("apiglot"), &json!(env!("CARGO_PKG_VERSION"))));
        let page = &value["pages"][0];
        assert_eq!(page["source"], "docs/ja,x.txt");
        assert_eq!(page["findings"][0]["class"], "semantic");
        assert_eq!(page["findings"][0]["target"], "python");
    }
}
