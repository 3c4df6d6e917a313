//! Reads a curl command line back into its request (tree-sitter-bash), decoding bash words
//! (quotes, `$'...'`, concatenations), and reports certificate checks turned off (`-k`).
//! Bodies are read as curl sends them: `--data-urlencode` fields encoded and joined with the
//! other data options, `--data-binary @path` as the file, `--form` and `--form-string` as
//! multipart parts; `--user` as basic credentials and a `--cookie` string as the cookie header.
//!
//! Not read: shell expansions such as `${...}` (kept as written), files curl reads for a
//! `--data-urlencode name@file` or a `--form name=<file` value.

use tree_sitter::Node;

use crate::parse::shell::{arguments, find_command};
use crate::parse::FORM;
use crate::parse::{line, parse, syntax_issues, Analysis, Issue, IssueKind, ParsedPart, ParsedRequest};

const INSECURE: &str =
    "The command turns certificate checks off (-k, --insecure, --proxy-insecure or --doh-insecure), so anyone on the network could read or change the request.";

/// Options that take a value we do not read, so that the value is not taken for the URL.
const SKIPPED: &[&str] = &[
    "-o",
    "--output",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-c",
    "--cookie-jar",
    "--connect-timeout",
    "-m",
    "--max-time",
    "-w",
    "--write-out",
    "-x",
    "--proxy",
    "--cacert",
    "-E",
    "--cert",
    "--key",
    "-T",
    "--upload-file",
    "--retry",
    "-r",
    "--range",
    "--resolve",
    "-K",
    "--config",
    "--oauth2-bearer",
    "-U",
    "--proxy-user",
    "--max-redirs",
    "-D",
    "--dump-header",
];

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::bash(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut request = ParsedRequest::default();
    let command = find_command(tree.root_node(), code, &["curl"]);
    let args: Vec<(String, Node)> = command.map(|c| arguments(c, code)).unwrap_or_default();
    let (mut method, mut data, mut json): (Option<String>, Vec<Data>, bool) = (None, vec![], false);
    let mut parts: Vec<ParsedPart> = Vec::new();
    let (mut get, mut head, mut positional) = (false, false, false);
    let mut i = 0;
    while i < args.len() {
        let (arg, node) = (&args[i].0, args[i].1);
        i += 1;
        // `-XPOST` carries its value; `-sk` groups flags.
        let (option, attached) = match arg.strip_prefix('-') {
            _ if positional || arg == "-" => ("", None),
            Some(rest) if !rest.starts_with('-') && rest.chars().count() > 1 => {
                let flags: Vec<char> = rest.chars().collect();
                match flags.iter().position(|c| "XHdoubAecFmwxETrKUD".contains(*c)) {
                    Some(at) => {
                        flag_issues(&flags[..at], node, &mut issues, &mut get, &mut head);
                        let value: String = flags[at + 1..].iter().collect();
                        (short(flags[at]), (!value.is_empty()).then_some(value))
                    }
                    None => {
                        flag_issues(&flags, node, &mut issues, &mut get, &mut head);
                        continue;
                    }
                }
            }
            Some(_) => (arg.as_str(), None),
            None => ("", None),
        };
        if option == "--" {
            positional = true;
            continue;
        }
        let takes_value = matches!(
            option,
            "-X" | "--request"
                | "--url"
                | "-H"
                | "--header"
                | "-d"
                | "--data"
                | "--data-raw"
                | "--data-binary"
                | "--data-ascii"
                | "--json"
                | "--data-urlencode"
                | "-u"
                | "--user"
                | "-b"
                | "--cookie"
                | "-F"
                | "--form"
                | "--form-string"
        ) || SKIPPED.contains(&option);
        let value = if takes_value {
            match attached {
                Some(value) => Some(value),
                None => {
                    i += 1;
                    args.get(i - 1).map(|a| a.0.clone())
                }
            }
        } else {
            None
        };
        match (option, value) {
            ("", _) if request.url.is_none() => request.url = Some(arg.clone()),
            ("-X" | "--request", Some(v)) => method = Some(v.to_uppercase()),
            ("--url", Some(v)) => request.url = Some(v),
            ("-H" | "--header", Some(v)) => {
                if let Some((name, value)) = v.split_once(':').or_else(|| v.strip_suffix(';').map(|n| (n, ""))) {
                    request.headers.push((name.to_string(), value.trim_start().to_string()));
                }
            }
            ("-d" | "--data" | "--data-binary" | "--data-ascii", Some(v)) => data.push(match v.strip_prefix('@') {
                Some(path) => Data::File(path.to_string()),
                None => Data::Text(v),
            }),
            ("--data-raw", Some(v)) => data.push(Data::Text(v)),
            ("--data-urlencode", Some(v)) => data.push(Data::Text(url_encoded(&v))),
            ("--json", Some(v)) => {
                data.push(Data::Text(v));
                json = true;
            }
            ("-u" | "--user", Some(v)) => {
                let (user, password) = v.split_once(':').unwrap_or((&v, ""));
                request.basic = Some((user.to_string(), password.to_string()));
            }
            // A cookie string has a `=`; without one the value names a file to read cookies from.
            ("-b" | "--cookie", Some(v)) if v.contains('=') => request.headers.push(("cookie".into(), v)),
            ("-F" | "--form", Some(v)) => parts.extend(form_part(&v, false)),
            ("--form-string", Some(v)) => parts.extend(form_part(&v, true)),
            ("-k" | "--insecure" | "--proxy-insecure" | "--doh-insecure", _) => {
                issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() })
            }
            ("-G" | "--get", _) => get = true,
            ("-I" | "--head", _) => head = true,
            _ => {}
        }
    }
    if command.is_some() {
        let has = |name: &str| request.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
        // One `@file` is the file's bytes; anything else is joined with `&`, as curl sends it.
        let (body, file) = match data.as_slice() {
            [] => (None, None),
            [Data::File(path)] => (None, Some(path.clone())),
            data => (Some(data.iter().map(Data::sent).collect::<Vec<_>>().join("&")), None),
        };
        if let (true, Some(body), Some(url)) = (get, &body, &mut request.url) {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(body);
        } else if !parts.is_empty() {
            if !has("content-type") {
                request.implicit_headers.push(("content-type".into(), "multipart/form-data".into()));
            }
            request.parts = Some(parts);
        } else if body.is_some() || file.is_some() {
            let kind = if json { "application/json" } else { FORM };
            if !has("content-type") {
                request.implicit_headers.push(("content-type".into(), kind.into()));
            }
            if json && !has("accept") {
                request.implicit_headers.push(("accept".into(), kind.into()));
            }
            request.body = body;
            request.file = file;
        }
        let default = if head {
            "HEAD"
        } else if request.has_body() {
            "POST"
        } else {
            "GET"
        };
        request.method = Some(method.unwrap_or_else(|| default.into()));
    }
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

/// One data option's value: text as curl sends it, or a file it reads (`@path`).
enum Data {
    Text(String),
    File(String),
}

impl Data {
    fn sent(&self) -> String {
        match self {
            Data::Text(text) => text.clone(),
            Data::File(path) => format!("@{path}"),
        }
    }
}

/// What curl sends for a `--data-urlencode` value: `name=content` as the name as written and
/// the content encoded; `=content` and `content` as the content encoded. (`name@file` reads a
/// file, which is not read here: kept as written.)
fn url_encoded(value: &str) -> String {
    let encode = |text: &str| {
        let mut out = String::with_capacity(text.len());
        for b in text.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    match value.find('=') {
        Some(0) => encode(&value[1..]),
        Some(at) => format!("{}={}", &value[..at], encode(&value[at + 1..])),
        None if value.contains('@') => value.to_string(),
        None => encode(value),
    }
}

/// A `--form` (or, `literal`, `--form-string`) value as curl reads it: `name=value`, or
/// `name=@path` with `;filename=`, `;type=` and other parameters, each word optionally in
/// double quotes with `\"` and `\\` escapes. `name=<path` (a text field read from a file)
/// gives the path as `file` with no file name.
fn form_part(value: &str, literal: bool) -> Option<ParsedPart> {
    let (name, content) = value.split_once('=')?;
    let mut part = ParsedPart { name: name.to_string(), ..ParsedPart::default() };
    if literal {
        part.value = Some(content.to_string());
        return Some(part);
    }
    let (file, rest) = match content.strip_prefix('@').or_else(|| content.strip_prefix('<')) {
        Some(path) => (Some(content.starts_with('@')), path),
        None => (None, content),
    };
    let (word, mut rest) = param_word(rest);
    match file {
        Some(_) => part.file = Some(word),
        None => part.value = Some(word),
    }
    while let Some(after) = rest.strip_prefix(';') {
        let after = after.trim_start();
        let Some((key, value)) = after.split_once('=') else { break };
        let (word, next) = if key.eq_ignore_ascii_case("type") {
            // A type runs to the end or to the next parameter curl knows.
            let end = [";filename=", ";headers=", ";encoder=", ";type="]
                .iter()
                .filter_map(|k| value.find(k))
                .min()
                .unwrap_or(value.len());
            (value[..end].trim_end().to_string(), &value[end..])
        } else {
            param_word(value)
        };
        match key.to_ascii_lowercase().as_str() {
            "filename" => part.filename = Some(word),
            "type" => part.content_type = Some(word),
            _ => {}
        }
        rest = next;
    }
    if file == Some(true) && part.filename.is_none() {
        // curl names the file by the path's last segment.
        part.filename = part.file.as_deref().map(|p| p.rsplit('/').next().unwrap_or(p).to_string());
    }
    Some(part)
}

/// A word of a `--form` value: a double-quoted one with `\"` and `\\` escapes up to its closing
/// quote, else everything up to the next `;`; and the rest after it.
fn param_word(text: &str) -> (String, &str) {
    if let Some(quoted) = text.strip_prefix('"') {
        let mut word = String::new();
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' if matches!(quoted[i + 1..].chars().next(), Some('"' | '\\')) => {
                    word.extend(chars.next().map(|(_, c)| c));
                }
                '"' => {
                    let rest = &quoted[i + 1..];
                    return (word, &rest[rest.find(';').unwrap_or(rest.len())..]);
                }
                c => word.push(c),
            }
        }
    }
    let end = text.find(';').unwrap_or(text.len());
    (text[..end].to_string(), &text[end..])
}

/// Value-less short flags grouped in one word (`-sSk`).
fn flag_issues(flags: &[char], node: Node, issues: &mut Vec<Issue>, get: &mut bool, head: &mut bool) {
    for flag in flags {
        match flag {
            'k' => issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() }),
            'G' => *get = true,
            'I' => *head = true,
            _ => {}
        }
    }
}

fn short(c: char) -> &'static str {
    const SHORT: [&str; 19] = [
        "-X", "-H", "-d", "-o", "-u", "-b", "-A", "-e", "-c", "-F", "-m", "-w", "-x", "-E", "-T", "-r", "-K", "-U",
        "-D",
    ];
    SHORT.iter().find(|s| s.ends_with(c)).copied().unwrap_or("")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::parse::testing::{self, kinds};

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn reads_published_samples() {
        let body = r#"{ "members": [ "USER_ID", "USER_ID", "USER_ID" ] }"#;
        let (auth, cache) = (pair("authorization", "Bearer MGMT_API_ACCESS_TOKEN"), pair("cache-control", "no-cache"));
        let ja = analyze(&testing::published("ja-remove-members.txt", "curl"));
        assert_eq!(ja.request.method.as_deref(), Some("DELETE"));
        assert_eq!(ja.request.url.as_deref(), Some("https://{yourDomain}/api/v2/organizations/ORG_ID/members"));
        assert_eq!(ja.request.headers, vec![auth.clone(), cache.clone()]);
        assert_eq!(ja.request.implicit_headers, vec![pair("content-type", FORM)]);
        assert_eq!(ja.request.body.as_deref(), Some(body));
        assert!(ja.issues.is_empty(), "{:?}", ja.issues);

        let fr = analyze(&testing::published("fr-assign-members.txt", "curl"));
        assert_eq!(fr.request.method.as_deref(), Some("POST"));
        assert_eq!(fr.request.url.as_deref(), Some("https://your_auth0_domain/api/v2/organizations/ORG_ID/members"));
        assert_eq!(fr.request.headers, vec![auth, cache, pair("content-type", "application/json")]);
        assert!(fr.request.implicit_headers.is_empty());
        assert_eq!(fr.request.body.as_deref(), Some(body));
        assert!(fr.issues.is_empty(), "{:?}", fr.issues);
    }

    #[test]
    fn decodes_words_and_other_shapes() {
        let code = "curl -sk -XPATCH \"https://h/a?b=\\\"\\$x\\q\" \\\n  -H 'x-a: it'\\''s' -H\"x-b:\"$'\\x41\\u00e9\\n\\'\\101\\cA' \\\n  --insecure -d a\\ b --data-raw c -o out.txt\n";
        let a = analyze(code);
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("https://h/a?b=\"$x\\q"));
        assert_eq!(a.request.headers, vec![pair("x-a", "it's"), pair("x-b", "Aé\n'A\u{1}")]);
        assert_eq!(a.request.body.as_deref(), Some("a b&c"));
        assert_eq!(a.request.implicit_headers, vec![pair("content-type", FORM)]);
        assert_eq!(kinds(&a), vec![IssueKind::Security, IssueKind::Security]);
        assert_eq!(a.issues.iter().map(|i| i.line).collect::<Vec<_>>(), vec![1, 3]);
        let get = analyze("curl -G https://h/x -d q=1 --json '{}'");
        assert_eq!(get.request.url.as_deref(), Some("https://h/x?q=1&{}"));
        assert_eq!(get.request.method.as_deref(), Some("GET"));
        assert_eq!(analyze("curl https://h -I").request.method.as_deref(), Some("HEAD"));
    }

    #[test]
    fn reads_forms_parts_files_and_credentials() {
        let form = analyze(
            "curl https://h/x -u 'u:p:q' -b 'a=1; b=2' -b jar.txt --data-urlencode 'a b=c d' \\\n  \
             --data-urlencode '=x&y' --data-urlencode plain -d k=v",
        );
        assert_eq!(form.request.method.as_deref(), Some("POST"));
        assert_eq!(form.request.body.as_deref(), Some("a b=c+d&x%26y&plain&k=v"));
        assert_eq!(form.request.basic, Some(pair("u", "p:q")));
        assert_eq!(form.request.headers, vec![pair("cookie", "a=1; b=2")], "jar.txt is a file to read");
        assert_eq!(form.request.implicit_headers, vec![pair("content-type", FORM)]);

        let parts = analyze(
            r#"curl https://h -F 'a=@"x;y\"z";filename="n;m";type=text/plain; charset=utf-8' -F b=@dir/f.png \
               -F 'c=v;type=text/x' --form-string 'd=@e;f' -F 'e=<file'"#,
        );
        let part = |name: &str, value: Option<&str>, file: Option<&str>, filename: Option<&str>, ct: Option<&str>| {
            ParsedPart {
                name: name.into(),
                value: value.map(Into::into),
                file: file.map(Into::into),
                filename: filename.map(Into::into),
                content_type: ct.map(Into::into),
            }
        };
        assert_eq!(
            parts.request.parts,
            Some(vec![
                part("a", None, Some("x;y\"z"), Some("n;m"), Some("text/plain; charset=utf-8")),
                part("b", None, Some("dir/f.png"), Some("f.png"), None),
                part("c", Some("v"), None, None, Some("text/x")),
                part("d", Some("@e;f"), None, None, None),
                part("e", None, Some("file"), None, None),
            ])
        );
        assert_eq!(parts.request.method.as_deref(), Some("POST"));
        assert_eq!(parts.request.implicit_headers, vec![pair("content-type", "multipart/form-data")]);

        let file = analyze("curl -X PUT https://h --data-binary @img.png");
        assert_eq!((file.request.file.as_deref(), file.request.body), (Some("img.png"), None));
        let two = analyze("curl https://h --data-binary @a -d b");
        assert_eq!((two.request.file, two.request.body.as_deref()), (None, Some("@a&b")));
    }

    #[test]
    fn survives_its_own_broken_input() {
        analyze("curl -X\ncurl -H $'\\x\\u\\c' -d \"\\");
    }
}
