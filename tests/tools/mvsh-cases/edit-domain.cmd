edit test
dumpxml test --inactive
