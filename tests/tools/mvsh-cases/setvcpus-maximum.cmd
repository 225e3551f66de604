destroy test; setvcpus test 4 --maximum --config; setvcpus test 3 --config; dominfo test
