//! Which configured locale a page's prose is written in, when nothing else says: the script
//! decides first (a page without kana or kanji is not Japanese), then the words the page
//! shares with each locale's rendering and with its language's common function words.

use std::collections::HashSet;

/// A writing system, as far as telling the locales of a project apart needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Kana,
    Han,
    Hangul,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Thai,
    Devanagari,
}

fn script_of(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x3040..=0x30ff | 0x31f0..=0x31ff | 0xff66..=0xff9f => Script::Kana,
        0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x3134f => Script::Han,
        0xac00..=0xd7af | 0x1100..=0x11ff | 0x3130..=0x318f => Script::Hangul,
        0x0400..=0x052f => Script::Cyrillic,
        0x0370..=0x03ff | 0x1f00..=0x1fff => Script::Greek,
        0x0600..=0x06ff | 0x0750..=0x077f => Script::Arabic,
        0x0590..=0x05ff => Script::Hebrew,
        0x0e00..=0x0e7f => Script::Thai,
        0x0900..=0x097f => Script::Devanagari,
        _ => Script::Latin,
    })
}

/// The scripts a locale's language is written in (its first subtag decides).
fn scripts_of_locale(locale: &str) -> &'static [Script] {
    let language = locale.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    match language.as_str() {
        "ja" => &[Script::Kana, Script::Han],
        "zh" | "yue" => &[Script::Han],
        "ko" => &[Script::Hangul],
        "ru" | "uk" | "be" | "bg" | "mk" | "sr" | "kk" | "ky" | "mn" | "tg" => &[Script::Cyrillic],
        "el" => &[Script::Greek],
        "ar" | "fa" | "ur" | "ps" => &[Script::Arabic],
        "he" | "yi" => &[Script::Hebrew],
        "th" => &[Script::Thai],
        "hi" | "mr" | "ne" | "sa" => &[Script::Devanagari],
        _ => &[Script::Latin],
    }
}

/// Common function words of some languages written in Latin script: they tell apart a page
/// and a rendering that share no sentence (a translated page against an untranslated one).
fn function_words(locale: &str) -> &'static [&'static str] {
    let language = locale.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    match language.as_str() {
        "en" => &["the", "and", "of", "to", "is", "are", "with", "for", "this", "that", "from", "your", "you", "an"],
        "fr" => &["le", "la", "les", "des", "du", "et", "est", "sont", "une", "un", "pour", "avec", "dans", "vous"],
        "de" => &["der", "die", "das", "und", "ist", "sind", "ein", "eine", "mit", "für", "nicht", "sie", "zu", "den"],
        "es" => &["el", "los", "las", "y", "es", "son", "una", "con", "para", "del", "que", "por", "su", "al"],
        "it" => &["il", "gli", "della", "e", "è", "sono", "una", "con", "per", "che", "del", "di", "nel", "lo"],
        "pt" => &["o", "os", "as", "e", "é", "são", "uma", "com", "para", "do", "da", "que", "não", "em"],
        "nl" => &["de", "het", "een", "en", "is", "zijn", "met", "voor", "van", "niet", "dat", "je", "u", "op"],
        _ => &[],
    }
}

/// Words of Latin-like scripts, lowercased; pairs of adjacent characters of scripts written
/// without spaces (kana, kanji, hangul, Thai).
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let script = script_of(c);
        let unspaced = matches!(script, Some(Script::Kana | Script::Han | Script::Hangul | Script::Thai));
        if unspaced {
            if let Some(p) = previous {
                out.push(format!("{p}{c}"));
            }
            previous = Some(c);
        } else {
            previous = None;
        }
        if script.is_some() && !unspaced {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The locale chosen for a page, and whether the choice is a confident one.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Guess {
    pub locale: String,
    pub confident: bool,
    /// What decided, for the note of a low-confidence guess.
    pub why: String,
}

/// Share of a page's letters a script must have to count as the page's script: a Japanese
/// page's prose holds code names in Latin letters, an English one may quote a Japanese word.
const SCRIPT_SHARE: f64 = 0.15;

/// Guesses the locale of `page_text` among `locales` (in the configured order), given each
/// locale's rendering of the page's guide (`None` when it has none).
pub(super) fn guess(page_text: &str, locales: &[(String, Option<String>)]) -> Option<Guess> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    let mut letters = 0usize;
    for script in page_text.chars().filter_map(script_of) {
        letters += 1;
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    let count = |script: Script| counts.iter().find(|(s, _)| *s == script).map_or(0, |(_, n)| *n);
    let share = |scripts: &[Script]| {
        if letters == 0 {
            0.0
        } else {
            scripts.iter().map(|s| count(*s)).sum::<usize>() as f64 / letters as f64
        }
    };
    let non_latin = locales.iter().any(|(l, _)| {
        let scripts = scripts_of_locale(l);
        scripts != [Script::Latin] && share(scripts) >= SCRIPT_SHARE
    });
    let written_in = |locale: &str| {
        let scripts = scripts_of_locale(locale);
        if scripts == [Script::Latin] {
            return !non_latin;
        }
        // Japanese has kana; Chinese has no kana to speak of.
        let kana = count(Script::Kana) as f64 / letters.max(1) as f64;
        let kana_fits = match scripts {
            [Script::Kana, Script::Han] => count(Script::Kana) > 0,
            [Script::Han] => kana < 0.02,
            _ => true,
        };
        share(scripts) >= SCRIPT_SHARE && kana_fits
    };
    let eligible: Vec<&(String, Option<String>)> = locales.iter().filter(|(l, _)| written_in(l)).collect();
    let (candidates, by_script) =
        if eligible.is_empty() { (locales.iter().collect::<Vec<_>>(), false) } else { (eligible, true) };
    let first = candidates.first()?;
    if candidates.len() == 1 {
        return Some(Guess {
            locale: first.0.clone(),
            confident: by_script,
            why: if by_script {
                "the only configured locale in the page's script".into()
            } else {
                "the page's script is that of no configured locale".into()
            },
        });
    }

    // Words of each candidate: its rendering's and its function words; only those not shared
    // by every candidate tell them apart.
    let page_tokens = tokens(page_text);
    let vocabularies: Vec<HashSet<String>> = candidates
        .iter()
        .map(|(locale, rendering)| {
            let mut words: HashSet<String> = rendering.as_deref().map(tokens).unwrap_or_default().into_iter().collect();
            words.extend(function_words(locale).iter().map(|w| w.to_string()));
            words
        })
        .collect();
    let scores: Vec<usize> = vocabularies
        .iter()
        .map(|ours| {
            page_tokens.iter().filter(|t| ours.contains(*t) && !vocabularies.iter().all(|v| v.contains(*t))).count()
        })
        .collect();
    let best = (0..candidates.len()).max_by_key(|i| (scores[*i], std::cmp::Reverse(*i)))?;
    let runner_up = (0..candidates.len()).filter(|i| *i != best).map(|i| scores[i]).max().unwrap_or(0);
    let confident = scores[best] >= 5 && scores[best] >= 2 * runner_up;
    let others: Vec<String> =
        (0..candidates.len()).filter(|i| *i != best).map(|i| format!("{} {}", candidates[i].0, scores[i])).collect();
    Some(Guess {
        locale: candidates[best].0.clone(),
        confident,
        why: format!(
            "words the page shares with each locale's rendering and common words: {} {} against {}",
            candidates[best].0,
            scores[best],
            others.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales(renderings: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
        renderings.iter().map(|(l, r)| (l.to_string(), Some(r.to_string()))).collect()
    }

    #[test]
    fn a_page_without_kana_or_kanji_is_never_japanese() {
        // The Japanese rendering falls back to English (no translation yet): the words cannot
        // tell them apart, the script can.
        let english = "Removes members from an organization. Send the user ids in the body.";
        let all = locales(&[("ja", english), ("en", english), ("fr", english)]);
        let guess = guess("Remove one or more members from your organization with the Management API.", &all).unwrap();
        assert_eq!(guess.locale, "en");
    }

    #[test]
    fn japanese_prose_with_latin_code_names_is_japanese() {
        let all = locales(&[("en", "Remove members"), ("ja", "メンバーを削除する"), ("fr", "Supprimer des membres")]);
        let page = "組織からメンバーを削除します。ORG_ID と MGMT_API_ACCESS_TOKEN を置き換えてください。";
        let guess = guess(page, &all).unwrap();
        assert_eq!(guess.locale, "ja");
        assert!(guess.confident, "{guess:?}");
    }

    #[test]
    fn latin_pages_are_told_apart_by_their_words() {
        let en = "Remove members from an organization. The request is sent with your token.";
        let fr = "Supprimer des membres d'une organisation. La requête est envoyée avec votre jeton.";
        let all = locales(&[("en", en), ("ja", "メンバーを削除する"), ("fr", fr)]);
        let page = "Supprimez les membres de l'organisation : la requête est envoyée avec le jeton de l'API.";
        let guess = guess(page, &all).unwrap();
        assert_eq!(guess.locale, "fr");
        assert!(guess.confident, "{guess:?}");
        // A French page against an untranslated (English) French rendering: function words.
        let all = locales(&[("en", en), ("fr", en)]);
        assert_eq!(super::guess(page, &all).unwrap().locale, "fr");
    }

    #[test]
    fn a_page_that_says_too_little_is_a_guess_of_low_confidence() {
        let en = "Remove members";
        let all = locales(&[("en", en), ("fr", en)]);
        let guess = guess("Members", &all).unwrap();
        assert_eq!(guess.locale, "en", "the first configured locale");
        assert!(!guess.confident);
    }
}
