pool-dumpxml default-pool; pool-dumpxml --inactive default-pool
