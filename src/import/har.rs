//! Captured requests (a HAR file, see `crate::har`) as operations to import: each request is
//! its own guide, with English skeleton messages to write the prose in (title, intro, API
//! intro, one description per placeholder), like an OpenAPI operation without a description.

use std::collections::BTreeSet;

use super::{placeholder_message_id, Imported, ImportedOperation, Message};
use crate::har::HarRequest;

/// The requests as operations, in file order.
pub fn operations(requests: Vec<HarRequest>) -> Imported {
    let mut all_ids = BTreeSet::new();
    let taken: BTreeSet<String> = requests.iter().map(|r| r.endpoint.id.clone()).collect();
    let operations = requests
        .into_iter()
        .map(|request| {
            let mut endpoint = request.endpoint;
            let mut notes = request.notes;
            // A guide named like one of apiglot's own files would replace it (or be replaced).
            if let Some(what) = crate::load::reserved_guide(&endpoint.guide) {
                let mut renamed = format!("{}-guide", endpoint.id);
                let mut n = 2;
                while taken.contains(&renamed) {
                    renamed = format!("{}-guide-{n}", endpoint.id);
                    n += 1;
                }
                notes.push(format!(
                    "imported as `{renamed}`: a guide named `{}` would have the name of {what}",
                    endpoint.guide
                ));
                endpoint.id = renamed.clone();
                endpoint.guide = renamed;
            }
            let id = endpoint.id.clone();
            all_ids.insert(id.clone());
            let operation = format!("{} {}", endpoint.method.to_ascii_uppercase(), endpoint.path);
            // Placeholders without their braces, as the samples show them.
            let title = operation.replace(['{', '}'], "");
            let mut messages =
                vec![Message::plain(format!("{id}-title"), &title), Message::plain(format!("{id}-intro"), &title)];
            // A request's placeholders are described per guide, as imported operations are,
            // so that every guide's messages stay in its own file.
            for placeholder in &mut endpoint.placeholders {
                let message_id = placeholder_message_id(&id, &placeholder.name, &messages);
                messages.push(Message::plain(message_id.clone(), &format!("The `{}` value.", placeholder.name)));
                placeholder.description = message_id;
            }
            ImportedOperation { endpoint, messages, operation, notes }
        })
        .collect();
    Imported { operations, all_ids, title: None, skipped: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_named_like_an_apiglot_file_is_renamed() {
        let text = r#"[{"id": "index", "method": "GET", "url": "http://h/a"},
                       {"id": "index-guide", "method": "GET", "url": "http://h/b"},
                       {"id": "Summary", "method": "GET", "url": "http://h/c"}]"#;
        let imported = operations(crate::har::parse(text, std::path::Path::new("c.har")).unwrap());
        let names: Vec<(&str, &str)> =
            imported.operations.iter().map(|o| (o.endpoint.id.as_str(), o.endpoint.guide.as_str())).collect();
        assert_eq!(
            names,
            [("index-guide-2", "index-guide-2"), ("index-guide", "index-guide"), ("summary-guide", "summary-guide")]
        );
        assert!(imported.operations[0].notes[0].starts_with("imported as `index-guide-2`: a guide named `index`"));
        assert!(imported.all_ids.contains("index-guide-2") && !imported.all_ids.contains("index"));
    }
}
