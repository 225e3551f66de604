blkdeviotune test vda --total-bytes-sec 10
