destroy test; setmaxmem test 4G; dominfo test
