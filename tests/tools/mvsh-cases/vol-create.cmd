vol-create default-pool data/vol.xml; vol-list --details default-pool; vol-dumpxml vol1.img --pool default-pool
