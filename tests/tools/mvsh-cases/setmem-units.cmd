setmem test 1048576; setmem test 512MiB --live; setmem test 1GB --current; dominfo test
