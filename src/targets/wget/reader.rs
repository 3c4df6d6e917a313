//! Reads a wget command line back into its request (tree-sitter-bash, with the shell
//! helpers curl's reader uses): `--method`, `--header`, `--user`/`--password` (and their
//! `--http-` forms), `--body-data`/`--post-data` as the body, `--body-file`/`--post-file` as
//! the file sent, or as the multipart body the sample built in that file; the URL. Reports
//! certificate checks turned off (`--no-check-certificate`).
//!
//! Not read: a `.wgetrc`, `-i` URL lists, `--header` values with shell expansions (kept as
//! written).

use tree_sitter::Node;

use crate::parse::shell::{arguments, built_multipart, find_command};
use crate::parse::{line, parse, syntax_issues, Analysis, Issue, IssueKind, ParsedRequest, FORM};

const INSECURE: &str =
    "The command turns certificate checks off (--no-check-certificate), so anyone on the network could read or change the request.";

/// Long options that take a value, so that the value is not taken for the URL.
const VALUED: &[&str] = &[
    "--method",
    "--header",
    "--body-data",
    "--body-file",
    "--post-data",
    "--post-file",
    "--user",
    "--password",
    "--http-user",
    "--http-password",
    "--output-document",
    "--output-file",
    "--append-output",
    "--user-agent",
    "--referer",
    "--load-cookies",
    "--save-cookies",
    "--timeout",
    "--tries",
    "--wait",
    "--ca-certificate",
    "--ca-directory",
    "--certificate",
    "--private-key",
    "--directory-prefix",
    "--input-file",
    "--config",
    "--execute",
    "--max-redirect",
];

/// Short options that take a value (`-O -`, `-O-`, `-qO-`).
const SHORT_VALUED: &str = "OoaUePtTwiDe";

pub fn analyze(code: &str) -> Analysis {
    let tree = parse(crate::grammars::bash(), code);
    let mut issues = syntax_issues(&tree, code);
    let mut request = ParsedRequest::default();
    let Some(command) = find_command(tree.root_node(), code, &["wget"]) else {
        return Analysis { request, issues };
    };
    let args: Vec<(String, Node)> = arguments(command, code);
    let (mut method, mut data, mut file): (Option<String>, Option<String>, Option<String>) = (None, None, None);
    let (mut user, mut password, mut post) = (None, None, false);
    let mut positional = false;
    let mut i = 0;
    while i < args.len() {
        let (arg, node) = (&args[i].0, args[i].1);
        i += 1;
        let take = |attached: Option<&str>, i: &mut usize| match attached {
            Some(v) => Some(v.to_string()),
            None => {
                *i += 1;
                args.get(*i - 1).map(|a| a.0.clone())
            }
        };
        if positional || !arg.starts_with('-') || arg == "-" {
            if request.url.is_none() {
                request.url = Some(arg.clone());
            }
            continue;
        }
        if arg == "--" {
            positional = true;
            continue;
        }
        let (option, attached) = match arg.split_once('=') {
            Some((o, v)) if arg.starts_with("--") => (o, Some(v)),
            _ => (arg.as_str(), None),
        };
        if !option.starts_with("--") {
            // Grouped short flags; one that takes a value takes the rest or the next word.
            let flags: Vec<char> = option[1..].chars().collect();
            if let Some(at) = flags.iter().position(|c| SHORT_VALUED.contains(*c)) {
                let rest: String = flags[at + 1..].iter().collect();
                take((!rest.is_empty()).then_some(rest.as_str()), &mut i);
            }
            continue;
        }
        let value = if VALUED.contains(&option) { take(attached, &mut i) } else { None };
        match (option, value) {
            ("--method", Some(v)) => method = Some(v.to_uppercase()),
            ("--header", Some(v)) => {
                if let Some((name, value)) = v.split_once(':') {
                    request.headers.push((name.trim().to_string(), value.trim_start().to_string()));
                }
            }
            ("--body-data", Some(v)) => data = Some(v),
            ("--post-data", Some(v)) => (data, post) = (Some(v), true),
            ("--body-file", Some(v)) => file = Some(v),
            ("--post-file", Some(v)) => (file, post) = (Some(v), true),
            ("--user" | "--http-user", Some(v)) => user = Some(v),
            ("--password" | "--http-password", Some(v)) => password = Some(v),
            ("--no-check-certificate", _) => {
                issues.push(Issue { kind: IssueKind::Security, line: line(node), message: INSECURE.into() })
            }
            _ => {}
        }
    }
    if user.is_some() || password.is_some() {
        request.basic = Some((user.unwrap_or_default(), password.unwrap_or_default()));
    }
    // A body file the sample built as a multipart body is its parts.
    let built = built_multipart(tree.root_node(), code);
    match (data, file) {
        (Some(text), _) => request.body = Some(text),
        (None, Some(path)) => match built {
            Some((target, parts)) if target == path => request.parts = Some(parts),
            _ => request.file = Some(path),
        },
        (None, None) => {}
    }
    request.body_defaults_to(FORM);
    let default = if post { "POST" } else { "GET" };
    request.method = Some(method.unwrap_or_else(|| default.into()));
    issues.sort_by_key(|i| i.line);
    Analysis { request, issues }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::testing;

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn reads_its_options() {
        let a = analyze(
            "wget -qO- --method=patch --header 'x-a: it'\\''s' --header=\"X-B:  b\" \\\n  --http-user u --password 'p:w' \
             --auth-no-challenge --post-data 'a=1&b=2' --no-check-certificate 'https://h/x?q=1'\n",
        );
        assert_eq!(a.request.method.as_deref(), Some("PATCH"));
        assert_eq!(a.request.url.as_deref(), Some("https://h/x?q=1"));
        assert_eq!(a.request.headers, vec![pair("x-a", "it's"), pair("X-B", "b")]);
        assert_eq!(a.request.basic, Some(pair("u", "p:w")));
        assert_eq!(a.request.body.as_deref(), Some("a=1&b=2"));
        assert_eq!(a.request.implicit_headers, vec![pair("content-type", FORM)]);
        assert_eq!(testing::kinds(&a), vec![IssueKind::Security]);
        assert_eq!(a.issues[0].line, 2);
        let get = analyze("wget -O - https://h/y");
        assert_eq!((get.request.method.as_deref(), get.request.url.as_deref()), (Some("GET"), Some("https://h/y")));
        let post = analyze("wget --post-file=img.png https://h/z");
        assert_eq!((post.request.method.as_deref(), post.request.file.as_deref()), (Some("POST"), Some("img.png")));
    }
}
