//! The endpoint file format (`endpoints/*.yaml`): the language-neutral facts of one API operation.
//!
//! Pure data: parsing lives in `load`, resolution into a concrete request in `request`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One API operation. Strings in `path`, `query`, `headers`, `auth` and `body` may hold
/// placeholders written `{NAME}` (UPPER_SNAKE); each must be declared in `placeholders`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Stable identifier, unique in the project; `[a-z0-9-]`.
    pub id: String,
    /// The guide (page) this operation belongs to; `[a-z0-9-]`, not a name of apiglot's own
    /// files (`index`, `summary`, `book`, `books`, `assets`, Windows device names). Its prose messages are
    /// `<guide>-title`, `<guide>-intro`, `<guide>-api-intro`, optionally
    /// `<guide>-dashboard-intro` and `<guide>-dashboard-step-1`, `-2`, ...
    pub guide: String,
    /// HTTP method: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS (every sample names it
    /// in code, and only these exist in every client).
    pub method: String,
    /// Scheme, host, optional port and base path, e.g. `https://{yourDomain}:8443/v1`; a
    /// templated host becomes the configured placeholder and keeps its port. http or https
    /// only, no `user:password@`, a port from 1 to 65535.
    pub server: String,
    /// Path with path parameters as placeholders, e.g. `/api/v2/organizations/{ORG_ID}/members`;
    /// no `.` or `..` segments (some clients resolve them, others send them).
    pub path: String,
    /// Query parameters in order; a name may repeat.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<NameValue>,
    /// Request headers in order (besides `authorization` and `content-type`, which come
    /// from `auth` and `body`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<NameValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Auth>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    /// The scope the access token needs, e.g. `delete:organization_members`; a message argument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Several scopes the access token needs (instead of `scope`); the message argument
    /// `$scope` lists them separated by `, `.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    /// Numbers the prose may use as Fluent arguments, e.g. `max_members: 10`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<String, i64>,
    /// Every placeholder the samples show, in table order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placeholders: Vec<Placeholder>,
    /// Possible responses, in table order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<Response>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NameValue {
    pub name: String,
    pub value: String,
}

/// How the request authenticates.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// Sent as `authorization: Bearer <token>`; usually a placeholder such as
    /// `{MGMT_API_ACCESS_TOKEN}`.
    pub bearer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Sent as the `content-type` header; a JSON type (`application/json`, `application/*+json`).
    #[serde(default = "default_content_type")]
    pub content_type: String,
    /// Any JSON value; strings may hold placeholders.
    pub json: serde_json::Value,
}

fn default_content_type() -> String {
    "application/json".to_string()
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Placeholder {
    /// UPPER_SNAKE name, shown as is in samples, e.g. `ORG_ID`.
    pub name: String,
    /// Message id of its description in the placeholder table.
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// Machine-readable error code, e.g. `invalid_body`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Message id of the response message.
    pub message: String,
    /// Message id of the cause, if the table explains one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The JSON Schema of the endpoint format, for editors.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Endpoint)).expect("a schema is always JSON")
}
