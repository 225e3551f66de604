blkdeviotune test vda
