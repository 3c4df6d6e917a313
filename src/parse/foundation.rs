//! What the Foundation samples (Objective-C's NSURLSession, Swift's URLSession) share when
//! read back: multipart parts given as a list of dictionaries, and forms percent-encoded with
//! a character set.

use serde_json::{Map, Value};

use super::{ParsedPart, ParsedRequest};

/// Multipart parts from a list of dictionaries, one a part: `name` (`key`), and `value` or
/// `file` (`path`, `src`, `fileName`) with `filename` (`fileName`) and `contentType`
/// (`content_type`, `type`).
pub fn parts_of(list: &Value) -> Option<Vec<ParsedPart>> {
    let string = |o: &Map<String, Value>, keys: &[&str]| {
        keys.iter().find_map(|k| o.get(*k).and_then(Value::as_str).map(str::to_string))
    };
    list.as_array()?
        .iter()
        .map(|item| {
            let o = item.as_object()?;
            let name = string(o, &["name", "key"])?;
            // Postman and httpsnippet read the file from its `fileName` (or `src`).
            Some(match string(o, &["file", "path", "src", "fileName"]) {
                Some(file) => ParsedPart {
                    name,
                    value: None,
                    filename: string(o, &["filename", "fileName"]),
                    content_type: string(o, &["contentType", "content_type", "type"]),
                    file: Some(file),
                },
                None => ParsedPart { name, value: string(o, &["value"]), ..Default::default() },
            })
        })
        .collect()
}

/// The characters a percent-encoding leaves as they are.
#[derive(Debug, Clone, PartialEq)]
pub enum Allowed {
    /// No encoding at all.
    Everything,
    /// Exactly these characters.
    Chars(String),
    /// Letters, marks and digits of any script (`alphanumericCharacterSet`, `.alphanumerics`).
    Alphanumeric,
}

impl Allowed {
    /// A predefined set by its name without `CharacterSet`: `URLQueryAllowed` (Objective-C)
    /// or `urlQueryAllowed` (Swift), `alphanumeric(s)`.
    pub fn named(name: &str) -> Option<Allowed> {
        const ALPHA: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let extra = match name.to_ascii_lowercase().as_str() {
            "alphanumeric" | "alphanumerics" => return Some(Allowed::Alphanumeric),
            "urlqueryallowed" | "urlfragmentallowed" => "-._~!$&'()*+,;=:@/?",
            "urlpathallowed" => "-._~!$&'()*+,;=:@/",
            "urlhostallowed" => "-._~!$&'()*+,;=:[]",
            "urluserallowed" | "urlpasswordallowed" => "-._~!$&'()*+,;=",
            _ => return None,
        };
        Some(Allowed::Chars(format!("{ALPHA}{extra}")))
    }

    fn allows(&self, c: char) -> bool {
        match self {
            Allowed::Everything => true,
            Allowed::Chars(chars) => chars.contains(c),
            Allowed::Alphanumeric => c.is_alphanumeric(),
        }
    }

    /// `text` percent-encoded as UTF-8, every character outside the set escaped.
    pub fn encode(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if self.allows(c) {
                out.push(c);
            } else {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
        out
    }

    /// The form `fields` make when each name and value is encoded with this set.
    pub fn form(&self, fields: Vec<(String, String)>) -> FormBody {
        let sent: Vec<String> = fields.iter().map(|(n, v)| format!("{}={}", self.encode(n), self.encode(v))).collect();
        let sent = sent.join("&");
        if crate::check::compare::form_fields(&sent) == fields {
            FormBody::Fields(fields)
        } else {
            FormBody::Sent(sent)
        }
    }
}

/// A form a sample encodes field by field.
#[derive(Debug, Clone, PartialEq)]
pub enum FormBody {
    /// Encoded so that the server decodes exactly these fields.
    Fields(Vec<(String, String)>),
    /// Encoded so that the server decodes other fields (`&`, `=` or `+` left bare): the text sent.
    Sent(String),
}

impl FormBody {
    /// Records the form as the request's body.
    pub fn set(self, request: &mut ParsedRequest) {
        match self {
            FormBody::Fields(fields) => request.form = Some(fields),
            FormBody::Sent(text) => request.body = Some(text),
        }
    }
}
