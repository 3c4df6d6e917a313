//! The sample targets: one folder per client (`src/targets/<id>/`) holds its template, its
//! reader for `check` and its grammar for highlighting; [`SampleTarget::BUILTIN`] lists them.
//! What several clients share stays shared: string literals per language (`lang`), the
//! reading helpers (`parse`), the highlighter (`highlight`).

use std::borrow::Cow;

use crate::parse::Analysis;

pub mod languages;
pub(crate) mod prepared;

/// The built-in targets in the default page order. Adding a client is adding its folder and
/// its name here: the macro declares each folder's module and lists its `TARGET`.
macro_rules! registry {
    ($($client:ident),* $(,)?) => {
        $(pub mod $client;)*

        impl SampleTarget {
            /// Every built-in target, in the default page order.
            pub const BUILTIN: &'static [SampleTarget] = &[$($client::TARGET),*];
        }
    };
}

registry! {
    curl,
    csharp,
    go,
    java,
    node,
    objc,
    php,
    python,
    ruby,
    swift,
    node_fetch,
    java_httpclient,
    python_requests,
    python_httpx,
    csharp_httpclient,
    php_guzzle,
    ruby_faraday,
    java_okhttp,
    go_resty,
    rust_reqwest,
    r_httr,
    powershell,
    dart_http,
    javascript_fetch,
    httpie,
    wget,
    kotlin_okhttp,
}

/// A language and client library that every request is rendered into.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct SampleTarget {
    /// Identifier used in `apiglot.toml` and in template names (`samples/<id>.tera`).
    pub id: &'static str,
    /// The name readers know the target by.
    pub label: &'static str,
    /// The programming language (or shell) of the sample, shared by its clients.
    #[serde(skip)]
    pub language: &'static Language,
    /// The client the sample uses.
    pub client: &'static str,
    /// The extension of a file holding one sample, e.g. `py`.
    pub extension: &'static str,
    /// The runtime and library the test harness executes the samples with
    /// (`tests/testsuite/run.rs`), or None where they are only parsed.
    pub runs_on: Option<&'static str>,
    /// Text that only a sample using this client holds (its class or call names): tells two
    /// clients of one language apart, and a sample of ours from one of a client apiglot does
    /// not render.
    #[serde(skip)]
    pub markers: &'static [&'static str],
    /// Does code without an info string or markers look like this target? Asked in
    /// `BUILTIN` order; None for a client known by its markers alone.
    #[serde(skip)]
    pub sniff: Option<fn(&str) -> bool>,
    /// The built-in template (`template.tera` in the target's folder); a project's
    /// `templates/samples/<id>.tera` overrides it.
    #[serde(skip)]
    pub template: &'static str,
    /// Reads a published sample back into the request it sends, and what would break it.
    #[serde(skip)]
    pub analyze: fn(&str) -> Analysis,
    /// String literal writers of the target's own, each a template filter by its name (a
    /// language's writers that several clients share are in `lang`).
    #[serde(skip)]
    pub literals: &'static [Literal],
    /// Puts the request's values this target's built-in template uses, already written as its
    /// literals, into the template's context (`prepared.rs` in the target's folder); None
    /// where the template writes them with filters.
    #[serde(skip)]
    pub prepare: Option<fn(&mut tera::Context, &crate::request::Request)>,
}

/// A template filter that writes any string as one literal of the target's language, exactly.
#[derive(Debug, Clone, Copy)]
pub struct Literal {
    /// The filter's name in templates, e.g. `kt` in `{{ r.url | kt }}`.
    pub name: &'static str,
    pub write: fn(&str) -> String,
}

/// Does `code` hold any of `markers`?
pub fn any_marker(code: &str, markers: &[&str]) -> bool {
    markers.iter().any(|m| code.contains(m))
}

/// A language and what all its clients share.
#[derive(Debug)]
pub struct Language {
    /// Its name, e.g. `Python`.
    pub name: &'static str,
    /// The fenced code block's info string apiglot writes, e.g. `bash` for the shell.
    pub info: &'static str,
    /// Fence info strings that name it on published pages (`python`, `py`).
    pub infos: &'static [&'static str],
    /// Its tree-sitter grammar and highlight query.
    pub grammar: fn() -> Grammar,
}

/// A language's tree-sitter grammar and its highlight query.
pub struct Grammar {
    pub language: tree_sitter::Language,
    pub highlights: Cow<'static, str>,
}

/// Targets are the same target when their ids are.
impl PartialEq for SampleTarget {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for SampleTarget {}

impl SampleTarget {
    pub fn by_id(id: &str) -> Option<SampleTarget> {
        Self::BUILTIN.iter().copied().find(|t| t.id == id)
    }

    /// The targets a project without `targets` in apiglot.toml renders: one client for each
    /// language of the first release, in `BUILTIN` order. Clients and languages added since
    /// are chosen by name, so that upgrading apiglot never changes a project's pages.
    pub const DEFAULT_IDS: [&'static str; 10] =
        ["curl", "csharp", "go", "java", "node", "objc", "php", "python", "ruby", "swift"];

    pub fn defaults() -> Vec<SampleTarget> {
        Self::DEFAULT_IDS.iter().filter_map(|id| Self::by_id(id)).collect()
    }

    pub fn ids() -> Vec<&'static str> {
        Self::BUILTIN.iter().map(|t| t.id).collect()
    }

    /// The name of this target's Tera template.
    pub fn template_name(&self) -> String {
        format!("samples/{}.tera", self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::SampleTarget;

    #[test]
    fn the_defaults_are_registered_and_one_per_language() {
        let defaults = SampleTarget::defaults();
        assert_eq!(defaults.len(), SampleTarget::DEFAULT_IDS.len(), "every default id is registered");
        for (i, t) in defaults.iter().enumerate() {
            assert!(
                defaults[..i].iter().all(|o| o.language.name != t.language.name),
                "{}: a second default client of {}",
                t.id,
                t.language.name
            );
        }
    }
}
