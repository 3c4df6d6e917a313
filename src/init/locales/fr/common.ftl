## Titres et mots des tableaux communs à tous les guides.

api-heading = API
placeholders-value = Valeur
# apiglot: same-as-source
placeholders-description = Description
responses-heading = Codes d’état des réponses
responses-intro = Les codes d’état de réponse possibles sont les suivants :
responses-status = Code d’état
responses-error-code = Code d’erreur
# apiglot: same-as-source
responses-message = Message
# apiglot: same-as-source
responses-cause = Cause
parameters-heading = Paramètres
parameters-name = Nom
parameters-in = Emplacement
parameters-in-path = chemin
parameters-in-query = requête
parameters-in-header = en-tête
# apiglot: same-as-source
parameters-in-cookie = cookie
# apiglot: same-as-source
parameters-type = Type
parameters-required = Obligatoire
# apiglot: same-as-source
parameters-description = Description
fields-heading = Corps de la requête
fields-name = Champ
value-required = obligatoire
value-optional = facultatif
value-default = Par défaut :
value-one-of = Valeurs possibles :
value-example = Exemple :
type-string = chaîne
type-integer = entier
type-number = nombre
type-boolean = booléen
type-array = tableau
type-object = objet
type-file = fichier
# apiglot: same-as-source
type-null = null
type-array-of = tableau ({ $items })
examples-heading = Exemples de réponses

## Les mots du site HTML.

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
host-placeholder = Le domaine de votre API, par exemple `api.example.com`.
