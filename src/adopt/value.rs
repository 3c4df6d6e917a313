//! Turns the text a page gives for a message into the message's Fluent value: the variables
//! of the English message come back where the page shows their values, code spans and bold
//! text come back around text the English has them around, and the result is written the
//! Fluent way (braces and line starts escaped, lines indented). Each value is rendered again
//! and must read as the page does.

use std::sync::LazyLock;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use regex::Regex;

use crate::adopt::place::{strip_marks, word_matches};
use crate::check::page::{markdown_prose, normalize_space, Mark};
use crate::check::prose::same_text;
use crate::locale::Arg;
use crate::safe::{self, Dialect};

/// A piece of a value being written: page text (to escape), or Fluent source (as is) with
/// the page text it shows.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Source(String, String),
}

static VARIABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\s*\$([A-Za-z][A-Za-z0-9_-]*)\s*\}").expect("variable pattern"));
/// A placeable that chooses among variants: `{ $n -> ...`.
static SELECTOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{[^{}]*->").expect("selector pattern"));
static MARKUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*([^*`\n]+?)\*\*|`([^`\n]+)`").expect("markup pattern"));

/// The Fluent value of message `id` whose text the page gives as `paragraphs`, made from the
/// English message `english` (its value in Fluent syntax) formatted with `args`; or why it
/// cannot be written (and the notes on what was left as text). `marks` are the bold and code
/// text of a page that shows markup (Markdown, HTML): only those are written as such; a plain
/// text page (None) lost its markup, which comes back where the English has it.
pub(crate) fn value(
    id: &str,
    paragraphs: &[String],
    english: &str,
    args: &[(String, Arg)],
    marks: Option<&[Mark]>,
) -> Result<(String, Vec<String>), String> {
    if SELECTOR.is_match(english) {
        return Err("its English message chooses among variants (a selector): translate it by hand".into());
    }
    let value_of = |name: &str| -> Option<String> {
        args.iter().find(|(n, _)| n == name).map(|(_, a)| match a {
            Arg::Text(t) => strip_marks(t),
            Arg::Number(n) => n.to_string(),
        })
    };
    // Markup restored where it reads as the page does, else the text alone.
    for markup in [true, false] {
        let mut notes = Vec::new();
        let pieces = restore(paragraphs, english, &value_of, markup, marks, &mut notes);
        let wanted = normalize_space(&paragraphs_text(&pieces));
        for escaped in [false, true] {
            let written: Vec<String> = pieces.iter().map(|p| write(p, escaped)).collect();
            let source = layout(id, &written.join("\n\n"));
            if shown(id, &source, args).is_some_and(|shown| same_text(&shown, &wanted)) {
                let value = source.split_once(" =").map_or(String::new(), |(_, v)| v.trim().to_string());
                return Ok((value, notes));
            }
        }
    }
    Err("its text would not render as the page shows it".into())
}

/// The page's paragraphs as pieces: with markup (when `markup`) around the text the page
/// shows as bold or code (`marks`), or, for a plain text page, around the text the English
/// message has in code spans and bold; and with the English message's variables where their
/// values are.
fn restore(
    paragraphs: &[String],
    english: &str,
    value_of: &dyn Fn(&str) -> Option<String>,
    markup: bool,
    marks: Option<&[Mark]>,
    notes: &mut Vec<String>,
) -> Vec<Vec<Piece>> {
    let mut paragraphs: Vec<Vec<Piece>> = paragraphs.iter().map(|p| vec![Piece::Text(p.clone())]).collect();
    // Code spans and bold text of the English, longest first, around the same text here.
    let mut spans: Vec<(String, String)> = MARKUP
        .captures_iter(english)
        .filter(|_| markup && marks.is_none())
        .filter_map(|c| {
            let whole = c.get(0)?.as_str().to_string();
            let inner = c.get(1).or(c.get(2))?.as_str();
            let mut plain = inner.to_string();
            for v in VARIABLE.captures_iter(inner) {
                plain = plain.replace(&v[0], &value_of(&v[1])?);
            }
            (!plain.trim().is_empty() && !plain.contains(['{', '}'])).then_some((whole, plain))
        })
        .collect();
    spans.sort_by_key(|(_, plain)| std::cmp::Reverse(plain.len()));
    let mut restored = String::new();
    for (whole, plain) in &spans {
        if replace(&mut paragraphs, plain, whole, 1) > 0 {
            restored.push_str(whole);
        }
    }
    // Variables the English uses, where the page shows their values.
    let mut names: Vec<(String, usize)> = Vec::new();
    for v in VARIABLE.captures_iter(english) {
        match names.iter_mut().find(|(n, _)| *n == v[1]) {
            Some((_, count)) => *count += 1,
            None => names.push((v[1].to_string(), 1)),
        }
    }
    // The page's own bold and code text (a Markdown or HTML page), longest first; a code span
    // of a variable's value is the variable in code.
    let mut own: Vec<(&str, &str)> = marks
        .filter(|_| markup)
        .unwrap_or_default()
        .iter()
        .map(|m| match m {
            Mark::Strong(t) => ("**", t.as_str()),
            Mark::Code(t) => ("`", t.as_str()),
        })
        .filter(|(delim, inner)| !inner.contains(['*', '`']) && !inner.starts_with(' ') && !delim.is_empty())
        .collect();
    own.sort_by_key(|(_, inner)| std::cmp::Reverse(inner.len()));
    for (delim, inner) in own {
        let variable = names.iter().find(|(name, _)| value_of(name).as_deref() == Some(inner));
        let body = match variable {
            Some((name, _)) => format!("{{ ${name} }}"),
            None => write(&[Piece::Text(inner.to_string())], false),
        };
        let with = format!("{delim}{body}{delim}");
        if replace(&mut paragraphs, inner, &with, 1) > 0 {
            restored.push_str(&with);
        }
    }
    let mut values: Vec<(String, String, usize)> = names
        .into_iter()
        .filter_map(|(name, count)| {
            let inside = VARIABLE.captures_iter(&restored).filter(|c| c[1] == name).count();
            Some((value_of(&name)?, name, count.saturating_sub(inside)))
        })
        .filter(|(value, _, count)| !value.is_empty() && *count > 0)
        .collect();
    values.sort_by_key(|(value, _, _)| std::cmp::Reverse(value.len()));
    for (value, name, count) in values {
        let found = occurrences(&paragraphs, &value);
        // A value no prose says by chance (a scope, a method) is the variable wherever it is;
        // a number or a word is only where the English has it.
        let distinctive = value.chars().count() >= 3
            && (value.chars().any(|c| !c.is_alphanumeric()) || value.chars().all(|c| c.is_ascii_uppercase()));
        if found == count || (found > count && distinctive) {
            replace(&mut paragraphs, &value, &format!("{{ ${name} }}"), usize::MAX);
        } else if found > count {
            notes.push(format!("`{value}` (the value of ${name}) is there {found} times: written as text"));
        }
    }
    paragraphs
}

/// The page's text of the pieces, as the page shows it.
fn paragraphs_text(paragraphs: &[Vec<Piece>]) -> String {
    paragraphs
        .iter()
        .map(|p| {
            p.iter()
                .map(|piece| match piece {
                    Piece::Text(t) | Piece::Source(_, t) => t.clone(),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Occurrences of `needle` in the text pieces, outside words.
fn occurrences(paragraphs: &[Vec<Piece>], needle: &str) -> usize {
    paragraphs
        .iter()
        .flatten()
        .map(|piece| match piece {
            Piece::Text(t) => word_matches(t, needle).count(),
            Piece::Source(..) => 0,
        })
        .sum()
}

/// Replaces up to `limit` occurrences of page text `needle` with Fluent source `with`;
/// returns how many it replaced.
fn replace(paragraphs: &mut [Vec<Piece>], needle: &str, with: &str, limit: usize) -> usize {
    let mut done = 0;
    for pieces in paragraphs.iter_mut() {
        let mut out = Vec::new();
        for piece in pieces.drain(..) {
            let Piece::Text(text) = piece else {
                out.push(piece);
                continue;
            };
            let mut rest = text.as_str();
            loop {
                let at = (done < limit).then(|| word_matches(rest, needle).next()).flatten();
                let Some(at) = at else { break };
                if at > 0 {
                    out.push(Piece::Text(rest[..at].to_string()));
                }
                out.push(Piece::Source(with.to_string(), needle.to_string()));
                rest = &rest[at + needle.len()..];
                done += 1;
            }
            if !rest.is_empty() {
                out.push(Piece::Text(rest.to_string()));
            }
        }
        *pieces = out;
    }
    done
}

/// Pieces as Fluent source: page text with its braces written as Fluent string literals and,
/// when `escape_markdown`, its Markdown characters escaped.
fn write(pieces: &[Piece], escape_markdown: bool) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Source(s, _) => out.push_str(s),
            Piece::Text(t) => {
                for c in t.chars() {
                    match c {
                        '{' => out.push_str("{\"{\"}"),
                        '}' => out.push_str("{\"}\"}"),
                        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '|' | '~' | '!'
                            if escape_markdown =>
                        {
                            out.push('\\');
                            out.push(c);
                        }
                        c => out.push(c),
                    }
                }
            }
        }
    }
    out
}

/// `id = value` as a Fluent entry: continuation lines indented, and one that starts with
/// `[`, `*` or `.` (a variant or an attribute to Fluent) starts with that character quoted.
pub(crate) fn layout(id: &str, value: &str) -> String {
    let mut out = format!("{id} =");
    for (i, line) in value.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim().is_empty() {
            continue;
        }
        out.push_str(if i == 0 { " " } else { "    " });
        match line.chars().next() {
            Some(c @ ('[' | '*' | '.')) if i > 0 => {
                out.push_str(&format!("{{\"{c}\"}}"));
                out.push_str(&line[1..]);
            }
            _ => out.push_str(line),
        }
    }
    out.push('\n');
    out
}

/// What a page shows of Fluent entry `source` (message `id`) formatted with `args`: its
/// Markdown read as prose, blocks joined by a space. None when it does not parse or format.
fn shown(id: &str, source: &str, args: &[(String, Arg)]) -> Option<String> {
    let resource = FluentResource::try_new(source.to_string()).ok()?;
    let mut bundle = FluentBundle::new(vec![unic_langid::LanguageIdentifier::default()]);
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).ok()?;
    let pattern = bundle.get_message(id)?.value()?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(t) => fluent_args.set(name.clone(), FluentValue::from(strip_marks(t))),
            Arg::Number(n) => fluent_args.set(name.clone(), FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
    if !errors.is_empty() {
        return None;
    }
    let markdown = safe::markdown(&text, false, Dialect::CommonMark);
    let blocks: Vec<String> = markdown_prose(&markdown).into_iter().map(|b| b.text).collect();
    Some(normalize_space(&blocks.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> Vec<(String, Arg)> {
        vec![
            ("method".into(), Arg::Text("POST".into())),
            ("scope".into(), Arg::Text("create:organization_members".into())),
            ("max_members".into(), Arg::Number(10)),
        ]
    }

    #[test]
    fn variables_and_code_spans_come_back() {
        let english = "Access token for the Management API with the scope `{ $scope }`.";
        let page = ["Jeton d’accès à Management API avec la permission create:organization_members.".to_string()];
        let (written, notes) = value("token", &page, english, &args(), None).unwrap();
        assert_eq!(written, "Jeton d’accès à Management API avec la permission `{ $scope }`.");
        assert!(notes.is_empty());
        let english = "Make a { $method } call. You can send { $max_members } members.";
        let page = ["Effectuez un appel POST. Vous pouvez envoyer 10 membres.".to_string()];
        let (written, _) = value("intro", &page, english, &args(), None).unwrap();
        assert_eq!(written, "Effectuez un appel { $method }. Vous pouvez envoyer { $max_members } membres.");
    }

    #[test]
    fn bold_comes_back_only_where_its_text_is() {
        let english = "Navigate to **Auth0 Dashboard > Organizations**, then select **Members**.";
        let page = ["Naviguez vers Auth0 Dashboard > Organizations, puis sélectionnez Membres.".to_string()];
        let (written, _) = value("step", &page, english, &args(), None).unwrap();
        assert_eq!(written, "Naviguez vers **Auth0 Dashboard > Organizations**, puis sélectionnez Membres.");
        let marks = [Mark::Strong("Membres".into()), Mark::Code("create:organization_members".into())];
        let page = ["Sélectionnez Membres avec create:organization_members.".to_string()];
        let (written, _) = value("step", &page, "Select **Members** with { $scope }.", &args(), Some(&marks)).unwrap();
        assert_eq!(written, "Sélectionnez **Membres** avec `{ $scope }`.", "what a Markdown or HTML page shows");
        let page = ["Naviguez vers Auth0 Dashboard > Organizations.".to_string()];
        let (written, _) = value("step", &page, english, &args(), Some(&[])).unwrap();
        assert_eq!(written, "Naviguez vers Auth0 Dashboard > Organizations.", "a page with markup shows none here");
    }

    #[test]
    fn braces_line_starts_and_paragraphs_are_written_the_fluent_way() {
        let page = ["Send {\"a\": 1}.".to_string(), "[x] is no link".to_string()];
        let (written, _) = value("m", &page, "Send a body.\n\nMore.", &[], None).unwrap();
        assert_eq!(written, "Send {\"{\"}\"a\": 1{\"}\"}.\n\n    {\"[\"}x] is no link");
        let (written, _) =
            value("m", &["One.".to_string(), "* not a list".to_string()], "A.\n\nB.", &[], None).unwrap();
        assert_eq!(written, "One.\n\n    \\* not a list", "a list item to Markdown: escaped");
        assert!(FluentResource::try_new(format!("m = {written}\n")).is_ok());
    }

    #[test]
    fn a_selector_is_refused_and_an_arrow_in_prose_is_not_one() {
        let english = "{ $n ->\n    [one] One member\n   *[other] { $n } members\n}";
        assert!(value("m", &["Un membre".to_string()], english, &[], None).is_err());
        let (written, _) =
            value("m", &["Tableau -> Réglages".to_string()], "Dashboard -> Settings", &[], None).unwrap();
        assert_eq!(written, "Tableau -> Réglages");
    }

    #[test]
    fn a_number_seen_twice_stays_text_and_a_scope_does_not() {
        let page = ["10 et 10".to_string()];
        let (written, notes) = value("m", &page, "Send { $max_members }.", &args(), None).unwrap();
        assert_eq!(written, "10 et 10");
        assert_eq!(notes.len(), 1);
        let page = ["create:organization_members (create:organization_members)".to_string()];
        let (written, _) = value("m", &page, "Expected { $scope }.", &args(), None).unwrap();
        assert_eq!(written, "{ $scope } ({ $scope })");
    }
}
