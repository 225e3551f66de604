memtune test --hard-limit 2 --swap-hard-limit 1
