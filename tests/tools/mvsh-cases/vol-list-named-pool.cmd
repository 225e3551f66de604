vol-create-as --pool default-pool --name b --capacity 1K; vol-create-as default-pool a 2KiB; vol-list --pool default-pool --details
