domid test; nosuchcmd
