index-title = Users
index-intro = List the users.
index-api-intro = Send a { $method } request.
