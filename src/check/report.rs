//! Writes `apiglot check` results for people (with coloured diffs), for programs (JSON), and
//! for GitHub Actions (workflow annotations). Returns text; prints nothing.
//!
//! Text from a page is never printed raw: control characters (an escape sequence that clears
//! the screen or sets the window title), bidi controls and line separators are shown as
//! `\u{1b}` in the human and GitHub formats, and as `\u001b` JSON escapes.

use std::collections::BTreeMap;

use crate::check::{Class, Finding, PageReport};
use crate::page::{is_hidden_control, visible};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

pub fn render(format: Format, reports: &[PageReport], fail_on: &[Class], color: bool) -> String {
    match format {
        Format::Human => human(&shown(reports), fail_on, color),
        Format::Json => json_escaped(&(serde_json::to_string_pretty(reports).expect("reports serialize") + "\n")),
        Format::Github => github(&shown(reports), fail_on),
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

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
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
            let target = f.target.as_deref().map(|t| format!("{t}: ")).unwrap_or_default();
            out.push_str(&format!(
                "  {} line {}  {target}{}\n",
                paint.wrap(class_color(f.class), &format!("{:<10}", f.class.name())),
                f.line,
                f.explanation
            ));
            out.push_str(&details(f, &paint));
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

/// Expected and found, as a unified diff when they span lines.
fn details(f: &Finding, paint: &Paint) -> String {
    if f.expected.contains('\n') || f.found.contains('\n') {
        let diff = similar::TextDiff::from_lines(&f.expected, &f.found);
        let mut out = String::new();
        for line in diff.unified_diff().context_radius(1).header("apiglot", "published").to_string().lines() {
            let painted = match line.chars().next() {
                Some('+') => paint.wrap("32", line),
                Some('-') => paint.wrap("31", line),
                Some('@') => paint.wrap("36", line),
                _ => line.to_string(),
            };
            out.push_str(&format!("      {painted}\n"));
        }
        return out;
    }
    let mut out = String::new();
    if !f.expected.is_empty() {
        out.push_str(&format!("      expected: {}\n", paint.wrap("32", &f.expected)));
    }
    if !f.found.is_empty() {
        out.push_str(&format!("      found:    {}\n", paint.wrap("31", &f.found)));
    } else if !f.expected.is_empty() {
        out.push_str(&format!("      found:    {}\n", paint.wrap("31", "(nothing)")));
    }
    out
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
            let level = if fail_on.contains(&f.class) {
                "error"
            } else if matches!(f.class, Class::Cosmetic | Class::Unverified) {
                "notice"
            } else {
                "warning"
            };
            let target = f.target.as_deref().map(|t| format!("{t}: ")).unwrap_or_default();
            let mut message = format!("{target}{}", f.explanation);
            if !f.expected.contains('\n') && !f.found.contains('\n') && (!f.expected.is_empty() || !f.found.is_empty())
            {
                message.push_str(&format!(" (expected: {}; found: {})", f.expected, f.found));
            }
            out.push_str(&format!(
                "::{level} file={},line={},title={}::{}\n",
                escape(&f.page, true),
                f.line,
                escape(&format!("apiglot {}", f.class.name()), true),
                escape(&message, false)
            ));
        }
    }
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
    fn github_annotations_escape_properties() {
        let text = render(Format::Github, &report(), &Class::DEFAULT_FAIL_ON, false);
        assert!(text.starts_with("::error file=docs/ja%2Cx.txt,line=7,title=apiglot semantic::python: the sample connects to an empty host (expected: {yourDomain}; found: )\n"), "{text}");
        assert!(text.contains("::notice file=docs/ja%2Cx.txt,line=9,title=apiglot cosmetic::go: text differs\n"));
    }

    #[test]
    fn json_is_one_object_per_page() {
        let value: serde_json::Value = serde_json::from_str(&render(Format::Json, &report(), &[], false)).unwrap();
        assert_eq!(value[0]["source"], "docs/ja,x.txt");
        assert_eq!(value[0]["findings"][0]["class"], "semantic");
        assert_eq!(value[0]["findings"][0]["target"], "python");
    }
}
