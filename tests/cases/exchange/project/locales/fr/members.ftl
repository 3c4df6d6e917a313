## Un guide d’un seul point de terminaison.

members-title = Ajouter des membres
    .title = Ajouter des membres à une organisation
members-api-intro = Effectuez un appel { $method } avec au plus { $max_members } membres et la permission `{ $scope }`.
members-intro = { $max_members ->
        [one] Vous pouvez ajouter un membre par requête.
       *[other] Vous pouvez ajouter jusqu’à { $max_members } membres par requête.
    }
members-org-id = ID de l’organisation.
members-response-204 = Membres ajoutés.
rate-limit = Trop de requêtes.
# Gardez la ligne suivante jusqu’à la traduction.
# apiglot: untranslated
members-dashboard-intro = To add members in the dashboard:
members-dashboard-step-2 = Select **Save** and wait.
