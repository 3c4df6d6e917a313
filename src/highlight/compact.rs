//! Compact highlight queries: the patterns of each grammar's own query that samples use.
//!
//! Compiling a grammar's whole highlight query costs up to 0.2 s (Swift), mostly for patterns
//! of declarations, generics or attributes that a code sample never contains, and every
//! pattern also costs time at each node a query cursor visits. A build uses only the patterns
//! listed in [`patterns`] (by their index in the grammar's query, in the query's order, so
//! that the first pattern to capture a node still wins): the ones that matched something in
//! the samples of the Auth0 Management API and of `requests-1000.json` in every built-in
//! target. Nothing of the grammars' queries is copied here: the compact query is cut from the
//! grammar's own text at run time, and only when that text is the one the list was made from
//! (its hash); else the whole query is used. `patterns::regenerate` (an ignored test) remakes
//! the list, and checks that the compact queries colour the corpus exactly as the whole ones.

use std::ops::Range;

mod patterns;

/// The compact form of `language`'s highlight query `full`, when [`patterns`] has a list for
/// exactly this text.
pub fn query(language: &str, full: &str) -> Option<String> {
    let (_, hash, count, kept) = patterns::KEPT.iter().find(|(name, ..)| *name == language)?;
    if fnv1a(full) != *hash {
        return None;
    }
    let ranges = split(full)?;
    if ranges.len() != *count {
        return None;
    }
    let mut compact = String::new();
    for &index in kept.iter() {
        compact.push_str(&full[ranges.get(usize::from(index))?.clone()]);
        compact.push('\n');
    }
    Some(compact)
}

/// FNV-1a, 64 bits: a stable hash of a query's text (std's hasher may change between releases).
pub fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The byte range of each top-level pattern of a tree-sitter query, in order: a node, an
/// alternation, a string or a wildcard, with the quantifiers and captures after it. Comments
/// and white space between patterns are left out. None when the text does not read as a query
/// (unbalanced brackets, an unterminated string).
pub fn split(source: &str) -> Option<Vec<Range<usize>>> {
    let bytes = source.as_bytes();
    let mut patterns = Vec::new();
    let mut i = 0;
    // The pattern being read: its start, and the end of what belongs to it so far.
    let mut open: Option<(usize, usize)> = None;
    let mut depth = 0usize;
    // A field name read at the top (`name: (node)`): the node after it is the same pattern.
    let mut field = false;
    // Starts a pattern at `at`, unless a field name just started it.
    let start = |open: &mut Option<(usize, usize)>, patterns: &mut Vec<Range<usize>>, at: usize, field: &mut bool| {
        if std::mem::take(field) {
            return;
        }
        if let Some(p) = open.take() {
            patterns.push(p.0..p.1);
        }
        *open = Some((at, at));
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b';' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                let start_at = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= bytes.len() {
                    return None;
                }
                i += 1;
                if depth == 0 {
                    start(&mut open, &mut patterns, start_at, &mut field);
                    open.as_mut()?.1 = i;
                }
                continue;
            }
            b'(' | b'[' => {
                if depth == 0 {
                    start(&mut open, &mut patterns, i, &mut field);
                }
                depth += 1;
            }
            b')' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    open.as_mut()?.1 = i + 1;
                }
            }
            b'@' if depth == 0 => {
                let start = i;
                i += 1;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || b"._-".contains(&bytes[i])) {
                    i += 1;
                }
                open.as_mut().filter(|p| p.1 <= start)?.1 = i;
                continue;
            }
            b'*' | b'+' | b'?' if depth == 0 => open.as_mut()?.1 = i + 1,
            b'_' if depth == 0 && bytes.get(i + 1).is_none_or(|b| !b.is_ascii_alphanumeric()) => {
                start(&mut open, &mut patterns, i, &mut field);
                open.as_mut()?.1 = i + 1;
            }
            b if depth == 0 && (b.is_ascii_alphabetic() || b == b'_') => {
                let at = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                if bytes.get(i) != Some(&b':') || field {
                    return None;
                }
                start(&mut open, &mut patterns, at, &mut field);
                field = true;
                i += 1;
                continue;
            }
            _ if depth == 0 && !b.is_ascii_whitespace() => return None,
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        return None;
    }
    patterns.extend(open.map(|p| p.0..p.1));
    Some(patterns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitting_finds_tree_sitter_s_patterns_in_every_grammar_s_query() {
        for language in crate::highlight::all_languages() {
            let grammar = (language.grammar)();
            let query = tree_sitter::Query::new(&grammar.language, &grammar.highlights).unwrap();
            let ranges = split(&grammar.highlights).expect(language.name);
            assert_eq!(ranges.len(), query.pattern_count(), "{}", language.name);
            for (i, range) in ranges.iter().enumerate() {
                assert_eq!(range.start, query.start_byte_for_pattern(i), "{} pattern {i}", language.name);
            }
        }
    }

    #[test]
    fn a_query_is_split_into_its_patterns_with_their_captures() {
        let source = "; a comment (not a pattern)\n(a) @x\n\n[\"if\" \"else\"] @keyword\n\"func\" @k.w\n\
                      ((identifier) @c (#match? @c \"^[A-Z]\")) (b)* @y _ @z\n";
        let parts: Vec<&str> = split(source).unwrap().into_iter().map(|r| &source[r]).collect();
        assert_eq!(
            parts,
            [
                "(a) @x",
                "[\"if\" \"else\"] @keyword",
                "\"func\" @k.w",
                "((identifier) @c (#match? @c \"^[A-Z]\"))",
                "(b)* @y",
                "_ @z"
            ]
        );
        let field = "[(a) (b)] name: (c) @d\n(e)";
        let parts: Vec<&str> = split(field).unwrap().into_iter().map(|r| &field[r]).collect();
        assert_eq!(parts, ["[(a) (b)]", "name: (c) @d", "(e)"]);
        assert_eq!(split("(a"), None);
        assert_eq!(split("\"a"), None);
    }

    #[test]
    fn a_query_that_is_not_the_listed_one_is_used_whole() {
        assert_eq!(query("Swift", "(identifier) @variable"), None);
        assert_eq!(query("No such language", ""), None);
    }

    /// The compact queries compile and colour the samples of the test projects' requests, in
    /// every built-in target, exactly as the grammars' whole queries do.
    #[test]
    fn compact_queries_colour_samples_as_the_whole_queries_do() {
        let mut corpus: Vec<(&'static crate::targets::Language, String)> = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/har");
        let targets = crate::targets::SampleTarget::BUILTIN;
        for file in ["capture.har", "kinds.har", "form-body.har", "requests-list.json"] {
            let path = root.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            let har = crate::HarSamples::new(&text, &path, targets).unwrap();
            for request in har.render(0..har.len(), targets).unwrap() {
                for (sample, target) in request.samples.iter().zip(targets) {
                    corpus.push((target.language, sample.code.clone()));
                }
            }
        }
        corpus.push((
            &crate::targets::languages::JSON,
            "{\"a\": [1, true, null, \"<b>\"], \"b\": {\"c\": -2.5e3}}".into(),
        ));
        let mut compacted = 0;
        for language in crate::highlight::all_languages() {
            let grammar = (language.grammar)();
            let Some(compact) = query(language.name, &grammar.highlights) else { continue };
            compacted += 1;
            let whole = crate::highlight::configuration(language, &grammar.highlights).unwrap();
            let small = crate::highlight::configuration(language, &compact).expect(language.name);
            for (_, code) in corpus.iter().filter(|(l, _)| l.name == language.name) {
                assert_eq!(
                    crate::highlight::with_configuration(&small, code, &[]),
                    crate::highlight::with_configuration(&whole, code, &[]),
                    "{}: {code}",
                    language.name
                );
            }
        }
        assert!(compacted > 0);
    }
}

/// Remakes `patterns.rs` from a corpus of samples: `APIGLOT_HIGHLIGHT_CORPUS` lists Markdown
/// files or folders of them (colon-separated), whose fenced blocks are read by their info
/// string (`apiglot build` pages, `apiglot samples` output). Keeps each pattern that matches
/// anything in a block of its language, then checks that the corpus is coloured exactly as
/// with the whole queries. `cargo test --release --lib regenerate -- --ignored --nocapture`
#[cfg(test)]
mod regenerate {
    use super::*;
    use std::collections::BTreeSet;
    use std::fmt::Write;

    fn markdown_files(path: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                markdown_files(&entry.unwrap().path(), files);
            }
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path.to_path_buf());
        }
    }

    /// The fenced blocks of a Markdown text: (first word of the info string, code).
    fn blocks(text: &str) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            let ticks = line.len() - line.trim_start_matches('`').len();
            if ticks < 3 {
                continue;
            }
            let info = line[ticks..].split_whitespace().next().unwrap_or("").to_string();
            let fence = &line[..ticks];
            let mut code = String::new();
            for line in lines.by_ref() {
                if line == fence {
                    break;
                }
                code.push_str(line);
                code.push('\n');
            }
            found.push((info, code.trim_end().to_string()));
        }
        found
    }

    #[test]
    #[ignore = "remakes src/highlight/compact/patterns.rs from a corpus of samples"]
    fn regenerate() {
        let corpus = std::env::var("APIGLOT_HIGHLIGHT_CORPUS").expect("APIGLOT_HIGHLIGHT_CORPUS");
        let mut files = Vec::new();
        for part in corpus.split(':') {
            markdown_files(std::path::Path::new(part), &mut files);
        }
        let mut codes: Vec<(String, String)> = Vec::new();
        for file in &files {
            codes.extend(blocks(&std::fs::read_to_string(file).unwrap()));
        }
        let mut seen = BTreeSet::new();
        codes.retain(|c| seen.insert(c.clone()));
        let mut out = String::from(
            "//! Generated by `compact::regenerate` (see there): for each language, the hash and pattern\n\
             //! count of the grammar's highlight query this list was made from, and the indices of the\n\
             //! patterns that samples use.\n\n\
             /// (language, FNV-1a hash of the whole query, its pattern count, patterns kept)\n\
             pub const KEPT: &[(&str, u64, usize, &[u16])] = &[\n",
        );
        for language in crate::highlight::all_languages() {
            let code: Vec<&str> = codes
                .iter()
                .filter(|(info, _)| language.infos.contains(&info.as_str()))
                .map(|(_, c)| c.as_str())
                .collect();
            if code.is_empty() {
                eprintln!("{}: no sample in the corpus, the whole query stays", language.name);
                continue;
            }
            let grammar = (language.grammar)();
            let query = tree_sitter::Query::new(&grammar.language, &grammar.highlights).unwrap();
            let mut parser = tree_sitter::Parser::new();
            parser.set_language(&grammar.language).unwrap();
            let mut kept = BTreeSet::new();
            for text in &code {
                let tree = parser.parse(text, None).unwrap();
                let mut cursor = tree_sitter::QueryCursor::new();
                use tree_sitter::StreamingIterator;
                let mut matches = cursor.matches(&query, tree.root_node(), text.as_bytes());
                while let Some(m) = matches.next() {
                    kept.insert(m.pattern_index as u16);
                }
            }
            // The compact query must colour every block as the whole one does.
            let ranges = split(&grammar.highlights).unwrap();
            let compact: String =
                kept.iter().map(|&i| format!("{}\n", &grammar.highlights[ranges[i as usize].clone()])).collect();
            let whole = crate::highlight::configuration(language, &grammar.highlights).unwrap();
            let small = crate::highlight::configuration(language, &compact).unwrap();
            for text in &code {
                assert_eq!(
                    crate::highlight::with_configuration(&small, text, &[]),
                    crate::highlight::with_configuration(&whole, text, &[]),
                    "{}: {text}",
                    language.name
                );
            }
            eprintln!("{}: {} blocks, {} of {} patterns", language.name, code.len(), kept.len(), ranges.len());
            let list: Vec<String> = kept.iter().map(u16::to_string).collect();
            writeln!(
                out,
                "    ({:?}, 0x{:016x}, {}, &[{}]),",
                language.name,
                fnv1a(&grammar.highlights),
                ranges.len(),
                list.join(", ")
            )
            .unwrap();
        }
        out.push_str("];\n");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/highlight/compact/patterns.rs");
        std::fs::write(path, out).unwrap();
    }
}
