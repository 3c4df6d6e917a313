## Titres et en-têtes de tableau communs à tous les guides.

dashboard-heading = Auth0 Dashboard
api-heading = Management API
placeholders-value = Valeur
# apiglot: same-as-source
placeholders-description = Description
responses-heading = Codes d’état des réponses
responses-intro = Les codes d’état de réponse possibles sont les suivants :
responses-status = Code d’état
responses-error-code = Code d’erreur
# apiglot: same-as-source
responses-message = Message
# apiglot: same-as-source
responses-cause = Cause

## Réponses de Management API.

response-invalid-body = Corps de requête non valide. Le message varie selon la cause.
response-invalid-body-cause = La charge utile de la requête n’est pas valide.
response-invalid-query-string = Chaîne de requête non valide. Le message varie selon la cause.
response-invalid-query-string-cause = La chaîne de requête n’est pas valide.
response-invalid-token = Jeton non valide.
response-invalid-signature = Signature non valide reçue pour la validation du jeton Web JSON.
response-client-not-global = Le client n’est pas global.
response-insufficient-scope = Permission insuffisante ; permission attendue : { $scope }.
response-insufficient-scope-cause = Tentative de lecture/écriture d’un champ qui n’est pas autorisé avec les permissions du jeton du porteur fourni.
response-too-many-requests = Trop de requêtes. Vérifiez les en-têtes X-RateLimit-Limit, X-RateLimit-Remaining et X-RateLimit-Reset.

## The HTML site: the locale's own name, its controls, and the host placeholder's note.

locale-name = Français
ui-copy = Copier
ui-copied = Copié
ui-samples = Exemples de code
ui-locales = Langue
# apiglot: same-as-source
ui-guides = Guides
ui-search = Rechercher
ui-no-results = Aucun résultat
# apiglot: same-as-source
ui-navigation = Navigation
host-placeholder = Le domaine de votre locataire Auth0, par exemple `example.us.auth0.com`.
