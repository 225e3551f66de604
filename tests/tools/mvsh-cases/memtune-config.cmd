memtune test --hard-limit 5 --config; memtune test --config; memtune test; dumpxml test --inactive
