get-widget-title = Obtenir un widget
get-widget-intro = Lisez un widget par son identifiant.
get-widget-api-intro = Envoyez une requête { $method } à `{ $path }`, en remplaçant `WIDGET_ID` et `ACCESS_TOKEN` par vos valeurs.
get-widget-widget-id = L’identifiant du widget.
get-widget-access-token = Un jeton d’accès à l’API.
get-widget-fields = Les champs à inclure dans la réponse, séparés par des virgules.
get-widget-response-200 = Le widget.
get-widget-response-404 = Aucun widget n’a cet identifiant.
