api-keys-title = S’authentifier avec une clé d’API
api-keys-intro = L’API de rapports accepte une clé d’API dans un en-tête, dans la chaîne de requête ou dans un cookie. Préférez l’en-tête : les chaînes de requête finissent dans les journaux des serveurs.
api-keys-api-intro = Effectuez un appel { $method } au point de terminaison des rapports. Chaque exemple ci-dessous envoie la clé d’une autre manière.
api-keys-report-id = ID du rapport.
api-keys-key = Votre clé d’API, depuis la page des clés d’API du tableau de bord.
api-keys-response-200 = Le rapport.
api-keys-response-401 = La clé d’API est absente ou n’est pas valide.
