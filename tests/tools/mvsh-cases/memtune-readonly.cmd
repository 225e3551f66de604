memtune test; memtune test --hard-limit 5
