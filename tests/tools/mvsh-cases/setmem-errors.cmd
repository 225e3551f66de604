setmem test 1T
