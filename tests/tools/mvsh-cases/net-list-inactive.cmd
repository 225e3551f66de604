net-destroy default; net-list --inactive; net-list; net-list --all --persistent --name; net-list --transient
