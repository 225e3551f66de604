vol-create-as default-pool v1 10M --allocation 1M --format qcow2; vol-list default-pool; vol-list default-pool --details; vol-info v1 --pool default-pool; pool-info default-pool
