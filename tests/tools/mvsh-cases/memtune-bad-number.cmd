memtune test --hard-limit abc
