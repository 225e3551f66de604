# keep: libvirt's test driver has no vol-wipe ("not supported"); modvirt's has; virsh's message
vol-create-as default-pool a 1M; vol-wipe a --pool default-pool
