domstats --enforce --block
