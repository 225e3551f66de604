blkiotune test; blkiotune test --weight 500; blkiotune test; blkiotune test --config
