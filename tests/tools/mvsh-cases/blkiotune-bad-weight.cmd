blkiotune test --weight 0
