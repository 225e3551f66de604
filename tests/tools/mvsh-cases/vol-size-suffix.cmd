vol-create-as default-pool a 5X
