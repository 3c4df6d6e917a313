remove-members-title = Supprimer des membres
remove-members-intro = { $oops
