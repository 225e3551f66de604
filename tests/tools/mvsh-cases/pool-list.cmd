pool-list; pool-list --all; pool-list --details; pool-list --name; pool-list --uuid
