destroy test; setmem test 2G --config; dominfo test
