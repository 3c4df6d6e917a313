//! The HTML site and the Markdown flavors: what a built page holds (tabs, notes, switcher,
//! offline assets), which raw HTML survives, and a golden page per flavor.

use std::path::Path;

use crate::helpers::{apiglot, example_project, repo};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_guide_page_is_one_tab_group_with_notes_a_switcher_and_only_local_resources() {
    let page = read(&repo().join("out/ja/remove-members.html"));
    let tabs: Vec<&str> = page
        .match_indices("role=\"tab\" id=\"tab-delete-organization-members-")
        .map(|(i, _)| i)
        .map(|i| {
            let rest = &page[i..];
            let label_start = rest.find('>').unwrap() + 1;
            &rest[label_start..label_start + rest[label_start..].find('<').unwrap()]
        })
        .collect();
    assert_eq!(tabs, ["cURL", "C#", "Go", "Java", "Node.js", "Obj-C", "PHP", "Python", "Ruby", "Swift"]);
    assert_eq!(page.matches("role=\"tabpanel\"").count(), 10);
    assert_eq!(page.matches("aria-selected=\"true\"").count(), 1, "one tab selected");
    assert_eq!(
        page.matches(" hidden>").count(),
        9 + 3 + 1,
        "nine panels hidden, two note holders, the note bubble and the empty search results"
    );
    assert_eq!(
        page.matches("<button type=\"button\" class=\"copy\" data-copied=\"コピーしました\">コピー</button>").count(),
        10
    );
    // Placeholders point at their description in the page's locale; the host too.
    assert!(page.contains("aria-describedby=\"ph-delete-organization-members-ORG_ID\">ORG_ID</span>"));
    assert!(
        page.contains("<div id=\"ph-delete-organization-members-ORG_ID\">メンバーシップを削除したい組織のID。</div>")
    );
    assert!(page.contains("aria-describedby=\"ph-host\">{yourDomain}</span>"));
    assert!(
        page.contains("<div id=\"ph-host\">Auth0テナントのドメイン（例：<code>example.us.auth0.com</code>）。</div>")
    );
    // Highlighted at build time: no highlighting library.
    assert!(page.contains("<span class=\"hl-keyword\">import</span> http.client\n"));
    // The switcher: the same guide in every configured locale, each named in its own words.
    assert!(page.contains("<a href=\"../fr/remove-members.html\" hreflang=\"fr\" lang=\"fr\">Français</a>"));
    assert!(page.contains(
        "<a href=\"../ja/remove-members.html\" hreflang=\"ja\" lang=\"ja\" aria-current=\"page\">日本語</a>"
    ));
    // Nothing outside the site: every src and href is relative.
    let references = regex::Regex::new(r#"(?:src|href)="([^"]*)""#).unwrap();
    for link in references.captures_iter(&page).map(|c| c[1].to_string()) {
        assert!(!link.contains("//") && !link.starts_with('/'), "not a local link: {link}");
    }
    assert!(!page.contains("__apiglot"), "the preview's reload script is never in built pages");
    for asset in ["assets/apiglot.css", "assets/apiglot.js"] {
        let text = read(&repo().join("out").join(asset));
        assert!(!text.contains("http://") && !text.contains("https://") && !text.contains("@import"), "{asset}");
    }
}

#[test]
fn every_locale_has_an_index_of_its_guides_and_the_site_a_home() {
    let index = read(&repo().join("out/fr/index.html"));
    assert!(index.contains("<html lang=\"fr\">") && index.contains("<h1>Guides</h1>"), "{index}");
    assert!(
        index.contains("<li><a href=\"remove-members.html\">Supprimer des membres d’une organisation</a></li>"),
        "{index}"
    );
    assert!(index.contains("href=\"assign-members.html\""), "{index}");
    let ja = read(&repo().join("out/ja/index.html"));
    assert!(
        ja.contains("<h1>ガイド</h1>") && ja.contains("<a href=\"remove-members.html\">組織からメンバーを削除する</a>"),
        "{ja}"
    );
    let home = read(&repo().join("out/index.html"));
    for locale in ["en", "ja", "fr"] {
        assert!(home.contains(&format!("href=\"{locale}/index.html\"")), "{home}");
    }
}

#[test]
fn raw_html_survives_only_in_messages_marked_html() {
    let project = example_project(Some(&repo().join("tests/cases/site/raw-html")));
    let run = apiglot(project.path(), &["build", "--locale", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&project.path().join("out/en/remove-members.html"));
    assert!(page.contains("<p>You can <em>remove</em> members"), "marked .html: kept\n{page}");
    assert!(
        page.contains(
            "<p>To remove members via the &lt;script&gt;alert(1)&lt;/script&gt; Auth0 Dashboard &amp; more:</p>"
        ),
        "unmarked: shown as text\n{page}"
    );
    assert!(!page.contains("<script>alert"), "no script from a message");
    assert!(page.contains("<title>Remove members &lt;i&gt;from&lt;/i&gt; organizations</title>"), "titles are text");
    assert!(page.contains("<td>ID of the &lt;b&gt;organization&lt;/b&gt;"), "table cells are text");
    assert!(
        page.contains("<div id=\"ph-delete-organization-members-ORG_ID\">ID of the &lt;b&gt;organization&lt;/b&gt;")
    );
}

/// Every file a flavor writes for the example project's English remove-members guide.
fn flavor_files(flavor: &str) -> Vec<(String, String)> {
    let project = example_project(None);
    let run = apiglot(project.path(), &["build", "--flavor", flavor, "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = project.path().join("out");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&out).sort_by_file_name() {
        let entry = entry.unwrap();
        let name = entry.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/");
        let wanted = name == "en/remove-members.md"
            || name == "en/remove-members.mdx"
            || name == "en/SUMMARY.md"
            || name == "books/en/book.toml";
        if entry.file_type().is_file() && wanted {
            files.push((name, read(entry.path())));
        }
    }
    files
}

#[test]
fn golden_page_of_each_markdown_flavor() {
    for flavor in ["plain", "mdbook", "docusaurus", "mintlify"] {
        let files = flavor_files(flavor);
        assert!(!files.is_empty(), "{flavor} wrote the page");
        for (name, text) in files {
            insta::assert_snapshot!(format!("{flavor}__{}", name.replace('/', "__")), text);
        }
    }
}

#[test]
fn the_plain_flavor_is_the_default_and_the_committed_markdown() {
    let plain = flavor_files("plain");
    assert_eq!(plain[0].1, read(&repo().join("out/en/remove-members.md")));
}

#[test]
fn mdx_flavors_escape_braces_and_tags_in_prose_but_not_in_code() {
    let project = example_project(Some(&repo().join("tests/cases/site/raw-html")));
    for flavor in ["docusaurus", "mintlify"] {
        let run = apiglot(project.path(), &["build", "--locale", "en", "--flavor", flavor]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let page = read(&project.path().join("out/en/remove-members.mdx"));
        assert!(
            page.contains("via the \\<script>alert(1)\\</script> Auth0"),
            "{flavor}: unmarked tags escaped\n{page}"
        );
        assert!(page.contains("You can <em>remove</em> members"), "{flavor}: marked HTML kept");
        assert!(page.contains("https://{yourDomain}/api/v2/"), "{flavor}: code untouched");
        assert!(!project.path().join("out/en/remove-members.md").exists(), "{flavor}: the plain page was replaced");
    }
}

#[test]
fn the_flavor_can_be_set_in_apiglot_toml() {
    let project = example_project(None);
    let config = project.path().join("apiglot.toml");
    std::fs::write(
        &config,
        format!("{}\nflavor = \"mintlify\"\n", read(&config).replace("[check]", "[_]").split("[_]").next().unwrap()),
    )
    .unwrap();
    let run = apiglot(project.path(), &["build", "--locale", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&project.path().join("out/en/remove-members.mdx")).contains("<CodeGroup>"));
    let bad = apiglot(project.path(), &["build", "--flavor", "hugo"]);
    assert_eq!(bad.code, 2, "an unknown flavor is a usage error");
}

/// Markdown with its code spans and code blocks (which show, never run) and its backslash
/// escapes (`\<` is a `<` shown as text) taken out: what a Markdown site reads as markup.
fn markup_of(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut code = Vec::new();
    for (event, range) in Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter() {
        if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))) {
            code.push(range);
        }
    }
    let mut kept = String::new();
    let mut at = 0;
    for range in code {
        if range.start >= at {
            kept.push_str(&markdown[at..range.start]);
            at = range.end;
        }
    }
    kept.push_str(&markdown[at..]);
    regex::Regex::new(r"\\[[:punct:]]").unwrap().replace_all(&kept, "·").into_owned()
}

/// A locale's `nav.js` is one assignment of JSON data, with no `<`, `>` or `&` that a title
/// could close a tag or a script with.
fn assert_nav_is_data(path: &std::path::Path) {
    let text = read(path);
    let json = text
        .split_once("\nwindow.apiglotNav = ")
        .and_then(|(comment, rest)| comment.starts_with("//").then_some(rest))
        .and_then(|rest| rest.strip_suffix(";\n"))
        .unwrap_or_else(|| panic!("{}: not one assignment: {text}", path.display()));
    assert!(!json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']), "{}: {json}", path.display());
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(value["groups"].is_array(), "{}", path.display());
}

/// Whatever in one built file could run a script, by kind of file.
fn scripts_in(name: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = text.to_ascii_lowercase();
    let refused_url = regex::Regex::new(r"^(?:javascript|vbscript|data):").unwrap();
    if name.ends_with(".html") {
        let own = ["<script src=\"../assets/apiglot.js\" defer></script>", "<script src=\"nav.js\" defer></script>"];
        let scripts = lower.matches("<script").count();
        let allowed = own.iter().map(|s| text.matches(s).count()).sum::<usize>();
        if scripts != allowed {
            found.push(format!("{} <script> besides the site's own", scripts - allowed));
        }
        let page = scraper::Html::parse_document(text);
        for element in page.root_element().descendent_elements() {
            for (attribute, value) in element.value().attrs() {
                let value: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
                if attribute.starts_with("on") || refused_url.is_match(&value.to_ascii_lowercase()) {
                    found.push(format!("<{} {attribute}=\"{value}\">", element.value().name()));
                }
            }
        }
    } else if name.ends_with(".md") || name.ends_with(".mdx") {
        if name.ends_with(".md") {
            // As mdBook renders it (pulldown-cmark with its extensions, heading attributes too).
            use pulldown_cmark::{Options, Parser};
            let options = Options::ENABLE_TABLES
                | Options::ENABLE_FOOTNOTES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_TASKLISTS
                | Options::ENABLE_HEADING_ATTRIBUTES;
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, options));
            let page = scraper::Html::parse_fragment(&html);
            for element in page.root_element().descendent_elements() {
                let tag = element.value().name();
                if tag == "script" {
                    found.push("a <script> element".to_string());
                }
                for (attribute, value) in element.value().attrs() {
                    let value: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
                    if attribute.starts_with("on") || refused_url.is_match(&value.to_ascii_lowercase()) {
                        found.push(format!("rendered <{tag} {attribute}=\"{value}\">"));
                    }
                }
            }
        }
        // Front matter is YAML (Mintlify's title), not Markdown: `quoted` writes no `<` there.
        let front_matter = regex::Regex::new(r"^---\n(?:.*\n)*?---\n").unwrap();
        if let Some(m) = front_matter.find(text) {
            if m.as_str().contains('<') {
                found.push(format!("a tag in the front matter: {}", m.as_str()));
            }
        }
        let body = front_matter.replace(text, "");
        let markup = markup_of(&body).to_ascii_lowercase();
        let patterns = [
            r"<script",
            r"<[a-z][^>]*\son[a-z]+\s*=",
            r#"<[a-z][^>]*=\s*["']?\s*(javascript|vbscript|data):"#,
            r"(\]\(|\]:|<)\s*<?\s*(javascript|vbscript|data):",
            r"&#0*106;|&#x0*6a;",
        ];
        for pattern in patterns {
            if let Some(m) = regex::Regex::new(pattern).unwrap().find(&markup) {
                found.push(format!("`{}` in {:?}", m.as_str(), &markup[m.start().saturating_sub(60)..m.end()]));
            }
        }
        if name.ends_with(".mdx") {
            for line in markup.lines() {
                let esm = line.trim_start().starts_with("import ") || line.trim_start().starts_with("export ");
                if esm && !line.starts_with("import tabs from") && !line.starts_with("import tabitem from") {
                    found.push(format!("an ESM line: {line}"));
                }
            }
            if let Some(i) = markup.find(['{', '}']) {
                found.push(format!(
                    "an MDX expression: {:?}",
                    &markup[i.saturating_sub(40)..(i + 40).min(markup.len())]
                ));
            }
        }
    }
    found
}

#[test]
fn a_hostile_project_writes_no_script_in_any_flavor_or_the_site() {
    let project = example_project(Some(&repo().join("tests/cases/site/hostile")));
    let directive = regex::Regex::new(r"(^|[^\\])\{\{\s*#").unwrap();
    for flavor in ["plain", "mdbook", "docusaurus", "mintlify"] {
        let out = format!("out-{flavor}");
        let run = apiglot(project.path(), &["build", "--flavor", flavor, "--out", &out]);
        assert_eq!(run.code, 0, "{flavor}: {}", run.stderr);
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(project.path().join(&out)) {
            let entry = entry.unwrap();
            let name = entry.path().to_string_lossy().into_owned();
            if name.ends_with("nav.js") {
                assert_nav_is_data(entry.path());
            }
            if !entry.file_type().is_file() || name.ends_with(".js") {
                continue;
            }
            let text = read(entry.path());
            let found = scripts_in(&name, &text);
            assert!(found.is_empty(), "{name}: {found:#?}");
            checked += 1;
        }
        assert!(checked >= 10, "{flavor}: {checked} files");
        if flavor == "mdbook" {
            let page = read(&project.path().join(&out).join("en/remove-members.md"));
            assert!(page.contains("\\{{#include ../../apiglot.toml}}"), "mdBook's include is escaped:\n{page}");
            assert!(!directive.is_match(&page), "no mdBook directive:\n{page}");
        }
        // The words around every payload are still there.
        let extension = if flavor == "docusaurus" || flavor == "mintlify" { "mdx" } else { "md" };
        for page in [format!("en/remove-members.{extension}"), "en/remove-members.html".to_string()] {
            let text = read(&project.path().join(&out).join(&page));
            for words in ["Intro text stays", "Marked text stays", "Step two stays", "Org cell stays", "safe link"] {
                assert!(text.contains(words), "{flavor} {page}: {words:?} is shown");
            }
        }
    }
}

#[test]
fn the_scanner_of_built_files_finds_each_kind_of_script() {
    let html =
        "<script src=\"../assets/apiglot.js\" defer></script><img src=x onerror=\"a()\"><a href=\" JaVaScRiPt:x\">";
    assert_eq!(scripts_in("p.html", html).len(), 2, "{:?}", scripts_in("p.html", html));
    assert_eq!(scripts_in("p.html", "<script>a()</script>").len(), 1);
    for bad in ["<script>", "<img src=x onerror=a()>", "[a](javascript:x)", "[r]: data:x", "<javascript:x>"] {
        assert_eq!(scripts_in("p.mdx", bad).len(), 1, "{bad}");
        assert!(!scripts_in("p.md", bad).is_empty(), "{bad}");
    }
    assert_eq!(scripts_in("p.md", "# x {onclick=y}").len(), 1, "a heading attribute");
    for fine in ["\\<script>", "`<script>`", "```\n<img onerror=x>\n```", "text javascript: text"] {
        assert!(scripts_in("p.md", fine).is_empty(), "{fine}");
    }
    assert_eq!(scripts_in("p.mdx", "export const a = 1\n{x}").len(), 2);
}

/// Descriptions of an imported OpenAPI spec become messages: their links and raw HTML pass
/// the same filter as any message's, in every flavor.
#[test]
fn imported_descriptions_lose_their_scripts_in_every_flavor() {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    std::fs::write(root.join("apiglot.toml"), "locales = [\"en\"]\nformats = [\"md\", \"html\"]\n").unwrap();
    std::fs::write(
        root.join("spec.yaml"),
        r#"openapi: 3.0.3
info: { title: t, version: "1" }
servers: [{ url: "https://api.example.com" }]
paths:
  /things/{thingId}:
    get:
      operationId: getThing
      summary: "Get a <img src=x onerror=alert(1)> thing"
      description: |
        Read [the docs](javascript:alert(2)) and ![a picture](JaVaScRiPt:alert(3)), see
        <a href="javascript:alert(4)" onclick="alert(5)">this</a> and [safe](https://example.com).
      parameters:
        - { name: thingId, in: path, required: true, description: "Id [x](vbscript:y) <svg onload=alert(6)>" }
      responses:
        "200": { description: "OK <script>alert(7)</script> [r](data:text/html,x)" }
"#,
    )
    .unwrap();
    let import = apiglot(root, &["import", "openapi", "spec.yaml"]);
    assert_eq!(import.code, 0, "{}", import.stderr);
    for flavor in ["plain", "mdbook", "docusaurus", "mintlify"] {
        let out = format!("out-{flavor}");
        let run = apiglot(root, &["build", "--flavor", flavor, "--out", &out]);
        assert_eq!(run.code, 0, "{flavor}: {}", run.stderr);
        for entry in walkdir::WalkDir::new(root.join(&out)) {
            let entry = entry.unwrap();
            let name = entry.path().to_string_lossy().into_owned();
            if entry.file_type().is_file() && !name.ends_with(".js") {
                let text = read(entry.path());
                assert!(scripts_in(&name, &text).is_empty(), "{name}: {:#?}\n{text}", scripts_in(&name, &text));
                if name.contains("get-thing") {
                    assert!(text.contains("the docs") && text.contains("a picture"), "{name}: link text kept\n{text}");
                }
            }
        }
    }
}

/// A project's own Markdown template gets every text of the page made safe, also the ones
/// the built-in templates leave out (placeholder notes, the host's note, control words).
#[test]
fn a_projects_markdown_template_sees_only_safe_text() {
    let project = example_project(Some(&repo().join("tests/cases/site/raw-html")));
    let root = project.path();
    std::fs::create_dir_all(root.join("templates/pages")).unwrap();
    std::fs::write(
        root.join("templates/pages/guide.md.tera"),
        "{% for ep in page.api.endpoints %}{% for n in ep.placeholder_notes %}{{ n.description.text }}\n\
         {% endfor %}{% endfor %}{{ page.host.description.text }}\n{{ page.ui.copy }}\n",
    )
    .unwrap();
    let ftl = root.join("locales/en/common.ftl");
    let common =
        read(&ftl).replace("ui-copy = ", "ui-copy = <b>*").replace("host-placeholder = ", "host-placeholder = <i>");
    std::fs::write(&ftl, common).unwrap();
    let run = apiglot(root, &["build", "--locale", "en", "--flavor", "mdbook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&root.join("out/en/remove-members.md"));
    assert!(page.contains("ID of the \\<b>organization\\</b>"), "{page}");
    assert!(page.contains("\\<i>"), "{page}");
    assert!(page.contains("\\<b\\>\\*"), "{page}");
    assert!(!regex::Regex::new(r"(^|[^\\])<[bi]>").unwrap().is_match(&page), "no tag unescaped\n{page}");
}
