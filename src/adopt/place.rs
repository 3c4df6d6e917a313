//! Places a published page's prose blocks on the messages of a traced rendering: which text
//! of the page is the translation of which message.
//!
//! The rendering's blocks carry marks around each message's text (see
//! [`crate::model::build_traced`]); the page's blocks are aligned with them as `check` aligns
//! prose (equal blocks first), the rest by structure (the template's own text such as codes
//! and names, and length), and each aligned page block is then cut where the rendering's
//! template text and message boundaries fall.

use std::collections::BTreeMap;

use crate::check::page::{collapse_space, normalize_space, Mark, ProseBlock};
use crate::check::prose;
use crate::model::{traced_number, TRACE_CLOSE};

/// A piece of a rendered block: the template's own text, or (a paragraph of) a message's.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Seg {
    /// Text of the template or of the model that no message gave (codes, names, numbers).
    Lit(String),
    /// Paragraph `piece` of traced message `entry`; `nested` when another message's text is
    /// inside it (an argument that is itself a message).
    Span { entry: usize, piece: usize, text: String, nested: bool },
}

/// A block of the traced rendering: its plain text (what `check` compares with) and pieces.
#[derive(Debug, Clone)]
pub(crate) struct RenderedBlock {
    pub text: String,
    pub segs: Vec<Seg>,
}

/// Splits traced blocks into pieces. A message of several paragraphs runs over several
/// blocks: each block holds one numbered piece of it.
pub(crate) fn rendered_blocks(blocks: &[ProseBlock]) -> Vec<RenderedBlock> {
    let mut out = Vec::new();
    // Open messages, outermost first, and the piece the outermost is at.
    let mut stack: Vec<usize> = Vec::new();
    let mut piece = 0;
    for block in blocks {
        let text = normalize_space(&block.text);
        let mut segs: Vec<Seg> = Vec::new();
        let mut current = String::new();
        let mut nested = false;
        if !stack.is_empty() {
            piece += 1;
        }
        for c in text.chars() {
            if let Some(n) = traced_number(c) {
                if stack.is_empty() {
                    push_lit(&mut segs, &mut current);
                    piece = 0;
                    nested = false;
                } else {
                    nested = true;
                    current.push(c);
                }
                stack.push(n);
            } else if c == TRACE_CLOSE {
                match stack.len() {
                    0 => {}
                    1 => {
                        let entry = stack.pop().expect("one open");
                        segs.push(Seg::Span { entry, piece, text: std::mem::take(&mut current), nested });
                    }
                    _ => {
                        stack.pop();
                        current.push(c);
                    }
                }
            } else {
                current.push(c);
            }
        }
        match stack.first() {
            Some(&entry) => segs.push(Seg::Span { entry, piece, text: std::mem::take(&mut current), nested }),
            None => push_lit(&mut segs, &mut current),
        }
        out.push(RenderedBlock { text: normalize_space(&strip_marks(&text)), segs });
    }
    out
}

fn push_lit(segs: &mut Vec<Seg>, current: &mut String) {
    if !current.is_empty() {
        segs.push(Seg::Lit(std::mem::take(current)));
    }
}

/// Text without trace marks.
pub(crate) fn strip_marks(text: &str) -> String {
    text.chars().filter(|c| *c != TRACE_CLOSE && traced_number(*c).is_none()).collect()
}

/// What the page gave: the text of each (traced message, piece), with the page line and the
/// marks of its block, and the page blocks that went nowhere.
#[derive(Debug, Default)]
pub(crate) struct Placed {
    pub texts: BTreeMap<(usize, usize), (String, usize, Vec<Mark>)>,
    pub unplaced: Vec<(usize, String)>,
}

/// Aligns the page's blocks with the rendering's and cuts each page block into the texts of
/// the messages of its rendered block(s).
pub(crate) fn place(rendered: &[RenderedBlock], published: &[ProseBlock]) -> Placed {
    let expected: Vec<String> = rendered.iter().map(|b| b.text.clone()).collect();
    let found: Vec<String> = published.iter().map(|b| normalize_space(&b.text)).collect();
    // The texts are taken from the page with its no-break spaces (French puts one before
    // `:`), which the comparison reads as spaces.
    let texts: Vec<String> = published.iter().map(|b| collapse_space(&b.text)).collect();
    let mut placed = Placed::default();
    let mut pairs: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    // Page blocks the alignment left out.
    let mut left: Vec<usize> = Vec::new();
    for op in prose::diff_ops(&expected, &found) {
        let (old, new) = (op.old_range(), op.new_range());
        if matches!(op, similar::DiffOp::Equal { .. }) {
            pairs.extend(old.zip(new).map(|(e, f)| (e..e + 1, f)));
            continue;
        }
        let (matched, skipped) = align_gap(rendered, old.clone(), &found, new.clone());
        pairs.extend(matched);
        left.extend(skipped);
    }
    // A page block left over that holds the own words (a placeholder's name, a status and
    // error code) of exactly one rendered block left over is that block's, wherever it is:
    // a page may list placeholders or responses in another order.
    let paired: Vec<usize> = pairs.iter().flat_map(|(run, _)| run.clone()).collect();
    let leftover: Vec<usize> =
        (0..rendered.len()).filter(|i| !paired.contains(i) && has_own_words(&rendered[*i])).collect();
    let mut taken: Vec<usize> = Vec::new();
    for f in left {
        let fits: Vec<usize> = leftover
            .iter()
            .copied()
            .filter(|i| !taken.contains(i) && carve(&rendered[*i].segs, &found[f]).is_some())
            .collect();
        match fits.as_slice() {
            [one] => {
                taken.push(*one);
                pairs.push((*one..*one + 1, f));
            }
            _ => placed.unplaced.push((published[f].line, found[f].clone())),
        }
    }
    for (run, f) in pairs {
        let segs = run_segments(&rendered[run]);
        match carve(&segs, &texts[f]).or_else(|| carve(&segs, &found[f])) {
            Some(texts) => {
                for ((entry, piece), text) in texts {
                    let marks = published[f].marks.clone();
                    placed.texts.entry((entry, piece)).or_insert((text, published[f].line, marks));
                }
            }
            None => placed.unplaced.push((published[f].line, found[f].clone())),
        }
    }
    placed.unplaced.sort();
    placed
}

/// Does the block hold text of its own besides messages' (a name, a code)?
fn has_own_words(block: &RenderedBlock) -> bool {
    block.segs.iter().any(|s| matches!(s, Seg::Lit(l) if l.chars().any(char::is_alphanumeric)))
        && block.segs.iter().any(|s| matches!(s, Seg::Span { .. }))
}

/// Are these blocks the paragraphs of one message (which a page may run together)?
fn one_message(run: &[RenderedBlock]) -> bool {
    let entry = |b: &RenderedBlock| match b.segs.as_slice() {
        [Seg::Span { entry, .. }] => Some(*entry),
        _ => None,
    };
    let first = entry(&run[0]);
    first.is_some() && run.iter().all(|b| entry(b) == first)
}

/// The pieces of consecutive rendered blocks read as one (a page that ran them together),
/// with a break between blocks.
fn run_segments(run: &[RenderedBlock]) -> Vec<Seg> {
    let mut segs = Vec::new();
    for (i, block) in run.iter().enumerate() {
        if i > 0 {
            segs.push(Seg::Lit(" ".into()));
        }
        segs.extend(block.segs.iter().cloned());
    }
    segs
}

/// How many rendered blocks one page block may hold (a page that lost the paragraph breaks
/// of a message), as in `check`.
const MAX_RUN: usize = 3;
/// What leaving a block unaligned costs.
const GAP: f64 = -1.0;
/// The most (rendered block, page block) pairs weighed in one run without equal blocks: a
/// guide has tens of blocks, a page of docs a few hundred.
const MAX_ALIGNED: usize = 40_000;
/// The longest texts, together, whose shared characters are counted (a diff of characters
/// takes time with the product of their lengths at worst).
const MAX_COMPARED: usize = 1200;
/// The most places one page block is cut at among several messages.
const MAX_CUTS: usize = 400;

/// Aligns rendered blocks `old` with page blocks `new` where no block is equal: the
/// alignment of best total score (see [`score`]), in order. Returns the pairs and the page
/// blocks left out.
fn align_gap(
    rendered: &[RenderedBlock],
    old: std::ops::Range<usize>,
    found: &[String],
    new: std::ops::Range<usize>,
) -> (Vec<(std::ops::Range<usize>, usize)>, Vec<usize>) {
    let (n, m) = (old.len(), new.len());
    // A page of thousands of blocks that match nothing: pair in order, as far as they go
    // (the alignment's time grows with the product of the counts).
    if n.saturating_mul(m) > MAX_ALIGNED {
        let pairs: Vec<_> = old.clone().zip(new.clone()).map(|(e, f)| (e..e + 1, f)).collect();
        let left = new.skip(n).collect();
        return (pairs, left);
    }
    // best[i][j]: the best score of aligning old[i..] with new[j..].
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    let mut choice = vec![vec![0u8; m + 1]; n + 1];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            if i == n && j == m {
                continue;
            }
            let mut top = f64::NEG_INFINITY;
            let mut pick = 0u8;
            if i < n && best[i + 1][j] + GAP > top {
                top = best[i + 1][j] + GAP;
                pick = 1;
            }
            if j < m && best[i][j + 1] + GAP > top {
                top = best[i][j + 1] + GAP;
                pick = 2;
            }
            if j < m {
                for k in 1..=MAX_RUN.min(n - i) {
                    if k > 1 && !one_message(&rendered[old.start + i..old.start + i + k]) {
                        break;
                    }
                    let s = score(&rendered[old.start + i..old.start + i + k], &found[new.start + j]);
                    if s + best[i + k][j + 1] > top {
                        top = s + best[i + k][j + 1];
                        pick = 2 + k as u8;
                    }
                }
            }
            best[i][j] = top;
            choice[i][j] = pick;
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut pairs = Vec::new();
    let mut left = Vec::new();
    while i < n || j < m {
        match choice[i][j] {
            1 => i += 1,
            2 => {
                left.push(new.start + j);
                j += 1;
            }
            k => {
                let k = (k - 2) as usize;
                pairs.push((old.start + i..old.start + i + k, new.start + j));
                i += k;
                j += 1;
            }
        }
    }
    (pairs, left)
}

/// How well a page block fits rendered blocks: the template's own words (codes, names,
/// numbers) must all be there; then shared characters (untranslated names) and a plausible
/// length count. A text in another language shares little but its length.
fn score(run: &[RenderedBlock], page: &str) -> f64 {
    let segs = run_segments(run);
    if carve(&segs, page).is_none() {
        return f64::NEG_INFINITY;
    }
    let expected = run.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join(" ");
    if prose::same_text(&expected, page) {
        return 10.0;
    }
    let literal_words = segs
        .iter()
        .filter_map(|s| match s {
            Seg::Lit(l) => Some(l.split_whitespace().count()),
            Seg::Span { .. } => None,
        })
        .sum::<usize>();
    let ratio = if expected.len() + page.len() <= MAX_COMPARED {
        similar::TextDiff::from_chars(expected.as_str(), page).ratio() as f64
    } else {
        0.0
    };
    let (a, b) = (width(&expected), width(page));
    let length = a.min(b) / a.max(b).max(1.0);
    // A few words say little by their length (a heading, a table's header).
    let length_score = if length >= 0.4 || a.max(b) < 30.0 { 1.0 + length } else { -3.0 };
    let run_cost = 0.5 * (run.len() as f64 - 1.0);
    1.0 + 3.0 * ratio + length_score + (literal_words.min(3) as f64) - run_cost
}

/// A text's length in Latin letters' worth: a Han or kana character says about what two and
/// a half Latin letters do.
pub(crate) fn width(text: &str) -> f64 {
    text.chars().map(|c| if prose::is_unspaced_script(c) { 2.5 } else { 1.0 }).sum()
}

/// Cuts a page block into the texts of the messages of `segs`: the template's own text is
/// found in order, and the text between is the message's (or, when several messages meet
/// with only space between, is split among them; see [`split`]). None when the template's
/// text is not there.
pub(crate) fn carve(segs: &[Seg], page: &str) -> Option<Vec<((usize, usize), String)>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut pending: Vec<(usize, usize, &str)> = Vec::new();
    for seg in segs {
        match seg {
            Seg::Lit(text) => {
                let lit = text.trim();
                if lit.is_empty() {
                    continue;
                }
                let at = pos + word_matches(&page[pos..], lit).next()?;
                assign(&mut out, &mut pending, &page[pos..at])?;
                pos = at + lit.len();
            }
            Seg::Span { entry, piece, text, .. } => pending.push((*entry, *piece, text.as_str())),
        }
    }
    assign(&mut out, &mut pending, &page[pos..])?;
    Some(out)
}

/// Starts of `needle` in `hay` that are not inside a word (a status code `400` is not the
/// `400` of `4000`, `ORG_ID` not the end of `MY_ORG_ID`). A character of a script written
/// without spaces is no word's: a Japanese sentence runs into the names it holds.
pub(crate) fn word_matches<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let word = |c: Option<char>| c.is_some_and(|c| (c.is_alphanumeric() || c == '_') && !prose::is_unspaced_script(c));
    let starts_word = word(needle.chars().next());
    let ends_word = word(needle.chars().last());
    hay.match_indices(needle).map(|(i, _)| i).filter(move |&i| {
        let inside = (starts_word && word(hay[..i].chars().last()))
            || (ends_word && word(hay[i + needle.len()..].chars().next()));
        !inside
    })
}

/// Gives `region` of a page block to the pending messages; None when it cannot be split
/// among them.
fn assign(
    out: &mut Vec<((usize, usize), String)>,
    pending: &mut Vec<(usize, usize, &str)>,
    region: &str,
) -> Option<()> {
    let region = region.trim();
    if pending.is_empty() || region.is_empty() {
        pending.clear();
        return Some(());
    }
    // A list that names a placeholder before its description puts a separator between.
    let first = strip_marks(pending[0].2);
    let region = region.trim_start_matches(|c: char| SEPARATORS.contains(&c) && !first.starts_with(c)).trim_start();
    let expected: Vec<&str> = pending.iter().map(|(_, _, t)| *t).collect();
    let parts = split(region, &expected)?;
    for ((entry, piece, _), text) in pending.drain(..).zip(parts) {
        if !text.is_empty() {
            out.push(((entry, piece), text));
        }
    }
    Some(())
}

/// What a page may put between a name and its description (`ORG_ID: ...`, `ORG_ID — ...`).
const SEPARATORS: [char; 7] = [':', '：', '—', '–', '-', '|', '='];

/// Characters after which a sentence (and so, likely, a message or a table cell) ends.
const SENTENCE_END: [char; 9] = ['.', '!', '?', ':', ')', '。', '！', '？', '）'];

/// Splits `region` into one text per message of `expected` (their texts in the rendering),
/// at spaces, or after a sentence's end in a script without spaces: the cut whose parts'
/// lengths are nearest the rendering's, whose parts end with a sentence's end where the
/// rendering's do, and with a part equal to the rendering's text most of all.
pub(crate) fn split(region: &str, expected: &[&str]) -> Option<Vec<String>> {
    let k = expected.len();
    if k <= 1 {
        return Some(vec![region.trim().to_string(); k]);
    }
    // Cuts as (end of the left part, start of the right part, a space beside a character of
    // a script written without spaces: there a space is a cell's or a paragraph's end).
    let mut cuts: Vec<(usize, usize, bool)> = Vec::new();
    let mut previous: Option<char> = None;
    for (i, c) in region.char_indices() {
        if c == ' ' {
            let next = region[i + 1..].chars().next();
            let strong = previous.into_iter().chain(next).any(prose::is_unspaced_script);
            cuts.push((i, i + 1, strong));
        } else if previous.is_some_and(|p| matches!(p, '。' | '！' | '？' | '）')) {
            cuts.push((i, i, false));
        }
        previous = Some(c);
    }
    if cuts.len() < k - 1 || cuts.len() > MAX_CUTS {
        // A page that lost a cell: the text is one message's only if it is that message's
        // text in the rendering.
        let one = expected.iter().position(|t| prose::same_text(&strip_marks(t), region.trim()))?;
        let mut out = vec![String::new(); k];
        out[one] = region.trim().to_string();
        return Some(out);
    }
    let widths: Vec<f64> = expected.iter().map(|t| width(&strip_marks(t)).max(1.0)).collect();
    let total_expected: f64 = widths.iter().sum();
    let total = width(region).max(1.0);
    // Boundaries: the region's start, the cuts, then its end.
    let bounds: Vec<(usize, usize, bool)> = std::iter::once((0, 0, false))
        .chain(cuts.iter().copied())
        .chain(std::iter::once((region.len(), region.len(), false)))
        .collect();
    let last = bounds.len() - 1;
    // The width of the region up to each boundary's start and end, so that a part's width
    // costs no pass over it.
    let mut upto: Vec<(f64, f64)> = Vec::with_capacity(bounds.len());
    let mut sum = 0.0;
    let mut at = 0;
    for &(end, start, _) in &bounds {
        sum += width(&region[at..end]);
        let before = sum;
        sum += width(&region[end..start]);
        at = start;
        upto.push((before, sum));
    }
    let plain: Vec<String> = expected.iter().map(|t| strip_marks(t)).collect();
    let part_cost = |from: usize, to: usize, index: usize| -> f64 {
        let part_width = upto[to].0 - upto[from].1;
        if part_width <= 0.0 {
            return f64::INFINITY;
        }
        let share = part_width / total - widths[index] / total_expected;
        let mut cost = share * share;
        let text = region[bounds[from].1..bounds[to].0].trim();
        if (width(&plain[index]) - part_width).abs() < 1.0 && prose::same_text(text, &plain[index]) {
            cost -= 1.0;
        }
        if to != last {
            // A part ends as its message does: a sentence's end where the rendering has one.
            if plain[index].trim_end().ends_with(SENTENCE_END) {
                cost += if text.ends_with(SENTENCE_END) { -0.1 } else { 0.1 };
            }
            if bounds[to].2 {
                cost -= 0.1;
            }
        }
        cost
    };
    // cost[p][b]: the best cost of parts 0..p ending at boundary b.
    let mut cost = vec![vec![f64::INFINITY; bounds.len()]; k + 1];
    let mut from = vec![vec![0usize; bounds.len()]; k + 1];
    cost[0][0] = 0.0;
    for p in 1..=k {
        for b in 1..bounds.len() {
            if (p == k) != (b == last) {
                continue;
            }
            for a in (p - 1)..b {
                if cost[p - 1][a].is_infinite() {
                    continue;
                }
                let c = cost[p - 1][a] + part_cost(a, b, p - 1);
                if c < cost[p][b] {
                    cost[p][b] = c;
                    from[p][b] = a;
                }
            }
        }
    }
    if cost[k][last].is_infinite() {
        return None;
    }
    let mut ends = vec![last];
    let mut b = last;
    for p in (1..=k).rev() {
        b = from[p][b];
        ends.push(b);
    }
    ends.reverse();
    Some(ends.windows(2).map(|w| region[bounds[w[0]].1..bounds[w[1]].0].trim().to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::trace_open;

    fn traced(n: usize, text: &str) -> String {
        format!("{}{text}{TRACE_CLOSE}", trace_open(n).unwrap())
    }

    #[test]
    fn a_table_row_is_cut_at_its_codes_and_between_its_cells() {
        let row = format!(
            "400 invalid_body {} {}",
            traced(0, "Invalid request body. The message will vary depending on the cause."),
            traced(1, "The request payload is not valid.")
        );
        let blocks = rendered_blocks(&[ProseBlock { text: row, line: 1, marks: vec![] }]);
        let page = "400 invalid_body Corps de requête non valide. Le message varie selon la cause. La charge utile de la requête n’est pas valide.";
        let texts = carve(&blocks[0].segs, page).unwrap();
        assert_eq!(
            texts,
            [
                ((0, 0), "Corps de requête non valide. Le message varie selon la cause.".to_string()),
                ((1, 0), "La charge utile de la requête n’est pas valide.".to_string())
            ]
        );
        assert!(carve(&blocks[0].segs, "401 Jeton non valide.").is_none(), "the codes must be there");
    }

    #[test]
    fn rows_in_another_order_and_a_list_of_placeholders_are_placed_by_name() {
        let row = |name: &str, n: usize, text: &str| ProseBlock {
            text: format!("{name} {}", traced(n, text)),
            line: n + 1,
            marks: vec![],
        };
        let rendered = rendered_blocks(&[
            row("ORG_ID", 0, "ID of the organization."),
            row("MGMT_API_ACCESS_TOKEN", 1, "Access token."),
            row("USER_ID", 2, "ID of each user."),
        ]);
        let page = |text: &str, line: usize| ProseBlock { text: text.into(), line, marks: vec![] };
        let published = [
            page("USER_ID : ID de chaque utilisateur.", 10),
            page("ORG_ID — ID de l’organisation.", 11),
            page("MGMT_API_ACCESS_TOKEN: Jeton d’accès.", 12),
        ];
        let placed = place(&rendered, &published);
        let text = |entry: usize| placed.texts.get(&(entry, 0)).map(|t| t.0.as_str());
        assert_eq!(text(0), Some("ID de l’organisation."));
        assert_eq!(text(1), Some("Jeton d’accès."));
        assert_eq!(text(2), Some("ID de chaque utilisateur."));
        assert!(placed.unplaced.is_empty(), "{:?}", placed.unplaced);
    }

    #[test]
    fn no_break_spaces_stay() {
        assert_eq!(collapse_space("  suivants \u{a0} :\t x "), "suivants\u{a0}: x");
    }

    #[test]
    fn a_message_of_two_paragraphs_runs_over_two_blocks() {
        let first = format!("{}To assign members:", trace_open(3).unwrap());
        let second = format!("Make a POST call.{TRACE_CLOSE}");
        let blocks = rendered_blocks(&[
            ProseBlock { text: first, line: 1, marks: vec![] },
            ProseBlock { text: second, line: 3, marks: vec![] },
        ]);
        assert_eq!(
            blocks[0].segs,
            [Seg::Span { entry: 3, piece: 0, text: "To assign members:".into(), nested: false }]
        );
        assert_eq!(blocks[1].segs, [Seg::Span { entry: 3, piece: 1, text: "Make a POST call.".into(), nested: false }]);
        assert_eq!(blocks[1].text, "Make a POST call.");
    }

    #[test]
    fn japanese_cells_are_cut_after_a_sentence() {
        let parts =
            split("ステータスコード エラーコード メッセージ 原因", &["Status code", "Error code", "Message", "Cause"]);
        assert_eq!(parts.unwrap(), ["ステータスコード", "エラーコード", "メッセージ", "原因"]);
        let parts = split("Valeur Description", &["Value", "Description"]);
        assert_eq!(parts.unwrap(), ["Valeur", "Description"]);
        let scope = split(
            "Insufficient scope; expected any of: x.(スコープが不足しています。xが必要です。) 渡されたベアラートークンのスコープでは許可されないフィールドの読み出しや書き込みが試行されました。",
            &["Insufficient scope; expected any of: x.", "Tried to read/write a field that is not allowed with provided bearer token scopes."],
        );
        assert_eq!(
            scope.unwrap()[0],
            "Insufficient scope; expected any of: x.(スコープが不足しています。xが必要です。)"
        );
        assert_eq!(split("説明", &["Value", "Description"]), None, "one word for two cells: which is it?");
        assert_eq!(split("説明", &["値", "説明"]).unwrap(), ["", "説明"], "the one the locale says so");
    }
}
