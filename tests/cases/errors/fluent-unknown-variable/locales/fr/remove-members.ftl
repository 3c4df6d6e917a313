remove-members-title = Supprimer des membres d’une organisation
remove-members-intro = Vous pouvez supprimer des membres d’une organisation avec le Auth0 Dashboard (Tableau de bord Auth0) ou Management API. Supprimer un utilisateur d’une organisation supprime uniquement son appartenance à cette organisation ; l’utilisateur n’est supprimé ni de la connexion ni de votre locataire Auth0. La suppression prend environ 5 à 10 secondes.
remove-members-dashboard-intro = Pour supprimer des membres via le Auth0 Dashboard :
remove-members-dashboard-step-1 = Naviguez vers **Auth0 Dashboard > Organizations**, et sélectionnez l’organisation pour laquelle vous souhaitez configurer l’appartenance.
remove-members-dashboard-step-2 = Sélectionnez l’affichage **Membres**, trouvez le membre à supprimer, puis développez son menu **...**.
remove-members-dashboard-step-3 = Sélectionnez **Supprimer le membre** et confirmez.
remove-members-api-intro = Pour supprimer des membres via Management API :

    Effectuez un appel { $verb } au point de terminaison Delete Organization Members (Supprimer des membres de l’organisation). Assurez-vous de remplacer les valeurs d’espace réservé `ORG_ID`, `MGMT_API_ACCESS_TOKEN` et `USER_ID` par votre ID de l’organisation, votre jeton d’accès à Management API et l’ID de l’utilisateur, respectivement.
remove-members-org-id = ID de l’organisation dont vous souhaitez supprimer des membres.
remove-members-token = Jeton d’accès à Management API avec la permission `{ $scope }`.
remove-members-user-id = ID de l’utilisateur que vous souhaitez supprimer de l’organisation spécifiée.
remove-members-response-204 = Utilisateurs supprimés de l’organisation.
