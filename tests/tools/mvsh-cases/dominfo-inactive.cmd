destroy test; dominfo test
