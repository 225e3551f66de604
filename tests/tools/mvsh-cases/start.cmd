destroy test; start test; domid test; list
