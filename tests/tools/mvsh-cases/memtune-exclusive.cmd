memtune test --live --current
