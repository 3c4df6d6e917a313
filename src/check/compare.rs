//! Whether a sample's request, as read back from its code, is the endpoint's request.

use crate::parse::{ParsedPart, ParsedRequest};
use crate::request::{is_templated_host, is_whole_template, Request};

pub(super) struct UrlParts {
    pub scheme: String,
    pub host: String,
    pub path: String,
    pub query: Vec<(String, String)>,
}

pub(super) fn split_url(url: &str) -> UrlParts {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (host, path_query) = rest.split_at(host_end);
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    UrlParts { scheme: scheme.to_ascii_lowercase(), host: host.to_string(), path: percent_decode(path), query }
}

pub(super) fn percent_decode(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Does a published path match the endpoint's? Placeholder segments match any value.
pub(super) fn path_matches(expected: &str, found: &str, placeholders: &[String]) -> bool {
    let expected = percent_decode(expected);
    let e: Vec<&str> = expected.trim_end_matches('/').split('/').collect();
    let f: Vec<&str> = found.trim_end_matches('/').split('/').collect();
    e.len() == f.len() && e.iter().zip(&f).all(|(e, f)| e == f || placeholders.iter().any(|p| p == e))
}

fn media_type(value: &str) -> String {
    value.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// A spelling a page uses for one of the source's placeholders: (as the page spells it, the
/// source's name). Collected per page and reported once, as cosmetic.
pub type Spelling = (String, String);

/// What the comparison knows about placeholders: the endpoint's names (as samples show
/// them, `ORG_ID`) and the spellings the project accepts for them (`[check]
/// placeholder_aliases`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Placeholders<'a> {
    pub names: &'a [String],
    pub aliases: Option<&'a std::collections::BTreeMap<String, Vec<String>>>,
}

impl Placeholders<'_> {
    fn is_alias_of(&self, token: &str, name: &str) -> bool {
        self.aliases.and_then(|a| a.get(name)).is_some_and(|spellings| spellings.iter().any(|s| s == token))
    }

    fn is_any_alias(&self, token: &str) -> bool {
        self.aliases.is_some_and(|a| a.values().flatten().any(|s| s == token))
    }

    /// May `token`, where the source has a placeholder, stand for it? The rule's spellings,
    /// the configured aliases, and the endpoint's own names (so `ROLE` counts on a page of an
    /// endpoint whose placeholder is `ROLE`, though a lone capital word is a literal).
    fn accepts(&self, token: &str) -> bool {
        is_placeholder_spelling(token) || self.names.iter().any(|n| n == token) || self.is_any_alias(token)
    }

    /// Records `token` as a spelling of `name` unless it is the name itself or an accepted alias.
    fn note(&self, token: &str, name: &str, spellings: &mut Vec<Spelling>) {
        if token != name && !self.is_alias_of(token, name) {
            let spelling = (token.to_string(), name.to_string());
            if !spellings.contains(&spelling) {
                spellings.push(spelling);
            }
        }
    }
}

/// Is `token` spelt the way docs spell a value for the reader to fill in, rather than a
/// value sent as is? `ORG_ID`, `YOUR_ORG_ID`, `{orgId}`, `{{orgId}}`, `%7BorgId%7D`, `:orgId`,
/// `<org-id>`, `${orgId}`, `$ORG_ID`, `yourDomain`, `your_auth0_domain` are; `members`, `v2`,
/// `123`, `true`, an email, a UUID, `application/json`, `org_abc123`, and a lone capital word
/// (`GET`, `JSON`, `UTF-8`, `US`, `EUR`) are not.
pub fn is_placeholder_spelling(token: &str) -> bool {
    // No placeholder is this long; a long text is not scanned over and over.
    if token.len() > 256 {
        return false;
    }
    let decoded;
    let token = if token.contains('%') {
        decoded = percent_decode(token);
        decoded.as_str()
    } else {
        token
    };
    let token = token.trim();
    let wrapped = |open: &str, close: &str| token.strip_prefix(open).and_then(|t| t.strip_suffix(close));
    if let Some(inner) = wrapped("{{", "}}").or_else(|| wrapped("${", "}")).or_else(|| wrapped("{", "}")) {
        return is_name(inner.trim());
    }
    if let Some(inner) = wrapped("<", ">") {
        return is_name(inner.trim());
    }
    if let Some(inner) = token.strip_prefix(':').or_else(|| token.strip_prefix('$')) {
        return is_identifier(inner);
    }
    is_upper_snake(token) || is_your_prefixed(token)
}

/// A name inside braces or angle brackets: `orgId`, `org-id`, `ORG_ID`, `account.namespace`.
fn is_name(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A variable name after `:` or `$`: a letter or underscore, then letters, digits, underscores.
fn is_identifier(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `ORG_ID`, `MGMT_API_ACCESS_TOKEN`: capital words joined by underscores (at least two words,
/// so that `GET` or `EUR` stays a literal).
fn is_upper_snake(text: &str) -> bool {
    let words: Vec<&str> = text.split('_').collect();
    words.len() >= 2
        && words[0].starts_with(|c: char| c.is_ascii_uppercase())
        && words.iter().all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

/// `yourDomain`, `YourDomain`, `your_auth0_domain`, `your-tenant`, `YOUR-TENANT`: the
/// reader's own value. `yourself` and `YOURS` are words.
fn is_your_prefixed(text: &str) -> bool {
    let (Some(prefix), Some(next)) = (text.get(..4), text.get(4..).and_then(|rest| rest.chars().next())) else {
        return false;
    };
    let separated = matches!(next, '_' | '-');
    let camel = next.is_ascii_uppercase() && prefix != "YOUR";
    is_name(text) && prefix.eq_ignore_ascii_case("your") && (separated || camel)
}

/// `code` with each placeholder spelling that stands alone (not inside a longer word) put
/// back as the source's name, so that a text comparison sees only other differences.
pub fn unspell(code: &str, spellings: &[Spelling]) -> String {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut sorted: Vec<&Spelling> = spellings.iter().collect();
    sorted.sort_by_key(|(found, _)| std::cmp::Reverse(found.len()));
    let mut text = code.to_string();
    for (found, name) in sorted {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(found.as_str()) {
            let end = at + found.len();
            let alone = rest[..at].chars().next_back().is_none_or(|c| !word(c) || !found.starts_with(word))
                && rest[end..].chars().next().is_none_or(|c| !word(c) || !found.ends_with(word));
            out.push_str(&rest[..at]);
            out.push_str(if alone { name } else { found });
            rest = &rest[end..];
        }
        out.push_str(rest);
        text = out;
    }
    text
}

/// A text of the source, cut into literal runs and placeholder names.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Literal(&'a str),
    Placeholder(&'a str),
}

/// Cuts `text` at each whole-word occurrence of a placeholder name (longest name first).
fn pieces<'a>(text: &'a str, names: &[String]) -> Vec<Piece<'a>> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut literal_start = 0;
    let mut i = 0;
    while i < text.len() {
        let before_ok = text[..i].chars().next_back().is_none_or(|c| !word(c));
        let found = before_ok
            .then(|| {
                names
                    .iter()
                    .filter(|n| !n.is_empty() && text[i..].starts_with(n.as_str()))
                    .filter(|n| text[i + n.len()..].chars().next().is_none_or(|c| !word(c)))
                    .max_by_key(|n| n.len())
            })
            .flatten();
        match found {
            Some(name) => {
                if literal_start < i {
                    out.push(Piece::Literal(&text[literal_start..i]));
                }
                out.push(Piece::Placeholder(&text[i..i + name.len()]));
                i += name.len();
                literal_start = i;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if literal_start < text.len() {
        out.push(Piece::Literal(&text[literal_start..]));
    }
    out
}

/// Does `found` say what the source's `expected` says, any placeholder spelt any accepted
/// way? On a match, the spellings it used are added to `spellings`.
pub fn text_matches(expected: &str, found: &str, ph: &Placeholders, spellings: &mut Vec<Spelling>) -> bool {
    if expected == found {
        return true;
    }
    let pieces = pieces(expected, ph.names);
    let mut used = Vec::new();
    let mut budget = MATCH_BUDGET;
    if match_pieces(&pieces, found, ph, &mut used, &mut budget) {
        for (token, name) in used {
            ph.note(&token, &name, spellings);
        }
        return true;
    }
    false
}

/// How many placeholder tokens one text comparison may try: each placeholder tries the places
/// where the next literal starts, so a hostile page could otherwise make it try very many.
const MATCH_BUDGET: usize = 10_000;

fn match_pieces(
    pieces: &[Piece],
    found: &str,
    ph: &Placeholders,
    used: &mut Vec<Spelling>,
    budget: &mut usize,
) -> bool {
    match pieces {
        [] => found.is_empty(),
        [Piece::Literal(l), rest @ ..] => {
            found.strip_prefix(l).is_some_and(|f| match_pieces(rest, f, ph, used, budget))
        }
        [Piece::Placeholder(name), rest @ ..] => {
            let mut try_token = |token: &str, after: &str| {
                if *budget == 0 {
                    return false;
                }
                *budget -= 1;
                let mark = used.len();
                if !token.is_empty() && ph.accepts(token) {
                    used.push((token.to_string(), name.to_string()));
                    if match_pieces(rest, after, ph, used, budget) {
                        return true;
                    }
                }
                used.truncate(mark);
                false
            };
            match rest.first() {
                None => try_token(found, ""),
                // The placeholder runs up to one of the places where the next literal starts.
                Some(Piece::Literal(next)) => {
                    found.match_indices(next).any(|(at, _)| try_token(&found[..at], &found[at..]))
                }
                // Two names with nothing between them cannot be told apart: the text must be the same.
                Some(Piece::Placeholder(_)) => false,
            }
        }
    }
}

/// How a sample's request differs from the endpoint's: (expected, found, explanation) for
/// each difference, and the placeholder spellings the page used where the source has a
/// placeholder (not differences: the page gets one cosmetic finding listing them).
#[derive(Debug, Default)]
pub struct Comparison {
    pub differences: Vec<(String, String, String)>,
    pub spellings: Vec<Spelling>,
}

/// At most this many body differences are reported per sample; a summary says how many more.
const BODY_DIFFERENCE_LIMIT: usize = 20;

/// [`compare`] with the endpoint's placeholder names and no aliases, differences only.
pub fn compare_request(want: &Request, got: &ParsedRequest, placeholders: &[String]) -> Vec<(String, String, String)> {
    compare(want, got, &Placeholders { names: placeholders, aliases: None }).differences
}

/// Compares position by position (method, scheme, host, path segment, query value, header
/// value, body value and key): where the source has a placeholder any spelling of one
/// matches; a literal must be the same literal. Any two templated hosts are the same host.
pub fn compare(want: &Request, got: &ParsedRequest, ph: &Placeholders) -> Comparison {
    let mut out = Vec::new();
    let mut spellings = Vec::new();
    match &got.method {
        Some(m) if *m == want.method => {}
        other => out.push((
            want.method.clone(),
            other.clone().unwrap_or_default(),
            "the sample sends another HTTP method".into(),
        )),
    }
    let Some(url) = &got.url else {
        out.push((want.url.clone(), String::new(), "the sample's URL could not be read".into()));
        return Comparison { differences: out, spellings };
    };
    let parts = split_url(url);
    if parts.scheme != want.scheme {
        out.push((want.scheme.clone(), parts.scheme.clone(), "the sample uses another scheme".into()));
    }
    let same_host = if !is_whole_template(&want.host) && is_templated_host(&want.host) {
        templated_host_matches(&want.host, &parts.host)
    } else if is_templated_host(&want.host) {
        // Hosts are spelt many ways (`[check] host_spellings`); none is listed as a spelling.
        !parts.host.is_empty() && (is_templated_host(&parts.host) || is_placeholder_spelling(&parts.host))
    } else {
        parts.host.eq_ignore_ascii_case(&want.host) || text_matches(&want.host, &parts.host, ph, &mut spellings)
    };
    if !same_host {
        let why = if parts.host.is_empty() {
            "the sample connects to an empty host"
        } else {
            "the sample connects to another host"
        };
        out.push((want.host.clone(), parts.host.clone(), why.into()));
    }
    if !path_matches_text(&want.path, &parts.path, ph, &mut spellings) {
        out.push((percent_decode(&want.path), parts.path.clone(), "the sample requests another path".into()));
    }
    let mut want_query: Vec<(String, String)> = want.query.iter().map(|q| (q.name.clone(), q.value.clone())).collect();
    let mut got_query = parts.query.clone();
    want_query.sort();
    got_query.sort();
    let mut query_spellings = Vec::new();
    let same_query = want_query.len() == got_query.len() && {
        // Each parameter of the source pairs with an unpaired one of the page (a repeated
        // name's values may come in any order).
        let mut unpaired: Vec<&(String, String)> = got_query.iter().collect();
        want_query.iter().all(|(wn, wv)| {
            let at = unpaired.iter().position(|(gn, gv)| {
                let mut used = Vec::new();
                let same = text_matches(wn, gn, ph, &mut used) && text_matches(wv, gv, ph, &mut used);
                if same {
                    merge(&mut query_spellings, used);
                }
                same
            });
            at.map(|i| unpaired.remove(i)).is_some()
        })
    };
    if same_query {
        merge(&mut spellings, query_spellings);
    } else {
        let show = |q: &[(String, String)]| q.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        out.push((show(&want_query), show(&got_query), "the sample sends other query parameters".into()));
    }

    let explicit: Vec<(String, &String)> = got.headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v)).collect();
    let implicit: Vec<(String, &String)> =
        got.implicit_headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v)).collect();
    for h in &want.headers {
        let found = explicit.iter().find(|(n, _)| *n == h.name);
        let by_client = implicit.iter().find(|(n, _)| *n == h.name);
        let mut header_spellings = Vec::new();
        let mut equal = |v: &str| {
            if h.name == "content-type" {
                media_type(v) == media_type(&h.value)
            } else {
                text_matches(&h.value, v, ph, &mut header_spellings)
            }
        };
        match (found, by_client) {
            (Some((_, v)), _) if equal(v) => {}
            (None, Some((_, v))) if equal(v) => {}
            (Some((_, v)), _) => out.push((
                format!("{}: {}", h.name, h.value),
                format!("{}: {v}", h.name),
                format!("the sample sends another {} header", h.name),
            )),
            (None, Some((_, v))) => out.push((
                format!("{}: {}", h.name, h.value),
                format!("{}: {v} (the client's default)", h.name),
                format!("the sample sets no {} header, so the client sends its default", h.name),
            )),
            (None, None) => out.push((
                format!("{}: {}", h.name, h.value),
                String::new(),
                format!("the sample sends no {} header", h.name),
            )),
        }
        merge(&mut spellings, header_spellings);
    }
    let multipart = want.body.as_ref().is_some_and(|b| b.format == "multipart");
    for (name, value) in &explicit {
        // Basic credentials the sample encodes itself, and a multipart type with the boundary
        // the sample picked, are compared with the credentials and the body.
        let basic_header = name == "authorization" && want.basic.is_some() && basic_of_header(value).is_some();
        let boundary = name == "content-type" && multipart && media_type(value) == "multipart/form-data";
        if !basic_header && !boundary && !want.headers.iter().any(|h| h.name == *name) {
            out.push((
                String::new(),
                format!("{name}: {value}"),
                format!("the sample sends a {name} header the endpoint does not have"),
            ));
        }
    }

    compare_basic(want, got, ph, &mut out, &mut spellings);
    compare_body(want, got, ph, &mut out, &mut spellings);
    Comparison { differences: out, spellings }
}

/// Basic credentials: given to the client, or in an `authorization: Basic` header the sample
/// writes itself (decoded).
fn compare_basic(
    want: &Request,
    got: &ParsedRequest,
    ph: &Placeholders,
    out: &mut Vec<(String, String, String)>,
    spellings: &mut Vec<Spelling>,
) {
    let from_header = || {
        let (_, value) = got.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("authorization"))?;
        basic_of_header(value)
    };
    let found = got.basic.clone().or_else(from_header);
    match (&want.basic, found) {
        (None, None) => {}
        (Some(b), None) => out.push((
            format!("{}:{}", b.user, b.password),
            String::new(),
            "the sample sends no basic credentials".into(),
        )),
        (None, Some((user, password))) if got.basic.is_some() => out.push((
            String::new(),
            format!("{user}:{password}"),
            "the sample sends basic credentials the endpoint does not have".into(),
        )),
        (None, Some(_)) => {} // an authorization header: compared as a header
        (Some(b), Some((user, password))) => {
            let mut used = Vec::new();
            if text_matches(&b.user, &user, ph, &mut used) && text_matches(&b.password, &password, ph, &mut used) {
                merge(spellings, used);
            } else {
                out.push((
                    format!("{}:{}", b.user, b.password),
                    format!("{user}:{password}"),
                    "the sample sends other basic credentials".into(),
                ));
            }
        }
    }
}

/// `user` and `password` of an `authorization: Basic <base64>` value.
pub fn basic_of_header(value: &str) -> Option<(String, String)> {
    use base64::Engine as _;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// The parts of a multipart body as a reader would give them, for a sample whose body could
/// not be read.
pub fn parts_as_read(parts: &[crate::request::RequestPart]) -> Vec<ParsedPart> {
    parts
        .iter()
        .map(|p| ParsedPart {
            name: p.name.clone(),
            value: (!p.is_file).then(|| p.value.clone()),
            file: p.is_file.then(|| p.file.clone()),
            filename: p.is_file.then(|| p.filename.clone()),
            content_type: p.is_file.then(|| p.content_type.clone()),
        })
        .collect()
}

/// Decodes `application/x-www-form-urlencoded` text into its fields (`+` is a space).
pub fn form_fields(text: &str) -> Vec<(String, String)> {
    let decode = |s: &str| percent_decode(&s.replace('+', " "));
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((n, v)) => (decode(n), decode(v)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

/// What the sample sends as its body, for a message.
fn shown_body(got: &ParsedRequest) -> String {
    if let Some(text) = &got.body {
        return text.clone();
    }
    if let Some(fields) = &got.form {
        return fields.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("&");
    }
    if let Some(parts) = &got.parts {
        return parts.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ");
    }
    got.file.clone().map(|f| format!("@{f}")).unwrap_or_default()
}

/// What the source's body is, for a message.
fn shown_want(b: &crate::request::RequestBody) -> String {
    match b.format {
        "multipart" => b.parts.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", "),
        "binary" => format!("@{}", b.file),
        _ => b.text.clone(),
    }
}

fn compare_body(
    want: &Request,
    got: &ParsedRequest,
    ph: &Placeholders,
    out: &mut Vec<(String, String, String)>,
    spellings: &mut Vec<Spelling>,
) {
    let Some(b) = &want.body else {
        if got.has_body() {
            out.push((String::new(), shown_body(got), "the sample sends a body the endpoint does not have".into()));
        }
        return;
    };
    if !got.has_body() {
        out.push((shown_want(b), String::new(), "the sample sends no body".into()));
        return;
    }
    let mut other = |why: &str| out.push((shown_want(b), shown_body(got), why.to_string()));
    match b.format {
        "json" => {
            let Some(found) = &got.body else { return other("the sample sends another kind of body than JSON") };
            match serde_json::from_str::<serde_json::Value>(found) {
                Ok(value) if value == b.json => {}
                Ok(value) => {
                    let mut body = BodyDiff { ph, differences: Vec::new(), spellings: Vec::new(), more: 0 };
                    body.value("", &b.json, &value);
                    if body.differences.is_empty() {
                        merge(spellings, body.spellings);
                    }
                    out.extend(body.differences);
                    if body.more > 0 {
                        out.push((
                            b.text.clone(),
                            found.clone(),
                            format!("the sample's body differs in {} more places", body.more),
                        ));
                    }
                }
                Err(_) => out.push((b.text.clone(), found.clone(), "the sample's body is not valid JSON".into())),
            }
        }
        "form" => {
            let fields = match (&got.form, &got.body) {
                (Some(fields), _) => fields.clone(),
                (None, Some(text)) => form_fields(text),
                _ => return other("the sample sends another kind of body than a form"),
            };
            let mut used = Vec::new();
            let same = fields.len() == b.fields.len()
                && b.fields.iter().zip(&fields).all(|(w, (n, v))| {
                    text_matches(&w.name, n, ph, &mut used) && text_matches(&w.value, v, ph, &mut used)
                });
            if same {
                merge(spellings, used);
            } else {
                other("the sample sends other form fields");
            }
        }
        "text" => {
            let Some(found) = &got.body else { return other("the sample sends another kind of body than text") };
            let mut used = Vec::new();
            if text_matches(&b.text, found, ph, &mut used) {
                merge(spellings, used);
            } else {
                other("the sample sends another text body");
            }
        }
        "binary" => {
            let Some(found) = &got.file else { return other("the sample sends no file as its body") };
            let mut used = Vec::new();
            if text_matches(&b.file, found, ph, &mut used) {
                merge(spellings, used);
            } else {
                other("the sample sends another file as its body");
            }
        }
        _ => {
            let Some(parts) = &got.parts else { return other("the sample sends another kind of body than multipart") };
            let mut used = Vec::new();
            let text = |w: &str, g: &Option<String>, used: &mut Vec<Spelling>| {
                g.as_deref().is_some_and(|g| text_matches(w, g, ph, used))
            };
            // A client that writes every file first (RestSharp) is held to the source's parts in that order.
            let mut expected: Vec<&crate::request::RequestPart> = b.parts.iter().collect();
            if got.files_first {
                expected.sort_by_key(|p| !p.is_file);
            }
            let same = parts.len() == expected.len()
                && expected.into_iter().zip(parts).all(|(w, g)| {
                    text_matches(&w.name, &g.name, ph, &mut used)
                        && if w.is_file {
                            text(&w.file, &g.file, &mut used)
                                && text(&w.filename, &g.filename, &mut used)
                                && g.content_type
                                    .as_deref()
                                    .is_some_and(|c| media_type(c) == media_type(&w.content_type))
                        } else {
                            g.file.is_none() && text(&w.value, &g.value, &mut used)
                        }
                });
            if same {
                merge(spellings, used);
            } else {
                other("the sample sends other multipart parts");
            }
        }
    }
}

/// A host with a template inside a longer name (`api.{yourDomain}`): the same text around the
/// template, and any spelling of a placeholder in its place.
fn templated_host_matches(want: &str, got: &str) -> bool {
    let (Some(open), Some(close)) = (want.find('{'), want.rfind('}')) else {
        return want.eq_ignore_ascii_case(got);
    };
    let open = if want[..open].ends_with('$') { open - 1 } else { open };
    let (prefix, suffix) = (&want[..open], &want[close + 1..]);
    if got.len() <= prefix.len() + suffix.len() {
        return false;
    }
    match (got.get(..prefix.len()), got.get(got.len() - suffix.len()..)) {
        (Some(p), Some(s)) if p.eq_ignore_ascii_case(prefix) && s.eq_ignore_ascii_case(suffix) => got
            .get(prefix.len()..got.len() - suffix.len())
            .is_some_and(|middle| is_templated_host(middle) || is_placeholder_spelling(middle)),
        _ => false,
    }
}

fn merge(into: &mut Vec<Spelling>, from: Vec<Spelling>) {
    for s in from {
        if !into.contains(&s) {
            into.push(s);
        }
    }
}

/// Segment by segment: a placeholder segment matches any spelling of a placeholder, and
/// nothing else (a real id where the source has `ORG_ID` is another request).
fn path_matches_text(expected: &str, found: &str, ph: &Placeholders, spellings: &mut Vec<Spelling>) -> bool {
    let expected = percent_decode(expected);
    let e: Vec<&str> = expected.trim_end_matches('/').split('/').collect();
    let f: Vec<&str> = found.trim_end_matches('/').split('/').collect();
    let mut used = Vec::new();
    let same = e.len() == f.len() && e.iter().zip(&f).all(|(e, f)| text_matches(e, f, ph, &mut used));
    if same {
        merge(spellings, used);
    }
    same
}

/// The differences of a JSON body from the source's, each at its JSON pointer.
struct BodyDiff<'a, 'b> {
    ph: &'a Placeholders<'b>,
    differences: Vec<(String, String, String)>,
    spellings: Vec<Spelling>,
    /// Differences past [`BODY_DIFFERENCE_LIMIT`], counted only.
    more: usize,
}

/// `/members/0`, or "the top level" for the whole body.
fn place(pointer: &str) -> String {
    if pointer.is_empty() {
        "the top level".into()
    } else {
        pointer.into()
    }
}

/// A key as a JSON pointer token (RFC 6901: `~` as `~0`, `/` as `~1`).
fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

impl BodyDiff<'_, '_> {
    fn differ(&mut self, expected: String, found: String, why: String) {
        if self.differences.len() < BODY_DIFFERENCE_LIMIT {
            self.differences.push((expected, found, why));
        } else {
            self.more += 1;
        }
    }

    /// A placeholder-only string of the source (`"USER_ID"`): its name.
    fn placeholder_name<'v>(&self, value: &'v serde_json::Value) -> Option<&'v str> {
        value.as_str().filter(|s| self.ph.names.iter().any(|n| n == s))
    }

    fn value(&mut self, pointer: &str, want: &serde_json::Value, got: &serde_json::Value) {
        use serde_json::Value;
        match (want, got) {
            (Value::String(w), Value::String(g)) => {
                let same = text_matches(w, g, self.ph, &mut self.spellings);
                if !same {
                    self.differ(
                        w.clone(),
                        g.clone(),
                        format!("the sample's body has another value at {}", place(pointer)),
                    );
                }
            }
            (Value::Array(w), Value::Array(g)) => self.array(pointer, w, g),
            (Value::Object(w), Value::Object(g)) => self.object(pointer, w, g),
            (w, g) if std::mem::discriminant(w) != std::mem::discriminant(g) => self.differ(
                w.to_string(),
                g.to_string(),
                format!("the sample's body has {} at {}, not {}", kind(g), place(pointer), kind(w)),
            ),
            (w, g) if w != g => self.differ(
                w.to_string(),
                g.to_string(),
                format!("the sample's body has another value at {}", place(pointer)),
            ),
            _ => {}
        }
    }

    fn array(&mut self, pointer: &str, want: &[serde_json::Value], got: &[serde_json::Value]) {
        // Placeholders only on both sides: examples of a list, whatever their number.
        let names: Vec<&str> = want.iter().filter_map(|v| self.placeholder_name(v)).collect();
        let tokens: Vec<&str> = got.iter().filter_map(|v| v.as_str()).filter(|s| self.ph.accepts(s)).collect();
        if !want.is_empty() && names.len() == want.len() && !got.is_empty() && tokens.len() == got.len() {
            for (i, token) in tokens.iter().enumerate() {
                if !names.contains(token) {
                    self.ph.note(token, names[i.min(names.len() - 1)], &mut self.spellings);
                }
            }
            return;
        }
        for (i, (w, g)) in want.iter().zip(got).enumerate() {
            self.value(&format!("{pointer}/{i}"), w, g);
        }
        for (i, w) in want.iter().enumerate().skip(got.len()) {
            self.differ(w.to_string(), String::new(), format!("the sample's body lacks the item at {pointer}/{i}"));
        }
        for (i, g) in got.iter().enumerate().skip(want.len()) {
            self.differ(
                String::new(),
                g.to_string(),
                format!("the sample's body has an item the endpoint does not have at {pointer}/{i}"),
            );
        }
    }

    fn object(
        &mut self,
        pointer: &str,
        want: &serde_json::Map<String, serde_json::Value>,
        got: &serde_json::Map<String, serde_json::Value>,
    ) {
        let mut unmatched_got: Vec<&String> = got.keys().filter(|k| !want.contains_key(k.as_str())).collect();
        for (key, w) in want {
            let at = format!("{pointer}/{}", pointer_token(key));
            if let Some(g) = got.get(key) {
                self.value(&at, w, g);
                continue;
            }
            // A key that is a placeholder pairs with a key of the page spelt as one.
            let mut used = Vec::new();
            let pair = unmatched_got.iter().position(|k| text_matches(key, k, self.ph, &mut used));
            match pair {
                Some(index) if pieces(key, self.ph.names).iter().any(|p| matches!(p, Piece::Placeholder(_))) => {
                    let found_key = unmatched_got.remove(index);
                    merge(&mut self.spellings, used);
                    self.value(&format!("{pointer}/{}", pointer_token(found_key)), w, &got[found_key.as_str()]);
                }
                _ => self.differ(
                    format!("\"{key}\": {w}"),
                    String::new(),
                    format!("the sample's body lacks the key {at}"),
                ),
            }
        }
        for key in unmatched_got {
            let at = format!("{pointer}/{}", pointer_token(key));
            self.differ(
                String::new(),
                format!("\"{key}\": {}", got[key.as_str()]),
                format!("the sample's body has a key the endpoint does not have: {at}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_and_decode() {
        let u = split_url("https://{yourDomain}/api/v2/x%20y?q=a%20b&q=2");
        assert_eq!((u.scheme.as_str(), u.host.as_str(), u.path.as_str()), ("https", "{yourDomain}", "/api/v2/x y"));
        assert_eq!(u.query, [("q".into(), "a b".into()), ("q".into(), "2".into())]);
        let python = split_url("https:///{yourDomain}/api/v2/organizations/ORG_ID/members");
        assert_eq!(python.host, "");
        assert_eq!(python.path, "/{yourDomain}/api/v2/organizations/ORG_ID/members");
    }

    #[test]
    fn percent_decoding_never_splits_a_character() {
        assert_eq!(percent_decode("%C3%A9%é%4"), "é%é%4");
    }

    #[test]
    fn placeholder_spellings_are_recognized() {
        for token in [
            "ORG_ID",
            "YOUR_ORG_ID",
            "MGMT_API_ACCESS_TOKEN",
            "YOUR_MGMT_API_ACCESS_TOKEN",
            "API_V2",
            "{orgId}",
            "{ORG_ID}",
            "{{orgId}}",
            "{{ org_id }}",
            "%7BorgId%7D",
            "%7borgId%7d",
            ":orgId",
            ":org_id",
            "<org-id>",
            "<ORG_ID>",
            "${orgId}",
            "${account.namespace}",
            "$ORG_ID",
            "$token",
            "{yourMgmtApiAccessToken}",
            "yourDomain",
            "your_auth0_domain",
            "your-tenant",
            "YourDomain",
            "YOUR-TENANT",
        ] {
            assert!(is_placeholder_spelling(token), "{token} is a placeholder");
        }
    }

    #[test]
    fn literals_are_not_placeholders() {
        for token in [
            "members",
            "v2",
            "api",
            "123",
            "-1",
            "3.14",
            "true",
            "null",
            "jane@example.com",
            "123e4567-e89b-12d3-a456-426614174000",
            "application/json",
            "no-cache",
            "org_abc123",
            "auth0|5f7c8ec7c33c6c004bbafe82",
            "rol_0a1b2c3d",
            "GET",
            "JSON",
            "UTF-8",
            "US",
            "EUR",
            "ISO-8859-1",
            "Bearer",
            "yourself",
            "YOURS",
            "YOURSELF",
            "your",
            "young",
            "é_É",
            "youré",
            "ÉTAT_ID",
            "",
            "{}",
            "{ }",
            "{\"a\":1}",
            "<>",
            ":",
            ":443",
            "$",
            "$5",
            "${}",
            "_ID",
            "ORG_",
            "A__B",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
            "https://example.com",
        ] {
            assert!(!is_placeholder_spelling(token), "{token:?} is a literal");
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn texts_match_at_placeholder_positions_only() {
        let names = names(&["MGMT_API_ACCESS_TOKEN", "ORGANIZATION_ID", "ROLE"]);
        let ph = Placeholders { names: &names, aliases: None };
        let mut spellings = Vec::new();
        assert!(text_matches("Bearer MGMT_API_ACCESS_TOKEN", "Bearer ACCESS_TOKEN", &ph, &mut spellings));
        assert!(text_matches("Bearer MGMT_API_ACCESS_TOKEN", "Bearer {yourMgmtApiAccessToken}", &ph, &mut spellings));
        assert!(text_matches("ORGANIZATION_ID.json", "{orgId}.json", &ph, &mut spellings));
        assert!(text_matches("ROLE", "ROLE", &ph, &mut spellings), "the source's own name, though a lone word");
        assert_eq!(
            spellings,
            [
                ("ACCESS_TOKEN".to_string(), "MGMT_API_ACCESS_TOKEN".to_string()),
                ("{yourMgmtApiAccessToken}".into(), "MGMT_API_ACCESS_TOKEN".into()),
                ("{orgId}".into(), "ORGANIZATION_ID".into())
            ]
        );
        let mut none = Vec::new();
        assert!(!text_matches("Bearer MGMT_API_ACCESS_TOKEN", "Bearer eyJhbGciOi.x.y", &ph, &mut none));
        assert!(!text_matches("Bearer MGMT_API_ACCESS_TOKEN", "Basic ACCESS_TOKEN", &ph, &mut none));
        assert!(!text_matches("ORGANIZATION_ID", "org_abc123", &ph, &mut none), "a literal for a placeholder");
        assert!(!text_matches("ORGANIZATION_ID", "ADMIN", &ph, &mut none), "a lone capital word is a literal");
        assert!(!text_matches("members", "MEMBERS_PATH", &ph, &mut none), "a placeholder for a literal");
        assert!(!text_matches("members", "roles", &ph, &mut none));
        assert!(!text_matches("ORGANIZATION_ID.json", "{orgId}.xml", &ph, &mut none));
        assert!(none.is_empty(), "a text that does not match adds no spelling: {none:?}");
    }

    #[test]
    fn spellings_are_put_back_as_whole_words_only() {
        let spellings =
            [("ACCESS_TOKEN".to_string(), "MGMT_API_ACCESS_TOKEN".to_string()), ("{orgId}".into(), "ORG_ID".into())];
        assert_eq!(
            unspell("Bearer ACCESS_TOKEN /orgs/{orgId}/x MY_ACCESS_TOKEN {orgId}s", &spellings),
            "Bearer MGMT_API_ACCESS_TOKEN /orgs/ORG_ID/x MY_ACCESS_TOKEN ORG_IDs"
        );
    }

    #[test]
    fn aliases_match_and_are_not_listed() {
        let names = names(&["ORGANIZATION_ID"]);
        let aliases: std::collections::BTreeMap<String, Vec<String>> =
            [("ORGANIZATION_ID".to_string(), vec!["the-org".to_string()])].into();
        let ph = Placeholders { names: &names, aliases: Some(&aliases) };
        let mut spellings = Vec::new();
        assert!(text_matches("ORGANIZATION_ID", "the-org", &ph, &mut spellings));
        assert!(spellings.is_empty());
        let without = Placeholders { names: &names, aliases: None };
        assert!(!text_matches("ORGANIZATION_ID", "the-org", &without, &mut spellings));
    }

    fn body_differences(want: serde_json::Value, got: serde_json::Value) -> (Vec<String>, Vec<Spelling>) {
        let names = names(&["USER_ID", "ROLE", "ORG_ID"]);
        let ph = Placeholders { names: &names, aliases: None };
        let mut diff = BodyDiff { ph: &ph, differences: Vec::new(), spellings: Vec::new(), more: 0 };
        diff.value("", &want, &got);
        (diff.differences.into_iter().map(|d| d.2).collect(), diff.spellings)
    }

    #[test]
    fn bodies_differ_by_structure_at_json_pointers() {
        use serde_json::json;
        let (d, s) =
            body_differences(json!({"members": ["USER_ID", "USER_ID", "USER_ID"]}), json!({"members": ["ROLE"]}));
        assert!(d.is_empty(), "placeholder-only arrays are examples: {d:?}");
        assert_eq!(s, [("ROLE".to_string(), "USER_ID".to_string())], "listed as a spelling, not a difference");
        let (d, s) = body_differences(json!({"members": ["USER_ID"]}), json!({"members": ["{userId}", "<user-id>"]}));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.len(), 2);

        let (d, _) = body_differences(
            json!({"members": ["USER_ID"], "org": "ORG_ID", "n": 1, "on": true}),
            json!({"members": ["auth0|1"], "extra": 1, "n": "1", "on": false}),
        );
        assert_eq!(
            d,
            [
                "the sample's body has another value at /members/0",
                "the sample's body lacks the key /org",
                "the sample's body has a string at /n, not a number",
                "the sample's body has another value at /on",
                "the sample's body has a key the endpoint does not have: /extra",
            ]
        );
        let (d, s) = body_differences(json!({"ORG_ID": {"a/b": "x"}}), json!({"{orgId}": {"a/b": "y"}}));
        assert_eq!(
            d,
            ["the sample's body has another value at /{orgId}/a~1b"],
            "a placeholder key pairs with a spelling"
        );
        assert_eq!(s, [("{orgId}".to_string(), "ORG_ID".to_string())]);
        let (d, _) = body_differences(json!([1, 2]), json!([1]));
        assert_eq!(d, ["the sample's body lacks the item at /1"]);
        let (d, _) = body_differences(json!("x"), json!(["x"]));
        assert_eq!(d, ["the sample's body has an array at the top level, not a string"]);
    }

    #[test]
    fn body_differences_are_bounded() {
        let want: serde_json::Value =
            (0..100).map(|i| (format!("k{i}"), serde_json::json!(i))).collect::<serde_json::Map<_, _>>().into();
        let got: serde_json::Value =
            (0..100).map(|i| (format!("k{i}"), serde_json::json!(-i - 1))).collect::<serde_json::Map<_, _>>().into();
        let names = Vec::new();
        let ph = Placeholders { names: &names, aliases: None };
        let mut diff = BodyDiff { ph: &ph, differences: Vec::new(), spellings: Vec::new(), more: 0 };
        diff.value("", &want, &got);
        assert_eq!((diff.differences.len(), diff.more), (BODY_DIFFERENCE_LIMIT, 100 - BODY_DIFFERENCE_LIMIT));
    }

    /// The request of an endpoint with placeholders in a repeated query parameter, a header
    /// and the auth, and what its own sample sends.
    fn logs() -> (Request, ParsedRequest, Vec<String>) {
        let yaml = "id: logs\nguide: logs\nmethod: GET\nserver: https://{yourDomain}\npath: /tenants/{TENANT_ID}/logs\n\
                    auth:\n  bearer: \"{API_TOKEN}\"\nheaders:\n  - name: x-request-id\n    value: \"req-{REQUEST_ID}\"\n\
                    query:\n  - name: q\n    value: \"user:{USER_NAME}\"\n  - name: q\n    value: page 2\n\
                    placeholders:\n  - name: TENANT_ID\n    description: d\n  - name: API_TOKEN\n    description: d\n  \
                    - name: REQUEST_ID\n    description: d\n  - name: USER_NAME\n    description: d\n";
        let (request, _) = crate::parse::testing::render("curl", yaml);
        let parsed = crate::parse::testing::expected(&request);
        (request, parsed, names(&["TENANT_ID", "API_TOKEN", "REQUEST_ID", "USER_NAME"]))
    }

    #[test]
    fn every_position_takes_any_spelling_and_keeps_its_literals() {
        let (want, own, names) = logs();
        let ph = Placeholders { names: &names, aliases: None };
        let own_result = compare(&want, &own, &ph);
        assert!(own_result.differences.is_empty() && own_result.spellings.is_empty(), "{own_result:?}");

        let mut spelt = own.clone();
        spelt.url = Some("https://{{host}}/tenants/:tenantId/logs?q=page%202&q=user%3A%7BuserName%7D".into());
        spelt.headers = vec![
            ("authorization".into(), "Bearer $API_TOKEN".into()),
            ("x-request-id".into(), "req-<request-id>".into()),
        ];
        let result = compare(&want, &spelt, &ph);
        assert!(result.differences.is_empty(), "{:#?}", result.differences);
        let listed: Vec<&str> = result.spellings.iter().map(|(found, _)| found.as_str()).collect();
        assert_eq!(listed, [":tenantId", "{userName}", "$API_TOKEN", "<request-id>"]);

        for (url, header, why) in [
            ("https://{{host}}/tenants/t_1/logs?q=user%3AUSER_NAME&q=page%202", "req-REQUEST_ID", "path"),
            ("https://{{host}}/tenants/TENANT_ID/logs?q=user%3Ajane&q=page%202", "req-REQUEST_ID", "query"),
            ("https://{{host}}/tenants/TENANT_ID/logs?q=user%3AUSER_NAME&q=page%203", "req-REQUEST_ID", "query"),
            ("https://{{host}}/tenants/TENANT_ID/logs?q=user%3AUSER_NAME&q=PAGE_NUMBER", "req-REQUEST_ID", "query"),
            ("https://{{host}}/tenants/TENANT_ID/logs?q=user%3AUSER_NAME&q=page%202", "req-42", "x-request-id"),
            ("https://{{host}}/tenants/TENANT_ID/logs?q=user%3AUSER_NAME&q=page%202", "id-REQUEST_ID", "x-request-id"),
            ("https://api.example.com/tenants/TENANT_ID/logs?q=user%3AUSER_NAME&q=page%202", "req-REQUEST_ID", "host"),
        ] {
            let mut changed = own.clone();
            changed.url = Some(url.into());
            changed.headers =
                vec![("authorization".into(), "Bearer API_TOKEN".into()), ("x-request-id".into(), header.into())];
            let result = compare(&want, &changed, &ph);
            assert_eq!(result.differences.len(), 1, "{url} {header}: {:#?}", result.differences);
            assert!(result.differences[0].2.contains(why), "{url} {header}: {:#?}", result.differences);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_compared_without_panic_and_cut_losslessly(expected in "\\PC{0,40}", found in "\\PC{0,40}") {
            let names = names(&["ORG_ID", "ID", "A_B"]);
            let ph = Placeholders { names: &names, aliases: None };
            let rebuilt: String = pieces(&expected, &names)
                .iter()
                .map(|p| match p { Piece::Literal(t) | Piece::Placeholder(t) => *t })
                .collect();
            proptest::prop_assert_eq!(&rebuilt, &expected);
            let _ = is_placeholder_spelling(&found);
            let mut spellings = Vec::new();
            proptest::prop_assert!(text_matches(&expected, &expected, &ph, &mut spellings));
            let _ = text_matches(&expected, &found, &ph, &mut spellings);
        }
    }

    #[test]
    fn a_text_with_many_candidate_cuts_is_compared_in_bounded_time() {
        let names = names(&["A_ID", "B_ID", "C_ID", "D_ID"]);
        let ph = Placeholders { names: &names, aliases: None };
        let found = "<a-b>-".repeat(20_000);
        let started = std::time::Instant::now();
        assert!(!text_matches("A_ID-B_ID-C_ID-D_ID-x", &found, &ph, &mut Vec::new()));
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }
}
