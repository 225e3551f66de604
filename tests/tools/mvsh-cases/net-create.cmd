net-create data/net.xml; net-list; net-info net1; net-destroy net1; net-list --all
