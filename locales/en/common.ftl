## Headings and table headers shared by every guide.

dashboard-heading = Auth0 Dashboard
api-heading = Management API
placeholders-value = Value
placeholders-description = Description
responses-heading = Response status codes
responses-intro = Possible response status codes are as follows:
responses-status = Status code
responses-error-code = Error code
responses-message = Message
responses-cause = Cause

## Responses of the Management API.

response-invalid-body = Invalid request body. The message will vary depending on the cause.
response-invalid-body-cause = The request payload is not valid.
response-invalid-query-string = Invalid request query string. The message will vary depending on the cause.
response-invalid-query-string-cause = The query string is not valid.
response-invalid-token = Invalid token.
response-invalid-signature = Invalid signature received for JSON Web Token validation.
response-client-not-global = Client is not global.
# $scope (String) - The scope the endpoint requires.
response-insufficient-scope = Insufficient scope; expected any of: { $scope }.
response-insufficient-scope-cause = Tried to read/write a field that is not allowed with provided bearer token scopes.
response-too-many-requests = Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.

## The HTML site: the locale's own name, its controls, and the host placeholder's note.

locale-name = English
ui-copy = Copy
ui-copied = Copied
ui-samples = Code samples
ui-locales = Language
ui-guides = Guides
ui-search = Search
ui-no-results = No results
ui-navigation = Navigation
host-placeholder = The domain of your Auth0 tenant, for example `example.us.auth0.com`.
