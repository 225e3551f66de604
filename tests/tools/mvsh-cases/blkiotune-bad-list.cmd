blkiotune test --device-weights /dev/sda
