managedsave-dumpxml test; managedsave-dumpxml test --security-info
