domblkinfo test
