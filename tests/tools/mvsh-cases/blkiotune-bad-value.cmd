blkiotune test --device-write-bytes-sec /dev/sda,x
