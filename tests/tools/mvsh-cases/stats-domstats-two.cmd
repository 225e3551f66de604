define data/dom.xml; domstats --list-inactive; domstats vm1 test --list-inactive; domstats test vm1
