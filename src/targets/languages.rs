//! The languages of the targets: what every client of a language shares (its fence info
//! strings, its tree-sitter grammar and highlight query), declared once.

use super::{Grammar, Language};

pub const SHELL: Language =
    Language { name: "Shell", info: "bash", infos: &["bash", "sh", "shell", "curl", "console", "zsh"], grammar: shell };

fn shell() -> Grammar {
    Grammar { language: crate::grammars::bash(), highlights: tree_sitter_bash::HIGHLIGHT_QUERY.into() }
}

pub const CSHARP: Language = Language { name: "C#", info: "csharp", infos: &["csharp", "cs", "c#"], grammar: csharp };

fn csharp() -> Grammar {
    Grammar { language: crate::grammars::c_sharp(), highlights: tree_sitter_c_sharp::HIGHLIGHTS_QUERY.into() }
}

pub const GO: Language = Language { name: "Go", info: "go", infos: &["go", "golang"], grammar: go };

fn go() -> Grammar {
    Grammar { language: crate::grammars::go(), highlights: tree_sitter_go::HIGHLIGHTS_QUERY.into() }
}

pub const JAVA: Language = Language { name: "Java", info: "java", infos: &["java"], grammar: java };

fn java() -> Grammar {
    Grammar { language: crate::grammars::java(), highlights: tree_sitter_java::HIGHLIGHTS_QUERY.into() }
}

pub const JAVASCRIPT: Language = Language {
    name: "JavaScript",
    info: "javascript",
    infos: &["javascript", "js", "node", "nodejs", "mjs"],
    grammar: javascript,
};

fn javascript() -> Grammar {
    Grammar { language: crate::grammars::javascript(), highlights: tree_sitter_javascript::HIGHLIGHT_QUERY.into() }
}

pub const OBJC: Language =
    Language { name: "Objective-C", info: "objectivec", infos: &["objectivec", "objective-c", "objc"], grammar: objc };

fn objc() -> Grammar {
    // Objective-C's query extends C's (`; inherits: c`), so C's comes first.
    Grammar {
        language: crate::grammars::objc(),
        highlights: format!("{}\n{}", tree_sitter_c::HIGHLIGHT_QUERY, tree_sitter_objc::HIGHLIGHTS_QUERY).into(),
    }
}

pub const PHP: Language = Language { name: "PHP", info: "php", infos: &["php"], grammar: php };

fn php() -> Grammar {
    // Samples are PHP statements without the opening tag.
    Grammar { language: crate::grammars::php_only(), highlights: tree_sitter_php::HIGHLIGHTS_QUERY.into() }
}

pub const PYTHON: Language =
    Language { name: "Python", info: "python", infos: &["python", "py", "python3"], grammar: python };

fn python() -> Grammar {
    Grammar { language: crate::grammars::python(), highlights: tree_sitter_python::HIGHLIGHTS_QUERY.into() }
}

pub const RUBY: Language = Language { name: "Ruby", info: "ruby", infos: &["ruby", "rb"], grammar: ruby };

fn ruby() -> Grammar {
    Grammar { language: crate::grammars::ruby(), highlights: tree_sitter_ruby::HIGHLIGHTS_QUERY.into() }
}

pub const SWIFT: Language = Language { name: "Swift", info: "swift", infos: &["swift"], grammar: swift };

fn swift() -> Grammar {
    Grammar { language: crate::grammars::swift(), highlights: tree_sitter_swift::HIGHLIGHTS_QUERY.into() }
}

pub const KOTLIN: Language =
    Language { name: "Kotlin", info: "kotlin", infos: &["kotlin", "kt", "kts"], grammar: kotlin };

fn kotlin() -> Grammar {
    // The grammar crate ships no highlight query: apiglot's own is next to this file.
    Grammar { language: crate::grammars::kotlin(), highlights: include_str!("kotlin.scm").into() }
}

pub const RUST: Language = Language { name: "Rust", info: "rust", infos: &["rust", "rs"], grammar: rust };

fn rust() -> Grammar {
    Grammar { language: crate::grammars::rust(), highlights: tree_sitter_rust::HIGHLIGHTS_QUERY.into() }
}

pub const R: Language = Language { name: "R", info: "r", infos: &["r", "rscript", "splus"], grammar: r };

fn r() -> Grammar {
    Grammar { language: crate::grammars::r(), highlights: tree_sitter_r::HIGHLIGHTS_QUERY.into() }
}

pub const POWERSHELL: Language = Language {
    name: "PowerShell",
    info: "powershell",
    infos: &["powershell", "pwsh", "ps1", "ps"],
    grammar: powershell,
};

fn powershell() -> Grammar {
    Grammar { language: crate::grammars::powershell(), highlights: tree_sitter_powershell::HIGHLIGHTS_QUERY.into() }
}

pub const DART: Language = Language { name: "Dart", info: "dart", infos: &["dart"], grammar: dart };

fn dart() -> Grammar {
    Grammar { language: crate::grammars::dart(), highlights: tree_sitter_dart::HIGHLIGHTS_QUERY.into() }
}

/// JSON, for response examples: no client's language, highlighted only.
pub const JSON: Language = Language { name: "JSON", info: "json", infos: &["json"], grammar: json };

fn json() -> Grammar {
    Grammar { language: crate::grammars::json(), highlights: tree_sitter_json::HIGHLIGHTS_QUERY.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language's grammar loads in this tree-sitter and its highlight query compiles.
    #[test]
    fn every_language_grammar_loads_and_its_query_compiles() {
        for language in [
            &SHELL,
            &CSHARP,
            &GO,
            &JAVA,
            &JAVASCRIPT,
            &OBJC,
            &PHP,
            &PYTHON,
            &RUBY,
            &SWIFT,
            &KOTLIN,
            &RUST,
            &R,
            &POWERSHELL,
            &DART,
        ] {
            let grammar = (language.grammar)();
            let mut parser = tree_sitter::Parser::new();
            parser.set_language(&grammar.language).unwrap_or_else(|e| panic!("{}: {e}", language.name));
            assert!(parser.parse("x", None).is_some(), "{}", language.name);
            tree_sitter::Query::new(&grammar.language, &grammar.highlights)
                .unwrap_or_else(|e| panic!("{}: highlight query: {e}", language.name));
        }
    }
}
