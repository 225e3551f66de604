net-list --name --uuid
