//! Captured requests (a HAR file, see `crate::har`) as operations to import: each request is
//! its own guide, with English skeleton messages to write the prose in (title, intro, API
//! intro, one description per placeholder), like an OpenAPI operation without a description.

use std::collections::BTreeSet;

use super::{placeholder_message_id, Imported, ImportedOperation, Message};
use crate::har::HarRequest;

/// The requests as operations, in file order.
pub fn operations(requests: Vec<HarRequest>) -> Imported {
    let mut all_ids = BTreeSet::new();
    let operations = requests
        .into_iter()
        .map(|request| {
            let mut endpoint = request.endpoint;
            let id = endpoint.id.clone();
            all_ids.insert(id.clone());
            let operation = format!("{} {}", endpoint.method.to_ascii_uppercase(), endpoint.path);
            // Placeholders without their braces, as the samples show them.
            let title = operation.replace(['{', '}'], "");
            let mut messages = vec![
                Message::plain(format!("{id}-title"), &title),
                Message::plain(format!("{id}-intro"), &title),
                Message::fluent(format!("{id}-api-intro"), "Make a { $method } request to `{ $path }`."),
            ];
            // A request's placeholders are described per guide, as imported operations are,
            // so that every guide's messages stay in its own file.
            for placeholder in &mut endpoint.placeholders {
                let message_id = placeholder_message_id(&id, &placeholder.name, &messages);
                messages.push(Message::plain(message_id.clone(), &format!("The `{}` value.", placeholder.name)));
                placeholder.description = message_id;
            }
            ImportedOperation { endpoint, messages, operation, notes: request.notes }
        })
        .collect();
    Imported { operations, all_ids, title: None }
}
