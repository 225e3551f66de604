dumpxml --inactive test; dumpxml test --security-info
