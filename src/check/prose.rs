//! Whether a page's prose still says what the locale's rendering says, block by block.

use super::page::{normalize_space, ProseBlock};

/// Equal but for white space, which a page copied from a site loses or doubles.
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect::<String>();
    a == b || squeeze(a) == squeeze(b)
}

/// The blocks a page shares with the rendering, in order (and the runs between them): what
/// the comparison of prose, and `apiglot adopt`'s placing of a page's text, start from.
pub(crate) fn diff_ops(expected: &[String], found: &[String]) -> Vec<similar::DiffOp> {
    similar::capture_diff_slices(similar::Algorithm::Patience, expected, found)
}

/// (line, expected, found, explanation) for each block of text that differs.
pub(super) fn prose_findings(expected: &[String], published: &[ProseBlock]) -> Vec<(usize, String, String, String)> {
    let found: Vec<String> = published.iter().map(|b| normalize_space(&b.text)).collect();
    let mut out = Vec::new();
    let last_line = published.last().map_or(1, |b| b.line);
    for op in diff_ops(expected, &found) {
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

/// One piece of a word-level comparison of an expected and a found text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WordChange {
    Same(String),
    Changed { removed: String, added: String },
}

/// Han, kana and CJK punctuation: scripts written without spaces, so each character is a word.
/// Hangul is left out: Korean puts spaces between words.
pub(crate) fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3100..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Words, runs of white space, and single characters for punctuation and for scripts
/// written without spaces (Japanese, Chinese).
fn words(text: &str) -> Vec<&str> {
    #[derive(PartialEq)]
    enum Kind {
        Word,
        Space,
        Single,
    }
    let kind = |c: char| {
        if is_unspaced_script(c) {
            Kind::Single
        } else if c.is_whitespace() {
            Kind::Space
        } else if c.is_alphanumeric() || c == '_' {
            Kind::Word
        } else {
            Kind::Single
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous: Option<Kind> = None;
    for (i, c) in text.char_indices() {
        let k = kind(c);
        let joins = previous.as_ref().is_some_and(|p| *p == k && k != Kind::Single);
        if !joins && i > start {
            out.push(&text[start..i]);
            start = i;
        }
        previous = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The words that differ between two texts, with the words both share between them. White
/// space or punctuation between two changes joins them, so `a b` for `x y` and
/// `application/json` for `text/plain` each read as one change.
pub(crate) fn changed_words(expected: &str, found: &str) -> Vec<WordChange> {
    let (old, new) = (words(expected), words(found));
    let mut pieces: Vec<WordChange> = Vec::new();
    let mut push = |piece: WordChange| match (pieces.last_mut(), piece) {
        (Some(WordChange::Same(same)), WordChange::Same(text)) => same.push_str(&text),
        (Some(WordChange::Changed { removed, added }), WordChange::Changed { removed: r, added: a }) => {
            removed.push_str(&r);
            added.push_str(&a);
        }
        (_, piece) => pieces.push(piece),
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new) {
        let (o, n) = (op.old_range(), op.new_range());
        if op.tag() == similar::DiffTag::Equal {
            push(WordChange::Same(old[o].concat()));
        } else {
            push(WordChange::Changed { removed: old[o].concat(), added: new[n].concat() });
        }
    }
    let mut out: Vec<WordChange> = Vec::new();
    for piece in pieces {
        let joins = matches!(&piece, WordChange::Changed { .. })
            && matches!(out.as_slice(), [.., WordChange::Changed { .. }, WordChange::Same(s)] if !s.chars().any(char::is_alphanumeric));
        if let (true, WordChange::Changed { removed: r, added: a }) = (joins, &piece) {
            let Some(WordChange::Same(between)) = out.pop() else { unreachable!("checked above") };
            if let Some(WordChange::Changed { removed, added }) = out.last_mut() {
                removed.push_str(&format!("{between}{r}"));
                added.push_str(&format!("{between}{a}"));
            }
        } else {
            out.push(piece);
        }
    }
    out
}

/// The longest expected and found text, together, whose changed words are shown.
const MAX_WORD_DIFF_BYTES: usize = 64 * 1024;

/// The word changes between a finding's expected and found text, when they tell more than
/// the two texts do: both are one line, and they share at least one word.
pub(crate) fn word_changes(expected: &str, found: &str) -> Option<Vec<WordChange>> {
    if expected.is_empty() || found.is_empty() || expected.contains('\n') || found.contains('\n') {
        return None;
    }
    // The diff's time grows with the product of the lengths at worst: a page's garbage stays
    // a pair of whole texts.
    if expected.len() + found.len() > MAX_WORD_DIFF_BYTES {
        return None;
    }
    let changes = changed_words(expected, found);
    let shares_a_word =
        changes.iter().any(|c| matches!(c, WordChange::Same(s) if s.chars().any(|c| !c.is_whitespace())));
    (shares_a_word && changes.iter().any(|c| matches!(c, WordChange::Changed { .. }))).then_some(changes)
}

/// Word changes in plain text: `[-removed-]{+added+}`, the way `git diff --word-diff` marks them.
pub(crate) fn marked(changes: &[WordChange]) -> String {
    written(changes, |removed| format!("[-{removed}-]"), |added| format!("{{+{added}+}}"))
}

/// Word changes with each removed and added run written by `removed` and `added`.
pub(crate) fn written(
    changes: &[WordChange],
    removed: impl Fn(&str) -> String,
    added: impl Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    for change in changes {
        match change {
            WordChange::Same(text) => out.push_str(text),
            WordChange::Changed { removed: gone, added: new } => {
                if !gone.is_empty() {
                    out.push_str(&removed(gone));
                }
                if !new.is_empty() {
                    out.push_str(&added(new));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_word_is_the_only_change() {
        let changes = word_changes("Call the Management API now", "Call the Mangement API now").unwrap();
        assert_eq!(marked(&changes), "Call the [-Management-]{+Mangement+} API now");
    }

    #[test]
    fn japanese_is_compared_character_by_character() {
        assert_eq!(words("組織のメンバーを削除"), ["組", "織", "の", "メ", "ン", "バ", "ー", "を", "削", "除"]);
        let changes = word_changes("組織からメンバーを削除します", "組織からユーザーを削除します").unwrap();
        assert_eq!(marked(&changes), "組織から[-メンバ-]{+ユーザ+}ーを削除します");
    }

    #[test]
    fn neighbouring_changes_read_as_one_and_unrelated_texts_get_none() {
        let changes = word_changes("send the old body to it", "send a new body to it").unwrap();
        assert_eq!(marked(&changes), "send [-the old-]{+a new+} body to it");
        let changes = word_changes("content-type: application/json", "content-type: text/plain").unwrap();
        assert_eq!(marked(&changes), "content-type: [-application/json-]{+text/plain+}");
        assert_eq!(word_changes("alpha beta", "gamma delta"), None);
        assert_eq!(word_changes("same", "same"), None);
        assert_eq!(word_changes("", "x"), None);
        assert_eq!(word_changes("a\nb", "a\nc"), None);
        let long = "word ".repeat(MAX_WORD_DIFF_BYTES / 8);
        assert_eq!(word_changes(&long, &format!("{long}more")), None);
    }

    #[test]
    fn added_and_removed_words_are_marked_alone() {
        assert_eq!(marked(&changed_words("a b", "a new b")), "a {+new +}b");
        assert_eq!(marked(&changed_words("a old b", "a b")), "a [-old -]b");
    }
}
