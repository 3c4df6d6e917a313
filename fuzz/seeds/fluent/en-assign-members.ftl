assign-members-title = Assign members to an organization
assign-members-intro = To assign a member to your organization, you must have already created the user in your tenant. If you cannot find a user, you can invite them instead.

    To manage members directly, you can use the Auth0 Dashboard or the Management API.
assign-members-dashboard-intro = To assign members via the Auth0 Dashboard:
assign-members-dashboard-step-1 = Navigate to **Auth0 Dashboard > Organizations**, and select the organization for which you want to configure membership.
assign-members-dashboard-step-2 = Select the **Members** view, then **Add Members**, and **Add Users**.
assign-members-dashboard-step-3 = Enter the name of each user you want to assign to the organization as a member, then select **Add User(s) to Organization**.
# $method (String) - The HTTP method, e.g. POST.
assign-members-api-intro = To assign members via the Management API:

    Make a { $method } call to the Create Organization Members endpoint. Be sure to replace the `ORG_ID`, `MGMT_API_ACCESS_TOKEN`, and `USER_ID` placeholder values with your organization ID, Management API access token, and user IDs, respectively.
assign-members-org-id = ID of the organization to which you want to assign members.
# $scope (String) - The scope the endpoint requires.
assign-members-token = Access token for the Management API with the scope `{ $scope }`.
# $max_members (Number) - How many members one request may assign.
assign-members-user-id = ID of each user you want to assign to the specified organization. You can send a maximum of { $max_members } members per organization per request.
assign-members-response-204 = Members successfully added to organization.
