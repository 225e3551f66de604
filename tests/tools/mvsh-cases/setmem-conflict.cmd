setmem test 1G --current --config
