blkdeviotune test vda --read-bytes-sec-max 2k --read-bytes-sec 1K; blkdeviotune test vda
