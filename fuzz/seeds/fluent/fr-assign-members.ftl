assign-members-title = Affecter des membres à une organisation
assign-members-intro = Pour affecter un membre à votre organisation, vous devez déjà avoir créé l’utilisateur dans votre locataire. Si vous n’arrivez pas à trouver un utilisateur, vous pouvez l’inviter.

    Pour gérer les membres directement, vous pouvez utiliser le Auth0 Dashboard (Tableau de bord Auth0) ou Management API.
assign-members-dashboard-intro = Pour affecter des membres via le Auth0 Dashboard :
assign-members-dashboard-step-1 = Naviguez vers **Auth0 Dashboard > Organizations**, et sélectionnez l’organisation pour laquelle vous souhaitez configurer l’appartenance.
assign-members-dashboard-step-2 = Sélectionnez l’affichage **Membres**, puis **Ajouter des membres** et **Ajouter des utilisateurs**.
assign-members-dashboard-step-3 = Saisissez le(s) nom(s) de l’utilisateur que vous souhaitez affecter à l’organisation en tant que membre, puis sélectionnez **Ajouter un ou plusieurs utilisateurs à l’organisation**.
assign-members-api-intro = Pour affecter des membres via Management API :

    Effectuez un appel { $method } au point de terminaison Create Organization Members (Créer des membres de l’organisation). Assurez-vous de remplacer les valeurs d’espace réservé `ORG_ID`, `MGMT_API_ACCESS_TOKEN` et `USER_ID` par votre ID de l’organisation, votre jeton d’accès à Management API et l’ID de l’utilisateur, respectivement.
assign-members-org-id = ID de l’organisation à laquelle vous souhaitez affecter des membres.
assign-members-token = Jeton d’accès à Management API avec la permission `{ $scope }`.
assign-members-user-id = ID du ou des utilisateurs que vous souhaitez affecter à l’organisation spécifiée. Vous pouvez envoyer un maximum de { $max_members } membres par organisation et par requête.
assign-members-response-204 = Membres ajoutés à l’organisation.
