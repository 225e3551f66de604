pool-info nosuch
