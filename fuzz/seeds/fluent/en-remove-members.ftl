remove-members-title = Remove members from organizations
remove-members-intro = You can remove members from an organization with the Auth0 Dashboard or the Management API. Removing a user from an organization only removes their membership in that organization; it does not remove the user from the connection or from your Auth0 tenant. Removal takes about 5 to 10 seconds.
remove-members-dashboard-intro = To remove members via the Auth0 Dashboard:
remove-members-dashboard-step-1 = Navigate to **Auth0 Dashboard > Organizations**, and select the organization for which you want to configure membership.
remove-members-dashboard-step-2 = Select the **Members** view, find the member you want to remove, and expand its **...** menu.
remove-members-dashboard-step-3 = Select **Remove member** and confirm.
# $method (String) - The HTTP method, e.g. DELETE.
remove-members-api-intro = To remove members via the Management API:

    Make a { $method } call to the Delete Organization Members endpoint. Be sure to replace the `ORG_ID`, `MGMT_API_ACCESS_TOKEN`, and `USER_ID` placeholder values with your organization ID, Management API access token, and user IDs, respectively.
remove-members-org-id = ID of the organization from which you want to remove members.
# $scope (String) - The scope the endpoint requires.
remove-members-token = Access token for the Management API with the scope `{ $scope }`.
remove-members-user-id = ID of the user you want to remove from the specified organization.
remove-members-response-204 = Users successfully removed from organization.
