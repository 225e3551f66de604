iface-dumpxml eth1; iface-dumpxml aa:bb:cc:dd:ee:ff
