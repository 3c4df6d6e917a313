update-saml-metadata-title = Update a SAML connection's metadata
update-saml-metadata-intro = When your identity provider changes its certificate or its sign-in address, upload its new metadata document to the SAML connection.
# $method (String) - The HTTP method, e.g. POST.
update-saml-metadata-api-intro = Make a { $method } call with the metadata document as an XML body.
update-saml-metadata-connection-id = ID of the SAML connection.
update-saml-metadata-token = Access token for the Management API with the scope `{ $scope }`.
update-saml-metadata-response-200 = The metadata was updated.
