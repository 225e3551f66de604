dumpxml test
