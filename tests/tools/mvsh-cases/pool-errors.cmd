pool-start default-pool; pool-build default-pool; pool-undefine default-pool
