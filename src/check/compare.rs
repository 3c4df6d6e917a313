//! Whether a sample's request, as read back from its code, is the endpoint's request.

use crate::parse::ParsedRequest;
use crate::request::{is_templated_host, Request};

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

/// (expected, found, explanation) for each way the sample's request differs. Placeholder
/// segments of the path match any value; any two templated hosts are the same host.
pub fn compare_request(want: &Request, got: &ParsedRequest, placeholders: &[String]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
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
        return out;
    };
    let parts = split_url(url);
    if parts.scheme != want.scheme {
        out.push((want.scheme.clone(), parts.scheme.clone(), "the sample uses another scheme".into()));
    }
    let same_host = if is_templated_host(&want.host) {
        !parts.host.is_empty() && is_templated_host(&parts.host)
    } else {
        parts.host.eq_ignore_ascii_case(&want.host)
    };
    if !same_host {
        let why = if parts.host.is_empty() {
            "the sample connects to an empty host"
        } else {
            "the sample connects to another host"
        };
        out.push((want.host.clone(), parts.host.clone(), why.into()));
    }
    if !path_matches(&want.path, &parts.path, placeholders) {
        out.push((percent_decode(&want.path), parts.path.clone(), "the sample requests another path".into()));
    }
    let mut want_query: Vec<(String, String)> = want.query.iter().map(|q| (q.name.clone(), q.value.clone())).collect();
    let mut got_query = parts.query.clone();
    want_query.sort();
    got_query.sort();
    if want_query != got_query {
        let show = |q: &[(String, String)]| q.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        out.push((show(&want_query), show(&got_query), "the sample sends other query parameters".into()));
    }

    let explicit: Vec<(String, &String)> = got.headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v)).collect();
    let implicit: Vec<(String, &String)> =
        got.implicit_headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v)).collect();
    for h in &want.headers {
        let found = explicit.iter().find(|(n, _)| *n == h.name);
        let by_client = implicit.iter().find(|(n, _)| *n == h.name);
        let equal =
            |v: &str| if h.name == "content-type" { media_type(v) == media_type(&h.value) } else { v == h.value };
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
    }
    for (name, value) in &explicit {
        if !want.headers.iter().any(|h| h.name == *name) {
            out.push((
                String::new(),
                format!("{name}: {value}"),
                format!("the sample sends a {name} header the endpoint does not have"),
            ));
        }
    }

    match (&want.body, &got.body) {
        (None, None) => {}
        (Some(b), None) => out.push((b.text.clone(), String::new(), "the sample sends no body".into())),
        (None, Some(found)) => {
            out.push((String::new(), found.clone(), "the sample sends a body the endpoint does not have".into()))
        }
        (Some(b), Some(found)) => match serde_json::from_str::<serde_json::Value>(found) {
            Ok(value) if value == b.json => {}
            Ok(_) => out.push((b.text.clone(), found.clone(), "the sample sends another body".into())),
            Err(_) => out.push((b.text.clone(), found.clone(), "the sample's body is not valid JSON".into())),
        },
    }
    out
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
}
