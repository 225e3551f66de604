vol-create-as default-pool a 1M; vol-create-as default-pool b 2M; vol-delete a --pool default-pool; vol-delete /default-pool/b; vol-list default-pool; pool-info default-pool
