memtune test --hard-limit 9999999999999999G
