edit test
net-edit default
