//! The languages of the targets: what every client of a language shares (its fence info
//! strings, its tree-sitter grammar and highlight query), declared once.

use super::{Grammar, Language};

pub const SHELL: Language =
    Language { name: "Shell", info: "bash", infos: &["bash", "sh", "shell", "curl", "console", "zsh"], grammar: shell };

fn shell() -> Grammar {
    Grammar { language: tree_sitter_bash::LANGUAGE.into(), highlights: tree_sitter_bash::HIGHLIGHT_QUERY.into() }
}

pub const CSHARP: Language = Language { name: "C#", info: "csharp", infos: &["csharp", "cs", "c#"], grammar: csharp };

fn csharp() -> Grammar {
    Grammar { language: tree_sitter_c_sharp::LANGUAGE.into(), highlights: tree_sitter_c_sharp::HIGHLIGHTS_QUERY.into() }
}

pub const GO: Language = Language { name: "Go", info: "go", infos: &["go", "golang"], grammar: go };

fn go() -> Grammar {
    Grammar { language: tree_sitter_go::LANGUAGE.into(), highlights: tree_sitter_go::HIGHLIGHTS_QUERY.into() }
}

pub const JAVA: Language = Language { name: "Java", info: "java", infos: &["java"], grammar: java };

fn java() -> Grammar {
    Grammar { language: tree_sitter_java::LANGUAGE.into(), highlights: tree_sitter_java::HIGHLIGHTS_QUERY.into() }
}

pub const JAVASCRIPT: Language = Language {
    name: "JavaScript",
    info: "javascript",
    infos: &["javascript", "js", "node", "nodejs", "mjs"],
    grammar: javascript,
};

fn javascript() -> Grammar {
    Grammar {
        language: tree_sitter_javascript::LANGUAGE.into(),
        highlights: tree_sitter_javascript::HIGHLIGHT_QUERY.into(),
    }
}

pub const OBJC: Language =
    Language { name: "Objective-C", info: "objectivec", infos: &["objectivec", "objective-c", "objc"], grammar: objc };

fn objc() -> Grammar {
    // Objective-C's query extends C's (`; inherits: c`), so C's comes first.
    Grammar {
        language: tree_sitter_objc::LANGUAGE.into(),
        highlights: format!("{}\n{}", tree_sitter_c::HIGHLIGHT_QUERY, tree_sitter_objc::HIGHLIGHTS_QUERY).into(),
    }
}

pub const PHP: Language = Language { name: "PHP", info: "php", infos: &["php"], grammar: php };

fn php() -> Grammar {
    // Samples are PHP statements without the opening tag.
    Grammar {
        language: tree_sitter_php::LANGUAGE_PHP_ONLY.into(),
        highlights: tree_sitter_php::HIGHLIGHTS_QUERY.into(),
    }
}

pub const PYTHON: Language =
    Language { name: "Python", info: "python", infos: &["python", "py", "python3"], grammar: python };

fn python() -> Grammar {
    Grammar { language: tree_sitter_python::LANGUAGE.into(), highlights: tree_sitter_python::HIGHLIGHTS_QUERY.into() }
}

pub const RUBY: Language = Language { name: "Ruby", info: "ruby", infos: &["ruby", "rb"], grammar: ruby };

fn ruby() -> Grammar {
    Grammar { language: tree_sitter_ruby::LANGUAGE.into(), highlights: tree_sitter_ruby::HIGHLIGHTS_QUERY.into() }
}

pub const SWIFT: Language = Language { name: "Swift", info: "swift", infos: &["swift"], grammar: swift };

fn swift() -> Grammar {
    Grammar { language: tree_sitter_swift::LANGUAGE.into(), highlights: tree_sitter_swift::HIGHLIGHTS_QUERY.into() }
}
