api-keys-title = Authenticate with an API key
api-keys-intro = The reporting API accepts an API key in a header, in the query string or in a cookie. Prefer the header: query strings end up in server logs.
# $method (String) - The HTTP method, e.g. POST.
api-keys-api-intro = Make a { $method } call to the report endpoint. Each sample below sends the key another way.
api-keys-report-id = ID of the report.
api-keys-key = Your API key, from the dashboard's API keys page.
api-keys-response-200 = The report.
api-keys-response-401 = The API key is missing or not valid.
