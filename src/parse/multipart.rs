//! Reading back a multipart body a sample builds by hand (a shell script's printf, Java's
//! byte arrays): its parts, names, file names, types and values, in order.

use super::ParsedPart;

/// The parts of a multipart body's text that a sample builds by hand: each file's contents
/// stand as its index in `files` between two `mark`s.
pub(crate) fn parts(body: &str, files: &[String], mark: char) -> Option<Vec<ParsedPart>> {
    let boundary = body.strip_prefix("--")?.split("\r\n").next()?;
    let delimiter = format!("\r\n--{boundary}");
    let rest = body.strip_prefix("--")?.strip_prefix(boundary)?;
    let mut parts = Vec::new();
    for chunk in rest.split(&delimiter) {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk.strip_prefix("\r\n")?;
        let (head, content) = chunk.split_once("\r\n\r\n")?;
        let mut part = ParsedPart::default();
        for header in head.split("\r\n") {
            let (name, value) = header.split_once(':')?;
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-disposition") {
                part.name = quoted_param(value, "name")?;
                part.filename = quoted_param(value, "filename");
            } else if name.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.to_string());
            }
        }
        let file = content
            .strip_prefix(mark)
            .and_then(|c| c.strip_suffix(mark))
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| files.get(i));
        match file {
            Some(path) => part.file = Some(path.clone()),
            None => part.value = Some(content.to_string()),
        }
        parts.push(part);
    }
    Some(parts)
}

/// The value of `key="..."` in a Content-Disposition (no escapes: apiglot's part and file
/// names hold no quote).
fn quoted_param(value: &str, key: &str) -> Option<String> {
    let needle = format!("; {key}=\"");
    let at = value.find(&needle)? + needle.len();
    let end = value[at..].find('"')?;
    Some(value[at..at + end].to_string())
}
