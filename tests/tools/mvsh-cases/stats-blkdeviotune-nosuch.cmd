blkdeviotune test vdb
