domblkinfo test vda
