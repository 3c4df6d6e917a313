//! `apiglot.toml`: the locales, the targets and their order, the host placeholder, the formats.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Location, Result};
use crate::targets::SampleTarget;

/// The project's settings. Every field has a default, so an empty file is a valid project.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Locales to render, in order; each is a folder under `locales/`.
    pub locales: Vec<String>,
    /// The last locale of every fallback chain; it must hold every message.
    pub default_locale: String,
    /// Explicit fallback chains, e.g. `"fr-CA" = ["fr"]`; otherwise a locale falls back to its
    /// parent (fr-CA to fr) and then to `default_locale`.
    pub fallback: BTreeMap<String, Vec<String>>,
    /// Sample targets, in the order the page shows them.
    pub targets: Vec<String>,
    /// How a templated server host is spelled in every sample, e.g. `{yourDomain}`.
    pub host_placeholder: String,
    /// Output formats: `md`, `html`.
    pub formats: Vec<Format>,
    /// What the Markdown output is written for: `plain`, `mdbook`, `docusaurus`, `mintlify`.
    pub flavor: Flavor,
    /// Settings of `apiglot check`.
    pub check: CheckConfig,
    /// What counts as translated.
    pub translation: TranslationConfig,
}

/// What counts as translated: a message identical to its English source is reported as
/// untranslated unless what is left of it, once these words are taken out, has no word.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TranslationConfig {
    /// Words and names that stay the same in every language, e.g. "Auth0 Dashboard".
    pub same_as_source: Vec<String>,
}

/// How `apiglot check` reads published pages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// Other spellings of the host placeholder that published pages use, e.g.
    /// `your_auth0_domain`; any templated host already counts as the same placeholder.
    pub host_spellings: Vec<String>,
    /// Pages whose endpoint or locale cannot be told from their content: the key is the end
    /// of the page's path or URL, e.g. `"docs/ja/remove.txt" = { endpoint = "...", locale = "ja" }`.
    pub pages: BTreeMap<String, PageMapping>,
    /// Spellings published pages use for a placeholder that the placeholder rule does not
    /// recognize, e.g. `ORG_ID = ["org", "my-org"]`: where the source has `ORG_ID`, these match,
    /// and they are accepted (not listed in the page's cosmetic finding on spellings).
    pub placeholder_aliases: BTreeMap<PlaceholderName, Vec<AliasSpelling>>,
}

/// A key of `placeholder_aliases`: a placeholder name as samples show it (`ORG_ID`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlaceholderName(pub String);

impl<'de> Deserialize<'de> for PlaceholderName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        if !crate::request::is_placeholder_name(&name) {
            return Err(serde::de::Error::custom(format!(
                "`{name}` is not a placeholder name: a key of placeholder_aliases is a placeholder as samples show it, in capital letters, digits and underscores (ORG_ID)"
            )));
        }
        Ok(PlaceholderName(name))
    }
}

/// A value of `placeholder_aliases`: one token as a page spells it, without blanks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasSpelling(pub String);

impl<'de> Deserialize<'de> for AliasSpelling {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let spelling = String::deserialize(d)?;
        if spelling.is_empty() || spelling.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(serde::de::Error::custom(format!(
                "placeholder alias {spelling:?} is empty or holds a blank or control character: an alias is one token as the page spells it, e.g. \"org\""
            )));
        }
        Ok(AliasSpelling(spelling))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMapping {
    pub endpoint: Option<String>,
    pub locale: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Md,
    Html,
}

/// The site generator the Markdown output is written for, so a team keeps its generator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    /// CommonMark with GFM tables: `<locale>/<guide>.md`.
    #[default]
    Plain,
    /// Plain pages plus `<locale>/SUMMARY.md` and `books/<locale>/book.toml`.
    Mdbook,
    /// MDX with the samples in one `<Tabs groupId="apiglot-target">`: `<locale>/<guide>.mdx`.
    Docusaurus,
    /// MDX with front matter and the samples in one `<CodeGroup>`: `<locale>/<guide>.mdx`.
    Mintlify,
}

impl Flavor {
    pub const ALL: [Flavor; 4] = [Flavor::Plain, Flavor::Mdbook, Flavor::Docusaurus, Flavor::Mintlify];

    pub fn name(self) -> &'static str {
        match self {
            Flavor::Plain => "plain",
            Flavor::Mdbook => "mdbook",
            Flavor::Docusaurus => "docusaurus",
            Flavor::Mintlify => "mintlify",
        }
    }

    /// MDX reads `{`, `}` and `<` in text as code, so its prose escapes them.
    pub fn is_mdx(self) -> bool {
        matches!(self, Flavor::Docusaurus | Flavor::Mintlify)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            locales: vec!["en".to_string()],
            default_locale: "en".to_string(),
            fallback: BTreeMap::new(),
            targets: SampleTarget::defaults().iter().map(|t| t.id.to_string()).collect(),
            host_placeholder: "{yourDomain}".to_string(),
            formats: vec![Format::Md, Format::Html],
            flavor: Flavor::Plain,
            check: CheckConfig::default(),
            translation: TranslationConfig::default(),
        }
    }
}

impl CheckConfig {
    /// `placeholder_aliases` as plain strings, for the comparison.
    pub fn aliases(&self) -> BTreeMap<String, Vec<String>> {
        self.placeholder_aliases
            .iter()
            .map(|(name, spellings)| (name.0.clone(), spellings.iter().map(|s| s.0.clone()).collect()))
            .collect()
    }
}

/// The folders apiglot writes at the top of the output, which no locale's folder may be.
const OUTPUT_FOLDERS: &[(&str, &str)] =
    &[("assets", "the site's stylesheet and script (assets/)"), ("books", "the mdBook settings (books/)")];

impl Config {
    /// Parses `apiglot.toml` text; `file` is only used in errors.
    pub fn parse(file: &Path, source: &str) -> Result<Config> {
        let config: Config = toml::from_str(source).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            Error::input(
                Location::at_offset(file, source, offset),
                e.message().to_string(),
                "see the apiglot.toml section of the README for the fields and their types",
            )
        })?;
        for target in &config.targets {
            if SampleTarget::by_id(target).is_none() {
                return Err(Error::input(
                    Location::of_text(file, source, &format!("\"{target}\"")),
                    format!("unknown target `{target}`"),
                    format!("use one of: {}", SampleTarget::ids().join(", ")),
                ));
            }
        }
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (name, spellings) in &config.check.placeholder_aliases {
            for spelling in spellings {
                if let Some(other) = seen.insert(&spelling.0, &name.0).filter(|other| *other != name.0) {
                    return Err(Error::input(
                        Location::at_offset(file, source, source.rfind(&format!("\"{}\"", spelling.0)).unwrap_or(0)),
                        format!("placeholder alias `{}` is given for both {other} and {}", spelling.0, name.0),
                        "give each alias to one placeholder only",
                    ));
                }
            }
        }
        // Each locale is a folder at the top of the output, beside apiglot's own.
        for locale in &config.locales {
            if let Some(what) =
                OUTPUT_FOLDERS.iter().find(|(name, _)| locale.eq_ignore_ascii_case(name)).map(|(_, w)| w)
            {
                return Err(Error::input(
                    Location::of_text(file, source, &format!("\"{locale}\"")),
                    format!("locale `{locale}` would share its output folder with {what}"),
                    "name the locale by its language tag (e.g. `en`, `pt-BR`)",
                ));
            }
        }
        if !config.locales.contains(&config.default_locale) {
            return Err(Error::input(
                Location::of_text(file, source, "locales"),
                format!("default locale `{}` is not in `locales`", config.default_locale),
                "add it to `locales` or change `default_locale`",
            ));
        }
        Ok(config)
    }

    /// The chain of locales whose messages `locale` may use, most specific first.
    pub fn fallback_chain(&self, locale: &str) -> Vec<String> {
        let mut chain = vec![locale.to_string()];
        if let Some(explicit) = self.fallback.get(locale) {
            chain.extend(explicit.iter().cloned());
        } else {
            let mut parent = locale;
            while let Some(cut) = parent.rfind(['-', '_']) {
                parent = &parent[..cut];
                chain.push(parent.to_string());
            }
        }
        chain.push(self.default_locale.clone());
        let mut seen = std::collections::HashSet::new();
        chain.retain(|l| seen.insert(l.clone()));
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_goes_to_parent_then_default() {
        let config = Config::default();
        assert_eq!(config.fallback_chain("fr-CA"), ["fr-CA", "fr", "en"]);
        assert_eq!(config.fallback_chain("en"), ["en"]);
    }

    #[test]
    fn explicit_fallback_wins() {
        let mut config = Config::default();
        config.fallback.insert("pt-BR".into(), vec!["pt-PT".into()]);
        assert_eq!(config.fallback_chain("pt-BR"), ["pt-BR", "pt-PT", "en"]);
    }

    #[test]
    fn placeholder_aliases_are_read_and_bad_ones_named_at_their_place() {
        let file = Path::new("apiglot.toml");
        let good = "[check]\nplaceholder_aliases = { ORG_ID = [\"org\", \"the-org\"] }\n";
        let config = Config::parse(file, good).unwrap();
        assert_eq!(config.check.aliases()["ORG_ID"], ["org", "the-org"]);

        let blank = "[check]\nplaceholder_aliases = { ORG_ID = [\"org\", \"the org\"] }\n";
        let text = Config::parse(file, blank).unwrap_err().to_string();
        assert!(text.starts_with("apiglot.toml:2:"), "{text}");
        assert!(text.contains("\"the org\"") && text.contains("one token"), "{text}");

        let lower = "[check.placeholder_aliases]\norg_id = [\"org\"]\n";
        let text = Config::parse(file, lower).unwrap_err().to_string();
        assert!(text.starts_with("apiglot.toml:2:1:") && text.contains("`org_id` is not a placeholder name"), "{text}");

        let not_a_list = "[check.placeholder_aliases]\nORG_ID = \"org\"\n";
        assert!(Config::parse(file, not_a_list).unwrap_err().to_string().starts_with("apiglot.toml:2:10:"));

        let twice = "[check.placeholder_aliases]\nORG_ID = [\"org\"]\nUSER_ID = [\"org\"]\n";
        let text = Config::parse(file, twice).unwrap_err().to_string();
        assert!(text.contains("`org` is given for both ORG_ID and USER_ID"), "{text}");
    }

    #[test]
    fn a_locale_cannot_be_an_output_folder_of_apiglot() {
        let text = "locales = [\"en\", \"Assets\"]\n";
        let err = Config::parse(Path::new("apiglot.toml"), text).unwrap_err().to_string();
        assert!(err.starts_with("apiglot.toml:1:18:"), "{err}");
        assert!(err.contains("locale `Assets` would share its output folder with the site's stylesheet"), "{err}");
        assert!(Config::parse(Path::new("apiglot.toml"), "locales = [\"en\", \"pt-BR\"]\ndefault_locale = \"en\"\n")
            .is_ok());
    }

    #[test]
    fn unknown_field_names_line_and_column() {
        let err = Config::parse(Path::new("apiglot.toml"), "locales = [\"en\"]\ncolour = 1\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("apiglot.toml:2:1:"), "{text}");
        assert!(text.contains("colour"), "{text}");
    }
}
