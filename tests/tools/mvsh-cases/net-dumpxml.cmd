net-dumpxml default; net-dumpxml --inactive default
