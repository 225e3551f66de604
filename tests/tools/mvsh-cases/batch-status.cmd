domid nosuch; domid test
