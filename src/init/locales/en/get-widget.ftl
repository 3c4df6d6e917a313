get-widget-title = Get a widget
get-widget-intro = Read one widget by its id.
# $method (String) - The HTTP method. $path (String) - The endpoint's path.
get-widget-api-intro = Make a { $method } request to `{ $path }`, replacing `WIDGET_ID` and `ACCESS_TOKEN` with your values.
get-widget-widget-id = The id of the widget.
get-widget-access-token = An access token for the API.
get-widget-fields = The fields to include in the answer, separated by commas.
get-widget-response-200 = The widget.
get-widget-response-404 = No widget has this id.
