domstats nosuch
