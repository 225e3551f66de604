vol-create-as default-pool a 1500K; vol-info a default-pool; vol-info --bytes /default-pool/a
