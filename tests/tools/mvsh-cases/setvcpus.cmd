setvcpus test 1; dominfo test
