//! Whether a page's prose still says what the locale's rendering says, block by block.

use super::page::{normalize_space, ProseBlock};

/// Equal but for white space, which a page copied from a site loses or doubles.
fn same_text(a: &str, b: &str) -> bool {
    let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect::<String>();
    a == b || squeeze(a) == squeeze(b)
}

/// (line, expected, found, explanation) for each block of text that differs.
pub(super) fn prose_findings(expected: &[String], published: &[ProseBlock]) -> Vec<(usize, String, String, String)> {
    let found: Vec<String> = published.iter().map(|b| normalize_space(&b.text)).collect();
    let mut out = Vec::new();
    let last_line = published.last().map_or(1, |b| b.line);
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, expected, &found) {
        let (old, new) = (op.old_range(), op.new_range());
        if matches!(op, similar::DiffOp::Equal { .. }) {
            continue;
        }
        let expected = &expected[old];
        let mut i = 0;
        for (block, text) in published[new.clone()].iter().zip(&found[new.clone()]) {
            // A published block may hold several source blocks run together (a page that
            // lost its paragraph breaks): take the run that resembles it most.
            let best = (1..=3.min(expected.len().saturating_sub(i)))
                .map(|k| {
                    let candidate = expected[i..i + k].join(" ");
                    let ratio = similar::TextDiff::from_chars(candidate.as_str(), text.as_str()).ratio();
                    (ratio, k, candidate)
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((ratio, k, candidate)) if ratio >= 0.5 => {
                    i += k;
                    if !same_text(&candidate, text) {
                        out.push((block.line, candidate, text.clone(), "the text differs from the source".into()));
                    }
                }
                _ => {
                    out.push((block.line, String::new(), text.clone(), "the page has text the source does not".into()))
                }
            }
        }
        let line = published.get(new.end).or(published.get(new.start)).map_or(last_line, |b| b.line);
        for e in &expected[i.min(expected.len())..] {
            out.push((line, e.clone(), String::new(), "the page lacks this text of the source".into()));
        }
    }
    out
}
