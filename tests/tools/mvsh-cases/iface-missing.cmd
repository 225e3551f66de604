iface-dumpxml nosuch
