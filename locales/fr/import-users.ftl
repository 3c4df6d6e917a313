import-users-title = Importer des utilisateurs depuis un fichier
import-users-intro = Pour créer de nombreux utilisateurs à la fois, téléversez un fichier JSON d’utilisateurs vers une connexion de base de données. L’importation s’exécute comme une tâche ; vous êtes averti lorsqu’elle se termine.
import-users-api-intro = Effectuez un appel { $method } au point de terminaison Create Import Users Job (Créer une tâche d’importation d’utilisateurs), avec le fichier et la connexion dans un formulaire multipart. Remplacez `USERS_FILE` par le chemin de votre fichier.
import-users-token = Jeton d’accès à Management API avec la permission `{ $scope }`.
import-users-file = Le chemin du fichier JSON qui contient les utilisateurs à importer (500 Ko au plus).
import-users-connection-id = ID de la connexion de base de données dans laquelle les utilisateurs sont importés.
import-users-response-202 = La tâche a été créée ; elle s’exécute en arrière-plan.
import-users-response-413 = Le fichier est trop volumineux.
