blkiotune test --device-weights ""
