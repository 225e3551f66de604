memtune test --soft-limit 1.5
