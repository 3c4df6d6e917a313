//! The tree-sitter grammars apiglot parses and highlights with, their large tables unpacked
//! the first time each is used (build.rs packs them: 19 MB of the binary become about 1 MB).

mod pack;

use std::sync::Once;
use tree_sitter_language::LanguageFn;

/// Where a grammar's language comes from.
pub enum Source {
    /// build.rs packed it: our copy of the grammar, its table filled on first use.
    Packed(Packed),
    /// build.rs could not pack it (see its warning): the grammar crate's own language.
    #[allow(dead_code)] // only when build.rs falls back
    Plain(LanguageFn),
}

/// A grammar whose large parse table is zeroed memory in the C object until `unpacked` runs.
pub struct Packed {
    language: unsafe extern "C" fn() -> *const (),
    table: unsafe extern "C" fn() -> *mut u16,
    cells: usize,
    packed: &'static [u8],
    #[allow(dead_code)] // read by the tests
    checksum: u64,
    unpacked: Once,
}

impl Packed {
    /// The table, filled from the packed bytes once per process.
    fn table(&self) -> &'static [u16] {
        // SAFETY: `table` returns the C array `ts_parse_table[LARGE_STATE_COUNT][SYMBOL_COUNT]`
        // of this grammar's object, `cells` long (build.rs read both from the same parser.c).
        // It is static and has no initializer, so it lives as long as the process and starts
        // zeroed, as `unpack` requires. It is written only here,
        // inside `call_once`, before any reader: every reader first goes through `call_once`,
        // which orders that write before their reads.
        let table = unsafe { (self.table)() };
        self.unpacked.call_once(|| {
            let cells = unsafe { std::slice::from_raw_parts_mut(table, self.cells) };
            pack::unpack(self.packed, cells).expect("build.rs packed this table for this many cells");
        });
        unsafe { std::slice::from_raw_parts(table, self.cells) }
    }
}

impl Source {
    /// The language, ready to parse with.
    pub fn language(&self) -> tree_sitter::Language {
        match self {
            Source::Packed(packed) => {
                packed.table();
                // SAFETY: `language` is the grammar's `tree_sitter_<name>` function (renamed by
                // build.rs), which returns a pointer to its static TSLanguage; its table is
                // filled just above.
                tree_sitter::Language::new(unsafe { LanguageFn::from_raw(packed.language) })
            }
            Source::Plain(language) => tree_sitter::Language::new(*language),
        }
    }
}

#[allow(clippy::all)]
mod generated {
    use super::{Packed, Source};
    include!(concat!(env!("OUT_DIR"), "/grammars.rs"));
}

/// `bash()`, `c_sharp()`, … (one function per grammar build.rs lists) and `ALL`.
pub use generated::*;

#[cfg(test)]
mod tests {
    use super::*;

    /// CI builds must pack every grammar: a silent fallback would put 19 MB back.
    #[test]
    fn every_grammar_is_packed() {
        let plain: Vec<&str> =
            ALL.iter().filter(|(_, source)| matches!(source, Source::Plain(_))).map(|(name, _)| *name).collect();
        assert!(plain.is_empty(), "build.rs fell back to the crates' own tables of {plain:?}; see its cargo warning");
    }

    #[test]
    fn every_unpacked_table_is_the_table_that_was_packed_and_parses() {
        for (name, source) in ALL {
            if let Source::Packed(packed) = source {
                assert_eq!(pack::checksum(packed.table()), packed.checksum, "{name}");
            }
            let language = source.language();
            assert!(language.node_kind_count() > 10, "{name}");
            let mut parser = tree_sitter::Parser::new();
            parser.set_language(&language).unwrap_or_else(|e| panic!("{name}: {e}"));
            let tree = parser.parse("x", None).expect("a parse");
            assert!(tree.root_node().end_byte() <= 1, "{name}");
        }
    }

    #[test]
    fn grammars_are_unpacked_once_from_many_threads() {
        let trees: Vec<String> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        let mut parser = tree_sitter::Parser::new();
                        parser.set_language(&c_sharp()).unwrap();
                        parser.parse("var x = new HttpClient();", None).unwrap().root_node().to_sexp()
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        assert!(trees.iter().all(|t| t == &trees[0] && !t.contains("ERROR")), "{trees:?}");
    }
}
