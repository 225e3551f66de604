iface-edit eth1
