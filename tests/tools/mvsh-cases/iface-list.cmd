iface-list; iface-list --all; iface-list --inactive
