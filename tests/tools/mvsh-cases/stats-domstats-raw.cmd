domstats --raw --state test
