domid 1
