domid test; domid nosuch
