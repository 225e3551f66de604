list --table --name
