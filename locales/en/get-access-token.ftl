get-access-token-title = Get an access token for your application
get-access-token-intro = A machine-to-machine application gets an access token with the client credentials grant: it sends its client ID and client secret, and receives a token for one API.
# $method (String) - The HTTP method, e.g. POST.
get-access-token-api-intro = Make a { $method } call to the token endpoint. The client ID and client secret go in the `Authorization` header (HTTP basic authentication); the other parameters are sent as a form. Replace `CLIENT_ID`, `CLIENT_SECRET` and `API_AUDIENCE` with your application's values.
get-access-token-client-id = Your application's client ID.
get-access-token-client-secret = Your application's client secret. Keep it out of public code.
get-access-token-audience = The identifier of the API the token is for, for example `https://example.us.auth0.com/api/v2/`.
get-access-token-response-200 = The access token, its type and how long it is valid.
get-access-token-response-401 = Unauthorized: the client ID or client secret is wrong.
get-access-token-response-403 = The application is not authorized to use this grant or this API.
