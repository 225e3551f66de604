destroy test; setmem test 1000000b --config; dominfo test; setmaxmem test 3GB --config; dominfo test; setmem test 0.5G
