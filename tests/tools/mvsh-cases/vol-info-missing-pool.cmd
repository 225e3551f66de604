vol-info nosuch --pool default-pool
