blkdeviotune test vda --total-bytes-sec-max 5000 --total-bytes-sec 10 --group-name g1; blkdeviotune test vda; blkdeviotune test vda --config
