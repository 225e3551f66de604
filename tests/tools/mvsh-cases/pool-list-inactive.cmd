pool-destroy default-pool; pool-list --inactive; pool-list --all --persistent --uuid; pool-list --transient
