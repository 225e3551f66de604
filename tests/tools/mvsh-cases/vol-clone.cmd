vol-create-as default-pool a 1M; vol-clone a c --pool default-pool; vol-dumpxml c --pool default-pool; vol-list default-pool
