blkiotune test --weight abc
