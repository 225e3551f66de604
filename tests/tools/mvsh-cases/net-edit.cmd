net-edit default
net-dumpxml default
