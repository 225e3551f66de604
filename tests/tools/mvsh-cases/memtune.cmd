memtune test; memtune test --hard-limit 1M; memtune test; memtune test --config
