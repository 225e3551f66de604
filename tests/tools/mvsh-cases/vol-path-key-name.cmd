vol-create-as default-pool a 1M; vol-path a default-pool; vol-key --pool default-pool a; vol-name /default-pool/a; vol-path /default-pool/a
