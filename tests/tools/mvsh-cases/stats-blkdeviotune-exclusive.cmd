blkdeviotune test vda --live --current
