memtune test --min-guarantee 100
