define /dev/zero
