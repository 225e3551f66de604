edit test --skip-validate
dumpxml test --inactive
