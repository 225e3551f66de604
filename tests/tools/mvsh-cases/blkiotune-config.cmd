blkiotune test --config --weight 77 --device-read-bytes-sec /dev/sdb,1000; blkiotune test --config; blkiotune test; dumpxml --inactive test
