console test --devname
