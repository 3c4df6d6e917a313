import-users-title = ファイルからユーザーをインポートする
import-users-intro = 多数のユーザーを一度に作成するには、ユーザーのJSONファイルをデータベース接続にアップロードします。インポートはジョブとして実行され、終了すると通知されます。
import-users-api-intro = Create Import Users Jobエンドポイントに対して、ファイルと接続をマルチパートフォームとして{ $method }呼び出しを実行します。`USERS_FILE`をファイルのパスに置き換えます。
import-users-token = スコープ`{ $scope }`を持つManagement APIのアクセストークン。
import-users-file = インポートするユーザーを含むJSONファイルのパス（最大500 KB）。
import-users-connection-id = ユーザーのインポート先となるデータベース接続のID。
import-users-response-202 = ジョブが作成され、バックグラウンドで実行されます。
import-users-response-413 = ファイルが大きすぎます。
