memtune test --config --live
