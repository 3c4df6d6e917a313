update-saml-metadata-title = SAML接続のメタデータを更新する
update-saml-metadata-intro = IDプロバイダーが証明書やサインインアドレスを変更したときは、新しいメタデータドキュメントをSAML接続にアップロードします。
update-saml-metadata-api-intro = メタデータドキュメントをXML本文として{ $method }呼び出しを実行します。
update-saml-metadata-connection-id = SAML接続のID。
update-saml-metadata-token = スコープ`{ $scope }`を持つManagement APIのアクセストークン。
update-saml-metadata-response-200 = メタデータが更新されました。
