remove-members-title = 組織からメンバーを削除する
remove-members-intro = Auth0 DashboardまたはManagement APIを使用して、組織からメンバーを削除できます。組織からユーザーを削除すると、そのユーザーの特定の組織でのメンバーシップのみが削除されます。接続またはAuth0テナントからユーザーが削除されることはありません。削除プロセスには約5~10秒かかります。
remove-members-dashboard-intro = Auth0 Dashboardからメンバーを削除するには以下を行います。
remove-members-dashboard-step-1 = [Auth0 Dashboard]>[Organizations]に移動して、メンバーシップを構成したい組織を選択します。
remove-members-dashboard-step-2 = [Members(メンバー)]ビューを選択し、削除するメンバーを見つけて、その...メニューを展開します。
remove-members-dashboard-step-3 = [Remove member(メンバーの削除)]を選択して確定します。
remove-members-api-intro = Management API経由でメンバーを削除するには以下を行います。

    Delete Organization Membersエンドポイントに対して{ $method }呼び出しを実行します。必ず、`ORG_ID`、`MGMT_API_ACCESS_TOKEN`、および`USER_ID`のプレースホルダーの値を、それぞれ組織ID、Management APIのアクセストークン、ユーザーIDに置き換えます。
remove-members-org-id = メンバーシップを削除したい組織のID。
remove-members-token = スコープ`{ $scope }`を持つManagement APIのアクセストークン。
remove-members-user-id = 指定の組織から削除したいユーザーのID。
remove-members-response-204 = Users successfully removed from organization(ユーザーが正常に組織から削除されました)
