net-define data/net.xml; net-list --all; net-start net1; net-info net1; net-autostart net1; net-list --autostart; net-autostart --disable net1; net-destroy net1; net-undefine net1; net-list --all
