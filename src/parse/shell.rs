//! What the readers of shell clients (curl, HTTPie, wget) share, on tree-sitter-bash trees:
//! the value of a bash word (quotes, `$'...'`, concatenations), the arguments of a command,
//! the output of a `printf` (as a process substitution's text or a multipart body built in a
//! file), and the multipart parts of such a body.

use tree_sitter::Node;

use super::literal::Unescape;
use super::{descendants, text, ParsedPart};

/// The first command named one of `names`, anywhere in the tree.
pub(crate) fn find_command<'t>(root: Node<'t>, code: &str, names: &[&str]) -> Option<Node<'t>> {
    descendants(root).into_iter().find(|n| {
        n.kind() == "command"
            && n.child_by_field_name("name").is_some_and(|name| names.contains(&word(name, code).as_str()))
    })
}

/// The command's name as decoded.
pub(crate) fn command_name(command: Node, code: &str) -> String {
    command.child_by_field_name("name").map(|n| word(n, code)).unwrap_or_default()
}

/// A command's arguments: each decoded, with its (first) node.
pub(crate) fn arguments<'t>(command: Node<'t>, code: &str) -> Vec<(String, Node<'t>)> {
    words(command, |n| word(n, code))
}

/// A command's arguments, each node decoded by `decode`: nodes with no space between them
/// are one word, as bash reads them (tree-sitter-bash gives `'a'<(b)` as two arguments).
pub(crate) fn words<'t>(command: Node<'t>, mut decode: impl FnMut(Node) -> String) -> Vec<(String, Node<'t>)> {
    let mut cursor = command.walk();
    let mut out: Vec<(String, Node<'t>)> = Vec::new();
    let mut end = None;
    for node in command.children_by_field_name("argument", &mut cursor) {
        let value = decode(node);
        match out.last_mut() {
            Some((word, _)) if end == Some(node.start_byte()) => word.push_str(&value),
            _ => out.push((value, node)),
        }
        end = Some(node.end_byte());
    }
    out
}

/// The file a command's standard input is redirected from (`cmd < path`), decoded.
pub(crate) fn stdin_file(command: Node, code: &str) -> Option<String> {
    let statement = command.parent().filter(|p| p.kind() == "redirected_statement")?;
    let mut cursor = statement.walk();
    let redirects: Vec<Node> = statement.children_by_field_name("redirect", &mut cursor).collect();
    redirects.into_iter().find_map(|r| {
        let operator = r.child(0).map(|o| text(o, code))?;
        (r.kind() == "file_redirect" && operator == "<")
            .then(|| r.child_by_field_name("destination").map(|d| word(d, code)))
            .flatten()
    })
}

/// The value of a bash word: quotes removed and escapes applied; expansions stay as written.
pub(crate) fn word(node: Node, code: &str) -> String {
    let source = text(node, code);
    match node.kind() {
        "raw_string" => source.get(1..source.len().saturating_sub(1)).unwrap_or_default().to_string(),
        "string" => {
            let body = source.strip_prefix('$').unwrap_or(source);
            let body = body.strip_prefix('"').unwrap_or(body);
            let body = body
                .strip_suffix('"')
                .filter(|b| b.chars().rev().take_while(|c| *c == '\\').count() % 2 == 0)
                .unwrap_or(body);
            unescape(body, "$`\"\\\n")
        }
        "ansi_c_string" => ansi_c(source.get(2..source.len().saturating_sub(1)).unwrap_or_default()),
        "concatenation" | "command_name" => {
            let mut cursor = node.walk();
            let parts: Vec<Node> = node.children(&mut cursor).collect();
            if parts.is_empty() {
                return unescape(source, "");
            }
            parts.into_iter().map(|part| word(part, code)).collect()
        }
        "word" | "number" => unescape(source, ""),
        _ => source.to_string(),
    }
}

/// What a process substitution `<(printf FORMAT ARGS...)` writes, when that is all it runs.
pub(crate) fn substituted_text(node: Node, code: &str) -> Option<String> {
    if node.kind() != "process_substitution" {
        return None;
    }
    let mut cursor = node.walk();
    let commands: Vec<Node> = node.named_children(&mut cursor).collect();
    match commands.as_slice() {
        [command] if command.kind() == "command" && command_name(*command, code) == "printf" => {
            let args: Vec<String> = arguments(*command, code).into_iter().map(|(w, _)| w).collect();
            Some(printf(&args))
        }
        _ => None,
    }
}

/// What bash's `printf` writes for these arguments (`--` first is skipped): the format's
/// `\` escapes and `%%`, each `%s` and `%b` by the next argument (`%b` without its escapes),
/// the format reused while arguments remain.
pub(crate) fn printf(args: &[String]) -> String {
    let args = match args.first() {
        Some(first) if first == "--" => &args[1..],
        _ => args,
    };
    let Some((format, mut rest)) = args.split_first() else { return String::new() };
    let mut out = String::new();
    loop {
        let mut used = 0;
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('r') => out.push('\r'),
                    Some('t') => out.push('\t'),
                    Some('\\') => out.push('\\'),
                    Some('"') => out.push('"'),
                    Some('\'') => out.push('\''),
                    Some(other) => {
                        out.push('\\');
                        out.push(other);
                    }
                    None => out.push('\\'),
                },
                '%' => match chars.next() {
                    Some('%') => out.push('%'),
                    Some('s' | 'b') => {
                        used += 1;
                        if let Some((arg, others)) = rest.split_first() {
                            out.push_str(arg);
                            rest = others;
                        }
                    }
                    Some(other) => {
                        out.push('%');
                        out.push(other);
                    }
                    None => out.push('%'),
                },
                c => out.push(c),
            }
        }
        if used == 0 || rest.is_empty() {
            return out;
        }
    }
}

/// Stands for a file's bytes in the text of a built body: a private-use character no
/// sample's text holds around the file's index.
const FILE_MARK: char = '\u{F8FF}';

/// A multipart body a sample builds in a file, as apiglot's shell samples do: a
/// `{ printf ...; cat path; ... } > FILE` group. Returns FILE as written (`$body`) and the
/// parts the body holds: the printed text and the files `cat` copies, split at the boundary
/// its first line opens, each part's name, file name and type from its headers.
pub(crate) fn built_multipart(root: Node, code: &str) -> Option<(String, Vec<ParsedPart>)> {
    let group = descendants(root).into_iter().find(|n| {
        n.kind() == "redirected_statement"
            && n.child_by_field_name("body").is_some_and(|b| b.kind() == "compound_statement")
    })?;
    let mut cursor = group.walk();
    let target = group
        .children_by_field_name("redirect", &mut cursor)
        .find(|r| r.kind() == "file_redirect" && r.child(0).is_some_and(|o| text(o, code) == ">"))
        .and_then(|r| r.child_by_field_name("destination"))
        .map(|d| word(d, code))?;
    let body = group.child_by_field_name("body")?;
    let mut printed = String::new();
    let mut files = Vec::new();
    let mut cursor = body.walk();
    for command in body.named_children(&mut cursor).filter(|c| c.kind() == "command") {
        let args: Vec<String> = arguments(command, code).into_iter().map(|(w, _)| w).collect();
        match command_name(command, code).as_str() {
            "printf" => printed.push_str(&printf(&args)),
            "cat" => {
                for path in args {
                    printed.push(FILE_MARK);
                    printed.push_str(&files.len().to_string());
                    printed.push(FILE_MARK);
                    files.push(path);
                }
            }
            _ => {}
        }
    }
    Some((target, super::multipart::parts(&printed, &files, FILE_MARK)?))
}

/// Removes the backslash before the characters in `escapable` (every character when empty);
/// a backslash before a newline removes both.
fn unescape(body: &str, escapable: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\n') => {}
            Some(n) if escapable.is_empty() || escapable.contains(n) => out.push(n),
            Some(n) => {
                out.push('\\');
                out.push(n);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Decodes the body of a bash `$'...'` string; byte escapes are joined and read as UTF-8.
fn ansi_c(body: &str) -> String {
    let mut u = Unescape::new(body);
    while let Some(c) = u.next() {
        if c != '\\' {
            u.char(c);
            continue;
        }
        let Some(e) = u.next() else {
            u.byte(b'\\');
            break;
        };
        match e {
            'a' => u.byte(0x07),
            'b' => u.byte(0x08),
            'e' | 'E' => u.byte(0x1b),
            'f' => u.byte(0x0c),
            'n' => u.byte(b'\n'),
            'r' => u.byte(b'\r'),
            't' => u.byte(b'\t'),
            'v' => u.byte(0x0b),
            '\\' | '\'' | '"' | '?' => u.char(e),
            '0'..='7' => {
                let n = u.octal(e, 0, 2).unwrap_or_default();
                u.byte(n as u8);
            }
            'x' | 'u' | 'U' => {
                let max = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                match u.digits(1, max, 16) {
                    Some((n, _)) if e == 'x' => u.byte(n as u8),
                    Some((n, _)) => u.code_point(n),
                    None => {
                        u.byte(b'\\');
                        u.char(e);
                    }
                }
            }
            'c' if u.peek().is_some() => {
                let control = u.next().unwrap_or_default();
                u.byte((control as u32 & 0x1f) as u8);
            }
            other => {
                u.byte(b'\\');
                u.char(other);
            }
        }
    }
    u.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_writes_what_bash_writes() {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(printf(&s(&["--", "a\\r\\n%s|%%|%s\\\\", "x", "%s"])), "a\r\nx|%|%s\\");
        assert_eq!(printf(&s(&["%s,", "a", "b"])), "a,b,");
        assert_eq!(printf(&s(&["%s"])), "");
        assert_eq!(printf(&s(&[])), "");
    }

    #[test]
    fn reads_a_built_multipart_body() {
        let code = "body=$(mktemp)\n{\n  printf -- '--B\\r\\nContent-Disposition: form-data; name=\"%s\"\\r\\n\\r\\n%s\\r\\n' 'a b' $'x\\r\\ny'\n  \
                    printf -- '--B\\r\\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\\r\\nContent-Type: %s\\r\\n\\r\\n' f 'n;m' text/plain\n  \
                    cat 'dir/p q'\n  printf '\\r\\n--B--\\r\\n'\n} > \"$body\"\n";
        let tree = super::super::parse(crate::grammars::bash(), code);
        let (file, parts) = built_multipart(tree.root_node(), code).expect("a body");
        assert_eq!(file, "$body");
        assert_eq!(
            parts,
            vec![
                ParsedPart { name: "a b".into(), value: Some("x\r\ny".into()), ..ParsedPart::default() },
                ParsedPart {
                    name: "f".into(),
                    file: Some("dir/p q".into()),
                    filename: Some("n;m".into()),
                    content_type: Some("text/plain".into()),
                    value: None
                },
            ]
        );
    }
}
