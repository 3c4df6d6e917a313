update-saml-metadata-title = Mettre à jour les métadonnées d’une connexion SAML
update-saml-metadata-intro = Lorsque votre fournisseur d’identité change de certificat ou d’adresse de connexion, téléversez son nouveau document de métadonnées vers la connexion SAML.
update-saml-metadata-api-intro = Effectuez un appel { $method } avec le document de métadonnées comme corps XML.
update-saml-metadata-connection-id = ID de la connexion SAML.
update-saml-metadata-token = Jeton d’accès à Management API avec la permission `{ $scope }`.
update-saml-metadata-response-200 = Les métadonnées ont été mises à jour.
