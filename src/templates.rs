//! The Tera engine: built-in templates, project overrides, and the filters that write
//! literals for each target language.

use std::path::PathBuf;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::error::Error;
use crate::lang;
use crate::load::TemplateFile;
use crate::targets::SampleTarget;

/// The default page and asset templates, compiled into the binary; a project file of the same
/// name wins. Each target's sample template is in its folder (`src/targets/<id>/`).
pub const BUILTIN: &[(&str, &str)] = &[
    ("pages/guide.md.tera", include_str!("../templates/pages/guide.md.tera")),
    ("pages/guide.html.tera", include_str!("../templates/pages/guide.html.tera")),
    ("pages/index.html.tera", include_str!("../templates/pages/index.html.tera")),
    ("pages/home.html.tera", include_str!("../templates/pages/home.html.tera")),
    ("pages/SUMMARY.md.tera", include_str!("../templates/pages/SUMMARY.md.tera")),
    ("pages/book.toml.tera", include_str!("../templates/pages/book.toml.tera")),
    ("assets/apiglot.css.tera", include_str!("../templates/assets/apiglot.css.tera")),
    ("assets/apiglot.js.tera", include_str!("../templates/assets/apiglot.js.tera")),
];

/// A configured engine and where each overridden template came from.
pub struct Engine {
    pub tera: Tera,
    /// Name, file and text of each project template.
    overrides: Vec<(String, PathBuf, String)>,
}

impl Engine {
    pub fn new(overrides: &[TemplateFile]) -> Result<Engine, Error> {
        let mut engine = Engine {
            tera: Tera::new(),
            overrides: overrides.iter().map(|t| (t.name.clone(), t.path.clone(), t.source.clone())).collect(),
        };
        engine.tera.autoescape_on([".html.tera"]);
        register_filters(&mut engine.tera);
        let samples: Vec<(String, &str)> =
            SampleTarget::BUILTIN.iter().map(|t| (t.template_name(), t.template)).collect();
        let builtin = BUILTIN.iter().copied().chain(samples.iter().map(|(name, text)| (name.as_str(), *text)));
        let mut all: Vec<(&str, &str)> =
            builtin.filter(|(name, _)| !overrides.iter().any(|o| o.name == *name)).collect();
        all.extend(overrides.iter().map(|o| (o.name.as_str(), o.source.as_str())));
        if let Err(e) = engine.tera.add_raw_templates(all) {
            return Err(engine.error(&e));
        }
        Ok(engine)
    }

    /// An engine with only the built-in templates of `targets`, for `apiglot samples`, which
    /// renders no page and reads no project: compiling the other templates would only cost
    /// time before the first sample.
    pub fn for_samples(targets: &[SampleTarget]) -> Result<Engine, Error> {
        let mut engine = Engine { tera: Tera::new(), overrides: Vec::new() };
        register_filters(&mut engine.tera);
        let names: Vec<String> = targets.iter().map(SampleTarget::template_name).collect();
        let templates = names.iter().zip(targets).map(|(name, t)| (name.as_str(), t.template));
        if let Err(e) = engine.tera.add_raw_templates(templates) {
            return Err(engine.error(&e));
        }
        Ok(engine)
    }

    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Error> {
        self.tera.render(name, context).map_err(|e| self.error(&e))
    }

    /// Renders template `name` at the end of `out`, with no buffer of its own.
    pub fn render_to(&self, name: &str, context: &tera::Context, out: &mut Vec<u8>) -> Result<(), Error> {
        self.tera.render_to(name, context, out).map_err(|e| self.error(&e))
    }

    /// Line and column of the first `word` in project template `name`, else none (0, 0).
    fn position_of(&self, name: &str, word: &str) -> (usize, usize) {
        match self.overrides.iter().find(|(n, _, _)| n == name) {
            Some((_, _, source)) if source.contains(word) => {
                crate::error::line_col(source, source.find(word).unwrap_or(0))
            }
            _ => (0, 0),
        }
    }

    /// A Tera error as ours, with the template's file (when the project overrides it), line
    /// and column.
    fn error(&self, e: &tera::Error) -> Error {
        let (template, line, column, message) = match e.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => (
                report.filename().to_string(),
                report.span().start_line,
                report.span().start_col + 1,
                report.message().to_string(),
            ),
            tera::ErrorKind::MissingParent { current, parent } => {
                let (line, column) = self.position_of(current, "extends");
                (current.clone(), line, column, format!("it extends `{parent}`, which is no template"))
            }
            tera::ErrorKind::CircularExtend { tpl, .. } | tera::ErrorKind::CircularInclude { tpl, .. } => {
                (tpl.clone(), 0, 0, e.to_string())
            }
            _ => {
                let mut message = e.to_string();
                let mut source = std::error::Error::source(e);
                while let Some(s) = source {
                    message.push_str(&format!(": {s}"));
                    source = s.source();
                }
                // Checks made once every template is loaded (an include of a missing template)
                // come as a report: `error: ...` then ` --> name:line:column`.
                match reported_place(&message) {
                    Some((template, line, column, first)) => (template, line, column, first),
                    None => (String::new(), 0, 0, message),
                }
            }
        };
        // Tera reports an undefined variable as a type error; say what it is.
        let message =
            if message.contains("got `undefined`") { format!("this value is undefined ({message})") } else { message };
        let file = self.overrides.iter().find(|(name, _, _)| *name == template).map(|(_, p, _)| p.clone());
        Error::Template { template, file, line, column, message }
    }
}

/// The template, line, column and first message of a Tera report (`error: Unknown template
/// `x``, then ` --> samples/curl.tera:1:12`).
fn reported_place(report: &str) -> Option<(String, usize, usize, String)> {
    let mut lines = report.lines();
    let message = lines.next()?.trim().strip_prefix("error: ")?.to_string();
    let place = lines.next()?.trim().strip_prefix("--> ")?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, column, message))
}

fn to_json(value: &Value) -> TeraResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| tera::Error::message(format!("not a JSON value: {e}")))
}

fn quote_arg(kwargs: &Kwargs, default: char) -> TeraResult<char> {
    match kwargs.get::<&str>("quote")? {
        None => Ok(default),
        Some("'") => Ok('\''),
        Some("\"") => Ok('"'),
        Some(other) => Err(tera::Error::message(format!("quote must be ' or \", not {other}"))),
    }
}

/// A message for the `markdown` filters: a `Prose` object (text and its raw-HTML mark) or a
/// plain string (never raw HTML).
fn prose_of(value: &Value) -> TeraResult<(String, bool)> {
    match to_json(value)? {
        serde_json::Value::String(text) => Ok((text, false)),
        serde_json::Value::Object(map) => match (map.get("text"), map.get("html")) {
            (Some(serde_json::Value::String(text)), html) => Ok((text.clone(), html == Some(&true.into()))),
            _ => Err(tera::Error::message("markdown needs a message (text and html) or a string")),
        },
        other => Err(tera::Error::message(format!("markdown needs a message or a string, not {other}"))),
    }
}

fn register_filters(tera: &mut Tera) {
    // Messages as HTML: raw HTML only where the message is marked `.html`.
    tera.register_filter("markdown", |v: &Value, _: Kwargs, _: &State| -> TeraResult<Value> {
        let (text, html) = prose_of(v)?;
        Ok(Value::safe_string(&crate::render::html_fragment(&text, html)))
    });
    tera.register_filter("markdown_inline", |v: &Value, _: Kwargs, _: &State| -> TeraResult<Value> {
        let (text, html) = prose_of(v)?;
        Ok(Value::safe_string(&crate::render::html_inline(&text, html)))
    });
    // A string as a JSON (and so YAML and TOML basic) string literal, for front matter.
    // `<`, `>` and `&` are written as \u escapes: no tag in a page's front matter.
    tera.register_filter("quoted", |s: &str, _: Kwargs, _: &State| {
        serde_json::to_string(s)
            .unwrap_or_else(|_| "\"\"".to_string())
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    });
    // The writers a target declares in its folder (a language new with that client).
    for target in crate::targets::SampleTarget::BUILTIN {
        for literal in target.literals {
            let write = literal.write;
            tera.register_filter(literal.name, move |s: &str, _: Kwargs, _: &State| write(s));
        }
    }
    // A response example as highlighted HTML (`info="json"`), else escaped text.
    tera.register_filter("example_html", |s: &str, kw: Kwargs, _: &State| -> TeraResult<Value> {
        let html = match kw.get::<&str>("info")? {
            Some("json") => crate::highlight::json_to_html(s),
            _ => {
                let mut html = String::new();
                crate::highlight::escape_into(&mut html, s);
                html
            }
        };
        Ok(Value::safe_string(&html))
    });
    tera.register_filter("sh", |s: &str, _: Kwargs, _: &State| lang::shell(s));
    tera.register_filter("sh_lines", |s: &str, _: Kwargs, _: &State| lang::shell_lines(s));
    tera.register_filter("go_lines", |s: &str, _: Kwargs, _: &State| lang::go_lines(s));
    tera.register_filter("java_lines", |s: &str, _: Kwargs, _: &State| lang::java_lines(s));
    tera.register_filter("cs_lines", |s: &str, _: Kwargs, _: &State| lang::csharp_lines(s));
    tera.register_filter("php_lines", |s: &str, _: Kwargs, _: &State| lang::php_lines(s));
    tera.register_filter("rb_lines", |s: &str, _: Kwargs, _: &State| lang::ruby_lines(s));
    tera.register_filter("py_lines", |s: &str, _: Kwargs, _: &State| lang::python_lines(s));
    tera.register_filter("cs", |s: &str, _: Kwargs, _: &State| lang::csharp(s));
    tera.register_filter("go", |s: &str, _: Kwargs, _: &State| lang::go(s));
    tera.register_filter("go_raw", |s: &str, _: Kwargs, _: &State| lang::go_raw(s));
    tera.register_filter("java", |s: &str, _: Kwargs, _: &State| lang::java(s));
    tera.register_filter("objc", |s: &str, _: Kwargs, _: &State| lang::objc(s));
    tera.register_filter("php", |s: &str, _: Kwargs, _: &State| lang::php(s));
    tera.register_filter("rb", |s: &str, _: Kwargs, _: &State| lang::ruby(s));
    tera.register_filter("rb_single", |s: &str, _: Kwargs, _: &State| lang::ruby_single(s));
    tera.register_filter("swift", |s: &str, _: Kwargs, _: &State| lang::swift(s));
    tera.register_filter("js", |s: &str, kw: Kwargs, _: &State| -> TeraResult<String> {
        Ok(lang::javascript(s, quote_arg(&kw, '\'')?))
    });
    // `quote="black"`: the quotes black picks (double, unless single need fewer escapes).
    tera.register_filter("py", |s: &str, kw: Kwargs, _: &State| -> TeraResult<String> {
        if kw.get::<&str>("quote")? == Some("black") {
            return Ok(lang::python_black(s));
        }
        Ok(lang::python(s, quote_arg(&kw, '"')?))
    });
    tera.register_filter("js_value", |v: &Value, kw: Kwargs, _: &State| -> TeraResult<String> {
        let indent = kw.get::<usize>("indent")?.unwrap_or(0);
        Ok(lang::javascript_value(&to_json(v)?, indent))
    });
    tera.register_filter("py_value", |v: &Value, kw: Kwargs, _: &State| -> TeraResult<String> {
        let indent = kw.get::<usize>("indent")?.unwrap_or(0);
        Ok(lang::python_value(&to_json(v)?, indent))
    });
    tera.register_filter("objc_value", |v: &Value, kw: Kwargs, _: &State| -> TeraResult<String> {
        let align = kw.get::<usize>("align")?.unwrap_or(0);
        Ok(lang::objc_value(&to_json(v)?, align))
    });
    tera.register_filter("swift_value", |v: &Value, _: Kwargs, _: &State| -> TeraResult<String> {
        Ok(lang::swift_value(&to_json(v)?))
    });
}
