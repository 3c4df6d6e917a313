shapes-title = Formes de requêtes
shapes-store-id = Le magasin.
