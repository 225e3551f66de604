blkiotune test; blkiotune test --weight 5
