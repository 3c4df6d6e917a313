//! The endpoint file format (`endpoints/*.yaml`): the language-neutral facts of one API operation.
//!
//! Pure data: parsing lives in `load`, resolution into a concrete request in `request`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One API operation. Strings in `path`, `query`, `headers`, `cookies`, `auth` and `body` may
/// hold placeholders written `{NAME}` (UPPER_SNAKE); each must be declared in `placeholders`.
/// Any other `{name}` is refused; `{{` is a literal `{`.
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
    /// Scheme, host, optional port and base path, e.g. `https://{yourDomain}:8443/v1`; a host
    /// that is only a template (`{yourDomain}`, `YOUR_DOMAIN`) becomes the configured
    /// placeholder and keeps its port; one with a template inside a longer name
    /// (`api.{yourDomain}`, `{region}.example.com`) is kept as written. http or https
    /// only, no `user:password@`, a port from 1 to 65535.
    pub server: String,
    /// Path with path parameters as placeholders, e.g. `/api/v2/organizations/{ORG_ID}/members`;
    /// no `.` or `..` segments (some clients resolve them, others send them).
    pub path: String,
    /// Query parameters in order; a name may repeat.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<NameValue>,
    /// Request headers in order (besides `authorization`, `content-type` and `cookie`, which
    /// come from `auth`, `body` and `cookies`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<NameValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Auth>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    /// Cookies sent in one `cookie` header, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookies: Vec<NameValue>,
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
    /// Message id of the sidebar group its guide is listed under (an API description's tag);
    /// guides without one are listed under the site's "Guides".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Every parameter the operation takes, optional ones included, as the page's parameter
    /// table lists them. Samples send only what `path`, `query`, `headers` and `cookies`
    /// hold: an optional parameter is shown in a sample by adding it there too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// The request body's fields, nested, as the page's body table lists them (the sample's
    /// body shows only those `body` holds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

/// One parameter of an operation, for the page's parameter table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// As the API names it, e.g. `per_page`.
    pub name: String,
    /// Where it goes: `path`, `query`, `header` or `cookie`.
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ValueType>,
    /// An array's item type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<ValueType>,
    /// A refinement of the type as the API states it, e.g. `date-time`, `email`, `int32`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Path parameters are always required.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// The values it may take, when they are few.
    #[serde(rename = "enum", default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// Message id of its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// The JSON types a parameter or field takes (a file for multipart parts and binary bodies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    File,
    Null,
}

impl ValueType {
    /// Its name in the endpoint format, which is also the end of its message id (`type-string`).
    pub fn name(self) -> &'static str {
        match self {
            ValueType::String => "string",
            ValueType::Integer => "integer",
            ValueType::Number => "number",
            ValueType::Boolean => "boolean",
            ValueType::Array => "array",
            ValueType::Object => "object",
            ValueType::File => "file",
            ValueType::Null => "null",
        }
    }
}

/// One field of a request body, for the page's body table; an object's or array's own
/// fields nest under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ValueType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<ValueType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    #[serde(rename = "enum", default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<serde_json::Value>,
    /// Message id of its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NameValue {
    pub name: String,
    pub value: String,
}

/// How the request authenticates: exactly one of `bearer`, `basic` or `api_key`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// Sent as `authorization: Bearer <token>`; usually a placeholder such as
    /// `{MGMT_API_ACCESS_TOKEN}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bearer: Option<String>,
    /// HTTP basic authentication (`authorization: Basic base64(user:password)`), written the
    /// way each client does it (`curl --user`, `SetBasicAuth`, `basic_auth`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic: Option<BasicAuth>,
    /// An API key sent in a header, a query parameter or a cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<ApiKey>,
}

/// A user and a password; placeholders allowed (`{CLIENT_ID}`, `{CLIENT_SECRET}`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicAuth {
    /// The user (client id); no `:`, which would end it.
    pub user: String,
    pub password: String,
}

/// An API key: its name, where it goes, and its value (usually a placeholder).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    /// The header, query parameter or cookie name, e.g. `x-api-key`.
    pub name: String,
    /// `header`, `query` or `cookie`.
    #[serde(rename = "in")]
    pub location: ApiKeyLocation,
    /// The key, e.g. `{API_KEY}`.
    pub value: String,
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// The request body: exactly one of `json`, `form`, `multipart`, `text` or `binary`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Sent as the `content-type` header. For `json` a JSON type (`application/json`, the
    /// default, or `application/*+json`); for `text` any textual type and required
    /// (`text/plain`, `application/xml`, `text/csv`); for `binary` any type
    /// (`application/octet-stream` by default). `form` and `multipart` set their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Any JSON value; strings may hold placeholders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<serde_json::Value>,
    /// Fields sent as `application/x-www-form-urlencoded`, in order; a name may repeat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<Vec<NameValue>>,
    /// Parts sent as `multipart/form-data`, in order: text fields and files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multipart: Option<Vec<Part>>,
    /// Exact text, sent byte for byte as UTF-8 with `content_type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The path of a file whose bytes are the body, usually a placeholder (`{FILE_PATH}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary: Option<String>,
}

/// One part of a multipart body: a text field (`value`) or a file (`file`, with `filename`
/// and `content_type`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// The field name.
    pub name: String,
    /// A text field's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A file part: the path the sample reads, usually a placeholder (`{USERS_FILE}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The file name the server receives, e.g. `users.json`; required for a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// The file's content type, e.g. `application/json`; required for a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
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
    /// An example of the response body: JSON shown formatted and highlighted, a string
    /// shown as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
}

/// The JSON Schema of the endpoint format, for editors.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Endpoint)).expect("a schema is always JSON")
}
