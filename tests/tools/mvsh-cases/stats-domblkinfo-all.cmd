domblkinfo test --all
