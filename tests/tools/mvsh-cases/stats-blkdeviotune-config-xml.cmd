blkdeviotune test vda --config --write-bytes-sec 7 --write-bytes-sec-max 8; dumpxml --inactive test; dumpxml test; blkdeviotune test vda --total-bytes-sec 5; dumpxml test
