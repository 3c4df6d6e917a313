## A guide of one endpoint, its messages in every state a translator can meet.

# An attribute: a unit of its own.
members-title = Add members
    .title = Add members to an organization
# Variables: $method (the HTTP method), $max_members (a limit), $scope.
members-api-intro = Make a { $method } call with at most { $max_members } members and the scope `{ $scope }`.
# A plural selector: one unit of Fluent text.
members-intro = { $max_members ->
        [one] You can add one member per request.
       *[other] You can add up to { $max_members } members per request.
    }
members-org-id = ID of the organization.
members-response-204 = Members added.
# Stale in French: the English changed after the translation.
rate-limit = Too many requests: wait a minute.
# A stub in French.
members-dashboard-intro = To add members in the dashboard:
# Missing in French; its .html mark is no unit.
members-dashboard-step-1 = Press <kbd>Ctrl</kbd> and **Add**.
    .html = yes
# The same as the English in French: untranslated.
members-dashboard-step-2 = Select **Save** and wait.
