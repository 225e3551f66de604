memtune test --hard-limit 5G --soft-limit 1G --swap-hard-limit 10G; memtune test; memtune test --hard-limit -1; memtune test
