list; domid test; destroy test; net-list
