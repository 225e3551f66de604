pool-create data/pool.xml; pool-list --details; pool-autostart pool1
