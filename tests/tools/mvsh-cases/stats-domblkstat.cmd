domblkstat test vda; domblkstat test /guest/diskimage1 --human
