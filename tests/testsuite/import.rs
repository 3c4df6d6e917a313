//! `apiglot import openapi`: a trimmed copy of the Auth0 Management API description
//! (tests/cases/import/auth0-trimmed.json, seven operations) becomes endpoints and English
//! messages that build in every locale; a re-import of a changed copy (auth0-changed.json: one
//! summary, one description and one response text changed, the 429 text of every operation
//! reworded, a 409 response and a required query parameter added, DELETE members removed,
//! GET /users/{id}/profile added) keeps the team's fields, English edits and translations,
//! and reports the stale translations.

use std::path::Path;

use crate::helpers::{apiglot, repo, snapshot_dir};

fn case(name: &str) -> String {
    repo().join("tests/cases/import").join(name).display().to_string()
}

/// An empty project rendering en, ja and fr.
fn empty_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("apiglot.toml"), "locales = [\"en\", \"ja\", \"fr\"]\n").unwrap();
    dir
}

fn read(root: &Path, file: &str) -> String {
    std::fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn endpoint(root: &Path, id: &str) -> apiglot::endpoint::Endpoint {
    serde_yaml_ng::from_str(&read(root, &format!("endpoints/{id}.yaml"))).unwrap()
}

#[test]
fn the_trimmed_auth0_spec_imports_and_builds_in_every_locale() {
    let project = empty_project();
    let root = project.path();
    let run = apiglot(root, &["import", "openapi", &case("auth0-trimmed.json")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("operations: 7 added, 0 changed, 0 unchanged, 0 removed"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "  note: post-members: request body sent as `application/json`; the spec also offers \
             `application/x-www-form-urlencoded`\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("post-users-imports:"), "nothing left out of the upload:\n{}", run.stdout);

    // Ids from operationId, kebab-case.
    let mut ids: Vec<String> = std::fs::read_dir(root.join("endpoints"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".yaml").to_string())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "delete-members",
            "get-role-user",
            "get-users-by-id",
            "post-log-streams",
            "post-members",
            "post-rotate",
            "post-users-imports"
        ]
    );

    // Placeholders, server, scopes and a body built from the schema's required properties.
    let members = endpoint(root, "post-members");
    assert_eq!(members.server, "https://{yourDomain}");
    assert_eq!(members.path, "/api/v2/organizations/{ORGANIZATION_ID}/members");
    assert_eq!(members.auth.as_ref().unwrap().bearer.as_deref(), Some("{ACCESS_TOKEN}"));
    assert_eq!(members.scope.as_deref(), Some("create:organization_members"));
    assert_eq!(members.body.as_ref().unwrap().json, Some(serde_json::json!({ "members": ["{MEMBER}"] })));
    let names: Vec<&str> = members.placeholders.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["ORGANIZATION_ID", "ACCESS_TOKEN", "MEMBER"]);
    // The sidebar group: the first tag, one shared message.
    assert_eq!(members.group.as_deref(), Some("group-organizations"));
    assert!(read(root, "locales/en/shared.ftl").contains("group-organizations = organizations\n"));
    let statuses: Vec<u16> = members.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [204, 400, 401, 401, 401, 403, 429], "x-description-N adds a row of the same status");

    let user = endpoint(root, "get-users-by-id");
    assert_eq!(user.path, "/api/v2/users/{USER_ID}");
    assert_eq!(user.scope, None);
    assert_eq!(user.scopes, ["read:users", "read:current_user", "read:user_idp_tokens"]);
    // oneOf: the first branch, its const and required properties.
    let streams = endpoint(root, "post-log-streams");
    assert_eq!(
        streams.body.as_ref().unwrap().json,
        Some(serde_json::json!({ "type": "http", "sink": { "httpEndpoint": "{HTTP_ENDPOINT}" } }))
    );
    // The upload: the file part `users` (`contentMediaType: application/octet-stream`) and
    // every other property a text part, with its default or a placeholder.
    let upload = endpoint(root, "post-users-imports");
    assert_eq!(
        serde_json::to_value(&upload.body).unwrap(),
        serde_json::json!({ "multipart": [
            { "name": "users", "file": "{USERS_FILE}", "filename": "users", "content_type": "application/octet-stream" },
            { "name": "connection_id", "value": "con_0000000000000001" },
            { "name": "upsert", "value": "false" },
            { "name": "external_id", "value": "{EXTERNAL_ID}" },
            { "name": "send_completion_email", "value": "true" },
        ] })
    );
    assert_eq!(upload.auth.as_ref().unwrap().bearer.as_deref(), Some("{ACCESS_TOKEN}"));
    let names: Vec<&str> = upload.placeholders.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["ACCESS_TOKEN", "USERS_FILE", "EXTERNAL_ID"]);

    // Written files are ordinary project files: the permissions of any file the user creates.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(root.join("fresh.txt"), "").unwrap();
        let mode = |file: &str| std::fs::metadata(root.join(file)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("endpoints/post-members.yaml"), mode("fresh.txt"));
        assert_eq!(mode("locales/en/post-members.ftl"), mode("fresh.txt"));
    }

    insta::assert_snapshot!("post_members_yaml", read(root, "endpoints/post-members.yaml"));
    insta::assert_snapshot!("post_members_ftl", read(root, "locales/en/post-members.ftl"));
    insta::assert_snapshot!("common_ftl", read(root, "locales/en/common.ftl"));

    // Locales without translations get their (empty) record file, so the folder survives git.
    assert!(read(root, "locales/fr/translated-from.toml").starts_with("# The English text each translation"));

    // Every guide renders in en, ja and fr; untranslated messages fall back with warnings.
    let build = apiglot(root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stderr.contains("rendered 21 pages"), "{}", build.stderr);
    assert!(build.stderr.contains("warning: locale ja: message `delete-members-intro` is missing"), "{}", build.stderr);
    let page = read(root, "out/ja/post-members.md");
    assert!(page.contains("# Add members to an organization"), "{page}");
    assert!(page.contains("https://{yourDomain}/api/v2/organizations/ORGANIZATION_ID/members"), "{page}");
    assert!(page.contains("with the scope `create:organization_members`"), "{page}");
    let page = read(root, "out/en/post-members.md");
    assert_eq!(page.matches("Set one or more existing users").count(), 1, "the intro is not repeated:\n{page}");
    let page = read(root, "out/en/get-users-by-id.md");
    assert!(page.contains("`read:users, read:current_user, read:user_idp_tokens`"), "{page}");
    // The reference: parameters, body fields and a response example (built from the schema).
    assert!(page.contains("| `fields` | query | string | optional |"), "{page}");
    assert!(page.contains("### Response examples"), "{page}");
    insta::assert_snapshot!("post_members_page", read(root, "out/en/post-members.md"));
    assert_eq!(apiglot(root, &["build", "--strict"]).code, 2);
}

#[test]
fn a_reimport_keeps_translations_and_edits_and_reports_stale_translations() {
    let project = empty_project();
    let root = project.path();
    assert_eq!(apiglot(root, &["import", "openapi", &case("auth0-trimmed.json")]).code, 0);

    // The team translates three messages, rewrites one English intro, and adds its own fields.
    std::fs::create_dir_all(root.join("locales/ja")).unwrap();
    std::fs::write(
        root.join("locales/ja/post-members.ftl"),
        "post-members-title = 組織にメンバーを追加する\n\
         post-members-response-204 = メンバーが組織に追加されました。\n\
         param-organization-identifier = 組織のID。\n\
         response-too-many-requests-check-the-x-rate-limit = リクエストが多すぎます。\n",
    )
    .unwrap();
    let en = read(root, "locales/en/post-members.ftl");
    let intro_start = en.find("post-members-intro =").unwrap();
    let intro_end = en.find("post-members-response-204 =").unwrap();
    let edited =
        format!("{}post-members-intro = Our own words about adding members.\n{}", &en[..intro_start], &en[intro_end..]);
    std::fs::write(root.join("locales/en/post-members.ftl"), edited).unwrap();
    let yaml = read(root, "endpoints/post-members.yaml")
        .replace("guide: post-members", "guide: post-members\nlimits:\n  max_members: 10")
        .replace("    - '{MEMBER}'", "    - '{USER_ID}'\n    - '{USER_ID}'")
        .replace(
            "- name: MEMBER\n  description: field-list-of-user-ids-to-add-to-the",
            "- name: USER_ID\n  description: post-members-user-id",
        )
        .replace(
            "- status: 400\n  message: response-invalid-request-body-the-message-will",
            "- status: 400\n  error_code: invalid_body\n  message: response-invalid-request-body-the-message-will\n  cause: post-members-invalid-body-cause",
        );
    std::fs::write(root.join("endpoints/post-members.yaml"), yaml).unwrap();
    // Documentation facts: an example for a parameter (the spec adds a parameter too) and the
    // team's own response example.
    let yaml = read(root, "endpoints/get-role-user.yaml").replacen(
        "- name: per_page\n",
        "- name: per_page\n  example: 25\n",
        1,
    );
    std::fs::write(root.join("endpoints/get-role-user.yaml"), yaml).unwrap();
    let mut members = endpoint(root, "post-members");
    members.fields[0].default = Some(serde_json::json!(["auth0|ours"]));
    std::fs::write(root.join("endpoints/post-members.yaml"), serde_yaml_ng::to_string(&members).unwrap()).unwrap();
    let mut user = endpoint(root, "get-users-by-id");
    user.responses[0].example = Some(serde_json::json!({ "user_id": "auth0|ours" }));
    std::fs::write(root.join("endpoints/get-users-by-id.yaml"), serde_yaml_ng::to_string(&user).unwrap()).unwrap();
    let mut common = read(root, "locales/en/common.ftl");
    common.push_str("post-members-invalid-body-cause = The request payload is not valid.\n");
    common.push_str("post-members-user-id = ID of each user to add.\n");
    std::fs::write(root.join("locales/en/common.ftl"), common).unwrap();
    assert_eq!(apiglot(root, &["build"]).code, 0);

    let run = apiglot(root, &["import", "openapi", &case("auth0-changed.json")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("reimport_report", run.stdout);

    // Facts updated, the team's fields kept.
    let members = endpoint(root, "post-members");
    assert_eq!(members.limits.get("max_members"), Some(&10));
    let r400 = members.responses.iter().find(|r| r.status == 400).unwrap();
    assert_eq!(r400.error_code.as_deref(), Some("invalid_body"));
    assert_eq!(r400.cause.as_deref(), Some("post-members-invalid-body-cause"));
    assert!(members.responses.iter().any(|r| r.status == 409));
    // The team's body (and the placeholder it uses) is kept although the spec now has an example.
    assert_eq!(members.body.as_ref().unwrap().json, Some(serde_json::json!({ "members": ["{USER_ID}", "{USER_ID}"] })));
    let names: Vec<&str> = members.placeholders.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["ORGANIZATION_ID", "ACCESS_TOKEN", "USER_ID"]);
    let role_users = endpoint(root, "get-role-user");
    assert_eq!(role_users.query[0].name, "include_totals");
    assert_eq!(role_users.query[0].value, "{INCLUDE_TOTALS}");
    // The team's parameter table is kept (and reported), though the spec added `include_totals`.
    let per_page = role_users.parameters.iter().find(|p| p.name == "per_page").unwrap();
    assert_eq!(per_page.example, Some(serde_json::json!(25)));
    assert!(!role_users.parameters.iter().any(|p| p.name == "include_totals" && p.required));
    assert!(run.stdout.contains("kept your edit of `parameters` in get-role-user"), "{}", run.stdout);
    assert_eq!(members.fields[0].default, Some(serde_json::json!(["auth0|ours"])), "the team's body table is kept");
    let user = endpoint(root, "get-users-by-id");
    assert_eq!(user.responses[0].example, Some(serde_json::json!({ "user_id": "auth0|ours" })));
    // A message shared by several operations is written once.
    let shared = read(root, "locales/en/shared.ftl");
    assert_eq!(shared.matches("= Invalid token.\n").count(), 1, "{shared}");
    // A shared text the spec reworded everywhere keeps its message: its translation is stale.
    assert!(
        shared.contains(
            "response-too-many-requests-check-the-x-rate-limit = Too many requests. Check the X-RateLimit-* headers.\n"
        ),
        "{shared}"
    );
    assert!(members.responses.iter().any(|r| r.message == "response-too-many-requests-check-the-x-rate-limit"));
    assert!(root.join("endpoints/delete-members.yaml").is_file(), "a removed operation's files are kept");

    // Changed English follows the spec unless the team edited it; translations are never touched.
    let en = read(root, "locales/en/post-members.ftl");
    assert!(en.contains("post-members-title = Add members to an Organization\n"), "{en}");
    assert!(en.contains("post-members-response-204 = The members were added to the organization.\n"), "{en}");
    assert!(en.contains("post-members-intro = Our own words about adding members.\n"), "{en}");
    assert!(en.contains("post-members-response-409 = A member is already in the organization.\n"), "{en}");
    assert!(read(root, "locales/ja/post-members.ftl").contains("post-members-title = 組織にメンバーを追加する\n"));

    // list names the stale translations; build warns, --strict fails.
    let list = apiglot(root, &["list"]);
    assert!(list.stdout.contains("  ja  chain ja > en  missing "), "{}", list.stdout);
    assert!(list.stdout.contains("  stale 3\n"), "{}", list.stdout);
    let list = apiglot(root, &["messages", "--locale", "ja"]);
    assert!(
        list.stdout.contains("  stale         response-too-many-requests-check-the-x-rate-limit  (its English changed since it was translated)\n"),
        "{}",
        list.stdout
    );
    assert!(list.stdout.contains("  stale         post-members-title  (its English"), "{}", list.stdout);
    assert!(list.stdout.contains("  stale         post-members-response-204  (its English"), "{}", list.stdout);
    assert!(!list.stdout.contains("param-organization-identifier  (its English"), "{}", list.stdout);
    let build = apiglot(root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stderr.contains("warning: locale ja: message `post-members-title` is stale"), "{}", build.stderr);
    let strict = apiglot(root, &["build", "--strict"]);
    assert_eq!(strict.code, 2);
    assert!(strict.stderr.contains("message `post-members-title` is stale"), "{}", strict.stderr);

    // Recording the review clears one; the other stays stale.
    let marked = apiglot(root, &["translated", "--locale", "ja", "post-members-title"]);
    assert_eq!(marked.code, 0, "{}", marked.stderr);
    let list = apiglot(root, &["messages"]);
    assert!(!list.stdout.contains("stale         post-members-title "), "{}", list.stdout);
    assert!(list.stdout.contains("stale         post-members-response-204 "), "{}", list.stdout);
    assert_eq!(apiglot(root, &["translated", "--locale", "ja", "no-such-message"]).code, 2);
    // Without ids: every translation of the locale.
    assert_eq!(apiglot(root, &["translated", "--locale", "ja"]).code, 0);
    let list = apiglot(root, &["list"]);
    assert!(
        list.stdout.contains("  ja  chain ja > en  missing ") && list.stdout.contains("  stale 0\n"),
        "{}",
        list.stdout
    );
    assert!(!list.stdout.contains("  stale 1") && !list.stdout.contains("  stale 2"), "{}", list.stdout);
}

#[test]
fn importing_the_same_spec_again_changes_nothing() {
    let project = empty_project();
    let root = project.path();
    assert_eq!(apiglot(root, &["import", "openapi", &case("auth0-trimmed.json")]).code, 0);
    let before = snapshot_dir(root);
    let run = apiglot(root, &["import", "openapi", &case("auth0-trimmed.json")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("operations: 0 added, 0 changed, 7 unchanged, 0 removed"), "{}", run.stdout);
    assert!(run.stdout.contains("0 files written"), "{}", run.stdout);
    assert_eq!(snapshot_dir(root), before);
}

#[test]
fn tags_filter_operations_and_into_chooses_the_folder() {
    let project = empty_project();
    let root = project.path();
    let into = root.join("endpoints/management");
    let run = apiglot(
        root,
        &[
            "import",
            "openapi",
            &case("auth0-trimmed.json"),
            "--tag",
            "organizations",
            "--into",
            &into.display().to_string(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files: Vec<String> =
        std::fs::read_dir(&into).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["delete-members.yaml", "post-members.yaml"]);
    assert_eq!(apiglot(root, &["build"]).code, 0);
    let typo = apiglot(root, &["import", "openapi", &case("auth0-trimmed.json"), "--tag", "organisations"]);
    assert_eq!(typo.code, 2);
    assert!(typo.stderr.contains("no operation has the tag `organisations`"), "{}", typo.stderr);
    assert!(
        typo.stderr.contains("help: use the spec's tags: connections, jobs, log-streams, organizations"),
        "{}",
        typo.stderr
    );
}

/// Text from a spec is literal in Fluent and Markdown tables: braces, a leading `[`, `*` or
/// `.`, pipes, several paragraphs.
#[test]
fn hostile_descriptions_survive_as_text() {
    let project = empty_project();
    let root = project.path();
    let spec = root.join("spec.yaml");
    std::fs::write(
        &spec,
        r#"openapi: 3.0.3
info: { title: t, version: "1" }
servers: [{ url: "https://{region}.example.com/v1", variables: { region: { default: eu } } }]
paths:
  /things/{thingId}:
    put:
      operationId: putThing
      summary: "Put a {thing}"
      description: |
        First paragraph with {braces} and }{.

        * a list item
        [a bracket] line
        .dot line | with a pipe
      parameters:
        - { name: thingId, in: path, required: true, description: "The {id} | of the thing" }
      responses:
        "200": { description: "OK {really}" }
"#,
    )
    .unwrap();
    let run = apiglot(root, &["import", "openapi", &spec.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let e = endpoint(root, "put-thing");
    assert_eq!(e.server, "https://{yourDomain}");
    assert_eq!(e.path, "/v1/things/{THING_ID}");
    assert!(e.auth.is_none());
    let build = apiglot(root, &["build", "--locale", "en"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = read(root, "out/en/put-thing.md");
    for text in [
        "# Put a {thing\\}",
        "First paragraph with {braces} and }{.",
        "* a list item",
        "[a bracket] line",
        ".dot line | with a pipe",
        "The {id} \\| of the thing",
        "OK {really}",
    ] {
        assert!(page.contains(text), "{text:?} in\n{page}");
    }
}

/// Descriptions holding HTML become Markdown messages: on no built page, HTML or Markdown, is a
/// tag shown as text; links stay links (refused schemes lose the link), and the reference
/// tables and examples are filled: optional and `$ref` parameters, nested body fields,
/// response examples. A text two operations share is one message.
#[test]
fn html_descriptions_become_markdown_and_reference_tables_fill() {
    let project = empty_project();
    let root = project.path();
    let spec = root.join("spec.yaml");
    std::fs::write(
        &spec,
        r##"openapi: 3.1.0
info: { title: Shop, version: "1" }
components:
  parameters:
    PerPage: { name: per_page, in: query, schema: { type: integer, default: 50 }, description: "Results per page.<br/>At most <b>100</b>." }
  examples:
    Order: { value: { id: ord_1, total: 12.5 } }
  schemas:
    Address:
      type: object
      required: [city]
      properties:
        city: { type: string, description: "The <i>city</i>." }
        next: { $ref: "#/components/schemas/Address" }
paths:
  /orders:
    get:
      operationId: listOrders
      description: |
        Lists orders. See <a href="https://example.com/docs">the docs</a> and <a href="javascript:alert(1)">this</a>.<br>
        Filters:<ul><li><code>status</code> &amp; <em>date</em></li><li>none&nbsp;else</li></ul><p>Last <strong>paragraph</strong>.</p><script>alert(2)</script>
      parameters:
        - $ref: "#/components/parameters/PerPage"
        - { name: status, in: query, schema: { type: string, enum: [open, closed] }, example: open, description: "Use <code>open</code>." }
      responses:
        "200":
          description: OK
          content: { application/json: { examples: { first: { $ref: "#/components/examples/Order" } } } }
        "401": { description: Invalid token. }
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - type: object
                  required: [customer]
                  properties:
                    customer:
                      type: object
                      properties:
                        name: { type: string, description: "Full <b>name</b>." }
                        address: { $ref: "#/components/schemas/Address" }
                - type: object
                  properties:
                    lines:
                      type: array
                      items: { type: object, required: [sku], properties: { sku: { type: string }, qty: { type: integer, format: int32 } } }
                    id: { type: string, readOnly: true }
      responses:
        "201":
          description: Created
          content: { application/json: { schema: { type: object, properties: { id: { type: string, example: ord_2 }, at: { type: string, format: date-time } } } } }
        "401": { description: Invalid token. }
"##,
    )
    .unwrap();
    let run = apiglot(root, &["import", "openapi", &spec.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let list = endpoint(root, "list-orders");
    let names: Vec<(&str, bool)> = list.parameters.iter().map(|p| (p.name.as_str(), p.required)).collect();
    assert_eq!(names, [("per_page", false), ("status", false)]);
    assert_eq!(list.parameters[0].default, Some(serde_json::json!(50)));
    assert_eq!(list.parameters[1].values, [serde_json::json!("open"), serde_json::json!("closed")]);
    assert_eq!(list.parameters[1].example, Some(serde_json::json!("open")));
    assert!(list.query.is_empty(), "optional parameters stay out of the samples");
    assert_eq!(list.responses[0].example, Some(serde_json::json!({ "id": "ord_1", "total": 12.5 })));
    let create = endpoint(root, "create-order");
    let fields = serde_json::to_value(&create.fields).unwrap();
    assert_eq!(fields[0]["name"], "customer");
    assert_eq!(fields[0]["required"], true);
    assert_eq!(fields[0]["fields"][1]["name"], "address");
    assert_eq!(fields[0]["fields"][1]["fields"][0]["name"], "city");
    assert_eq!(fields[0]["fields"][1]["fields"][0]["required"], true);
    assert!(fields[0]["fields"][1]["fields"][1]["fields"].is_null(), "the cycle stops: {fields}");
    assert_eq!(fields[1]["name"], "lines");
    assert_eq!(fields[1]["items"], "object");
    assert_eq!(fields[1]["fields"][1]["format"], "int32");
    assert_eq!(fields.as_array().unwrap().len(), 2, "readOnly fields are left out: {fields}");
    assert_eq!(
        create.responses[0].example,
        Some(serde_json::json!({ "id": "ord_2", "at": "2024-01-01T00:00:00.000Z" }))
    );
    // One message for the text both operations have.
    assert_eq!(list.responses[1].message, "response-invalid-token");
    assert_eq!(create.responses[1].message, "response-invalid-token");
    assert_eq!(read(root, "locales/en/shared.ftl").matches("Invalid token.").count(), 1);
    let en = read(root, "locales/en/list-orders.ftl");
    assert!(en.contains("[the docs](https://example.com/docs)"), "{en}");
    assert!(!en.contains("Invalid token."), "{en}");

    let build = apiglot(root, &["build", "--locale", "en"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    for id in ["list-orders", "create-order"] {
        let html = read(root, &format!("out/en/{id}.html"));
        let md = read(root, &format!("out/en/{id}.md"));
        for tag in ["a", "b", "i", "br", "p", "ul", "li", "code", "em", "strong", "script"] {
            for shown in [format!("&lt;{tag}&"), format!("&lt;{tag} "), format!("&lt;{tag}/"), format!("&lt;/{tag}")] {
                assert!(!html.contains(&shown), "{shown} in {id}.html:\n{html}");
            }
            for shown in [format!("<{tag}>"), format!("<{tag} "), format!("\\<{tag}"), format!("</{tag}")] {
                assert!(!md.contains(&shown), "{shown} in {id}.md:\n{md}");
            }
        }
        assert!(!html.contains("javascript:") && !md.contains("javascript:"), "{html}");
        assert!(!html.contains("alert(2)") && !md.contains("alert(2)"), "{html}");
    }
    let html = read(root, "out/en/list-orders.html");
    assert!(html.contains("<a href=\"https://example.com/docs\">the docs</a>"), "{html}");
    assert!(html.contains("<li><code>status</code> &amp; <em>date</em></li>"), "{html}");
    assert!(html.contains("<strong>100</strong>"), "{html}");
    assert!(html.contains("<code>per_page</code>") && html.contains("&quot;ord_1&quot;"), "{html}");
    let md = read(root, "out/en/create-order.md");
    assert!(md.contains("| `customer.address.city` |"), "{md}");
    assert!(md.contains("| `lines[].sku` |"), "{md}");
    assert!(md.contains("Full **name**."), "{md}");
}

#[test]
fn invalid_specs_name_the_pointer_and_exit_2() {
    let project = empty_project();
    let root = project.path();
    let cases: &[(&str, &str, &str)] = &[
        ("no-openapi.yaml", "info: { title: t }\npaths: {}\n", "no-openapi.yaml:1:1: #: no `openapi` field"),
        (
            "dangling-ref.json",
            "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {\n    \"/a\": {\n      \"get\": {\n        \"parameters\": [\n          { \"$ref\": \"#/components/parameters/Nope\" }\n        ],\n        \"responses\": {}\n      }\n    }\n  }\n}\n",
            "dangling-ref.json:7:21: #/paths/~1a/get/parameters/0/$ref: `#/components/parameters/Nope` refers to nothing",
        ),
        (
            "wrong-type.yaml",
            "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses: [1, 2]\n",
            "wrong-type.yaml:5:7: #/paths/~1a/get/responses: expected an object, found an array",
        ),
        ("bad-syntax.json", "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {\n}\n", "bad-syntax.json:5:1: not valid JSON"),
        ("swagger.yaml", "swagger: \"2.0\"\n", "this is a Swagger 2.0 description"),
        (
            "ref-cycle.yaml",
            "openapi: 3.1.0\npaths:\n  /a:\n    $ref: '#/components/pathItems/A'\ncomponents:\n  pathItems:\n    A: { $ref: '#/components/pathItems/B' }\n    B: { $ref: '#/components/pathItems/A' }\n",
            "refers to itself",
        ),
        (
            "external-ref.yaml",
            "openapi: 3.1.0\npaths:\n  /a:\n    $ref: 'other.yaml#/A'\n",
            "external-ref.yaml:4:5: #/paths/~1a/$ref: `$ref` other.yaml#/A points into another file",
        ),
    ];
    for (name, text, expected) in cases {
        std::fs::write(root.join(name), text).unwrap();
        let run = apiglot(root, &["import", "openapi", name]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{name}: expected {expected:?} in\n{}", run.stderr);
        assert!(run.stderr.contains("help: "), "{name}: {}", run.stderr);
        assert!(!root.join("endpoints").exists(), "{name}: nothing written");
    }
}

#[test]
fn a_hand_written_file_of_the_same_name_is_never_overwritten() {
    let project = empty_project();
    let root = project.path();
    std::fs::create_dir_all(root.join("endpoints")).unwrap();
    let mine = "id: my-members\nguide: my-members\nmethod: POST\nserver: https://{yourDomain}\npath: /members\n";
    std::fs::write(root.join("endpoints/post-members.yaml"), mine).unwrap();
    let run = apiglot(root, &["import", "openapi", &case("auth0-trimmed.json"), "--tag", "organizations"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(root, "endpoints/post-members.yaml"), mine);
    assert_eq!(endpoint(root, "post-members-2").id, "post-members");
}

/// The JSON of an endpoint's field, to compare whole.
fn field<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

/// tests/cases/import/kinds.yaml: every request body kind (form, multipart with files, XML,
/// CSV, a file's bytes, JSON among other types, multipart/mixed) and every security scheme
/// (http basic and bearer, API keys in a header, the query and a cookie, OAuth 2, OpenID
/// Connect, digest, mutual TLS; alternatives, an optional `{}`, two at once). What cannot be
/// imported is noted with its operation, and everything imported builds.
#[test]
fn every_body_kind_and_security_scheme_is_imported_or_noted_and_builds() {
    let project = empty_project();
    let root = project.path();
    let run = apiglot(root, &["import", "openapi", &case("kinds.yaml")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notes: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("  note: ")).collect();
    assert_eq!(
        notes,
        [
            "  note: post-thing: request body sent as `application/json`; the spec also offers `application/xml`",
            "  note: post-stream: request body not imported: apiglot cannot send `multipart/mixed` (it sends JSON, \
             forms, multipart/form-data, text and a file's bytes)",
            "  note: get-legacy: security: the samples authenticate with `keyHeader`, not with `digest` (`digest` is \
             HTTP `digest` authentication, which apiglot cannot send)",
            "  note: get-cert: security scheme `mtls` (mutual TLS, a client certificate) not imported: apiglot sends \
             bearer tokens, basic auth and API keys; add what it needs to the endpoint by hand",
            "  note: get-optional: security: authentication is optional (the spec lists an empty requirement `{}`); \
             the samples authenticate with `bearer`",
            "  note: get-both: security scheme `basic` not imported: the request already authenticates with \
             `bearer`, and an endpoint has one `auth`",
        ]
    );
    let names = |e: &apiglot::endpoint::Endpoint| e.placeholders.iter().map(|p| p.name.clone()).collect::<Vec<_>>();

    // A form: the enum's first value, a default, an example array as repeated fields, a placeholder.
    let token = endpoint(root, "post-token");
    assert_eq!(
        field(&token.auth),
        serde_json::json!({ "basic": { "user": "{BASIC_USER}", "password": "{BASIC_PASSWORD}" } })
    );
    assert_eq!(
        field(&token.body),
        serde_json::json!({ "form": [
            { "name": "grant_type", "value": "client_credentials" },
            { "name": "audience", "value": "https://api.example.com/" },
            { "name": "scope", "value": "read:users" },
            { "name": "scope", "value": "write:users" },
            { "name": "client_note", "value": "{CLIENT_NOTE}" },
        ] })
    );
    assert_eq!(names(&token), ["BASIC_USER", "BASIC_PASSWORD", "CLIENT_NOTE"]);

    // Multipart: file parts (type from `encoding`, from `contentMediaType`), text parts; every
    // property, braces in an example kept literal.
    let users = endpoint(root, "import-users");
    assert_eq!(field(&users.auth), serde_json::json!({ "bearer": "{ACCESS_TOKEN}" }));
    assert_eq!(users.scope.as_deref(), Some("create:users"));
    assert_eq!(
        field(&users.body),
        serde_json::json!({ "multipart": [
            { "name": "users", "file": "{USERS_FILE}", "filename": "users.json", "content_type": "application/json" },
            { "name": "avatar", "file": "{AVATAR_FILE}", "filename": "avatar.png", "content_type": "image/png" },
            { "name": "connection_id", "value": "con_1" },
            { "name": "upsert", "value": "false" },
            { "name": "template", "value": "Hi {{{{ user.name }}" },
        ] })
    );
    assert_eq!(names(&users), ["ACCESS_TOKEN", "USERS_FILE", "AVATAR_FILE"]);
    let en = read(root, "locales/en/import-users.ftl");
    assert!(
        en.contains("import-users-users-file = The path of the file sent as `users`: The users to import.\n"),
        "{en}"
    );

    // XML from the example (a `{NAME}` declared, other braces literal); an API key header that a
    // parameter of the same name also declares is sent once.
    let document = endpoint(root, "put-document");
    assert_eq!(
        field(&document.auth),
        serde_json::json!({ "api_key": { "name": "X-API-Key", "in": "header", "value": "{X_API_KEY}" } })
    );
    assert!(document.headers.is_empty(), "{:?}", document.headers);
    assert_eq!(
        field(&document.body),
        serde_json::json!({ "content_type": "application/xml", "text": "<doc owner=\"{OWNER}\">{{{{ title }}</doc>" })
    );
    assert_eq!(names(&document), ["DOCUMENT_ID", "X_API_KEY", "OWNER"]);

    // CSV without an example: a placeholder; an API key in the query; a cookie parameter.
    let report = endpoint(root, "put-report");
    assert_eq!(
        field(&report.auth),
        serde_json::json!({ "api_key": { "name": "api_key", "in": "query", "value": "{API_KEY}" } })
    );
    assert_eq!(field(&report.body), serde_json::json!({ "content_type": "text/csv", "text": "{BODY}" }));
    assert_eq!(field(&report.cookies), serde_json::json!([{ "name": "session", "value": "{SESSION}" }]));
    assert!(read(root, "locales/en/put-report.ftl").contains("put-report-body = The report as CSV rows.\n"));

    // A file's bytes; an API key in a cookie.
    let image = endpoint(root, "put-image");
    assert_eq!(
        field(&image.auth),
        serde_json::json!({ "api_key": { "name": "session_key", "in": "cookie", "value": "{SESSION_KEY}" } })
    );
    assert_eq!(field(&image.body), serde_json::json!({ "content_type": "image/png", "binary": "{BODY_FILE}" }));

    // JSON first among several types; a `{word}` in the example is data.
    let thing = endpoint(root, "post-thing");
    assert_eq!(
        field(&thing.body),
        serde_json::json!({ "content_type": "application/json", "json": { "name": "{NAME}", "note": "{{not a placeholder}" } })
    );
    assert!(endpoint(root, "post-stream").body.is_none());

    // OpenID Connect is a bearer token; an unsendable alternative gives way to the next; none
    // sendable, or `security: []`: no auth; two schemes at once: the API key goes with the query.
    assert_eq!(field(&endpoint(root, "get-me").auth), serde_json::json!({ "bearer": "{ACCESS_TOKEN}" }));
    assert_eq!(
        field(&endpoint(root, "get-legacy").auth),
        serde_json::json!({ "api_key": { "name": "X-API-Key", "in": "header", "value": "{X_API_KEY}" } })
    );
    assert!(endpoint(root, "get-cert").auth.is_none());
    assert!(endpoint(root, "get-public").auth.is_none());
    assert_eq!(field(&endpoint(root, "get-optional").auth), serde_json::json!({ "bearer": "{ACCESS_TOKEN}" }));
    let both = endpoint(root, "get-both");
    assert_eq!(field(&both.auth), serde_json::json!({ "bearer": "{ACCESS_TOKEN}" }));
    assert_eq!(field(&both.query), serde_json::json!([{ "name": "api_key", "value": "{API_KEY}" }]));

    let build = apiglot(root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("never used"), "{}", build.stderr);
}

/// A re-import keeps the team's edits of the new kinds of fact: a multipart body, basic auth
/// and cookies; a spec change to an edited fact is reported and the edit kept.
#[test]
fn a_reimport_keeps_edited_bodies_auth_and_cookies() {
    let project = empty_project();
    let root = project.path();
    assert_eq!(apiglot(root, &["import", "openapi", &case("kinds.yaml")]).code, 0);
    let edit = |id: &str, from: &str, to: &str| {
        let file = format!("endpoints/{id}.yaml");
        let text = read(root, &file);
        assert!(text.contains(from), "{from:?} in\n{text}");
        std::fs::write(root.join(file), text.replacen(from, to, 1)).unwrap();
    };
    edit("import-users", "filename: users.json", "filename: our-users.json");
    edit(
        "post-token",
        "user: '{BASIC_USER}'\n    password: '{BASIC_PASSWORD}'",
        "user: '{CLIENT_ID}'\n    password: '{CLIENT_SECRET}'",
    );
    edit("post-token", "- name: BASIC_USER\n  description: post-token-basic-user\n- name: BASIC_PASSWORD\n  description: post-token-basic-password", "- name: CLIENT_ID\n  description: post-token-basic-user\n- name: CLIENT_SECRET\n  description: post-token-basic-password");
    edit("get-me", "auth:", "cookies:\n- name: theme\n  value: dark\nauth:");
    assert_eq!(apiglot(root, &["build", "--locale", "en"]).code, 0);

    let spec = root.join("kinds-changed.yaml");
    let changed = std::fs::read_to_string(case("kinds.yaml"))
        .unwrap()
        .replace("upsert: { type: boolean, default: false }", "upsert: { type: boolean, default: true }");
    std::fs::write(&spec, changed).unwrap();
    let run = apiglot(root, &["import", "openapi", &spec.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("  kept your edit of `body` in import-users (the spec changed it too)"),
        "{}",
        run.stdout
    );

    let users = endpoint(root, "import-users");
    let parts = users.body.unwrap().multipart.unwrap();
    assert_eq!(parts[0].filename.as_deref(), Some("our-users.json"));
    assert_eq!(parts[3].value.as_deref(), Some("false"), "the team's body, not the spec's new default");
    let token = endpoint(root, "post-token");
    let basic = token.auth.unwrap().basic.unwrap();
    assert_eq!((basic.user.as_str(), basic.password.as_str()), ("{CLIENT_ID}", "{CLIENT_SECRET}"));
    let names: Vec<&str> = token.placeholders.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["CLIENT_NOTE", "CLIENT_ID", "CLIENT_SECRET"]);
    assert_eq!(field(&endpoint(root, "get-me").cookies), serde_json::json!([{ "name": "theme", "value": "dark" }]));
    assert_eq!(apiglot(root, &["build", "--locale", "en"]).code, 0);
}
