pool-destroy default-pool; pool-info default-pool; pool-list --all --details; vol-list default-pool
