shapes-title = Formes de requêtes (Canada)
