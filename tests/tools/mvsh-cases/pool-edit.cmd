pool-edit default-pool
pool-dumpxml default-pool
