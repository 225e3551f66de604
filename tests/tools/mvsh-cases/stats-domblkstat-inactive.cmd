destroy test; domblkstat test vda
