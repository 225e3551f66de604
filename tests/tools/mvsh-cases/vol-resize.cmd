# keep: libvirt's test driver has no vol-resize ("not supported"); modvirt's has; virsh's messages
vol-create-as default-pool a 1M; vol-resize a 2M --pool default-pool; vol-info a default-pool; vol-resize a 1M --pool default-pool --delta; vol-resize a -512K --pool default-pool --shrink; vol-info a default-pool
