setmaxmem test 4G
