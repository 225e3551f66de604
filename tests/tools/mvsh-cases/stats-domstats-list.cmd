destroy test; domstats --list-shutoff; domstats --list-active
