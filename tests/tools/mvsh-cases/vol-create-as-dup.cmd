vol-create-as default-pool c 1M; vol-create-as default-pool c 1M
