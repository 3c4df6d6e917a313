api-keys-title = APIキーで認証する
api-keys-intro = レポートAPIは、APIキーをヘッダー、クエリ文字列、またはCookieで受け付けます。クエリ文字列はサーバーログに残るため、ヘッダーを推奨します。
api-keys-api-intro = レポートエンドポイントに対して{ $method }呼び出しを実行します。以下の各サンプルは、それぞれ別の方法でキーを送信します。
api-keys-report-id = レポートのID。
api-keys-key = ダッシュボードのAPIキーページで取得したAPIキー。
api-keys-response-200 = レポート。
api-keys-response-401 = APIキーがないか、有効ではありません。
