assign-members-title = 組織にメンバーを割り当てる
assign-members-intro = 組織にメンバーを割り当てるには、あらかじめテナントでユーザーを作成しておく必要があります。ユーザーが見つからない場合は、招待することができます。

    メンバーを直接管理するには、Auth0 DashboardまたはManagement APIを使用できます。
assign-members-dashboard-intro = Auth0 Dashboardからメンバーを割り当てるには以下を行います。
assign-members-dashboard-step-1 = [Auth0 Dashboard]>[Organizations]に移動して、メンバーシップを構成したい組織を選択します。
assign-members-dashboard-step-2 = [Members(メンバー)]ビューを選択し、[Add Members(メンバーの追加)]、[Add Users(ユーザーの追加)]の順に選択します。
assign-members-dashboard-step-3 = 組織にメンバーとして割り当てたいユーザーの名前を入力し、[Add User(s) to Organization(組織にユーザーを追加)]を選択します。
assign-members-api-intro = Management API経由でメンバーを割り当てるには以下を行います。

    Create Organization Membersエンドポイントに対して{ $method }呼び出しを実行します。必ず、`ORG_ID`、`MGMT_API_ACCESS_TOKEN`、および`USER_ID`のプレースホルダーの値を、それぞれ組織ID、Management APIのアクセストークン、ユーザーIDに置き換えます。
assign-members-org-id = メンバーを割り当てたい組織のID。
assign-members-token = スコープ`{ $scope }`を持つManagement APIのアクセストークン。
assign-members-user-id = 指定の組織に割り当てたいユーザーのID。1回の要求で、1つの組織に最大{ $max_members }人のメンバーを送信できます。
assign-members-response-204 = Members successfully added to organization(メンバーが正常に組織に追加されました)
