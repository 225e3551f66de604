net-list; net-list --all; net-list --name; net-list --uuid
