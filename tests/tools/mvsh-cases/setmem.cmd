setmem test 1G; dominfo test
