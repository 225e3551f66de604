setvcpus test 100
