//! XLIFF 2.0 (OASIS): one `<file>` per English .ftl file, one `<unit>` per message or
//! attribute, placeables as `<ph>` codes whose Fluent source is in `<originalData>`.
//!
//! States: `initial` without a target is new; `initial` with the old target and
//! `subState="apiglot:needs-review"` needs review (XLIFF has no fuzzy state, and a tool that
//! changes `state` must update or drop `subState`, so a reviewed unit cannot keep the mark);
//! `translated` (or `reviewed`, `final`) is translated.

use std::collections::BTreeMap;
use std::path::Path;

use super::{fluent_text, parse_pattern, pieces, Entry, Format, Piece, ReadFile, State, Unit};
use crate::error::{Error, Location, Result};

pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The subState of a unit whose target is an old translation to review.
pub const NEEDS_REVIEW: &str = "apiglot:needs-review";
/// The note category that carries the English an old translation was made from.
pub const PREVIOUS: &str = "apiglot:previous-source";
/// The unit type of a unit whose text is Fluent source (it has a selector).
pub const FLUENT_TYPE: &str = "apiglot:fluent";

/// Text as XLIFF content: what XML cannot hold as `<cp hex="..."/>`.
fn text_content(text: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in text.chars() {
        if crate::xml::is_xml_char(c) {
            run.push(c);
        } else {
            out.push_str(&crate::xml::escape(&run, false));
            run.clear();
            out.push_str(&format!("<cp hex=\"{:04X}\"/>", c as u32));
        }
    }
    out.push_str(&crate::xml::escape(&run, false));
    out
}

/// An attribute value; characters XML cannot hold are dropped (it is only a display hint).
fn attr(text: &str) -> String {
    crate::xml::escape(text, true)
}

/// The inline codes of one unit: the original data (one entry per distinct code) and the
/// `<ph>` ids. Each code of the source has an id of its own (ids are unique in a unit); a
/// target's code takes the id of the same code in the source, else a new one.
#[derive(Default)]
struct Codes {
    data: Vec<String>,
    source: Vec<(String, usize)>,
    ids: usize,
}

impl Codes {
    fn data_ref(&mut self, code: &str) -> usize {
        match self.data.iter().position(|d| d == code) {
            Some(n) => n + 1,
            None => {
                self.data.push(code.to_string());
                self.data.len()
            }
        }
    }

    fn id(&mut self, code: &str, in_source: bool, taken: &mut Vec<usize>) -> usize {
        let matching = self.source.iter().find(|(c, id)| c == code && !taken.contains(id)).map(|(_, id)| *id);
        let id = match matching {
            Some(id) if !in_source => id,
            _ => {
                self.ids += 1;
                if in_source {
                    self.source.push((code.to_string(), self.ids));
                }
                self.ids
            }
        };
        taken.push(id);
        id
    }
}

/// The inline content of a pattern text (`in_source`: of the source, else of the target).
fn content(
    text: &str,
    fluent: bool,
    codes: &mut Codes,
    in_source: bool,
    examples: &BTreeMap<String, String>,
) -> String {
    let parts = if fluent {
        vec![Piece::Text(text.to_string())]
    } else {
        match parse_pattern(text) {
            Ok(p) => pieces(&p),
            Err(_) => vec![Piece::Text(text.to_string())],
        }
    };
    let mut out = String::new();
    let mut taken = Vec::new();
    for part in parts {
        match part {
            Piece::Text(t) => out.push_str(&text_content(&t)),
            Piece::Code(code) => {
                let data = codes.data_ref(&code);
                let id = codes.id(&code, in_source, &mut taken);
                // `equiv` is what a reader sees in place of the code: an example value.
                let name = code.trim_matches(['{', '}', ' ']).strip_prefix('$').unwrap_or_default();
                let equiv = examples.get(name).cloned().unwrap_or_else(|| code.clone());
                out.push_str(&format!(
                    "<ph id=\"{id}\" dataRef=\"d{data}\" disp=\"{}\" equiv=\"{}\"/>",
                    attr(&code),
                    attr(&equiv)
                ));
            }
        }
    }
    out
}

/// The XLIFF 2.0 document of `units`.
pub fn write(units: &[Unit], source_locale: &str, locale: &str) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n",
        attr(source_locale),
        attr(locale)
    ));
    let mut files: Vec<(&Path, Vec<&Unit>)> = Vec::new();
    for unit in units {
        match files.last_mut() {
            Some((path, list)) if *path == unit.file.as_path() => list.push(unit),
            _ => files.push((unit.file.as_path(), vec![unit])),
        }
    }
    for (n, (path, units)) in files.iter().enumerate() {
        let original = path.to_string_lossy().replace('\\', "/");
        out.push_str(&format!("  <file id=\"f{}\" original=\"{}\">\n", n + 1, attr(&original)));
        for unit in units {
            let mut codes = Codes::default();
            let source = content(&unit.source, unit.fluent, &mut codes, true, &unit.examples);
            let target = unit.target.as_ref().map(|t| content(t, unit.fluent, &mut codes, false, &unit.examples));
            let data = codes.data;
            let kind = if unit.fluent { format!(" type=\"{FLUENT_TYPE}\"") } else { String::new() };
            out.push_str(&format!("    <unit id=\"{}\" canResegment=\"no\"{kind}>\n", attr(&unit.id)));
            out.push_str("      <notes>\n");
            let mut notes: Vec<(&str, String)> = unit.notes.iter().map(|(c, t)| (*c, t.clone())).collect();
            notes.push(("file", format!("{original}:{}", unit.line)));
            if let Some(previous) = &unit.previous {
                notes.push((PREVIOUS, previous.clone()));
            }
            for (category, text) in notes {
                out.push_str(&format!(
                    "        <note category=\"{}\">{}</note>\n",
                    attr(category),
                    text_content(&text)
                ));
            }
            out.push_str("      </notes>\n");
            if !data.is_empty() {
                out.push_str("      <originalData>\n");
                for (i, d) in data.iter().enumerate() {
                    out.push_str(&format!("        <data id=\"d{}\">{}</data>\n", i + 1, text_content(d)));
                }
                out.push_str("      </originalData>\n");
            }
            let state = match unit.state {
                State::New => "state=\"initial\"".to_string(),
                State::NeedsReview => format!("state=\"initial\" subState=\"{NEEDS_REVIEW}\""),
                State::Translated => "state=\"translated\"".to_string(),
            };
            out.push_str(&format!("      <segment {state}>\n"));
            out.push_str(&format!("        <source xml:space=\"preserve\">{source}</source>\n"));
            if let Some(target) = target {
                out.push_str(&format!("        <target xml:space=\"preserve\">{target}</target>\n"));
            }
            out.push_str("      </segment>\n    </unit>\n");
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

fn at(doc: &roxmltree::Document, file: &Path, node: Node) -> Location {
    let pos = doc.text_pos_at(node.range().start);
    Location::new(file, pos.row as usize, pos.col as usize)
}

fn is(node: Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(NAMESPACE)
}

/// Reads an XLIFF 2.x document into entries (unit texts as pattern texts).
pub fn read(text: &str, file: &Path) -> Result<ReadFile> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        let at = Location::new(file, pos.row as usize, pos.col as usize);
        match e {
            // Entities could pull in other files or grow without bound; XLIFF needs none.
            roxmltree::Error::DtdDetected => Error::input(
                Location::of_text(file, text, "<!DOCTYPE"),
                "the file has a DOCTYPE: apiglot reads no DTD (XLIFF needs none, and its entities could read other files)",
                "remove the <!DOCTYPE ...> declaration",
            ),
            e => Error::input(
                at,
                format!("the XLIFF file is not well-formed XML: {e}"),
                "fix the XML (a tool that edits XLIFF keeps it well-formed); `xmllint --noout FILE` shows the same",
            ),
        }
    })?;
    let root = doc.root_element();
    let bad = |node: Node, message: String, help: &str| Error::input(at(&doc, file, node), message, help);
    if !is(root, "xliff") {
        return Err(bad(
            root,
            format!(
                "the root element is <{}> in namespace `{}`, not XLIFF 2 <xliff> in `{NAMESPACE}`",
                root.tag_name().name(),
                root.tag_name().namespace().unwrap_or("")
            ),
            "import an XLIFF 2.0 or 2.1 file (as `apiglot messages export --format xliff` writes), or a PO file",
        ));
    }
    let version = root.attribute("version").unwrap_or_default();
    if !version.starts_with("2.") {
        return Err(bad(root, format!("XLIFF version `{version}` is not 2.x"), "import XLIFF 2.0 or 2.1"));
    }
    let language = root.attribute("trgLang").map(|l| (l.to_string(), at(&doc, file, root)));
    let source_language = root.attribute("srcLang").map(|l| (l.to_string(), at(&doc, file, root)));
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for unit in root.descendants().filter(|n| is(*n, "unit")) {
        match read_unit(&doc, file, unit) {
            Ok(entry) => entries.push(entry),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(super::combine(errors));
    }
    Ok(ReadFile { format: Format::Xliff, language, source_language, entries })
}

fn read_unit(doc: &roxmltree::Document, file: &Path, unit: Node) -> Result<Entry> {
    let unit_at = at(doc, file, unit);
    let id = unit
        .attribute("id")
        .ok_or_else(|| Error::input(unit_at.clone(), "a <unit> has no id", "each unit's id names its message"))?
        .to_string();
    let fluent = unit.attribute("type") == Some(FLUENT_TYPE);
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    for d in unit.descendants().filter(|n| is(*n, "originalData")).flat_map(|o| o.children()).filter(|n| is(*n, "data"))
    {
        let text = plain(doc, file, d)?;
        data.insert(d.attribute("id").unwrap_or_default().to_string(), text);
    }
    let previous = unit
        .descendants()
        .filter(|n| is(*n, "note"))
        .find(|n| n.attribute("category") == Some(PREVIOUS))
        .map(|n| plain(doc, file, n))
        .transpose()?;
    let mut source = Vec::new();
    let mut target: Option<Vec<Piece>> = None;
    let mut source_at = unit_at.clone();
    let mut target_at = unit_at.clone();
    let mut state = State::Translated;
    let mut saw_state = false;
    let mut refs: BTreeMap<String, String> = BTreeMap::new();
    for part in unit.children().filter(|n| is(*n, "segment") || is(*n, "ignorable")) {
        if is(part, "segment") {
            let s = match (part.attribute("state").unwrap_or("initial"), part.attribute("subState")) {
                ("initial", Some(NEEDS_REVIEW)) => State::NeedsReview,
                ("initial", _) => State::New,
                _ => State::Translated,
            };
            state = if saw_state { state.min(s) } else { s };
            saw_state = true;
        }
        for child in part.children().filter(|n| n.is_element()) {
            if is(child, "source") {
                source_at = at(doc, file, child);
                inline(doc, file, child, &data, &mut refs, true, &mut source)?;
            } else if is(child, "target") {
                target_at = at(doc, file, child);
                inline(doc, file, child, &data, &mut refs, false, target.get_or_insert_with(Vec::new))?;
            }
        }
    }
    let text = |pieces: &[Piece]| {
        if fluent {
            pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) | Piece::Code(t) => t.as_str(),
                })
                .collect::<String>()
        } else {
            fluent_text(pieces)
        }
    };
    // A target with a state beyond initial is a translation even when the segment is empty.
    Ok(Entry {
        at: unit_at,
        source: text(&source),
        source_at,
        target: target.map(|t| text(&t)),
        target_at,
        state: if saw_state { state } else { State::New },
        previous,
        id,
    })
}

/// The text of an element without inline codes (a note, a data): `<cp>` read as its character.
fn plain(doc: &roxmltree::Document, file: &Path, node: Node) -> Result<String> {
    let mut out = String::new();
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or_default());
        } else if is(child, "cp") {
            out.push(code_point(doc, file, child)?);
        }
    }
    Ok(out)
}

fn code_point(doc: &roxmltree::Document, file: &Path, node: Node) -> Result<char> {
    let hex = node.attribute("hex").unwrap_or_default();
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).ok_or_else(|| {
        Error::input(
            at(doc, file, node),
            format!("<cp hex=\"{hex}\"> is no code point"),
            "write hex digits, e.g. <cp hex=\"0001\"/>",
        )
    })
}

/// The inline content of a source or target as pieces: text, `<cp>` characters, and each
/// `<ph>`'s Fluent code from the unit's original data (by `dataRef`, else by the source code
/// of the same id). Annotations (`<mrk>`) are read through; paired codes apiglot never writes
/// are refused.
fn inline(
    doc: &roxmltree::Document,
    file: &Path,
    node: Node,
    data: &BTreeMap<String, String>,
    refs: &mut BTreeMap<String, String>,
    source: bool,
    out: &mut Vec<Piece>,
) -> Result<()> {
    let push_text = |out: &mut Vec<Piece>, t: &str| match out.last_mut() {
        Some(Piece::Text(s)) => s.push_str(t),
        _ => out.push(Piece::Text(t.to_string())),
    };
    for child in node.children() {
        if child.is_text() {
            push_text(out, child.text().unwrap_or_default());
        } else if is(child, "cp") {
            push_text(out, &code_point(doc, file, child)?.to_string());
        } else if is(child, "ph") {
            let id = child.attribute("id").unwrap_or_default().to_string();
            let data_ref = child.attribute("dataRef").map(str::to_string).or_else(|| refs.get(&id).cloned());
            let code = data_ref.as_ref().and_then(|r| data.get(r)).ok_or_else(|| {
                Error::input(
                    at(doc, file, child),
                    format!(
                        "<ph id=\"{id}\"> has no original data: apiglot cannot tell which Fluent code it stands for"
                    ),
                    "copy the codes of the source into the target as they are (most tools do it with one key)",
                )
            })?;
            if source {
                if let Some(r) = data_ref {
                    refs.insert(id, r);
                }
            }
            out.push(Piece::Code(code.clone()));
        } else if is(child, "mrk") {
            inline(doc, file, child, data, refs, source, out)?;
        } else if is(child, "sm") || is(child, "em") {
            // Annotation markers carry no text.
        } else if child.is_element() {
            return Err(Error::input(
                at(doc, file, child),
                format!(
                    "<{}> is an inline element apiglot does not write, so cannot read back",
                    child.tag_name().name()
                ),
                "keep the target to text and the source's <ph> codes",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::tests::HOSTILE;

    #[test]
    fn any_text_and_its_codes_read_back() {
        let mut units = Vec::new();
        for (i, text) in HOSTILE.iter().enumerate() {
            let pieces =
                [Piece::Text(text.to_string()), Piece::Code("{ $method }".into()), Piece::Text(format!("{text}!"))];
            let source = fluent_text(&pieces);
            units.push(Unit {
                id: format!("m{i}"),
                file: "locales/en/a.ftl".into(),
                line: 1,
                target: Some(source.clone()),
                source,
                previous: Some(text.to_string()),
                state: State::NeedsReview,
                notes: vec![("comment", text.to_string())],
                fluent: false,
                examples: BTreeMap::from([("method".to_string(), text.to_string())]),
            });
        }
        // A code used twice has two ids; the target's take the source's.
        let twice =
            fluent_text(&[Piece::Code("{ $n }".into()), Piece::Text(" and ".into()), Piece::Code("{ $n }".into())]);
        units.push(Unit { id: "twice".into(), source: twice.clone(), target: Some(twice), ..units[0].clone() });
        let plural = "{ $n ->\n    [one] <One> & \"one\"\n   *[other] { $n } many\n}";
        units.push(Unit {
            id: "p".into(),
            source: plural.into(),
            target: Some(plural.into()),
            fluent: true,
            ..units[0].clone()
        });
        let xml = write(&units, "en", "fr");
        let twice = xml.split("<unit id=\"twice\"").nth(1).unwrap().split("</unit>").next().unwrap();
        assert_eq!(twice.matches("<ph id=\"1\" dataRef=\"d1\"").count(), 2, "{twice}");
        assert_eq!(twice.matches("<ph id=\"2\" dataRef=\"d1\"").count(), 2, "{twice}");
        let read = read(&xml, Path::new("x.xlf")).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        assert_eq!(read.language.as_ref().map(|(l, _)| l.as_str()), Some("fr"));
        assert_eq!(read.entries.len(), units.len());
        for (unit, entry) in units.iter().zip(&read.entries) {
            let meaning = |t: &str| {
                if unit.fluent {
                    vec![Piece::Text(t.to_string())]
                } else {
                    pieces(&parse_pattern(t).unwrap())
                }
            };
            assert_eq!(meaning(&entry.source), meaning(&unit.source), "{}", unit.id);
            assert_eq!(entry.target.as_deref().map(meaning), Some(meaning(&unit.source)), "{}", unit.id);
            assert_eq!(entry.state, State::NeedsReview);
            // Characters XML cannot hold are dropped from notes only where they stand as <cp>.
            assert_eq!(entry.previous.as_deref(), unit.previous.as_deref(), "{}", unit.id);
        }
    }
}
