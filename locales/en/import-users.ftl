import-users-title = Import users from a file
import-users-intro = To create many users at once, upload a JSON file of users to a database connection. The import runs as a job; you are told when it ends.
# $method (String) - The HTTP method, e.g. POST.
import-users-api-intro = Make a { $method } call to the Create Import Users Job endpoint, with the file and the connection as a multipart form. Replace `USERS_FILE` with the path of your file.
import-users-token = Access token for the Management API with the scope `{ $scope }`.
import-users-file = The path of the JSON file that holds the users to import (at most 500 KB).
import-users-connection-id = ID of the database connection the users are imported into.
import-users-response-202 = The job was created; it runs in the background.
import-users-response-413 = The file is too large.
