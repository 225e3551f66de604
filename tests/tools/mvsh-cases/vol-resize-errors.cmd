vol-create-as default-pool a 1M; vol-resize a -1M --pool default-pool; vol-resize a abc --pool default-pool
