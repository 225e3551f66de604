dominfo test
