domstats --list-active test
