edit test
net-edit default
pool-edit default-pool
