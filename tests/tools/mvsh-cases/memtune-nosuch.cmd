memtune nosuch
