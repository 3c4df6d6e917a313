## すべてのガイドに共通の見出しと表の列名。

dashboard-heading = Auth0 Dashboard
api-heading = Management API
placeholders-value = 値
placeholders-description = 説明
responses-heading = 応答ステータスコード
responses-intro = 可能性のある応答ステータスコードは以下のとおりです。
responses-status = ステータスコード
responses-error-code = エラーコード
responses-message = メッセージ
responses-cause = 原因

## Management APIの応答。

response-invalid-body = Invalid request body(無効な要求本文です)メッセージは原因によって異なります。
response-invalid-body-cause = 要求ペイロードが有効ではありません。
response-invalid-query-string = Invalid request query string(無効な要求クエリ文字列です)メッセージは原因によって異なります。
response-invalid-query-string-cause = クエリ文字列が有効ではありません。
response-invalid-token = Invalid token(無効なトークンです)
response-invalid-signature = Invalid signature received for JSON Web Token validation(JSON Web Tokenの検証に無効な署名を受け取りました。)
response-client-not-global = Client is not global(クライアントがグローバルでありません)
response-insufficient-scope = Insufficient scope; expected any of: { $scope }.(スコープが不足しています。{ $scope }が必要です。)
response-insufficient-scope-cause = 渡されたベアラートークンのスコープでは許可されないフィールドの読み出しや書き込みが試行されました。
response-too-many-requests = Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.(要求が多すぎます。X-RateLimit-Limit、X-RateLimit-Remaining、X-RateLimit-Resetヘッダーを確認してください。)

## The HTML site: the locale's own name, its controls, and the host placeholder's note.

locale-name = 日本語
ui-copy = コピー
ui-copied = コピーしました
ui-samples = コードサンプル
ui-locales = 言語
ui-guides = ガイド
ui-search = 検索
ui-no-results = 該当する結果はありません
ui-navigation = ナビゲーション
host-placeholder = Auth0テナントのドメイン（例：`example.us.auth0.com`）。
