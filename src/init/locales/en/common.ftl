## Headings and table words every guide shares.

api-heading = API
placeholders-value = Value
placeholders-description = Description
responses-heading = Response status codes
responses-intro = Possible response status codes are as follows:
responses-status = Status code
responses-error-code = Error code
responses-message = Message
responses-cause = Cause
parameters-heading = Parameters
parameters-name = Name
parameters-in = In
parameters-in-path = path
parameters-in-query = query
parameters-in-header = header
parameters-in-cookie = cookie
parameters-type = Type
parameters-required = Required
parameters-description = Description
fields-heading = Request body
fields-name = Field
value-required = required
value-optional = optional
value-default = Default:
value-one-of = One of:
value-example = Example:
type-string = string
type-integer = integer
type-number = number
type-boolean = boolean
type-array = array
type-object = object
type-file = file
type-null = null
# $items (String) - The type of the array's items, in words.
type-array-of = array of { $items }
examples-heading = Response examples

## The HTML site's own words.

locale-name = English
ui-copy = Copy
ui-copied = Copied
ui-samples = Code samples
ui-locales = Language
ui-guides = Guides
ui-search = Search
ui-no-results = No results
ui-navigation = Navigation
host-placeholder = Your API's domain, for example `api.example.com`.
